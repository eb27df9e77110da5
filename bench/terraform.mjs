/**
 * Terraform against ARM JSON of a similar size: one .tf file through the built CLI, end to end (process start
 * included), as the pre-commit hook runs it (the .tf is evaluated with its directory's module: the other .tf files
 * and tfvars there are read too). Pairs:
 * - the azurerm provider's Batch example (basic/main.tf, 2.6 KB: an account and two pools, a module of one file)
 *   against fixtures/engine/lv2/batch.json (2.6 KB: an account and pools, every property an expression);
 * - the Verified Modules batch-account main.tf (4 KB, in a module of 17 KB with its variables.tf and locals.tf)
 *   against a real-world template of the module's size (fixtures/corpus/accessibility-insights-service, 17.6 KB).
 * The runs alternate (Terraform, JSON, Terraform, ...) so that drift of a shared machine falls on both sides alike;
 * the median of N (default 15, `--runs N`) of each is reported, with the ratio and the time over `node -e 0`.
 * Target: a .tf within 1.5x of the JSON template (as Bicep against its compiled JSON, bench/bicep.mjs). Reported,
 * never asserted: wall time on CI runners is too noisy.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const at = process.argv.indexOf("--runs");
const runs = at > 0 ? Math.max(1, Number(process.argv[at + 1]) || 15) : 15;
const cli = "dist/bundle/cli.js";
const pairs = [
  ["provider example, account and two pools (2.6 KB)", "test/fixtures/terraform/real/azurerm-examples-batch/basic/main.tf", "fixtures/engine/lv2/batch.json"],
  ["Verified Modules batch account (module 17 KB)", "test/fixtures/terraform/real/avm-res-batch-batchaccount/main.tf", "fixtures/corpus/accessibility-insights-service/batch-account.template.json"],
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
console.log(`# Terraform vs a JSON template of similar size, one file through the CLI (median of ${runs}, alternating, wall clock)`);
console.log(`| pair | .tf | .json | ratio | over node -e 0 (tf / json) |`);
let worst = 0;
for (const [name, tf, json] of pairs) {
  const t = [];
  const j = [];
  for (let i = 0; i < runs; i++) {
    t.push(once([cli, tf]));
    j.push(once([cli, json]));
  }
  const mt = median(t);
  const mj = median(j);
  worst = Math.max(worst, mt / mj);
  console.log(`| ${name} | ${mt.toFixed(0)} ms | ${mj.toFixed(0)} ms | ${(mt / mj).toFixed(2)}x | ${(mt - node).toFixed(0)} / ${(mj - node).toFixed(0)} ms |`);
}
console.log(`| node -e 0 | ${node.toFixed(0)} ms | | | |`);
console.log(`target: a .tf within 1.5x of a JSON template of its size -> ${worst <= 1.5 ? "met" : "NOT met"} (worst ${worst.toFixed(2)}x)`);
