/** Object functions (ARM template functions reference). */
import { PartialArray, PartialObject, isObject, isUnknown, newObject, plainUnknown, type Value } from "../../../../model/value.js";
import { INF, arr, err, lookup, madeArray, madeObject, parseJson, scanned, str, typeName } from "./helpers.js";
import type { Env, FnDef } from "../types.js";

export const OBJECT: Record<string, FnDef> = {
  null: { min: 0, max: 0, fn: () => null },
  createobject: {
    min: 0,
    max: INF,
    strictUnknown: false,
    fn: (x, a, e) => {
      if (x.length % 2) throw err(a, "needs an even number of arguments (key, value pairs)");
      const o = newObject();
      for (let i = 0; i < x.length; i += 2) {
        if (isUnknown(x[i])) return x[i]!;
        o[str(x[i]!, a, "key")] = x[i + 1]!;
      }
      return madeObject(o, e);
    },
  },
  items: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => {
      if (!isObject(v)) throw err(a, `argument must be an object, got ${typeName(v!)}`);
      const keys = Object.keys(v);
      // An array of key/value objects: an element and two members each; sorting them, a step per comparison.
      e.b.array(keys.length);
      e.b.made(2 * keys.length);
      e.b.step(sortSteps(keys.length));
      const lower = new Map(keys.map((k) => [k, k.toLowerCase()]));
      return keys
        .sort((p, q) => (lower.get(p)! < lower.get(q)! ? -1 : lower.get(p)! > lower.get(q)! ? 1 : 0))
        .map((k) => {
          const o = newObject();
          o.key = k;
          o.value = v[k]!;
          return o;
        });
    },
  },
  objectkeys: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => {
      if (!isObject(v)) throw err(a, "argument must be an object");
      return madeArray(Object.keys(v), e);
    },
  },
  trygetvalue: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => tryGet(x, a, e) },
  tryget: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => tryGet(x, a, e) },
  shallowmerge: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => {
      const o = newObject();
      for (const x of arr(v!, a)) {
        if (isUnknown(x)) return x;
        if (!isObject(x)) throw err(a, "elements must be objects");
        e.b.made(Object.keys(x).length);
        Object.assign(o, x);
      }
      return o;
    },
  },
  json: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => parseJson(scanned(str(v!, a), e), a, e),
  },
};

/** Comparisons of sorting n values (n log2 n). */
function sortSteps(n: number): number {
  return n < 2 ? 0 : Math.ceil(n * Math.log2(n));
}

function tryGet(x: Value[], a: { o: number; name: string }, env: Env): Value {
  let cur: Value = x[0]!;
  for (const k of x.slice(1)) {
    if (isUnknown(cur)) {
      // Partly known (value.ts): a known member or element of its known start; any other may be in its unknown part.
      const known: Value | undefined =
        cur instanceof PartialObject && typeof k === "string" ? cur.member(k) : cur instanceof PartialArray && typeof k === "number" && k >= 0 && k < cur.prefix ? cur.elements[k] : undefined;
      if (known === undefined) return plainUnknown(cur);
      cur = known;
      continue;
    }
    if (isUnknown(k)) return plainUnknown(k);
    if (cur === null) return null;
    if (Array.isArray(cur)) {
      if (typeof k !== "number") return null;
      cur = k >= 0 && k < cur.length ? cur[k]! : null;
    } else if (isObject(cur)) {
      const v = lookup(cur, str(k, a, "key"), env);
      cur = v === undefined ? null : v;
    } else return null;
  }
  return cur;
}
