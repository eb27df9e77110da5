/**
 * --fix / --fix-dry-run: per file, the fix loop with that file's configuration; write or print a diff.
 *
 * Writing is safe against what a pull request can contain and against interruption:
 *   - only a file linted in this run is written (the file a fix's edits are for, never a parameters file or a
 *     linked template it was not asked to lint);
 *   - never through a symbolic link: a linted link, or a file under a linked directory (below the base of the
 *     run), is not fixed. Replacing the link would change what the repository holds, and writing through it
 *     would rewrite a file outside the linted paths; a target inside them is linted, and fixed, under its own name;
 *   - atomically: the fixed text goes to a new temporary file beside the target (same directory, O_EXCL, random
 *     name, the target's mode), which is flushed and then renamed over the target. A kill at any moment leaves the
 *     original or the fixed text, never a truncated file. SIGINT, SIGTERM and SIGHUP are held while a file is
 *     written and remove its temporary file; only SIGKILL (or a crash of the machine) can leave one behind, named
 *     `.NAME.batchlint-RANDOM.tmp`;
 *   - a file that changed between reading and renaming is not overwritten.
 * Standard input is never a file: with --fix its fixed text (or the text unchanged) is printed to standard output,
 * as Ruff and Prettier do, so that `batchlint --fix - < a.json > b.json` works as a filter.
 * The dry-run diff is redacted like finding messages (post/secrets.ts): its context lines are the file's own lines.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Finding, LintResult } from "../engine/findings.js";
import { ConfigError, type ConfigResolver } from "../config/config.js";
import type { Value } from "../model/value.js";
import { decode } from "../parse/document.js";
import { parseSource } from "../pipeline/lint-file.js";
import { lintText } from "../pipeline/run.js";
import { lintDocument } from "../engine/run.js";
import { templateOptions } from "../pipeline/parameters.js";
import { ResultBuilder } from "../pipeline/result.js";
import { recognise } from "../input/recognise.js";
import { Redactor } from "../post/secrets.js";
import { fixLoop, unifiedDiff, type FixLoopResult } from "../post/fix.js";
import { readFd } from "../pipeline/read.js";
import { RunContext } from "../context.js";

export interface FixRunOptions {
  readonly cwd: string;
  readonly base: string;
  readonly resolver: ConfigResolver;
  /** true: write the files (--fix); false: print a unified diff (--fix-dry-run). */
  readonly write: boolean;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Standard input, when it was linted: its name in reports and its text. Its fixes are printed, never written. */
  readonly stdin?: { readonly name: string; readonly text: string };
  /** --param values: secrets among them are redacted in diffs too. */
  readonly cliParams?: ReadonlyMap<string, Value>;
  /** Terraform --var values and --var-file paths (absolute): a fixed text is linted again with them. */
  readonly terraformVars?: ReadonlyMap<string, string>;
  readonly terraformVarFiles?: readonly string[];
  readonly terraformVarsAfter?: ReadonlyMap<string, number>;
  /** Larger files are not rewritten (default 64 MiB, as --max-file-size). */
  readonly maxFileSize?: number;
}

export interface FixRunResult {
  /** Files changed (or that would change), standard input included. */
  readonly changed: number;
  /** With --fix and standard input: the text printed (fixed, or unchanged when nothing applies). */
  readonly stdinText?: string;
}

/** Not fixed, for the reason given (said on stderr; the file's findings stay in the report). */
class NotFixed {
  constructor(readonly reason: string) {}
}

export async function runFixes(result: LintResult, opts: FixRunOptions): Promise<FixRunResult> {
  const stdin = opts.stdin;
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    // Keyed by the file the edits are for (always the linted document), not by where the finding points.
    if (!f.fix || f.suppression || (stdin && f.fix.file === stdin.name)) continue;
    if (!byFile.has(f.fix.file)) byFile.set(f.fix.file, []);
    byFile.get(f.fix.file)!.push(f);
  }
  let changed = 0;
  let stdinText: string | undefined;
  if (stdin) {
    const output = await fixStdin(stdin.name, stdin.text, opts);
    if (output !== stdin.text) changed++;
    if (opts.write) stdinText = output;
  }
  const linted = lintedFiles(result, stdin?.name);
  const guard = opts.write ? new SignalGuard() : undefined;
  try {
    for (const [file, findings] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      try {
        if (await fixFile(file, findings, linted, opts, guard)) changed++;
      } catch (e) {
        if (!(e instanceof NotFixed)) throw e;
        opts.err(`batchlint: ${file}: ${e.reason}; fixes not applied\n`);
      }
    }
  } finally {
    await guard?.release();
  }
  return { changed, stdinText };
}

/** Display names of the files on disk linted in this run (standard input's name only if a file had it too). */
function lintedFiles(result: LintResult, stdinName: string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of result.files ?? []) counts.set(f, (counts.get(f) ?? 0) + 1);
  if (stdinName !== undefined) {
    const n = (counts.get(stdinName) ?? 0) - 1;
    if (n > 0) counts.set(stdinName, n);
    else counts.delete(stdinName);
  }
  return counts;
}

/** Fixes one linted file; true when it changed (or would). Throws NotFixed with the reason it is left alone. */
async function fixFile(file: string, findings: readonly Finding[], linted: ReadonlyMap<string, number>, opts: FixRunOptions, guard: SignalGuard | undefined): Promise<boolean> {
  if (/\.(ndjson|jsonl|gz)$/i.test(file)) throw new NotFixed("NDJSON and compressed files are not rewritten (SARIF and JSON output carry the fixes)");
  if (opts.stdin && file === opts.stdin.name) throw new NotFixed("also the name given to standard input, whose fixes are printed instead");
  if (!linted.has(file)) throw new NotFixed("not one of the files linted in this run");
  const abs = path.resolve(opts.base, file);
  const { buf, stat } = readTarget(abs, file, opts);
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const utf16 = buf[0] === 0xff && buf[1] === 0xfe ? "le" : buf[0] === 0xfe && buf[1] === 0xff ? "be" : undefined;
  if (utf16 === "be") throw new NotFixed("UTF-16 big-endian files are not rewritten");
  const text = decode(buf, file).replace(/^\uFEFF/, "");
  const fc = await opts.resolver.resolve(abs);
  const { output, applied } = runLoop(text, file, fc, opts, findings);
  if (output === text) return false;
  if (opts.write) {
    const data = utf16 === "le" ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(output, "utf16le")]) : Buffer.from((bom ? "\uFEFF" : "") + output, "utf8");
    writeAtomically(abs, data, stat, guard);
    opts.err(`batchlint: fixed ${file} (${summary(applied)})\n`);
  } else {
    opts.out(unifiedDiff(file, text, output, 3, redactorFor(text, file, fc, opts, abs)));
  }
  return true;
}

/** Standard input: the fixed text printed (--fix) or its diff (--fix-dry-run); returns the fixed text. */
async function fixStdin(name: string, text: string, opts: FixRunOptions): Promise<string> {
  let output = text;
  let applied: FixLoopResult["applied"] = new Map();
  try {
    const fc = await opts.resolver.resolve(path.resolve(opts.cwd, name));
    if (!fc.ignored) ({ output, applied } = runLoop(text, name, fc, opts));
  } catch (e) {
    // An invalid configuration is reported by the lint itself: the text is passed through unchanged.
    if (!(e instanceof ConfigError)) throw e;
  }
  if (opts.write) {
    opts.out(output);
    if (output !== text) opts.err(`batchlint: fixed standard input (${name}), printed on standard output (${summary(applied)})\n`);
  } else if (output !== text) opts.out(unifiedDiff(name, text, output, 3, redactorFor(text, name, undefined, opts)));
  return output;
}

/** "BATCH001, BATCH002 x2": the fixes applied, by rule. */
function summary(applied: FixLoopResult["applied"]): string {
  return [...applied]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, n]) => `${id}${n > 1 ? ` x${n}` : ""}`)
    .join(", ");
}

/**
 * The fix loop for one text. `first` (the run's findings) spares a lint pass; if the file changed since it was
 * linted, those edits no longer fit it, and the loop starts again from a lint of the text as it is now.
 */
type FileConfig = Awaited<ReturnType<ConfigResolver["resolve"]>>;

/** The options a file is linted with: its configuration's, and the run's parameters and variables. */
function fileOptions(fc: FileConfig, opts: FixRunOptions) {
  return {
    rules: fc.rules,
    settings: fc.settings,
    parameterFiles: fc.parameterFiles,
    suppressions: fc.suppressions,
    cliParams: opts.cliParams,
    terraformVars: opts.terraformVars,
    terraformVarFiles: opts.terraformVarFiles,
    terraformVarsAfter: opts.terraformVarsAfter,
    cwd: opts.cwd,
    base: opts.base,
  };
}

function runLoop(text: string, file: string, fc: FileConfig, opts: FixRunOptions, first?: readonly Finding[]): FixLoopResult {
  const fileOpts = fileOptions(fc, opts);
  const relint = (t: string) => lintText(t, file, fileOpts).findings.filter((f) => f.fix?.file === file);
  // A fixed text must still parse as the file's syntax (Bicep for .bicep, JSON otherwise): the reader lint uses.
  const parse = (t: string) => parseSource(t, file, new RunContext());
  if (first) {
    try {
      return fixLoop(text, relint, 10, first, parse);
    } catch {
      // stale offsets ("Overlapping edit"): fall through to a fresh lint
    }
  }
  return fixLoop(text, relint, 10, undefined, parse);
}

/** The kinds of document evaluated with parameters, variables and the files they name, as lint evaluates them (lint-file.ts). */
const TEMPLATE_KINDS: ReadonlySet<string> = new Set(["arm-template", "bicep", "bicepparam", "terraform", "tfvars"]);

/**
 * Replaces the secrets of a text (as finding messages are redacted), for the lines of its diff. The text is
 * evaluated as lint evaluates it (templateOptions: its parameters file, --param, and for Terraform its module's
 * directory, terraform.tfvars, --var-file and --var), so a secret known only there is known here too.
 */
function redactorFor(text: string, file: string, fc: FileConfig | undefined, opts: FixRunOptions, abs?: string): (line: string) => string {
  const ctx = new RunContext();
  let doc: ReturnType<typeof parseSource> | undefined;
  try {
    doc = parseSource(text, file, ctx, undefined, abs);
  } catch {
    // not parsed: the patterns still apply
  }
  const docs = new Map(doc ? [[file, doc]] : []);
  let redactor: Redactor | undefined;
  if (doc)
    try {
      // No rules: only the evaluation, so that values that reach a secret property through variables are known too.
      const o = fc
        ? fileOptions(fc, opts)
        : { rules: [], cliParams: opts.cliParams, terraformVars: opts.terraformVars, terraformVarFiles: opts.terraformVarFiles, terraformVarsAfter: opts.terraformVarsAfter, cwd: opts.cwd, base: opts.base };
      const load = TEMPLATE_KINDS.has(recognise(doc)) ? templateOptions(ctx, abs, opts.base, o, new ResultBuilder(false)) : {};
      redactor = lintDocument(ctx, doc, { rules: [] }, docs, load).redactor;
    } catch {
      // the evaluation failed: the document's own secrets and the patterns still apply
    }
  redactor ??= new Redactor({ docs, resources: [], cliParams: opts.cliParams });
  return (line) => redactor.redact(line);
}

/**
 * Opens the file to fix without following a symbolic link (O_NOFOLLOW), checks that it is a regular file of at
 * most the size limit and that no directory between the base of the run and it is a link, and reads it.
 */
function readTarget(abs: string, _file: string, opts: FixRunOptions): { buf: Buffer; stat: fs.Stats } {
  linkedDirectory(abs, opts.base);
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP" || (code === "EMLINK" && isLink(abs))) throw new NotFixed("a symbolic link (neither the link nor the file it points to is rewritten; fix that file under its own name)");
    throw new NotFixed(`cannot be read (${code ?? (e as Error).message})`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new NotFixed("not a regular file");
    // O_NOFOLLOW is not available everywhere (Windows): check the name too.
    if (isLink(abs)) throw new NotFixed("a symbolic link (neither the link nor the file it points to is rewritten; fix that file under its own name)");
    const max = opts.maxFileSize ?? 64 * 1024 * 1024;
    if (stat.size > max) throw new NotFixed(`larger than the ${(max / 1048576).toFixed(0)} MiB limit`);
    return { buf: readFd(fd, stat.size), stat };
  } finally {
    fs.closeSync(fd);
  }
}

function isLink(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Throws NotFixed when a directory between `base` and the file is a symbolic link (the file would lie elsewhere). */
function linkedDirectory(abs: string, base: string): void {
  const rel = path.relative(base, path.dirname(abs));
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return; // outside the base: named as given
  let d = base;
  for (const seg of rel.split(path.sep)) {
    d = path.join(d, seg);
    if (isLink(d)) throw new NotFixed(`lies under a symbolic link (${path.relative(base, d).split(path.sep).join("/")}); not written through it`);
  }
}

/**
 * Writes `data` to a new file beside `abs` and renames it over `abs` (see the module comment). `expected` is the
 * target as read: if the name now holds another file (replaced, turned into a link, edited), nothing is written.
 */
function writeAtomically(abs: string, data: Buffer, expected: fs.Stats, guard: SignalGuard | undefined): void {
  const mode = expected.mode & 0o7777;
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.batchlint-${crypto.randomBytes(8).toString("hex")}.tmp`);
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), mode);
  guard?.pending.add(tmp);
  let renamed = false;
  try {
    try {
      fs.fchmodSync(fd, mode); // the mode given to open is narrowed by the umask
      if (expected.uid !== process.getuid?.() || expected.gid !== process.getgid?.()) {
        try {
          fs.fchownSync(fd, expected.uid, expected.gid); // root fixing another user's file; others cannot, and need not
        } catch {
          // the fixed file belongs to whoever ran the fix
        }
      }
      for (let off = 0; off < data.length; ) off += fs.writeSync(fd, data, off, data.length - off);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const now = fs.lstatSync(abs, { throwIfNoEntry: false });
    if (!now?.isFile() || now.ino !== expected.ino || now.dev !== expected.dev || now.size !== expected.size || now.mtimeMs !== expected.mtimeMs) {
      throw new NotFixed("changed while it was being fixed; not overwritten");
    }
    fs.renameSync(tmp, abs);
    renamed = true;
  } finally {
    if (!renamed) fs.rmSync(tmp, { force: true });
    guard?.pending.delete(tmp);
  }
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * While files are written: SIGINT, SIGTERM and SIGHUP remove the temporary file being written (if any) and then
 * end the process with the same signal. Writing a file is synchronous, so such a signal is acted on between two
 * files, never halfway through one.
 */
export class SignalGuard {
  readonly pending = new Set<string>();
  private readonly handler = (signal: NodeJS.Signals) => {
    for (const tmp of this.pending) fs.rmSync(tmp, { force: true });
    this.pending.clear();
    this.remove();
    process.kill(process.pid, signal);
  };

  constructor() {
    for (const s of SIGNALS) process.on(s, this.handler);
  }

  private remove(): void {
    for (const s of SIGNALS) process.removeListener(s, this.handler);
  }

  /** Stops guarding, after one turn of the event loop so that a signal received while writing is acted on. */
  async release(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.remove();
  }
}
