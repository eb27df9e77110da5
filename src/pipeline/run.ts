/** The pipeline: discover → read → parse → recognise → evaluate → check → sort. */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { decode, DEFAULT_PARSE_LIMITS, InputError, parseDocument, type ParsedDoc } from "../parse/document.js";
import { appendNotes, compareFindings, type FileError, type Finding, type LintResult, type Note } from "../engine/findings.js";
import { lintDocument, type EngineConfig, type DocSet, type RuleSetting } from "../engine/run.js";
import { discover, displayPath, type Discovered } from "./discover.js";
import { recognise } from "../input/recognise.js";
import type { TemplateOptions } from "../input/arm/template.js";
import type { LintPool, Task, WorkerSetup } from "../parallel/pool.js";
import type { PackedResult } from "../parallel/transfer.js";
import type { StreamedElement } from "./stream.js";
import type { DeploymentContext } from "../input/arm/scope.js";
import type { EvalLimits } from "../input/budget.js";
import type { Value } from "../model/value.js";
import { ConfigError, type ConfigSuppression, type FileConfig } from "../config/config.js";
import { applySuppressions, MISSING_JUSTIFICATION, pseudoFinding, pseudoSeverity, UNUSED_SUPPRESSION } from "../post/suppress.js";
import { computeFix } from "../post/fix.js";
import { gunzipLimited, openInput, readOpen, readRoots, tooLarge, type OpenInput, type Provenance } from "./read.js";
import { RunContext } from "../context.js";

export interface LintOptions extends EngineConfig {
  /** Base for displayed paths (default: cwd). */
  readonly base?: string;
  readonly cwd?: string;
  /** Name shown for standard input. */
  readonly stdinName?: string;
  /** Files larger than this many bytes are refused with an error (default 64 MiB). */
  readonly maxFileSize?: number;
  /** Deepest nesting of arrays and objects accepted (default and maximum 1000: the model and rules recurse). */
  readonly maxDepth?: number;
  /** Limits and work budget of template evaluation (src/input/budget.ts; --evaluation-budget); the rest default. */
  readonly evaluationLimits?: Partial<EvalLimits>;
  /** Files larger than this many bytes are streamed as lists of resources (default 8 MiB). */
  readonly streamThreshold?: number;
  /** Threads that lint many files (--jobs; see lintWithPool); used only with `workerSetup` and enough files or lists (minFilesForWorkers, minListBytesForWorkers). */
  readonly jobs?: number;
  /** The same options as plain data, for worker threads. */
  readonly workerSetup?: WorkerSetup;
  /**
   * Called after each file (for a progress bar); while a streamed list or NDJSON file is read, also with a
   * fractional `done`: the files done plus the share of that file read.
   */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Per-file configuration (config files, overrides, plugins, ignore, parameters, suppressions), given an
   * absolute file path; see `ConfigResolver` in config/config.ts. Without it, `rules`/`settings` apply to every file.
   */
  readonly resolveConfig?: (absFile: string) => Promise<FileConfig>;
  /** Parameters files (absolute) for the template being linted; per-file configuration supplies its own. */
  readonly parameterFiles?: readonly string[];
  /** Configuration suppressions that apply (kind "external"). */
  readonly suppressions?: readonly ConfigSuppression[];
  /** --param name=value. */
  readonly cliParams?: ReadonlyMap<string, Value>;
  /** --subscription-id, --resource-group, --location ... (fields not given are unknown). */
  readonly deployment?: DeploymentContext;
  /** Report suppressions that suppress nothing (BATCH991). */
  readonly reportUnusedSuppressions?: boolean;
  /** Leave configuration suppressions (BATCH990) to the caller: a worker thread's batch is part of a larger run. */
  readonly partOfRun?: boolean;
  /** The inputs are files the caller has found (absolute, sorted, unique: a worker's batch): no look-up of its own. */
  readonly discovered?: boolean;
  /**
   * Work out each fix's text edits (`Finding.fix`, and a note when a fix is refused). Default true; the CLI turns
   * it off when no output carries fixes (only json, sarif, --fix and --fix-dry-run do): in an audit the edits
   * cost more than the rules that asked for them.
   */
  readonly fixes?: boolean;
  /**
   * The directories reads stay within, as real paths (pipeline/read.ts): a symbolic link, parameters file or linked
   * template whose real path is outside all of them is not read. Default: from the inputs (see readRoots).
   */
  readonly readRoots?: readonly string[];
  /** The run's state (caches, interners, observers): made by lintPaths, lintText and lintElements when not given (a worker thread gives its own). */
  readonly context?: RunContext;
}

/** Tracks configuration suppressions across files (unused ones are reported once, at the end). */
interface SuppressionTracker {
  readonly applicable: Map<ConfigSuppression, ReadonlyMap<string, RuleSetting> | undefined>;
  readonly used: Set<ConfigSuppression>;
}

/** The options for one file: the run's, with its configuration's rules, settings, parameters files and suppressions. */
function withFileConfig(options: LintOptions, fc: FileConfig): LintOptions {
  // Most files of a run have the same rules and settings and no parameters files or suppressions of their own:
  // they share one options object (copying the options cost more per file than reading a small file).
  const plain = fc.parameterFiles.length === 0 && fc.suppressions.length === 0;
  const last = lastFileOptions;
  if (plain && last && last.options === options && last.rules === fc.rules && last.settings === fc.settings) return last.merged;
  const merged: LintOptions = {
    ...options,
    rules: fc.rules,
    settings: fc.settings,
    parameterFiles: [...(options.parameterFiles ?? []), ...fc.parameterFiles],
    suppressions: [...(options.suppressions ?? []), ...fc.suppressions],
  };
  if (plain) lastFileOptions = { options, rules: fc.rules, settings: fc.settings, merged };
  return merged;
}
let lastFileOptions: { options: LintOptions; rules: FileConfig["rules"]; settings: FileConfig["settings"]; merged: LintOptions } | undefined;

/** Lints one in-memory text as file `file` (display name). */
export function lintText(text: string, file: string, config: EngineConfig | LintOptions): LintResult {
  const result: LintResult = { findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0 };
  lintOne(() => text, file, { ...config, context: (config as LintOptions).context ?? new RunContext() }, result);
  return finish(result);
}

/**
 * `stdin` reads standard input, refusing more than `limit` bytes (an InputError, reported as its located error).
 */
export async function lintPaths(inputs: readonly string[], runOptions: LintOptions, stdin?: (limit: number) => Promise<string>): Promise<LintResult> {
  dirListings.clear();
  const cwd = runOptions.cwd ?? process.cwd();
  // The tree reads stay in: the inputs', and the named parameters files' (a worker's batch is given its run's).
  const options: LintOptions =
    runOptions.readRoots && runOptions.context
      ? runOptions
      : { ...runOptions, context: runOptions.context ?? new RunContext(), readRoots: runOptions.readRoots ?? readRoots([...inputs, ...(runOptions.parameterFiles ?? [])], cwd) };
  const base = options.base ?? cwd;
  const result: LintResult = { findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0, files: [], checkedResources: [] };
  const tracker: SuppressionTracker = { applicable: new Map(), used: new Set() };
  const badConfigs = new Set<string>();
  /** The options for one file: per-file configuration when a resolver is given; undefined = skip the file. */
  const forFile = async (abs: string, shown: string): Promise<LintOptions | undefined> => {
    if (!options.resolveConfig) return options;
    let fc: FileConfig;
    try {
      fc = await options.resolveConfig(abs);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      if (!badConfigs.has(e.file)) {
        badConfigs.add(e.file);
        for (const i of e.issues) result.errors.push({ file: displayPath(e.file, base), line: i.line, column: i.column, message: i.message, code: "config-error" });
      }
      return undefined;
    }
    if (fc.ignored) {
      result.notes.push({ file: shown, kind: "skipped", message: `ignored by ${displayPath(fc.configFile ?? "", base)}` });
      return undefined;
    }
    for (const s of fc.suppressions) if (!tracker.applicable.has(s)) tracker.applicable.set(s, fc.settings);
    return withFileConfig(options, fc);
  };
  const fileInputs = inputs.filter((i) => i !== "-");
  if (inputs.includes("-") && stdin) {
    const name = options.stdinName ?? "<stdin>";
    let text: string | undefined;
    try {
      text = await stdin(options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    } catch (e) {
      result.errors.push(toFileError(e, name));
    }
    const o = text === undefined ? undefined : await forFile(path.resolve(cwd, name), name);
    if (o) lintOne(() => text!, name, o, result, tracker);
  }
  const jobs = options.jobs ?? 1;
  const pooled = jobs > 1 && options.workerSetup !== undefined && !options.reportUnusedSuppressions;
  const manyFiles = minFilesForWorkers(jobs);
  // Enough files for worker threads: they start loading while the rest of the tree is still being listed.
  let early: Promise<LintPool> | undefined;
  // Many files: the main thread is one of the `jobs` threads that lint (see lintWithPool), with jobs - 1 workers.
  const startPool = (workers: number) => (early = import("../parallel/pool.js").then(({ LintPool }) => new LintPool({ ...options.workerSetup!, readRoots: options.readRoots }, workers)));
  let found: Discovered;
  try {
    found = options.discovered ? { files: fileInputs, missing: [] } : await discover(fileInputs, cwd, pooled ? { many: manyFiles, call: () => startPool(jobs - 1) } : undefined);
  } catch (e) {
    await early?.then((p) => p.close());
    throw e;
  }
  for (const m of found.missing) result.errors.push({ file: m.input, line: 1, column: 1, message: m.message, code: "not-found" });
  let done = 0;
  /** While a streamed file is read: the files done and the share of it read, as progress (only for a progress bar). */
  const share = options.onProgress ? (read: number) => options.onProgress!(done + read, found.files.length) : undefined;
  const streamedFiles = new Map<string, boolean>();
  const streamed = (abs: string) => {
    let v = streamedFiles.get(abs);
    if (v === undefined) streamedFiles.set(abs, (v = NDJSON.test(abs) || fileSize(abs) > (options.streamThreshold ?? STREAM_THRESHOLD)));
    return v;
  };
  if (pooled && (early || found.files.length >= manyFiles || listBytes(found.files, streamed) >= minListBytesForWorkers(jobs))) {
    // With many files, only NDJSON (known by name) is split by record: a large list among them is streamed by the
    // worker that gets it, which spares the main thread a stat per file.
    const split = found.files.length >= manyFiles ? (abs: string) => NDJSON.test(abs) : streamed;
    // Configuration suppressions that apply to the files the workers lint, noted while they work (BATCH990 is
    // reported once, here; `--report-unused-suppressions` needs every file's matches, so it never runs on workers).
    const noteSuppressions = async (abs: string) => {
      if (!options.resolveConfig) return;
      try {
        const fc = await options.resolveConfig(abs);
        if (!fc.ignored) for (const s of fc.suppressions) if (!tracker.applicable.has(s)) tracker.applicable.set(s, fc.settings);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e; // reported by the worker that met it
      }
    };
    const starting = early ?? startPool(found.files.length >= manyFiles ? jobs - 1 : jobs);
    const progress = { file: () => options.onProgress?.(++done, found.files.length), share };
    await lintWithPool(found.files, options, jobs, split, forFile, noteSuppressions, result, progress, starting);
    reportConfigSuppressions(tracker, options, base, result);
    return finish(result);
  }
  for (const abs of found.files) {
    const shown = displayPath(abs, base);
    try {
      await lintFile(abs, shown, options, result, tracker, forFile, share, streamedFiles.get(abs));
    } catch (e) {
      // Whatever went wrong with this file is its own error: the other files' results stand.
      result.errors.push(toFileError(e, shown));
    }
    options.onProgress?.(++done, found.files.length);
  }
  if (!options.partOfRun) reportConfigSuppressions(tracker, options, base, result);
  return finish(result);
}

/** Lints one file found by lintPaths on this thread: read whole, or streamed when it is a large list or NDJSON. */
async function lintFile(
  abs: string,
  shown: string,
  options: LintOptions,
  result: LintResult,
  tracker: SuppressionTracker,
  forFile: (abs: string, shown: string) => Promise<LintOptions | undefined>,
  share: ((read: number) => void) | undefined,
  streamed: boolean | undefined,
): Promise<void> {
  const o = await forFile(abs, shown);
  if (!o) return;
  if (NDJSON.test(abs)) await lintNdjson(abs, shown, o, result, tracker, share);
  else if (streamed) await lintStreamedList(abs, shown, o, result, tracker, share);
  else {
    // Whether to stream is decided from the size read when the file is opened (no stat of its own per file).
    const streamAbove = streamed === false ? Infinity : (options.streamThreshold ?? STREAM_THRESHOLD);
    try {
      lintOne(() => readLimited(abs, shown, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, streamAbove, options.readRoots), shown, o, result, tracker, abs);
    } catch (e) {
      if (!(e instanceof StreamInstead)) throw e;
      await lintStreamedList(abs, shown, o, result, tracker, share);
    }
  }
}

function lintOne(
  read: () => string,
  file: string,
  config: LintOptions,
  result: LintResult,
  tracker?: SuppressionTracker,
  abs?: string,
  /** For one record of an NDJSON file: where it starts. */
  base?: { line: number; offset: number; column?: number; pointer?: string },
): void {
  let doc: ParsedDoc;
  try {
    doc = parseDocument(read(), file, { maxDepth: Math.min(config.maxDepth ?? DEFAULT_PARSE_LIMITS.maxDepth, DEFAULT_PARSE_LIMITS.maxDepth), plain: true, context: config.context });
  } catch (e) {
    if (e instanceof StreamInstead) throw e;
    const err = toFileError(e, file);
    result.errors.push(base ? { ...err, line: err.line + base.line, column: err.line === 1 ? err.column + (base.column ?? 0) : err.column } : err);
    return;
  }
  if (base) doc.base = base;
  else {
    (result as { filesLinted: number }).filesLinted++;
    result.files?.push(file);
  }
  const docs: DocSet = new Map([[file, doc]]);
  try {
    const o = lintDocument(doc.context, doc, config, docs, recognise(doc) === "arm-template" ? templateOptions(abs, config, result) : {});
    const extra = applySuppressions(doc, o.findings, o.resources, {
      rules: config.rules,
      settings: config.settings,
      configSuppressions: config.suppressions,
      onConfigSuppressionUsed: (s) => tracker?.used.add(s),
      reportUnused: config.reportUnusedSuppressions,
      displayPath: (p) => displayPath(p, config.base ?? config.cwd ?? process.cwd()),
    });
    const fixes = config.fixes !== false;
    for (const f of o.findings) {
      if (!f.fixInput) continue;
      const outcome = fixes ? computeFix(doc, f.fixInput) : undefined;
      if (outcome && "fix" in outcome) {
        // A record of a streamed list or NDJSON file: its offsets, shifted to the file's.
        const fix = base ? { ...outcome.fix, edits: outcome.fix.edits.map((e) => ({ ...e, offset: e.offset + base.offset })) } : outcome.fix;
        (f as { fix?: Finding["fix"] }).fix = fix;
      } else if (outcome) o.notes.push({ file, line: f.region.startLine, column: f.region.startColumn, kind: "info", message: `${f.ruleId}: no automatic fix: ${outcome.refused}` });
      // The edits hold Props, which hold the whole evaluated document: keep only the description.
      (f as { fixInput?: Finding["fixInput"] }).fixInput = describedFix(f.fixInput.description);
    }
    // Loops, not push(...xs): a document can have more findings than a call has room for arguments (125,000
    // findings from 130,000 duplicate keys overflowed the stack).
    append(result.findings, o.findings);
    append(result.findings, extra);
    appendNotes(result.notes, o.notes);
    append(result.errors, o.errors);
    (result as { resourcesChecked: number }).resourcesChecked += o.resources.length;
    if (result.checkedResources) for (const r of o.resources) result.checkedResources.push({ file, type: r.type, label: o.redactor ? o.redactor.redact(r.label) : r.label, id: r.id && o.redactor ? o.redactor.redact(r.id) : r.id });
  } catch (e) {
    result.errors.push(toFileError(e, file));
  }
}

/** Configuration suppressions: missing justifications (BATCH990) and, on request, unused ones (BATCH991). */
function reportConfigSuppressions(tracker: SuppressionTracker, options: LintOptions, base: string, result: LintResult): void {
  for (const [s, settings] of tracker.applicable) {
    const file = displayPath(s.source.file, base);
    const missing = pseudoSeverity(MISSING_JUSTIFICATION, settings);
    if (!s.justification && missing) result.findings.push(pseudoFinding(MISSING_JUSTIFICATION, missing, "missing", { rules: s.rule }, file, s.source.region));
    const unused = pseudoSeverity(UNUSED_SUPPRESSION, settings);
    if (options.reportUnusedSuppressions && unused && !tracker.used.has(s)) result.findings.push(pseudoFinding(UNUSED_SUPPRESSION, unused, "unused", { rule: s.rule }, file, s.source.region));
  }
}

/** zlib is loaded only for compressed inputs (start-up time of the pre-commit case). */
const nodeRequire = createRequire(import.meta.url) as (id: string) => any;

export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
const NDJSON = /\.(ndjson|jsonl)(\.gz)?$/i;
const GZIP = /\.gz$/i;

/** Thrown by `readLimited` for a file over the streaming threshold: the caller streams it instead. */
class StreamInstead {}

/**
 * Reads a file after checking its size, so a huge file costs a stat, not its memory; it must be a regular file
 * inside `roots` (pipeline/read.ts). Gzip is inflated up to the limit and no further. A file larger than `streamAbove`
 * bytes (as stored) is not read: StreamInstead is thrown.
 */
function readLimited(abs: string, shown: string, max: number, streamAbove = Infinity, roots?: readonly string[], how: Provenance = "listed"): string {
  // One open, one fstat, one read (an audit reads thousands of small files; a second stat costs as much as the read).
  return readOpened(openInput(abs, shown, roots, how), abs, shown, max, streamAbove);
}

/** readLimited, of a file opened already (its descriptor is closed here). */
function readOpened(input: OpenInput, abs: string, shown: string, max: number, streamAbove = Infinity): string {
  let buf: Buffer;
  try {
    if (input.size > streamAbove) throw new StreamInstead();
    if (input.size > max) throw tooLarge(input.size, max, shown);
  } catch (e) {
    fs.closeSync(input.fd);
    throw e;
  }
  buf = readOpen(input);
  if (GZIP.test(abs)) {
    buf = gunzipLimited(buf, max, shown, nodeRequire("node:zlib").gunzipSync);
    if (buf.length > max) throw tooLarge(buf.length, max, shown, " when decompressed");
  }
  return decode(buf, shown);
}

/** `into.push(...from)` without spreading: `from` can be longer than a call's arguments may be. */
export function append<T>(into: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) into.push(from[i]!);
}

/** Lists larger than this are streamed element by element instead of parsed whole. */
export const STREAM_THRESHOLD = 8 * 1024 * 1024;

function fileSize(abs: string): number {
  try {
    return fs.statSync(abs).size;
  } catch {
    return 0;
  }
}

/** A large exported list (array, `value`, `data`), one element at a time; positions stay the file's own. */
async function lintStreamedList(abs: string, shown: string, options: LintOptions, result: LintResult, tracker?: SuppressionTracker, onRead?: (share: number) => void): Promise<void> {
  const { streamListElements } = await import("./stream.js");
  (result as { filesLinted: number }).filesLinted++;
  result.files?.push(shown);
  try {
    for await (const el of streamListElements(abs, shown, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, onRead, options.readRoots)) {
      lintOne(() => el.text, shown, options, result, tracker, undefined, { line: el.line, offset: el.offset, column: el.column ?? 0, pointer: el.pointer });
    }
  } catch (e) {
    // Not a list (a big template, say): read it whole, which refuses it when it is over the file-size limit.
    if (e instanceof InputError && e.code === "not-a-list") {
      (result as { filesLinted: number }).filesLinted--;
      result.files?.pop();
      lintOne(() => readLimited(abs, shown, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, Infinity, options.readRoots), shown, options, result, tracker, abs);
      return;
    }
    result.errors.push(toFileError(e, shown));
  }
}

/**
 * NDJSON (one exported resource per line, optionally gzip-compressed), streamed: memory stays bounded by the
 * longest line whatever the file size, and findings keep the file's own line numbers.
 */
async function lintNdjson(abs: string, shown: string, options: LintOptions, result: LintResult, tracker?: SuppressionTracker, onRead?: (share: number) => void): Promise<void> {
  (result as { filesLinted: number }).filesLinted++;
  result.files?.push(shown);
  await readNdjson(abs, shown, options, result, (el) => lintOne(() => el.text, shown, options, result, tracker, undefined, { line: el.line, offset: el.offset }), onRead);
}

/**
 * The records of an NDJSON file, one per non-blank line, with where each starts; read errors (a record or a run of
 * blank lines over the limit, a damaged gzip stream, a file that may not be read) go to `result`, located.
 */
async function readNdjson(abs: string, shown: string, options: LintOptions, result: LintResult, onRecord: (el: StreamedElement) => void | Promise<void>, onRead?: (share: number) => void): Promise<void> {
  const { ndjsonRecords } = await import("./stream.js");
  try {
    for await (const el of ndjsonRecords(abs, shown, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, onRead, options.readRoots)) await onRecord(el);
  } catch (e) {
    result.errors.push(toFileError(e, shown));
  }
}

/**
 * Files below which worker threads cost more than they save: a worker loads and warms up on its own, and while
 * it does, the compilers of two engines share the cores. Measured on 2 cores with --jobs 2 (one worker beside
 * the main thread), against linting on the main thread alone: 2,000-4,000 files took up to 40% longer, 5,000 as
 * long, 10,000 10-15% less. More workers share the cost: 5,000 / (jobs - 1) files, and never fewer than 2,000.
 */
export function minFilesForWorkers(jobs: number): number {
  return sharedAmong(jobs, 5000, 2000);
}

/** A threshold measured with --jobs 2, for `jobs` threads: `atTwo` / (jobs - 1), and never below `floor`. */
function sharedAmong(jobs: number, atTwo: number, floor: number): number {
  return Math.max(floor, Math.ceil(atTwo / Math.max(1, jobs - 1)));
}

/**
 * Streamed lists and NDJSON files of at least this many bytes in all are worth worker threads, for the same
 * reason as minFilesForWorkers. Measured on 2 cores with --jobs 2 (two workers; the main thread reads), Resource
 * Graph files of 800-byte accounts against the main thread alone: 20 MB took 15-35% longer, 40 MB as long,
 * 79 MB 25% less. 40 MiB / (jobs - 1), and never less than 16 MiB (about 20,000 records).
 */
export function minListBytesForWorkers(jobs: number): number {
  return sharedAmong(jobs, 40 * 1024 * 1024, 16 * 1024 * 1024);
}
/** Files per task, and records (or characters) per task, for worker threads. */
const FILES_PER_TASK = 50;
const RECORDS_PER_TASK = 400;
const CHARS_PER_TASK = 1 << 20;

function listBytes(files: readonly string[], streamed: (abs: string) => boolean): number {
  let n = 0;
  for (const f of files) if (streamed(f)) n += fileSize(f);
  return n;
}

/**
 * Lints on the main thread and worker threads: small files in batches, large lists and NDJSON files record by
 * record in batches (the main thread finds where records start and end). Results are merged in task order; at
 * most a few tasks per worker are in flight, so memory stays bounded by what is read ahead.
 */
async function lintWithPool(
  files: readonly string[],
  options: LintOptions,
  /** Threads that lint: the workers, and the main thread when there are fewer workers than this. */
  jobs: number,
  streamed: (abs: string) => boolean,
  forFile: (abs: string, shown: string) => Promise<LintOptions | undefined>,
  /** Called for each file of a batch (streamed files go through `forFile`). */
  onBatchedFile: (abs: string) => Promise<void>,
  result: LintResult,
  /** After each file; and, while a streamed file is read, the share of it read (see LintOptions.onProgress). */
  progress: { readonly file: () => void; readonly share: ((read: number) => void) | undefined },
  /** The worker threads, starting (lintPaths may start them while it still lists files). */
  starting: Promise<LintPool>,
): Promise<void> {
  const { unpackResult } = await import("../parallel/transfer.js");
  const pool = await starting;
  const base = options.base ?? options.cwd ?? process.cwd();
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
  // Options for a task the main thread lints: a worker's (a part of this run, its files already found).
  const here: LintOptions = { ...options, discovered: true, partOfRun: true, jobs: 1, workerSetup: undefined, onProgress: undefined };
  /** Sends a task to the workers or, while each of them has enough waiting, lints it on the main thread (mainLints). */
  const dispatch = async (task: Task, then?: () => void) => {
    if (mainLints && pool.inFlight >= inFlightLimit) {
      const local = task.kind === "files" ? await lintPaths(task.files, here) : await lintElements(task.abs, task.shown, task.elements, options);
      parts.push({ local, closed: true });
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
        mergeLocal(head.local, result);
      } else {
        if (!head.packed && !head.error) {
          if (!all && pool.inFlight <= inFlightLimit) return;
          await head.task;
        }
        if (head.error) mergeLocal(await recover(head.sent), result);
        else unpackResult(head.packed!, result);
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
    const out: LintResult = { findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0, files: [], checkedResources: [] };
    const retries: Task[] = task.kind === "files" && task.files.length > 1 ? task.files.map((f) => ({ kind: "files", files: [f] })) : [task];
    for (const t of retries) {
      try {
        unpackResult(await pool.run(t), out);
      } catch (e) {
        if (t.kind === "files") for (const f of t.files) out.errors.push(workerFailed(e, displayPath(f, base)));
        else out.errors.push({ ...workerFailed(e, t.shown), line: (t.elements[0]?.line ?? 0) + 1 });
      }
    }
    return out;
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
        await onBatchedFile(abs);
        continue;
      }
      await flush();
      const shown = displayPath(abs, base);
      let o: LintOptions | undefined;
      try {
        o = await forFile(abs, shown);
      } catch (e) {
        result.errors.push(toFileError(e, shown)); // this file's error; the run goes on (sorted by finish)
        continue;
      }
      if (!o) continue;
      const local: LintResult = { findings: [], errors: [], notes: [], filesLinted: 1, resourcesChecked: 0, files: [shown], checkedResources: [] };
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
      if (NDJSON.test(abs)) await readNdjson(abs, shown, o, local, add, progress.share);
      else {
        const { streamListElements } = await import("./stream.js");
        try {
          for await (const el of streamListElements(abs, shown, o.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, progress.share, o.readRoots)) await add(el);
        } catch (e) {
          await send();
          if (e instanceof InputError && e.code === "not-a-list") {
            // Not a list (a big template, say): read it whole, which refuses it when it is over the file-size limit.
            (local as { filesLinted: number }).filesLinted--;
            local.files!.pop();
            const whole: LintResult = { findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0, files: [], checkedResources: [] };
            lintOne(() => readLimited(abs, shown, o.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, Infinity, o.readRoots), shown, o, whole, undefined, abs);
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
  // A bad configuration file is reported by every batch that met it: once is enough.
  const seen = new Set<string>();
  const errors = result.errors.filter((e) => !seen.has(errorKey(e)) && (seen.add(errorKey(e)), true));
  result.errors.length = 0;
  append(result.errors, errors);
}

/** A worker's failure on a file (or on records of it, at their first line) as that file's error. */
function workerFailed(e: unknown, shown: string): FileError {
  return { file: shown, line: 1, column: 1, message: `internal error: a lint worker failed on this file: ${(e as Error)?.message ?? String(e)}`, code: "internal-error" };
}

/** Stands in the merge list for a part already merged (so its data can be collected). */
const DONE = { local: { findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0 } as LintResult, closed: true };

function mergeLocal(p: LintResult, into: LintResult): void {
  append(into.findings, p.findings);
  append(into.errors, p.errors);
  appendNotes(into.notes, p.notes);
  (into as { filesLinted: number }).filesLinted += p.filesLinted;
  (into as { resourcesChecked: number }).resourcesChecked += p.resourcesChecked;
  if (p.files && into.files) append(into.files, p.files);
  if (p.checkedResources && into.checkedResources) append(into.checkedResources, p.checkedResources);
}

/**
 * Lints records of one streamed list or NDJSON file (a worker's task); positions are the file's own. With
 * `each`, every record's result is handed over (and dropped) as soon as it is known.
 */
export async function lintElements(abs: string, shown: string, elements: readonly StreamedElement[], options: LintOptions, each?: (r: LintResult) => void): Promise<LintResult> {
  let result: LintResult = { findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0, files: [], checkedResources: [] };
  let o: LintOptions = options.context ? options : { ...options, context: new RunContext() };
  if (options.resolveConfig) {
    try {
      o = withFileConfig(o, await options.resolveConfig(abs));
    } catch (e) {
      // A bad configuration is reported where the file's configuration was first resolved (lintPaths).
      if (!(e instanceof ConfigError)) result.errors.push(toFileError(e, shown));
      return result;
    }
  }
  for (const el of elements) {
    lintOne(() => el.text, shown, o, result, undefined, undefined, { line: el.line, offset: el.offset, column: el.column ?? 0, pointer: el.pointer });
    if (each) {
      each(result);
      result = { findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0, files: [], checkedResources: [] };
    }
  }
  return result;
}

/** `main.json` ↔ `main.parameters.json` (or .jsonc) in the same folder. */
export function pairedParametersFile(abs: string): string[] {
  const dir = path.dirname(abs);
  const stem = path.basename(abs).replace(/\.jsonc?$/i, "");
  return [path.join(dir, `${stem}.parameters.json`), path.join(dir, `${stem}.parameters.jsonc`)];
}

/** Directory listings, read once per directory during a run (parameters-file pairing). */
const dirListings = new Map<string, Set<string>>();
function fileExists(abs: string): boolean {
  const dir = path.dirname(abs);
  let names = dirListings.get(dir);
  if (!names) {
    try {
      names = new Set(fs.readdirSync(dir));
    } catch {
      names = new Set();
    }
    if (dirListings.size > 10_000) dirListings.clear();
    dirListings.set(dir, names);
  }
  return names.has(path.basename(abs));
}

/** Parsed parameters files, keyed by path and modification time (shared by every template using them). */
const paramsCache = new Map<string, { mtimeMs: number; doc: ParsedDoc | FileError }>();

/**
 * A parameters file: paired or configured, it is chosen by the tree being linted, so it is read like a linked
 * template (a regular file whose real path is inside `roots`, within the size limit).
 */
function loadParameters(abs: string, base: string, max: number, roots: readonly string[]): ParsedDoc | FileError {
  const shown = displayPath(abs, base);
  let input: OpenInput;
  try {
    input = openInput(abs, shown, roots, "chosen");
  } catch (e) {
    return toFileError(e, shown);
  }
  const key = `${abs}\u0000${shown}\u0000${max}`;
  const hit = paramsCache.get(key);
  if (hit && hit.mtimeMs === input.mtimeMs) {
    fs.closeSync(input.fd);
    return hit.doc;
  }
  let doc: ParsedDoc | FileError;
  try {
    doc = parseDocument(readOpened(input, abs, shown, max), shown);
  } catch (e) {
    doc = toFileError(e, shown);
  }
  if (paramsCache.size > 1000) paramsCache.clear();
  paramsCache.set(key, { mtimeMs: input.mtimeMs, doc });
  return doc;
}

/**
 * Evaluation inputs for one template: explicit parameters files (--parameters / configuration; later wins),
 * else NAME.parameters.json beside NAME.json; --param values; the deployment context. Parameters files and
 * linked templates are read within the run's read roots (pipeline/read.ts).
 */
function templateOptions(abs: string | undefined, options: LintOptions, result: LintResult): TemplateOptions {
  const cwd = options.cwd ?? process.cwd();
  const base = options.base ?? cwd;
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const files: ParsedDoc[] = [];
  const explicit = options.parameterFiles ?? [];
  const candidates = explicit.length ? explicit : abs ? pairedParametersFile(abs).filter(fileExists).slice(0, 1) : [];
  // In-memory text (lintText) has no run: the roots of what it names, or of the current directory (found when needed).
  let roots = options.readRoots;
  const within = () => (roots ??= readRoots(abs ? [abs, ...explicit] : explicit, cwd));
  for (const f of candidates) {
    const d = loadParameters(path.resolve(cwd, f), base, max, within());
    if ("root" in d) {
      if (recognise(d) === "arm-parameters") files.push(d);
      else if (explicit.length) result.errors.push({ file: d.file, line: 1, column: 1, message: "not an ARM parameters file", code: "invalid-parameters" });
    } else if (!result.errors.some((e) => e.file === d.file && e.message === d.message)) result.errors.push(d);
  }
  const display = (p: string) => displayPath(p, base);
  /** A linked template (templateLink.relativePath): chosen by the template, so read only inside the roots. */
  const readFile = (p: string) => readLimited(p, display(p), max, Infinity, within(), "chosen");
  return { parameterFiles: files, cliParams: options.cliParams, deployment: options.deployment, absPath: abs, display, readFile, limits: options.evaluationLimits };
}

/** One shared `{description, edits: []}` per fix description (audits keep many findings). */
const fixDescriptions = new Map<string, NonNullable<Finding["fixInput"]>>();
function describedFix(description: string): NonNullable<Finding["fixInput"]> {
  let d = fixDescriptions.get(description);
  if (!d) fixDescriptions.set(description, (d = Object.freeze({ description, edits: Object.freeze([]) as [] })));
  return d;
}

const errorKey = (e: FileError) => `${e.file}\u0000${e.line}\u0000${e.column}\u0000${e.message}`;

export function toFileError(e: unknown, file: string): FileError {
  if (e instanceof InputError) return { file, line: e.line, column: e.column, message: e.message, code: e.code };
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === "string" && err.syscall) {
    const what = err.code === "EACCES" ? "permission denied" : err.code === "EISDIR" ? "is a directory" : err.code === "ENOENT" ? "no such file" : err.message;
    return { file, line: 1, column: 1, message: `cannot read file: ${what}`, code: "unreadable" };
  }
  return { file, line: 1, column: 1, message: `internal error: ${(e as Error)?.stack ?? String(e)}`, code: "internal-error" };
}

function finish(result: LintResult): LintResult {
  result.findings.sort(compareFindings);
  result.errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  result.notes.sort((a: Note, b: Note) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return result;
}

