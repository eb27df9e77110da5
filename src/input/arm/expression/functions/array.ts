/**
 * Array functions (ARM template functions reference), with those that take strings and objects as well (contains,
 * empty, length, first, skip, union...).
 */
import { isObject, isUnknown, newObject, type Unknown, type Value, type ValueObject } from "../../../../model/value.js";
import { INF, arr, built, deepEquals, err, int, joinArrays, lookup, madeArray, madeObject, memberCount, scanned, str, toArmString, typeName } from "./helpers.js";
import type { Budget } from "../../../budget.js";
import type { Env, FnDef } from "../types.js";

export const ARRAY: Record<string, FnDef> = {
  array: { min: 1, max: 1, fn: ([v], _a, e) => (Array.isArray(v) ? v : madeArray([v!], e)) },
  createarray: { min: 0, max: INF, strictUnknown: false, fn: (x, _a, e) => madeArray(x, e) },
  range: {
    min: 2,
    max: 2,
    fn: ([s, c], a, e) => {
      const start = int(s!, a);
      const count = int(c!, a);
      if (count < 0 || count > 10_000) throw err(a, `count must be between 0 and 10000 (ARM's limit), got ${count}`);
      e.b.array(count);
      return Array.from({ length: count }, (_, i) => start + i);
    },
  },
  empty: { min: 1, max: 1, fn: ([v], _a, e) => emptyOf(v!, e.b) },
  length: {
    min: 1,
    max: 1,
    strictUnknown: false,
    fn: ([v], a, e) => {
      if (isUnknown(v)) return v;
      if (Array.isArray(v) || typeof v === "string") return v.length;
      if (isObject(v)) return memberCount(v, e.b);
      throw err(a, `argument must be an array, string or object, got ${typeName(v!)}`);
    },
  },
  first: endOf(false),
  last: endOf(true),
  skip: slicer(true),
  take: slicer(false),
  contains: {
    min: 2,
    max: 2,
    strictUnknown: false,
    fn: ([c, item], a, e) => {
      if (isUnknown(c)) return c;
      if (typeof c === "string") {
        if (isUnknown(item)) return item;
        const t = toArmString(item!, e.b);
        return isUnknown(t) ? t : scanned(c, e).includes(t);
      }
      if (Array.isArray(c)) {
        let unknown: Unknown | undefined;
        for (const x of c) {
          const r = deepEquals(x, item!, e);
          if (r === true) return true;
          if (isUnknown(r)) unknown = r;
        }
        return unknown ?? false;
      }
      if (isObject(c)) {
        if (isUnknown(item)) return item;
        const key = str(item!, a);
        return lookup(c, key, e) !== undefined;
      }
      throw err(a, `first argument must be a string, array or object, got ${typeName(c!)}`);
    },
  },
  union: {
    min: 1,
    max: INF,
    fn: (x, a, e) => {
      if (x.every(Array.isArray)) {
        const distinct = new Distinct(e);
        for (const xs of x as Value[][]) for (const v of xs) distinct.add(v);
        return madeArray(distinct.values, e);
      }
      if (x.every(isObject)) return x.reduce((acc: ValueObject, o) => mergeDeep(acc, o as ValueObject, e.b), newObject());
      throw err(a, "arguments must all be arrays or all objects");
    },
  },
  intersection: {
    min: 2,
    max: INF,
    fn: (x, a, e) => {
      if (x.every(Array.isArray)) {
        const [head, ...rest] = x as Value[][];
        const inAll = rest.map((r) => {
          const d = new Distinct(e);
          for (const v of r) d.add(v);
          return d;
        });
        const distinct = new Distinct(e);
        for (const v of head!) if (!distinct.has(v) && inAll.every((d) => d.has(v))) distinct.add(v);
        return madeArray(distinct.values, e);
      }
      if (x.every(isObject)) {
        const [head, ...rest] = x as ValueObject[];
        const o = newObject();
        for (const k of Object.keys(head!)) {
          if (
            rest.every((r) => {
              const v = lookup(r, k, e);
              return v !== undefined && deepEquals(v, head![k]!, e) === true;
            })
          )
            o[k] = head![k]!;
        }
        return madeObject(o, e);
      }
      throw err(a, "arguments must all be arrays or all objects");
    },
  },
  tryindexfromend: {
    min: 2,
    max: 2,
    fn: ([v, n], a) => {
      const xs = arr(v!, a);
      const i = int(n!, a);
      return i >= 1 && i <= xs.length ? xs[xs.length - i]! : null;
    },
  },
  indexfromend: {
    min: 2,
    max: 2,
    fn: ([v, n], a) => {
      const xs = arr(v!, a);
      const i = int(n!, a);
      if (i < 1 || i > xs.length) throw err(a, `index ${i} is out of range`);
      return xs[xs.length - i]!;
    },
  },
  flatten: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => {
      const parts: Value[][] = [];
      for (const x of arr(v!, a)) {
        if (isUnknown(x)) return x;
        parts.push(arr(x, a, "element"));
      }
      return joinArrays(parts, e);
    },
  },
};

function emptyOf(v: Value, budget: Budget): boolean {
  if (v === null || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return memberCount(v, budget) === 0;
  return false;
}

/** skip() / take() on strings and arrays. */
function slicer(fromStart: boolean): FnDef {
  return {
    min: 2,
    max: 2,
    strictUnknown: false,
    fn: ([v, n], a, e) => {
      if (isUnknown(n)) return n;
      if (isUnknown(v)) return v;
      const k = Math.max(0, int(n!, a));
      if (typeof v === "string") return built(fromStart ? v.slice(k) : v.slice(0, k), e);
      const xs = arr(v!, a);
      return madeArray(fromStart ? xs.slice(k) : xs.slice(0, k), e);
    },
  };
}

/** first() / last() of a string or an array (null for an empty array). */
function endOf(last: boolean): FnDef {
  return {
    min: 1,
    max: 1,
    strictUnknown: false,
    fn: ([v], a) => {
      if (isUnknown(v)) return v;
      if (typeof v === "string") return last ? v.slice(-1) : v.slice(0, 1);
      const xs = arr(v!, a);
      return xs.length ? xs[last ? xs.length - 1 : 0]! : null;
    },
  };
}

/**
 * Distinct values in first-seen order (union, intersection): strings, numbers, bools and null by a Set, arrays
 * and objects by deep comparison (an unknown value equals nothing), so that a union of long lists of names is
 * linear, not quadratic.
 */
class Distinct {
  readonly values: Value[] = [];
  private readonly primitives = new Set<Value>();
  private readonly composites: Value[] = [];
  constructor(private readonly env: Env) {}
  has(v: Value): boolean {
    if (v === null || typeof v !== "object") return this.primitives.has(v);
    return this.composites.some((w) => deepEquals(w, v, this.env) === true);
  }
  add(v: Value): void {
    this.env.b.step();
    if (this.has(v)) return;
    if (v === null || typeof v !== "object") this.primitives.add(v);
    else this.composites.push(v);
    this.values.push(v);
  }
}

/** union() of objects: members of `src` win, objects in both are merged; keys compared case-insensitively. */
function mergeDeep(target: ValueObject, src: ValueObject, budget: Budget): ValueObject {
  const o = newObject();
  // Lower-cased key -> the first key spelt so (findKey, in one look-up instead of a scan per key).
  const keys = new Map<string, string>();
  const kept = Object.keys(target);
  for (const k of kept) {
    o[k] = target[k]!;
    if (!keys.has(k.toLowerCase())) keys.set(k.toLowerCase(), k);
  }
  const added = Object.keys(src);
  budget.made(kept.length + added.length);
  for (const k of added) {
    const existingKey = Object.hasOwn(o, k) ? k : (keys.get(k.toLowerCase()) ?? k);
    const cur = o[existingKey];
    const v = src[k]!;
    if (cur !== undefined && isObject(cur) && isObject(v)) o[existingKey] = mergeDeep(cur, v, budget);
    else {
      if (existingKey !== k) delete o[existingKey];
      o[k] = v;
      keys.set(k.toLowerCase(), k);
    }
  }
  return o;
}
