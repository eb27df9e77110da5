/**
 * Audit throughput: 100,000 exported accounts in one Resource Graph file, and in 10,000 files of 10, against the
 * read + JSON.parse floor over the same bytes, each in its own child process (peak RSS is its own). A third run
 * turns every rule off: what batchlint's reading of the accounts costs (decoding, the duplicate-key and member
 * scan, loading, workers, merging) before any rule, so the bench shows which side a change moved.
 * A second table splits the run with every rule at its middle (by the progress the CLI's bar is drawn from): the
 * second half is the steady rate of threads already warm; what the first half took beyond that is what a run costs
 * whatever its size (starting the workers, and above all each thread's JIT warm-up: code runs unoptimized while
 * V8's optimizing compiler, on background threads, competes for the same cores). The CPU time of each kind of
 * thread (Linux only) shows the compiler's share.
 * Usage: node bench/audit.mjs [accounts]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { account } from "./gen-accounts.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.argv[2] ?? 100_000);

const root = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-audit-bench-"));
const single = path.join(root, "single");
const many = path.join(root, "many");
fs.mkdirSync(single);
fs.mkdirSync(many);
let bytesSingle = 0;
{
  const fd = fs.openSync(path.join(single, "graph.json"), "w");
  const w = (s) => {
    fs.writeSync(fd, s);
    bytesSingle += Buffer.byteLength(s);
  };
  w(`{"count": ${N}, "data": [\n`);
  for (let i = 0; i < N; i++) w(`  ${JSON.stringify(account(i))}${i + 1 < N ? "," : ""}\n`);
  w(`], "skip_token": null}\n`);
  fs.closeSync(fd);
}
let bytesMany = 0;
for (let f = 0; f < N / 10; f++) {
  const text = JSON.stringify({ value: Array.from({ length: 10 }, (_, k) => account(f * 10 + k)) }, null, 2);
  bytesMany += Buffer.byteLength(text);
  const sub = path.join(many, String(Math.floor(f / 1000)));
  if (f % 1000 === 0) fs.mkdirSync(sub, { recursive: true });
  fs.writeFileSync(path.join(sub, `export-${f}.json`), text);
}

function child(script, dir, env = {}) {
  const r = spawnSync(process.execPath, [path.join(here, "lib", script), dir], { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

// The floor and batchlint run in turn, ROUNDS times each, and the medians are compared: on a shared machine the
// speed of one run drifts by 10-25%, which a single pair of runs reports as a change of ratio.
const ROUNDS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => (ms / 1000).toFixed(2);
console.log(`# audit throughput (node ${process.version}, ${os.cpus().length} cores, ${N} accounts; medians of ${ROUNDS} alternating runs)`);
console.log("| input | MB | floor accounts/s | floor peak RSS MB | batchlint accounts/s | batchlint peak RSS MB | batchlint / floor time | no rules / floor time | findings |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
const split = [];
for (const [name, dir, bytes] of [
  ["1 Resource Graph file", single, bytesSingle],
  [`${N / 10} files`, many, bytesMany],
]) {
  child("floor.mjs", dir); // warm the page cache
  const floors = [];
  const lints = [];
  const bare = [];
  for (let r = 0; r < ROUNDS; r++) {
    floors.push(child("floor.mjs", dir));
    bare.push(child("lint.mjs", dir, { BATCHLINT_NO_RULES: "1" }));
    lints.push(child("lint.mjs", dir));
  }
  if (bare.some((b) => b.findings !== 0)) throw new Error("a run with every rule off reported findings");
  const floorMs = median(floors.map((f) => f.ms));
  const lintMs = median(lints.map((l) => l.ms));
  const bareMs = median(bare.map((b) => b.ms));
  const floorRss = Math.max(...floors.map((f) => f.maxRssMB));
  const lintRss = Math.max(...lints.map((l) => l.maxRssMB));
  console.log(
    `| ${name} | ${(bytes / 1e6).toFixed(0)} | ${(N / (floorMs / 1000)).toFixed(0)} | ${floorRss.toFixed(0)} | ${(N / (lintMs / 1000)).toFixed(0)} | ${lintRss.toFixed(0)} | ${(lintMs / floorMs).toFixed(1)}x | ${(bareMs / floorMs).toFixed(1)}x | ${lints[0].findings} |`,
  );
  split.push({ name, floorMs, run: lints.find((l) => l.ms === lintMs) }); // the run whose time is the median
}
console.log("");
console.log(
  "| input (the median run) | first half s | second half s | second half accounts/s | second half / half the floor's time | first half less second half s | CPU s: main thread / threads started (workers) / V8 background threads |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const { name, floorMs, run } of split) {
  if (run.halfMs === undefined) {
    console.log(`| ${name} | n/a (too little progress reported to split the run) | | | | | |`);
    continue;
  }
  const first = run.halfMs;
  const second = run.ms - run.halfMs;
  const cpu = run.cpuMs ? `${s(run.cpuMs.main)} / ${s(run.cpuMs.started)} / ${s(run.cpuMs.background)}` : "n/a";
  console.log(`| ${name} | ${s(first)} | ${s(second)} | ${(N / 2 / (second / 1000)).toFixed(0)} | ${(second / (floorMs / 2)).toFixed(1)}x | ${s(first - second)} | ${cpu} |`);
}
fs.rmSync(root, { recursive: true, force: true });
