/**
 * A resource block (one instance) → the located object node the mapping (mapping/) reads: each attribute's value
 * at the attribute's value (its key at the attribute name), a literal list's elements and a literal object's
 * members at their own places, a value computed by an expression evaluated with the origins of what it reads;
 * nested blocks as an array of object nodes, one per block written or made by `dynamic` (an unknown node when a
 * `dynamic` block iterates over a collection not known). Every place is registered in the file's TerraformDoc
 * under the pointer the node names (doc.ts).
 */
import { nodeFromValue, type Loc, type PNode, type PropEntry } from "../../model/tree.js";
import { escapePointerToken, newObject, Unknown, type Value } from "../../model/value.js";
import type { Attribute, Block, Body, Expr } from "./ast.js";
import type { TerraformDoc } from "./doc.js";
import { isAbort } from "./eval/values.js";
import { type Bindings, META_ARGS, META_BLOCKS, type ModuleEval } from "./load-eval.js";
import type { Obj } from "./mapping/spec.js";

export class TreeBuilder {
  constructor(
    readonly ev: ModuleEval,
    readonly doc: TerraformDoc,
    /** Called with the place of an expression that failed (an evaluation error, not an unknown). */
    readonly failed: (x: Expr, reason: string) => void,
    /** An azapi_resource: its `body = jsonencode(X)` is read from X itself (its places stay in the .tf text). */
    readonly azapi = false,
  ) {}

  /** The object node of a block's body at `ptr` (resource-level meta-arguments and blocks left out when `root`). */
  body(body: Body, ptr: string, b: Bindings | undefined, root: boolean): Obj {
    const props = new Map<string, PropEntry>();
    const doc = this.doc;
    const at: Loc = { file: doc.file, pointer: ptr };
    const blocks = new Map<string, PNode[] | Extract<PNode, { t: "unk" }>>();
    const blockKey = new Map<string, Loc>();
    this.ev.host.budget.made(body.items.length);
    for (const item of body.items) {
      if (item.kind === "attr") {
        if (root && META_ARGS.has(item.name)) continue;
        props.set(item.name.toLowerCase(), this.attribute(item, `${ptr}/${escapePointerToken(item.name)}`, b));
        continue;
      }
      if (root && META_BLOCKS.has(item.type)) continue;
      const type = item.type === "dynamic" ? item.labels[0]?.v : item.type;
      if (type === undefined) continue;
      const p = `${ptr}/${escapePointerToken(type)}`;
      doc.mark(p, item, item.type === "dynamic" ? item.labels[0] : item.typeSpan, true);
      if (!blockKey.has(type)) blockKey.set(type, { file: doc.file, pointer: p, key: true });
      const list = blocks.get(type) ?? [];
      if (!Array.isArray(list)) continue;
      blocks.set(type, list);
      if (item.type !== "dynamic") {
        const ip = `${p}/${list.length}`;
        doc.mark(ip, item, item.typeSpan, true);
        list.push(this.body(item.body, ip, b, false));
        continue;
      }
      const made = this.dynamic(item, type, p, list.length, b);
      if (Array.isArray(made)) list.push(...made);
      else blocks.set(type, made);
    }
    for (const [type, list] of blocks) {
      const p = `${ptr}/${escapePointerToken(type)}`;
      const node: PNode = Array.isArray(list) ? { t: "arr", items: list, at: { file: doc.file, pointer: p }, origins: [] } : list;
      props.set(type.toLowerCase(), { key: type, keyAt: blockKey.get(type), node });
    }
    return { t: "obj", props, at, origins: [] };
  }

  /** `dynamic "x" { for_each, iterator, content {} }`: a block per element, or an unknown node for an unknown collection. */
  private dynamic(d: Block, type: string, p: string, first: number, b: Bindings | undefined): PNode[] | Extract<PNode, { t: "unk" }> {
    const forEach = d.body.items.find((i): i is Attribute => i.kind === "attr" && i.name === "for_each");
    const content = d.body.items.find((i): i is Block => i.kind === "block" && i.type === "content");
    const it = d.body.items.find((i): i is Attribute => i.kind === "attr" && i.name === "iterator");
    const iterator = it?.value.k === "var" ? it.value.name : type;
    const at: Loc = { file: this.doc.file, pointer: p };
    if (!forEach || !content) return [];
    const coll = this.ev.evaluate(forEach.value, b);
    const origins = this.ev.originsOf(forEach.value, b);
    let pairs: [Value, Value][];
    if (coll instanceof Unknown) return { t: "unk", reason: `dynamic "${type}" over an unknown collection (${coll.reason})`, at, origins, ev: true };
    if (Array.isArray(coll)) pairs = coll.map((v, i) => [i, v]);
    else if (coll !== null && typeof coll === "object")
      pairs = Object.keys(coll)
        .sort()
        .map((k) => [k, (coll as Record<string, Value>)[k] ?? null]);
    else if (coll === null) pairs = [];
    else {
      this.failed(forEach.value, `dynamic "${type}": for_each needs a collection`);
      return { t: "unk", reason: `dynamic "${type}": for_each is not a collection`, at, origins, ev: true };
    }
    this.ev.host.budget.made(pairs.length);
    return pairs.map(([k, v], i) => {
      const names = new Map(b?.names ?? []);
      names.set(iterator, Object.assign(newObject(), { key: k, value: v }));
      const ip = `${p}/${first + i}`;
      this.doc.mark(ip, content, d.labels[0], true);
      return this.body(content.body, ip, { names, eachOrigins: b?.eachOrigins }, false);
    });
  }

  private attribute(a: Attribute, p: string, b: Bindings | undefined): PropEntry {
    const x = a.value;
    const json = this.azapi && a.name === "body" && x.k === "call" && x.name === "jsonencode" && x.args.length === 1 && !x.expand ? x.args[0]! : undefined;
    if (json) this.doc.mark(p, x, a.nameSpan, true);
    return { key: a.name, keyAt: { file: this.doc.file, pointer: p, key: true }, node: this.value(json ?? x, p, b, a) };
  }

  /** A value node: literal collections member by member, anything else evaluated. */
  value(x: Expr, p: string, b: Bindings | undefined, a?: Attribute): PNode {
    const doc = this.doc;
    const at: Loc = { file: doc.file, pointer: p };
    doc.mark(p, x, a?.nameSpan, x.k === "tuple" || x.k === "object");
    switch (x.k) {
      case "num":
      case "bool":
        return { t: "val", value: x.v, at, origins: [] };
      case "null":
        return { t: "val", value: null, at, origins: [] };
      case "template":
        if (x.parts.length === 1 && x.parts[0]!.p === "lit") return { t: "val", value: x.parts[0]!.v, at, origins: [] };
        break;
      case "tuple":
        this.ev.host.budget.made(x.items.length);
        return { t: "arr", items: x.items.map((item, i) => this.value(item, `${p}/${i}`, b)), at, origins: [] };
      case "object": {
        if (!x.items.every((i) => i.bare !== undefined || (i.key.k === "template" && i.key.parts.length === 1 && i.key.parts[0]!.p === "lit"))) break;
        this.ev.host.budget.made(x.items.length);
        const props = new Map<string, PropEntry>();
        for (const i of x.items) {
          const key = i.bare ?? (i.key.k === "template" && i.key.parts[0]?.p === "lit" ? i.key.parts[0].v : "");
          const kp = `${p}/${escapePointerToken(key)}`;
          doc.mark(kp, i.value, i.key);
          props.set(key.toLowerCase(), { key, keyAt: { file: doc.file, pointer: kp, key: true }, node: this.value(i.value, kp, b) });
        }
        return { t: "obj", props, at, origins: [] };
      }
    }
    const v = this.ev.evaluate(x, b);
    if (v instanceof Unknown && isAbort(v)) this.failed(x, v.reason);
    this.ev.host.budget.made(this.ev.host.budget.extent(v).elements);
    return nodeFromValue(v, at, this.ev.originsOf(x, b));
  }
}
