/**
 * Input discovery: files, directories (recursive: templates and exports, Bicep, Terraform), globs; node_modules,
 * .git and .terraform (Terraform's provider and module cache) skipped.
 */
import fs from "node:fs";
import path from "node:path";
import { usingPath } from "../input/bicep/read.js";

export interface Discovered {
  /** Absolute paths, sorted, unique. */
  files: string[];
  /** Inputs that do not exist, and directories and globs with no file to lint (`noLintableFiles`). */
  missing: { input: string; message: string }[];
  /** Templates compiled by Bicep left out because their source is linted (`compiledFrom`): absolute paths. */
  compiled: { file: string; bicep: string }[];
  /** .bicep files left out because a .bicepparam linted uses them: linted once, with its values (absolute paths). */
  paired: { file: string; bicepparam: string }[];
}

/**
 * Never searched: installed packages, git's own files, and the .terraform directory `terraform init` fills with
 * providers and copies of remote modules: not the configuration being linted (a local module is in its own directory).
 */
const IGNORE = ["**/node_modules/**", "**/.git/**", "**/.terraform/**"];

/**
 * A directory or glob that gave no file to lint: an error, so that a mistyped path in CI does not pass as clean
 * (the CLI also says it of a directory or glob whose files were all ignored, and lets --no-error-on-unmatched-pattern
 * take it back). A file named that is not a template or an export is not this error: it is skipped, as a
 * pre-commit hook's list of staged files expects.
 */
export function noLintableFiles(input: string): string {
  return `no lintable files found in ${input}`;
}

/** Whether a run's error is `noLintableFiles` of an input. */
export function isNoLintableFiles(e: { readonly file: string; readonly message: string; readonly code: string }): boolean {
  return e.code === "not-found" && e.message.startsWith(noLintableFiles(e.file));
}
/**
 * Templates and exports; NDJSON/JSON Lines and gzip-compressed exports for audits of many accounts; Bicep; Terraform
 * configuration and variable files (a plan saved by `terraform show -json` is a .json, recognised by its content;
 * a .tf.json, Terraform's JSON syntax, is found as any .json is).
 */
const EXTENSIONS = "{json,jsonc,ndjson,jsonl,json.gz,ndjson.gz,jsonl.gz,bicep,bicepparam,tf,tfvars}";

/**
 * Finds the files to lint. `onMany` is called once, as soon as `many` files are found (an audit starts its worker
 * threads then, while the rest of a large tree is still being read).
 */
export async function discover(inputs: readonly string[], cwd = process.cwd(), onMany?: { readonly many: number; readonly call: () => void }): Promise<Discovered> {
  const files = new Set<string>();
  // fast-glob costs ~25 ms to load: only directories and patterns need it (a pre-commit run passes plain files).
  let fgModule: typeof import("fast-glob") | undefined;
  const glob = async () => (fgModule ??= (await import("fast-glob")).default);
  const missing: Discovered["missing"] = [];
  let called = false;
  const add = (f: string) => {
    files.add(f);
    if (onMany && !called && files.size >= onMany.many) {
      called = true;
      onMany.call();
    }
  };
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat && !stat.isDirectory()) {
      // A file, or a FIFO, device or socket named on the command line: the reader refuses what is not a regular
      // file and says what it is (pipeline/read.ts), instead of "no such file".
      add(abs);
    } else if (stat?.isDirectory()) {
      // Streamed, so that `onMany` hears of the files as they are found; by 'data' events, not `for await`, whose
      // promise per entry cost a third of the listing (10,000 files: about 110 -> 80 ms).
      const found = (await glob()).stream(`**/*.${EXTENSIONS}`, { cwd: abs, absolute: true, ignore: IGNORE, dot: false, followSymbolicLinks: false, suppressErrors: true, onlyFiles: true });
      let n = 0;
      await new Promise<void>((resolve, reject) => {
        found.on("data", (f: string) => {
          n++;
          add(path.normalize(f));
        });
        found.once("end", resolve);
        found.once("error", reject);
      });
      if (n === 0) missing.push({ input, message: noLintableFiles(input) });
    } else if (/[*?[\]{}()!]/.test(input) && (await glob()).isDynamicPattern(input)) {
      const found = await (await glob())(input.split(path.sep).join("/"), { cwd, absolute: true, ignore: IGNORE, onlyFiles: true, suppressErrors: true, followSymbolicLinks: false });
      if (found.length === 0) missing.push({ input, message: noLintableFiles(input) });
      for (const f of found) add(path.normalize(f));
    } else {
      missing.push({ input, message: "no such file or directory" });
    }
  }
  const compiled: Discovered["compiled"] = [];
  for (const f of files) {
    const bicep = compiledFrom(f, files);
    if (bicep === undefined) continue;
    files.delete(f);
    compiled.push({ file: f, bicep });
  }
  const paired: Discovered["paired"] = [];
  for (const f of files) {
    if (!/\.bicepparam$/i.test(f)) continue;
    const used = head(f);
    const p = used === undefined ? undefined : usingPath(used);
    const template = p === undefined ? undefined : path.resolve(path.dirname(f), p);
    if (template !== undefined && files.has(template) && /\.bicep$/i.test(template)) paired.push({ file: template, bicepparam: f });
  }
  // A template used by several .bicepparam files is linted with each (one set of values each), never alone.
  for (const p of paired) files.delete(p.file);
  return { files: [...files].sort(), missing, compiled, paired };
}

/** The first 8 KB of a file (where a compiled template's metadata and a .bicepparam's `using` are), if readable. */
function head(abs: string): string | undefined {
  let fd: number | undefined;
  try {
    if (!fs.statSync(abs).isFile()) return undefined;
    fd = fs.openSync(abs, "r");
    const buf = Buffer.alloc(8192);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.toString("utf8", 0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The .bicep a .json was compiled from, when both are linted: the .json's `metadata._generator.name` is "bicep" and
 * a .bicep of the same directory in `files` has its base name (`bicep build` writes NAME.json) or is main.bicep
 * (the quickstarts' and Verified Modules' layout: main.bicep beside azuredeploy.json or main.json). The .bicep is
 * linted, the .json not again: its findings would repeat at the compiled lines. A .json named alone is linted. The
 * compiler writes the metadata at the top: a bounded read of the file's start decides, it is never read whole here.
 */
function compiledFrom(abs: string, files: ReadonlySet<string>): string | undefined {
  if (!/\.json$/i.test(abs)) return undefined;
  const bicep = [abs.replace(/\.json$/i, ".bicep"), path.join(path.dirname(abs), "main.bicep")].find((b) => files.has(b));
  if (bicep === undefined) return undefined;
  const text = head(abs);
  return text !== undefined && /"_generator"\s*:\s*\{\s*"name"\s*:\s*"bicep"/.test(text) ? bicep : undefined;
}

/** Path shown in output: relative to `base` with '/' separators when inside it, else absolute. */
export function displayPath(abs: string, base: string): string {
  // Called for every file of a run, and more than once for some: path.relative resolves and splits both paths each
  // time (10,000 files: about 20 ms warm, 60-70 ms in a run's profile). On POSIX, a file written below a normalized absolute base by plain segments is what
  // path.relative would give without any work: the rest of `abs` after "base/". Anything else (Windows, `.` or
  // `..` segments, repeated or trailing separators, a name starting with "..", a path outside the base) takes the
  // general way below. test/display-path.test.ts compares the two on random paths.
  if (path.sep === "/") {
    const rel = relativeBelow(abs, base);
    if (rel !== undefined) return rel;
  }
  return displayPathGeneral(abs, base);
}

/**
 * `path.relative(base, abs)` when it is certain to be the rest of `abs` after `base` and "/" (POSIX only): `base`
 * absolute and normalized (what path.resolve would leave as it is), and that rest a relative path of plain
 * segments, none empty and none starting with "." (so none is `.` or `..`, and the result does not start with
 * ".."). Undefined when not certain.
 */
export function relativeBelow(abs: string, base: string): string | undefined {
  if (base.charCodeAt(0) !== 47 /* / */) return undefined;
  const root = base.length === 1;
  if (!root && (base.charCodeAt(base.length - 1) === 47 || base.includes("//") || base.includes("/."))) return undefined;
  const start = root ? 1 : base.length + 1;
  if (abs.length <= start || !abs.startsWith(base) || abs.charCodeAt(start - 1) !== 47) return undefined;
  const rel = abs.slice(start);
  if (rel.charCodeAt(0) === 46 /* . */ || rel.charCodeAt(0) === 47 || rel.charCodeAt(rel.length - 1) === 47 || rel.includes("//") || rel.includes("/.")) return undefined;
  return rel;
}

/** `displayPath` by path.relative: every platform, every case. */
export function displayPathGeneral(abs: string, base: string): string {
  const rel = path.relative(base, abs);
  if (rel && !rel.startsWith("..") && !path.isAbsolute(rel)) return rel.split(path.sep).join("/");
  return abs.split(path.sep).join("/");
}

/** The root of the git work tree containing `dir` (a `.git` directory, or a `.git` file for worktrees), if any. */
export function repoRoot(dir: string): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    try {
      fs.statSync(path.join(cur, ".git"));
      return cur;
    } catch {
      // keep walking up
    }
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}
