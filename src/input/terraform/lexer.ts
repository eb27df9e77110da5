/**
 * HCL tokens, scanned as hclsyntax's scanner does (scan_tokens.rl): one pass over the text with a stack of modes.
 * In expressions, newlines are tokens (they end attributes and separate object items); comments are dropped and
 * kept in `comments` (a line comment stops before its newline, which stays a token). A quoted string or a heredoc
 * is a run of template tokens: literal pieces (escapes resolved here), `${`/`%{` openers, after which expression
 * tokens follow until the matching `}` (braces inside are counted), and the closing quote or marker. A heredoc's
 * literal ends at each line end, as the scanner's does, so `<<-` indent removal and strip markers see the same
 * pieces. Linear in the text; nesting of templates is bounded by MAX_DEPTH.
 */
import type { Comment } from "../../parse/source.js";

export const T = {
  Id: 0,
  Num: 1,
  Op: 2,
  Nl: 3,
  Eof: 4,
  /** `"` opening a quoted template. */
  OQuote: 5,
  CQuote: 6,
  /** `<<EOT` or `<<-EOT` (`v` the marker, F_FLUSH for `<<-`); the newline after it belongs to it. */
  OHeredoc: 7,
  /** The closing marker (without the spaces around it and the newline after it). */
  CHeredoc: 8,
  /** Literal template text, `v` its value. */
  Lit: 9,
  /** `${` or `${~` (F_STRIP). */
  Interp: 10,
  /** `%{` or `%{~` (F_STRIP). */
  Ctrl: 11,
  /** The `}` or `~}` (F_STRIP) closing an interpolation or directive. */
  SeqEnd: 12,
} as const;
export type T = (typeof T)[keyof typeof T];

/** Flags: a `~` strip marker; a `<<-` heredoc. */
export const F_STRIP = 1;
export const F_FLUSH = 2;

export interface Tok {
  readonly k: T;
  /** Identifier, number as written, operator, literal value or heredoc marker; "" otherwise. */
  readonly v: string;
  readonly o: number;
  readonly e: number;
  readonly f: number;
}

/** A syntax error at an offset of the text (read.ts makes it a located InputError). */
export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * The depth of the tree, at most: brackets, calls, templates and blocks nested, and chains of operators or
 * traversals (`a + b + ...`, `x.a.b...`, each step one level), deeper than this are refused, a located error: never
 * a stack overflow here or in what walks the tree. Real files stay far below it (the Azure modules read: under 20).
 */
export const MAX_DEPTH = 256;

/** Scanner modes: expressions, a quoted string's text, a heredoc's text. */
const MAIN = 0;
const QUOTED = 1;
const HEREDOC = 2;
interface Frame {
  readonly m: number;
  /** Main mode inside `${`/`%{`: open braces to close before its `}`. */
  braces: number;
  readonly interp: boolean;
  /** Where the string, heredoc or sequence started (for "not closed" errors). */
  readonly at: number;
  readonly marker: string;
  startOfLine: boolean;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAsciiIdStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isAsciiIdPart = (c: number) => isAsciiIdStart(c) || isDigit(c) || c === 45;
// Unicode identifier classes, made where a non-ASCII character is met rather than when the module loads: building
// them cost 0.5 ms of every run's start, Terraform or not. A literal in a function is built on the function's first call, and
// V8 keeps its compiled form for the later ones.
const ID_START = () => /\p{ID_Start}/u;
const ID_CONTINUE = () => /\p{ID_Continue}/u;
const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
/** The length of the operator at `o` (`c`, `d` its first two characters), longest first; 0 when none. */
function opLength(s: string, o: number, c: number, d: number): number {
  switch (c) {
    case 46: // .
      return d === 46 && s.charCodeAt(o + 2) === 46 ? 3 : 1;
    case 38: // &&
    case 124: // ||
      return d === c ? 2 : 0;
    case 61: // = == =>
      return d === 61 || d === 62 ? 2 : 1;
    case 33: // ! !=
    case 60: // < <=
    case 62: // > >=
      return d === 61 ? 2 : 1;
    case 58: // : ::
      return d === 58 ? 2 : 1;
    case 43: // + - * / % ? { } [ ] ( ) ,
    case 45:
    case 42:
    case 47:
    case 37:
    case 63:
    case 123:
    case 125:
    case 91:
    case 93:
    case 40:
    case 41:
    case 44:
      return 1;
    default:
      return 0;
  }
}

/** All tokens of `text`, ending with one Eof; comments go to `comments`. */
export function tokenize(text: string, comments: Comment[]): Tok[] {
  return new Scanner(text, comments).run();
}

class Scanner {
  private readonly toks: Tok[] = [];
  private readonly stack: Frame[] = [{ m: MAIN, braces: 0, interp: false, at: 0, marker: "", startOfLine: false }];
  private pos = 0;

  constructor(
    private readonly s: string,
    private readonly comments: Comment[],
  ) {}

  run(): Tok[] {
    const n = this.s.length;
    while (this.pos < n) {
      const top = this.stack[this.stack.length - 1]!;
      if (top.m === MAIN) this.main(top);
      else if (top.m === QUOTED) this.quoted(top);
      else this.heredoc(top);
    }
    const top = this.stack[this.stack.length - 1]!;
    if (top.m === QUOTED) throw new HclSyntaxError("unterminated string: no closing quote before the end of the file", top.at);
    if (top.m === HEREDOC) throw new HclSyntaxError(`unterminated heredoc: no line with only '${top.marker}' before the end of the file`, top.at);
    if (top.interp) throw new HclSyntaxError("unclosed template sequence: no closing '}' before the end of the file", top.at);
    this.emit(T.Eof, "", n, n);
    return this.toks;
  }

  private emit(k: T, v: string, o: number, e: number, f = 0): void {
    this.toks.push({ k, v, o, e, f });
  }

  private push(f: Frame): void {
    if (this.stack.length > MAX_DEPTH) throw new HclSyntaxError(`templates nested more than ${MAX_DEPTH} levels deep`, f.at);
    this.stack.push(f);
  }

  /** One token (or skipped space or comment) in expression mode. */
  private main(top: Frame): void {
    const s = this.s;
    const o = this.pos;
    const c = s.charCodeAt(o);
    const d = s.charCodeAt(o + 1);
    if (c === 32 || c === 9 || (c === 13 && d !== 10) || (c === 0xfeff && o === 0)) {
      this.pos++;
      return;
    }
    if (c === 10 || c === 13) {
      this.pos = o + (c === 13 ? 2 : 1);
      this.emit(T.Nl, "", o, this.pos);
      return;
    }
    if (c === 35 || (c === 47 && d === 47)) {
      let e = s.indexOf("\n", o);
      if (e < 0) e = s.length;
      else if (s.charCodeAt(e - 1) === 13) e--;
      this.comments.push({ offset: o, length: e - o, block: false });
      this.pos = e;
      return;
    }
    if (c === 47 && d === 42) {
      const close = s.indexOf("*/", o + 2);
      if (close < 0) throw new HclSyntaxError("unterminated comment: no closing '*/' before the end of the file", o);
      this.comments.push({ offset: o, length: close + 2 - o, block: true });
      this.pos = close + 2;
      return;
    }
    if (isAsciiIdStart(c) || (c > 127 && ID_START().test(String.fromCodePoint(s.codePointAt(o)!)))) {
      this.emit(T.Id, s.slice(o, (this.pos = this.identEnd(o))), o, this.pos);
      return;
    }
    if (isDigit(c)) {
      this.emit(T.Num, s.slice(o, (this.pos = numberEnd(s, o))), o, this.pos);
      return;
    }
    if (c === 34) {
      this.emit(T.OQuote, "", o, (this.pos = o + 1));
      this.push({ m: QUOTED, braces: 0, interp: false, at: o, marker: "", startOfLine: false });
      return;
    }
    if (c === 60 && d === 60) {
      this.heredocStart(o);
      return;
    }
    if (c === 125 || (c === 126 && d === 125)) {
      if (top.interp && top.braces === 0) {
        this.pos = o + (c === 126 ? 2 : 1);
        this.emit(T.SeqEnd, "", o, this.pos, c === 126 ? F_STRIP : 0);
        this.stack.pop();
        return;
      }
      if (c === 125 && top.braces > 0) top.braces--;
    } else if (c === 123 && top.interp) top.braces++;
    if ((c === 36 || c === 37) && d === 123) throw new HclSyntaxError(`'${s[o]}{' is only valid inside a string or heredoc`, o);
    const len = opLength(s, o, c, d);
    if (len > 0) {
      this.emit(T.Op, s.slice(o, o + len), o, (this.pos = o + len));
      return;
    }
    throw new HclSyntaxError(`unexpected character ${describeChar(s, o)}`, o);
  }

  private identEnd(o: number): number {
    const s = this.s;
    let i = o + (s.codePointAt(o)! > 0xffff ? 2 : 1);
    for (;;) {
      const c = s.charCodeAt(i);
      if (isAsciiIdPart(c)) i++;
      else if (c > 127 && i < s.length) {
        const cp = s.codePointAt(i)!;
        if (!ID_CONTINUE().test(String.fromCodePoint(cp))) return i;
        i += cp > 0xffff ? 2 : 1;
      } else return i;
    }
  }

  /** `<<EOT` or `<<-EOT` followed by a line break; anything else after `<<` is an error. */
  private heredocStart(o: number): void {
    const s = this.s;
    const flush = s.charCodeAt(o + 2) === 45;
    const m = o + (flush ? 3 : 2);
    const c = s.charCodeAt(m);
    const end = isAsciiIdStart(c) || (c > 127 && ID_START().test(String.fromCodePoint(s.codePointAt(m)!))) ? this.identEnd(m) : m;
    const nl = s.charCodeAt(end) === 10 ? 1 : s.charCodeAt(end) === 13 && s.charCodeAt(end + 1) === 10 ? 2 : 0;
    if (end === m || nl === 0) throw new HclSyntaxError(end === m ? "invalid heredoc: '<<' must be followed by a marker name, as in <<EOT" : "invalid heredoc: the marker must end its line", o);
    const marker = s.slice(m, end);
    this.emit(T.OHeredoc, marker, o, end, flush ? F_FLUSH : 0);
    this.pos = end + nl;
    this.push({ m: HEREDOC, braces: 0, interp: false, at: o, marker, startOfLine: true });
  }

  /** `${` / `%{` (with an optional `~`) at `o`: its token, and expression mode until its `}`. */
  private sequenceStart(o: number): void {
    const strip = this.s.charCodeAt(o + 2) === 126;
    this.pos = o + (strip ? 3 : 2);
    this.emit(this.s.charCodeAt(o) === 36 ? T.Interp : T.Ctrl, "", o, this.pos, strip ? F_STRIP : 0);
    this.push({ m: MAIN, braces: 0, interp: true, at: o, marker: "", startOfLine: false });
  }

  /** The literal run of a quoted string up to its next sequence or closing quote. */
  private quoted(top: Frame): void {
    const s = this.s;
    const start = this.pos;
    let i = start;
    let run = start;
    let v = "";
    for (;;) {
      if (i >= s.length) throw new HclSyntaxError("unterminated string: no closing quote before the end of the file", top.at);
      const c = s.charCodeAt(i);
      if (c === 34 || ((c === 36 || c === 37) && s.charCodeAt(i + 1) === 123)) break;
      if (c === 10 || c === 13) throw new HclSyntaxError("a quoted string cannot span lines: use \\n, or a heredoc (<<EOT) for text of several lines", i);
      if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === 123) {
        v += s.slice(run, i + 1);
        run = i += 2;
        continue;
      }
      if (c === 92) {
        const [value, len] = escape(s, i);
        v += s.slice(run, i) + value;
        run = i += len;
        continue;
      }
      i++;
    }
    v += s.slice(run, i);
    if (i > start) this.emit(T.Lit, v, start, i);
    if (s.charCodeAt(i) === 34) {
      this.emit(T.CQuote, "", i, (this.pos = i + 1));
      this.stack.pop();
    } else this.sequenceStart(i);
  }

  /** A heredoc's closing marker, or its literal text up to the next sequence or line end (included). */
  private heredoc(top: Frame): void {
    const s = this.s;
    const start = this.pos;
    if (top.startOfLine) {
      let eol = s.indexOf("\n", start);
      if (eol < 0) eol = s.length;
      const line = s.slice(start, eol);
      if (line.trim() === top.marker) {
        const at = start + line.indexOf(top.marker);
        this.emit(T.CHeredoc, top.marker, at, at + top.marker.length);
        this.pos = at + top.marker.length;
        this.stack.pop();
        return;
      }
    }
    let i = start;
    let run = start;
    let v = "";
    let eol = false;
    for (;;) {
      if (i >= s.length) throw new HclSyntaxError(`unterminated heredoc: no line with only '${top.marker}' before the end of the file`, top.at);
      const c = s.charCodeAt(i);
      if (c === 10) {
        i++;
        eol = true;
        break;
      }
      if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === 123) break;
      if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === 123) {
        v += s.slice(run, i + 1);
        run = i += 2;
        continue;
      }
      i++;
    }
    v += s.slice(run, i);
    if (i > start) this.emit(T.Lit, v, start, i);
    top.startOfLine = eol;
    if (eol) this.pos = i;
    else this.sequenceStart(i);
  }
}

/** The end of the number starting at `o`: digits, then `.digits`, then an exponent, each only when complete. */
function numberEnd(s: string, o: number): number {
  let i = o + 1;
  while (isDigit(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) === 46 && isDigit(s.charCodeAt(i + 1))) {
    i += 2;
    while (isDigit(s.charCodeAt(i))) i++;
  }
  const c = s.charCodeAt(i);
  if (c === 101 || c === 69) {
    const sign = s.charCodeAt(i + 1) === 43 || s.charCodeAt(i + 1) === 45 ? 1 : 0;
    if (isDigit(s.charCodeAt(i + 1 + sign))) {
      i += 2 + sign;
      while (isDigit(s.charCodeAt(i))) i++;
    }
  }
  return i;
}

/** The escape at `i` (a backslash) in a quoted string: its value and length. */
function escape(s: string, i: number): [string, number] {
  const n = s[i + 1] ?? "";
  const simple = ESCAPES[n];
  if (simple !== undefined) return [simple, 2];
  if (n === "u" || n === "U") {
    const len = n === "u" ? 4 : 8;
    const hex = s.slice(i + 2, i + 2 + len);
    const cp = /^[0-9a-fA-F]+$/.test(hex) && hex.length === len ? Number.parseInt(hex, 16) : -1;
    if (cp < 0) throw new HclSyntaxError(`invalid escape sequence: \\${n} must be followed by ${len} hexadecimal digits`, i);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new HclSyntaxError(`invalid escape sequence: U+${hex.toUpperCase()} is not a character`, i);
    return [String.fromCodePoint(cp), 2 + len];
  }
  throw new HclSyntaxError(`invalid escape sequence '\\${n === "\n" || n === "\r" ? "" : n}' (valid: \\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN)`, i);
}

function describeChar(s: string, o: number): string {
  const cp = s.codePointAt(o)!;
  return cp >= 32 && cp < 127 ? `'${s[o]}'` : `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}
