/**
 * Fixes written in Terraform: a placed edit (parse/source.ts PlacedEdit: remove, replace or set at a pointer) → text
 * edits on the .tf file. Rules write their fixes in the model's (ARM) terms; this translates them through the
 * mapping (names.ts derives them from mapping/account.ts and pool.ts; src/generated/terraform-names.ts holds them): the pointer names a place the loader
 * registered (`/resource/<type>/<name>`, `/resource/<type>/<name>/<attr>`, `/.../<block>/<i>/<attr>`, a list's
 * `/.../<attr>/<i>`), whose span is the HCL node to edit, and a `set` on a block names a model key, which becomes
 * the attribute the provider maps to it, with its value converted (`publicNetworkAccess: "Disabled"` →
 * `public_network_access_enabled = false`). In an `azapi_resource` body the keys are the ARM keys themselves.
 *
 * Only literals are written over: a value that is a reference (`var.modes`), a function call, a template with an
 * interpolation or directive, a heredoc, or that holds one, is refused with the reason, as are a model key with no
 * Terraform counterpart (keySource, which the `encryption` block implies), one the provider reshapes (a map listed
 * as name/value pairs), a nested block as a value, a block made by `dynamic`, a one-line block (it holds one
 * argument only), and a .tfvars file. post/fix.ts has already refused values computed by an expression or taken
 * from a variable, and values in another file.
 *
 * Layout: a removed list element takes its whole line when it is alone on it (with its comma and a trailing
 * comment), else itself and one separating comma (`["AAD", "SharedKey"]` → `["AAD"]`); a removed attribute or
 * nested block takes its lines. A new attribute goes on a line of its own after the block's last attribute (before
 * its nested blocks), at that attribute's indentation (or the block's plus the file's indent unit); a list of
 * plain values is written on one line, anything holding an object a line per element. Strings are
 * written with HCL's escapes (`${` as `$${`, `%{` as `%%{`). Every fix's text is parsed again before it is offered.
 */
import { InputError } from "../../parse/document.js";
import type { DocFixer, FixEdits, PlacedEdit, TextEdit } from "../../parse/source.js";
import { checkedEdits, EditableText, indentAt, lineStart, Refused } from "../../parse/text-edits.js";
import { hclKey, hclValue, type TerraformName, terraformNames, terraformValue } from "../../model/syntax-terraform.js";
import type { Attribute, Block, Body, Expr, ObjectItem, Span } from "./ast.js";
import { parseHcl } from "./read.js";

/** What the fixer needs of a TerraformDoc (doc.ts): its text and file, and the span a pointer names exactly. */
export interface TerraformFixTarget {
  readonly file: string;
  readonly text: string;
  /** The span of the value (attribute value, list element, block) a pointer names exactly, no ancestor. */
  spanOf(pointer: string): Span | undefined;
  /** The line break and indent unit edits write (BaseDoc has both); defaults: the text's, two spaces. */
  readonly newline?: string;
  readonly indentUnit?: string;
}

/** The ARM resource type each mapped Terraform resource type gives the rules. */
const MAPPED: Readonly<Record<string, string>> = {
  azurerm_batch_account: "Microsoft.Batch/batchAccounts",
  azurerm_batch_pool: "Microsoft.Batch/batchAccounts/pools",
};

/** Resource types whose body is the ARM body itself, written as an HCL object (`body = { properties = { ... } }`). */
const ARM_BODY = /^azapi_(resource|update_resource)$/;

type TupleExpr = Extract<Expr, { k: "tuple" }>;
type ObjectExpr = Extract<Expr, { k: "object" }>;

/** Where a node lies: what removing it removes, and what a replacement replaces. */
type Placed = { readonly kind: "block"; readonly block: Block; readonly in: Body; readonly dynamic: boolean } | { readonly kind: "expr"; readonly x: Expr; readonly in: Container; readonly dynamic: boolean };
type Container = { readonly attr: Attribute; readonly body: Body } | { readonly tuple: TupleExpr; readonly index: number } | { readonly object: ObjectExpr; readonly item: ObjectItem } | { readonly other: true };

/** A pointer of a resource: its Terraform type, and the path below the block (names of attributes and nested blocks, indices). */
interface ResourcePointer {
  readonly tfType: string;
  readonly rest: readonly string[];
}

export class TerraformFixer implements DocFixer {
  readonly expression = "a Terraform expression";
  private readonly text: string;
  private readonly edit: EditableText;
  private body: Body | undefined = undefined;

  constructor(private readonly doc: TerraformFixTarget) {
    this.text = doc.text;
    this.edit = new EditableText(doc.text, "#|//");
  }

  edits(e: PlacedEdit): FixEdits {
    return checkedEdits(
      this.text,
      () => this.make(e),
      (edited) => parseHcl(edited, this.doc.file),
      InputError,
    );
  }

  private get newline(): string {
    return this.doc.newline ?? (this.text.includes("\r\n") ? "\r\n" : "\n");
  }

  private get unit(): string {
    return this.doc.indentUnit ?? "  ";
  }

  private make(e: PlacedEdit): TextEdit[] {
    if (/\.tfvars$/i.test(this.doc.file)) throw new Refused("a .tfvars file sets variables: the value is edited where it is used, not here");
    const rp = resourcePointer(e.pointer);
    if (!rp) throw new Refused(`${e.pointer || "/"} is not in a resource block`);
    const arm = MAPPED[rp.tfType];
    if (!arm && !ARM_BODY.test(rp.tfType)) throw new Refused(`${rp.tfType} is not a resource batchlint maps`);
    const at = this.locate(e.pointer);
    if (at.dynamic) throw new Refused("the value is in a block made by `dynamic`");
    const names = arm ? terraformNames(arm) : undefined;
    if (e.op === "remove") return this.remove(at);
    if (e.op === "replace") {
      if (at.kind !== "expr") throw new Refused(`a ${at.block.type} block is not a value to replace`);
      return [this.replace(at.x, convert(names, rp.rest, e.value))];
    }
    // set: a member of a block (a mapped attribute) or of an object literal (an azapi body, a map).
    if (at.kind === "block") {
      if (!names) throw new Refused("a block of an ARM body has no mapped attributes");
      const name = attributeFor(names, rp.rest, e.key);
      const attr = name.tf.slice(name.tf.lastIndexOf(".") + 1);
      return this.setAttribute(at.block, attr, convert(names, [...rp.rest.filter((s) => !/^\d+$/.test(s)), attr], e.value));
    }
    // An object literal: an azapi body (ARM keys), or a map attribute (tags: its keys are data), written as they are.
    if (at.x.k !== "object") throw new Refused(`'set' needs a block or an object literal at ${e.pointer}`);
    return this.setMember(at.x, e.key, e.value);
  }

  private tree(): Body {
    if (!this.body) {
      try {
        this.body = parseHcl(this.text, this.doc.file).body;
      } catch (err) {
        if (err instanceof InputError) throw new Refused(`the file does not parse (${err.message})`);
        throw err;
      }
    }
    return this.body;
  }

  /** The HCL node a pointer's span names (a block by its whole span or its braces), and what it lies in. */
  private locate(pointer: string): Placed {
    const span = this.doc.spanOf(pointer);
    const found = span && findIn(this.tree(), span, false);
    if (!found) throw new Refused(`nothing written at ${pointer}`);
    return found;
  }

  private remove(at: Placed): TextEdit[] {
    if (at.kind === "block") {
      if (at.block.labels.length) throw new Refused("the resource block itself is not removed by a fix");
      return [this.wholeLines(at.block)];
    }
    const c = at.in;
    if ("tuple" in c) return this.edit.removal(c.tuple.items, c.index);
    if ("object" in c) return this.edit.removal(c.object.items, c.object.items.indexOf(c.item));
    if ("attr" in c) return [this.wholeLines(c.attr)];
    throw new Refused("the value is not an element of a list, an object or a block");
  }

  /** An attribute or a block, with its lines (and a trailing comment), when nothing else is on them. */
  private wholeLines(s: Span): TextEdit {
    const ls = lineStart(this.text, s.o);
    const eol = this.edit.restOfLineEnd(s.e);
    if (!/^[ \t]*$/.test(this.text.slice(ls, s.o)) || eol === undefined) throw new Refused("something else is written on the same line");
    return { offset: ls, length: eol - ls, content: "" };
  }

  private replace(x: Expr, value: unknown): TextEdit {
    literal(x, this.text);
    const single = (x.k === "tuple" || x.k === "object") && !/[\r\n]/.test(this.text.slice(x.o, x.e));
    return { offset: x.o, length: x.e - x.o, content: this.render(value, x.o, (x.k === "tuple" || x.k === "object") && !single) };
  }

  /** `name = value` in a block: the attribute's value replaced, or a new line after the block's last attribute. */
  private setAttribute(block: Block, name: string, value: unknown): TextEdit[] {
    const items = block.body.items;
    const existing = items.find((i): i is Attribute => i.kind === "attr" && i.name === name);
    if (existing) return [this.replace(existing.value, value)];
    if (items.some((i) => i.kind === "block" && i.type === name)) throw new Refused(`${name} is written as a block`);
    const nl = this.newline;
    const open = block.body.o;
    if (/[\r\n]/.test(this.text.slice(open, block.body.e)) === false) throw new Refused(`the one-line ${block.type} block holds one argument only`);
    const attrs = items.filter((i): i is Attribute => i.kind === "attr");
    const last = attrs[attrs.length - 1];
    const own = last && this.edit.lineAfter(last);
    if (last && own) return [{ offset: own.end, length: 0, content: `${nl}${own.indent}${name} = ${this.render(value, last.o, nested(value), own.indent)}` }];
    // No attribute yet (or none alone on its line): the first line of the body, indented one unit deeper than the block.
    const indent = indentAt(this.text, block.o) + this.unit;
    return [{ offset: open + 1, length: 0, content: `${nl}${indent}${name} = ${this.render(value, open, nested(value), indent)}` }];
  }

  /** `key = value` in an object literal (an azapi body): the member's value replaced, or a new member after the last. */
  private setMember(obj: ObjectExpr, key: string, value: unknown): TextEdit[] {
    if (obj.items.some((i) => i.bare === undefined && !(i.key.k === "template" && i.key.parts.length === 1 && i.key.parts[0]!.p === "lit"))) throw new Refused("the object has a computed key");
    const lower = key.toLowerCase();
    const existing = obj.items.findLast((i) => keyOf(i)?.toLowerCase() === lower);
    if (existing) return [this.replace(existing.value, value)];
    const layout = { newline: this.newline, unit: this.unit };
    return this.edit.addMember(obj, obj.items, layout, (indent, opened) => `${hclKey(key)} = ${this.render(value, obj.o, indent !== undefined && (opened || nested(value)), indent)}`);
  }

  /** `value` as an HCL literal written at `at` (indented as that line, or as `indent`). */
  private render(value: unknown, at: number, multiline: boolean, indent = indentAt(this.text, at)): string {
    const s = hclValue(value, { multiline, indent, unit: this.unit, newline: this.newline });
    if (s === undefined) throw new Refused("HCL has no literal for the new value");
    return s;
  }
}

/** A new value is written a line per element when it holds an object (`["AAD"]` stays on one line). */
function nested(v: unknown): boolean {
  return v !== null && typeof v === "object" && (!Array.isArray(v) || v.some((x) => x !== null && typeof x === "object"));
}

/** `/resource/<type>/<name>/...`: the type and the path below the block; undefined for any other pointer. */
function resourcePointer(pointer: string): ResourcePointer | undefined {
  const segs = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (segs[0] !== "resource" || segs.length < 3) return undefined;
  return { tfType: segs[1]!, rest: segs.slice(3) };
}

/** The Terraform path of a pointer's rest: names of attributes and nested blocks, without the instance indices. */
function tfPath(rest: readonly string[]): string {
  return rest.filter((s) => !/^\d+$/.test(s)).join(".");
}

/**
 * The mapped attribute a model key names in the block at `rest`: a name whose Terraform path is an attribute of that
 * block and whose model path ends with the key. Refused when none, several, a nested block, or a reshaped value.
 */
function attributeFor(names: readonly TerraformName[], rest: readonly string[], key: string): TerraformName {
  const block = tfPath(rest);
  const lower = key.toLowerCase();
  const hits = names.filter((n) => {
    const dot = n.tf.lastIndexOf(".");
    const parent = dot < 0 ? "" : n.tf.slice(0, dot);
    return parent === block && n.model.slice(n.model.lastIndexOf(".") + 1).toLowerCase() === lower;
  });
  if (hits.length !== 1) throw new Refused(hits.length ? `${key} maps to several Terraform attributes` : `${key} has no Terraform attribute${block ? ` in ${block}` : ""}`);
  const hit = hits[0]!;
  if (hit.block) throw new Refused(`${key} is the ${hit.tf} block in Terraform, not an attribute`);
  if (hit.shaped) throw new Refused(`the provider reshapes ${hit.tf}: no literal conversion`);
  return hit;
}

/** A model value as the attribute at `rest` takes it (through the mapping for an azurerm resource; as is in an azapi body). */
function convert(names: readonly TerraformName[] | undefined, rest: readonly string[], value: unknown): unknown {
  if (!names) return value;
  const segs = [...rest];
  // A list element: the list's name, and no conversion of its own (the mapping converts whole attributes).
  const element = segs.length > 0 && /^\d+$/.test(segs[segs.length - 1]!);
  if (element) segs.pop();
  const path = tfPath(segs);
  const name = names.find((n) => n.tf === path);
  if (!name) throw new Refused(`${path || "the value"} has no known model counterpart`);
  if (name.block) throw new Refused(`${path} is a block: not written by a fix`);
  if (element) {
    if (name.values || name.shaped) throw new Refused(`the provider converts ${path}: no literal conversion of an element`);
    return value;
  }
  const v = terraformValue(name, value);
  if (v === undefined) throw new Refused(`${JSON.stringify(value)} has no Terraform value for ${path}`);
  return v;
}

/** Refuses a value that is not written as a literal, whole (a reference, a call, a template with interpolations, a heredoc). */
function literal(x: Expr, text: string): void {
  switch (x.k) {
    case "template":
      if (x.heredoc) throw new Refused("the value is a heredoc");
      if (x.parts.some((p) => p.p !== "lit")) throw new Refused("the value is a template with an interpolation or directive");
      return;
    case "num":
    case "bool":
    case "null":
      return;
    case "unary":
      if (x.op === "-" && x.x.k === "num") return;
      break;
    case "tuple":
      for (const i of x.items) literal(i, text);
      return;
    case "object":
      for (const i of x.items) {
        if (keyOf(i) === undefined) throw new Refused("the object has a computed key");
        literal(i.value, text);
      }
      return;
    case "var":
    case "attr":
    case "index":
    case "splat": {
      const ref = text.slice(x.o, x.e);
      throw new Refused(`the value is a reference to '${ref.length > 60 ? `${ref.slice(0, 57)}...` : ref}'`);
    }
    case "call":
      throw new Refused(`the value is computed by ${x.name}()`);
  }
  throw new Refused("the value is an expression");
}

/** An object item's key when written literally (a bare name or a quoted string without interpolation). */
function keyOf(i: ObjectItem): string | undefined {
  if (i.bare !== undefined) return i.bare;
  const k = i.key;
  if (k.k === "template" && !k.heredoc && k.parts.length === 1 && k.parts[0]!.p === "lit") return k.parts[0]!.v;
  return undefined;
}

/** The node with exactly `span` in a body: a block (its span or its braces), an attribute's value, or a value inside one. */
function findIn(body: Body, span: Span, dynamic: boolean): Placed | undefined {
  const inside = (x: Span) => x.o <= span.o && span.e <= x.e;
  for (const item of body.items) {
    if (!inside(item)) continue;
    if (item.kind === "attr") return findInExpr(item.value, { attr: item, body }, span, dynamic);
    const dyn = dynamic || item.type === "dynamic";
    if ((item.o === span.o && item.e === span.e) || (item.body.o === span.o && item.body.e === span.e)) return { kind: "block", block: item, in: body, dynamic: dyn };
    return findIn(item.body, span, dyn);
  }
  return undefined;
}

function findInExpr(x: Expr, container: Container, span: Span, dynamic: boolean): Placed | undefined {
  const inside = (s: Span) => s.o <= span.o && span.e <= s.e;
  if (x.o === span.o && x.e === span.e) return { kind: "expr", x, in: container, dynamic };
  if (x.k === "tuple") {
    for (const [index, item] of x.items.entries()) if (inside(item)) return findInExpr(item, { tuple: x, index }, span, dynamic);
  } else if (x.k === "object") {
    for (const item of x.items) if (inside(item.value)) return findInExpr(item.value, { object: x, item }, span, dynamic);
  } else if (x.k === "paren" && inside(x.x)) return findInExpr(x.x, { other: true }, span, dynamic);
  return undefined;
}
