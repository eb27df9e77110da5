/** A Markdown summary for $GITHUB_STEP_SUMMARY or a pull-request comment. */
import { isActive, type LintResult, type Note } from "../engine/findings.js";
import { helpUri } from "./catalog.js";
import type { FormatContext } from "./types.js";
import { showText } from "./escape.js";

/**
 * GitHub rejects a pull-request comment over 65,536 characters and a step summary over 1 MiB: the per-finding
 * rows stop at this budget and a line says how many were left out (the counts and the per-rule table are complete).
 */
export const MAX_MARKDOWN_CHARS = 60_000;

/**
 * Escapes text for a Markdown table cell: hidden characters shown escaped (escape.ts); `&`, `<` and `>` as entities
 * (no HTML tag, autolink or entity from the input is read as one: `&#64;` would make an @mention); backslash, pipe,
 * code, emphasis and brackets backslash-escaped (no link or image: `[text](url)` shows as it is written); and no
 * @mention or #123 cross-reference (see `unlinked`).
 */
export function cell(s: string): string {
  return unlinked(
    showText(s)
      .replace(/\\/g, "\\\\")
      .replace(/\|/g, "\\|")
      .replace(/[&<>]/g, (c) => ENTITIES[c]!)
      .replace(/([`*_[\]])/g, "\\$1"),
  );
}

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * A zero-width space (as the entity `&#8203;`, visible in the Markdown source) after an `@` or `#` that starts a
 * mention or reference: a pull-request comment or step summary would otherwise notify `@someone` or every member of
 * `@org/team`, and put a "mentioned this" event on issue `#123` or `owner/repo#123`. GitHub renders the text
 * unchanged (Dependabot and Renovate write mentions the same way); a code span would change how the message reads.
 */
function unlinked(s: string): string {
  return s.replace(/([@#])(?=[A-Za-z0-9])/g, "$1&#8203;");
}

/**
 * A code span in a table cell (a location: mentions, links and HTML are not read inside). Hidden characters are
 * shown escaped (escape.ts). Backslash escapes and entities are shown literally inside code spans, so only
 * the pipe is escaped (GFM splits cells before it parses code spans) and the fence is longer than any backtick run.
 */
export function codeCell(s: string): string {
  const text = showText(s).replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

const plural = (n: number, word: string) => `**${n}** ${word}${n === 1 ? "" : "s"}`;

export function markdown(result: LintResult, ctx: FormatContext): string {
  const active = result.findings.filter(isActive);
  const count = (s: string) => active.filter((f) => f.severity === s).length;
  const out: string[] = ["## batchlint", ""];
  const notices = result.notes.filter((n) => n.kind === "notice");
  if (!active.length && !result.errors.length) {
    out.push(`No problems in ${result.filesLinted} file${result.filesLinted === 1 ? "" : "s"}.`, "");
    if (notices.length) out.push(...noticeRows(notices), "");
    return out.join("\n");
  }
  const files = new Set(active.map((f) => f.file)).size;
  out.push(`${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${plural(count("note"), "note")} in ${files} of ${result.filesLinted} file${result.filesLinted === 1 ? "" : "s"}.`, "");
  let size = out.join("\n").length;
  /** Adds rows while the budget lasts; returns how many did not fit. */
  const rows = (lines: string[]): number => {
    let i = 0;
    for (; i < lines.length && size + lines[i]!.length + 1 <= MAX_MARKDOWN_CHARS; i++) {
      out.push(lines[i]!);
      size += lines[i]!.length + 1;
    }
    return lines.length - i;
  };
  const byRule = new Map<string, number>();
  for (const f of active) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  let left = 0;
  if (byRule.size) {
    out.push("| Rule | Findings |", "| --- | --- |");
    for (const [id, n] of [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
      const rule = ctx.rules.find((r) => r.meta.id === id);
      // Plugin rules have no page to link to (catalog.ts helpUri).
      const uri = rule && helpUri(rule);
      out.push(`| ${uri ? `[${id}](${uri})` : cell(id)}${rule ? ` ${cell(rule.meta.title)}` : ""} | ${n} |`);
    }
    out.push("");
    size = out.join("\n").length;
    out.push("| Severity | Location | Rule | Message |", "| --- | --- | --- | --- |");
    left += rows(active.map((f) => `| ${f.severity} | ${codeCell(`${f.file}:${f.region.startLine}:${f.region.startColumn}`)} | ${cell(f.ruleId)} | ${cell(f.message)} |`));
    out.push("");
  }
  if (result.errors.length) {
    out.push("### Files that could not be linted", "", "| Location | Problem |", "| --- | --- |");
    left += rows(result.errors.map((e) => `| ${codeCell(`${e.file}:${e.line}:${e.column}`)} | ${cell(e.message)} |`));
    out.push("");
  }
  if (notices.length) {
    const [heading, blank, head, rule, ...lines] = noticeRows(notices);
    out.push(heading!, blank!, head!, rule!);
    left += rows(lines);
    out.push("");
  }
  if (left > 0) out.push(`${left} more row${left === 1 ? "" : "s"} not shown (GitHub's comment size limit); the terminal output and the SARIF report list every finding.`, "");
  return out.join("\n");
}

/** Files that name Microsoft.Batch but gave nothing to lint (notes of kind "notice"), as a table with its heading. */
function noticeRows(notices: readonly Note[]): string[] {
  return ["### Batch content not linted", "", "| Location | Why |", "| --- | --- |", ...notices.map((n) => `| ${codeCell(n.line ? `${n.file}:${n.line}:${n.column}` : n.file)} | ${cell(n.message)} |`)];
}
