/**
 * Bicep against its compiled JSON: one file through the built CLI, end to end (process start included), as the
 * pre-commit hook runs it. Pairs: the Verified Modules batch-account main.bicep and its main.json (an excerpt of the
 * compiled template, so the JSON side does a little less), and core/main.bicep with its compile-equivalent main.json.
 * The runs alternate (Bicep, JSON, Bicep, ...) so that drift of a shared machine falls on both sides alike; the
 * median of N (default 15, `--runs N`) of each is reported, with the ratio and the time over `node -e 0`.
 * Target: Bicep within 1.5x of its compiled JSON. Reported, never asserted: wall time on CI runners is too noisy.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const at = process.argv.indexOf("--runs");
const runs = at > 0 ? Math.max(1, Number(process.argv[at + 1]) || 15) : 15;
const cli = "dist/bundle/cli.js";
const pairs = [
  ["Verified Modules batch-account", "test/fixtures/bicep/avm/batch-account/main.bicep", "test/fixtures/bicep/avm/batch-account/main.json"],
  ["core (four core rules)", "test/fixtures/bicep/core/main.bicep", "test/fixtures/bicep/core/main.json"],
];

/** Wall time of one run, in ms; a run that fails to lint (exit 2) would time an error path, so it stops the bench. */
function once(args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (ts) => [...ts].sort((a, b) => a - b)[Math.floor(ts.length / 2)];

const nodeTimes = [];
for (let i = 0; i < runs; i++) nodeTimes.push(once(["-e", "0"]));
const node = median(nodeTimes);
console.log(`# Bicep vs its compiled JSON, one file through the CLI (median of ${runs}, alternating, wall clock)`);
console.log(`| pair | .bicep | .json | ratio | over node -e 0 (bicep / json) |`);
let worst = 0;
for (const [name, bicep, json] of pairs) {
  const b = [];
  const j = [];
  for (let i = 0; i < runs; i++) {
    b.push(once([cli, bicep]));
    j.push(once([cli, json]));
  }
  const mb = median(b);
  const mj = median(j);
  worst = Math.max(worst, mb / mj);
  console.log(`| ${name} | ${mb.toFixed(0)} ms | ${mj.toFixed(0)} ms | ${(mb / mj).toFixed(2)}x | ${(mb - node).toFixed(0)} / ${(mj - node).toFixed(0)} ms |`);
}
console.log(`| node -e 0 | ${node.toFixed(0)} ms | | | |`);
console.log(`target: Bicep within 1.5x of its compiled JSON -> ${worst <= 1.5 ? "met" : "NOT met"} (worst ${worst.toFixed(2)}x)`);
