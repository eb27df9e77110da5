/** A Markdown summary for $GITHUB_STEP_SUMMARY or a pull-request comment. */
import type { LintResult } from "../findings.js";
import { helpUri } from "../catalog.js";
import type { FormatContext } from "./types.js";

/** Escapes text for a Markdown table cell. */
export function cell(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;")).replace(/\r?\n/g, " ").replace(/([`*_[\]])/g, "\\$1");
}

export function markdown(result: LintResult, ctx: FormatContext): string {
  const active = result.findings.filter((f) => !f.suppression && f.baselineState !== "unchanged");
  const count = (s: string) => active.filter((f) => f.severity === s).length;
  const out: string[] = ["## batchlint", ""];
  if (!active.length && !result.errors.length) {
    out.push(`No problems in ${result.filesLinted} file${result.filesLinted === 1 ? "" : "s"}.`, "");
    return out.join("\n");
  }
  out.push(`**${count("error")}** errors, **${count("warning")}** warnings, **${count("note")}** notes in ${new Set(active.map((f) => f.file)).size} of ${result.filesLinted} files.`, "");
  const byRule = new Map<string, number>();
  for (const f of active) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  if (byRule.size) {
    out.push("| Rule | Findings |", "| --- | --- |");
    for (const [id, n] of [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
      const rule = ctx.rules.find((r) => r.meta.id === id);
      out.push(`| ${rule ? `[${id}](${helpUri(rule)}) ${cell(rule.meta.title)}` : id} | ${n} |`);
    }
    out.push("");
    out.push("| Severity | Location | Rule | Message |", "| --- | --- | --- | --- |");
    for (const f of active) out.push(`| ${f.severity} | \`${cell(f.file)}:${f.region.startLine}:${f.region.startColumn}\` | ${f.ruleId} | ${cell(f.message)} |`);
    out.push("");
  }
  if (result.errors.length) {
    out.push("### Files that could not be linted", "", "| Location | Problem |", "| --- | --- |");
    for (const e of result.errors) out.push(`| \`${cell(e.file)}:${e.line}:${e.column}\` | ${cell(e.message)} |`);
    out.push("");
  }
  return out.join("\n");
}
