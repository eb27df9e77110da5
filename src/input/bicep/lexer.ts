/**
 * Bicep tokens. Hand-written because no maintained JavaScript Bicep parser exists: the Bicep compiler is .NET, and
 * the tree-sitter grammar on npm (tree-sitter-bicep 1.1.0) rejects `extension` and spread `...` (measured; see
 * docs/architecture.md, "Bicep"). Newlines are tokens (they end statements and separate members); comments and
 * `#disable-next-line` pragmas are skipped, comments kept for suppression directives.
 *
 * A string is one token holding its literal parts and the spans of its `${...}` holes: the parser reads each hole
 * as an expression of its own. A hole's end is found by lexing inside it (a `}` in a nested string is not its end).
 */
import type { Comment } from "../../parse/source.js";

export type TokKind = "id" | "str" | "num" | "op" | "nl" | "eof";

export interface Tok {
  readonly k: TokKind;
  /** Identifier text, operator text, number digits; for strings the first literal part. */
  readonly v: string;
  readonly o: number;
  readonly e: number;
  /** Strings: the literal parts (holes + 1 of them) and the holes' spans (inside `${` and `}`). */
  readonly parts?: readonly string[];
  readonly holes?: readonly { readonly o: number; readonly e: number }[];
  /** A `'''` string: no escapes, no interpolation. */
  readonly multi?: boolean;
}

/** A syntax error at an offset of the text (the loader makes it a located InputError). */
export class BicepSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Longest first: `...` before `.`, `??` before `?`, `=~` before `=`. */
const OPS = ["...", "=~", "!~", "==", "!=", "<=", ">=", "&&", "||", "??", ".?", "[?", "::", "=>", "{", "}", "[", "]", "(", ")", ",", ":", ".", "?", "!", "=", "<", ">", "+", "-", "*", "/", "%", "@", "|", "^"];

/** Interpolations nested inside interpolations, at most (real files nest two or three). */
export const MAX_STRING_NESTING = 32;

const isIdStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;

export class Lexer {
  readonly comments: Comment[] = [];
  private pos: number;

  constructor(
    readonly text: string,
    start = 0,
    /** Where this lexer stops (the end of a string hole): the text after it is not its own. */
    readonly end = text.length,
    /** Strings inside holes inside strings: bounded, each level lexes its hole once more. */
    private readonly depth = 0,
  ) {
    this.pos = start;
  }

  /** All tokens up to `end`, ending with one "eof" at `end`. */
  all(): Tok[] {
    const out: Tok[] = [];
    for (;;) {
      const t = this.next();
      out.push(t);
      if (t.k === "eof") return out;
    }
  }

  next(): Tok {
    const s = this.text;
    for (;;) {
      if (this.pos >= this.end) return { k: "eof", v: "", o: this.end, e: this.end };
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
        this.pos++;
        continue;
      }
      if (c === 10) return { k: "nl", v: "\n", o: this.pos, e: ++this.pos };
      if (c === 47 && s.charCodeAt(this.pos + 1) === 47) {
        const nl = s.indexOf("\n", this.pos);
        const stop = nl < 0 || nl > this.end ? this.end : nl;
        this.comments.push({ offset: this.pos, length: stop - this.pos, block: false });
        this.pos = stop;
        continue;
      }
      if (c === 47 && s.charCodeAt(this.pos + 1) === 42) {
        const close = s.indexOf("*/", this.pos + 2);
        if (close < 0 || close + 2 > this.end) throw new BicepSyntaxError("unterminated block comment", this.pos);
        this.comments.push({ offset: this.pos, length: close + 2 - this.pos, block: true });
        this.pos = close + 2;
        continue;
      }
      // #disable-next-line / #disable-diagnostics: the Bicep linter's pragmas, a line each.
      if (c === 35) {
        const nl = s.indexOf("\n", this.pos);
        this.pos = nl < 0 || nl > this.end ? this.end : nl;
        continue;
      }
      break;
    }
    const o = this.pos;
    const c = s.charCodeAt(o);
    if (isIdStart(c)) {
      let i = o + 1;
      while (i < this.end && (isIdStart(s.charCodeAt(i)) || isDigit(s.charCodeAt(i)))) i++;
      this.pos = i;
      return { k: "id", v: s.slice(o, i), o, e: i };
    }
    if (isDigit(c)) {
      let i = o + 1;
      while (i < this.end && isDigit(s.charCodeAt(i))) i++;
      if (s.charCodeAt(i) === 46 && isDigit(s.charCodeAt(i + 1))) throw new BicepSyntaxError("Bicep numbers are integers", o);
      this.pos = i;
      return { k: "num", v: s.slice(o, i), o, e: i };
    }
    if (c === 39) return s.startsWith("'''", o) ? this.multiline(o) : this.string(o);
    for (const op of OPS) {
      if (s.startsWith(op, o) && o + op.length <= this.end) {
        this.pos = o + op.length;
        return { k: "op", v: op, o, e: this.pos };
      }
    }
    throw new BicepSyntaxError(`unexpected character ${JSON.stringify(s[o])}`, o);
  }

  private multiline(o: number): Tok {
    const close = this.text.indexOf("'''", o + 3);
    if (close < 0 || close + 3 > this.end) throw new BicepSyntaxError("unterminated multi-line string", o);
    // Bicep drops the line break right after the opening quotes.
    const v = this.text.slice(o + 3, close).replace(/^\r?\n/, "");
    this.pos = close + 3;
    return { k: "str", v, o, e: this.pos, parts: [v], holes: [], multi: true };
  }

  private string(o: number): Tok {
    const s = this.text;
    const parts: string[] = [];
    const holes: { o: number; e: number }[] = [];
    let cur = "";
    let i = o + 1;
    for (;;) {
      if (i >= this.end || s.charCodeAt(i) === 10) throw new BicepSyntaxError("unterminated string", o);
      const ch = s[i]!;
      if (ch === "'") break;
      if (ch === "\\") {
        const n = s[i + 1];
        const simple: Record<string, string> = { "\\": "\\", "'": "'", n: "\n", r: "\r", t: "\t", $: "$" };
        if (n !== undefined && simple[n] !== undefined) {
          cur += simple[n];
          i += 2;
          continue;
        }
        const u = n === "u" ? /^\{([0-9a-fA-F]{1,6})\}/.exec(s.slice(i + 2, i + 10)) : null;
        if (u && Number.parseInt(u[1]!, 16) <= 0x10ffff) {
          cur += String.fromCodePoint(Number.parseInt(u[1]!, 16));
          i += 3 + u[0].length - 1;
          continue;
        }
        throw new BicepSyntaxError(`invalid escape sequence '\\${n ?? ""}'`, i);
      }
      if (ch === "$" && s[i + 1] === "{") {
        const start = i + 2;
        const end = this.holeEnd(start);
        parts.push(cur);
        cur = "";
        holes.push({ o: start, e: end });
        i = end + 1;
        continue;
      }
      cur += ch;
      i++;
    }
    parts.push(cur);
    this.pos = i + 1;
    return { k: "str", v: parts[0]!, o, e: this.pos, parts, holes };
  }

  /** The offset of the `}` closing a hole that starts at `start`. */
  private holeEnd(start: number): number {
    if (this.depth >= MAX_STRING_NESTING) throw new BicepSyntaxError(`strings nested deeper than ${MAX_STRING_NESTING} levels`, start - 2);
    const inner = new Lexer(this.text, start, this.end, this.depth + 1);
    let depth = 0;
    for (;;) {
      const t = inner.next();
      if (t.k === "eof") throw new BicepSyntaxError("unterminated '${' in string", start - 2);
      if (t.k === "op" && t.v === "{") depth++;
      else if (t.k === "op" && t.v === "}") {
        if (depth === 0) return t.o;
        depth--;
      }
    }
  }
}
