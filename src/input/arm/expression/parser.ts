/**
 * The parser of the expression language: "[...]" to a syntax tree, cached per run by expression text (the run's
 * ExprCaches.asts, types.ts) when a cache is given.
 */
import { ExprError } from "./errors.js";
import { lex, type Tok } from "./lexer.js";
import type { Ast } from "./types.js";

export function isExpression(s: string): boolean {
  return s.length >= 2 && s.charCodeAt(0) === 91 && s.charCodeAt(s.length - 1) === 93 && s.charCodeAt(1) !== 91;
}

export function unescapeLiteral(s: string): string {
  return s.startsWith("[[") && s.endsWith("]") ? s.slice(1) : s;
}

export const DEFAULT_MAX_DEPTH = 1000;

export class Parser {
  private p = 0;
  private depth = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly maxDepth: number,
  ) {}
  private peek(): Tok {
    return this.toks[this.p]!;
  }
  private next(): Tok {
    return this.toks[this.p++]!;
  }
  private expect(t: Tok["t"]): Tok {
    const tok = this.next();
    if (tok.t !== t) throw new ExprError(tok.t === "eof" ? `'${t}' expected at end of expression` : `'${t}' expected`, tok.o);
    return tok;
  }
  parseAll(): Ast {
    const e = this.expr();
    const t = this.peek();
    if (t.t !== "eof") throw new ExprError("unexpected token after expression", t.o);
    return e;
  }
  expr(): Ast {
    if (++this.depth > this.maxDepth) throw new ExprError(`expression nested deeper than ${this.maxDepth} levels`, this.peek().o);
    try {
      let e = this.primary();
      for (;;) {
        const t = this.peek();
        if (t.t === "?" && (this.toks[this.p + 1]?.t === "." || this.toks[this.p + 1]?.t === "[")) {
          this.next();
          e = this.postfix(e, true);
        } else if (t.t === "." || t.t === "[") e = this.postfix(e, false);
        else return e;
      }
    } finally {
      this.depth--;
    }
  }
  private postfix(target: Ast, safe: boolean): Ast {
    const t = this.next();
    if (t.t === ".") {
      const id = this.next();
      if (id.t !== "id") throw new ExprError("property name expected after '.'", id.o);
      return { k: "prop", target, name: id.v!, safe, o: t.o };
    }
    const index = this.expr();
    this.expect("]");
    return { k: "index", target, index, safe, o: t.o };
  }
  private primary(): Ast {
    const t = this.next();
    if (t.t === "str") return { k: "str", v: t.v!, o: t.o };
    if (t.t === "num") return { k: "num", v: t.n!, o: t.o };
    if (t.t === "id") {
      let ns: string | undefined;
      let name = t.v!;
      if (this.peek().t === "." && this.toks[this.p + 1]?.t === "id" && this.toks[this.p + 2]?.t === "(") {
        this.next();
        ns = name;
        name = this.next().v!;
      }
      if (this.peek().t !== "(") throw new ExprError(`'(' expected after function name '${name}'`, this.peek().o);
      this.next();
      const args: Ast[] = [];
      if (this.peek().t !== ")") {
        for (;;) {
          args.push(this.expr());
          if (this.peek().t === ",") {
            this.next();
            continue;
          }
          break;
        }
      }
      const close = this.expect(")");
      return { k: "call", ns, name, args, o: t.o, len: close.o + 1 - t.o };
    }
    throw new ExprError(t.t === "eof" ? "unexpected end of expression" : `unexpected '${t.t}'`, t.o);
  }
}

/** Entries of an AST cache: past this it is emptied (a run of many distinct expressions keeps at most this many trees). */
const AST_CACHE_MAX = 20_000;

/** Parses "[...]" (brackets included); offsets are into `s`. With `asts` (the run's cache), each text is parsed once. */
export function parseExpression(s: string, maxDepth = DEFAULT_MAX_DEPTH, asts?: Map<string, Ast>): Ast {
  if (!isExpression(s)) throw new ExprError("an expression starts with '[' and ends with ']'", 0);
  const cached = asts?.get(s);
  if (cached) return cached;
  const ast = new Parser(lex(s, 1, s.length - 1), maxDepth).parseAll();
  if (asts) {
    if (asts.size >= AST_CACHE_MAX) asts.clear();
    asts.set(s, ast);
  }
  return ast;
}

export function referencedNames(ast: Ast): { parameters: string[]; variables: string[] } {
  const out = { parameters: [] as string[], variables: [] as string[] };
  const stack: Ast[] = [ast];
  while (stack.length) {
    const a = stack.pop()!;
    if (a.k === "call") {
      const n = a.name.toLowerCase();
      if (!a.ns && (n === "parameters" || n === "variables") && a.args[0]?.k === "str") (n === "parameters" ? out.parameters : out.variables).push(a.args[0].v);
      for (const x of a.args) stack.push(x); // not push(...): a call can have more arguments than a call may pass
    } else if (a.k === "prop") stack.push(a.target);
    else if (a.k === "index") stack.push(a.target, a.index);
  }
  return out;
}
