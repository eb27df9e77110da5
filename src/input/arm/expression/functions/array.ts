/**
 * Array functions (ARM template functions reference), with those that take strings and objects as well (contains,
 * empty, length, first, skip, union...).
 *
 * Partly known arrays and objects (value.ts, PartialArray / PartialObject) are read here: contains() finds a known
 * element or member, empty() is false and length() at least as long as the known part, union() and concat() keep
 * the known part of their arguments; array() and first() hand it on.
 */
import { BoundedInt, PartialArray, PartialObject, Unknown, isObject, isUnknown, newObject, plainUnknown, type Value, type ValueObject } from "../../../../model/value.js";
import { INF, arr, built, deepEquals, err, int, joinArrays, lookup, madeArray, madeObject, memberCount, scanned, str, toArmString, typeName } from "./helpers.js";
import type { Budget } from "../../../budget.js";
import { InvalidTemplateError } from "../errors.js";
import type { Env, FnDef } from "../types.js";

export const ARRAY: Record<string, FnDef> = {
  array: {
    min: 1,
    max: 1,
    strictUnknown: false,
    fn: ([v], _a, e) => {
      // A partly known array is the array itself (a new one: the evaluator drops the known part of an argument handed
      // back as it is); a partly known object is certainly not an array: it is the one element.
      if (v instanceof PartialArray) return new PartialArray(v.reason, v.elements, v.prefix);
      if (isUnknown(v) && !(v instanceof PartialObject)) return plainUnknown(v);
      return Array.isArray(v) ? v : madeArray([v!], e);
    },
  },
  createarray: { min: 0, max: INF, strictUnknown: false, fn: (x, _a, e) => madeArray(x, e) },
  range: {
    min: 2,
    max: 2,
    fn: ([s, c], a, e) => {
      const start = int(s!, a);
      const count = int(c!, a);
      // ARM's limit, a limit of evaluation as the copy count's is (README, "Limits and guarantees"): an error, not Unknown.
      if (count < 0 || count > 10_000) throw new InvalidTemplateError(`${a.name}(): count must be between 0 and 10000 (ARM's limit), got ${count}`, a.o, a.name.length);
      e.b.array(count);
      return Array.from({ length: count }, (_, i) => start + i);
    },
  },
  empty: { min: 1, max: 1, strictUnknown: false, fn: ([v], _a, e) => emptyOf(v!, e.b) },
  length: {
    min: 1,
    max: 1,
    strictUnknown: false,
    fn: ([v], a, e) => {
      // At least as long as its known part: `greater(length(x), 0)` is decided when that part is not empty.
      if (v instanceof PartialArray) return new BoundedInt(v.reason, v.elements.length, Number.POSITIVE_INFINITY);
      if (v instanceof PartialObject) return new BoundedInt(v.reason, memberCount(v.members, e.b), Number.POSITIVE_INFINITY);
      if (isUnknown(v)) return plainUnknown(v);
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
      if (isUnknown(c)) return containsKnown(c, item!, e) ? true : plainUnknown(c);
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
    strictUnknown: false,
    fn: (x, a, e) => {
      // An unknown argument is of the kind of the others (ARM rejects a union of arrays and objects).
      const unknownOr = (known: (v: Value) => boolean, partial: (v: Value) => boolean) => x.every((v) => known(v) || isUnknown(v)) && x.some((v) => known(v) || partial(v));
      if (unknownOr(Array.isArray, (v) => v instanceof PartialArray)) return unionArrays(x, e);
      if (unknownOr(isObject, (v) => v instanceof PartialObject)) {
        if (x.every(isObject)) return x.reduce((acc: ValueObject, o) => mergeDeep(acc, o as ValueObject, e.b), newObject());
        return unionObjects(x, e);
      }
      for (const v of x) if (isUnknown(v)) return plainUnknown(v);
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
        if (isUnknown(x)) return plainUnknown(x);
        parts.push(arr(x, a, "element"));
      }
      return joinArrays(parts, e);
    },
  },
};

/** empty(): an array or object with a known element or member is not empty, whatever the rest is. */
function emptyOf(v: Value, budget: Budget): boolean | Unknown {
  if (v instanceof PartialArray && v.elements.length > 0) return false;
  if (v instanceof PartialObject && memberCount(v.members, budget) > 0) return false;
  if (isUnknown(v)) return plainUnknown(v);
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
      if (isUnknown(n)) return plainUnknown(n);
      if (isUnknown(v)) return plainUnknown(v);
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
      if (!last && v instanceof PartialArray && v.prefix > 0) return v.elements[0]!;
      if (isUnknown(v)) return plainUnknown(v);
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

/** contains() of a partly known array or object: true when a known element or member is the item. */
function containsKnown(c: Unknown, item: Value, env: Env): boolean {
  if (c instanceof PartialArray) return c.elements.some((x) => deepEquals(x, item, env) === true);
  if (c instanceof PartialObject) return typeof item === "string" && c.member(item) !== undefined;
  return false;
}

/**
 * concat() of arrays (string.ts calls it; null arguments add nothing). An unknown argument (an array, or ARM would
 * reject the concatenation) leaves a partly known array: the elements before it are its start, the others are in it.
 */
export function concatArrays(x: readonly Value[], env: Env): Value {
  const parts: Value[][] = [];
  let n = 0;
  let gap: { reason: string; at: number } | undefined;
  for (const v of x) {
    if (v === null) continue;
    if (v instanceof PartialObject || v instanceof BoundedInt) return plainUnknown(v); // certainly no array: ARM rejects it
    if (isUnknown(v)) {
      if (v instanceof PartialArray) parts.push(v.elements as Value[]);
      gap ??= { reason: v.reason, at: n + (v instanceof PartialArray ? v.prefix : 0) };
      if (v instanceof PartialArray) n += v.elements.length;
      continue;
    }
    const xs = v as Value[];
    parts.push(xs);
    n += xs.length;
  }
  const all = joinArrays(parts, env);
  return gap === undefined ? all : new PartialArray(gap.reason, all, gap.at);
}

/**
 * union() of arrays of which some are unknown or partly known, or hold values that cannot be told apart (an unknown
 * element may equal another, so union() may have one element fewer): the result lists values it certainly holds,
 * each a different one, its start in order up to the first of these; exactly known when nothing was unknown.
 */
function unionArrays(x: readonly Value[], env: Env): Value {
  const out: (Value | typeof DROPPED)[] = [];
  const exact = new Distinct(env);
  /** Indexes in `out` of listed values that hold an Unknown: a known value may equal one of them. */
  const vague: number[] = [];
  let prefix: number | undefined;
  let reason: string | undefined;
  const stop = (why: string, at = out.length) => {
    if (prefix === undefined || at < prefix) prefix = at;
    reason ??= why;
  };
  const add = (v: Value, why: string) => {
    env.b.step();
    if (exact.has(v)) return;
    const holdsUnknown = v !== null && typeof v === "object" && env.b.extent(v).unknown !== undefined;
    // A value that may equal a listed vague one: if it is itself known, it is listed and they are not (it certainly
    // is in the union, while they may be it); a vague one that may equal a listed value is not listed.
    const undecided: number[] = [];
    for (const i of holdsUnknown ? out.keys() : vague.values()) {
      const w = out[i];
      if (w === DROPPED || w === undefined) continue;
      const r = deepEquals(w, v, env);
      if (r === true) return;
      if (r !== false) undecided.push(i);
    }
    if (undecided.length > 0) {
      if (holdsUnknown) return stop(why);
      stop(why, undecided[0]);
      for (const i of undecided) out[i] = DROPPED;
    }
    if (holdsUnknown) vague.push(out.length);
    exact.add(v);
    out.push(v);
  };
  for (const v of x) {
    if (v instanceof PartialArray) {
      v.elements.forEach((el, i) => {
        if (i === v.prefix) stop(v.reason);
        add(el, v.reason);
      });
      stop(v.reason);
    } else if (isUnknown(v)) stop(v.reason);
    else for (const el of v as Value[]) add(el, "union() of values that may be equal");
  }
  if (prefix === undefined) return madeArray(out as Value[], env);
  // Dropped values before the start ends are not among its first elements: `prefix` counts the listed ones.
  const listed: Value[] = [];
  let start = 0;
  out.forEach((v, i) => {
    if (v === DROPPED) return;
    if (i < prefix!) start++;
    listed.push(v);
  });
  return new PartialArray(reason!, madeArray(listed, env), start);
}

/** A value union() found may equal another and did not list. */
const DROPPED: unique symbol = Symbol("dropped");

/**
 * union() of objects of which some are unknown or partly known: the keys of the known ones are certainly members;
 * a member an unknown argument after it may replace or merge into is unknown (its key still known), a member of an
 * object after every unknown one is its own (an object member merged into what may be there: partly known).
 */
function unionObjects(x: readonly Value[], env: Env): Value {
  let members = newObject();
  let reason: string | undefined;
  for (const v of x) {
    if (isUnknown(v)) {
      reason ??= v.reason;
      // What it has may replace or merge into every member so far.
      const after = newObject();
      for (const k of Object.keys(members)) after[k] = new Unknown(v.reason);
      members = after;
      if (v instanceof PartialObject) members = mergeDeep(members, openMembers(v.members, env), env.b);
      continue;
    }
    const o = v as ValueObject;
    members = mergeDeep(members, reason === undefined ? o : openMembers(o, env), env.b);
  }
  return new PartialObject(reason!, members);
}

/**
 * Members merged over an unknown object: a member that is an object may be merged with the unknown one's (union() is
 * deep), so it certainly has its own members and maybe more; other members replace what was there.
 */
function openMembers(o: ValueObject, env: Env): ValueObject {
  const out = newObject();
  const keys = Object.keys(o);
  env.b.made(keys.length);
  for (const k of keys) {
    const m = o[k]!;
    out[k] = isObject(m) ? new PartialObject("merged with an unknown object by union()", openMembers(m, env)) : m instanceof PartialObject ? new PartialObject(m.reason, openMembers(m.members, env)) : m;
  }
  return out;
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
