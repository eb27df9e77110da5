#!/usr/bin/env node
/**
 * Fuzz runner: mutated real templates and exported accounts through the built library and the built CLI.
 *
 *   npm run fuzz -- --count 100000 --seed 1 [--dist /tmp/fuzzdist] [--jobs 2] [--cli-share 0.2] [--out DIR]
 *   npm run fuzz -- --seed 1 --only 4711          (one input again, library and CLI, with its files kept)
 *
 * Input i of a run is made from (seed, i) alone (bench/fuzz/mutate.mjs), so a run is the same every time. Most
 * inputs go through the library (lintPaths in a worker process, every output format checked in process); a
 * share (--cli-share) is written in batches of --batch files to a folder and linted by the CLI in every format
 * (to files, stylish on standard output, verbose), then with --fix-dry-run, --color and --summary. A worker
 * that uses more than --timeout ms of CPU time on an input (or ten times that of wall time), or grows past
 * --mem MiB, is killed and the input counted as a
 * hang or a memory failure; a CLI batch has --batch-timeout ms. Failing CLI batches are split to find the
 * files that fail. Every failing input is written to --out with what failed; the first input of each distinct
 * failure is minimised (operations left out while it still fails) and, with --findings FILE, appended there.
 * The last line is `N passed, N failed`; the exit code is 1 when anything failed.
 */
import { spawn, fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadSeeds } from "./fuzz/seeds.mjs";
import { build, describe, plan } from "./fuzz/mutate.mjs";
import { checkOutput, checkProcess } from "./fuzz/checks.mjs";
import { mix } from "./fuzz/rng.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    from: { type: "string", default: "0" },
    only: { type: "string" },
    dist: { type: "string", default: path.join(repo, "dist") },
    out: { type: "string" },
    jobs: { type: "string", default: "1" },
    "cli-share": { type: "string", default: "0.2" },
    batch: { type: "string", default: "1000" },
    timeout: { type: "string", default: "5000" },
    "batch-timeout": { type: "string", default: "300000" },
    mem: { type: "string", default: "1536" },
    findings: { type: "string" },
    quiet: { type: "boolean", default: false },
  },
});
const SEED = Number(args.seed);
const DIST = path.resolve(args.dist);
const OUT = path.resolve(args.out ?? path.join(os.tmpdir(), `batchlint-fuzz-seed${SEED}`));
const TIMEOUT = Number(args.timeout);
const BATCH_TIMEOUT = Number(args["batch-timeout"]);
const MEM = Number(args.mem) * 1048576;
const CLI_SHARE = Number(args["cli-share"]);
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-fuzz-work-"));
// The executable as installed (the bundle, scripts/bundle.mjs); builds of older commits have only dist/src.
const CLI = [path.join(DIST, "bundle/cli.js"), path.join(DIST, "src/cli.js")].find((f) => fs.existsSync(f)) ?? path.join(DIST, "bundle/cli.js");
const seeds = loadSeeds(repo);
const log = (s) => args.quiet || process.stderr.write(`${s}\n`);

/** Which inputs go to the CLI: a fixed share, chosen by hash so the split does not depend on --count. */
const toCli = (i) => mix(SEED, i, 0xc11) % 10000 < CLI_SHARE * 10000;

// ---------------------------------------------------------------- failures

const failures = [];
/** Distinct failures: category plus message with numbers and quoted text blurred; first input of each. */
const distinct = new Map();
const signature = (p) =>
  /internal-error|throw|crash|exit-code|stack-trace/.test(p.cat)
    ? `${p.cat}: ${p.msg
        .replace(/\d+/g, "N")
        .replace(/'[^']*'|"[^"]*"/g, "…")
        .slice(0, 120)}`
    : p.cat;

function saveFailure(i, via, problems, files) {
  const dir = path.join(OUT, `${String(i).padStart(7, "0")}-${via}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) fs.writeFileSync(path.join(dir, safeName(f.name)), f.bytes);
  const p = plan(seeds, SEED, i);
  const what = [`input ${i} of seed ${SEED} (${via})`, describe(seeds, p), `again: node bench/fuzz.mjs --seed ${SEED} --only ${i}`, "", ...problems.map((x) => `${x.cat}: ${x.msg}`)].join("\n");
  fs.writeFileSync(path.join(dir, "what.txt"), `${what}\n`);
  for (const pr of problems) {
    failures.push({ i, via, ...pr, dir });
    const sig = signature(pr);
    if (!distinct.has(sig)) {
      distinct.set(sig, { i, via, problem: pr, dir });
      log(`NEW ${sig}\n    input ${i} -> ${dir}`);
      appendFinding(`- **${pr.cat}** (input ${i}, seed ${SEED}, ${via}): ${pr.msg.slice(0, 400)}\n  - reproducer: \`${dir}\` (${describe(seeds, p)})\n`);
    }
  }
}

/** File names kept as written, but readable in a listing (control characters become their code). */
const safeName = (n) => n.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069/]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);

function appendFinding(text) {
  if (args.findings) fs.appendFileSync(args.findings, text);
}

// ---------------------------------------------------------------- library workers

/** RSS of a process in bytes, from /proc (0 where there is none). */
function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time a process has used, in ms (user + system, all its threads; Linux /proc, 100 ticks a second), or
 * undefined where /proc is not there. A hang is judged by it: on a loaded 2-core machine wall time ran three
 * times an input's CPU time, and inputs that take 3 s alone were counted as hangs.
 */
function cpuMsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

let peakRss = 0;

/**
 * One library worker process. `lint(files)` resolves to the problems of that input: what the worker reported,
 * or a hang (no answer within TIMEOUT), memory (RSS over MEM) or crash (the process ended), after which a new
 * process is started for the next input.
 */
class LibWorker {
  constructor(n) {
    this.dir = path.join(WORK, `lib${n}`);
  }
  async start() {
    this.child = fork(fileURLToPath(new URL("./fuzz/lib-child.mjs", import.meta.url)), [DIST], {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      execArgv: [`--max-old-space-size=${Math.round((MEM / 1048576) * 1.5)}`, "--stack-size=984"],
    });
    this.stderr = "";
    this.child.stderr.on("data", (d) => (this.stderr = (this.stderr + d).slice(-4000)));
    await new Promise((resolve, reject) => {
      this.child.once("message", (m) => (m.ready ? resolve() : reject(new Error("worker did not start"))));
      this.child.once("exit", (code) => reject(new Error(`worker exited (${code}) at start: ${this.stderr}`)));
    });
  }
  async lint(i, files, twice, timeout = TIMEOUT) {
    if (!this.child) await this.start();
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    for (const f of files) fs.writeFileSync(path.join(this.dir, f.name), f.bytes);
    const child = this.child;
    return new Promise((resolve) => {
      let done = false;
      const finish = (problems, kill) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(watch);
        child.off("message", onMessage);
        child.off("exit", onExit);
        if (kill) {
          child.kill("SIGKILL");
          this.child = undefined;
        }
        resolve(problems);
      };
      const onMessage = (m) => {
        peakRss = Math.max(peakRss, m.rss);
        if (m.i === i) finish(m.problems, false);
      };
      const onExit = (code, signal) => {
        this.child = undefined;
        finish(
          [
            {
              cat: "crash (library)",
              msg: `worker ended (${signal ?? `exit ${code}`}): ${this.stderr
                .split("\n")
                .filter((l) => /error|abort|fatal/i.test(l))
                .slice(0, 2)
                .join(" | ")
                .slice(0, 300)}`,
            },
          ],
          false,
        );
      };
      // A hang: more than `timeout` ms of the worker's CPU time on this input, or ten times that in wall time.
      const cpu0 = cpuMsOf(child.pid);
      const timer = setTimeout(() => finish([{ cat: "hang (library)", msg: `no result within ${timeout * 10} ms` }], true), cpu0 === undefined ? timeout : timeout * 10);
      const watch = setInterval(() => {
        const used = cpu0 === undefined ? undefined : (cpuMsOf(child.pid) ?? cpu0) - cpu0;
        if (used !== undefined && used > timeout) return finish([{ cat: "hang (library)", msg: `no result within ${timeout} ms of CPU time` }], true);
        const rss = rssOf(child.pid);
        peakRss = Math.max(peakRss, rss);
        if (rss > MEM) finish([{ cat: "memory (library)", msg: `worker RSS ${(rss / 1048576).toFixed(0)} MiB, over ${(MEM / 1048576).toFixed(0)} MiB` }], true);
      }, 100);
      child.on("message", onMessage);
      child.once("exit", onExit);
      this.stderr = "";
      child.send({ i, dir: this.dir, main: files[0].name, twice });
    });
  }
  stop() {
    this.child?.kill("SIGKILL");
  }
}

// ---------------------------------------------------------------- CLI batches

let formats;
/** The CLI runs of a batch folder; each is checked on its own. `outDir` receives the report files. */
function cliRuns(outDir) {
  const toFiles = formats.filter((f) => f !== "stylish").flatMap((f) => ["-f", `${f}:${path.join(outDir, `report.${f}`)}`]);
  return [
    { name: "every format", args: [".", "--verbose", "--no-color", "-f", "stylish", ...toFiles], files: formats.filter((f) => f !== "stylish").map((f) => [f, path.join(outDir, `report.${f}`)]) },
    { name: "fix-dry-run", args: [".", "--fix-dry-run=-", "--color", "--summary", "-f", "stylish"], color: true, files: [] },
  ];
}

function runCli(cwd, run, timeout) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${Math.round((MEM / 1048576) * 1.5)}`, CLI, ...run.args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    let size = 0;
    child.stdout.on("data", (d) => {
      if (size >= 1 << 28) return;
      out.push(d);
      size += d.length;
    });
    child.stderr.on("data", (d) => err.length < 1000 && err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeout);
    const watch = setInterval(() => {
      const rss = rssOf(child.pid);
      peakRss = Math.max(peakRss, rss);
      if (rss > MEM * 2) child.kill("SIGKILL");
    }, 200);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      resolve({ status, signal, timedOut, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

/** Problems of one CLI run over `cwd`. */
async function checkRun(cwd, run, _outDir, timeout) {
  for (const [, file] of run.files) fs.rmSync(file, { force: true });
  const r = await runCli(cwd, run, timeout);
  const problems = checkProcess(r).map((p) => ({ ...p, cat: `${p.cat} [${run.name}]` }));
  if (!r.timedOut && !r.signal) {
    problems.push(...checkOutput("stylish", r.stdout, { color: run.color }).map((p) => ({ ...p, cat: `${p.cat} [${run.name}]` })));
    for (const [f, file] of run.files) {
      let text;
      try {
        text = fs.readFileSync(file, "utf8");
      } catch {
        if (r.status !== 2 || !/usage|unknown option/i.test(r.stderr)) problems.push({ cat: `missing-report (${f}) [${run.name}]`, msg: `no ${f} report written (exit ${r.status})` });
        continue;
      }
      problems.push(...checkOutput(f, text).map((p) => ({ ...p, cat: `${p.cat} [${run.name}]` })));
    }
  }
  return problems;
}

/** Writes inputs (index → files) into `dir` as f<index>…, returning index → names written. */
function writeBatch(dir, entries) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [, files] of entries) for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.bytes);
}

/**
 * Lints a batch with every CLI run; for a run that fails, finds the inputs that fail it alone (groups of 50,
 * then single inputs). Returns the set of failed indices.
 */
async function cliBatch(entries) {
  const dir = path.join(WORK, "batch");
  const outDir = path.join(WORK, "reports");
  fs.mkdirSync(outDir, { recursive: true });
  const failed = new Map(); // index -> problems
  for (const run of cliRuns(outDir)) {
    writeBatch(dir, entries);
    const problems = await checkRun(dir, run, outDir, BATCH_TIMEOUT);
    if (!problems.length) continue;
    log(`  batch run "${run.name}" failed (${problems.map((p) => p.cat).join("; ")}); looking for the inputs`);
    let culprits = 0;
    for (let g = 0; g < entries.length; g += 50) {
      const group = entries.slice(g, g + 50);
      writeBatch(dir, group);
      if (!(await checkRun(dir, run, outDir, Math.min(BATCH_TIMEOUT, 60_000))).length) continue;
      let found = false;
      for (const e of group) {
        writeBatch(dir, [e]);
        const p1 = await checkRun(dir, run, outDir, Math.min(BATCH_TIMEOUT, 30_000));
        if (p1.length) {
          found = true;
          culprits++;
          failed.set(e[0], [...(failed.get(e[0]) ?? []), ...p1]);
        }
      }
      if (!found) failed.set(group[0][0], [...(failed.get(group[0][0]) ?? []), { cat: `batch-only [${run.name}]`, msg: `inputs ${group[0][0]}-${group[group.length - 1][0]} fail together, none alone` }]);
    }
    if (!culprits && !problems.every((p) => p.cat.startsWith("hang"))) failed.set(entries[0][0], [...(failed.get(entries[0][0]) ?? []), ...problems.map((p) => ({ ...p, cat: `${p.cat} (whole batch only)` }))]);
  }
  for (const [i, problems] of failed) saveFailure(i, "cli", problems, entries.find((e) => e[0] === i)[1]);
  return failed;
}

// ---------------------------------------------------------------- minimising

/**
 * Leaves out the operations of input i one at a time while the same failure category remains (library), and
 * writes what is left beside the failure. Cheap: at most one lint per operation, each with the usual limits.
 */
async function minimise(worker, entry) {
  const p = plan(seeds, SEED, entry.i);
  const keep = new Set(p.ops.map((_, k) => k));
  const fails = async (set) => {
    const files = build(seeds, p, "in", (k) => set.has(k));
    if (entry.via === "cli") {
      const dir = path.join(WORK, "min");
      writeBatch(dir, [[entry.i, files]]);
      const run = cliRuns(path.join(WORK, "reports")).find((r) => entry.problem.cat.includes(`[${r.name}]`)) ?? cliRuns(path.join(WORK, "reports"))[0];
      return (await checkRun(dir, run, path.join(WORK, "reports"), 30_000)).some((x) => x.cat === entry.problem.cat);
    }
    return (await worker.lint(entry.i, files, false)).some((x) => x.cat === entry.problem.cat);
  };
  for (const k of [...keep]) {
    const without = new Set(keep);
    without.delete(k);
    if (await fails(without)) keep.delete(k);
  }
  const files = build(seeds, p, "in", (k) => keep.has(k));
  const dir = path.join(entry.dir, "minimal");
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) fs.writeFileSync(path.join(dir, safeName(f.name)), f.bytes);
  fs.writeFileSync(path.join(dir, "what.txt"), `${entry.problem.cat}: ${entry.problem.msg}\n${describe(seeds, p, (k) => keep.has(k))}\n`);
  return { dir, ops: describe(seeds, p, (k) => keep.has(k)), bytes: files.reduce((a, f) => a + f.bytes.length, 0) };
}

// ---------------------------------------------------------------- main

async function main() {
  if (!fs.existsSync(CLI)) throw new Error(`no built CLI at ${CLI} (npm run build, or node bench/fuzz/build.mjs DIR and --dist DIR)`);
  fs.mkdirSync(OUT, { recursive: true });
  const from = Number(args.from);
  const indices = args.only !== undefined ? [Number(args.only)] : Array.from({ length: Number(args.count) }, (_, k) => from + k);
  const jobs = Math.max(1, Number(args.jobs));
  const workers = Array.from({ length: jobs }, (_, n) => new LibWorker(n));
  await workers[0].start();
  formats = await new Promise((resolve) => {
    const c = fork(fileURLToPath(new URL("./fuzz/lib-child.mjs", import.meta.url)), [DIST], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    c.once("message", (m) => {
      c.kill();
      resolve(m.formats);
    });
  });
  const commit = fs.existsSync(path.join(DIST, "COMMIT")) ? fs.readFileSync(path.join(DIST, "COMMIT"), "utf8").trim() : "working tree";
  log(`fuzz: seed ${SEED}, ${indices.length} inputs from ${seeds.length} seed files, dist ${DIST} (${commit}), formats ${formats.join(", ")} + --fix-dry-run; failures in ${OUT}`);
  const t0 = performance.now();
  const lib = args.only !== undefined ? indices : indices.filter((i) => !toCli(i));
  const cli = args.only !== undefined ? indices : indices.filter(toCli);
  let libDone = 0;
  let libFailed = 0;
  let cliDone = 0;
  let cliFailed = 0;
  const progress = setInterval(() => log(`  ${libDone}/${lib.length} library, ${cliDone}/${cli.length} CLI; ${failures.length} problems; ${((performance.now() - t0) / 1000).toFixed(0)} s`), 30_000);

  // Library inputs: each worker takes the next index.
  let next = 0;
  const libLoop = async (w) => {
    while (next < lib.length) {
      const i = lib[next++];
      const files = build(seeds, plan(seeds, SEED, i));
      let problems = await w.lint(i, files, i % 8 === 0);
      // A hang on a shared, busy machine may be only slowness: it counts if it happens again with thrice the time.
      if (problems.some((p) => p.cat.startsWith("hang"))) problems = await w.lint(i, files, false, TIMEOUT * 3);
      libDone++;
      if (problems.length) {
        libFailed++;
        saveFailure(i, "library", problems, files);
      }
    }
  };
  // CLI inputs: batches of --batch files, one CLI run at a time.
  const cliLoop = async () => {
    const size = Number(args.batch);
    for (let b = 0; b < cli.length; b += size) {
      const entries = cli.slice(b, b + size).map((i) => [i, build(seeds, plan(seeds, SEED, i), `f${String(i).padStart(7, "0")}`)]);
      const failed = await cliBatch(entries);
      cliDone += entries.length;
      cliFailed += failed.size;
    }
  };
  await Promise.all([...workers.map(libLoop), cliLoop()]);
  clearInterval(progress);
  const seconds = (performance.now() - t0) / 1000;

  // The first input of each distinct failure, minimised.
  if (distinct.size) {
    log(`minimising ${distinct.size} distinct failure(s)`);
    appendFinding(`\n### minimised (seed ${SEED})\n`);
    for (const [sig, entry] of distinct) {
      try {
        const m = await minimise(workers[0], entry);
        appendFinding(`- ${sig}\n  - minimal reproducer: \`${m.dir}\` (${m.bytes} bytes; ${m.ops})\n`);
        log(`  ${sig}\n    minimal: ${m.dir} (${m.bytes} bytes; ${m.ops})`);
      } catch (e) {
        log(`  ${sig}: could not minimise (${e.message})`);
      }
    }
  }
  for (const w of workers) w.stop();
  fs.rmSync(WORK, { recursive: true, force: true });

  const byCat = new Map();
  for (const f of failures) byCat.set(f.cat, (byCat.get(f.cat) ?? 0) + 1);
  console.log(
    `seed ${SEED}: ${lib.length} inputs through the library, ${cli.length} through the CLI (${formats.length} formats + --fix-dry-run) in ${seconds.toFixed(0)} s; peak worker RSS ${(peakRss / 1048576).toFixed(0)} MiB`,
  );
  for (const [cat, n] of [...byCat].sort()) console.log(`  ${n}\t${cat}`);
  if (failures.length) console.log(`failing inputs are in ${OUT}`);
  const failed = libFailed + cliFailed;
  console.log(`${lib.length + cli.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  fs.rmSync(WORK, { recursive: true, force: true });
  process.exit(2);
});
