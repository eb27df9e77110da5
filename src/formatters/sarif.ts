/**
 * SARIF 2.1.0 written directly (typed with @types/sarif), shaped for GitHub code scanning and the Azure DevOps
 * Scans tab: final $schema, full tool.driver with every rule, explicit levels, repo-relative URIs with
 * %SRCROOT%, full regions, relatedLocations, UTF-16 columns, parse failures as toolExecutionNotifications.
 */
import { pathToFileURL } from "node:url";
import type { Location, Log, Notification, Region as SarifRegion, Result, Run } from "sarif";
import type { Finding, LintResult } from "../findings.js";
import type { Region } from "../parse/document.js";
import { sarifDescriptor } from "../catalog.js";
import { INFORMATION_URI, TOOL_NAME, VERSION } from "../version.js";
import type { FormatContext } from "./types.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** A relative path as a URI reference: each segment percent-encoded, '/' kept. */
export function toUri(file: string): string {
  if (/^[A-Za-z]:[\\/]/.test(file) || file.startsWith("/")) return pathToFileURL(file).href;
  return file.split("/").map(encodeURIComponent).join("/");
}

function region(r: Region): SarifRegion {
  return { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn, charOffset: r.charOffset, charLength: r.charLength };
}

function physical(file: string, r: Region): Location["physicalLocation"] {
  const uri = toUri(file);
  return { artifactLocation: uri.startsWith("file:") ? { uri } : { uri, uriBaseId: "%SRCROOT%" }, region: region(r) };
}

export function sarifLog(result: LintResult, ctx: FormatContext): Log {
  const index = new Map(ctx.rules.map((r, i) => [r.meta.id, i]));
  const findings = result.findings.filter((f) => !f.suppression || ctx.sarifIncludeSuppressed);
  const results: Result[] = findings.map((f) => toResult(f, index.get(f.ruleId)));
  const notifications: Notification[] = result.errors.map((e) => ({
    level: "error",
    message: { text: `${e.file}:${e.line}:${e.column}: ${e.message}` },
    descriptor: { id: e.code },
    locations: e.file && e.code !== "not-found" ? [{ physicalLocation: { artifactLocation: { uri: toUri(e.file), uriBaseId: "%SRCROOT%" }, region: { startLine: e.line, startColumn: e.column } } }] : undefined,
  }));
  const base = pathToFileURL(ctx.base.endsWith("/") ? ctx.base : `${ctx.base}/`).href;
  const run: Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        fullName: "batchlint: compliance linter for Azure Batch accounts and pools",
        version: VERSION,
        semanticVersion: VERSION,
        informationUri: INFORMATION_URI,
        rules: ctx.rules.map(sarifDescriptor),
      },
    },
    invocations: [{ executionSuccessful: result.errors.length === 0, toolExecutionNotifications: notifications }],
    originalUriBaseIds: { "%SRCROOT%": { uri: base } },
    results,
    columnKind: "utf16CodeUnits",
  };
  if (ctx.sarifCategory) run.automationDetails = { id: `${ctx.sarifCategory.replace(/\/+$/, "")}/` };
  return { $schema: SARIF_SCHEMA, version: "2.1.0", runs: [run] };
}

function toResult(f: Finding, ruleIndex: number | undefined): Result {
  const r: Result = {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: f.severity,
    message: { text: f.message },
    locations: [{ physicalLocation: physical(f.file, f.region), logicalLocations: f.resource.label ? [{ fullyQualifiedName: f.resource.id ?? f.resource.label, kind: "resource" }] : undefined }],
  };
  if (f.related.length) {
    r.relatedLocations = f.related.map((rel, i) => ({ id: i + 1, physicalLocation: physical(rel.file, rel.region), message: { text: rel.message } }));
  }
  if (f.fingerprint) r.partialFingerprints = { "batchlint/v1": f.fingerprint };
  if (f.baselineState) r.baselineState = f.baselineState;
  if (f.suppression) {
    r.suppressions = [{ kind: f.suppression.kind, status: "accepted", ...(f.suppression.justification ? { justification: f.suppression.justification } : {}) }];
  }
  if (f.fix) {
    r.fixes = [
      {
        description: { text: f.fix.description },
        artifactChanges: [
          {
            artifactLocation: { uri: toUri(f.fix.file), uriBaseId: "%SRCROOT%" },
            replacements: f.fix.edits.map((e) => ({ deletedRegion: { charOffset: e.offset, charLength: e.length }, ...(e.content ? { insertedContent: { text: e.content } } : {}) })),
          },
        ],
      },
    ];
  }
  const props: Record<string, unknown> = { resourceType: f.resource.type, propertyPath: f.propertyPath };
  if (f.conditional) props.conditional = true;
  r.properties = props;
  return r;
}

export function sarif(result: LintResult, ctx: FormatContext): string {
  return JSON.stringify(sarifLog(result, ctx), null, 2) + "\n";
}
