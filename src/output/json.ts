import type { Finding, LintResult } from "../engine/findings.js";
import type { FormatContext } from "./types.js";
import { VERSION } from "../version.js";
import { summarize } from "./summary.js";
import { jsonText } from "./escape.js";
import { relatedMessageFor } from "./catalog.js";

/**
 * Machine-readable findings: stable field order, no internal fields. Values are exact; characters a terminal or a CI
 * log would act on are written as `\u` escapes (escape.ts `jsonText`), which a JSON reader reads back unchanged.
 */
export function json(result: LintResult, ctx: FormatContext): string {
  return [...jsonChunks(result, ctx)].join("");
}

/** Findings per chunk when the CLI writes JSON piece by piece. */
const CHUNK = 1000;
const MARK = "\u0000findings\u0000";

/**
 * The same bytes as `json`, in pieces: an audit's findings make hundreds of megabytes of JSON, which the CLI writes
 * as they are made instead of building one string. The frame is JSON.stringify's own (findings replaced by a
 * marker), each finding is stringified on its own and indented to its depth, so the result is byte for byte what
 * JSON.stringify(whole, null, 2) gives.
 */
export function* jsonChunks(result: LintResult, ctx: FormatContext): Generator<string> {
  // Notices: Batch content that was not linted (the other notes are --verbose's, for the terminal).
  const notices = result.notes.filter((n) => n.kind === "notice").map((n) => ({ file: n.file, line: n.line, column: n.column, message: n.message }));
  const frame = JSON.stringify(
    {
      tool: "batchlint",
      version: VERSION,
      findings: MARK,
      errors: result.errors,
      // Only when there are any: the output of a run without them stays as it was.
      ...(notices.length ? { notices } : {}),
      filesLinted: result.filesLinted,
      ...(result.baseline ? { baseline: { file: result.baseline.file, unmatched: result.baseline.unmatched } } : {}),
      ...(ctx.summary ? { summary: summarize(result) } : {}),
    },
    null,
    2,
  );
  const at = frame.indexOf(JSON.stringify(MARK));
  yield jsonText(frame.slice(0, at));
  const findings = result.findings;
  if (findings.length === 0) yield "[]";
  else {
    let out = "[\n";
    for (let i = 0; i < findings.length; i++) {
      out += `    ${JSON.stringify(findingJson(findings[i]!), null, 2).replace(/\n/g, "\n    ")}${i + 1 < findings.length ? ",\n" : "\n  ]"}`;
      if ((i + 1) % CHUNK === 0) {
        yield jsonText(out);
        out = "";
      }
    }
    yield jsonText(out);
  }
  yield `${jsonText(frame.slice(at + JSON.stringify(MARK).length))}\n`;
}

function findingJson(f: Finding) {
  return {
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
    related: f.related.map((r) => ({ file: r.file, line: r.region.startLine, column: r.region.startColumn, message: relatedMessageFor(r.message, f) })),
    ...(f.conditional ? { conditional: true } : {}),
    ...(f.suppression ? { suppression: f.suppression } : {}),
    ...(f.baselineState ? { baselineState: f.baselineState } : {}),
    ...(f.fingerprint ? { fingerprint: f.fingerprint } : {}),
    ...(f.fix ? { fix: f.fix } : {}),
  };
}
