/**
 * Baselines: grandfather existing findings so that CI fails only on new ones.
 *
 * A finding's fingerprint is stable across unrelated edits: a hash of rule id, file (relative to the baseline
 * file's directory), resource identity (type + name or label) and logical property path. Line numbers are not
 * part of it. Findings with the same key get an occurrence counter (`hash:1`, `hash:2`, ...) in report order.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Finding } from "../engine/findings.js";
import { VERSION } from "../version.js";

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly ruleId: string;
  /** Relative to the baseline file's directory, '/' separated. */
  readonly file: string;
  /** "type name", for people reading the file. */
  readonly resource: string;
  readonly propertyPath: string;
  readonly message: string;
}

export interface BaselineFile {
  readonly $comment?: string;
  readonly version: 1;
  readonly tool: "batchlint";
  readonly toolVersion?: string;
  readonly entries: readonly BaselineEntry[];
}

export class BaselineError extends Error {}

/** Display path (relative to `base`) → path relative to `root` ('/' separated); stdin names pass through. */
export function fileKeyFn(base: string, root: string): (file: string) => string {
  const cache = new Map<string, string>();
  return (file) => {
    if (file.startsWith("<")) return file;
    let key = cache.get(file);
    if (key === undefined) {
      key = path.relative(root, path.resolve(base, file)).split(path.sep).join("/") || file;
      cache.set(file, key);
    }
    return key;
  };
}

function resourceIdentity(f: Finding): string {
  const r = f.resource;
  if (!r.type && !r.label) return "";
  return `${r.type.toLowerCase()} ${r.name ?? r.label}`;
}

/** Sets `fingerprint` on every finding (in their current order, which is deterministic). */
export function fingerprintFindings(findings: readonly Finding[], fileKey: (file: string) => string): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const key = [f.ruleId, fileKey(f.file), resourceIdentity(f), f.propertyPath].join("\u0000");
    const hash = crypto.createHash("sha256").update(key).digest("hex").slice(0, 20);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    f.fingerprint = `${hash}:${n}`;
  }
}

/** Findings that a baseline records: everything reported that is not suppressed. */
function baselinable(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppression);
}

export function createBaseline(findings: readonly Finding[], fileKey: (file: string) => string): BaselineFile {
  fingerprintFindings(baselinable(findings), fileKey);
  const entries = baselinable(findings)
    .map((f) => ({ fingerprint: f.fingerprint!, ruleId: f.ruleId, file: fileKey(f.file), resource: resourceIdentity(f), propertyPath: f.propertyPath, message: f.message }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  for (const f of baselinable(findings)) f.baselineState = "unchanged";
  return {
    $comment: "batchlint baseline: findings accepted when the baseline was created. Regenerate with --baseline-create; remove entries as debt is paid.",
    version: 1,
    tool: "batchlint",
    toolVersion: VERSION,
    entries,
  };
}

export function writeBaseline(file: string, baseline: BaselineFile): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

export function readBaseline(file: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new BaselineError(`${file}: ${err.code === "ENOENT" ? "no such baseline file (create one with --baseline-create)" : `cannot read baseline: ${err.message}`}`);
  }
  const b = data as BaselineFile;
  if (!b || typeof b !== "object" || b.version !== 1 || !Array.isArray(b.entries) || b.entries.some((e) => typeof e?.fingerprint !== "string"))
    throw new BaselineError(`${file}: not a batchlint baseline (expected {"version": 1, "entries": [{"fingerprint": ...}]})`);
  return b;
}

/**
 * Marks findings "unchanged" (in the baseline) or "new", and returns the baseline entries that matched nothing,
 * limited to files that were linted in this run when `lintedFiles` is given (so linting a subset does not
 * report the rest of the baseline as fixed).
 */
export function applyBaseline(findings: readonly Finding[], baseline: BaselineFile, fileKey: (file: string) => string, lintedFiles?: readonly string[]): BaselineEntry[] {
  const active = baselinable(findings);
  fingerprintFindings(active, fileKey);
  const remaining = new Map<string, BaselineEntry>();
  for (const e of baseline.entries) remaining.set(e.fingerprint, e);
  for (const f of active) {
    if (remaining.has(f.fingerprint!)) {
      remaining.delete(f.fingerprint!);
      f.baselineState = "unchanged";
    } else f.baselineState = "new";
  }
  const linted = lintedFiles ? new Set(lintedFiles.map(fileKey)) : undefined;
  return [...remaining.values()].filter((e) => !linted || linted.has(e.file));
}
