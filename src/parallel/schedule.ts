/**
 * Linting a run on the main thread and worker threads (parallel/pool.ts): small files in batches, large lists and
 * NDJSON files record by record in batches (the main thread finds where records start and end). Results are merged
 * in task order and sorted by lintPaths, so the output is the same bytes whatever the number of jobs; at most a few
 * tasks per worker are in flight, so memory stays bounded by what is read ahead.
 */
import { ConfigError } from "../config/config.js";
import type { FileError, LintResult } from "../engine/findings.js";
import { InputError } from "../parse/document.js";
import { displayPath } from "../pipeline/discover.js";
import { fileOptions, lintFile, lintRecords, lintWhole, type RunState } from "../pipeline/lint-file.js";
import { DEFAULT_MAX_FILE_SIZE, NDJSON } from "../pipeline/read.js";
import { ResultBuilder, toFileError } from "../pipeline/result.js";
import type { LintOptions } from "../pipeline/run.js";
import type { StreamedElement } from "../pipeline/stream.js";
import type { LintPool, Task } from "./pool.js";
import type { PackedResult } from "./transfer.js";

/** Files per task, and records (or characters) per task, for worker threads. */
const FILES_PER_TASK = 50;
const RECORDS_PER_TASK = 400;
const CHARS_PER_TASK = 1 << 20;

/** Stands in the merge list for a part already merged (so its data can be collected). */
const MERGED: LintResult = { findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0 };
const DONE = { local: MERGED, closed: true };

/** Lints `files` (found by lintPaths) into `run.out`, on the main thread and the pool's workers. */
export async function lintWithPool(
  run: RunState,
  files: readonly string[],
  /** Threads that lint: the workers, and the main thread when there are fewer workers than this. */
  jobs: number,
  /** Whether a file is split by record among the threads (the others are linted whole, in batches). */
  streamed: (abs: string) => boolean,
  /** After each file; and, while a streamed file is read, the share of it read (see LintOptions.onProgress). */
  progress: { readonly file: () => void; readonly share: ((read: number) => void) | undefined },
  /** The worker threads, starting (lintPaths may start them while it still lists files). */
  starting: Promise<LintPool>,
): Promise<void> {
  const { unpackResult } = await import("./transfer.js");
  const pool = await starting;
  const { ctx, options, base, out } = run;
  /**
   * Answers in task order. A streamed file also has a local part (what reading it found: errors, its count),
   * merged at its place once the file is read to the end.
   */
  type Part = { task: Promise<void>; sent: Task; packed?: PackedResult; error?: unknown } | { local: LintResult; closed: boolean };
  const parts: Part[] = [];
  let merged = 0;
  // Tasks waiting for the workers: three each, so that none runs dry while the main thread lints a task itself.
  const inFlightLimit = pool.size * 3;
  /*
   * The main thread lints batches of files itself (it would otherwise wait for the workers, and its results need
   * no packing). Not when the run is a few large lists: reading them is its work then, and a batch it lints
   * costs it more than a worker, because its heap holds every finding so far and its collections grow with it
   * (a 1 GB list took 10% longer). lintPaths starts one worker fewer when the main thread lints.
   */
  const mainLints = pool.size < jobs;
  /**
   * A task linted on the main thread, as a worker lints it (parallel/worker.ts): its configuration suppressions are
   * noted by the run as the files are batched (noteSuppressions), so the task has no tracker of its own.
   */
  const lintHere = async (task: Task): Promise<LintResult> => {
    const local = new ResultBuilder(true);
    if (task.kind === "files") {
      for (const abs of task.files) await lintFile({ ctx, options, base, tracker: undefined, out: local, abs, shown: displayPath(abs, base) });
      return local.finish();
    }
    await lintRecords({ ctx, options, base, tracker: undefined, out: local, abs: task.abs, shown: task.shown }, task.elements);
    return local;
  };
  /** Sends a task to the workers or, while each of them has enough waiting, lints it on the main thread (mainLints). */
  const dispatch = async (task: Task, then?: () => void) => {
    if (mainLints && pool.inFlight >= inFlightLimit) {
      parts.push({ local: await lintHere(task), closed: true });
      then?.();
      // Workers' answers are events: let them in, so that a worker that is done gets its next task.
      await new Promise((resolve) => setImmediate(resolve));
      return;
    }
    const part: Part = { task: Promise.resolve(), sent: task };
    part.task = pool.run(task).then(
      (p) => {
        part.packed = p;
        then?.();
      },
      (e) => {
        part.error = e;
      },
    );
    parts.push(part);
  };
  /** Merges what is ready, in order; with `all`, waits for every answer. While too many tasks are in flight, waits for the oldest. */
  const mergeReady = async (all = false) => {
    for (;;) {
      const head = parts[merged];
      if (!head) return;
      if ("local" in head) {
        if (!head.closed) return;
        out.merge(head.local);
      } else {
        if (!head.packed && !head.error) {
          if (!all && pool.inFlight <= inFlightLimit) return;
          await head.task;
        }
        if (head.error) out.merge(await recover(head.sent));
        else unpackResult(head.packed!, out, ctx);
      }
      parts[merged++] = DONE;
    }
  };
  /**
   * A task whose worker failed (it died, out of memory say, or the task threw): a batch of files is tried again
   * file by file, anything else once more, so that only what fails again is lost, as that file's located error
   * (the retry's failure is the one reported).
   */
  const recover = async (task: Task): Promise<LintResult> => {
    const again = new ResultBuilder(true);
    const retries: Task[] = task.kind === "files" && task.files.length > 1 ? task.files.map((f) => ({ kind: "files", files: [f] })) : [task];
    for (const t of retries) {
      try {
        unpackResult(await pool.run(t), again, ctx);
      } catch (e) {
        if (t.kind === "files") for (const f of t.files) again.errors.push(workerFailed(e, displayPath(f, base)));
        else again.errors.push({ ...workerFailed(e, t.shown), line: (t.elements[0]?.line ?? 0) + 1 });
      }
    }
    return again;
  };
  /** Waits while too many tasks are in flight, whatever stands at the head of the merge. */
  const throttle = async () => {
    await mergeReady();
    for (let i = merged; pool.inFlight > inFlightLimit && i < parts.length; i++) {
      const p = parts[i]!;
      if ("task" in p && !p.packed && !p.error) await p.task;
    }
  };
  let batch: string[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const files = batch;
    batch = [];
    await dispatch({ kind: "files", files }, () => files.forEach(progress.file));
    await throttle();
  };
  try {
    for (const abs of files) {
      if (!streamed(abs)) {
        batch.push(abs);
        if (batch.length >= FILES_PER_TASK) await flush();
        await noteSuppressions(run, abs);
        continue;
      }
      await flush();
      const shown = displayPath(abs, base);
      let o: LintOptions | undefined;
      try {
        o = await fileOptions({ ctx, options, base, tracker: run.tracker, out, shown }, abs);
      } catch (e) {
        out.errors.push(toFileError(e, shown)); // this file's error; the run goes on (sorted by finish)
        continue;
      }
      if (!o) continue;
      const local = new ResultBuilder(true);
      local.addFile(shown);
      const localPart = { local, closed: false };
      parts.push(localPart);
      let records: StreamedElement[] = [];
      let chars = 0;
      const send = async () => {
        if (!records.length) return;
        const elements = records;
        records = [];
        chars = 0;
        await dispatch({ kind: "elements", abs, shown, elements });
        await throttle();
      };
      const add = async (el: StreamedElement) => {
        records.push(el);
        chars += el.text.length;
        if (records.length >= RECORDS_PER_TASK || chars >= CHARS_PER_TASK) await send();
      };
      if (NDJSON.test(abs)) await (await import("../pipeline/ndjson.js")).readNdjson(abs, shown, o, local, add, progress.share);
      else {
        const { streamListElements } = await import("../pipeline/stream.js");
        try {
          for await (const el of streamListElements(abs, shown, o.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, progress.share, o.readRoots)) await add(el);
        } catch (e) {
          await send();
          if (e instanceof InputError && e.code === "not-a-list") {
            // Not a list (a big template, say): read it whole, which refuses it when it is over the file-size limit.
            local.dropFile();
            const whole = new ResultBuilder(true);
            lintWhole({ ctx, options, base, tracker: undefined, out: whole, abs, shown }, o);
            parts.push({ local: whole, closed: true });
          } else local.errors.push(toFileError(e, shown));
        }
      }
      localPart.closed = true;
      await send();
      progress.file();
    }
    await flush();
    await mergeReady(true);
  } finally {
    await pool.close();
  }
  out.dropRepeatedErrors();
}

/**
 * The configuration suppressions that apply to a file a worker lints, noted as it is batched (BATCH990 is reported
 * once, by the run; `--report-unused-suppressions` needs every file's matches, so it never runs on workers).
 */
async function noteSuppressions(run: RunState, abs: string): Promise<void> {
  const resolve = run.options.resolveConfig;
  if (!resolve || !run.tracker) return;
  try {
    const fc = await resolve(abs);
    if (!fc.ignored) for (const s of fc.suppressions) if (!run.tracker.applicable.has(s)) run.tracker.applicable.set(s, fc.settings);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e; // reported by the worker that met it
  }
}

/** A worker's failure on a file (or on records of it, at their first line) as that file's error. */
function workerFailed(e: unknown, shown: string): FileError {
  return { file: shown, line: 1, column: 1, message: `internal error: a lint worker failed on this file: ${(e as Error)?.message ?? String(e)}`, code: "internal-error" };
}
