/**
 * One source file against a JSON template through the built CLI, end to end (process start included), as the
 * pre-commit hook runs it: the runs alternate (source, JSON, source, ...) so that drift of a shared machine falls on
 * both sides alike, and the median of N (`--runs N`, default 15) of each is printed as a markdown table with the
 * ratio and the time over `node -e 0`. Reported, never asserted: wall time on CI runners is too noisy.
 * Used by bench/bicep.mjs and bench/terraform.mjs.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = "dist/bundle/cli.js";

/** Wall time of one run, in ms; a run that fails to lint (exit 2) would time an error path, so it stops the bench. */
function once(args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (ts) => [...ts].sort((a, b) => a - b)[Math.floor(ts.length / 2)];

/**
 * `pairs`: [name, source file, JSON file] (paths from the repository root); `ext`: the source's extension for the
 * table's heading; `target`: the line stating the target, given the worst ratio.
 */
export function againstJson({ title, ext, pairs, target, limit = 1.5 }) {
  const at = process.argv.indexOf("--runs");
  const runs = at > 0 ? Math.max(1, Number(process.argv[at + 1]) || 15) : 15;
  const nodeTimes = [];
  for (let i = 0; i < runs; i++) nodeTimes.push(once(["-e", "0"]));
  const node = median(nodeTimes);
  console.log(`# ${title} (median of ${runs}, alternating, wall clock)`);
  console.log(`| pair | ${ext} | .json | ratio | over node -e 0 (${ext.slice(1)} / json) |`);
  let worst = 0;
  for (const [name, source, json] of pairs) {
    const s = [];
    const j = [];
    for (let i = 0; i < runs; i++) {
      s.push(once([cli, source]));
      j.push(once([cli, json]));
    }
    const ms = median(s);
    const mj = median(j);
    worst = Math.max(worst, ms / mj);
    console.log(`| ${name} | ${ms.toFixed(0)} ms | ${mj.toFixed(0)} ms | ${(ms / mj).toFixed(2)}x | ${(ms - node).toFixed(0)} / ${(mj - node).toFixed(0)} ms |`);
  }
  console.log(`| node -e 0 | ${node.toFixed(0)} ms | | | |`);
  console.log(`target: ${target} -> ${worst <= limit ? "met" : "NOT met"} (worst ${worst.toFixed(2)}x)`);
}
