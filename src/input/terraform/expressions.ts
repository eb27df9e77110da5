/**
 * HCL expressions (hclsyntax spec.md, "Expressions"; parser.go): the conditional, binary operators by precedence
 * (`||` lowest, then `&&`, `== !=`, `< > <= >=`, `+ -`, `* / %`, left-associative), unary `-` and `!` on a term,
 * terms with their traversals (`.name`, `[i]`, the legacy `.0`, splats `[*]` and `.*`), tuples, objects, `for`
 * expressions, function calls (with `provider::ns::` and a final `...`) and templates. Newlines are ignored inside
 * `(`, `[`, `for` and template sequences and separate object items; parser.ts reads the bodies around them.
 */
import type { BinaryOp, Expr, ForExpr, Ident, ObjectItem, TemplateExpr } from "./ast.js";
import { Cursor, span } from "./cursor.js";
import { F_FLUSH, F_STRIP, HclSyntaxError, T, type Tok } from "./lexer.js";
import { type RawPart, TemplateBuilder } from "./templates.js";

const PRECEDENCE = new Map<string, number>([
  ["||", 1],
  ["&&", 2],
  ["==", 3],
  ["!=", 3],
  ["<", 4],
  [">", 4],
  ["<=", 4],
  [">=", 4],
  ["+", 5],
  ["-", 5],
  ["*", 6],
  ["/", 6],
  ["%", 6],
]);

export class ExprParser extends Cursor {
  expr(): Expr {
    return this.nested(this.peek().o, () => {
      const c = this.binary(1);
      if (!this.isOp("?")) return c;
      this.next();
      const a = this.expr();
      this.op(":", "':' and the value of the conditional when false");
      const b = this.expr();
      return { k: "cond", c, a, b, o: c.o, e: b.e };
    });
  }

  /** Operators binding at least as tightly as `min`, left to right. */
  private binary(min: number): Expr {
    let l = this.term();
    let steps = 0;
    try {
      for (;;) {
        const t = this.peek();
        const prec = t.k === T.Op ? PRECEDENCE.get(t.v) : undefined;
        if (prec === undefined || prec < min) return l;
        this.next();
        this.deeper(t.o);
        steps++;
        const r = this.binary(prec + 1);
        l = { k: "binary", op: t.v as BinaryOp, l, r, o: l.o, e: r.e };
      }
    } finally {
      this.depth -= steps;
    }
  }

  /** A term and its traversals; `-` and `!` apply to a whole term (`-x.y` is `-(x.y)`, `-1 + 2` is `(-1) + 2`). */
  private term(): Expr {
    const t = this.peek();
    if (t.k === T.Op && (t.v === "-" || t.v === "!")) {
      this.next();
      const x = this.nested(t.o, () => this.term());
      return { k: "unary", op: t.v, x, o: t.o, e: x.e };
    }
    return this.traversals(this.primary());
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.k) {
      case T.Num:
        return { k: "num", v: Number(t.v), raw: t.v, o: t.o, e: t.e };
      case T.Id: {
        const n = this.peek();
        if (n.k === T.Op && (n.v === "(" || n.v === "::")) return this.call(t);
        if (t.v === "true" || t.v === "false") return { k: "bool", v: t.v === "true", o: t.o, e: t.e };
        if (t.v === "null") return { k: "null", o: t.o, e: t.e };
        return { k: "var", name: t.v, o: t.o, e: t.e };
      }
      case T.OQuote:
      case T.OHeredoc:
        return this.template(t);
      case T.Op:
        if (t.v === "(") {
          const x = this.mode(true, () => {
            const inner = this.expr();
            this.op(")", "')' closing the '('");
            return inner;
          });
          return { k: "paren", x, o: t.o, e: this.end };
        }
        if (t.v === "[") return this.mode(true, () => this.tuple(t));
        if (t.v === "{") return this.object(t);
    }
    throw this.unexpected(t, "an expression");
  }

  private traversals(from: Expr): Expr {
    let steps = 0;
    try {
      return this.steps(from, () => steps++);
    } finally {
      this.depth -= steps;
    }
  }

  /** The traversal steps after `from`, each one level deeper (`counted` tells the caller to give it back). */
  private steps(from: Expr, counted: () => void): Expr {
    let x = from;
    for (;;) {
      const t = this.peek();
      if (t.k !== T.Op || (t.v !== "." && t.v !== "[")) return x;
      this.deeper(t.o);
      counted();
      const n = this.peek2();
      if (t.v === "." && n.k === T.Op && n.v === "*") {
        this.next();
        this.next();
        let each: Expr = { k: "anon", o: t.o, e: n.e };
        for (;;) {
          if (!this.isOp(".")) break;
          this.deeper(this.peek().o);
          counted();
          const step = this.peek2();
          if (step.k === T.Op && step.v === "*") throw new HclSyntaxError("a splat (.*) cannot be nested in another attribute-only splat", step.o);
          each = this.dotStep(each);
        }
        x = { k: "splat", x, each, attrOnly: true, o: x.o, e: each.e };
      } else if (t.v === ".") x = this.dotStep(x);
      else if (n.k === T.Op && n.v === "*") {
        this.next();
        this.next();
        const close = this.op("]", "']' after '[*'");
        const anon: Expr = { k: "anon", o: t.o, e: close.e };
        const each = this.nested(t.o, () => this.traversals(anon));
        x = { k: "splat", x, each, attrOnly: false, o: x.o, e: each.e };
      } else {
        this.next();
        const i = this.mode(true, () => this.expr());
        this.mode(true, () => this.op("]", "']' closing the index"));
        x = { k: "index", x, i, legacy: false, o: x.o, e: this.end };
      }
    }
  }

  /** `.name`, or the legacy index `.0` (`.0.1` is refused, as hclsyntax does: it reads as the number 0.1). */
  private dotStep(x: Expr): Expr {
    this.next();
    const n = this.next();
    if (n.k === T.Id) return { k: "attr", x, name: n.v, nameSpan: span(n), o: x.o, e: n.e };
    if (n.k !== T.Num) throw this.unexpected(n, "an attribute name after '.'");
    if (n.v.includes(".")) throw new HclSyntaxError(`chained legacy indexes (.${n.v}) are not valid: write [${n.v.replace(".", "][")}]`, n.o);
    return { k: "index", x, i: { k: "num", v: Number(n.v), raw: n.v, o: n.o, e: n.e }, legacy: true, o: x.o, e: n.e };
  }

  /** `name(args)`, `provider::ns::name(args)`, with `...` expanding the last argument. */
  private call(first: Tok): Expr {
    let name = first.v;
    let nameEnd = first.e;
    while (this.isOp("::")) {
      this.next();
      const part = this.ident("a function name after '::'");
      name += `::${part.v}`;
      nameEnd = part.e;
    }
    this.op("(", "'(' after the function name");
    return this.mode(true, () => {
      const args: Expr[] = [];
      let expand = false;
      while (!this.isOp(")")) {
        args.push(this.expr());
        if (this.isOp("...")) {
          this.next();
          expand = true;
          break;
        }
        if (this.isOp(",")) this.next();
        else if (!this.isOp(")")) throw this.unexpected(this.peek(), "',' or ')' after the argument");
      }
      this.op(")", expand ? "')' after '...' (only the last argument can be expanded)" : "')'");
      return { k: "call", name, nameSpan: { o: first.o, e: nameEnd }, args, expand, o: first.o, e: this.end };
    });
  }

  /** `[a, b]` or `[for ...]`; newlines ignored (the caller set the mode). */
  private tuple(open: Tok): Expr {
    if (this.isKeyword("for")) return this.forExpr(open, false);
    const items: Expr[] = [];
    while (!this.isOp("]")) {
      items.push(this.expr());
      if (this.isOp(",")) this.next();
      else if (!this.isOp("]")) throw this.unexpected(this.peek(), "',' or ']' after the item");
    }
    this.next();
    return { k: "tuple", items, o: open.o, e: this.end };
  }

  /** `{ k = v, k: v }` (items separated by commas or newlines) or `{for ...}`. */
  private object(open: Tok): Expr {
    if (this.mode(true, () => this.isKeyword("for"))) return this.mode(true, () => this.forExpr(open, true));
    return this.mode(false, () => {
      const items: ObjectItem[] = [];
      for (;;) {
        while (this.peek().k === T.Nl) this.next();
        if (this.isOp("}")) break;
        const key = this.expr();
        const sep = this.next();
        if (sep.k !== T.Op || (sep.v !== "=" && sep.v !== ":")) throw this.unexpected(sep, "'=' after the object key");
        const value = this.expr();
        items.push({ key, ...(key.k === "var" ? { bare: key.name } : {}), value, o: key.o, e: value.e });
        const t = this.peek();
        if (t.k === T.Nl || (t.k === T.Op && t.v === ",")) this.next();
        else if (!(t.k === T.Op && t.v === "}")) throw this.unexpected(t, "a new line or ',' after the object item");
      }
      this.next();
      return { k: "object", items, o: open.o, e: this.end };
    });
  }

  /** After `[` or `{`: `for k, v in coll : [key =>] val[...] [if cond]` and the closing bracket. */
  private forExpr(open: Tok, obj: boolean): ForExpr {
    this.next();
    const [keyVar, valVar] = this.forVars();
    const coll = this.expr();
    this.op(":", "':' after the collection of the 'for'");
    let val = this.expr();
    let key: Expr | undefined;
    if (this.isOp("=>")) {
      this.next();
      key = val;
      val = this.expr();
    }
    const dots = this.isOp("...") ? this.next() : undefined;
    let cond: Expr | undefined;
    if (this.isKeyword("if")) {
      this.next();
      cond = this.expr();
    }
    this.op(obj ? "}" : "]", obj ? "'}' closing the 'for'" : "']' closing the 'for'");
    if (!obj && key) throw new HclSyntaxError("a key (=>) is only valid in a 'for' that builds an object ({for ...})", key.o);
    if (!obj && dots) throw new HclSyntaxError("grouping (...) is only valid in a 'for' that builds an object ({for ...})", dots.o);
    if (obj && !key) throw new HclSyntaxError("a 'for' that builds an object needs a key: {for k, v in x : k => v}", val.o);
    return { k: "for", obj, ...(keyVar ? { keyVar } : {}), valVar, coll, ...(key ? { key } : {}), val, ...(cond ? { cond } : {}), group: dots !== undefined, o: open.o, e: this.end };
  }

  /** `v in` or `k, v in` (after `for`, in an expression or a template directive). */
  private forVars(): [Ident | undefined, Ident] {
    const first = this.ident("a variable name after 'for'");
    let second: Tok | undefined;
    if (this.isOp(",")) {
      this.next();
      second = this.ident("a second variable name after ','");
    }
    if (!this.isKeyword("in")) throw this.unexpected(this.peek(), "'in' after the variable names of the 'for'");
    this.next();
    const id = (t: Tok): Ident => ({ name: t.v, o: t.o, e: t.e });
    return second ? [id(first), id(second)] : [undefined, id(first)];
  }

  /** A quoted string or heredoc, from its opening token to its closing one. */
  protected template(open: Tok): TemplateExpr {
    const heredoc = open.k === T.OHeredoc;
    const close = heredoc ? T.CHeredoc : T.CQuote;
    const b = new TemplateBuilder(open.e);
    for (;;) {
      const t = this.toks[this.i++]!;
      if (t.k === close) break;
      if (t.k === T.Lit) b.lit(t.v, t.o, t.e);
      else if (t.k === T.Interp) {
        const x = this.mode(true, () => this.expr());
        const end = this.mode(true, () => this.expect(T.SeqEnd, "'}' closing the '${'"));
        b.sequence({ t: "interp", x, o: t.o, e: end.e }, (t.f & F_STRIP) !== 0, (end.f & F_STRIP) !== 0);
      } else if (t.k === T.Ctrl) this.mode(true, () => this.directive(t, b));
      else throw this.unexpected(t, heredoc ? `the heredoc's closing '${open.v}'` : "'\"' closing the string");
    }
    this.end = this.toks[this.i - 1]!.e;
    const parts = b.finish((open.f & F_FLUSH) !== 0);
    return { k: "template", parts, ...(heredoc ? { heredoc: { marker: open.v, flush: (open.f & F_FLUSH) !== 0 } } : {}), o: open.o, e: this.end };
  }

  /** `%{ if c }`, `%{ else }`, `%{ endif }`, `%{ for k, v in x }`, `%{ endfor }` (after its `%{`). */
  private directive(open: Tok, b: TemplateBuilder): void {
    const kw = this.ident("a directive (if, else, endif, for or endfor) after '%{'");
    let cond: Expr | undefined;
    let vars: [Ident | undefined, Ident] | undefined;
    let coll: Expr | undefined;
    if (kw.v === "if") cond = this.expr();
    else if (kw.v === "for") {
      vars = this.forVars();
      coll = this.expr();
    } else if (kw.v !== "else" && kw.v !== "endif" && kw.v !== "endfor") throw new HclSyntaxError(`unknown template directive '${kw.v}' (valid: if, else, endif, for, endfor)`, kw.o);
    const end = this.expect(T.SeqEnd, `'}' closing the '%{ ${kw.v}'`);
    const o = open.o;
    const e = end.e;
    const part: Exclude<RawPart, { t: "lit" }> =
      cond !== undefined ? { t: "if", cond, o, e } : vars && coll ? { t: "for", ...(vars[0] ? { keyVar: vars[0] } : {}), valVar: vars[1], coll, o, e } : { t: kw.v as "else" | "endif" | "endfor", o, e };
    b.sequence(part, (open.f & F_STRIP) !== 0, (end.f & F_STRIP) !== 0);
  }
}
