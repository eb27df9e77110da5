/**
 * The pre-commit case: one file, end to end (process start included), against a bare `node -e 0`. The cases run in
 * turn, round after round (alternating, so that a change in the machine's load touches them all alike), and each
 * figure is the median of its runs. Targets (issue 26): one clean template and one exported account under 1.5 times
 * `node -e 0`, the Verified Modules batch-account main.json (83 KB) under 2 times.
 *
 * batchlint runs as a user's second run does, with its code cache (scripts/loader.cjs) made by a first run, in a
 * folder of this script's; a line without the cache shows what a first run, or a machine whose cache folder cannot
 * be written, costs. Usage: node bench/precommit.mjs [--runs N] (default 21).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 21;
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-bench-cache-"));
const withCache = { ...process.env, BATCHLINT_CACHE_DIR: cacheDir, BATCHLINT_NO_CACHE: "" };
const noCache = { ...process.env, BATCHLINT_NO_CACHE: "1" };
const cli = "dist/bundle/cli.js";

const cases = [
  { name: "node -e 0", args: ["-e", "0"], env: process.env },
  { name: "one clean template", args: [cli, "examples/template-compliant.jsonc"], env: withCache, target: 1.5 },
  { name: "one exported account with findings", args: [cli, "examples/export-az-noncompliant.json"], env: withCache, target: 1.5 },
  { name: "Verified Modules main.json (83 KB)", args: [cli, "bench/fixtures/avm-batch-account/main.json"], env: withCache, target: 2 },
  { name: "one clean template, no code cache", args: [cli, "examples/template-compliant.jsonc"], env: noCache },
];
// The first run makes the cache; every case runs once before timing (file system cache, lazy Node state).
for (const c of cases) spawnSync(process.execPath, c.args, { cwd: root, stdio: "ignore", env: c.env });
const times = cases.map(() => []);
for (let r = 0; r < runs; r++) {
  cases.forEach((c, i) => {
    const t = performance.now();
    const res = spawnSync(process.execPath, c.args, { cwd: root, stdio: "ignore", env: c.env });
    times[i].push(performance.now() - t);
    if (res.status !== 0 && res.status !== 1) throw new Error(`${c.name}: exit ${res.status}`);
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const node = median(times[0]);
console.log(`# pre-commit case (node ${process.version}, ${os.availableParallelism()} cores; median of ${runs} alternating runs, wall clock)`);
console.log("| case | ms | over node -e 0 | times node -e 0 | target |");
console.log("| --- | ---: | ---: | ---: | --- |");
let met = true;
cases.forEach((c, i) => {
  const ms = median(times[i]);
  const ratio = ms / node;
  const verdict = c.target === undefined ? "" : `under ${c.target}x: ${ratio < c.target ? "met" : "NOT met"}`;
  if (c.target !== undefined && ratio >= c.target) met = false;
  console.log(`| ${c.name} | ${ms.toFixed(0)} | ${i === 0 ? "" : `${(ms - node).toFixed(0)} ms`} | ${i === 0 ? "" : `${ratio.toFixed(2)}x`} | ${verdict} |`);
});
console.log(`targets: ${met ? "met" : "NOT met"}`);
fs.rmSync(cacheDir, { recursive: true, force: true });
