/**
 * A recursive-descent parser of HCL's native syntax (HashiCorp's hclsyntax spec.md, checked against parser.go):
 * a body is attributes (`name = value`, ended by a newline) and blocks (`type "label" label {`, a newline, a body,
 * `}`, or the one-line `type { name = value }`). This file reads bodies; expressions.ts the expressions,
 * templates.ts the template parts, lexer.ts the tokens. A syntax error is an HclSyntaxError at its offset, never
 * a crash: nesting is bounded (MAX_DEPTH) and every step reads forward. Terraform's JSON syntax (`.tf.json`) is a
 * different reader and not this one.
 */
import type { Comment } from "../../parse/source.js";
import { positionIn } from "../../parse/lines.js";
import type { Attribute, Block, Body, Label, Span } from "./ast.js";
import { span } from "./cursor.js";
import { ExprParser } from "./expressions.js";
import { HclSyntaxError, T, type Tok, tokenize } from "./lexer.js";

export { HclSyntaxError, MAX_DEPTH } from "./lexer.js";

export interface ParsedHcl {
  readonly body: Body;
  /** Every `#`, `//` and `/* *\/` comment, in text order (never those inside strings or heredocs). */
  readonly comments: readonly Comment[];
}

export interface HclOptions {
  /** A `.tfvars` file: attributes only, a block is an error. */
  readonly attributesOnly?: boolean;
}

/** Parses HCL text, or throws an HclSyntaxError at the first syntax error. */
export function parseHclText(text: string, options: HclOptions = {}): ParsedHcl {
  const comments: Comment[] = [];
  const parser = new Parser(text, tokenize(text, comments));
  return { body: parser.file(options.attributesOnly === true), comments };
}

class Parser extends ExprParser {
  file(attributesOnly: boolean): Body {
    return { items: this.items(undefined, attributesOnly), o: 0, e: this.text.length };
  }

  /** Items up to the `}` closing the block opened at `open` (not read), or to the end of the file. */
  private items(open: Tok | undefined, attributesOnly = false): (Attribute | Block)[] {
    const items: (Attribute | Block)[] = [];
    const seen = new Map<string, Span>();
    for (;;) {
      const t = this.peek();
      if (t.k === T.Nl) {
        this.next();
        continue;
      }
      if (t.k === T.Eof) {
        if (open) throw new HclSyntaxError("unclosed block: no '}' for this '{' before the end of the file", open.o);
        return items;
      }
      if (open && t.k === T.Op && t.v === "}") return items;
      if (t.k !== T.Id) throw t.k === T.OQuote ? new HclSyntaxError("an argument name cannot be quoted", t.o) : this.unexpected(t, "an argument (name = value) or a block");
      const item = this.item();
      if (item.kind === "block" && attributesOnly) throw new HclSyntaxError(`blocks are not allowed here: this file holds only name = value (found block '${item.type}')`, item.o);
      if (item.kind === "attr") {
        const first = seen.get(item.name);
        if (first) throw new HclSyntaxError(`argument '${item.name}' is set twice in this body (first on line ${positionIn(this.text, first.o).line})`, item.nameSpan.o);
        seen.set(item.name, item.nameSpan);
      }
      items.push(item);
      const end = this.peek();
      if (end.k !== T.Nl && end.k !== T.Eof) {
        const what = item.kind === "attr" ? "argument" : "block";
        throw end.k === T.Op && end.v === "," ? new HclSyntaxError("arguments are separated by new lines, not commas", end.o) : this.unexpected(end, `a new line after the ${what}`);
      }
    }
  }

  /** An attribute or a block, from its name. */
  private item(): Attribute | Block {
    const name = this.next();
    const n = this.peek();
    if (n.k === T.Op && n.v === "=") {
      this.next();
      const value = this.expr();
      return { kind: "attr", name: name.v, nameSpan: span(name), value, o: name.o, e: value.e };
    }
    if (n.k === T.OQuote || n.k === T.Id || (n.k === T.Op && n.v === "{")) return this.nested(name.o, () => this.block(name));
    throw this.unexpected(n, `'=' (an argument) or '{' (a block) after '${name.v}'`);
  }

  private block(type: Tok): Block {
    const labels: Label[] = [];
    for (;;) {
      const t = this.next();
      if (t.k === T.Op && t.v === "{") return this.blockBody(type, labels, t);
      if (t.k === T.Id) labels.push({ v: t.v, quoted: false, o: t.o, e: t.e });
      else if (t.k === T.OQuote) labels.push(this.quotedLabel(t));
      else if (t.k === T.Nl) throw new HclSyntaxError("a block's '{' must be on the same line as its type and labels", t.o);
      else throw this.unexpected(t, "a quoted label or '{'");
    }
  }

  private quotedLabel(open: Tok): Label {
    let v = "";
    for (;;) {
      const t = this.next();
      if (t.k === T.CQuote) return { v, quoted: true, o: open.o, e: t.e };
      if (t.k !== T.Lit) throw new HclSyntaxError("a block label cannot hold a template sequence (write $${ or %%{ for a literal ${ or %{)", t.o);
      v += t.v;
    }
  }

  /** After `{`: a body on the following lines, or one `name = value` and `}` on the same line. */
  private blockBody(type: Tok, labels: Label[], open: Tok): Block {
    const first = this.peek();
    let items: (Attribute | Block)[];
    if (first.k === T.Nl || first.k === T.Eof || (first.k === T.Op && first.v === "}")) items = this.items(open);
    else {
      const name = this.ident("an argument (name = value) or a new line after '{'");
      const eq = this.peek();
      if (eq.k !== T.Op || eq.v !== "=") throw new HclSyntaxError("a one-line block can hold only one argument (name = value); put a nested block on a line of its own", eq.o);
      this.next();
      const value = this.expr();
      items = [{ kind: "attr", name: name.v, nameSpan: span(name), value, o: name.o, e: value.e }];
      const t = this.peek();
      if (!(t.k === T.Op && t.v === "}")) {
        throw t.k === T.Nl || (t.k === T.Op && t.v === ",")
          ? new HclSyntaxError("a one-line block holds one argument and closes on the same line: put each argument on a line of its own", t.o)
          : this.unexpected(t, "'}' closing the one-line block");
      }
    }
    const close = this.next();
    return { kind: "block", type: type.v, typeSpan: span(type), labels, body: { items, o: open.o, e: close.e }, o: type.o, e: close.e };
  }
}
