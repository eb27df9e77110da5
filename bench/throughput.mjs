/**
 * Throughput of template linting against the read + JSON.parse floor over the same files, in the same run.
 * Each measurement runs in its own child process so peak RSS is its own. Usage: node bench/throughput.mjs [1000,10000]
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./gen-corpus.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const sizes = (process.argv[2] ?? "1000,10000").split(",").map(Number);

function child(script, dir) {
  const r = spawnSync(process.execPath, [path.join(here, "lib", script), dir], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

console.log(`# template throughput (node ${process.version}, ${os.cpus().length} cores)`);
console.log("| files | MB | floor files/s | floor MB/s | floor peak RSS MB | batchlint files/s | batchlint MB/s | batchlint peak RSS MB (main thread) | % of floor | findings |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const n of sizes) {
  const dir = path.join(os.tmpdir(), `batchlint-bench-${n}`);
  const bytes = generate(dir, n);
  const mb = bytes / 1e6;
  child("floor.mjs", dir); // warm the page cache
  const floor = child("floor.mjs", dir);
  const lint = child("lint.mjs", dir);
  const row = [
    n,
    mb.toFixed(1),
    (n / (floor.ms / 1000)).toFixed(0),
    (mb / (floor.ms / 1000)).toFixed(1),
    floor.maxRssMB.toFixed(0),
    (n / (lint.ms / 1000)).toFixed(0),
    (mb / (lint.ms / 1000)).toFixed(1),
    lint.maxRssMB.toFixed(0),
    `${((floor.ms / lint.ms) * 100).toFixed(0)}%`,
    lint.findings,
  ];
  console.log(`| ${row.join(" | ")} |`);
}
