/**
 * `npm run bench`: every benchmark script in this folder, one after another: precommit.mjs first (it is the
 * quickest), then the others in name order. Helpers are not run: put them in bench/lib/ or name them gen-*.mjs.
 * compare-outputs.mjs is not a benchmark but a check against a chosen base commit (its default is the commit
 * before the stage-folder restructuring, whose outputs later, intended changes differ from): run it by hand.
 * Arguments are passed to every script.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const scripts = fs
  .readdirSync(here)
  .filter((f) => f.endsWith(".mjs") && f !== "bench.mjs" && f !== "compare-outputs.mjs" && !f.startsWith("gen-"))
  .sort((a, b) => (a === "precommit.mjs" ? -1 : b === "precommit.mjs" ? 1 : a < b ? -1 : a > b ? 1 : 0));
for (const script of scripts) {
  const r = spawnSync(process.execPath, [path.join(here, script), ...process.argv.slice(2)], { stdio: "inherit" });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
