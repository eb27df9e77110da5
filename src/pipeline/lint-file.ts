/**
 * Linting one file: its configuration, then read whole, or streamed when it is a large list or NDJSON, and each
 * document (the file, or each record of it) parsed, recognised, evaluated, checked, its suppressions applied and
 * its fixes worked out. The main thread (pipeline/run.ts, parallel/schedule.ts) and the worker threads
 * (parallel/worker.ts) lint files with this, each into its own ResultBuilder, with its own RunContext.
 */
import { slot, type RunContext } from "../context.js";
import { ConfigError, type ConfigSuppression, type FileConfig } from "../config/config.js";
import { appendNotes, type Finding } from "../engine/findings.js";
import { lintDocument, type DocSet, type RuleSetting } from "../engine/run.js";
import { recognise } from "../input/recognise.js";
import { bicepKindOf, parseBicepDoc } from "../input/bicep/read.js";
import { isBicepDoc } from "../input/bicep/doc.js";
import { parseTerraformDoc, terraformKindOf } from "../input/terraform/read.js";
import { bicepCodeSpans } from "../model/syntax.js";
import { terraformTerms, terraformTypeOf } from "../model/syntax-terraform.js";
import { isTerraformDoc } from "../input/terraform/doc.js";
import { DEFAULT_PARSE_LIMITS, InputError, parseDocument, type ParsedDoc } from "../parse/document.js";
import { computeFix } from "../post/fix.js";
import { applySuppressions } from "../post/suppress.js";
import { displayPath } from "./discover.js";
import { templateOptions } from "./parameters.js";
import { DEFAULT_MAX_FILE_SIZE, NDJSON, readLimited, STREAM_THRESHOLD, StreamInstead } from "./read.js";
import { append, describedFix, fixDescriptions, toFileError, type ResultBuilder } from "./result.js";
import type { LintOptions } from "./run.js";
import type { StreamedElement } from "./stream.js";

/** Tracks configuration suppressions across files (unused ones are reported once, at the end of the run). */
export interface SuppressionTracker {
  /** Each suppression that applies to a linted file, with the settings of the first such file's configuration. */
  readonly applicable: Map<ConfigSuppression, ReadonlyMap<string, RuleSetting> | undefined>;
  readonly used: Set<ConfigSuppression>;
}

/** What the files of a run share: its state, its options and where its results go. */
export interface RunState {
  /** The run's state (one per lintPaths or lintText call, and one per worker thread). */
  readonly ctx: RunContext;
  /** The run's options: a file's configuration is resolved from them (fileOptions). */
  readonly options: LintOptions;
  /** The directory names in results are relative to (of linted files, parameters files, linked templates, configuration files). */
  readonly base: string;
  /** The run's configuration suppressions; undefined where the caller reports them itself (a task of a larger run). */
  readonly tracker: SuppressionTracker | undefined;
  /** Where the findings, errors, notes and counts go. */
  readonly out: ResultBuilder;
}

/** What a document is linted as, in its run. */
export interface Source extends RunState {
  /** The file's absolute path; absent for text in memory (lintText, standard input): no parameters file is paired with it. */
  readonly abs?: string;
  /** The file's name in results. */
  readonly shown: string;
}

/** One file to lint (see lintFile). */
export interface FileJob extends Source {
  readonly abs: string;
  /** Known to be streamed (its size was measured: true) or read whole (false); undefined: decided when it is opened. */
  readonly streamed?: boolean;
  /** While a streamed file is read: the share of it read (for a progress bar). */
  readonly onRead?: (share: number) => void;
}

/** Where a record of a streamed list or NDJSON file starts in the file (its positions are shifted by it). */
export interface RecordStart {
  readonly line: number;
  readonly offset: number;
  readonly column?: number;
  readonly pointer?: string;
}

/**
 * Lints one file: its configuration (a bad one is an error of the run, an ignored file a note), then the file read
 * whole, or streamed when it is a large list or NDJSON. Whatever goes wrong is that file's error: other files' results stand.
 */
export async function lintFile(job: FileJob): Promise<void> {
  try {
    const o = await fileOptions(job, job.abs);
    if (!o) return;
    if (NDJSON.test(job.abs)) await lintNdjson(job, o);
    else if (job.streamed) await lintStreamedList(job, o);
    else {
      // Whether to stream is decided from the size read when the file is opened (no stat of its own per file).
      const streamAbove = job.streamed === false ? Infinity : (job.options.streamThreshold ?? STREAM_THRESHOLD);
      try {
        lintSource(job, o, () => readLimited(job.abs, job.shown, job.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, streamAbove, job.options.readRoots));
      } catch (e) {
        if (!(e instanceof StreamInstead)) throw e;
        await lintStreamedList(job, o);
      }
    }
  } catch (e) {
    job.out.errors.push(toFileError(e, job.shown));
  }
}

/** Configuration files already reported as errors in this run (each is reported once). */
const BAD_CONFIGS = slot("configuration files reported as bad", () => new Set<string>());

/**
 * The options for one file (`abs`, for its configuration): per-file configuration when the run has a resolver; a
 * bad configuration file is reported (once per run), an ignored file noted. Undefined: the file is not linted.
 */
export async function fileOptions(s: Source, abs: string): Promise<LintOptions | undefined> {
  const options = s.options;
  if (!options.resolveConfig) return options;
  let fc: FileConfig;
  try {
    fc = await options.resolveConfig(abs);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const bad = s.ctx.get(BAD_CONFIGS);
    if (!bad.has(e.file)) {
      bad.add(e.file);
      for (const i of e.issues) s.out.errors.push({ file: displayPath(e.file, s.base), line: i.line, column: i.column, message: i.message, code: "config-error" });
    }
    return undefined;
  }
  if (fc.ignored) {
    s.out.notes.push({ file: s.shown, kind: "skipped", message: `ignored by ${displayPath(fc.configFile ?? "", s.base)}` });
    return undefined;
  }
  if (s.tracker) for (const c of fc.suppressions) if (!s.tracker.applicable.has(c)) s.tracker.applicable.set(c, fc.settings);
  return withFileConfig(s.ctx, options, fc);
}

/** The options made last for a file with no parameters files or suppressions of its own, and what they were made from. */
interface LastFileOptions {
  readonly options: LintOptions;
  readonly rules: FileConfig["rules"];
  readonly settings: FileConfig["settings"];
  readonly merged: LintOptions;
}
const LAST_FILE_OPTIONS = slot<{ last?: LastFileOptions }>("options of the last plain file", () => ({}));

/** The options for one file: the run's, with its configuration's rules, settings, parameters files and suppressions. */
function withFileConfig(ctx: RunContext, options: LintOptions, fc: FileConfig): LintOptions {
  // Most files of a run have the same rules and settings and no parameters files or suppressions of their own:
  // they share one options object (copying the options cost more per file than reading a small file).
  const plain = fc.parameterFiles.length === 0 && fc.suppressions.length === 0;
  const memo = ctx.get(LAST_FILE_OPTIONS);
  const last = memo.last;
  if (plain && last && last.options === options && last.rules === fc.rules && last.settings === fc.settings) return last.merged;
  const merged: LintOptions = {
    ...options,
    rules: fc.rules,
    settings: fc.settings,
    parameterFiles: [...(options.parameterFiles ?? []), ...fc.parameterFiles],
    suppressions: [...(options.suppressions ?? []), ...fc.suppressions],
  };
  if (plain) memo.last = { options, rules: fc.rules, settings: fc.settings, merged };
  return merged;
}

/**
 * Lints records of one streamed list or NDJSON file (a task of the run, on a worker or the main thread): the
 * file's configuration was resolved, and reported, where the file was read. With `each`, called after every
 * record with `s.out` (a worker packs and empties it, so that the record's findings die young).
 */
export async function lintRecords(s: Source & { readonly abs: string }, elements: readonly StreamedElement[], each?: (out: ResultBuilder) => void): Promise<void> {
  let o: LintOptions = s.options;
  if (s.options.resolveConfig) {
    try {
      o = withFileConfig(s.ctx, s.options, await s.options.resolveConfig(s.abs));
    } catch (e) {
      // A bad configuration is reported where the file's configuration was first resolved (fileOptions).
      if (!(e instanceof ConfigError)) s.out.errors.push(toFileError(e, s.shown));
      return;
    }
  }
  for (const el of elements) {
    lintSource(s, o, () => el.text, { line: el.line, offset: el.offset, column: el.column ?? 0, pointer: el.pointer });
    each?.(s.out);
  }
}

/** A large file read whole after all (it is not a list): refused when it is over the file-size limit. */
export function lintWhole(s: Source & { readonly abs: string }, o: LintOptions): void {
  lintSource(s, o, () => readLimited(s.abs, s.shown, o.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, Infinity, o.readRoots));
}

/** A large exported list (array, `value`, `data`), one element at a time; positions stay the file's own. */
async function lintStreamedList(job: FileJob, o: LintOptions): Promise<void> {
  const { streamListElements } = await import("./stream.js");
  job.out.addFile(job.shown);
  try {
    for await (const el of streamListElements(job.abs, job.shown, o.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, job.onRead, o.readRoots)) {
      lintSource(job, o, () => el.text, { line: el.line, offset: el.offset, column: el.column ?? 0, pointer: el.pointer });
    }
  } catch (e) {
    // Not a list (a big template, say): read it whole, which refuses it when it is over the file-size limit.
    if (e instanceof InputError && e.code === "not-a-list") {
      job.out.dropFile();
      lintWhole(job, o);
      return;
    }
    job.out.errors.push(toFileError(e, job.shown));
  }
}

/** NDJSON, record by record (pipeline/ndjson.ts): findings keep the file's own line numbers. */
async function lintNdjson(job: FileJob, o: LintOptions): Promise<void> {
  const { readNdjson } = await import("./ndjson.js");
  job.out.addFile(job.shown);
  await readNdjson(job.abs, job.shown, o, job.out, (el) => lintSource(job, o, () => el.text, { line: el.line, offset: el.offset }), job.onRead);
}

/**
 * Parses a file's text with the reader its name asks for: Bicep for .bicep and .bicepparam, Terraform (HCL) for .tf
 * and .tfvars (by `abs`, else by the name shown), JSON otherwise. The one place that choice is made: lint, and the
 * fix loop's check that a fixed text still parses (cli/fix.ts), read a file alike.
 */
export function parseSource(text: string, file: string, context: RunContext, maxDepth?: number, abs?: string): ParsedDoc {
  const bicep = bicepKindOf(abs ?? file);
  if (bicep) return parseBicepDoc(text, file, context, bicep);
  const terraform = terraformKindOf(abs ?? file);
  if (terraform) return parseTerraformDoc(text, file, context, terraform);
  return parseDocument(text, file, { maxDepth: Math.min(maxDepth ?? DEFAULT_PARSE_LIMITS.maxDepth, DEFAULT_PARSE_LIMITS.maxDepth), plain: true, context });
}

/**
 * A finding in a file of another syntax than JSON (Bicep) says so, and its message names that syntax's literals
 * (model/syntax.ts): the engine writes rule text in JSON terms, once.
 */
function inItsSyntax(f: Finding, docs: DocSet, plan: boolean): void {
  const doc = docs.get(f.file);
  const completing: { syntax?: Finding["syntax"]; message: string } = f;
  if (isBicepDoc(doc)) {
    completing.syntax = "bicep";
    completing.message = bicepCodeSpans(f.message);
  } else if (isTerraformDoc(doc)) {
    completing.syntax = "terraform";
    completing.message = terraformTerms(f.message, f.resource.type, terraformTypeOf(f.resource.pointer ?? f.pointer));
  } else if (plan) {
    // A plan's values are the provider's attributes (its JSON is not edited): its findings name them as a .tf's do.
    // The resource's address (`module.m.azurerm_batch_account.a[0]`) gives its Terraform type.
    completing.syntax = "terraform";
    completing.message = terraformTerms(f.message, f.resource.type, /(?:^|\.)([a-z][a-z0-9_]*)\.[^.[]+(?:\[[^\]]*\])?$/.exec(f.resource.label)?.[1]);
  }
}

/** The kinds of document evaluated with parameters, variables and the files they name (templateOptions). */
const TEMPLATE_KINDS: ReadonlySet<string> = new Set(["arm-template", "bicep", "bicepparam", "terraform", "tfvars"]);

/**
 * Lints one document, `read()` (a whole file, or a record of one at `record`), with the file's options `o`; its
 * results go to `s.out`. A document that cannot be read or parsed is its error (StreamInstead goes to the caller).
 */
export function lintSource(s: Source, o: LintOptions, read: () => string, record?: RecordStart): void {
  const out = s.out;
  const file = s.shown;
  let doc: ParsedDoc;
  try {
    doc = parseSource(read(), file, s.ctx, o.maxDepth, s.abs);
  } catch (e) {
    if (e instanceof StreamInstead) throw e;
    const err = toFileError(e, file);
    out.errors.push(record ? { ...err, line: err.line + record.line, column: err.line === 1 ? err.column + (record.column ?? 0) : err.column } : err);
    return;
  }
  if (record) doc.base = record;
  else out.addFile(file);
  const docs: DocSet = new Map([[file, doc]]);
  try {
    const kind = recognise(doc);
    const r = lintDocument(s.ctx, doc, o, docs, TEMPLATE_KINDS.has(kind) ? templateOptions(s.ctx, s.abs, s.base, o, out) : {});
    const tracker = s.tracker;
    const extra = applySuppressions(doc, r.findings, r.resources, {
      rules: o.rules,
      settings: o.settings,
      configSuppressions: o.suppressions,
      onConfigSuppressionUsed: (c) => tracker?.used.add(c),
      reportUnused: o.reportUnusedSuppressions,
      displayPath: (p) => displayPath(p, s.base),
    });
    const fixes = o.fixes !== false;
    let descriptions: ReturnType<typeof fixDescriptions> | undefined;
    // A JSON document's findings all lie in JSON (an ARM template links no Bicep or Terraform).
    const plan = kind === "terraform-plan";
    const inSource = isBicepDoc(doc) || isTerraformDoc(doc) || plan;
    if (inSource) for (const f of extra) inItsSyntax(f, docs, plan);
    for (const f of r.findings) {
      if (inSource) inItsSyntax(f, docs, plan);
      if (!f.fixInput) continue;
      const outcome = fixes ? computeFix(doc, f.fixInput) : undefined;
      // The engine's findings are the pipeline's to complete, once, here: their fix, and what they keep of its input.
      // In place: a copy of each finding with a fix cost 2-3 MB more peak RSS on 2,000 files of an audit.
      const completing: { fix?: Finding["fix"]; fixInput?: Finding["fixInput"] } = f;
      if (outcome && "fix" in outcome) {
        // A record of a streamed list or NDJSON file: its offsets, shifted to the file's.
        completing.fix = record ? { ...outcome.fix, edits: outcome.fix.edits.map((e) => ({ ...e, offset: e.offset + record.offset })) } : outcome.fix;
      } else if (outcome) r.notes.push({ file: f.file, line: f.region.startLine, column: f.region.startColumn, kind: "info", message: `${f.ruleId}: no automatic fix: ${outcome.refused}` });
      // The edits hold Props, which hold the whole evaluated document: the finding keeps only the description.
      completing.fixInput = describedFix((descriptions ??= fixDescriptions(s.ctx)), f.fixInput.description);
    }
    // Loops, not push(...xs): a document can have more findings than a call has room for arguments (125,000
    // findings from 130,000 duplicate keys overflowed the stack).
    append(out.findings, r.findings);
    append(out.findings, extra);
    appendNotes(out.notes, r.notes);
    append(out.errors, r.errors);
    out.resourcesChecked += r.resources.length;
    if (out.checkedResources)
      for (const x of r.resources) out.checkedResources.push({ file, type: x.type, label: r.redactor ? r.redactor.redact(x.label) : x.label, id: x.id && r.redactor ? r.redactor.redact(x.id) : x.id });
  } catch (e) {
    out.errors.push(toFileError(e, file));
  }
}
