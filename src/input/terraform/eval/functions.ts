/**
 * Terraform's built-in functions (the common ones; strings.ts has the string, number and encoding ones). A call
 * evaluates its arguments (with `...` expansion of the last), then: `try`/`can` catch evaluation errors but not
 * unknowns; a strict function with an unknown anywhere in its arguments is unknown; a lenient one looks at the
 * known part (`coalesce("x", unknown)` is "x", `length` of a list with unknown elements is known). An unknown
 * function or a `provider::` function is an Unknown naming it, never a throw.
 */
import { isObject, Unknown, type Value, type ValueObject } from "../../../model/value.js";
import type { Expr } from "../ast.js";
import type { EvalContext } from "./evaluate.js";
import { STRING_FUNCTIONS } from "./strings.js";
import {
  asBool,
  asList,
  asNumber,
  asObject,
  asString,
  deepEqual,
  deepUnknown,
  EvalError,
  fail,
  firstUnknown,
  MAX_EVAL_DEPTH,
  objectFrom,
  overBudget,
  sortedKeys,
  spend,
  toSet,
  typeName,
  unknown,
  isAbort,
  canonical,
  distinctValues,
  LimitUnknown,
  MAX_STRING,
} from "./values.js";

export type TfFunction = (args: readonly Value[], ctx: EvalContext) => Value;
/** `lenient`: called with unknown arguments (it handles them); else an unknown argument makes the call unknown. */
export interface FunctionDef {
  readonly fn: TfFunction;
  readonly min: number;
  readonly max: number;
  readonly lenient?: boolean;
}

type CallExpr = Extract<Expr, { k: "call" }>;

export function callFunction(x: CallExpr, ctx: EvalContext, ev: (e: Expr) => Value): Value {
  if (x.name.includes("::")) return unknown(`provider function ${x.name}() is not evaluated`);
  if (x.name === "try" || x.name === "can") {
    if (x.args.length === 0 || (x.name === "can" && x.args.length !== 1)) return fail(`${x.name}() takes ${x.name === "can" ? "one argument" : "at least one argument"}`);
    for (const a of x.args) {
      const v = ev(a);
      if (v instanceof EvalError) continue;
      const u = deepUnknown(v);
      if (u instanceof EvalError) continue;
      if (u) return unknown(`${x.name}(): an argument is unknown and may succeed (${u.reason})`);
      return x.name === "can" ? true : v;
    }
    return x.name === "can" ? false : fail("try(): no argument could be evaluated");
  }
  const def = FUNCTIONS.get(x.name);
  if (!def) return unknown(`function ${x.name}() is not supported`);
  let args = x.args.map((a) => ev(a));
  const err = args.find(isAbort);
  if (err) return err;
  if (x.expand) {
    const last = args[args.length - 1] ?? null;
    if (last instanceof Unknown) return unknown(`${x.name}(): expanded argument unknown (${last.reason})`);
    if (!Array.isArray(last)) return fail(`${x.name}(): the argument expanded with ... must be a list, got ${typeName(last)}`);
    args = [...args.slice(0, -1), ...last];
  }
  if (args.length < def.min || args.length > def.max) return fail(`${x.name}() takes ${def.min === def.max ? def.min : `${def.min} to ${def.max === Infinity ? "any number of" : def.max}`} arguments, got ${args.length}`);
  if (!def.lenient) {
    const u = firstUnknown(args.map((a) => deepUnknown(a) ?? null));
    if (u) return isAbort(u) ? u : unknown(`${x.name}(): unknown argument (${u.reason})`);
  }
  const r = def.fn(args, ctx);
  if (Array.isArray(r) && !spend(ctx.budget, r.length)) return overBudget();
  if (typeof r === "string" && r.length > MAX_STRING) return new LimitUnknown(`evaluation limit: ${x.name}() built a string longer than ${MAX_STRING} characters`);
  return r;
}

const a0 = (args: readonly Value[]): Value => args[0] ?? null;
const a1 = (args: readonly Value[]): Value => args[1] ?? null;

/** Runs `f` on the converted value unless the conversion gave an Unknown/error. */
function w<T>(v: T | Unknown, f: (x: T) => Value): Value {
  return v instanceof Unknown ? v : f(v);
}

function flatten(list: readonly Value[], out: Value[], depth: number): Unknown | undefined {
  if (depth > MAX_EVAL_DEPTH) return unknown("flatten(): nested too deeply");
  for (const x of list) {
    if (x instanceof Unknown) return unknown(`flatten(): unknown element (${x.reason})`);
    if (Array.isArray(x)) {
      const u = flatten(x, out, depth + 1);
      if (u) return u;
    } else out.push(x);
  }
  return undefined;
}

function range(args: readonly Value[]): Value {
  const ns = args.map((a) => asNumber(a, "range()"));
  const u = firstUnknown(ns);
  if (u) return u;
  const [start, limit, step] = ns.length === 1 ? [0, ns[0] as number, 1] : [ns[0] as number, ns[1] as number, (ns[2] as number | undefined) ?? ((ns[0] as number) <= (ns[1] as number) ? 1 : -1)];
  if (step === 0) return fail("range(): step must not be zero");
  if ((step > 0 && start > limit) || (step < 0 && start < limit)) return fail("range(): step goes the wrong way");
  const count = Math.ceil((limit - start) / step);
  if (!Number.isFinite(count) || count > 1024) return unknown(`range(): ${count} elements is over Terraform's limit of 1024`);
  return Array.from({ length: count }, (_, i) => start + i * step);
}

function lenientLength(v: Value): Value {
  if (v instanceof Unknown) return unknown(`length(): unknown argument (${v.reason})`);
  if (typeof v === "string") return Array.from(v).length;
  if (Array.isArray(v)) return v.length;
  if (isObject(v)) return Object.keys(v).length;
  return fail(`length(): a collection or string is required, got ${typeName(v)}`);
}

function coalesce(args: readonly Value[]): Value {
  for (const a of args) {
    if (a instanceof Unknown) return unknown(`coalesce(): an argument before the first known one is unknown (${a.reason})`);
    if (a !== null && a !== "") return a;
  }
  return fail("coalesce(): no non-null, non-empty-string argument");
}

function coalescelist(args: readonly Value[]): Value {
  for (const a of args) {
    if (a instanceof Unknown) return unknown(`coalescelist(): unknown argument (${a.reason})`);
    if (!Array.isArray(a)) return fail(`coalescelist(): lists are required, got ${typeName(a)}`);
    if (a.length > 0) return a;
  }
  return fail("coalescelist(): no non-empty list");
}

function concat(args: readonly Value[]): Value {
  const out: Value[] = [];
  for (const a of args) {
    const l = asList(a, "concat()");
    if (l instanceof Unknown) return isAbort(l) ? l : unknown(`concat(): unknown argument (${l.reason})`);
    out.push(...l);
  }
  return out;
}

function merge(args: readonly Value[]): Value {
  const out: ValueObject = Object.create(null);
  for (const a of args) {
    if (a === null) continue;
    const o = asObject(a, "merge()");
    if (o instanceof Unknown) return isAbort(o) ? o : unknown(`merge(): unknown argument (${o.reason})`);
    for (const k of Object.keys(o)) out[k] = o[k] ?? null;
  }
  return out;
}

function lookup(args: readonly Value[]): Value {
  const o = asObject(a0(args), "lookup()");
  const k = asString(a1(args), "lookup() key");
  if (o instanceof Unknown) return o;
  if (k instanceof Unknown) return k;
  if (Object.hasOwn(o, k)) return o[k] ?? null;
  return args.length > 2 ? (args[2] ?? null) : fail(`lookup(): no key ${JSON.stringify(k)} and no default`);
}

function contains(args: readonly Value[]): Value {
  const l = asList(a0(args), "contains()");
  if (l instanceof Unknown) return l;
  const v = a1(args);
  let u: Unknown | undefined;
  for (const x of l) {
    const eq = deepEqual(x, v);
    if (eq === true) return true;
    if (eq instanceof Unknown) u ??= eq;
  }
  return u ? unknown(`contains(): unknown elements (${u.reason})`) : false;
}

function element(args: readonly Value[]): Value {
  const l = asList(a0(args), "element()");
  const i = asNumber(a1(args), "element() index");
  if (l instanceof Unknown) return l;
  if (i instanceof Unknown) return i;
  if (l.length === 0) return fail("element(): the list is empty");
  if (!Number.isInteger(i) || i < 0) return fail("element(): the index must be a non-negative whole number");
  return l[i % l.length] ?? null;
}

function boolAgg(name: string, want: boolean): TfFunction {
  return (args) => {
    const l = asList(a0(args), `${name}()`);
    if (l instanceof Unknown) return l;
    let u: Unknown | undefined;
    for (const x of l) {
      const b = asBool(x, `${name}() element`);
      if (isAbort(b)) return b;
      if (b instanceof Unknown) u ??= unknown(`${name}(): unknown element (${b.reason})`);
      else if (b === !want) return !want;
    }
    return u ?? want;
  };
}

function setOp(name: string, intersect: boolean): TfFunction {
  return (args) => {
    const sets = args.map((a) => asList(a, `${name}()`));
    const u = firstUnknown(sets);
    if (u) return u;
    const lists = sets as Value[][];
    const first = lists[0] ?? [];
    const others = lists.slice(1).map((l) => new Set(l.map((y) => canonical(y))));
    const items = intersect ? first.filter((x) => others.every((l) => l.has(canonical(x)))) : lists.flat();
    return toSet(items, `${name}()`);
  };
}

function slice(args: readonly Value[]): Value {
  const l = asList(a0(args), "slice()");
  const s = asNumber(a1(args), "slice() start");
  const e = asNumber(args[2] ?? null, "slice() end");
  const u = firstUnknown([l, s, e]);
  if (u) return u;
  const [list, start, end] = [l as Value[], s as number, e as number];
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > list.length || start > end) return fail(`slice(): indices ${start}, ${end} invalid for a list of ${list.length}`);
  return list.slice(start, end);
}

function zipmap(args: readonly Value[]): Value {
  const k = asList(a0(args), "zipmap() keys");
  const v = asList(a1(args), "zipmap() values");
  const u = firstUnknown([k, v]);
  if (u) return u;
  const [ks, vs] = [k as Value[], v as Value[]];
  if (ks.length !== vs.length) return fail("zipmap(): keys and values differ in length");
  const keys = ks.map((x) => asString(x, "zipmap() key"));
  const ku = firstUnknown(keys);
  return ku ?? objectFrom(keys.map((x, i) => [x as string, vs[i] ?? null]));
}

function numbers(args: readonly Value[], name: string): number[] | Unknown {
  const ns = args.map((a) => asNumber(a, `${name}()`));
  return firstUnknown(ns) ?? (ns as number[]);
}

function sum(args: readonly Value[]): Value {
  const l = asList(a0(args), "sum()");
  if (l instanceof Unknown) return l;
  if (l.length === 0) return fail("sum(): the list is empty");
  return w(numbers(l, "sum"), (ns) => ns.reduce((x, y) => x + y, 0));
}

function def(fn: TfFunction, min: number, max = min, lenient = false): FunctionDef {
  return { fn, min, max, lenient };
}

const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map<string, FunctionDef>([
  ["coalesce", def(coalesce, 1, Infinity, true)],
  ["coalescelist", def(coalescelist, 1, Infinity, true)],
  ["concat", def(concat, 0, Infinity, true)],
  ["merge", def(merge, 0, Infinity, true)],
  ["lookup", def(lookup, 2, 3, true)],
  ["contains", def(contains, 2, 2, true)],
  ["element", def(element, 2, 2, true)],
  ["length", def((a) => lenientLength(a0(a)), 1, 1, true)],
  ["alltrue", def(boolAgg("alltrue", true), 1, 1, true)],
  ["anytrue", def(boolAgg("anytrue", false), 1, 1, true)],
  ["tolist", def((a) => w(asList(a0(a), "tolist()"), (l) => l), 1, 1, true)],
  ["tomap", def((a) => (a0(a) === null ? null : w(asObject(a0(a), "tomap()"), (o) => o)), 1, 1, true)],
  ["toset", def((a) => w(asList(a0(a), "toset()"), (l) => toSet(l, "toset()")), 1)],
  ["keys", def((a) => w(asObject(a0(a), "keys()"), (o) => sortedKeys(o)), 1, 1, true)],
  ["values", def((a) => w(asObject(a0(a), "values()"), (o) => sortedKeys(o).map((k) => o[k] ?? null)), 1, 1, true)],
  [
    "flatten",
    def(
      (a) =>
        w(asList(a0(a), "flatten()"), (l) => {
          const out: Value[] = [];
          return flatten(l, out, 0) ?? out;
        }),
      1,
      1,
      true,
    ),
  ],
  ["distinct", def((a) => w(asList(a0(a), "distinct()"), distinctValues), 1)],
  ["compact", def((a) => w(asList(a0(a), "compact()"), (l) => l.filter((x) => x !== null && x !== "")), 1)],
  ["range", def(range, 1, 3)],
  ["zipmap", def(zipmap, 2)],
  ["one", def((a) => w(asList(a0(a), "one()"), (l) => (l.length === 0 ? null : l.length === 1 ? (l[0] ?? null) : fail(`one(): the list has ${l.length} elements`))), 1, 1, true)],
  ["sum", def(sum, 1)],
  ["min", def((a) => w(numbers(a, "min"), (ns) => Math.min(...ns)), 1, Infinity)],
  ["max", def((a) => w(numbers(a, "max"), (ns) => Math.max(...ns)), 1, Infinity)],
  ["setunion", def(setOp("setunion", false), 1, Infinity)],
  ["setintersection", def(setOp("setintersection", true), 1, Infinity)],
  ["slice", def(slice, 3, 3, true)],
  ["reverse", def((a) => w(asList(a0(a), "reverse()"), (l) => [...l].reverse()), 1, 1, true)],
  [
    "sort",
    def(
      (a) =>
        w(asList(a0(a), "sort()"), (l) => {
          const ss = l.map((x) => (x === null ? fail("sort(): null element") : asString(x, "sort() element")));
          return firstUnknown(ss) ?? (ss as string[]).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        }),
      1,
    ),
  ],
  [
    "index",
    def(
      (a) =>
        w(asList(a0(a), "index()"), (l) => {
          const i = l.findIndex((x) => deepEqual(x, a1(a)) === true);
          return i >= 0 ? i : fail("index(): the value is not in the list");
        }),
      2,
    ),
  ],
  ...STRING_FUNCTIONS,
]);

/** The names of the functions evaluated (for documentation and tests). */
export const FUNCTION_NAMES: readonly string[] = ["try", "can", ...FUNCTIONS.keys()];
