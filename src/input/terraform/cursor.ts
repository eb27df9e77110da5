/**
 * The token cursor of the HCL parser (parser.ts, expressions.ts, templates.ts): token tests, the newline mode and
 * the nesting bound. Newlines are significant in bodies and objects and ignored inside parentheses, brackets,
 * `for` expressions and template sequences (hclsyntax's PushIncludeNewlines), so `mode` switches them per construct.
 */
import type { Span } from "./ast.js";
import { HclSyntaxError, MAX_DEPTH, T, type Tok } from "./lexer.js";

const KIND_NAMES: Record<number, string> = {
  [T.Nl]: "end of line",
  [T.Eof]: "end of file",
  [T.OQuote]: "a string",
  [T.CQuote]: "the end of a string",
  [T.OHeredoc]: "a heredoc",
  [T.CHeredoc]: "the end of a heredoc",
  [T.Lit]: "template text",
  [T.Interp]: "'${'",
  [T.Ctrl]: "'%{'",
  [T.SeqEnd]: "'}'",
};

export class Cursor {
  protected i = 0;
  protected depth = 0;
  /** The end of the last token read (newlines skipped by `peek` are not read). */
  protected end = 0;
  /** True inside parentheses, brackets, `for` expressions and template sequences. */
  protected skipNewlines = false;

  constructor(
    protected readonly text: string,
    protected readonly toks: readonly Tok[],
  ) {}

  protected peek(): Tok {
    if (this.skipNewlines) while (this.toks[this.i]!.k === T.Nl) this.i++;
    return this.toks[this.i]!;
  }
  /** The token after the next one (newlines skipped in both places when the mode skips them). */
  protected peek2(): Tok {
    this.peek();
    let j = this.i + 1;
    if (this.skipNewlines) while (this.toks[j]!.k === T.Nl) j++;
    return this.toks[Math.min(j, this.toks.length - 1)]!;
  }
  protected next(): Tok {
    const t = this.peek();
    if (t.k !== T.Eof) this.i++;
    this.end = t.e;
    return t;
  }
  protected isOp(v: string): boolean {
    const t = this.peek();
    return t.k === T.Op && t.v === v;
  }
  protected isKeyword(v: string): boolean {
    const t = this.peek();
    return t.k === T.Id && t.v === v;
  }
  protected op(v: string, what = `'${v}'`): Tok {
    const t = this.next();
    if (t.k !== T.Op || t.v !== v) throw this.unexpected(t, what);
    return t;
  }
  protected ident(what: string): Tok {
    const t = this.next();
    if (t.k !== T.Id) throw this.unexpected(t, what);
    return t;
  }
  protected expect(k: T, what: string): Tok {
    const t = this.next();
    if (t.k !== k) throw this.unexpected(t, what);
    return t;
  }
  /** "expected X, found Y": Y quotes identifiers and operators, never the text of a string (it may be a secret). */
  protected unexpected(t: Tok, want: string): HclSyntaxError {
    const got = KIND_NAMES[t.k] ?? `'${this.text.slice(t.o, Math.min(t.e, t.o + 20))}'`;
    return new HclSyntaxError(`expected ${want}, found ${got}`, t.o);
  }
  /** Parses with newlines ignored (`true`) or significant (`false`), restoring the mode after. */
  protected mode<R>(skip: boolean, f: () => R): R {
    const saved = this.skipNewlines;
    this.skipNewlines = skip;
    try {
      return f();
    } finally {
      this.skipNewlines = saved;
    }
  }
  /** Runs `f` one nesting level deeper; deeper than MAX_DEPTH is a syntax error, not a stack overflow. */
  protected nested<R>(at: number, f: () => R): R {
    this.deeper(at);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }
  /** One level deeper (a step of a chain); the caller gives the levels back (`this.depth -= steps`). */
  protected deeper(at: number): void {
    if (++this.depth > MAX_DEPTH) throw new HclSyntaxError(`nested or chained more than ${MAX_DEPTH} levels deep`, at);
  }
}

export function span(t: Span): Span {
  return { o: t.o, e: t.e };
}
