import type { Region, TextEdit } from "../parse/document.js";
import type { FindingSyntax } from "../model/syntax.js";
import type { FixEdit, Severity } from "../rule.js";

export interface RelatedLocation {
  readonly file: string;
  readonly region: Region;
  readonly message: string;
}

/** A change of the text (parse/source.ts: a document's fixer writes them too). */
export type { TextEdit } from "../parse/source.js";

export interface Fix {
  readonly description: string;
  readonly file: string;
  readonly edits: readonly TextEdit[];
}

export interface Suppression {
  readonly kind: "inSource" | "external";
  readonly justification?: string;
  /** Where the suppression is written, for reports. */
  readonly source?: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly message: string;
  readonly messageId: string;
  readonly file: string;
  readonly region: Region;
  readonly pointer: string;
  readonly related: readonly RelatedLocation[];
  readonly resource: {
    readonly type: string;
    readonly label: string;
    readonly id?: string;
    /** Known resource name ("acct", "acct/pool"). */
    readonly name?: string;
    /** The resource object's document and pointer (matches resource-level suppressions). */
    readonly file?: string;
    readonly pointer?: string;
  };
  /** Logical property path the finding is about (stable across edits; used by baselines). */
  readonly propertyPath: string;
  /** Deployed only under a condition that could not be evaluated. */
  readonly conditional?: boolean;
  /**
   * The syntax of the finding's file when it is not JSON: its message, and the help shown with it, name that
   * syntax's literals (model/syntax.ts). Set by the pipeline, which knows each document's reader.
   */
  readonly syntax?: FindingSyntax;
  readonly fix?: Fix;
  /** Pending fix edits before they are turned into text edits (internal). */
  readonly fixInput?: { readonly description: string; readonly edits: readonly FixEdit[] };
  suppression?: Suppression;
  baselineState?: "new" | "unchanged";
  fingerprint?: string;
}

/** A file that could not be read, parsed or evaluated. */
export interface FileError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly code: string;
}

/**
 * Something worth telling in verbose mode (skipped files, unknown values). A "notice" is shown without --verbose
 * too, and in JSON, SARIF (a notification) and GitHub annotations: Batch content that was not linted.
 */
export interface Note {
  readonly file: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly kind: "skipped" | "unknown" | "info" | "notice";
}

/**
 * Appends notes, leaving out one that repeats the note before it (same file, place, kind and message). The
 * records of a streamed list each note the same thing when they are not resources: a list of 26 million `1`s
 * (50 KB gzip-compressed) kept 26 million equal notes, 1.2 GB.
 */
export function appendNotes(into: Note[], from: readonly Note[]): void {
  for (let i = 0; i < from.length; i++) {
    const n = from[i]!;
    const last = into[into.length - 1];
    if (last && last.file === n.file && last.message === n.message && last.kind === n.kind && last.line === n.line && last.column === n.column) continue;
    into.push(n);
  }
}

export interface LintResult {
  readonly findings: Finding[];
  readonly errors: FileError[];
  readonly notes: Note[];
  readonly filesLinted: number;
  /** Resources checked, for summaries. */
  readonly resourcesChecked: number;
  /** Display paths of the files linted (baselines only report stale entries for these). */
  readonly files?: string[];
  /** Set with --baseline: entries of the baseline file that matched no finding. */
  baseline?: { readonly file: string; readonly unmatched: readonly { readonly fingerprint: string; readonly ruleId: string; readonly file: string; readonly resource: string; readonly propertyPath: string }[] };
  /** Every resource checked (for audit summaries), in lint order. */
  readonly checkedResources?: { readonly file: string; readonly type: string; readonly label: string; readonly id?: string }[];
}

export const severityRank: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

/** Deterministic order: file, line, column, rule id, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.region.startLine - b.region.startLine ||
    a.region.startColumn - b.region.startColumn ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/**
 * What makes two findings the same problem: rule, severity, place, message, resource and whether it is conditional.
 * Equal findings differ at most in where their value came from (related locations), and are told once.
 * `sameIdentity` below compares the same fields without making the strings: a field added here is added there.
 */
export function findingIdentity(f: Finding): string {
  const r = f.resource;
  return `${f.ruleId}\u0000${f.severity}\u0000${f.file}\u0000${f.region.charOffset}\u0000${f.region.charLength}\u0000${f.message}\u0000${r.type}\u0000${r.name ?? r.label}\u0000${r.id ?? ""}\u0000${f.conditional === true}`;
}

/**
 * `findingIdentity(a) === findingIdentity(b)`: field by field, and through the strings only when a field holds the
 * NUL that separates them there (then different fields could still make the same string).
 */
export function sameIdentity(a: Finding, b: Finding): boolean {
  const ra = a.resource;
  const rb = b.resource;
  if (
    a.ruleId === b.ruleId &&
    a.severity === b.severity &&
    a.file === b.file &&
    a.region.charOffset === b.region.charOffset &&
    a.region.charLength === b.region.charLength &&
    a.message === b.message &&
    ra.type === rb.type &&
    (ra.name ?? ra.label) === (rb.name ?? rb.label) &&
    (ra.id ?? "") === (rb.id ?? "") &&
    (a.conditional === true) === (b.conditional === true)
  )
    return true;
  return (holdsNul(a) || holdsNul(b)) && findingIdentity(a) === findingIdentity(b);
}

function holdsNul(f: Finding): boolean {
  const r = f.resource;
  for (const s of [f.ruleId, f.severity, f.file, f.message, r.type, r.name ?? r.label, r.id ?? ""]) if (s.includes("\u0000")) return true;
  return false;
}

/** `first`, with the related locations of `f` it lacks added after its own (the same object when none is new). */
export function withRelatedOf(first: Finding, f: Finding): Finding {
  let related: RelatedLocation[] | undefined;
  for (const n of f.related) {
    const has = (related ?? first.related).some((o) => o.file === n.file && o.message === n.message && o.region.charOffset === n.region.charOffset);
    if (!has) (related ??= [...first.related]).push(n);
  }
  return related ? { ...first, related } : first;
}

/** A finding that counts: not suppressed, and not one the baseline already has (unchanged). */
export function isActive(f: Finding): boolean {
  return !f.suppression && f.baselineState !== "unchanged";
}

/**
 * Keeps at most `max` findings: errors first, then warnings, then notes; the given order within a level (for
 * outputs with a size limit: SARIF for GitHub, the HTML report's tables). Linear: audits hold millions.
 */
export function truncateBySeverity(findings: readonly Finding[], max: number): Finding[] {
  if (findings.length <= max) return [...findings];
  const count: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) count[f.severity]++;
  const quota: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  let room = max;
  for (const level of ["error", "warning", "note"] as const) {
    quota[level] = Math.min(count[level], room);
    room -= quota[level];
  }
  const out: Finding[] = [];
  for (const f of findings) {
    if (quota[f.severity] > 0) {
      quota[f.severity]--;
      out.push(f);
    }
  }
  return out;
}
