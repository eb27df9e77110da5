/**
 * GitHub Actions workflow commands: one annotation per finding and per unreadable file. Every line starts with
 * batchlint's own `::error`, `::warning` or `::notice`; messages from the input are shown escaped (escape.ts) before
 * GitHub's own escaping, so an annotation shows `\n` or `\u001b` where the input had a line break or an escape.
 */
import { isActive, type LintResult } from "../engine/findings.js";
import type { FormatContext } from "./types.js";
import { inPieces } from "./index.js";
import { showText } from "./escape.js";
import { remediationFor } from "./catalog.js";

/** Escaping as GitHub's toolkit does (@actions/core: escapeData / escapeProperty). */
export const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
export const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/**
 * A file name as the `file` property, shown escaped like any text from the input: a name with control, bidi or
 * `##vso[` characters (never an ordinary one) is then not found in the diff, and GitHub lists its annotation with the run.
 */
const fileProperty = (file: string) => escapeProperty(showText(file));

const COMMAND = { error: "error", warning: "warning", note: "notice" } as const;

export function github(result: LintResult, ctx: FormatContext): string {
  return [...githubChunks(result, ctx)].join("");
}

/** `github`, piece by piece (the same bytes). */
export function githubChunks(result: LintResult, ctx: FormatContext): Generator<string> {
  return inPieces(githubLines(result, ctx));
}

function* githubLines(result: LintResult, ctx: FormatContext): Generator<string> {
  for (const e of result.errors) yield `::error file=${fileProperty(e.file)},line=${e.line},col=${e.column},title=${escapeProperty("batchlint: cannot lint file")}::${escapeData(showText(e.message))}`;
  for (const n of result.notes) {
    if (n.kind === "notice") yield `::notice file=${fileProperty(n.file)},title=${escapeProperty("batchlint: not linted")}::${escapeData(showText(n.message))}`;
  }
  for (const f of result.findings) {
    if (!isActive(f)) continue;
    const r = f.region;
    const props = [`file=${fileProperty(f.file)}`, `line=${r.startLine}`, `col=${r.startColumn}`, `endLine=${r.endLine}`, `endColumn=${r.endColumn}`, `title=${escapeProperty(showText(`${f.ruleId} ${f.ruleName}`))}`];
    const rule = ctx.rules.find((x) => x.meta.id === f.ruleId);
    const help = rule ? `\nHow to fix: ${showText(remediationFor(rule, f.syntax, f))}` : "";
    yield `::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(showText(f.message) + help)}`;
  }
}
