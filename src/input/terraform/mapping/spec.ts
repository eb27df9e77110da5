/**
 * A declarative mapping from a Terraform block to a model (ARM-shaped) object: each attribute or nested block
 * names the model path it sets (dotted, intermediate objects made as needed and located at the block), and a nested
 * block its own spec. Used for azurerm_batch_pool, whose attributes are mostly renames (account.ts maps the account,
 * whose attributes carry more provider logic).
 */
import type { Loc, PNode, PropEntry } from "../../../model/tree.js";

export type Obj = Extract<PNode, { t: "obj" }>;

export type Rule =
  /** An attribute, renamed (a dotted model path), its value as written. */
  | string
  /** A nested block written once (`list`: false) or any number of times (`list`: true, a model array). */
  | { readonly to: string; readonly block: Spec; readonly list?: boolean }
  /** An attribute whose value the provider turns into another shape. */
  | { readonly to: string; readonly value: (n: PNode) => PNode | undefined; readonly note: string };

export interface Spec {
  readonly [tf: string]: Rule;
}

/** An object node under construction: members by lower-cased key in the order first set, nested ones built last. */
export class ObjTree {
  private readonly members = new Map<string, PropEntry | { readonly key: string; readonly tree: ObjTree }>();
  constructor(readonly at: Loc) {}
  /** Sets the member `key` (taken whole, dots included) to `node`, unless `node` is undefined (not sent). */
  member(key: string, node: PNode | undefined, keyAt?: Loc): this {
    if (node !== undefined) this.members.set(key.toLowerCase(), { key, keyAt, node });
    return this;
  }
  get size(): number {
    return this.members.size;
  }
  /** Sets `path` (dotted) to `node`; intermediate objects are located at this tree's place. */
  set(path: string, node: PNode, keyAt?: Loc): void {
    const dot = path.indexOf(".");
    if (dot < 0) {
      this.member(path, node, keyAt);
      return;
    }
    const head = path.slice(0, dot);
    let m = this.members.get(head.toLowerCase());
    if (!m || !("tree" in m)) {
      m = { key: head, tree: new ObjTree(this.at) };
      this.members.set(head.toLowerCase(), m);
    }
    m.tree.set(path.slice(dot + 1), node, keyAt);
  }
  build(): Obj {
    const props = new Map<string, PropEntry>();
    for (const [k, m] of this.members) props.set(k, "tree" in m ? { key: m.key, node: m.tree.build() } : m);
    return { t: "obj", props, at: this.at, origins: [] };
  }
}

/** Maps the members of `block` by `spec` into `out`; members the spec does not name are not read by any rule. */
export function mapBlock(block: Obj, spec: Spec, out: ObjTree): void {
  for (const [tf, rule] of Object.entries(spec)) {
    const entry = block.props.get(tf);
    const n = entry?.node;
    if (n === undefined || (n.t === "val" && n.value === null)) continue;
    if (typeof rule === "string") out.set(rule, n, entry!.keyAt);
    else if ("value" in rule) {
      const v = rule.value(n);
      if (v !== undefined) out.set(rule.to, v, entry!.keyAt);
    } else if (n.t !== "arr")
      out.set(rule.to, n, entry!.keyAt); // a dynamic block over an unknown collection
    // No block written (a plan writes `[]` for it, a `dynamic` block may make none): the provider sends nothing.
    else if (rule.list && n.items.length > 0) out.set(rule.to, { t: "arr", items: n.items.map((b) => sub(b, rule.block)), at: n.at, origins: [] }, entry!.keyAt);
    else if (n.items[0]) out.set(rule.to, sub(n.items[0], rule.block), entry!.keyAt);
  }
}

function sub(b: PNode, spec: Spec): PNode {
  if (b.t !== "obj") return b;
  const t = new ObjTree(b.at);
  mapBlock(b, spec, t);
  return t.build();
}

/** A map attribute (`{ K = "v" }`) → `[{ name: K, value: v }]`, as the Batch API lists environment settings and metadata. */
export function nameValueList(n: PNode): PNode {
  if (n.t !== "obj") return n;
  const items: PNode[] = [];
  for (const e of n.props.values()) {
    const t = new ObjTree(e.node.at);
    t.set("name", { t: "val", value: e.key, at: e.keyAt ?? e.node.at, origins: [] });
    t.set("value", e.node);
    items.push(t.build());
  }
  return { t: "arr", items, at: n.at, origins: n.origins };
}

/**
 * An attribute that names a Batch account by its computed `id` (`azurerm_batch_account.a.id`, unknown until apply):
 * `Microsoft.Batch/batchAccounts/<name>` when the loader read the account's name, the form an ARM template writes
 * for a scope or a link, located at the attribute; else the value as evaluated.
 */
export function accountIdNode(n: PNode, accountName: string | undefined): PNode {
  return n.t !== "val" && accountName !== undefined ? { t: "val", value: `Microsoft.Batch/batchAccounts/${accountName}`, at: n.at, origins: n.origins, ev: true } : n;
}
