/**
 * Where the time goes: runs the built CLI (dist/bundle/cli.js, as shipped) under `--cpu-prof` and attributes each
 * sample's self time to a stage by the source of its frame. Usage: node bench/profile.mjs [--runs N] [--corpus-runs N]
 * [--files N] [--only baseline,import,one,export,avm,corpus]. Needs `npm run build` first.
 *
 * Frames of the bundle are mapped back to their source file with a source map of the same bundle, built into /tmp
 * with the options of scripts/bundle.mjs plus `sourcemap: true` (the shipped build carries none and is not changed;
 * the script checks that the code of the two is the same, byte for byte). Self time is split over the lines of a
 * function by its `positionTicks`, so the top-level code of the bundle lands in the source files it came from.
 * Node's own frames (node:internal/..., and native ones such as JSON.parse) take the stage of their nearest caller
 * that has one, except the module loader and compiler (node:internal/modules/**, compileSourceTextModule and the
 * like), split into compiling the bundle, compiling Node's own built-in modules, CommonJS dependencies (their compile
 * and the lexer that finds their named exports for `import`) and the rest of the loader. Lines of the bundle that
 * map to no source (esbuild's `__esm` wrappers) are "bundle init glue": V8 counts the lazy compile of a function
 * against its caller, so this is mostly compiling the modules' init functions on first call. Every thread's profile (main and workers) is counted.
 *
 * The profile starts once Node has booted, so the table's total is less than the wall clock; the wall clock (with
 * the profiler on) is printed beside it. Each stage is the median over the runs, as is the total (so the stages
 * need not add up to it exactly). PROFILE_DEBUG=<stage name> lists that stage's frames (self ms each) on stderr.
 */
import { bundleOptions, shippedText } from "../scripts/bundle-options.mjs";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { SourceMap } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generate } from "./gen-corpus.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const bundle = path.join(dist, "bundle", "batchlint.cjs");
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const runs = Number(opt("runs", 7));
const corpusRuns = Number(opt("corpus-runs", 3));
const files = Number(opt("files", 10000));
const only = opt("only", "baseline,import,one,export,avm,corpus").split(",");
if (!fs.existsSync(bundle)) throw new Error("no dist/bundle: run `npm run build` first");

// --- the source map: the same build as scripts/bundle.mjs (its options, bundle-options.mjs), with a map, into /tmp ---
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-profile-"));
const { build } = await import(pathToFileURL(path.join(root, "node_modules/esbuild/lib/main.js")).href);
const mapped = path.join(tmp, "map", "batchlint.cjs");
await build({ ...bundleOptions(dist, mapped), sourcemap: "external" });
const shipped = fs.readFileSync(bundle, "utf8");
const rebuilt = shippedText(fs.readFileSync(mapped, "utf8")).replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n");
if (shipped !== rebuilt) throw new Error("the /tmp build with a source map differs from dist/bundle/batchlint.cjs: rebuild (npm run build)");
const mapJson = JSON.parse(fs.readFileSync(`${mapped}.map`, "utf8"));
const sourceMap = new SourceMap(mapJson);
const bundleLines = shipped.split("\n");
const bundleUrl = pathToFileURL(bundle).href;
// The code cache the runs use (scripts/loader.cjs), in a folder of this script's: made by a first run, as a user's
// second run finds it.
const codeCache = path.join(tmp, "code-cache");

/** A path relative to the repository (dist/src/x.js -> src/x.js) for a source of the map or a file URL. */
function repoPath(abs) {
  let rel = path.relative(root, abs).split(path.sep).join("/");
  if (rel.startsWith("dist/")) rel = rel.slice(5);
  return rel;
}
const sourceCache = new Map();
/** The source file of a 0-based line (and column) of the bundle. */
function sourceOf(line, col) {
  const key = `${line}:${col}`;
  let s = sourceCache.get(key);
  if (s !== undefined) return s;
  let c = col;
  if (c < 0) {
    const text = bundleLines[line] ?? "";
    c = text.length - text.trimStart().length; // the first code on the line
  }
  const e = sourceMap.findEntry(line, c);
  s = e?.originalSource ? repoPath(path.resolve(path.dirname(mapped), e.originalSource.replace(/^file:\/\//, ""))) : "(bundle glue)";
  sourceCache.set(key, s);
  return s;
}

const STAGES = [
  "load: compile the bundle",
  "load: compile Node built-ins",
  "load: CommonJS deps (compile + export lexer)",
  "load: resolve, read, other loader",
  "bundle init glue (esbuild __esm, lazy compile)",
  "parse",
  "input languages (evaluation)",
  "model",
  "engine + rules",
  "post",
  "output",
  "discovery (fast-glob)",
  "pipeline/cli",
  "GC",
  "idle",
  "(program)",
  "node (other)",
];
/** The stage of a source path (relative to the repository), or undefined for Node's own code. */
function stageOfPath(p) {
  if (p === "(bundle glue)") return "bundle init glue (esbuild __esm, lazy compile)";
  if (p.startsWith("node_modules/")) {
    const pkg = p.split("/")[1];
    if (pkg === "jsonc-parser") return "parse";
    if (
      [
        "fast-glob",
        "picomatch",
        "micromatch",
        "braces",
        "@nodelib",
        "glob-parent",
        "merge2",
        "fastq",
        "reusify",
        "fill-range",
        "to-regex-range",
        "is-glob",
        "is-number",
        "is-extglob",
        "queue-microtask",
        "run-parallel",
      ].includes(pkg)
    )
      return "discovery (fast-glob)";
    return "pipeline/cli";
  }
  if (p.startsWith("src/parse/")) return "parse";
  if (p.startsWith("src/input/")) return "input languages (evaluation)";
  if (p.startsWith("src/model/")) return "model";
  if (p.startsWith("src/engine/") || p.startsWith("src/policy/") || p.startsWith("rules/") || p === "src/rule.js") return "engine + rules";
  if (p.startsWith("src/post/")) return "post";
  if (p.startsWith("src/output/")) return "output";
  return "pipeline/cli";
}
const LOADER_NATIVE = /^(compile|link|instantiate|evaluate|importModuleDynamically|getModuleJob|moduleStrategy|runEntryPointWithESMLoader|wrapSafe)/;

/** Self ms per stage (and per source file) of one .cpuprofile. */
function attribute(profile, byFile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const own = new Map(); // node id -> stage it has by itself, or null (inherits)
  const ownStage = (n) => {
    if (own.has(n.id)) return own.get(n.id);
    const { functionName: f, url } = n.callFrame;
    let s = null;
    if (f === "(garbage collector)") s = "GC";
    else if (f === "(idle)") s = "idle";
    else if (f === "(program)") s = "(program)";
    else if (f === "compileSourceTextModule" || url === "node:vm" || f === "ContextifyScript") s = "load: compile the bundle";
    else if (f === "compileForInternalLoader") s = "load: compile Node built-ins";
    else if (f === "wrapSafe" || url.startsWith("node:internal/deps/cjs-module-lexer")) s = "load: CommonJS deps (compile + export lexer)";
    else if (url.startsWith("node:internal/modules/") || (url === "" && LOADER_NATIVE.test(f))) s = "load: resolve, read, other loader";
    else if (url === bundleUrl)
      s = "bundle"; // by line, below
    // The entries and the loader beside the bundle (dist/bundle/*.js): reading the bundle and its code cache.
    else if (url.startsWith("file:") && repoPath(fileURLToPath(url)).startsWith("bundle/")) s = "load: resolve, read, other loader";
    else if (url.startsWith("file:")) s = stageOfPath(repoPath(fileURLToPath(url)));
    own.set(n.id, s);
    return s;
  };
  const inherited = (id) => {
    for (let cur = parent.get(id); cur !== undefined; cur = parent.get(cur)) {
      const n = nodes.get(cur);
      const s = ownStage(n);
      if (s === "bundle") return stageOfPath(sourceOf(n.callFrame.lineNumber, n.callFrame.columnNumber));
      if (s && s !== "(program)") return s;
    }
    return "node (other)";
  };
  const out = Object.fromEntries(STAGES.map((s) => [s, 0]));
  const addFile = (file, ms) => byFile?.set(file, (byFile.get(file) ?? 0) + ms);
  for (const [id, ms] of self) {
    const n = nodes.get(id);
    const s = ownStage(n);
    if (s === "bundle") {
      const ticks = n.positionTicks ?? [];
      const total = ticks.reduce((a, t) => a + t.ticks, 0);
      if (total === 0) {
        const file = sourceOf(n.callFrame.lineNumber, n.callFrame.columnNumber);
        out[stageOfPath(file)] += ms;
        addFile(file, ms);
      } else
        for (const t of ticks) {
          const file = sourceOf(t.line - 1, -1);
          const part = (ms * t.ticks) / total;
          out[stageOfPath(file)] += part;
          addFile(file, part);
        }
    } else {
      const stage = s ?? inherited(id);
      out[stage] += ms;
      if (process.env.PROFILE_DEBUG === stage) console.error(stage, ms.toFixed(2), n.callFrame.functionName, n.callFrame.url, n.callFrame.lineNumber);
      if (n.callFrame.url.startsWith("file:") && n.callFrame.url !== bundleUrl) addFile(repoPath(fileURLToPath(n.callFrame.url)), ms);
    }
  }
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function profileCase(name, cliArgs, n, interval, script = path.join(dist, "bundle/cli.js")) {
  const per = [];
  const walls = [];
  const profiled = [];
  const byFile = new Map();
  for (let r = 0; r < n; r++) {
    const dir = path.join(tmp, `${name}-${r}`);
    fs.mkdirSync(dir);
    const t = performance.now();
    const env = { ...process.env, BATCHLINT_CACHE_DIR: codeCache, BATCHLINT_NO_CACHE: "" };
    if (r === 0) spawnSync(process.execPath, [script, ...cliArgs], { cwd: root, stdio: "ignore", env }); // makes the code cache
    const res = spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${interval}`, script, ...cliArgs], { cwd: root, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env });
    walls.push(performance.now() - t);
    if (res.status !== 0 && res.status !== 1) throw new Error(`${name}: exit ${res.status}: ${res.stderr}`);
    const sum = Object.fromEntries(STAGES.map((s) => [s, 0]));
    let dur = 0;
    for (const f of fs.readdirSync(dir)) {
      const p = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
      dur = Math.max(dur, (p.endTime - p.startTime) / 1000);
      const a = attribute(p, byFile);
      for (const s of STAGES) sum[s] += a[s];
    }
    profiled.push(dur);
    per.push(sum);
  }
  const rows = STAGES.map((s) => [s, median(per.map((p) => p[s]))]);
  const total = median(per.map((p) => STAGES.reduce((a, s) => a + p[s], 0)));
  console.log(`\n## ${name} (${cliArgs.join(" ")}; median of ${n}, sampling every ${interval} µs)`);
  console.log(`wall clock with the profiler: ${median(walls).toFixed(0)} ms; profiled (main thread): ${median(profiled).toFixed(0)} ms; sampled CPU + idle, all threads: ${total.toFixed(0)} ms`);
  console.log("| stage | ms | % |\n| --- | ---: | ---: |");
  for (const [s, ms] of rows) if (ms >= 0.05) console.log(`| ${s} | ${ms.toFixed(1)} | ${((ms / total) * 100).toFixed(1)}% |`);
  const top = [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`top source files (self ms, mean per run): ${top.map(([f, ms]) => `${f} ${(ms / n).toFixed(1)}`).join(", ")}`);
}

console.log(`# where the time goes (node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"})`);
if (only.includes("baseline")) {
  // What Node itself costs once the profiler is on: an empty CommonJS script (the entries are CommonJS too).
  fs.writeFileSync(path.join(tmp, "empty.cjs"), "");
  profileCase("baseline: an empty script", [], runs, 100, path.join(tmp, "empty.cjs"));
}
if (only.includes("import")) {
  // Loading the bundle and running its top level, nothing else: the floor of any run of the CLI.
  fs.writeFileSync(path.join(tmp, "import.cjs"), `require(${JSON.stringify(path.join(dist, "bundle", "loader.js"))}).bundle();\n`);
  profileCase("load the bundle only", [], runs, 100, path.join(tmp, "import.cjs"));
}
if (only.includes("one")) profileCase("one clean template", ["examples/template-compliant.jsonc"], runs, 100);
if (only.includes("export")) profileCase("one exported account with findings", ["examples/export-az-noncompliant.json"], runs, 100);
if (only.includes("avm")) profileCase("Verified Modules main.json (83 KB)", ["bench/fixtures/avm-batch-account/main.json"], runs, 100);
if (only.includes("corpus")) {
  const dir = path.join(os.tmpdir(), `batchlint-bench-${files}`);
  generate(dir, files);
  profileCase(`${files} templates`, [dir, "--jobs", "1", "-o", path.join(tmp, "report.txt")], corpusRuns, 1000);
}
fs.rmSync(tmp, { recursive: true, force: true });
