/**
 * Loads the bundle (dist/bundle/batchlint.cjs) with a V8 code cache. Copied by scripts/bundle.mjs to
 * dist/bundle/loader.js, with the build's hash filled in. Every entry (cli.js, index.mjs, worker.js) takes the
 * bundle's exports from `bundle()`, so the CLI, the public API a plugin imports and a worker thread's code share one
 * copy of the bundle per thread. A CommonJS module, as the entries are (dist/bundle/package.json): an ES module
 * entry would load Node's ES module loader, 6-8 ms of every run.
 *
 * Why: compiling the bundle is a fifth of a run on one file (docs/performance.md, "Where the time goes"). Node 22.1
 * and later cache compiled modules (`module.enableCompileCache()`), Node 20 caches nothing, and V8's code cache is
 * reachable there only for a script compiled with `vm.Script`. So the bundle is built as CommonJS and compiled
 * here, wrapped in a function as Node wraps a CommonJS module, with the cache of an earlier run as `cachedData`.
 * When there was none, or V8 rejected it (another Node, other V8 flags), the cache is written when the process
 * exits, so that it holds the functions the run compiled lazily too, not only the top level.
 *
 * The cache is a file per bundle build, Node version and architecture, in the user's cache folder:
 * $BATCHLINT_CACHE_DIR, else $XDG_CACHE_HOME/batchlint or ~/.cache/batchlint (Linux), ~/Library/Caches/batchlint
 * (macOS), %LOCALAPPDATA%\batchlint\Cache (Windows). BATCHLINT_NO_CACHE=1 turns it off. Nothing is written to the
 * linted tree. A cache file is code V8 runs, so one is used only when the current user owns it and nobody else may
 * write it; it is written to a temporary name and renamed, so a reader never sees half a file. Failing to read or
 * write it (a read-only home, no home at all) costs the time it would have saved, nothing else.
 */
"use strict";
const fs = require("node:fs");
const { createRequire } = require("node:module");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const vm = require("node:vm");

// Names this build of the bundle: a hash of its text, written here by scripts/bundle.mjs. A cache made for another
// build is never offered to V8, which checks only the length of the source.
const BUILD = "@BUILD@";

// Node's CommonJS wrapper plus what the bundle needs of an ES module (scripts/bundle-options.mjs), on the first
// line so that line numbers in stack traces are the bundle's own.
const WRAP_START = "(function (exports, require, module, __filename, __dirname, __batchlint_url, __batchlint_import) { ";
const WRAP_END = "\n})";

/** The folder for the code cache, or undefined when there is none to use. */
function cacheDir(env = process.env) {
  if (env.BATCHLINT_NO_CACHE && env.BATCHLINT_NO_CACHE !== "0") return undefined;
  if (env.BATCHLINT_CACHE_DIR) return path.resolve(env.BATCHLINT_CACHE_DIR);
  if (process.platform === "win32") return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, "batchlint", "Cache") : undefined;
  if (!env.HOME) return undefined;
  if (process.platform === "darwin") return path.join(env.HOME, "Library", "Caches", "batchlint");
  return path.join(env.XDG_CACHE_HOME || path.join(env.HOME, ".cache"), "batchlint");
}

/** The cache file's content when it may be used: a file of this user's that no one else can write. */
function readCache(file) {
  let fd;
  try {
    fd = fs.openSync(file, "r");
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return undefined;
    if (process.platform !== "win32" && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return undefined;
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes the cache, atomically; stale files of other builds left a month untouched are removed. */
function writeCache(script, dir, file) {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(tmp, file);
    const month = Date.now() - 30 * 24 * 3600 * 1000;
    for (const name of fs.readdirSync(dir)) {
      if (!name.startsWith("code-") || name.includes(BUILD)) continue;
      const old = path.join(dir, name);
      if (fs.statSync(old).mtimeMs < month) fs.rmSync(old, { force: true });
    }
  } catch {
    // No cache this time: the next run compiles the bundle again.
  }
}

/**
 * Compiles and runs the bundle beside this file (batchlint.cjs) and returns its exports. With `warmUp` (the CLI), a
 * cache written by this process is made after the bundle's warm-up (src/pipeline/warm-up.ts), when the run is over
 * ("beforeExit"), so that it holds the code of every input language and not only of this run's.
 */
function loadBundle(warmUp) {
  const file = path.join(__dirname, "batchlint.cjs");
  // ASCII (scripts/bundle-options.mjs, shippedText): read as Latin-1, the quickest decoding, into a one-byte string.
  const source = WRAP_START + fs.readFileSync(file, "latin1") + WRAP_END;
  const dir = cacheDir();
  const cacheFile = dir && path.join(dir, `code-${BUILD}-${process.version}-${process.arch}.bin`);
  const cachedData = cacheFile && readCache(cacheFile);
  const script = new vm.Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  // Written by the main thread only: worker threads load the same bundle, and one copy of the cache is enough.
  if (cacheFile && (!cachedData || script.cachedDataRejected) && require("node:worker_threads").isMainThread) {
    let written = false;
    const write = () => {
      if (!written) writeCache(script, dir, cacheFile);
      written = true;
    };
    if (warmUp)
      process.once("beforeExit", () => {
        if (written) return;
        module.exports.warmCodeCache().then(write, write);
      });
    process.once("exit", write); // a run that ends with process.exit(): no warm-up, still a cache
  }
  // The importer is this module's own import(): Node allows it in CommonJS, and it loads the ES module loader
  // only when a plugin is imported.
  const importer = (specifier) => import(specifier);
  script.runInThisContext()(module.exports, createRequire(file), module, file, __dirname, pathToFileURL(file).href, importer);
  return module.exports;
}

// The bundle's exports, loaded on the first call in a thread: every entry (cli.js, index.mjs, worker.js) takes them
// from here, so a plugin and the CLI share one copy of the bundle, its classes and its keys.
let loaded;

/** The bundle's exports (src/index.ts, plus runCli, runWorkerThread and warmCodeCache); `warmUp` as loadBundle's. */
function bundle(options = {}) {
  loaded ??= loadBundle(options.warmUp === true);
  return loaded;
}

module.exports = { bundle, cacheDir };
