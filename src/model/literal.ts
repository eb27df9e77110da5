/** Builds the located value tree straight from parsed JSON: a document's value (exported accounts), or syntax nodes (literal template parts). */
import type { Node } from "jsonc-parser";
import { escapePointerToken } from "./value.js";
import { effectiveProperties } from "../parse/document.js";
import type { Loc, PNode, PropEntry, PropMap } from "./tree.js";
import { Shape, type Shapes } from "./shape.js";
import type { ModelState } from "./state.js";

const NONE: readonly Loc[] = Object.freeze([]);

/**
 * `onString` lets the template evaluator turn ARM expression strings into evaluated subtrees; without it every
 * string is literal (exports carry no expressions).
 */
export function nodeFromJson(
  /** The run's model state (its lower-cased keys: the very strings the paths rules read are made of). */
  model: ModelState,
  node: Node,
  file: string,
  pointer: string,
  onString?: (value: string, at: Loc, node: Node) => PNode | undefined,
  /** Properties to leave out (by the object's node and the key), e.g. child `resources`. */
  skip?: (object: Node, key: string, value: Node) => boolean,
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
        if (skip?.(node, key, p.children![1]!)) continue;
        const childPtr = `${pointer}/${escapePointerToken(key)}`;
        props.set(model.lowerKey(key), new JsonEntry(key, nodeFromJson(model, p.children![1]!, file, childPtr, onString, skip, expand)));
      }
      const extra = expand?.(node, pointer);
      if (extra) for (const e of extra) props.set(model.lowerKey(e.key), e);
      return { t: "obj", props, at, origins: NONE };
    }
    case "array":
      return { t: "arr", items: (node.children ?? []).map((c, i) => nodeFromJson(model, c, file, `${pointer}/${i}`, onString, skip, expand)), at, origins: NONE };
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

/**
 * A member of an object `nodeFromJson` made: where its key is written is its value's place (every node it makes, or
 * `onString` makes, is at the pointer it was given), worked out when asked for (a finding at a key is rare).
 */
class JsonEntry implements PropEntry {
  private _keyAt: Loc | undefined = undefined;
  constructor(
    readonly key: string,
    readonly node: PNode,
  ) {}
  get keyAt(): Loc {
    const at = this.node.at;
    return (this._keyAt ??= { file: at.file, pointer: at.pointer, key: true });
  }
}

/**
 * Objects with more members than this are searched through an index of their keys, made on the first look-up
 * and kept on the node itself: a template of 20,000 members was walked once per look-up, and a linked template
 * is looked up again for each instance (a 250 KB template linking itself took 20 s).
 */
const INDEX_FROM = 32;
const KEY_INDEX = Symbol("batchlint.keyIndex");
type IndexedNode = Node & { [KEY_INDEX]?: Map<string, Node> };

/** The property node (key and value) of `key` in an object node (case-insensitive; the last duplicate wins). */
export function childProperty(obj: Node | undefined, key: string): Node | undefined {
  if (obj?.type !== "object") return undefined;
  const children = obj.children ?? [];
  const lower = key.toLowerCase();
  if (children.length > INDEX_FROM) {
    const o = obj as IndexedNode;
    let index = o[KEY_INDEX];
    if (!index) {
      index = new Map();
      for (const p of children) {
        const k = p.children?.[0];
        if (k) index.set(String(k.value).toLowerCase(), p);
      }
      o[KEY_INDEX] = index;
    }
    return index.get(lower);
  }
  // From the last member: the first match is the one kept (the last duplicate).
  for (let i = children.length - 1; i >= 0; i--) {
    const p = children[i]!;
    const k = p.children?.[0];
    if (k && sameKey(String(k.value), key, lower)) return p;
  }
  return undefined;
}

/** `written.toLowerCase() === lower`, for a key already lower-cased (`lower`): see sameKey. */
export function sameKeyIgnoringCase(written: string, lower: string): boolean {
  return sameKey(written, lower, lower);
}

/**
 * `written.toLowerCase() === lower` (`lower`: `key` lower-cased), without lower-casing every member's key on every
 * look-up (the evaluator looks members up by the thousand per template). Lower-casing keeps a string's length, but
 * for U+0130 (İ), which becomes two characters (i and a combining dot): a key of another length is compared only when
 * it is shorter and holds one; one of the same length, a character at a time while they are ASCII.
 */
function sameKey(written: string, key: string, lower: string): boolean {
  if (written === key || written === lower) return true;
  const n = written.length;
  if (n !== lower.length) return n < lower.length && written.includes("\u0130") && written.toLowerCase() === lower;
  for (let i = 0; i < n; i++) {
    let c = written.charCodeAt(i);
    if (c > 127) return written.toLowerCase() === lower;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** Child value node of an object node by key (case-insensitive; last duplicate wins). */
export function childNode(obj: Node | undefined, key: string): Node | undefined {
  return childProperty(obj, key)?.children?.[1];
}

/** The actual key spelling of `key` in an object node. */
export function childKey(obj: Node | undefined, key: string): string | undefined {
  const k = childProperty(obj, key)?.children?.[0];
  return k ? String(k.value) : undefined;
}

/**
 * The located value tree of a document's value (ParsedDoc.value: plain data, a key written twice counts once), for
 * exported resources, whichever reader read the document. `nodeFromJson` builds the same tree from syntax nodes,
 * for the template evaluator, which needs the nodes (it locates expressions inside strings). Depth is bounded by
 * the readers' nesting limit. It is made as it is read: an object's properties, an array's elements, a node's
 * pointer and location are worked out on first use. The rules read about half of an exported account's values
 * (the schema check reads the values themselves: engine/schema.ts); the others never become nodes.
 */
export function nodeFromPlain(model: ModelState, v: unknown, file: string, pointer: string): PNode {
  return plainNode(model.shapes, v, file, pointer, undefined, "");
}

/** `shapes`: the run's (an object's shape is found in it, and kept by the object in its place). */
function plainNode(shapes: Shapes, v: unknown, file: string, pointer: string | undefined, up: PlainNode | undefined, seg: string | number): PNode {
  if (v === null || typeof v !== "object") return new PlainValue(v as string | number | boolean | null, file, pointer, up, seg);
  return Array.isArray(v) ? new PlainArray(shapes, v, file, pointer, up, seg) : new PlainObject(shapes, v as Record<string, unknown>, file, pointer, up, seg);
}

/**
 * What the nodes of a document's value share: where they are, worked out when first asked for from the
 * parent node and the key or index (most values read are never reported, so most pointers are never written).
 * The node of an object's property is also that property's entry (PropEntry: its key, itself, and where the
 * key is written): no entry object of its own.
 */
abstract class PlainNode implements PropEntry {
  private _at: Loc | undefined = undefined;
  private _keyAt: Loc | undefined = undefined;
  constructor(
    readonly file: string,
    private _pointer: string | undefined,
    /** The parent until the pointer is first worked out, and the key or index below it. */
    private up: PlainNode | undefined,
    private readonly seg: string | number,
  ) {}
  get origins(): readonly Loc[] {
    return NONE;
  }
  /** As a property's entry: its key, as written. */
  get key(): string {
    return String(this.seg);
  }
  get node(): PNode {
    return this as unknown as PNode;
  }
  get keyAt(): Loc {
    return (this._keyAt ??= { file: this.file, pointer: this.pointer, key: true });
  }
  get pointer(): string {
    if (this._pointer === undefined) {
      this._pointer = `${this.up!.pointer}/${escapePointerToken(this.seg)}`;
      this.up = undefined;
    }
    return this._pointer;
  }
  get at(): Loc {
    return (this._at ??= { file: this.file, pointer: this.pointer });
  }
}

/** A string, number, boolean or null of a document's value, as a node. */
class PlainValue extends PlainNode {
  readonly t = "val" as const;
  constructor(
    readonly value: string | number | boolean | null,
    file: string,
    pointer: string | undefined,
    up: PlainNode | undefined,
    seg: string | number,
  ) {
    super(file, pointer, up, seg);
  }
}

/** An object of a document's value, as a node: it is its own `props` (see `Shape`). */
class PlainObject extends PlainNode implements PropMap {
  readonly t = "obj" as const;
  private entries: (PlainNode | undefined)[] | undefined = undefined;
  constructor(
    /**
     * The run's shapes until the object's own is first asked for, then that shape (which knows the run's shapes):
     * one field, not two, in the nodes an audit makes by the million.
     */
    private shape: Shape | Shapes,
    readonly parsed: Record<string, unknown>,
    file: string,
    pointer: string | undefined,
    up: PlainNode | undefined,
    seg: string | number,
  ) {
    super(file, pointer, up, seg);
  }
  get props(): PropMap {
    return this;
  }
  /** The object's shape, found on first use. */
  private own(): Shape {
    const s = this.shape;
    return s instanceof Shape ? s : (this.shape = s.of(this.parsed));
  }
  get(lower: string): PropEntry | undefined {
    const s = this.own();
    const i = s.lower.get(lower);
    return i === undefined ? undefined : this.entry(s, i);
  }
  values(): PropEntry[] {
    const s = this.own();
    const order = s.order;
    const out: PropEntry[] = new Array(order.length);
    for (let j = 0; j < order.length; j++) out[j] = this.entry(s, order[j]!);
    return out;
  }
  get size(): number {
    return this.own().order.length;
  }
  private entry(s: Shape, i: number): PropEntry {
    const es = (this.entries ??= new Array<PlainNode | undefined>(s.keys.length));
    let e = es[i];
    if (e === undefined) {
      const key = s.keys[i]!;
      es[i] = e = plainNode(s.trie, this.parsed[key], this.file, undefined, this, key) as unknown as PlainNode;
    }
    return e;
  }
}

/** An array of a document's value, as a node (see `nodeFromPlain`). */
class PlainArray extends PlainNode {
  readonly t = "arr" as const;
  constructor(
    /** The run's shapes (for the objects among the elements) until the elements are made, then the elements. */
    private _items: Shapes | PNode[],
    readonly parsed: readonly unknown[],
    file: string,
    pointer: string | undefined,
    up: PlainNode | undefined,
    seg: string | number,
  ) {
    super(file, pointer, up, seg);
  }
  get items(): PNode[] {
    const shapes = this._items;
    if (Array.isArray(shapes)) return shapes;
    const v = this.parsed;
    const items: PNode[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) items[i] = plainNode(shapes, v[i], this.file, undefined, this, i);
    return (this._items = items);
  }
}
