/** JUnit XML for Azure Pipelines' PublishTestResults: a test suite per file, a failing test case per finding. */
import type { LintResult } from "../findings.js";
import type { FormatContext } from "./types.js";

export function xml(s: string): string {
  // Characters XML 1.0 cannot carry are dropped; the five specials are escaped.
  return s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "").replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

export function junit(result: LintResult, ctx: FormatContext): string {
  const files = new Map<string, string[]>();
  const add = (file: string, tc: string) => (files.get(file) ?? files.set(file, []).get(file)!).push(tc);
  for (const f of result.findings) {
    if (f.suppression || f.baselineState === "unchanged") continue;
    const rule = ctx.rules.find((r) => r.meta.id === f.ruleId);
    const loc = `${f.file}:${f.region.startLine}:${f.region.startColumn}`;
    const body = `${loc}\n${f.message}${rule ? `\nHow to fix: ${rule.meta.docs.remediation}` : ""}`;
    add(f.file, `    <testcase name="${xml(`${f.ruleId} ${f.ruleName} ${loc}`)}" classname="${xml(f.file)}"><failure type="${f.severity}" message="${xml(f.message)}">${xml(body)}</failure></testcase>`);
  }
  for (const e of result.errors) add(e.file, `    <testcase name="${xml(`parse ${e.file}:${e.line}:${e.column}`)}" classname="${xml(e.file)}"><error type="${xml(e.code)}" message="${xml(e.message)}">${xml(`${e.file}:${e.line}:${e.column}: ${e.message}`)}</error></testcase>`);
  const suites = [...files.keys()].sort().map((file) => {
    const cases = files.get(file)!;
    const errors = cases.filter((c) => c.includes("<error ")).length;
    return `  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${cases.length - errors}" errors="${errors}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const total = [...files.values()].reduce((n, c) => n + c.length, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="batchlint" tests="${total}" failures="${total - result.errors.length}" errors="${result.errors.length}">\n${suites.join("\n")}${suites.length ? "\n" : ""}</testsuites>\n`;
}
