/**
 * The terminal format: one line per finding, `file:line:col: severity RULE message [name]`, then help. Text from
 * the input is shown escaped (escape.ts): its control characters cannot reach the terminal, and no line it starts
 * can be a CI logging command; the colours are batchlint's own.
 */
import { isActive, type LintResult } from "../engine/findings.js";
import { findRule, relatedMessageFor, remediationFor } from "./catalog.js";
import { failedFilesText, summarize, summaryText, type Summary } from "./summary.js";
import type { FormatContext } from "./types.js";
import { inPieces } from "./index.js";
import { showPath, showText } from "./escape.js";

const codes = { red: [31, 39], yellow: [33, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22], green: [32, 39] } as const;
type Style = keyof typeof codes;

export function stylish(result: LintResult, ctx: FormatContext): string {
  return [...stylishChunks(result, ctx)].join("");
}

/** `stylish`, piece by piece (the same bytes). */
export function* stylishChunks(result: LintResult, ctx: FormatContext): Generator<string> {
  yield* inPieces(stylishLines(result, ctx));
  if (ctx.summary) yield summaryText(shownSummary(summarize(result)));
}

/** The summary with its names from the input (subscriptions, resource groups, plugin rule names) shown escaped. */
function shownSummary(s: Summary): Summary {
  return {
    ...s,
    byRule: s.byRule.map((r) => ({ ...r, ruleName: showText(r.ruleName) })),
    bySubscription: s.bySubscription.map((sub) => ({ ...sub, subscription: showText(sub.subscription), resourceGroups: sub.resourceGroups.map((rg) => ({ ...rg, resourceGroup: showText(rg.resourceGroup) })) })),
  };
}

function* stylishLines(result: LintResult, ctx: FormatContext): Generator<string> {
  const c = (style: Style, s: string) => (ctx.color ? `\u001b[${codes[style][0]}m${s}\u001b[${codes[style][1]}m` : s);
  const sev = { error: c("red", "error"), warning: c("yellow", "warning"), note: c("cyan", "note") };
  for (const e of result.errors) yield `${c("bold", `${showPath(e.file)}:${e.line}:${e.column}`)}: ${c("red", "error")} ${showText(e.message)}`;
  // Suppressed findings and findings recorded in the baseline are not shown (they do not fail the run either).
  const shown = result.findings.filter(isActive);
  const hidden = { suppressed: result.findings.filter((f) => f.suppression).length, baseline: result.findings.filter((f) => !f.suppression && f.baselineState === "unchanged").length };
  for (const f of shown) {
    const r = f.region;
    yield `${c("bold", `${showPath(f.file)}:${r.startLine}:${r.startColumn}`)}: ${sev[f.severity]} ${c("bold", showText(f.ruleId))} ${showText(f.message)} ${c("dim", `[${showText(f.ruleName)}]`)}`;
    for (const rel of f.related) yield `  ${c("dim", "note:")} ${showText(rel.file)}:${rel.region.startLine}:${rel.region.startColumn}: ${showText(relatedMessageFor(rel.message, f))}`;
    const rule = findRule(ctx.rules, f.ruleId);
    // A plugin's help text is shown escaped too: a line break in it would start a line.
    if (rule) yield `  ${c("green", "help:")} ${showText(remediationFor(rule, f.syntax, f))}`;
  }
  // Notices (Batch content that was not linted) are shown without --verbose: a file skipped in silence would pass as clean.
  for (const n of result.notes) if (ctx.verbose || n.kind === "unknown" || n.kind === "notice") yield `${showPath(n.file)}${n.line ? `:${n.line}:${n.column}` : ""}: ${c("dim", n.kind)} ${showText(n.message)}`;
  const counts = { error: 0, warning: 0, note: 0 };
  for (const f of shown) counts[f.severity]++;
  const total = shown.length;
  if (total || result.errors.length) {
    const parts = [`${counts.error} error${counts.error === 1 ? "" : "s"}`, `${counts.warning} warning${counts.warning === 1 ? "" : "s"}`];
    if (counts.note) parts.push(`${counts.note} note${counts.note === 1 ? "" : "s"}`);
    const files = new Set(shown.map((f) => f.file)).size;
    const failed = failedFilesText(result);
    let summary = total ? `${total} problem${total === 1 ? "" : "s"} (${parts.join(", ")}) in ${files} file${files === 1 ? "" : "s"}` : failed;
    if (total && result.errors.length) summary += `; ${failed}`;
    yield "";
    yield c(counts.error || result.errors.length ? "red" : "yellow", `✖ ${summary}`);
  }
  const extra = [hidden.suppressed ? `${hidden.suppressed} suppressed` : "", hidden.baseline ? `${hidden.baseline} in baseline` : ""].filter(Boolean);
  if (extra.length && (ctx.verbose || total)) yield c("dim", `  (not shown: ${extra.join(", ")})`);
}
