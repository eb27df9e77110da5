/**
 * ESLint's `compact` format, one line per problem, which VS Code's built-in `$eslint-compact` problem matcher reads:
 *   /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/
 * file, line, column, severity, message and code. The matcher takes the file as an absolute path (fileLocation
 * "absolute"), as ESLint prints it: paths are made absolute here, from the run's base. Its severity group accepts
 * `Info`, which is what a note becomes (ESLint itself has only errors and warnings). Every line ends with a code
 * in parentheses, as the matcher requires: a rule's id, an unreadable file's error code, or the kind of a note.
 * Text from the input is shown escaped (escape.ts): no line break can split a problem, and no line can start a
 * CI logging command. After the problems, `N problems`, as ESLint ends it. No colours: the matcher reads plain text.
 */
import path from "node:path";
import { isActive, type LintResult } from "../engine/findings.js";
import { showPath, showText } from "./escape.js";
import { inPieces } from "./index.js";
import type { FormatContext } from "./types.js";

const SEVERITY = { error: "Error", warning: "Warning", note: "Info" } as const;

export function compact(result: LintResult, ctx: FormatContext): string {
  return [...compactChunks(result, ctx)].join("");
}

/** `compact`, piece by piece (the same bytes). */
export function compactChunks(result: LintResult, ctx: FormatContext): Generator<string> {
  return inPieces(compactLines(result, ctx));
}

function* compactLines(result: LintResult, ctx: FormatContext): Generator<string> {
  const where = (file: string, line: number, column: number) => `${showPath(path.resolve(ctx.base, file))}: line ${line}, col ${column}`;
  let total = 0;
  for (const e of result.errors) {
    total++;
    yield `${where(e.file, e.line, e.column)}, Error - ${showText(e.message)} (${showText(e.code)})`;
  }
  // Suppressed findings and findings recorded in the baseline are not problems (as in every human-readable format).
  for (const f of result.findings) {
    if (!isActive(f)) continue;
    total++;
    yield `${where(f.file, f.region.startLine, f.region.startColumn)}, ${SEVERITY[f.severity]} - ${showText(f.message)} (${showText(f.ruleId)})`;
  }
  // The notes stylish shows: notices (Batch content that was not linted) always, the others with --verbose.
  for (const n of result.notes) {
    if (!ctx.verbose && n.kind !== "notice" && n.kind !== "unknown") continue;
    total++;
    yield `${where(n.file, n.line ?? 1, n.column ?? 1)}, Info - ${showText(n.message)} (${n.kind})`;
  }
  if (total > 0) yield `\n${total} problem${total === 1 ? "" : "s"}`;
}
