/**
 * What document-level rules see of a Bicep template (rule.ts TemplateView): its parameters, outputs and
 * conditional resources in the shape the compiled ARM template has them, located at the Bicep text, so that the
 * rules written for ARM templates (BATCH021, BATCH901, BATCH902) run on Bicep unchanged.
 *
 * The shape is the compiler's: a `@secure()` string parameter is `type: securestring` (object: `secureObject`); a
 * literal is a literal and any other expression is an expression string `[...]` (its Bicep text in brackets; the
 * rules only test whether a string is an expression, and for `list*(` calls in outputs). Nothing is evaluated here.
 */
import { Prop } from "../../model/prop.js";
import type { ModelState } from "../../model/state.js";
import type { Loc, PNode, PropEntry } from "../../model/tree.js";
import { escapePointerToken } from "../../model/value.js";
import type { TemplateView } from "../../rule.js";
import type { Decl, Expr } from "./ast.js";
import type { BicepDoc } from "./doc.js";

/** Bicep's built-in type names as the compiled template writes them; other types (user-defined, unions) as written. */
const ARM_TYPES: Record<string, string> = { string: "string", int: "int", bool: "bool", array: "array", object: "object" };

export function bicepTemplateView(doc: BicepDoc, model: ModelState): TemplateView {
  return new BicepTemplateView(doc, model);
}

/** Each part is built on first use, as the ARM view's (most rules never ask). */
class BicepTemplateView implements TemplateView {
  private _root: Prop | undefined;
  constructor(
    private readonly doc: BicepDoc,
    private readonly model: ModelState,
  ) {}
  get file(): string {
    return this.doc.file;
  }
  get root(): Prop {
    return (this._root ??= Prop.of(this.model, this.build()));
  }
  get parameters(): Prop {
    return this.root.get("parameters");
  }
  get outputs(): Prop {
    return this.root.get("outputs");
  }

  private build(): PNode {
    const props = new Map<string, PropEntry>();
    const section = (name: string, members: Map<string, PropEntry>) => props.set(name, { key: name, node: this.obj(`/${name}`, members) });
    const parameters = new Map<string, PropEntry>();
    const outputs = new Map<string, PropEntry>();
    const resources = new Map<string, PropEntry>();
    for (const d of this.doc.parsed.decls) {
      if (d.kind === "param") this.member(parameters, `/parameters/${escapePointerToken(d.name)}`, d.name, this.parameter(d));
      else if (d.kind === "output") this.member(outputs, `/outputs/${escapePointerToken(d.name)}`, d.name, this.output(d));
      else if (d.kind === "resource" && !d.existing && d.body.k === "if") this.member(resources, `/resources/${escapePointerToken(d.name)}`, d.name, this.conditional(d));
    }
    section("parameters", parameters);
    section("outputs", outputs);
    section("resources", resources);
    return this.obj("", props);
  }

  private parameter(d: Extract<Decl, { kind: "param" }>): Map<string, PropEntry> {
    const ptr = `/parameters/${escapePointerToken(d.name)}`;
    const secure = d.decorators.some((x) => x.k === "call" && x.name === "secure");
    const base = d.typeName.replace(/\?$/, "");
    const type = secure && base === "string" ? "securestring" : secure && base === "object" ? "secureObject" : (ARM_TYPES[base] ?? d.typeName);
    const out = new Map<string, PropEntry>();
    this.member(out, `${ptr}/type`, "type", this.val(`${ptr}/type`, type));
    // The scope (BicepScope) registered the default's place under this pointer.
    if (d.value) this.member(out, `${ptr}/defaultValue`, "defaultValue", this.shape(d.value, `${ptr}/defaultValue`));
    return out;
  }

  /** An output's value: only the `list*()` calls in it matter to the rules (BATCH902), each as the expression of its call. */
  private output(d: Extract<Decl, { kind: "output" }>): Map<string, PropEntry> {
    const ptr = `/outputs/${escapePointerToken(d.name)}`;
    this.doc.mark(ptr, d);
    const calls: PNode[] = [];
    listCalls(d.value, (c, i) => {
      const p = `${ptr}/value/${i}`;
      this.doc.mark(p, c);
      calls.push(this.val(p, `[${this.doc.text.slice(c.o, c.e)}]`));
    });
    const out = new Map<string, PropEntry>();
    this.member(out, `${ptr}/value`, "value", { t: "arr", items: calls, at: this.at(`${ptr}/value`), origins: [] });
    return out;
  }

  /** A resource deployed `if (...)`: its type, literal name and condition (BATCH021 names the settings a false one left out). */
  private conditional(d: Extract<Decl, { kind: "resource" }>): Map<string, PropEntry> {
    const ptr = `/resources/${escapePointerToken(d.name)}`;
    const body = d.body.k === "if" ? d.body : undefined;
    const out = new Map<string, PropEntry>();
    if (!body) return out;
    const at = d.type.indexOf("@");
    this.member(out, `${ptr}/type`, "type", this.val(`${ptr}/type`, at < 0 ? d.type : d.type.slice(0, at)));
    this.doc.mark(`${ptr}/condition`, body.cond);
    this.member(out, `${ptr}/condition`, "condition", this.shape(body.cond, `${ptr}/condition`));
    const name = body.body.k === "obj" ? body.body.members.find((m) => m.m === "prop" && m.key === "name") : undefined;
    if (name?.m === "prop") this.member(out, `${ptr}/name`, "name", this.shape(name.value, `${ptr}/name`));
    return out;
  }

  /** A literal as the literal, an object or array of them member by member, anything else as an expression string. */
  private shape(x: Expr, ptr: string): PNode {
    if (x.k === "str" && x.holes.length === 0) return this.val(ptr, x.parts[0]!);
    if (x.k === "num" || x.k === "bool") return this.val(ptr, x.v);
    if (x.k === "null") return this.val(ptr, null);
    if (x.k === "obj" && x.members.every((m) => m.m === "prop" && !m.keyExpr)) {
      const props = new Map<string, PropEntry>();
      for (const m of x.members) {
        if (m.m !== "prop") continue;
        const p = `${ptr}/${escapePointerToken(m.key)}`;
        this.doc.mark(p, m.value, m.keySpan);
        this.member(props, p, m.key, this.shape(m.value, p));
      }
      return this.obj(ptr, props);
    }
    if (x.k === "arr" && x.items.every((i) => i.k !== "spread")) {
      const items = x.items.map((item, i) => {
        this.doc.mark(`${ptr}/${i}`, item);
        return this.shape(item, `${ptr}/${i}`);
      });
      return { t: "arr", items, at: this.at(ptr), origins: [] };
    }
    return this.val(ptr, `[${this.doc.text.slice(x.o, x.e)}]`);
  }

  private member(m: Map<string, PropEntry>, ptr: string, key: string, node: PNode | Map<string, PropEntry>): void {
    m.set(this.model.lowerKey(key), { key, keyAt: { file: this.doc.file, pointer: ptr, key: true }, node: node instanceof Map ? this.obj(ptr, node) : node });
  }
  private obj(ptr: string, props: Map<string, PropEntry>): PNode {
    return { t: "obj", props, at: this.at(ptr), origins: [] };
  }
  private val(ptr: string, value: string | number | boolean | null): PNode {
    return { t: "val", value, at: this.at(ptr), origins: [] };
  }
  private at(pointer: string): Loc {
    return { file: this.doc.file, pointer };
  }
}

/** Calls of `list*` functions in an expression: `listKeys(...)` and `acct.listKeys()` (a resource's method). */
function listCalls(x: Expr, each: (call: Expr, index: number) => void): void {
  let n = 0;
  const walk = (e: Expr, depth: number): void => {
    // The parser bounds nesting; this bound only keeps a walk of any tree finite in stack.
    if (depth > 1000) return;
    if (e.k === "call" && /^list/i.test(e.name)) each(e, n++);
    for (const c of children(e)) walk(c, depth + 1);
  };
  walk(x, 0);
}

function children(e: Expr): Expr[] {
  switch (e.k) {
    case "str":
      return [...e.holes];
    case "obj":
      return e.members.flatMap((m) => (m.m === "prop" ? (m.keyExpr ? [m.keyExpr, m.value] : [m.value]) : m.m === "spread" ? [m.x] : []));
    case "arr":
      return [...e.items];
    case "spread":
    case "nonnull":
    case "un":
      return [e.x];
    case "call":
      return [...e.args];
    case "prop":
    case "child":
      return [e.x];
    case "index":
      return [e.x, e.i];
    case "bin":
      return [e.l, e.r];
    case "tern":
      return [e.c, e.a, e.b];
    case "lambda":
      return [e.body];
    case "for":
      return [e.src, e.body];
    case "if":
      return [e.cond, e.body];
    default:
      return [];
  }
}
