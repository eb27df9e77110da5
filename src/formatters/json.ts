import type { LintResult } from "../findings.js";
import type { FormatContext } from "./types.js";
import { VERSION } from "../version.js";
import { summarize } from "../summary.js";

/** Machine-readable findings: stable field order, no internal fields. */
export function json(result: LintResult, ctx: FormatContext): string {
  const findings = result.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.region.startLine,
    column: f.region.startColumn,
    endLine: f.region.endLine,
    endColumn: f.region.endColumn,
    pointer: f.pointer,
    propertyPath: f.propertyPath,
    resource: f.resource,
    related: f.related.map((r) => ({ file: r.file, line: r.region.startLine, column: r.region.startColumn, message: r.message })),
    ...(f.conditional ? { conditional: true } : {}),
    ...(f.suppression ? { suppression: f.suppression } : {}),
    ...(f.baselineState ? { baselineState: f.baselineState } : {}),
    ...(f.fingerprint ? { fingerprint: f.fingerprint } : {}),
    ...(f.fix ? { fix: f.fix } : {}),
  }));
  return (
    JSON.stringify(
      { tool: "batchlint", version: VERSION, findings, errors: result.errors, filesLinted: result.filesLinted, ...(result.baseline ? { baseline: { file: result.baseline.file, unmatched: result.baseline.unmatched } } : {}), ...(ctx.summary ? { summary: summarize(result) } : {}) },
      null,
      2,
    ) + "\n"
  );
}
