/** Builds the located value tree straight from parsed JSON (exported accounts; literal template parts). */
import type { Node } from "jsonc-parser";
import { escapePointerToken } from "../arm/value.js";
import { effectiveProperties } from "../parse/document.js";
import { lowerKey, type Loc, type PNode, type PropEntry } from "./tree.js";

const NONE: readonly Loc[] = Object.freeze([]);

/**
 * `onString` lets the template evaluator turn ARM expression strings into evaluated subtrees; without it every
 * string is literal (exports carry no expressions).
 */
export function nodeFromJson(
  node: Node,
  file: string,
  pointer: string,
  onString?: (value: string, at: Loc, node: Node) => PNode | undefined,
  /** Properties to leave out (by the pointer of the object and the key), e.g. child `resources`. */
  skip?: (objectPointer: string, key: string, value: Node) => boolean,
  /** Extra properties computed for an object (ARM property copy loops). */
  expand?: (obj: Node, objectPointer: string) => PropEntry[] | undefined,
): PNode {
  // Iterative over objects/arrays would complicate the code; depth is bounded by the parser's depth limit.
  const at: Loc = { file, pointer };
  switch (node.type) {
    case "object": {
      const props = new Map<string, PropEntry>();
      for (const p of effectiveProperties(node)) {
        const k = p.children![0]!;
        const key = String(k.value);
        if (skip?.(pointer, key, p.children![1]!)) continue;
        const childPtr = `${pointer}/${escapePointerToken(key)}`;
        props.set(lowerKey(key), {
          key,
          keyAt: { file, pointer: childPtr, key: true },
          node: nodeFromJson(p.children![1]!, file, childPtr, onString, skip, expand),
        });
      }
      for (const e of expand?.(node, pointer) ?? []) props.set(lowerKey(e.key), e);
      return { t: "obj", props, at, origins: NONE };
    }
    case "array":
      return { t: "arr", items: (node.children ?? []).map((c, i) => nodeFromJson(c, file, `${pointer}/${i}`, onString, skip, expand)), at, origins: NONE };
    case "string": {
      const v = node.value as string;
      if (onString) {
        const r = onString(v, at, node);
        if (r) return r;
      }
      return { t: "val", value: v, at, origins: NONE };
    }
    case "number":
    case "boolean":
    case "null":
      return { t: "val", value: node.value as number | boolean | null, at, origins: NONE };
    default:
      return { t: "unk", reason: "unparsed value", at, origins: NONE };
  }
}

/** Child value node of an object node by key (case-insensitive; last duplicate wins). */
export function childNode(obj: Node | undefined, key: string): Node | undefined {
  if (!obj || obj.type !== "object") return undefined;
  const lower = key.toLowerCase();
  let found: Node | undefined;
  for (const p of obj.children ?? []) {
    const k = p.children?.[0];
    if (k && String(k.value).toLowerCase() === lower) found = p.children?.[1];
  }
  return found;
}

/** The actual key spelling of `key` in an object node. */
export function childKey(obj: Node | undefined, key: string): string | undefined {
  if (!obj || obj.type !== "object") return undefined;
  const lower = key.toLowerCase();
  let found: string | undefined;
  for (const p of obj.children ?? []) {
    const k = p.children?.[0];
    if (k && String(k.value).toLowerCase() === lower) found = String(k.value);
  }
  return found;
}

/**
 * `nodeFromJson` for values read by JSON.parse (plain JSON without duplicate keys; see parse/plain.ts): the
 * same tree, without a node tree underneath. Depth is bounded by the check made before the fast path is taken.
 * It is made as it is read: an object's properties, an array's elements and a node's location are worked out
 * on first use. The rules read about half of an exported account's values (the schema check reads the parsed
 * values: schema.ts); the others never become nodes.
 */
export function nodeFromPlain(v: unknown, file: string, pointer: string): PNode {
  if (v === null || typeof v !== "object") return { t: "val", value: v as string | number | boolean | null, at: { file, pointer }, origins: NONE };
  return Array.isArray(v) ? new PlainArray(v, file, pointer) : new PlainObject(v as Record<string, unknown>, file, pointer);
}

/** What the nodes of values read by JSON.parse share: where they are, worked out when first asked for. */
abstract class PlainNode {
  readonly origins = NONE;
  private _at: Loc | undefined = undefined;
  constructor(
    readonly file: string,
    readonly pointer: string,
  ) {}
  get at(): Loc {
    return (this._at ??= { file: this.file, pointer: this.pointer });
  }
}

/** An object read by JSON.parse, as a node (see `nodeFromPlain`). */
class PlainObject extends PlainNode {
  readonly t = "obj" as const;
  private _props: Map<string, PropEntry> | undefined = undefined;
  constructor(
    readonly parsed: Record<string, unknown>,
    file: string,
    pointer: string,
  ) {
    super(file, pointer);
  }
  get props(): Map<string, PropEntry> {
    if (this._props) return this._props;
    const props = new Map<string, PropEntry>();
    const o = this.parsed;
    for (const key in o) props.set(lowerKey(key), new PlainEntry(key, o[key], this.file, this.pointer));
    return (this._props = props);
  }
}

/** An array read by JSON.parse, as a node (see `nodeFromPlain`). */
class PlainArray extends PlainNode {
  readonly t = "arr" as const;
  private _items: PNode[] | undefined = undefined;
  constructor(
    readonly parsed: readonly unknown[],
    file: string,
    pointer: string,
  ) {
    super(file, pointer);
  }
  get items(): PNode[] {
    if (this._items) return this._items;
    const v = this.parsed;
    const items: PNode[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) items[i] = nodeFromPlain(v[i], this.file, `${this.pointer}/${i}`);
    return (this._items = items);
  }
}

/** A property of a plain object; its node, and where its key is written, are made when first asked for. */
class PlainEntry implements PropEntry {
  private _node: PNode | undefined = undefined;
  private _keyAt: Loc | undefined = undefined;
  constructor(
    readonly key: string,
    private readonly raw: unknown,
    private readonly file: string,
    private readonly parent: string,
  ) {}
  get node(): PNode {
    return (this._node ??= nodeFromPlain(this.raw, this.file, `${this.parent}/${escapePointerToken(this.key)}`));
  }
  get keyAt(): Loc {
    return (this._keyAt ??= { file: this.file, pointer: this.node.at.pointer, key: true });
  }
}
