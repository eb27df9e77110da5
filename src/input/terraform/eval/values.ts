/**
 * Helpers of the Terraform evaluator over the project's `Value`: evaluation errors (an Unknown that `try`/`can`
 * catch), Terraform's conversions (number ↔ string, "true"/"false" ↔ bool), deep equality, and the budget that
 * bounds what one evaluation may build.
 */
import { isObject, newObject, plainUnknown, Unknown, type Value, type ValueObject } from "../../../model/value.js";

/** An expression that fails when evaluated (a missing key, a type error...): unknown to the linter, caught by try/can. */
export class EvalError extends Unknown {}

/** A value that is unknown because Terraform only knows it at plan/apply time (not an error: try may succeed on it). */
export function unknown(reason: string): Unknown {
  return new Unknown(reason);
}

/** An evaluation stopped by a limit (elements, depth): unknown, never caught by try/can, and it spreads to the whole. */
export class LimitUnknown extends Unknown {}

/** An error or a limit: what makes the whole expression fail rather than only the element unknown. */
export function isAbort(v: unknown): boolean {
  return v instanceof EvalError || v instanceof LimitUnknown;
}

export function fail(message: string): EvalError {
  return new EvalError(`error: ${message}`);
}

/** Limits of one evaluation: elements built (lists, objects, string characters counted once) and nesting. */
export const MAX_ELEMENTS = 100_000;
export const MAX_EVAL_DEPTH = 200;

export interface Budget {
  left: number;
}

/** Takes `n` from the budget; false (and nothing taken) when that would exceed it. */
export function spend(budget: Budget, n: number): boolean {
  if (n > budget.left) return false;
  budget.left -= n;
  return true;
}

/** The longest string a template or a function may build. */
export const MAX_STRING = 1_000_000;

export function overBudget(): Unknown {
  return new LimitUnknown(`evaluation limit: more than ${MAX_ELEMENTS} elements would be built`);
}

/** The first error among `vs`, else the first Unknown, else undefined (errors win: Terraform reports them). */
export function firstUnknown(vs: readonly Value[]): Unknown | undefined {
  let u: Unknown | undefined;
  for (const v of vs) {
    if (v instanceof Unknown && isAbort(v)) return v;
    if (v instanceof Unknown && !u) u = plainUnknown(v);
  }
  return u;
}

/** The first error or Unknown anywhere inside `v` (deep), else undefined. */
export function deepUnknown(v: Value, depth = 0): Unknown | undefined {
  if (v instanceof Unknown) return plainUnknown(v);
  if (depth > MAX_EVAL_DEPTH) return unknown("value nested too deeply");
  const children = Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [];
  let u: Unknown | undefined;
  for (const c of children) {
    const d = deepUnknown(c, depth + 1);
    if (d && isAbort(d)) return d;
    if (d && !u) u = d;
  }
  return u;
}

export function typeName(v: Value): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  if (isObject(v)) return "object";
  return typeof v;
}

/** Terraform's number → string: integers without a fraction, others in the shortest form. */
export function numberToString(n: number): string {
  return Object.is(n, -0) ? "0" : String(n);
}

/** A primitive as a string (Terraform's automatic conversion), an error for null and collections. */
export function asString(v: Value, what: string): string | Unknown {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof Unknown) return plainUnknown(v);
  return fail(`${what}: a string is required, got ${typeName(v)}`);
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

export function asNumber(v: Value, what: string): number | Unknown {
  if (typeof v === "number") return v;
  if (typeof v === "string" && NUMBER.test(v.trim()) && v.trim() === v) return Number(v);
  if (v instanceof Unknown) return plainUnknown(v);
  return fail(`${what}: a number is required, got ${typeName(v)}${typeof v === "string" ? ` ${JSON.stringify(v)}` : ""}`);
}

export function asBool(v: Value, what: string): boolean | Unknown {
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  if (v instanceof Unknown) return plainUnknown(v);
  return fail(`${what}: a bool is required, got ${typeName(v)}`);
}

export function asList(v: Value, what: string): Value[] | Unknown {
  if (Array.isArray(v)) return v;
  if (v instanceof Unknown) return plainUnknown(v);
  return fail(`${what}: a list is required, got ${typeName(v)}`);
}

export function asObject(v: Value, what: string): ValueObject | Unknown {
  if (isObject(v)) return v;
  if (v instanceof Unknown) return plainUnknown(v);
  return fail(`${what}: a map or object is required, got ${typeName(v)}`);
}

/** Keys in Terraform's order for maps and objects: lexical (by UTF-16 code unit, as Go's byte order for ASCII). */
export function sortedKeys(o: ValueObject): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Deep equality, as Terraform's `==`: no conversion between types (1 == "1" is false); unknown inside → unknown. */
export function deepEqual(a: Value, b: Value, depth = 0): boolean | Unknown {
  if (a instanceof Unknown) return a;
  if (b instanceof Unknown) return b;
  if (depth > MAX_EVAL_DEPTH) return unknown("value nested too deeply");
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    if (a.length !== b.length) return deepUnknown(a) ?? deepUnknown(b) ?? false;
    return all(a.map((x, i) => () => deepEqual(x, b[i] ?? null, depth + 1)));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const ka = sortedKeys(a);
    const kb = sortedKeys(b);
    if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return deepUnknown(a) ?? deepUnknown(b) ?? false;
    return all(ka.map((k) => () => deepEqual(a[k] ?? null, b[k] ?? null, depth + 1)));
  }
  return a === b;
}

/** False as soon as one is known false; else unknown if one is unknown; else true. */
function all(checks: readonly (() => boolean | Unknown)[]): boolean | Unknown {
  let u: Unknown | undefined;
  for (const c of checks) {
    const r = c();
    if (r === false) return false;
    if (r instanceof Unknown && !u) u = r;
  }
  return u ?? true;
}

/** A string equal for deeply equal known values (keys sorted): for de-duplication without quadratic comparison. */
export function canonical(v: Value, depth = 0): string {
  if (depth > MAX_EVAL_DEPTH) return "?";
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x, depth + 1)).join(",")}]`;
  if (isObject(v))
    return `{${sortedKeys(v)
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k] ?? null, depth + 1)}`)
      .join(",")}}`;
  return v instanceof Unknown ? "?" : JSON.stringify(v);
}

/** The elements of `items` without later duplicates (deep equality), in order. */
export function distinctValues(items: readonly Value[]): Value[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const c = canonical(x);
    if (seen.has(c)) return false;
    seen.add(c);
    return true;
  });
}

/** The elements a `for` iterates: a list's index/element, an object's keys in lexical order. */
export function forPairs(v: Value, what: string): [Value, Value][] | Unknown {
  if (v instanceof Unknown) return plainUnknown(v);
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (isObject(v)) return sortedKeys(v).map((k) => [k, v[k] ?? null]);
  return fail(`${what}: a list, set, map or object is required, got ${typeName(v)}`);
}

/** Sorted unique elements, as Terraform's set: strings lexically, numbers numerically; mixed primitives as strings. */
export function toSet(items: readonly Value[], what: string): Value[] | Unknown {
  const u = firstUnknown(items);
  if (u) return u instanceof EvalError ? u : unknown(`${what}: a set with unknown elements`);
  const prims = items.every((x) => typeof x === "string" || typeof x === "number" || typeof x === "boolean");
  if (!prims) return distinctValues(items);
  if (items.every((x) => typeof x === "number")) return [...new Set(items as number[])].sort((a, b) => a - b);
  if (items.every((x) => typeof x === "boolean")) return [...new Set(items as boolean[])].sort();
  const strs = items.map((x) => asString(x, what) as string);
  return [...new Set(strs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function objectFrom(entries: Iterable<readonly [string, Value]>): ValueObject {
  const o = newObject();
  for (const [k, v] of entries) o[k] = v;
  return o;
}
