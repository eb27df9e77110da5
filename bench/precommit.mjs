/** The pre-commit case: one small file, end to end (process start included), median of 20 runs. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
function median(cmd, args) {
  const ts = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    spawnSync(cmd, args, { cwd: root, stdio: "ignore" });
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return ts[10];
}
const node = median(process.execPath, ["-e", "0"]);
const one = median(process.execPath, ["dist/bundle/cli.js", "examples/template-compliant.jsonc"]);
const bad = median(process.execPath, ["dist/bundle/cli.js", "examples/export-az-noncompliant.json"]);
console.log("# pre-commit case (median of 20, wall clock)");
console.log(`| node -e 0 | ${node.toFixed(0)} ms |`);
// The time over `node -e 0` is batchlint's own: on a shared machine Node's start-up alone drifts by 15 ms or more.
console.log(`| batchlint, one clean template | ${one.toFixed(0)} ms (${(one - node).toFixed(0)} ms more than node -e 0) |`);
console.log(`| batchlint, one exported account with findings | ${bad.toFixed(0)} ms (${(bad - node).toFixed(0)} ms more than node -e 0) |`);
console.log(`target: under 150 ms -> ${one < 150 && bad < 150 ? "met" : "NOT met"}`);
