/** JUnit XML for Azure Pipelines' PublishTestResults: a test suite per file, a failing test case per finding. */
import { isActive, type LintResult } from "../findings.js";
import type { FormatContext } from "./types.js";

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
  const byFile = new Map<string, { findings: number[]; errors: number[] }>();
  const of = (file: string) => byFile.get(file) ?? byFile.set(file, { findings: [], errors: [] }).get(file)!;
  findings.forEach((f, i) => of(f.file).findings.push(i));
  result.errors.forEach((e, i) => of(e.file).errors.push(i));
  const findingCase = (i: number) => {
    const f = findings[i]!;
    const rule = ctx.rules.find((r) => r.meta.id === f.ruleId);
    const loc = `${f.file}:${f.region.startLine}:${f.region.startColumn}`;
    const body = `${loc}\n${f.message}${rule ? `\nHow to fix: ${rule.meta.docs.remediation}` : ""}`;
    return `    <testcase name="${xml(`${f.ruleId} ${f.ruleName} ${loc}`)}" classname="${xml(f.file)}"><failure type="${f.severity}" message="${xml(f.message)}">${xml(body)}</failure></testcase>`;
  };
  const errorCase = (i: number) => {
    const e = result.errors[i]!;
    return `    <testcase name="${xml(`parse ${e.file}:${e.line}:${e.column}`)}" classname="${xml(e.file)}"><error type="${xml(e.code)}" message="${xml(e.message)}">${xml(`${e.file}:${e.line}:${e.column}: ${e.message}`)}</error></testcase>`;
  };
  const total = findings.length + result.errors.length;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="batchlint" tests="${total}" failures="${total - result.errors.length}" errors="${result.errors.length}">\n`;
  for (const file of [...byFile.keys()].sort()) {
    const { findings: fs, errors: es } = byFile.get(file)!;
    const cases = fs.length + es.length;
    let piece = `  <testsuite name="${xml(file)}" tests="${cases}" failures="${fs.length}" errors="${es.length}">\n`;
    for (let j = 0; j < cases; j++) {
      piece += (j < fs.length ? findingCase(fs[j]!) : errorCase(es[j - fs.length]!)) + "\n";
      if ((j + 1) % CASES_PER_CHUNK === 0) {
        yield piece;
        piece = "";
      }
    }
    yield `${piece}  </testsuite>\n`;
  }
  yield "</testsuites>\n";
}
