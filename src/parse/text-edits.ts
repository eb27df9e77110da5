/**
 * The text side of a language's fixer (input/bicep/fix.ts, input/terraform/fix.ts): what is the same in Bicep and
 * HCL once a syntax tree has said which span to edit. Lines and their indentation, a block comment or a trailing
 * line comment around a value, a list element removed with its comma (and its line when alone on it), a member
 * added after the last one (on a line of its own, or after it on the same line, with a comma), and the edits of a
 * fix applied and parsed again. How keys and values are written stays with each language (model/syntax.ts,
 * model/syntax-terraform.ts).
 */
import type { FixEdits, TextEdit } from "./source.js";

/** Where a node is written: offset `o` to end `e` (each language's syntax tree has its nodes so). */
export interface Span {
  readonly o: number;
  readonly e: number;
}

/** Thrown to abandon an edit, with the reason. */
export class Refused {
  constructor(readonly message: string) {}
}

/** `text` with `edits` applied (they do not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = "";
  let pos = 0;
  for (const x of [...edits].sort((a, b) => a.offset - b.offset)) {
    out += text.slice(pos, x.offset) + x.content;
    pos = x.offset + x.length;
  }
  return out + text.slice(pos);
}

/**
 * A fixer's answer for one edit: the edits `make` gives, when the text they leave parses (`parse` throws a
 * `syntaxError` when it does not); a Refused anywhere is the fix refused, with its reason.
 */
export function checkedEdits(text: string, make: () => TextEdit[], parse: (edited: string) => void, syntaxError: abstract new (...args: never[]) => Error): FixEdits {
  try {
    const edits = make();
    try {
      parse(applyEdits(text, edits));
    } catch (err) {
      if (err instanceof syntaxError) throw new Refused(`the edited text would not parse (${err.message})`);
      throw err;
    }
    return { edits };
  } catch (err) {
    if (err instanceof Refused) return { refused: err.message };
    throw err;
  }
}

export function lineStart(text: string, pos: number): number {
  return text.lastIndexOf("\n", pos - 1) + 1;
}

/** The blanks that start the line holding `pos`, up to `pos`. */
export function indentAt(text: string, pos: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, pos), pos))![0];
}

/** A file's text as a fixer edits it: `lineComment` is what starts a comment to the end of the line (a regex source). */
export class EditableText {
  constructor(
    readonly text: string,
    private readonly lineComment: string,
  ) {}

  /** The first offset at or after `pos` that is not a blank or a block comment, on the same line. */
  nextOnLine(pos: number): number {
    const text = this.text;
    let i = pos;
    for (;;) {
      while (text[i] === " " || text[i] === "\t" || (text[i] === "\r" && text[i + 1] !== "\n")) i++;
      if (!text.startsWith("/*", i)) return i;
      const close = text.indexOf("*/", i + 2);
      if (close < 0 || /[\r\n]/.test(text.slice(i, close))) return i;
      i = close + 2;
    }
  }

  /** End of the line holding `pos`, its line break included, when only blanks or a line comment follow `pos`. */
  restOfLineEnd(pos: number): number | undefined {
    const rest = new RegExp(`[ \\t]*((?:${this.lineComment})[^\\r\\n]*)?(\\r\\n|\\n|$)`, "y"); // per call: a sticky expression's lastIndex is state
    rest.lastIndex = pos;
    const m = rest.exec(this.text);
    return m ? pos + m[0].length : undefined;
  }

  /**
   * When `s` stands alone on its line, bar what follows `from` (its comma) up to a trailing comment: its
   * indentation, and where its line ends before the line break (where a new line after it goes).
   */
  lineAfter(s: Span, from = s.e): { readonly indent: string; readonly end: number } | undefined {
    const text = this.text;
    const eol = this.restOfLineEnd(from);
    const ls = lineStart(text, s.o);
    if (!/^[ \t]*$/.test(text.slice(ls, s.o)) || eol === undefined) return undefined;
    return { indent: text.slice(ls, s.o), end: from + text.slice(from, eol).replace(/(\r\n|\n|\r)$/, "").length };
  }

  /**
   * Element `idx` of a comma-separated list (array items, object members) removed: its whole line when it is alone
   * on it (with its comma and a trailing comment), else itself and one separating comma (`['AAD', 'SharedKey']` →
   * `['AAD']`).
   */
  removal(elements: readonly Span[], idx: number): TextEdit[] {
    const text = this.text;
    const item = elements[idx]!;
    const edits: TextEdit[] = [];
    let start = item.o;
    let end = item.e;
    const after = this.nextOnLine(end);
    const hasComma = text[after] === ",";
    if (hasComma) end = after + 1;
    let joined = false;
    if (!hasComma && idx > 0) {
      // The last element: the comma that separates it from the previous one goes too.
      const prev = elements[idx - 1]!;
      const comma = this.nextOnLine(prev.e);
      if (text[comma] === ",") {
        if (/^[ \t]*,[ \t]*$/.test(text.slice(prev.e, item.o))) {
          start = prev.e;
          joined = true;
        } else edits.push({ offset: comma, length: 1, content: "" });
      }
    }
    const ls = lineStart(text, start);
    const eol = this.restOfLineEnd(end);
    if (!joined && /^[ \t]*$/.test(text.slice(ls, start)) && eol !== undefined) {
      start = ls;
      end = eol;
    } else if (hasComma) while (text[end] === " " || text[end] === "\t") end++;
    edits.push({ offset: start, length: end - start, content: "" });
    return edits;
  }

  /**
   * A new member of the object literal `obj` whose members are `members` (comma-separated): on a line of its own
   * after the last one (and its comma and trailing comment), at its indentation; after it on the same line, with a
   * comma, when it shares its line; an empty object opened up, the member one `unit` deeper. `member(indent, opened)`
   * writes the member (`key: value`): at `indent` when it has a line of its own (`opened`: the first of an empty
   * object), else on one line.
   */
  addMember(obj: Span, members: readonly Span[], layout: { readonly newline: string; readonly unit: string }, member: (indent: string | undefined, opened: boolean) => string): TextEdit[] {
    const text = this.text;
    const nl = layout.newline;
    const last = members[members.length - 1];
    if (!last) {
      const indent = indentAt(text, obj.o);
      return [{ offset: obj.o, length: obj.e - obj.o, content: `{${nl}${indent}${layout.unit}${member(indent + layout.unit, true)}${nl}${indent}}` }];
    }
    const after = this.nextOnLine(last.e);
    const hasComma = text[after] === ",";
    const from = hasComma ? after + 1 : last.e;
    const own = this.lineAfter(last, from);
    if (own) return [{ offset: own.end, length: 0, content: `${nl}${own.indent}${member(own.indent, false)}${hasComma ? "," : ""}` }];
    const m = member(undefined, false);
    return [hasComma ? { offset: from, length: 0, content: ` ${m},` } : { offset: last.e, length: 0, content: `, ${m}` }];
  }
}
