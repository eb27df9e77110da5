// batchlint over the same folder, in process, with every rule, as the CLI runs an audit (`batchlint DIR --summary -f html`):
// worker threads, one per core; no fix edits (only json, sarif and --fix carry them; BATCHLINT_FIXES=1 to include them).
// BATCHLINT_NO_RULES=1 turns every rule off: what reading, locating and loading the accounts cost by themselves.
// It notes when half of the work is done (by the progress the CLI draws its bar from: files done, or the share of a
// large list read), so the second half's time is the steady rate of threads already warm. On Linux it also reports
// the CPU time of each kind of thread (see threadCpu).
import fs from "node:fs";
import os from "node:os";
import { rules } from "../../dist/rules/index.js";
import { lintPaths } from "../../dist/bundle/index.mjs";

/**
 * CPU time (ms) per thread, read from /proc every 20 ms so that worker threads are seen before they exit: `main`
 * is this thread; `started` the threads that began during the run (the lint workers, and libuv's I/O threads,
 * which do little); `background` the others that were there before it (V8's optimizing compiler and GC helpers).
 * Undefined where /proc is not there.
 */
function threadCpu() {
  const dir = "/proc/self/task";
  if (!fs.existsSync(dir)) return undefined;
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const last = new Map();
  const read = () => {
    for (const tid of fs.readdirSync(dir)) {
      try {
        const s = fs.readFileSync(`${dir}/${tid}/stat`, "utf8");
        const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
        last.set(tid, (Number(f[11]) + Number(f[12])) * tick);
      } catch {
        // the thread ended between the listing and the read
      }
    }
  };
  read();
  const before = new Map(last);
  const timer = setInterval(read, 20);
  return () => {
    read();
    clearInterval(timer);
    const out = { main: 0, started: 0, background: 0 };
    for (const [tid, ms] of last) {
      const kind = tid === String(process.pid) ? "main" : before.has(tid) ? "background" : "started";
      out[kind] += ms - (before.get(tid) ?? 0);
    }
    return out;
  };
}

const dir = process.argv[2];
const jobs = Number(process.env.BATCHLINT_JOBS ?? os.availableParallelism());
const cpu = threadCpu();
const t0 = performance.now();
const fixes = process.env.BATCHLINT_FIXES === "1";
const none = process.env.BATCHLINT_NO_RULES === "1";
const off = none ? rules.map((r) => ({ rule: r.meta.id, severity: "off" })) : [];
let halfMs;
let progressCalls = 0;
const onProgress = (done, total) => {
  progressCalls++;
  if (halfMs === undefined && done >= total / 2) halfMs = performance.now() - t0;
};
const result = await lintPaths([dir], { rules: none ? [] : rules, cwd: dir, base: dir, jobs, fixes, onProgress, workerSetup: { cwd: dir, base: dir, cliRules: off, fixes } });
const ms = performance.now() - t0;
const cpuMs = cpu?.();
// A small file read whole reports its progress once, at its end: no middle to split at.
if (progressCalls < 10) halfMs = undefined;
if (result.errors.length) console.error(JSON.stringify(result.errors.slice(0, 3)));
console.log(JSON.stringify({ ms, files: result.filesLinted, findings: result.findings.length, errors: result.errors.length, maxRssMB: process.resourceUsage().maxRSS / 1024, halfMs, cpuMs }));
