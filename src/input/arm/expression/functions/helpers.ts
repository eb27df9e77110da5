/**
 * What the functions of the library share: argument checks with located errors (str, int, arr, err), the charging
 * of what they make and scan to the budget (built, scanned, madeArray...), and deep equality and case-insensitive
 * member look-up of values.
 */
import { BudgetExceeded, MAX_VALUE_DEPTH, type Budget } from "../../../budget.js";
import { isLambda, isObject, isUnknown, newObject, type Unknown, type Value, type ValueObject } from "../../../../model/value.js";
import { ExprError } from "../errors.js";
import type { Env } from "../types.js";

/** The largest number of arguments of a function that takes any number. */
export const INF = Number.POSITIVE_INFINITY;

export const err = (a: { o: number; name: string }, msg: string) => new ExprError(`${a.name}(): ${msg}`, a.o, a.name.length);

export function str(v: Value, a: { o: number; name: string }, what = "argument"): string {
  if (typeof v !== "string") throw err(a, `${what} must be a string, got ${typeName(v)}`);
  return v;
}
export function int(v: Value, a: { o: number; name: string }, what = "argument"): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  throw err(a, `${what} must be an integer, got ${typeName(v)}`);
}
export function arr(v: Value, a: { o: number; name: string }, what = "argument"): Value[] {
  if (!Array.isArray(v)) throw err(a, `${what} must be an array, got ${typeName(v)}`);
  return v;
}

/**
 * ARM's string() of a value: JSON for objects/arrays, True/False for bools. An array or object is measured first
 * (in time linear in what it is made of, shared parts once), so one built to be enormous when written out is
 * refused before it is written.
 */
export function toArmString(v: Value, budget: Budget): string | Unknown {
  if (isUnknown(v)) return v;
  if (typeof v === "string") return v;
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return String(v);
  const extent = budget.extent(v);
  if (extent.unknown) return extent.unknown as Unknown;
  budget.string(extent.characters);
  return JSON.stringify(v);
}

/** A string a function built: over the limit of one string or the file's budget, the evaluation stops. */
export function built(s: string, env: Env): string {
  env.b.string(s.length);
  return s;
}

/** A string a function scans without building (a search, a decoding): its length is charged as characters. */
export function scanned<T extends string>(s: T, env: Env): T {
  env.b.chars(s.length);
  return s;
}

/** An array a function made: over the limit of one array or the file's budget, the evaluation stops. */
export function madeArray<T extends Value[]>(xs: T, env: Env): T {
  env.b.array(xs.length);
  return xs;
}

/** An object a function made, of `members` members. */
export function madeObject<T extends ValueObject>(o: T, env: Env): T {
  env.b.made(Object.keys(o).length);
  return o;
}

/** The elements of several arrays in one (not push(...xs): that overflows the stack for long arrays). */
export function joinArrays(parts: readonly Value[][], env: Env): Value[] {
  let n = 0;
  for (const p of parts) n += p.length;
  env.b.array(n);
  const out = new Array<Value>(n);
  let i = 0;
  for (const p of parts) for (const x of p) out[i++] = x;
  return out;
}

/** Members of an object: counting them lists them, a step per member. */
export function memberCount(o: ValueObject, budget: Budget): number {
  const n = Object.keys(o).length;
  budget.step(n);
  return n;
}

/**
 * getProp (case-insensitive). A key not spelt as written is looked up in the object's lower-cased keys, made on
 * the first such read (a step per member), not by comparing every member on every read: an object of 10,000
 * members read 10,000 times with another spelling was 10^8 comparisons. The key maps are the run's (env.lowerKeys).
 */
export function lookup(o: ValueObject, key: string, env: Env): Value | undefined {
  if (Object.hasOwn(o, key)) return o[key];
  let keys = env.lowerKeys.get(o);
  if (!keys) {
    keys = new Map();
    for (const k of Object.keys(o)) if (!keys.has(k.toLowerCase())) keys.set(k.toLowerCase(), k);
    env.b.step(keys.size);
    env.lowerKeys.set(o, keys);
  }
  const k = keys.get(key.toLowerCase());
  return k === undefined ? undefined : o[k];
}

export function typeName(v: Value): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (isUnknown(v)) return "unknown value";
  if (isLambda(v)) return "lambda";
  return typeof v === "object" ? "object" : typeof v === "number" ? "int" : typeof v;
}

/** Deep equality; Unknown when either side contains an Unknown that matters. A step per pair compared. */
export function deepEquals(a: Value, b: Value, env: Env): boolean | Unknown {
  env.b.step();
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    let unknown: Unknown | undefined;
    for (let i = 0; i < a.length; i++) {
      const r = deepEquals(a[i]!, b[i]!, env);
      if (r === false) return false;
      if (isUnknown(r)) unknown = r;
    }
    return unknown ?? true;
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    let unknown: Unknown | undefined;
    for (const k of ka) {
      const other = lookup(b, k, env);
      if (other === undefined) return false;
      const r = deepEquals(a[k]!, other, env);
      if (r === false) return false;
      if (isUnknown(r)) unknown = r;
    }
    return unknown ?? true;
  }
  return false;
}

export function parseJson(text: string, a: { o: number; name: string }, env: Env): Value {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw err(a, "argument is not valid JSON");
  }
  return toValue(parsed, env.b, 0);
}

/** A parsed JSON value as a Value (null-prototype objects), charged to the budget, nested no deeper than documents. */
function toValue(v: unknown, budget: Budget, depth: number): Value {
  if (depth > MAX_VALUE_DEPTH) throw new BudgetExceeded(`too complex: a value nested deeper than ${MAX_VALUE_DEPTH} levels`);
  if (Array.isArray(v)) {
    budget.array(v.length);
    return v.map((x) => toValue(x, budget, depth + 1));
  }
  if (v && typeof v === "object") {
    const o = newObject();
    const keys = Object.keys(v);
    budget.made(keys.length);
    for (const k of keys) o[k] = toValue((v as Record<string, unknown>)[k], budget, depth + 1);
    return o;
  }
  return v as Value;
}
