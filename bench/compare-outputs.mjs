/**
 * Output comparison: the CLI of a base commit against the working tree's build, byte for byte, in stylish, json
 * and SARIF, with exit codes, on every fixture, the examples and generated corpora like the benchmarks' (templates
 * with expressions, exported accounts in a Resource Graph file and in list files).
 *
 *   node bench/compare-outputs.mjs [--base REF] [--no-build] [--templates N] [--accounts N]
 *
 * REF defaults to main just before the restructuring into stage folders. The base is built into a temporary
 * folder by bench/fuzz/build.mjs (kept between runs, per commit); the working tree is built with `npm run build`
 * unless --no-build. A run with --report-unknown (json) is compared too: the new output may only add
 * "could not decide" findings to the base's. Prints one line per comparison; exit 1 when any differs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { account } from "./gen-accounts.mjs";
import { generate } from "./gen-corpus.mjs";

const BEFORE_RESTRUCTURING = "42452b9";
const repo = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    base: { type: "string", default: BEFORE_RESTRUCTURING },
    "no-build": { type: "boolean", default: false },
    templates: { type: "string", default: "300" },
    accounts: { type: "string", default: "3000" },
  },
});

/** The CLI entry of a build: the package's bin, relative to the folder that holds the build. */
function cliOf(pkgDir, distDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
  return path.join(distDir, pkg.bin.batchlint.replace(/^\.\/dist\//, ""));
}

const sha = execFileSync("git", ["rev-parse", "--short", args.base], { cwd: repo, encoding: "utf8" }).trim();
const baseDir = path.join(os.tmpdir(), `batchlint-compare-${sha}`);
if (!fs.existsSync(path.join(baseDir, "COMMIT"))) {
  execFileSync(process.execPath, [path.join(repo, "bench/fuzz/build.mjs"), baseDir, sha], { stdio: ["ignore", "ignore", "inherit"] });
}
if (!args["no-build"]) execFileSync("npm", ["run", "--silent", "build"], { cwd: repo, stdio: "inherit" });
const baseCli = cliOf(baseDir, baseDir);
const newCli = cliOf(repo, path.join(repo, "dist"));

// Generated corpora, the same for both sides.
const work = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-compare-work-"));
generate(path.join(work, "templates"), Number(args.templates));
{
  const n = Number(args.accounts);
  const graph = path.join(work, "accounts");
  fs.mkdirSync(path.join(graph, "lists"), { recursive: true });
  const lines = Array.from({ length: n }, (_, i) => `  ${JSON.stringify(account(i))}`);
  fs.writeFileSync(path.join(graph, "graph.json"), `{"count": ${n}, "data": [\n${lines.join(",\n")}\n], "skip_token": null}\n`);
  for (let f = 0; f < 100; f++) {
    const value = Array.from({ length: 10 }, (_, k) => account(n + f * 10 + k));
    fs.writeFileSync(path.join(graph, "lists", `export-${f}.json`), JSON.stringify({ value }, null, 2));
  }
}

const inputs = [
  { name: "fixtures", cwd: repo, paths: ["fixtures"] },
  { name: "examples", cwd: repo, paths: ["examples"] },
  { name: "templates", cwd: work, paths: ["templates"] },
  { name: "accounts", cwd: work, paths: ["accounts"] },
];

function run(cli, input, extra) {
  const r = spawnSync(process.execPath, [cli, ...input.paths, "--no-color", ...extra], { cwd: input.cwd, maxBuffer: 1 << 30 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function firstDifference(a, b) {
  const la = a.toString("utf8").split("\n");
  const lb = b.toString("utf8").split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n    base: ${JSON.stringify(la[i] ?? "(none)")}\n    new:  ${JSON.stringify(lb[i] ?? "(none)")}`;
  }
  return "same lines";
}

const isUnknownNote = (f) => typeof f.message === "string" && f.message.startsWith("could not decide");
let differ = 0;
for (const input of inputs) {
  for (const format of ["stylish", "json", "sarif"]) {
    const a = run(baseCli, input, ["-f", format]);
    const b = run(newCli, input, ["-f", format]);
    const same = a.status === b.status && a.stdout.equals(b.stdout) && a.stderr.equals(b.stderr);
    const size = `${(a.stdout.length / 1024).toFixed(0)} KB, exit ${a.status}`;
    if (same) console.log(`identical  ${input.name} -f ${format} (${size})`);
    else {
      differ++;
      const what = a.status !== b.status ? `exit ${a.status} -> ${b.status}` : !a.stdout.equals(b.stdout) ? firstDifference(a.stdout, b.stdout) : `stderr ${firstDifference(a.stderr, b.stderr)}`;
      console.log(`DIFFERS    ${input.name} -f ${format}: ${what}`);
    }
  }
  // --report-unknown: the base's findings, in order, with only "could not decide" notes added.
  const a = run(baseCli, input, ["-f", "json", "--report-unknown"]);
  const b = run(newCli, input, ["-f", "json", "--report-unknown"]);
  const fa = JSON.parse(a.stdout.toString("utf8")).findings;
  const fb = JSON.parse(b.stdout.toString("utf8")).findings;
  const kept = fb.filter((f) => !isUnknownNote(f) || fa.some((g) => JSON.stringify(g) === JSON.stringify(f)));
  const added = fb.length - kept.length;
  if (a.status === b.status && JSON.stringify(kept) === JSON.stringify(fa)) {
    console.log(`identical  ${input.name} -f json --report-unknown${added ? `, plus ${added} could-not-decide note(s)` : ""}`);
  } else {
    differ++;
    console.log(`DIFFERS    ${input.name} -f json --report-unknown (${fa.length} -> ${fb.length} findings, exit ${a.status} -> ${b.status})`);
  }
}
fs.rmSync(work, { recursive: true, force: true });
console.log(differ ? `${differ} comparison(s) differ from ${sha}` : `all outputs identical to ${sha}`);
process.exitCode = differ ? 1 : 0;
