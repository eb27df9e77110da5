import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding, LintResult } from "../src/engine/findings.js";
import { LineIndex } from "../src/parse/document.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Renders findings as the reviewed snapshot: position, rule, message, pointer, related and a code frame. */
export function renderFindings(result: LintResult, base = repoRoot): string {
  const lines: string[] = [];
  const texts = new Map<string, string>();
  const text = (file: string) => {
    if (!texts.has(file)) texts.set(file, fs.readFileSync(path.resolve(base, file), "utf8").replace(/^\uFEFF/, ""));
    return texts.get(file)!;
  };
  for (const f of result.findings) {
    const r = f.region;
    lines.push(`${f.file}:${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn} ${f.severity} ${f.ruleId} ${f.ruleName}`);
    lines.push(`  ${f.message}`);
    lines.push(`  at ${f.pointer || "/"} (${f.propertyPath})`);
    for (const rel of f.related) lines.push(`  related ${rel.file}:${rel.region.startLine}:${rel.region.startColumn} ${rel.message}`);
    if (f.fixInput) lines.push(`  fix: ${f.fixInput.description}`);
    lines.push(...codeFrame(text(f.file), f));
  }
  for (const e of result.errors) lines.push(`ERROR ${e.file}:${e.line}:${e.column} ${e.message}`);
  return `${lines.join("\n")}\n`;
}

function codeFrame(text: string, f: Finding): string[] {
  const idx = new LineIndex(text);
  const out: string[] = [];
  const { startLine, startColumn, endLine, endColumn } = f.region;
  const width = String(startLine + 1).length;
  for (let l = Math.max(1, startLine - 1); l <= Math.min(idx.lineCount, startLine + (endLine > startLine ? 1 : 0)); l++) {
    const mark = l === startLine ? ">" : " ";
    out.push(`  ${mark} ${String(l).padStart(width)} | ${idx.lineText(text, l)}`);
    if (l === startLine) {
      const len = endLine === startLine ? Math.max(1, endColumn - startColumn) : Math.max(1, idx.lineText(text, l).length - startColumn + 1);
      out.push(`    ${" ".repeat(width)} | ${" ".repeat(startColumn - 1)}${"^".repeat(len)}`);
    }
  }
  return out;
}

/** The elements of `a` not in `b`, each as often as it is more frequent in `a` (a multiset difference). */
export function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  return a.filter((x) => {
    const i = left.indexOf(x);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/** The rules an `expect:` marker comment of a fixture names (`BATCH001*2 BATCH005`), each as often as it is announced. */
export function markerRules(list: string): string[] {
  const out: string[] = [];
  for (const token of list.trim().split(/\s+/)) {
    const [rule, n] = token.split("*");
    for (let k = 0; k < Number(n ?? 1); k++) out.push(rule!);
  }
  return out;
}
