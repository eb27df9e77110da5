/** The pipeline: discover → read → parse → recognise → evaluate → check → sort. */
import fs from "node:fs";
import { decode, InputError, parseDocument, type ParsedDoc } from "./parse/document.js";
import { compareFindings, type FileError, type LintResult, type Note } from "./findings.js";
import { lintDocument, type EngineConfig, type DocSet } from "./engine.js";
import { discover, displayPath } from "./discover.js";

export interface LintOptions extends EngineConfig {
  /** Base for displayed paths (default: cwd). */
  readonly base?: string;
  readonly cwd?: string;
  /** Name shown for standard input. */
  readonly stdinName?: string;
}

/** Lints one in-memory text as file `file` (display name). */
export function lintText(text: string, file: string, config: EngineConfig): LintResult {
  const result: LintResult = { findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0 };
  lintOne(() => text, file, config, result);
  return finish(result);
}

export async function lintPaths(inputs: readonly string[], options: LintOptions, stdin?: () => Promise<string>): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const base = options.base ?? cwd;
  const result: LintResult = { findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0 };
  const fileInputs = inputs.filter((i) => i !== "-");
  if (inputs.includes("-") && stdin) {
    const text = await stdin();
    lintOne(() => text, options.stdinName ?? "<stdin>", options, result);
  }
  const found = await discover(fileInputs, cwd);
  for (const m of found.missing) result.errors.push({ file: m.input, line: 1, column: 1, message: m.message, code: "not-found" });
  for (const abs of found.files) {
    const shown = displayPath(abs, base);
    lintOne(() => decode(fs.readFileSync(abs), shown), shown, options, result);
  }
  return finish(result);
}

function lintOne(read: () => string, file: string, config: EngineConfig, result: LintResult): void {
  let doc: ParsedDoc;
  try {
    doc = parseDocument(read(), file);
  } catch (e) {
    result.errors.push(toFileError(e, file));
    return;
  }
  (result as { filesLinted: number }).filesLinted++;
  const docs: DocSet = new Map([[file, doc]]);
  try {
    const o = lintDocument(doc, config, docs);
    result.findings.push(...o.findings);
    result.notes.push(...o.notes);
    result.errors.push(...o.errors);
    (result as { resourcesChecked: number }).resourcesChecked += o.resources.length;
  } catch (e) {
    result.errors.push(toFileError(e, file));
  }
}

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

