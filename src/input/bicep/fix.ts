/**
 * Fixes written in Bicep: a placed edit (parse/source.ts PlacedEdit: remove, replace or set at a pointer) → text
 * edits on the .bicep file. The pointer names a place the loader registered (doc.ts `mark`); the syntax tree
 * node with that span is the value to edit, and its container (a literal array or object) says how.
 *
 * Only literals are written over: a value that is an expression, an interpolated or `'''` string, or that
 * holds one, a property a spread (`...x`) may set too, a property with decorators, is refused with the reason. post/fix.ts
 * has already refused values computed by an expression, taken from a parameter or variable, or in another file.
 *
 * Layout: a removed element takes its whole line when it is alone on it (with its comma and a trailing comment),
 * else itself and one separating comma (`['AAD', 'SharedKey']` → `['AAD']`); a new property goes on a line of
 * its own after the last one, with its indentation (or after it, with a comma, in a one-line object; an empty
 * `{}` is opened up); arrays and objects written are one-line where the value replaced was, else a line per
 * element with the file's indent unit and line break. Every fix's text is parsed again before it is offered.
 */
import { bicepKey, bicepValue } from "../../model/syntax.js";
import type { DocFixer, FixEdits, PlacedEdit, TextEdit } from "../../parse/source.js";
import { checkedEdits, EditableText, indentAt, Refused } from "../../parse/text-edits.js";
import type { Decl, Expr, Member, ObjExpr, Span } from "./ast.js";
import type { BicepDoc } from "./doc.js";
import { BicepSyntaxError } from "./lexer.js";
import { parseBicep } from "./parser.js";

type ArrExpr = Extract<Expr, { k: "arr" }>;
type PropMember = Extract<Member, { m: "prop" }>;
/** What a value is an element of: an item of a literal array, or a property of a literal object. */
type Container = { readonly arr: ArrExpr; readonly index: number } | { readonly obj: ObjExpr; readonly member: PropMember };
interface Placed {
  readonly x: Expr;
  readonly in?: Container;
}

export class BicepFixer implements DocFixer {
  readonly expression = "a Bicep expression";
  private readonly text: string;
  private readonly edit: EditableText;

  constructor(private readonly doc: BicepDoc) {
    this.text = doc.text;
    this.edit = new EditableText(doc.text, "//");
  }

  edits(e: PlacedEdit): FixEdits {
    return checkedEdits(this.text, () => this.make(e), parseBicep, BicepSyntaxError);
  }

  private make(e: PlacedEdit): TextEdit[] {
    const at = this.locate(e.pointer);
    if (e.op === "remove") return this.remove(at);
    if (e.op === "replace") return [this.replace(at.x, e.value)];
    if (at.x.k !== "obj") throw new Refused(`'set' needs an object literal at ${e.pointer}`);
    return this.set(at.x, e.key, e.value);
  }

  /** The syntax node a pointer names, and the literal array or object it is an element of. */
  private locate(pointer: string): Placed {
    const span = this.doc.spanOf(pointer);
    const found = span && find(this.doc.parsed.decls, span);
    if (!found) throw new Refused(`nothing written at ${pointer || "/"}`);
    return found;
  }

  private remove(at: Placed): TextEdit[] {
    const c = at.in;
    if (!c) throw new Refused("the value is not an element of a literal array or object");
    if ("arr" in c) {
      // The loader places no item after a spread (its index is not its place in the text): refused there too.
      if (c.arr.items.slice(0, c.index).some((i) => i.k === "spread")) throw new Refused("a spread (...) comes before the item");
      return this.edit.removal(c.arr.items, c.index);
    }
    const idx = c.obj.members.indexOf(c.member);
    // Removed, the property would leave the value an earlier spread gives the key, if it gives one.
    if (c.obj.members.slice(0, idx).some((m) => m.m === "spread")) throw new Refused(`a spread (...) before property ${c.member.key} may set it too`);
    if (c.member.decorators.length) throw new Refused(`property ${c.member.key} has decorators`);
    return this.edit.removal(c.obj.members, idx);
  }

  private replace(x: Expr, value: unknown): TextEdit {
    literal(x, this.text);
    const single = (x.k === "arr" || x.k === "obj") && !/[\r\n]/.test(this.text.slice(x.o, x.e));
    return { offset: x.o, length: x.e - x.o, content: this.render(value, x.o, !single) };
  }

  private set(obj: ObjExpr, key: string, value: unknown): TextEdit[] {
    if (obj.members.some((m) => m.m === "prop" && m.keyExpr)) throw new Refused("the object has an interpolated key");
    const lower = key.toLowerCase();
    const existing = obj.members.findLast((m): m is PropMember => m.m === "prop" && m.key.toLowerCase() === lower);
    if (existing) {
      // A later spread may set the key again (and win); a new property goes after every spread, and wins.
      if (obj.members.slice(obj.members.indexOf(existing) + 1).some((m) => m.m === "spread")) throw new Refused(`a spread (...) after property ${existing.key} may set it too`);
      return [this.replace(existing.value, value)];
    }
    const layout = { newline: this.doc.newline, unit: this.doc.indentUnit };
    return this.edit.addMember(obj, obj.members, layout, (indent) => `${bicepKey(key)}: ${this.render(value, obj.o, indent !== undefined, indent)}`);
  }

  /** `value` as a Bicep literal written at `at` (indented as that line, or as `indent`). */
  private render(value: unknown, at: number, multiline: boolean, indent = indentAt(this.text, at)): string {
    const s = bicepValue(value, { multiline, indent, unit: this.doc.indentUnit, newline: this.doc.newline });
    if (s === undefined) throw new Refused("Bicep has no literal for the new value (its numbers are integers)");
    return s;
  }
}

/** Refuses a value that is not written as a literal, whole (an expression, an interpolation, a `'''` string). */
function literal(x: Expr, text: string): void {
  switch (x.k) {
    case "str":
      if (x.holes.length) throw new Refused("the value is an interpolated string");
      if (text.startsWith("'''", x.o)) throw new Refused("the value is a multi-line ''' string");
      return;
    case "num":
    case "bool":
    case "null":
      return;
    case "un":
      if (x.op === "-" && x.x.k === "num") return;
      break;
    case "arr":
      for (const i of x.items) literal(i, text);
      return;
    case "obj":
      for (const m of x.members) {
        if (m.m !== "prop" || m.keyExpr) throw new Refused("the object holds more than literal properties");
        literal(m.value, text);
      }
      return;
  }
  throw new Refused(`the value is ${x.k === "id" ? `a reference to '${x.name}'` : "an expression"}`);
}

/** The values of a declaration: where a search for a span starts. */
function declValues(d: Decl): readonly Expr[] {
  switch (d.kind) {
    case "param":
      return d.value ? [d.value] : [];
    case "var":
    case "output":
    case "targetScope":
      return [d.value];
    case "resource":
    case "module":
    case "func":
      return [d.body];
    default:
      return [];
  }
}

/** The expressions directly inside `x`, each with the container it is an element of (for array items and properties). */
function* children(x: Expr): Generator<[Expr, Container | undefined]> {
  switch (x.k) {
    case "str":
      for (const h of x.holes) yield [h, undefined];
      return;
    case "obj":
      for (const m of x.members) {
        if (m.m === "prop") yield [m.value, { obj: x, member: m }];
        else if (m.m === "spread") yield [m.x, undefined];
        else yield [m.decl.body, undefined];
      }
      return;
    case "arr":
      for (const [index, item] of x.items.entries()) yield [item, { arr: x, index }];
      return;
    case "spread":
    case "prop":
    case "child":
    case "un":
    case "nonnull":
      yield [x.x, undefined];
      return;
    case "call":
      for (const a of x.args) yield [a, undefined];
      return;
    case "index":
      yield [x.x, undefined];
      yield [x.i, undefined];
      return;
    case "bin":
      yield [x.l, undefined];
      yield [x.r, undefined];
      return;
    case "tern":
      yield [x.c, undefined];
      yield [x.a, undefined];
      yield [x.b, undefined];
      return;
    case "lambda":
      yield [x.body, undefined];
      return;
    case "for":
      yield [x.src, undefined];
      yield [x.body, undefined];
      return;
    case "if":
      yield [x.cond, undefined];
      yield [x.body, undefined];
      return;
    default:
      return;
  }
}

/** The outermost expression with exactly `span`, and its container: a walk down the nodes that contain it. */
function find(decls: readonly Decl[], span: Span): Placed | undefined {
  const inside = (x: Span) => x.o <= span.o && span.e <= x.e;
  let next: [Expr, Container | undefined] | undefined;
  for (const d of decls) if (inside(d)) for (const v of declValues(d)) if (inside(v)) next = [v, undefined];
  while (next) {
    const [x, container] = next;
    if (x.o === span.o && x.e === span.e) return { x, in: container };
    next = undefined;
    for (const child of children(x)) {
      if (inside(child[0])) {
        next = child;
        break;
      }
    }
  }
  return undefined;
}
