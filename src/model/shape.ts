/**
 * The keys of objects read by JSON.parse, shared by every object written with the same keys in the same order
 * (the accounts of an export, their `properties`, their `identity` ...). What depends only on the keys is worked
 * out once per shape instead of once per object: where each lower-cased key is (model/literal.ts), and how the
 * schema walk visits the object (engine/schema.ts). A run's shapes form a trie by key (`Shapes`), kept in its
 * ModelState: the documents of an audit share them.
 */

/** What lower-cases keys for a run's shapes (its ModelState). */
interface KeyCase {
  lowerKey(key: string): string;
}

export class Shape {
  /** The first shape one key longer, and its key; the others by key (most shapes have one). */
  firstKey: string | undefined = undefined;
  first: Shape | undefined = undefined;
  next: Map<string, Shape> | undefined = undefined;
  private _keys: readonly string[] | undefined;
  private _lower: Map<string, number> | undefined = undefined;
  private _order: number[] | undefined = undefined;
  /** What other modules keep per shape (keyed by something of theirs, e.g. a schema node). */
  memo: Map<object, unknown> | undefined = undefined;
  /** `keys`, or (in the trie) the shape one key shorter and the last key: the keys are listed when first asked for. */
  constructor(
    keys: readonly string[],
    /** The run's shapes this one is part of (objects below an object of this shape get theirs from it). */
    readonly trie: Shapes,
    private readonly parent?: Shape,
    private readonly last?: string,
  ) {
    this._keys = parent ? undefined : keys;
  }
  /** The keys, in `for...in` order (listed from the last up to the closest shape that has its list). */
  get keys(): readonly string[] {
    if (this._keys) return this._keys;
    const lasts: string[] = [];
    let s: Shape = this;
    while (s._keys === undefined) {
      lasts.push(s.last!);
      s = s.parent!;
    }
    const keys = s._keys.slice();
    for (let i = lasts.length - 1; i >= 0; i--) keys.push(lasts[i]!);
    return (this._keys = keys);
  }
  /** Per lower-cased key, where its last spelling is ({"Type", "type"}: the last one wins, as a Map's `set`). */
  get lower(): Map<string, number> {
    if (this._lower) return this._lower;
    const m = new Map<string, number>();
    const keyCase = this.trie.keyCase;
    for (let i = 0; i < this.keys.length; i++) m.set(keyCase.lowerKey(this.keys[i]!), i);
    return (this._lower = m);
  }
  /** The entries a Map built by `set` would give: per distinct lower-cased key, in first-written order, its last spelling. */
  get order(): number[] {
    return (this._order ??= [...this.lower.values()]);
  }
}

const NO_KEYS: readonly string[] = Object.freeze([]);
/** Shapes kept before the trie is started again (objects keyed by ids make one per object). */
const MAX_SHAPES = 20_000;
/** Objects with more keys than this get a shape of their own (a trie node per key costs more than it saves). */
const MAX_SHARED_KEYS = 64;

/** A run's shapes: a trie by key, from an empty root. */
export class Shapes {
  private root: Shape;
  private count = 0;
  constructor(
    /** Lower-cases the keys (the run's ModelState: the same strings as the paths rules read). */
    readonly keyCase: KeyCase,
  ) {
    this.root = new Shape(NO_KEYS, this);
  }

  /** The shape of an object read by JSON.parse (its own keys, in `for...in` order). */
  of(o: Record<string, unknown>): Shape {
    let s = this.root;
    let n = 0;
    for (const k in o) {
      if (++n > MAX_SHARED_KEYS) return new Shape(Object.keys(o), this);
      // Keys read by JSON.parse are internalized: comparing the first key is a pointer comparison.
      let t = s.firstKey === k ? s.first : s.next?.get(k);
      if (t === undefined) {
        if (++this.count > MAX_SHAPES) {
          this.root = new Shape(NO_KEYS, this);
          this.count = 0;
          return new Shape(Object.keys(o), this);
        }
        t = new Shape(NO_KEYS, this, s, k);
        if (s.first === undefined) {
          s.firstKey = k;
          s.first = t;
        } else (s.next ??= new Map()).set(k, t);
      }
      s = t;
    }
    return s;
  }
}
