/**
 * JUnit XML for Azure Pipelines' PublishTestResults: a test suite per file, a failing test case per finding. Text
 * from the input is shown escaped (escape.ts) before XML escaping: its line breaks and control characters show as
 * `\n` or `\u001b`, and a failure's text lines (location, message) cannot start a logging command.
 */
import { isActive, type LintResult } from "../engine/findings.js";
import type { FormatContext } from "./types.js";
import { showLineStart, showPath, showText } from "./escape.js";
import { remediationFor } from "./catalog.js";

export function xml(s: string): string {
  // Characters XML 1.0 cannot carry are dropped; the five specials are escaped.
  return s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "").replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

export function junit(result: LintResult, ctx: FormatContext): string {
  return [...junitChunks(result, ctx)].join("");
}

/** Test cases given out this many at a time (an audit's report can be longer than the longest string V8 can build). */
const CASES_PER_CHUNK = 1000;

/** `junit`, piece by piece (the same bytes); test cases are written as they are given out, not all kept first. */
export function* junitChunks(result: LintResult, ctx: FormatContext): Generator<string> {
  const findings = result.findings.filter(isActive);
  const byFile = new Map<string, { findings: number[]; errors: number[]; notices: number[] }>();
  const of = (file: string) => byFile.get(file) ?? byFile.set(file, { findings: [], errors: [], notices: [] }).get(file)!;
  for (const [i, f] of findings.entries()) of(f.file).findings.push(i);
  for (const [i, e] of result.errors.entries()) of(e.file).errors.push(i);
  // Batch content that was not linted: a skipped test case (Azure Pipelines lists it under "Others").
  const notices = result.notes.filter((n) => n.kind === "notice");
  for (const [i, n] of notices.entries()) of(n.file).notices.push(i);
  const findingCase = (i: number) => {
    const f = findings[i]!;
    const rule = ctx.rules.find((r) => r.meta.id === f.ruleId);
    const loc = `${showPath(f.file)}:${f.region.startLine}:${f.region.startColumn}`;
    const body = `${loc}\n${showLineStart(f.message)}${rule ? `\nHow to fix: ${showText(remediationFor(rule, f.syntax, f))}` : ""}`;
    return `    <testcase name="${xml(`${showText(f.ruleId)} ${showText(f.ruleName)} ${loc}`)}" classname="${xml(showText(f.file))}"><failure type="${f.severity}" message="${xml(showText(f.message))}">${xml(body)}</failure></testcase>`;
  };
  const errorCase = (i: number) => {
    const e = result.errors[i]!;
    const loc = `${showPath(e.file)}:${e.line}:${e.column}`;
    return `    <testcase name="${xml(`parse ${loc}`)}" classname="${xml(showText(e.file))}"><error type="${xml(showText(e.code))}" message="${xml(showText(e.message))}">${xml(`${loc}: ${showText(e.message)}`)}</error></testcase>`;
  };
  const noticeCase = (i: number) => {
    const n = notices[i]!;
    const loc = n.line ? `${showPath(n.file)}:${n.line}:${n.column}` : showPath(n.file);
    return `    <testcase name="${xml(`not linted ${loc}`)}" classname="${xml(showText(n.file))}"><skipped message="${xml(showText(n.message))}"/></testcase>`;
  };
  const total = findings.length + result.errors.length + notices.length;
  const skipped = notices.length ? ` skipped="${notices.length}"` : "";
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="batchlint" tests="${total}" failures="${findings.length}" errors="${result.errors.length}"${skipped}>\n`;
  for (const file of [...byFile.keys()].sort()) {
    const { findings: fs, errors: es, notices: ns } = byFile.get(file)!;
    const cases = fs.length + es.length + ns.length;
    const fileSkipped = ns.length ? ` skipped="${ns.length}"` : "";
    let piece = `  <testsuite name="${xml(showText(file))}" tests="${cases}" failures="${fs.length}" errors="${es.length}"${fileSkipped}>\n`;
    for (let j = 0; j < cases; j++) {
      piece += `${j < fs.length ? findingCase(fs[j]!) : j < fs.length + es.length ? errorCase(es[j - fs.length]!) : noticeCase(ns[j - fs.length - es.length]!)}\n`;
      if ((j + 1) % CASES_PER_CHUNK === 0) {
        yield piece;
        piece = "";
      }
    }
    yield `${piece}  </testsuite>\n`;
  }
  yield "</testsuites>\n";
}
