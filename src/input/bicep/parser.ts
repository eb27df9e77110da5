/**
 * A recursive-descent parser of Bicep (the grammar of Azure/bicep docs/grammar.md and the language reference):
 * statements end at a newline; inside parentheses newlines are ignored. This file reads the statements;
 * expressions.ts the expressions, cursor.ts the tokens and the types (read and skipped). A syntax error is a
 * BicepSyntaxError at its offset, never a crash: nesting is bounded (MAX_DEPTH).
 */
import type { Comment } from "../../parse/source.js";
import type { Decl, Expr } from "./ast.js";
import { span } from "./cursor.js";
import { ExprParser } from "./expressions.js";
import { BicepSyntaxError, Lexer, type Tok } from "./lexer.js";

export { MAX_DEPTH } from "./cursor.js";

export interface ParsedBicep {
  readonly decls: readonly Decl[];
  readonly comments: readonly Comment[];
}

export function parseBicep(text: string): ParsedBicep {
  const lexer = new Lexer(text);
  const p = new Parser(text, lexer.all(), 0);
  return { decls: p.file(), comments: lexer.comments };
}

class Parser extends ExprParser {
  file(): Decl[] {
    const out: Decl[] = [];
    for (;;) {
      this.nl();
      if (this.peek().k === "eof") return out;
      out.push(this.statement());
      this.endOfStatement();
    }
  }
  private statement(): Decl {
    const decorators = this.decorators();
    const kw = this.id("a declaration");
    const o = kw.o;
    switch (kw.v) {
      case "param": {
        const name = this.id("a parameter name");
        const typeStart = this.peek().o;
        // A .bicepparam's `param x = value` has no type; `param x resource 'T@v'` is a resource-typed parameter.
        if (this.isId("resource") && this.toks[this.i + 1]?.k === "str") {
          this.next();
          this.str("a resource type");
        } else if (!this.isOp("=")) this.type();
        const typeText = this.text.slice(typeStart, Math.max(typeStart, this.toks[this.i - 1]!.e)).trim();
        let value: Expr | undefined;
        if (this.isOp("=")) {
          this.next();
          value = this.expr();
        }
        return { kind: "param", name: name.v, nameSpan: span(name), nullable: typeText.endsWith("?"), typeName: typeText, value, decorators, o, e: this.last() };
      }
      case "var": {
        const name = this.id("a variable name");
        if (!this.isOp("=")) this.type();
        this.op("=");
        return { kind: "var", name: name.v, nameSpan: span(name), value: this.expr(), decorators, o, e: this.last() };
      }
      case "resource":
        return this.resource(o, decorators);
      case "module": {
        const name = this.id("a module name");
        const path = this.str("a module path");
        this.op("=");
        return { kind: "module", name: name.v, nameSpan: span(name), path: path.parts[0]!, pathSpan: span(path), body: this.body(), decorators, o, e: this.last() };
      }
      case "output": {
        const name = this.id("an output name");
        if (this.isId("resource")) {
          this.next();
          this.str("a resource type");
        } else this.type();
        this.op("=");
        return { kind: "output", name: name.v, value: this.expr(), o, e: this.last() };
      }
      case "func": {
        const fname = this.id("a function name");
        const params: string[] = [];
        this.op("(");
        this.mode(true, () => {
          while (!this.isOp(")")) {
            params.push(this.id("a parameter name").v);
            this.type();
            if (!this.isOp(")")) this.op(",");
          }
          this.op(")");
        });
        this.type();
        this.op("=>");
        // The body may start on the next line: `func f(x int) int =>` then `  x + 1`.
        this.nl();
        return { kind: "func", name: fname.v, params, body: this.expr(), o, e: this.last() };
      }
      case "targetScope":
        this.op("=");
        return { kind: "targetScope", value: this.expr(), o, e: this.last() };
      case "using": {
        const path = this.next();
        // `using none` (a parameters file for no template) has no path.
        if (path.k === "id" && path.v === "none") return { kind: "other", keyword: "using", o, e: path.e };
        if (path.k !== "str" || path.holes?.length) throw this.unexpected(path, "a template path");
        this.skipLine();
        return { kind: "using", path: path.parts![0]!, pathSpan: span(path), o, e: this.last() };
      }
      case "extends": {
        // A .bicepparam's `extends 'base.bicepparam'` (Bicep 0.44.1+): the file whose parameter values it inherits.
        const path = this.next();
        if (path.k !== "str" || path.holes?.length) throw this.unexpected(path, "a parameters file path");
        this.skipLine();
        return { kind: "other", keyword: kw.v, o, e: this.last() };
      }
      case "type":
        this.id("a type name");
        this.op("=");
        this.type();
        return { kind: "other", keyword: kw.v, o, e: this.last() };
      case "metadata":
      case "assert":
        this.id("a name");
        this.op("=");
        this.expr();
        return { kind: "other", keyword: kw.v, o, e: this.last() };
      case "import": {
        const start = this.i;
        this.skipLine();
        return { kind: "other", keyword: kw.v, names: importedNames(this.toks.slice(start, this.i)), o, e: this.last() };
      }
      case "extension":
      case "provider":
        this.skipLine();
        return { kind: "other", keyword: kw.v, o, e: this.last() };
      default:
        throw new BicepSyntaxError(`unknown declaration '${kw.v}'`, kw.o);
    }
  }
}

/** The names an import line declares: `{ a, b as c }` gives a and c, `* as ns` gives ns. */
function importedNames(line: readonly Tok[]): string[] {
  const out: string[] = [];
  const from = line.findIndex((t) => t.k === "id" && t.v === "from");
  const head = from < 0 ? line : line.slice(0, from);
  for (const [i, t] of head.entries()) {
    if (t.k !== "id" || t.v === "as") continue;
    if (head[i + 1]?.k === "id" && head[i + 1]?.v === "as") continue;
    out.push(t.v);
  }
  return out;
}
