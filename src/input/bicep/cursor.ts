/**
 * The token cursor of the Bicep parser (parser.ts, expressions.ts): token tests, newline modes, the nesting bound,
 * and the reading of types, which are skipped (no value of a type is linted; only a parameter's `?` matters, and
 * the statement reads it from the text).
 */
import type { Span } from "./ast.js";
import { BicepSyntaxError, type Tok } from "./lexer.js";

/** Expressions nested deeper than this are refused (the evaluator recurses as deep). */
export const MAX_DEPTH = 200;

export class Cursor {
  protected i = 0;
  protected depth = 0;
  /** Inside parentheses newlines are insignificant; inside an object or array they separate again. */
  protected skipNewlines = false;

  constructor(
    protected readonly text: string,
    protected readonly toks: readonly Tok[],
    protected readonly lexDepth: number,
  ) {}

  // ---- tokens ----

  protected peek(): Tok {
    if (this.skipNewlines) while (this.toks[this.i]!.k === "nl") this.i++;
    return this.toks[this.i]!;
  }
  protected next(): Tok {
    const t = this.peek();
    if (t.k !== "eof") this.i++;
    return t;
  }
  protected nl(): void {
    while (this.toks[this.i]!.k === "nl") this.i++;
  }
  protected isOp(v: string): boolean {
    const t = this.peek();
    return t.k === "op" && t.v === v;
  }
  protected isId(v?: string): boolean {
    const t = this.peek();
    return t.k === "id" && (v === undefined || t.v === v);
  }
  protected op(v: string): Tok {
    const t = this.next();
    if (t.k !== "op" || t.v !== v) throw this.unexpected(t, `'${v}'`);
    return t;
  }
  protected id(what = "an identifier"): Tok {
    const t = this.next();
    if (t.k !== "id") throw this.unexpected(t, what);
    return t;
  }
  protected str(what: string): Tok & { parts: readonly string[] } {
    const t = this.next();
    if (t.k !== "str") throw this.unexpected(t, what);
    if (t.holes?.length) throw new BicepSyntaxError(`${what} cannot be interpolated`, t.o);
    return t as Tok & { parts: readonly string[] };
  }
  protected unexpected(t: Tok, want: string): BicepSyntaxError {
    const got = t.k === "eof" ? "end of file" : t.k === "nl" ? "end of line" : `'${this.text.slice(t.o, Math.min(t.e, t.o + 20))}'`;
    return new BicepSyntaxError(`expected ${want}, found ${got}`, t.o);
  }
  /** Parses with newlines significant (`false`) or not (`true`), restoring the mode after. */
  protected mode<T>(skip: boolean, f: () => T): T {
    const saved = this.skipNewlines;
    this.skipNewlines = skip;
    try {
      return f();
    } finally {
      this.skipNewlines = saved;
    }
  }
  protected endOfStatement(): void {
    const t = this.toks[this.i]!;
    if (t.k !== "nl" && t.k !== "eof") throw this.unexpected(t, "a new line");
  }

  protected skipLine(): void {
    let depth = 0;
    for (;;) {
      const t = this.toks[this.i]!;
      if (t.k === "eof" || (t.k === "nl" && depth === 0)) return;
      if (t.k === "op" && (t.v === "{" || t.v === "[" || t.v === "(" || t.v === "[?")) depth++;
      if (t.k === "op" && (t.v === "}" || t.v === "]" || t.v === ")")) depth--;
      this.i++;
    }
  }

  /** Reads a type and drops it: `string`, `string[]?`, `'a' | 'b'`, `{...}`, `resourceInput<'x'>.properties`, `(A | B)?`. */
  protected type(): void {
    this.enter();
    try {
      this.typeTerm();
      while (this.isOp("|") || (this.peekPastNewline()?.v === "|" && this.peekPastNewline()?.k === "op")) {
        this.nl();
        this.next();
        this.nl();
        this.typeTerm();
      }
    } finally {
      this.depth--;
    }
  }
  protected typeTerm(): void {
    const t = this.next();
    if (t.k === "op" && (t.v === "{" || t.v === "(" || t.v === "[")) this.balanced(t.v);
    else if (t.k === "op" && t.v === "-") this.next();
    else if (t.k === "id") {
      if (this.isOp("<")) {
        this.next();
        this.balanced("<");
      }
    } else if (t.k !== "str" && t.k !== "num") throw this.unexpected(t, "a type");
    for (;;) {
      if (this.isOp("[") && this.toks[this.i + 1]?.v === "]") this.i += 2;
      else if (this.isOp("?") || this.isOp("!")) this.next();
      else if (this.isOp(".")) {
        this.next();
        this.id("a type member");
      } else if (this.isOp("[")) {
        this.next();
        this.balanced("[");
      } else return;
    }
  }
  /** Skips to the bracket closing `open` (already read). */
  protected balanced(open: string): void {
    const close: Record<string, string> = { "{": "}", "(": ")", "[": "]", "<": ">" };
    let depth = 1;
    for (;;) {
      const t = this.toks[this.i++]!;
      if (t.k === "eof") throw new BicepSyntaxError(`'${open}' is not closed`, t.o);
      if (t.k !== "op") continue;
      if (t.v === open || (open === "[" && t.v === "[?")) depth++;
      else if (t.v === close[open] && --depth === 0) return;
    }
  }

  protected peekPastNewline(): Tok | undefined {
    let j = this.i;
    while (this.toks[j]!.k === "nl") j++;
    return this.toks[j];
  }

  protected last(): number {
    return this.toks[this.i - 1]?.e ?? 0;
  }

  protected enter(): void {
    if (++this.depth > MAX_DEPTH) throw new BicepSyntaxError(`nested more than ${MAX_DEPTH} levels deep`, this.peek().o);
  }
}

export function span(t: Span): Span {
  return { o: t.o, e: t.e };
}
