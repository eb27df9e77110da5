/**
 * The keys of objects read by JSON.parse, shared by every object written with the same keys in the same order
 * (the accounts of an export, their `properties`, their `identity` ...). What depends only on the keys is worked
 * out once per shape instead of once per object: where each lower-cased key is (model/literal.ts), and how the
 * schema walk visits the object (schema.ts). Shapes form a trie by key, from `ROOT`.
 */
import { lowerKey } from "./tree.js";

export class Shape {
  /** The shapes one key longer. */
  next: Map<string, Shape> | undefined = undefined;
  private _lower: Map<string, number> | undefined = undefined;
  private _order: number[] | undefined = undefined;
  /** What other modules keep per shape (keyed by something of theirs, e.g. a schema node). */
  memo: Map<object, unknown> | undefined = undefined;
  constructor(readonly keys: readonly string[]) {}
  /** Per lower-cased key, where its last spelling is ({"Type", "type"}: the last one wins, as a Map's `set`). */
  get lower(): Map<string, number> {
    if (this._lower) return this._lower;
    const m = new Map<string, number>();
    for (let i = 0; i < this.keys.length; i++) m.set(lowerKey(this.keys[i]!), i);
    return (this._lower = m);
  }
  /** The entries a Map built by `set` would give: per distinct lower-cased key, in first-written order, its last spelling. */
  get order(): number[] {
    return (this._order ??= [...this.lower.values()]);
  }
}

let ROOT = new Shape([]);
let shapes = 0;
/** Shapes kept before the trie is started again (objects keyed by ids make one per object). */
const MAX_SHAPES = 20_000;
/** Objects with more keys than this get a shape of their own (the trie would copy their keys once per key). */
const MAX_SHARED_KEYS = 64;

/** The shape of an object read by JSON.parse (its own keys, in `for...in` order). */
export function shapeOf(o: Record<string, unknown>): Shape {
  let s = ROOT;
  let n = 0;
  for (const k in o) {
    if (++n > MAX_SHARED_KEYS) return new Shape(Object.keys(o));
    let t = s.next?.get(k);
    if (t === undefined) {
      if (++shapes > MAX_SHAPES) {
        ROOT = new Shape([]);
        shapes = 0;
        return new Shape(Object.keys(o));
      }
      t = new Shape([...s.keys, k]);
      (s.next ??= new Map()).set(k, t);
    }
    s = t;
  }
  return s;
}
