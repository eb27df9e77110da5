/**
 * Directories and globs that gave nothing to lint. Discovery already reports one that holds no file of a linted
 * kind (pipeline/discover.ts, `noLintableFiles`); here, after the run, one whose files were all ignored by the
 * configuration is reported the same way (as ESLint does), and --no-error-on-unmatched-pattern takes both back.
 * Files named one by one are never this error: a pre-commit hook passes whatever was staged, and a file that is
 * neither a template nor an export is skipped, as before. Standard input is not a path and is never checked.
 */
import fs from "node:fs";
import path from "node:path";
import type { FileError, LintResult } from "../engine/findings.js";
import { discover, displayPath, isNoLintableFiles, noLintableFiles } from "../pipeline/discover.js";

export interface UnmatchedOptions {
  readonly cwd: string;
  /** Display paths in the result are relative to it. */
  readonly base: string;
  /** False with --no-error-on-unmatched-pattern. */
  readonly errorOnUnmatched: boolean;
}

/** `result` with the errors of the inputs that gave nothing to lint: added (all ignored) or, when not wanted, removed. */
export async function checkUnmatchedInputs(result: LintResult, inputs: readonly string[], opts: UnmatchedOptions): Promise<LintResult> {
  if (!opts.errorOnUnmatched) {
    const errors = result.errors.filter((e) => !(inputs.includes(e.file) && isNoLintableFiles(e)));
    return errors.length === result.errors.length ? result : { ...result, errors };
  }
  // A file discovered but never read has a "skipped" note and is not among the files read: ignored by its
  // configuration. Without such a note every file discovered was read (or failed), and nothing is to be looked up.
  const read = new Set([...(result.files ?? []), ...result.errors.map((e) => e.file)]);
  const ignored = new Set(result.notes.filter((n) => n.kind === "skipped" && !read.has(n.file)).map((n) => n.file));
  if (ignored.size === 0) return result;
  const added: FileError[] = [];
  const reported = new Set(result.errors.filter(isNoLintableFiles).map((e) => e.file));
  for (const input of new Set(inputs)) {
    if (input === "-" || reported.has(input) || isFile(path.resolve(opts.cwd, input))) continue;
    // Found again, as the run found them: the run's result does not say which input each file came from.
    const shown = (await discover([input], opts.cwd)).files.map((abs) => displayPath(abs, opts.base));
    if (shown.length > 0 && shown.every((f) => ignored.has(f))) {
      added.push({ file: input, line: 1, column: 1, message: `${noLintableFiles(input)} (${shown.length} file${shown.length === 1 ? "" : "s"} ignored by the configuration)`, code: "not-found" });
    }
  }
  if (added.length === 0) return result;
  const errors = [...result.errors, ...added].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { ...result, errors };
}

function isFile(abs: string): boolean {
  try {
    return !fs.statSync(abs).isDirectory();
  } catch {
    return false;
  }
}
