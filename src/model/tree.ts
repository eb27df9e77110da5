/**
 * The located value tree: what the engine builds from a parsed document (exported accounts) or from an
 * evaluated template, and what rules read through `Prop`. Every node knows where a person must edit
 * (`at`) and where its value came from (`origins`: parameter defaults, parameters-file values, variables).
 */
import { PartialArray, PartialObject, Unknown, childOrigins, isObject, isUnknown, isLambda, provenance, joinPointer, type SourceRef, type Value } from "./value.js";

/** A value nested deeper than this is not made into the tree (documents and evaluation have the same limit). */
export const MAX_VALUE_DEPTH = 1000;

/** A place in a source document. `key` points at the property name instead of its value. */
export interface Loc {
  readonly file: string;
  readonly pointer: string;
  readonly key?: boolean;
  /** A missing value reported at its closest ancestor: point at the ancestor's key, or its first character. */
  readonly anchor?: boolean;
}

export interface PropEntry {
  readonly key: string;
  readonly keyAt?: Loc;
  readonly node: PNode;
}

/**
 * An object node's properties, keyed by lower-cased key (see `ModelState.lowerKey`). A Map for the nodes the engine builds;
 * for objects read by JSON.parse, a view that makes an entry when it is first asked for (model/literal.ts).
 */
export interface PropMap {
  get(lower: string): PropEntry | undefined;
  /** Each distinct lower-cased key once, in the order first written (as a Map built by `set` gives them). */
  values(): Iterable<PropEntry>;
  readonly size: number;
}

export type PNode =
  | ({ readonly t: "obj"; readonly props: PropMap } & NodeBase)
  | ({ readonly t: "arr"; readonly items: PNode[] } & NodeBase)
  | ({ readonly t: "val"; readonly value: string | number | boolean | null } & NodeBase)
  | ({ readonly t: "unk"; readonly reason: string; readonly known?: KnownPart } & NodeBase);

/**
 * What is known of an unknown array or object (value.ts, PartialArray / PartialObject): elements it certainly has (the
 * first `prefix` of them at those indexes), or members it certainly has. Read by `Prop.knownItems` and the like only.
 */
export type KnownPart = { readonly items: PNode[]; readonly prefix: number } | { readonly props: PropMap };

interface NodeBase {
  readonly at: Loc;
  readonly origins: readonly Loc[];
  /** True when the value was produced by evaluating an ARM expression (not written literally here). */
  readonly ev?: boolean;
  /** For an object or array read by JSON.parse (exports; see model/literal.ts): the parsed value itself. */
  readonly parsed?: unknown;
}

const NO_ORIGINS: readonly Loc[] = Object.freeze([]);

/**
 * Turns an evaluated Value into a PNode. Everything is reported at `at` (the expression that produced it);
 * origins are derived from provenance (exact element in a parameters file / default) where the value is a
 * literal array or object, else the given `origins` (the parameters and variables the expression read).
 */
export function nodeFromValue(v: Value, at: Loc, origins: readonly Loc[] = NO_ORIGINS, depth = 0): PNode {
  // Recursive (two frames a level): at 5,000 levels the stack ran out first. Evaluation refuses deeper values.
  if (depth > MAX_VALUE_DEPTH) return { t: "unk", reason: "value nested too deeply", at, origins, ev: true };
  if (v instanceof PartialArray) {
    const items = v.elements.map((item) => nodeFromValue(item, at, origins, depth + 1));
    return { t: "unk", reason: v.reason, at, origins, ev: true, known: { items, prefix: v.prefix } };
  }
  if (v instanceof PartialObject) {
    const props = new Map<string, PropEntry>();
    for (const key of Object.keys(v.members)) props.set(key.toLowerCase(), { key, node: nodeFromValue(v.members[key]!, at, origins, depth + 1) });
    return { t: "unk", reason: v.reason, at, origins, ev: true, known: { props } };
  }
  if (isUnknown(v)) return { t: "unk", reason: v.reason, at, origins, ev: true };
  if (isLambda(v)) return { t: "unk", reason: "lambda value", at, origins, ev: true };
  if (Array.isArray(v)) {
    const src = provenance.get(v);
    const own = src ? [src] : origins;
    const extra = childOrigins.get(v);
    return {
      t: "arr",
      at,
      origins: own,
      ev: true,
      items: v.map((item, i) => nodeFromValue(item, at, withExtra(src ? [{ file: src.file, pointer: joinPointer(src.pointer, i) }] : origins, extra?.get(i)), depth + 1)),
    };
  }
  if (isObject(v)) {
    const src = provenance.get(v);
    const own = src ? [src] : origins;
    const props = new Map<string, PropEntry>();
    const extra = childOrigins.get(v);
    for (const key of Object.keys(v)) {
      const mine = src ? [{ file: src.file, pointer: joinPointer(src.pointer, key) }] : origins;
      props.set(key.toLowerCase(), { key, node: nodeFromValue(v[key]!, at, withExtra(mine, extra?.get(key)), depth + 1) });
    }
    return { t: "obj", props, at, origins: own, ev: true };
  }
  return { t: "val", value: v as string | number | boolean | null, at, origins, ev: true };
}

function withExtra(base: readonly Loc[], extra: readonly SourceRef[] | undefined): readonly Loc[] {
  if (!extra?.length) return base;
  const out = [...base];
  for (const e of extra) if (!out.some((o) => o.file === e.file && o.pointer === e.pointer)) out.push(e);
  return out;
}

/** Converts a PNode back to a plain Value (Unknown where unknown). */
export function valueOf(n: PNode): Value {
  switch (n.t) {
    case "val":
      return n.value;
    case "unk": {
      const k = n.known;
      if (k === undefined) return new Unknown(n.reason);
      if ("items" in k) return new PartialArray(n.reason, k.items.map(valueOf), k.prefix);
      const o = Object.create(null) as Record<string, Value>;
      for (const e of k.props.values()) o[e.key] = valueOf(e.node);
      return new PartialObject(n.reason, o);
    }
    case "arr":
      return n.items.map(valueOf);
    case "obj": {
      const o = Object.create(null) as Record<string, Value>;
      for (const e of n.props.values()) o[e.key] = valueOf(e.node);
      return o;
    }
  }
}
