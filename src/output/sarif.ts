/**
 * SARIF 2.1.0 written directly (typed with @types/sarif), shaped for GitHub code scanning and the Azure DevOps
 * Scans tab: final $schema, full tool.driver with every rule, explicit levels, repo-relative URIs with
 * %SRCROOT%, full regions, relatedLocations, UTF-16 columns, parse failures as toolExecutionNotifications.
 */
import { pathToFileURL } from "node:url";
import type { Location, Log, Notification, Region as SarifRegion, Result, Run } from "sarif";
import { truncateBySeverity, type Finding, type LintResult } from "../engine/findings.js";
import type { Region } from "../parse/document.js";
import { relatedMessageFor, sarifDescriptor } from "./catalog.js";
import { INFORMATION_URI, TOOL_NAME, VERSION } from "../version.js";
import type { FormatContext } from "./types.js";
import { jsonText } from "./escape.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
/** GitHub code scanning limits (results per run, locations per result). */
export const MAX_RESULTS = 25_000;
export const MAX_LOCATIONS = 1_000;

/** A relative path as a URI reference: each segment percent-encoded, '/' kept. */
export function toUri(file: string): string {
  if (/^[A-Za-z]:[\\/]/.test(file) || file.startsWith("/")) return pathToFileURL(file).href;
  return file.split("/").map(encodeURIComponent).join("/");
}

/**
 * A plain-text SARIF message with no link from the input. SARIF (3.11.6) reads `[text](target)` in a plain-text
 * message as a link, and GitHub code scanning renders it (`[text](1)` points at a related location, any other target
 * is a link): when the text has one, its brackets are escaped as SARIF says (`\[`, `\]`, and `\\` for a backslash
 * before a bracket), so it shows as written. batchlint's own messages make no link, so a text without one is unchanged.
 */
export function sarifText(s: string): string {
  if (!/\]\s*\(/.test(s)) return s;
  return s.replace(/\\(?=[[\]])/g, "\\\\").replace(/[[\]]/g, "\\$&");
}

function region(r: Region): SarifRegion {
  return { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn, charOffset: r.charOffset, charLength: r.charLength };
}

/** A relative path is resolved against %SRCROOT%; an absolute one (a file outside the root) carries no uriBaseId (SARIF1004). */
function artifact(file: string): { uri: string; uriBaseId?: string } {
  const uri = toUri(file);
  return uri.startsWith("file:") ? { uri } : { uri, uriBaseId: "%SRCROOT%" };
}

function physical(file: string, r: Region): Location["physicalLocation"] {
  return { artifactLocation: artifact(file), region: region(r) };
}

/** GitHub's limits by default; tests pass small ones to check the truncated log without 25,000 results. */
export interface SarifLimits {
  readonly results: number;
  readonly locations: number;
}

export function sarifLog(result: LintResult, ctx: FormatContext, limits: SarifLimits = { results: MAX_RESULTS, locations: MAX_LOCATIONS }): Log {
  const index = new Map(ctx.rules.map((r, i) => [r.meta.id, i]));
  const findings = result.findings.filter((f) => !f.suppression || ctx.sarifIncludeSuppressed);
  const kept = truncateBySeverity(findings, limits.results);
  const results: Result[] = kept.map((f) => toResult(f, index.get(f.ruleId)));
  let trimmedLocations = 0;
  let trimmedResults = 0;
  for (const r of results) {
    // The primary location counts: at most `locations - 1` related ones.
    if (r.relatedLocations && r.relatedLocations.length > limits.locations - 1) {
      trimmedLocations += r.relatedLocations.length - (limits.locations - 1);
      trimmedResults++;
      r.relatedLocations = r.relatedLocations.slice(0, limits.locations - 1);
    }
  }
  const notifications: Notification[] = result.errors.map((e) => ({
    level: "error",
    message: { text: sarifText(`${e.file}:${e.line}:${e.column}: ${e.message}`) },
    descriptor: { id: e.code },
    locations: e.file && e.code !== "not-found" ? [{ physicalLocation: { artifactLocation: artifact(e.file), region: { startLine: e.line, startColumn: e.column } } }] : undefined,
  }));
  // Notices: Batch content that was not linted (the other notes are --verbose's, for the terminal).
  for (const n of result.notes) {
    if (n.kind !== "notice") continue;
    notifications.push({
      level: "note",
      message: { text: sarifText(`${n.file}: ${n.message}`) },
      descriptor: { id: "not-linted" },
      locations: [{ physicalLocation: { artifactLocation: artifact(n.file), ...(n.line ? { region: { startLine: n.line, startColumn: n.column ?? 1 } } : {}) } }],
    });
  }
  if (kept.length < findings.length) {
    notifications.push({
      level: "warning",
      descriptor: { id: "results-truncated" },
      message: {
        text: `${findings.length - kept.length} of ${findings.length} results were left out: GitHub code scanning accepts at most ${limits.results} results per run. Errors were kept first, then warnings, then notes, in file order.`,
      },
    });
  }
  if (trimmedLocations > 0) {
    notifications.push({
      level: "warning",
      descriptor: { id: "locations-truncated" },
      message: { text: `${trimmedLocations} related locations of ${trimmedResults} result${trimmedResults === 1 ? "" : "s"} were left out: at most ${limits.locations} locations per result are accepted.` },
    });
  }
  const base = pathToFileURL(ctx.base.endsWith("/") ? ctx.base : `${ctx.base}/`).href;
  const bicep = result.findings.some((f) => f.syntax === "bicep");
  const terraform = result.findings.some((f) => f.syntax === "terraform");
  const run: Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        fullName: "batchlint: compliance linter for Azure Batch accounts and pools",
        version: VERSION,
        semanticVersion: VERSION,
        informationUri: INFORMATION_URI,
        // A run with findings in Bicep (Terraform): each rule's help gives its remediation in Bicep (Terraform) too (help is per rule).
        rules: ctx.rules.map((r) => sarifDescriptor(r, bicep, terraform)),
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
    message: { text: sarifText(f.message) },
    locations: [{ physicalLocation: physical(f.file, f.region), logicalLocations: f.resource.label ? [{ fullyQualifiedName: f.resource.id ?? f.resource.label, kind: "resource" }] : undefined }],
  };
  if (f.related.length) {
    r.relatedLocations = f.related.map((rel, i) => ({ id: i + 1, physicalLocation: physical(rel.file, rel.region), message: { text: sarifText(relatedMessageFor(rel.message, f)) } }));
  }
  if (f.fingerprint) r.partialFingerprints = { "batchlint/v1": f.fingerprint };
  if (f.baselineState) r.baselineState = f.baselineState;
  if (f.suppression) {
    r.suppressions = [{ kind: f.suppression.kind, status: "accepted", ...(f.suppression.justification ? { justification: f.suppression.justification } : {}) }];
  }
  if (f.fix) {
    r.fixes = [
      {
        description: { text: sarifText(f.fix.description) },
        artifactChanges: [
          {
            artifactLocation: artifact(f.fix.file),
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

/** The log as JSON, safe to print (escape.ts `jsonText`: the same values for a SARIF reader). */
export function sarif(result: LintResult, ctx: FormatContext): string {
  return `${jsonText(JSON.stringify(sarifLog(result, ctx), null, 2))}\n`;
}
