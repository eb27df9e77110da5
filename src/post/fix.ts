/**
 * Fixes: a rule's `FixInput` (remove | replace | set on a Prop or Loc) → text edits on the linted file.
 *
 * Safety: an edit is refused when its target value came from an ARM expression (`Prop.evaluated`), from a
 * parameter or variable (`Prop.origins`), is an expression string in the text, or is written in another file than
 * the linted one. Only literal values written in the linted file are ever touched.
 *
 * Edits: replacements go through jsonc-parser `modify`; removals and insertions are computed from the parse
 * tree here, because jsonc-parser 3.3.1 `modify` removes the last element of an array wrongly
 * (`["AAD", "SharedKey"]` → `["AAD""]`) and its formatter moves a trailing comment to the inserted property.
 * Removals take the whole line when the value is alone on it, and the separating comma with it; comments of
 * neighbouring values stay. All edits are applied with jsonc-parser `applyEdits`.
 *
 * A document in another syntax (Bicep) has a `fixer` (parse/source.ts DocFixer): the edit, placed here at a pointer
 * once the checks above pass, is written by it in that syntax (input/bicep/fix.ts), or refused with its reason.
 */
import { terraformPathOf, terraformTerms, terraformTypeOf } from "../model/syntax-terraform.js";
import type { Node } from "jsonc-parser";
import { jsonc } from "../parse/jsonc.js";
import { parseDocument, type DocFixer, type ParsedDoc, type PlacedEdit } from "../parse/document.js";
import { skipTrivia } from "../parse/lines.js";
import type { Finding, Fix, TextEdit } from "../engine/findings.js";
import type { FixEdit, FixInput } from "../rule.js";
import { Prop } from "../model/prop.js";
import type { Loc } from "../model/tree.js";
import { splitPointer } from "../model/value.js";
import { isExpression } from "../input/arm/expression/parser.js";

export type FixOutcome = { readonly fix: Fix } | { readonly refused: string };

/** Thrown to abandon a fix; carries no stack (refusals are routine, and stacks are costly to capture). */
class Refused {
  constructor(readonly message: string) {}
}

/** Turns a rule's fix into text edits on `doc`, or says why it is refused. */
export function computeFix(doc: ParsedDoc, input: FixInput): FixOutcome {
  try {
    const edits: TextEdit[] = [];
    for (const e of input.edits) edits.push(...editFor(doc, e));
    edits.sort((a, b) => a.offset - b.offset);
    for (let i = 1; i < edits.length; i++) if (edits[i]!.offset < edits[i - 1]!.offset + edits[i - 1]!.length) throw new Refused("the fix's edits overlap");
    return { fix: { description: describedIn(doc, input), file: doc.file, edits } };
  } catch (e) {
    if (e instanceof Refused) return { refused: e.message };
    throw e;
  }
}

/** A fix's description in the terms of a .tf file (`Remove "SharedKey" from allowed_authentication_modes`); else as the rule wrote it. */
function describedIn(doc: ParsedDoc, input: FixInput): string {
  if (!("terraformKind" in doc) || !input.edits.length) return input.description;
  const at = input.edits[0]!.at;
  const pointer = at instanceof Prop ? at.at.pointer : at.pointer;
  return terraformTerms(input.description, undefined, terraformTypeOf(pointer));
}

function targetLoc(doc: ParsedDoc, at: Prop | Loc, allowMissing = false): Loc {
  let loc: Loc;
  if (at instanceof Prop) {
    // A .tf file names the attribute as Terraform does (`allowed_authentication_modes[1]`), its values' origins too.
    const tf = "terraformKind" in doc;
    const what = (tf && terraformPathOf(at.at.pointer)) || at.path || "value";
    // A Bicep file names a parameter or variable bare (`modes`): where the value comes from says more than "an expression".
    if (at.evaluated && !(doc.fixer && at.origins.length)) throw new Refused(`${what} is computed by ${doc.fixer?.expression ?? "an ARM expression"}`);
    if (at.origins.length) throw new Refused(`${what} comes from ${tf ? "a variable, a local or a module's input" : "a parameter or variable"}`);
    if (at.missing && !allowMissing) throw new Refused(`${what} is not set`);
    if (at.unknown) throw new Refused(`${what} is not known`);
    loc = at.at;
  } else loc = at;
  if (loc.file !== doc.file) throw new Refused(`the value is written in ${loc.file}, not in ${doc.file}, the file linted here`);
  return loc;
}

function nodeAt(doc: ParsedDoc, pointer: string): Node {
  const n = doc.node(pointer);
  if (!n) throw new Refused(`nothing at ${pointer || "/"}`);
  if (n.type === "string" && isExpression(n.value as string)) throw new Refused(`the value at ${pointer} is an ARM expression`);
  return n;
}

/** jsonc-parser's path to a pointer of the file, within the document's own text (a record's prefix taken off). */
function jsonPath(doc: ParsedDoc, pointer: string): (string | number)[] {
  const out: (string | number)[] = [];
  // The values say which containers are arrays.
  let cur: unknown = doc.value;
  for (const s of splitPointer(doc.localPointer(pointer))) {
    const arr = Array.isArray(cur);
    out.push(arr ? Number(s) : s);
    cur = cur !== null && typeof cur === "object" ? (arr ? (cur as unknown[])[Number(s)] : Object.hasOwn(cur, s) ? (cur as Record<string, unknown>)[s] : undefined) : undefined;
  }
  return out;
}

/** A document with a fixer of its own: the edit placed at its pointer, written by the fixer (or refused). */
function fixerEdits(doc: ParsedDoc, fixer: DocFixer, e: FixEdit): readonly TextEdit[] {
  const pointer = targetLoc(doc, e.at).pointer;
  const placed: PlacedEdit = e.op === "set" ? { op: "set", pointer, key: e.key, value: e.value } : e.op === "replace" ? { op: "replace", pointer, value: e.value } : { op: "remove", pointer };
  const out = fixer.edits(placed);
  if ("refused" in out) throw new Refused(out.refused);
  return out.edits;
}

function editFor(doc: ParsedDoc, e: FixEdit): readonly TextEdit[] {
  if (doc.fixer) return fixerEdits(doc, doc.fixer, e);
  if (e.op === "remove") {
    const loc = targetLoc(doc, e.at);
    const node = nodeAt(doc, loc.pointer);
    const item = node.parent?.type === "property" ? node.parent : node;
    const container = item.parent;
    if (!container || (container.type !== "array" && container.type !== "object")) throw new Refused("cannot remove the document root");
    return removal(new FixText(doc), item, container.children ?? []);
  }
  if (e.op === "replace") {
    const loc = targetLoc(doc, e.at);
    nodeAt(doc, loc.pointer);
    if (containsExpression(e.value)) throw new Refused("the replacement is an ARM expression");
    return jsonc()
      .modify(doc.text, jsonPath(doc, loc.pointer), e.value, {})
      .map((x) => ({ offset: x.offset, length: x.length, content: x.content }));
  }
  // set: a property of a literal object (added when absent, replaced when present)
  const loc = targetLoc(doc, e.at);
  const obj = nodeAt(doc, loc.pointer);
  if (obj.type !== "object") throw new Refused("'set' needs an object");
  if (containsExpression(e.value)) throw new Refused("the new value is an ARM expression");
  const props = (obj.children ?? []).filter((p) => p.children?.length === 2);
  const existing = [...props].reverse().find((p) => String(p.children![0]!.value).toLowerCase() === e.key.toLowerCase());
  if (existing) {
    const v = existing.children![1]!;
    if (v.type === "string" && isExpression(v.value as string)) throw new Refused(`${e.key} is an ARM expression`);
    return [{ offset: v.offset, length: v.length, content: JSON.stringify(e.value) }];
  }
  return insertion(new FixText(doc), obj, props, `${JSON.stringify(e.key)}: ${JSON.stringify(e.value)}`);
}

function containsExpression(v: unknown): boolean {
  if (typeof v === "string") return isExpression(v);
  if (Array.isArray(v)) return v.some(containsExpression);
  if (v && typeof v === "object") return Object.values(v).some(containsExpression);
  return false;
}

const COMMA = 5;
const OTHER = -1;

/** The next token after `pos` that is not whitespace, a line break or a comment, as COMMA or OTHER. */
function nextSignificant(text: string, pos: number): { kind: number; offset: number; length: number } {
  const i = skipTrivia(text, pos);
  return { kind: text.charCodeAt(i) === 44 /* , */ ? COMMA : OTHER, offset: i, length: i < text.length ? 1 : 0 };
}

/**
 * The text of the document being fixed, with what the edits ask of it: where lines start, its line break, its
 * indent unit. Each is a look-up in what the document keeps, not a scan of the text: thousands of fixes in a
 * file on one line (an exported list without line breaks) were quadratic when each fix walked back to its line
 * start.
 */
class FixText {
  readonly text: string;
  constructor(private readonly doc: ParsedDoc) {
    this.text = doc.text;
  }
  lineStart(pos: number): number {
    const lines = this.doc.lineIndex;
    return lines.start(lines.lineOf(pos));
  }
  /** Whether only white space stands between `from` and `to` (scanned back from `to`: it stops at the first other character). */
  blankBetween(from: number, to: number): boolean {
    for (let i = to - 1; i >= from; i--) if (!/\s/.test(this.text[i]!)) return false;
    return true;
  }
  get nl(): string {
    return this.doc.newline;
  }
  get indentUnit(): string {
    return this.doc.indentUnit;
  }
}

/** End of the line containing `pos`, including the line break, if only blanks or a `//` comment follow `pos`. */
function restOfLineEnd(text: string, pos: number): number | undefined {
  const restOfLine = /[ \t]*(\/\/[^\r\n]*)?(\r\n|\n|\r|$)/y; // per call: a sticky expression's lastIndex is state
  restOfLine.lastIndex = pos;
  const m = restOfLine.exec(text);
  return m ? pos + m[0].length : undefined;
}

function removal(ft: FixText, item: Node, siblings: readonly Node[]): TextEdit[] {
  const text = ft.text;
  const edits: TextEdit[] = [];
  const idx = siblings.indexOf(item);
  let start = item.offset;
  let end = item.offset + item.length;
  const after = nextSignificant(text, end);
  const hasComma = after.kind === COMMA;
  if (hasComma) end = after.offset + after.length;
  else if (idx > 0) {
    // Last element: drop the comma that separates it from the previous one.
    const prev = siblings[idx - 1]!;
    const prevEnd = prev.offset + prev.length;
    const between = text.slice(prevEnd, item.offset);
    if (/^\s*,[ \t]*$/.test(between))
      start = prevEnd; // same line, nothing worth keeping in between
    else {
      const c = nextSignificant(text, prevEnd);
      if (c.kind === COMMA) edits.push({ offset: c.offset, length: 1, content: "" });
    }
  }
  const ls = ft.lineStart(start);
  const eol = restOfLineEnd(text, end);
  if (start === item.offset && ft.blankBetween(ls, start) && eol !== undefined) {
    start = ls;
    end = eol;
  } else if (hasComma) {
    while (text[end] === " " || text[end] === "\t") end++;
  }
  edits.push({ offset: start, length: end - start, content: "" });
  return edits;
}

function insertion(ft: FixText, obj: Node, props: readonly Node[], member: string): TextEdit[] {
  const text = ft.text;
  const nl = ft.nl;
  const last = props[props.length - 1];
  if (!last) {
    const leadingBlanks = /[ \t]*/y;
    leadingBlanks.lastIndex = ft.lineStart(obj.offset);
    const indent = leadingBlanks.exec(text)![0];
    return [{ offset: obj.offset, length: obj.length, content: `{${nl}${indent}${ft.indentUnit}${member}${nl}${indent}}` }];
  }
  const lastEnd = last.offset + last.length;
  const after = nextSignificant(text, lastEnd);
  const hasComma = after.kind === COMMA;
  const ls = ft.lineStart(last.offset);
  const ownLine = ft.blankBetween(ls, last.offset);
  const commaEdit: TextEdit[] = hasComma ? [] : [{ offset: lastEnd, length: 0, content: "," }];
  if (ownLine) {
    const indent = text.slice(ls, last.offset);
    const from = hasComma ? after.offset + after.length : lastEnd;
    const eol = restOfLineEnd(text, from);
    if (eol !== undefined) {
      // After the last property's line (and its trailing comment).
      const lineEnd = text.slice(from, eol).replace(/(\r\n|\n|\r)$/, "").length + from;
      return [...commaEdit, { offset: lineEnd, length: 0, content: `${nl}${indent}${member}${hasComma ? "," : ""}` }];
    }
  }
  const at = hasComma ? after.offset + after.length : lastEnd;
  return [...commaEdit, { offset: at, length: 0, content: ` ${member}${hasComma ? "," : ""}` }];
}

/**
 * Applies non-overlapping edits (offsets relative to `text`), in one pass: the same result as jsonc-parser's
 * `applyEdits` (edits ordered by offset, then length; an insertion before a replacement at the same offset;
 * "Overlapping edit" thrown), which splices the whole text once per edit: 6,000 fixes in a 3 MB file took two
 * minutes there.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  // Array.prototype.sort is stable, as jsonc-parser's merge sort is.
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length);
  const parts: string[] = [];
  let pos = 0;
  for (const e of sorted) {
    if (e.offset < pos) throw new Error("Overlapping edit");
    if (e.offset > pos) parts.push(text.slice(pos, e.offset));
    parts.push(e.content);
    pos = e.offset + e.length;
  }
  parts.push(text.slice(pos));
  return parts.join("");
}

/**
 * The edits chosen for one pass of the fix loop, ordered by offset; no two overlap, but one fix may insert twice
 * at one offset. `overlaps` asks only the neighbours of where an edit would go: a binary search, not a walk over every edit
 * chosen so far.
 */
class ChosenEdits {
  readonly edits: TextEdit[] = [];
  /** The index of the first chosen edit at or after `offset` (after it, with `past`). */
  private at(offset: number, past = false): number {
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const o = this.edits[mid]!.offset;
      if (o < offset || (past && o === offset)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** Whether `e` overlaps a chosen edit (ranges that intersect, or an insertion at the offset of another edit). */
  overlaps(e: TextEdit): boolean {
    const i = this.at(e.offset);
    const next = this.edits[i];
    if (next && (next.offset < e.offset + e.length || (next.offset === e.offset && (e.length === 0 || next.length === 0)))) return true;
    const prev = this.edits[i - 1];
    return prev !== undefined && e.offset < prev.offset + prev.length;
  }
  /** Adds `e` after any edit at its offset: one fix's edits at one offset (a comma, then a member) keep their order. */
  add(e: TextEdit): void {
    this.edits.splice(this.at(e.offset, true), 0, e);
  }
}

export interface FixLoopResult {
  readonly output: string;
  /** Fixes applied, by rule id. */
  readonly applied: Map<string, number>;
  readonly passes: number;
}

/** The fix loop's check that a fixed JSON text still parses (throws when it does not). */
function parseJson(text: string): void {
  parseDocument(text, "<fix>");
}

/**
 * ESLint-style: lint, apply every non-overlapping fix, re-lint, repeat (at most `maxPasses` times) until no
 * fix applies. `relint` returns the findings (with `fix` set) for a text of this file; `parse` throws when a
 * fixed text no longer parses in the file's syntax (JSON by default; the CLI passes the reader lint used).
 */
export function fixLoop(text: string, relint: (text: string) => readonly Finding[], maxPasses = 10, first?: readonly Finding[], parse: (text: string) => unknown = parseJson): FixLoopResult {
  const applied = new Map<string, number>();
  let passes = 0;
  let current = text;
  let findings = first ?? relint(current);
  while (passes < maxPasses) {
    const fixes = findings.filter((f) => f.fix && !f.suppression && f.fix.edits.length).sort((a, b) => a.fix!.edits[0]!.offset - b.fix!.edits[0]!.offset);
    const chosen = new ChosenEdits();
    let count = 0;
    for (const f of fixes) {
      const edits = f.fix!.edits;
      if (edits.some((e) => chosen.overlaps(e))) continue;
      for (const e of edits) chosen.add(e);
      applied.set(f.ruleId, (applied.get(f.ruleId) ?? 0) + 1);
      count++;
    }
    if (!count) break;
    const next = applyTextEdits(current, chosen.edits);
    passes++;
    if (next === current) break;
    try {
      parse(next);
    } catch {
      break; // never write a file that no longer parses
    }
    current = next;
    findings = relint(current);
  }
  return { output: current, applied, passes };
}

// ---------------------------------------------------------------------------------------------------------
// Unified diff (for --fix-dry-run)

function splitLines(s: string): string[] {
  const lines = s.split(/(?<=\n)/);
  return lines.length && lines[lines.length - 1] === "" ? lines.slice(0, -1) : lines;
}

/**
 * A unified diff of two texts, 3 lines of context, `--- a/file` / `+++ b/file`. Empty when equal. `redact` is
 * applied to every line of the texts shown (context, removed and added): a diff quotes the file's own lines,
 * secrets included, which finding messages never show.
 */
export function unifiedDiff(file: string, before: string, after: string, context = 3, redact?: (line: string) => string): string {
  if (before === after) return "";
  const a = splitLines(before);
  const b = splitLines(after);
  // Trim the common prefix and suffix, then LCS on the middle (fixes touch few lines).
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  const ops: { t: " " | "-" | "+"; line: string }[] = [];
  for (let i = 0; i < pre; i++) ops.push({ t: " ", line: a[i]! });
  if (n * m <= 4_000_000) {
    const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i]![j] = am[i] === bm[j] ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        ops.push({ t: " ", line: am[i]! });
        i++;
        j++;
      } else if (i < n && (j === m || L[i + 1]![j]! >= L[i]![j + 1]!)) ops.push({ t: "-", line: am[i++]! });
      else ops.push({ t: "+", line: bm[j++]! });
    }
  } else {
    for (const l of am) ops.push({ t: "-", line: l });
    for (const l of bm) ops.push({ t: "+", line: l });
  }
  for (let i = a.length - suf; i < a.length; i++) ops.push({ t: " ", line: a[i]! });

  const out = [`--- a/${file}\n`, `+++ b/${file}\n`];
  // Line numbers of ops[counted] in the old and new text, kept as hunks advance (counting from the start for
  // each hunk made a diff of thousands of fixes quadratic).
  let counted = 0;
  let aLine = 1;
  let bLine = 1;
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.t === " ") {
      k++;
      continue;
    }
    let start = Math.max(0, k - context);
    let end = k;
    // extend the hunk while changes are within 2*context lines of each other
    for (;;) {
      while (end < ops.length && ops[end]!.t !== " ") end++;
      let next = end;
      while (next < ops.length && ops[next]!.t === " ") next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    for (; counted < start; counted++) {
      if (ops[counted]!.t !== "+") aLine++;
      if (ops[counted]!.t !== "-") bLine++;
    }
    const aStart = aLine;
    const bStart = bLine;
    const hunk = ops.slice(start, stop);
    const aLen = hunk.filter((o) => o.t !== "+").length;
    const bLen = hunk.filter((o) => o.t !== "-").length;
    out.push(`@@ -${aLen ? aStart : aStart - 1},${aLen} +${bLen ? bStart : bStart - 1},${bLen} @@\n`);
    for (const o of hunk) {
      const line = redact ? redact(o.line) : o.line;
      out.push(`${o.t}${line.endsWith("\n") ? line : `${line}\n\\ No newline at end of file\n`}`);
    }
    k = stop;
    start = stop;
  }
  return out.join("");
}
