/**
 * The pipeline of a run: discover → (per file, pipeline/lint-file.ts) read → parse → recognise → evaluate → check →
 * suppress and fix → sort. Many files or large lists are linted on worker threads too (parallel/schedule.ts).
 */
import path from "node:path";
import { RunContext } from "../context.js";
import type { ConfigSuppression, FileConfig } from "../config/config.js";
import type { LintResult } from "../engine/findings.js";
import type { EngineConfig } from "../engine/run.js";
import type { DeploymentContext } from "../input/arm/scope.js";
import type { EvalLimits } from "../input/budget.js";
import type { Value } from "../model/value.js";
import type { LintPool, WorkerSetup } from "../parallel/pool.js";
import { minFilesForWorkers, minListBytesForWorkers } from "../parallel/thresholds.js";
import { MISSING_JUSTIFICATION, pseudoFinding, pseudoSeverity, UNUSED_SUPPRESSION } from "../post/suppress.js";
import { discover, displayPath, type Discovered } from "./discover.js";
import { fileOptions, lintFile, lintSource, type RunState, type SuppressionTracker } from "./lint-file.js";
import { DEFAULT_MAX_FILE_SIZE, fileSize, NDJSON, readRoots, STREAM_THRESHOLD } from "./read.js";
import { ResultBuilder, toFileError } from "./result.js";

export { DEFAULT_MAX_FILE_SIZE, STREAM_THRESHOLD } from "./read.js";

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
  /** Terraform: --var NAME=VALUE, values as written (TemplateOptions.terraformVars). */
  readonly terraformVars?: ReadonlyMap<string, string>;
  /** Terraform: --var-file FILE, absolute, in the order given (TemplateOptions.terraformVarFiles). */
  readonly terraformVarFiles?: readonly string[];
  /** Terraform: how many --var-file files come before each --var (TemplateOptions.terraformVarsAfter). */
  readonly terraformVarsAfter?: ReadonlyMap<string, number>;
  /** --subscription-id, --resource-group, --location ... (fields not given are unknown). */
  readonly deployment?: DeploymentContext;
  /** Report suppressions that suppress nothing (BATCH991). */
  readonly reportUnusedSuppressions?: boolean;
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
  /**
   * The run's state (caches, interners, observers; context.ts) to lint with; lintPaths and lintText make one per
   * call when none is given. A caller that lints many texts with the same options may share one between them.
   */
  readonly context?: RunContext;
}

/** Lints one in-memory text as file `file` (display name). */
export function lintText(text: string, file: string, config: EngineConfig | LintOptions): LintResult {
  const options: LintOptions = config;
  const out = new ResultBuilder(false);
  const base = options.base ?? options.cwd ?? process.cwd();
  lintSource({ shown: file, base, ctx: options.context ?? new RunContext(), options, tracker: undefined, out }, options, () => text);
  return out.finish();
}

/**
 * Lints files, directories and globs (`-`: standard input). `stdin` reads standard input, refusing more than
 * `limit` bytes (an InputError, reported as its located error).
 */
export async function lintPaths(inputs: readonly string[], runOptions: LintOptions, stdin?: (limit: number) => Promise<string>): Promise<LintResult> {
  const cwd = runOptions.cwd ?? process.cwd();
  // The tree reads stay in: the inputs', and the named parameters and variable files'.
  const options: LintOptions = runOptions.readRoots ? runOptions : { ...runOptions, readRoots: readRoots([...inputs, ...namedFiles(runOptions)], cwd) };
  const base = options.base ?? cwd;
  const tracker: SuppressionTracker = { applicable: new Map(), used: new Set() };
  const out = new ResultBuilder(true);
  const ctx = options.context ?? new RunContext();
  const run: RunState = { ctx, options, base, tracker, out };
  const fileInputs = inputs.filter((i) => i !== "-");
  if (inputs.includes("-") && stdin) {
    const name = options.stdinName ?? "<stdin>";
    let text: string | undefined;
    try {
      text = await stdin(options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    } catch (e) {
      out.errors.push(toFileError(e, name));
    }
    if (text !== undefined) {
      // Standard input has a name for its configuration, but no place: no parameters file is paired with it.
      const source = { ctx, options, base, tracker, out, shown: name };
      const o = await fileOptions(source, path.resolve(cwd, name));
      if (o) lintSource(source, o, () => text);
    }
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
    found = await discover(fileInputs, cwd, pooled ? { many: manyFiles, call: () => startPool(jobs - 1) } : undefined);
  } catch (e) {
    await early?.then((p) => p.close());
    throw e;
  }
  for (const m of found.missing) out.errors.push({ file: m.input, line: 1, column: 1, message: m.message, code: "not-found" });
  for (const c of found.compiled) out.notes.push({ file: displayPath(c.file, base), kind: "skipped", message: `compiled by Bicep from ${displayPath(c.bicep, base)}, which is linted; not linted again` });
  for (const p of found.paired) out.notes.push({ file: displayPath(p.file, base), kind: "info", message: `linted with the values of ${displayPath(p.bicepparam, base)}, which uses it; not on its own` });
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
    const starting = early ?? startPool(found.files.length >= manyFiles ? jobs - 1 : jobs);
    const progress = { file: () => options.onProgress?.(++done, found.files.length), share };
    const { lintWithPool } = await import("../parallel/schedule.js");
    await lintWithPool(run, found.files, jobs, split, progress, starting);
  } else {
    for (const abs of found.files) {
      // A literal, not a spread of `run`: the spread cost 10% of an audit of 2,000 small files.
      await lintFile({ ctx, options, base, tracker, out, abs, shown: displayPath(abs, base), streamed: streamedFiles.get(abs), onRead: share });
      options.onProgress?.(++done, found.files.length);
    }
  }
  reportConfigSuppressions(tracker, options, base, out);
  return out.finish();
}

/** The files the options name (--parameters, --var-file): their trees are read roots too. */
function namedFiles(options: Pick<LintOptions, "parameterFiles" | "terraformVarFiles">): string[] {
  return [...(options.parameterFiles ?? []), ...(options.terraformVarFiles ?? [])];
}

/** Bytes of the files to stream among `files`. */
function listBytes(files: readonly string[], streamed: (abs: string) => boolean): number {
  let n = 0;
  for (const f of files) if (streamed(f)) n += fileSize(f);
  return n;
}

/** Configuration suppressions: missing justifications (BATCH990) and, on request, unused ones (BATCH991). */
function reportConfigSuppressions(tracker: SuppressionTracker, options: LintOptions, base: string, out: ResultBuilder): void {
  for (const [s, settings] of tracker.applicable) {
    const file = displayPath(s.source.file, base);
    const missing = pseudoSeverity(MISSING_JUSTIFICATION, settings);
    if (!s.justification && missing) out.findings.push(pseudoFinding(MISSING_JUSTIFICATION, missing, "missing", { rules: s.rule }, file, s.source.region));
    const unused = pseudoSeverity(UNUSED_SUPPRESSION, settings);
    if (options.reportUnusedSuppressions && unused && !tracker.used.has(s)) out.findings.push(pseudoFinding(UNUSED_SUPPRESSION, unused, "unused", { rule: s.rule }, file, s.source.region));
  }
}
