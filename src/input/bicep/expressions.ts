/**
 * Bicep expressions (parser.ts reads the statements around them): operators by precedence, postfix access chains,
 * calls, lambdas, objects and arrays (members separated by newlines or commas), `[for ...]` loops and resource
 * bodies (`if (...) {...}`, also inside objects as nested child resources). A ternary's `?` and `:` and the logical
 * and comparison operators may start a continuation line.
 */
import type { Expr, Member, ObjExpr, ResourceDecl } from "./ast.js";
import { Cursor, span } from "./cursor.js";
import { Lexer, type Tok } from "./lexer.js";

/** Operators that may begin a continuation line of an expression (Bicep formats long conditions so). */
const CONTINUES = new Set(["?", "&&", "||", "??", "==", "!=", "=~", "!~"]);
const BINARY: readonly (readonly string[])[] = [["??"], ["||"], ["&&"], ["==", "!=", "=~", "!~"], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"]];

export class ExprParser extends Cursor {
  protected decorators(): Expr[] {
    const out: Expr[] = [];
    while (this.isOp("@")) {
      this.next();
      out.push(this.postfix());
      this.nl();
    }
    return out;
  }

  protected resource(o: number, decorators: Expr[]): ResourceDecl {
    const name = this.id("a resource name");
    const type = this.str("a resource type");
    let existing = false;
    if (this.isId("existing")) {
      this.next();
      existing = true;
    }
    this.op("=");
    return { kind: "resource", name: name.v, nameSpan: span(name), type: type.parts[0]!, typeSpan: span(type), existing, body: this.body(), decorators, o, e: this.last() };
  }

  /** A resource or module body: an object, `if (cond) {...}`, or `[for ...: ...]`. */
  protected body(): Expr {
    if (this.isId("if")) return this.ifBody();
    if (this.isOp("[")) return this.primary();
    if (!this.isOp("{")) throw this.unexpected(this.peek(), "'{', 'if' or '[for'");
    return this.object();
  }

  protected ifBody(): Expr {
    const kw = this.next();
    this.op("(");
    const cond = this.mode(true, () => this.expr());
    this.op(")");
    this.nl();
    const body = this.object();
    return { k: "if", cond, body, o: kw.o, e: body.e };
  }

  // ---- expressions ----

  expr(): Expr {
    this.enter();
    try {
      return this.ternary();
    } finally {
      this.depth--;
    }
  }

  /** The next token is an operator that continues the expression, perhaps on the next line. */
  protected continues(ops: readonly string[]): string | undefined {
    const t = this.peek();
    if (t.k === "op" && ops.includes(t.v)) return t.v;
    if (t.k !== "nl") return undefined;
    const n = this.peekPastNewline();
    if (n?.k === "op" && ops.includes(n.v) && CONTINUES.has(n.v)) {
      this.nl();
      return n.v;
    }
    return undefined;
  }

  protected ternary(): Expr {
    const c = this.binary(0);
    if (!this.continues(["?"])) return c;
    this.next();
    this.nl();
    const a = this.expr();
    // `:` may start the next line too.
    if (this.peek().k === "nl" && this.peekPastNewline()?.v === ":") this.nl();
    this.op(":");
    this.nl();
    const b = this.expr();
    return { k: "tern", c, a, b, o: c.o, e: b.e };
  }

  protected binary(level: number): Expr {
    if (level >= BINARY.length) return this.unary();
    let l = this.binary(level + 1);
    // Each operator of a chain nests the tree one level deeper on the left: counted as depth.
    const saved = this.depth;
    try {
      for (;;) {
        const op = this.continues(BINARY[level]!);
        if (!op) return l;
        this.next();
        this.nl();
        this.enter();
        const r = this.binary(level + 1);
        l = { k: "bin", op, l, r, o: l.o, e: r.e };
      }
    } finally {
      this.depth = saved;
    }
  }

  protected unary(): Expr {
    const t = this.peek();
    if (t.k === "op" && (t.v === "!" || t.v === "-")) {
      this.next();
      this.enter();
      try {
        const x = this.unary();
        if (t.v === "-" && x.k === "num") return { k: "num", v: -x.v, o: t.o, e: x.e };
        return { k: "un", op: t.v, x, o: t.o, e: x.e };
      } finally {
        this.depth--;
      }
    }
    return this.postfix();
  }

  protected postfix(): Expr {
    const saved = this.depth;
    try {
      return this.postfixChain();
    } finally {
      this.depth = saved;
    }
  }

  /** Each access of a chain (`a.b[0].c`) nests the tree one level deeper: counted as depth. */
  protected postfixChain(): Expr {
    let x = this.primary();
    for (;;) {
      const t = this.toks[this.i]!;
      if (t.k !== "op") return x;
      if (t.v === "." || t.v === ".?") {
        this.next();
        const name = this.id("a property name");
        if (t.v === "." && this.toks[this.i]!.k === "op" && this.toks[this.i]!.v === "(" && x.k === "id") {
          x = this.call(name, x.name, x.o);
          continue;
        }
        x = { k: "prop", x, name: name.v, safe: t.v === ".?", o: x.o, e: name.e };
      } else if (t.v === "[" || t.v === "[?") {
        this.next();
        // `x[^n]`: the n-th element from the end, compiled to indexFromEnd() (tryIndexFromEnd() read safely, `[?^n]`).
        const [fromEnd, i] = this.mode(true, () => [this.isOp("^") ? this.next() : undefined, this.expr()] as const);
        const close = this.op("]");
        x = fromEnd
          ? { k: "call", ns: "sys", name: t.v === "[?" ? "tryIndexFromEnd" : "indexFromEnd", args: [x, i], nameSpan: span(fromEnd), o: x.o, e: close.e }
          : { k: "index", x, i, safe: t.v === "[?", o: x.o, e: close.e };
      } else if (t.v === "::") {
        this.next();
        const name = this.id("a nested resource name");
        x = { k: "child", x, name: name.v, o: x.o, e: name.e };
      } else if (t.v === "!") {
        this.next();
        x = { k: "nonnull", x, o: x.o, e: t.e };
      } else return x;
      this.enter();
    }
  }

  protected call(name: Tok, ns: string | undefined, o: number): Expr {
    this.op("(");
    const args = this.mode(true, () => {
      const out: Expr[] = [];
      while (!this.isOp(")")) {
        out.push(this.expr());
        if (!this.isOp(")")) this.op(",");
      }
      return out;
    });
    const close = this.op(")");
    return { k: "call", ns, name: name.v, args, nameSpan: span(name), o, e: close.e };
  }

  protected primary(): Expr {
    const t = this.next();
    switch (t.k) {
      case "num":
        return { k: "num", v: Number(t.v), o: t.o, e: t.e };
      case "str":
        return this.string(t);
      case "id": {
        if (t.v === "true" || t.v === "false") return { k: "bool", v: t.v === "true", o: t.o, e: t.e };
        if (t.v === "null") return { k: "null", o: t.o, e: t.e };
        if (this.isOp("=>")) return this.lambda([t.v], t.o);
        if (this.toks[this.i]!.k === "op" && this.toks[this.i]!.v === "(") return this.call(t, undefined, t.o);
        return { k: "id", name: t.v, o: t.o, e: t.e };
      }
      case "op":
        if (t.v === "(") {
          const params = this.lambdaParams();
          if (params) return this.lambda(params, t.o);
          const x = this.mode(true, () => this.expr());
          this.op(")");
          return x;
        }
        if (t.v === "{") {
          this.i--;
          return this.object();
        }
        if (t.v === "[") return this.array(t);
        break;
    }
    throw this.unexpected(t, "an expression");
  }

  /** After `(`: `a, b) =>` (or typed, `a int, b string) =>`) gives the names (the `)` and `=>` not read), else nothing is read. */
  protected lambdaParams(): string[] | undefined {
    let j = this.i;
    const names: string[] = [];
    const at = (k: number) => this.toks[k]!;
    const skip = () => {
      while (at(j).k === "nl") j++;
    };
    skip();
    while (at(j).k === "id") {
      names.push(at(j).v);
      j++;
      // A typed parameter, `(x int) =>` or `(x string[]) =>`: skip its type up to the next `,` or `)`.
      for (let depth = 0; at(j).k !== "eof"; j++) {
        const t = at(j);
        if (t.k === "op" && depth === 0 && (t.v === "," || t.v === ")")) break;
        if (t.k === "op" && (t.v === "(" || t.v === "[" || t.v === "{")) depth++;
        else if (t.k === "op" && (t.v === ")" || t.v === "]" || t.v === "}")) depth--;
      }
      skip();
      if (at(j).k === "op" && at(j).v === ",") {
        j++;
        skip();
      } else break;
    }
    if (!(at(j).k === "op" && at(j).v === ")" && at(j + 1).k === "op" && at(j + 1).v === "=>")) return undefined;
    this.i = j + 1;
    return names;
  }

  protected lambda(params: string[], o: number): Expr {
    this.op("=>");
    this.nl();
    const body = this.expr();
    return { k: "lambda", params, body, o, e: body.e };
  }

  protected string(t: Tok): Expr {
    const holes = (t.holes ?? []).map((h) => {
      const lexer = new Lexer(this.text, h.o, h.e, this.lexDepth + 1);
      const p = new ExprParser(this.text, lexer.all(), this.lexDepth + 1);
      p.depth = this.depth;
      const x = p.mode(true, () => p.expr());
      const rest = p.peek();
      if (rest.k !== "eof") throw p.unexpected(rest, "'}'");
      return x;
    });
    return { k: "str", parts: t.parts ?? [t.v], holes, o: t.o, e: t.e };
  }

  object(): ObjExpr {
    this.enter();
    try {
      const open = this.op("{");
      const members = this.mode(false, () => {
        const out: Member[] = [];
        for (;;) {
          this.nl();
          if (this.isOp("}")) return out;
          out.push(this.member());
          if (this.isOp(",")) this.next();
          else if (!this.isOp("}")) this.endOfStatement();
        }
      });
      const close = this.op("}");
      return { k: "obj", members, o: open.o, e: close.e };
    } finally {
      this.depth--;
    }
  }

  protected member(): Member {
    const decorators = this.decorators();
    const t = this.peek();
    if (t.k === "op" && t.v === "...") {
      this.next();
      const x = this.expr();
      return { m: "spread", x, o: t.o, e: x.e };
    }
    if (t.k === "id" && t.v === "resource" && this.toks[this.i + 1]?.k === "id") {
      this.next();
      const decl = this.resource(t.o, decorators);
      return { m: "resource", decl, o: t.o, e: decl.e };
    }
    this.next();
    if (t.k !== "id" && t.k !== "str") throw this.unexpected(t, "a property name");
    const keyExpr = t.k === "str" && t.holes?.length ? this.string(t) : undefined;
    const key = keyExpr ? `[${this.text.slice(t.o, t.e)}]` : t.k === "str" ? t.parts![0]! : t.v;
    this.op(":");
    const value = this.expr();
    return { m: "prop", key, keyExpr, keySpan: span(t), value, decorators, o: t.o, e: value.e };
  }

  protected array(open: Tok): Expr {
    this.enter();
    try {
      return this.mode(false, () => {
        this.nl();
        if (this.isId("for")) return this.forExpr(open);
        const items: Expr[] = [];
        for (;;) {
          this.nl();
          if (this.isOp("]")) break;
          if (this.isOp("...")) {
            const s = this.next();
            const x = this.expr();
            items.push({ k: "spread", x, o: s.o, e: x.e });
          } else items.push(this.expr());
          if (this.isOp(",")) this.next();
          else if (!this.isOp("]")) this.endOfStatement();
        }
        const close = this.op("]");
        return { k: "arr", items, o: open.o, e: close.e } as Expr;
      });
    } finally {
      this.depth--;
    }
  }

  protected forExpr(open: Tok): Expr {
    this.next();
    let item: string;
    let index: string | undefined;
    if (this.isOp("(")) {
      this.next();
      item = this.id("a loop variable").v;
      this.op(",");
      index = this.id("an index variable").v;
      this.op(")");
    } else item = this.id("a loop variable").v;
    const kwIn = this.id("'in'");
    if (kwIn.v !== "in") throw this.unexpected(kwIn, "'in'");
    const src = this.mode(true, () => this.expr());
    this.op(":");
    this.nl();
    const body = this.isId("if") ? this.ifBody() : this.expr();
    this.nl();
    const close = this.op("]");
    return { k: "for", item, index, src, body, o: open.o, e: close.e };
  }
}
