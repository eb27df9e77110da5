/**
 * Evaluates a Terraform (HCL) expression to a `Value`, with Terraform's semantics: primitives, tuples and objects,
 * templates, operators, conditionals, for-expressions, splats, attribute/index access and function calls.
 * Whatever Terraform knows only at plan time is an Unknown; an expression that would fail is an EvalError (an
 * Unknown whose reason says why), never a throw. `try`/`can` catch errors but not unknowns (an unknown may succeed).
 *
 * Names come from a TfScope: the evaluator asks it for the root (`var`, `local`, `each`, `count`, `path`,
 * `terraform`, `data`, `module`, a resource type) and applies the attribute and index steps itself.
 */
import { isObject, plainUnknown, Unknown, type Value, type ValueObject } from "../../../model/value.js";
import type { Expr, ForExpr } from "../ast.js";
import { callFunction } from "./functions.js";
import { evalTemplate } from "./templates.js";
import { asBool, asNumber, asString, type Budget, deepEqual, fail, firstUnknown, MAX_ELEMENTS, MAX_EVAL_DEPTH, numberToString, overBudget, spend, typeName, unknown, isAbort, LimitUnknown, forPairs } from "./values.js";

/**
 * Where names come from. `root` returns the value of a root name: an object for `var`, `local`, `path`,
 * `terraform`, `each`, `count`, `data`, `module` and each resource type (Unknown, or objects holding Unknowns,
 * for what is known only at plan time), or undefined when the name is not defined here (an error).
 */
export interface TfScope {
  root(name: string): Value | undefined;
}

/** A scope over a plain map of root names (tests, tfvars-only evaluation). */
export function mapScope(roots: Readonly<Record<string, Value>>): TfScope {
  return { root: (name) => (Object.hasOwn(roots, name) ? roots[name] : undefined) };
}

/** `inner` with some names bound (a for-expression's variables) in front of `outer`. */
export function childScope(outer: TfScope, bound: ReadonlyMap<string, Value>): TfScope {
  return { root: (name) => (bound.has(name) ? bound.get(name) : outer.root(name)) };
}

/** State of one evaluation (no module-level state): the element budget and the nesting depth. */
export interface EvalContext {
  readonly budget: Budget;
  depth: number;
}

export function newContext(): EvalContext {
  return { budget: { left: MAX_ELEMENTS }, depth: 0 };
}

/** The value of `expr` in `scope`. */
export function evaluate(expr: Expr, scope: TfScope, ctx: EvalContext = newContext()): Value {
  if (ctx.depth >= MAX_EVAL_DEPTH) return new LimitUnknown(`evaluation limit: expressions nested more than ${MAX_EVAL_DEPTH} deep`);
  ctx.depth++;
  try {
    return evalNode(expr, scope, ctx);
  } finally {
    ctx.depth--;
  }
}

function evalNode(x: Expr, scope: TfScope, ctx: EvalContext): Value {
  const ev = (e: Expr, s: TfScope = scope): Value => evaluate(e, s, ctx);
  switch (x.k) {
    case "num":
    case "bool":
      return x.v;
    case "null":
      return null;
    case "paren":
      return ev(x.x);
    case "var": {
      const v = scope.root(x.name);
      return v === undefined ? fail(`reference to undeclared name '${x.name}'`) : v;
    }
    case "template":
      return evalTemplate(x.parts, scope, ctx, ev);
    case "tuple": {
      if (!spend(ctx.budget, x.items.length)) return overBudget();
      const items = x.items.map((i) => ev(i));
      const err = items.find(isAbort);
      return err ?? items;
    }
    case "object":
      return evalObject(x.items, ev, ctx);
    case "call":
      return callFunction(x, ctx, ev);
    case "attr":
      return getAttr(ev(x.x), x.name);
    case "index":
      return getIndex(ev(x.x), ev(x.i));
    case "splat":
      return evalSplat(x.x, x.each, scope, ctx);
    case "anon":
      return scope.root(ANON) ?? fail("a splat element outside a splat");
    case "unary": {
      const v = ev(x.x);
      if (x.op === "!") {
        const b = asBool(v, "operand of '!'");
        return b instanceof Unknown ? b : !b;
      }
      const n = asNumber(v, "operand of unary '-'");
      return n instanceof Unknown ? n : -n;
    }
    case "binary":
      return evalBinary(x.op, x.l, x.r, ev);
    case "cond": {
      const c = asBool(ev(x.c), "condition of '? :'");
      if (c instanceof Unknown) return isAbort(c) ? c : unknown(`condition unknown (${c.reason})`);
      return c ? ev(x.a) : ev(x.b);
    }
    case "for":
      return evalFor(x, scope, ctx);
  }
}

function evalObject(items: readonly { key: Expr; bare?: string; value: Expr }[], ev: (e: Expr) => Value, ctx: EvalContext): Value {
  if (!spend(ctx.budget, items.length)) return overBudget();
  const out: ValueObject = Object.create(null);
  let u: Unknown | undefined;
  for (const item of items) {
    let key: string | Unknown;
    if (item.bare !== undefined) key = item.bare;
    else {
      const kv = ev(item.key);
      key = kv === null ? fail("an object key cannot be null") : asString(kv, "object key");
    }
    const v = ev(item.value);
    if (isAbort(v)) return v;
    if (isAbort(key)) return key;
    if (key instanceof Unknown) {
      u ??= unknown(`object with an unknown key (${key.reason})`);
      continue;
    }
    out[key] = v;
  }
  return u ?? out;
}

/** `v.name`: an object's attribute (case-sensitive), an error on anything else or when absent. */
export function getAttr(v: Value, name: string): Value {
  if (v instanceof Unknown) return plainUnknown(v);
  if (isObject(v)) return Object.hasOwn(v, name) ? (v[name] ?? null) : fail(`object has no attribute '${name}'`);
  if (v === null) return fail(`attribute '${name}' of null`);
  return fail(`attribute '${name}' of a ${typeName(v)}`);
}

/** `v[i]`: a list element (whole number index in range) or an object member (key as string). */
export function getIndex(v: Value, i: Value): Value {
  if (isAbort(i)) return i;
  if (v instanceof Unknown) return plainUnknown(v);
  if (i instanceof Unknown) return plainUnknown(i);
  if (Array.isArray(v)) {
    const n = asNumber(i, "list index");
    if (n instanceof Unknown) return n;
    if (!Number.isInteger(n) || n < 0 || n >= v.length) return fail(`index ${numberToString(n)} out of range for a list of ${v.length}`);
    return v[n] ?? null;
  }
  if (isObject(v)) {
    const k = asString(i, "map key");
    if (k instanceof Unknown) return k;
    return Object.hasOwn(v, k) ? (v[k] ?? null) : fail(`map has no element for key ${JSON.stringify(k)}`);
  }
  if (v === null) return fail("index of null");
  return fail(`a ${typeName(v)} cannot be indexed`);
}

/** `x[*].each`: null → [], a list → each applied to every element, anything else → a one-element list. */
function evalSplat(src: Expr, each: Expr, scope: TfScope, ctx: EvalContext): Value {
  const v = evaluate(src, scope, ctx);
  if (v instanceof Unknown) return v;
  if (v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  if (!spend(ctx.budget, items.length)) return overBudget();
  const out: Value[] = [];
  for (const item of items) {
    const r = evaluate(each, childScope(scope, new Map([[ANON, item]])), ctx);
    if (isAbort(r)) return r;
    out.push(r);
  }
  return out;
}

/** The name under which a splat element is bound (not a valid HCL identifier, so never a user's name). */
export const ANON = "[*]";

function evalFor(x: ForExpr, scope: TfScope, ctx: EvalContext): Value {
  const pairs = forPairs(evaluate(x.coll, scope, ctx), "for expression");
  if (pairs instanceof Unknown) return pairs;
  if (!spend(ctx.budget, pairs.length)) return overBudget();
  const list: Value[] = [];
  const obj: ValueObject = Object.create(null);
  let u: Unknown | undefined;
  for (const [k, v] of pairs) {
    const bound = new Map<string, Value>([[x.valVar.name, v]]);
    if (x.keyVar) bound.set(x.keyVar.name, k);
    const s = childScope(scope, bound);
    if (x.cond) {
      const c = asBool(evaluate(x.cond, s, ctx), "for expression's if");
      if (isAbort(c)) return c;
      if (c instanceof Unknown) {
        u ??= unknown(`for expression filter unknown (${c.reason})`);
        continue;
      }
      if (!c) continue;
    }
    const val = evaluate(x.val, s, ctx);
    if (isAbort(val)) return val;
    if (!x.obj) {
      list.push(val);
      continue;
    }
    const kv = x.key ? evaluate(x.key, s, ctx) : null;
    const key = kv === null ? fail("a for expression's key cannot be null") : asString(kv, "for expression key");
    if (isAbort(key)) return key;
    if (key instanceof Unknown) {
      u ??= unknown(`for expression key unknown (${key.reason})`);
      continue;
    }
    if (x.group) {
      const g = obj[key];
      if (Array.isArray(g)) g.push(val);
      else obj[key] = [val];
    } else if (Object.hasOwn(obj, key)) return fail(`duplicate key ${JSON.stringify(key)} in a for expression (use ... to group)`);
    else obj[key] = val;
  }
  return u ?? (x.obj ? obj : list);
}

function evalBinary(op: string, l: Expr, r: Expr, ev: (e: Expr) => Value): Value {
  if (op === "&&" || op === "||") {
    const a = asBool(ev(l), `left operand of '${op}'`);
    if (isAbort(a)) return a;
    if (a === (op === "||")) return a;
    const b = asBool(ev(r), `right operand of '${op}'`);
    if (isAbort(b)) return b;
    if (a instanceof Unknown) return b === (op === "||") ? b : a;
    return b;
  }
  const a = ev(l);
  const b = ev(r);
  if (op === "==" || op === "!=") {
    const u = firstUnknown([a, b]);
    if (u) return u;
    const eq = deepEqual(a, b);
    return eq instanceof Unknown ? unknown(`comparison of partly unknown values (${eq.reason})`) : op === "==" ? eq : !eq;
  }
  const x = asNumber(a, `left operand of '${op}'`);
  const y = asNumber(b, `right operand of '${op}'`);
  const u = firstUnknown([x, y]);
  if (u) return u;
  const m = x as number;
  const n = y as number;
  switch (op) {
    case "+":
      return m + n;
    case "-":
      return m - n;
    case "*":
      return m * n;
    case "/":
      return n === 0 ? fail("division by zero") : m / n;
    case "%":
      return n === 0 ? fail("modulo by zero") : m % n;
    case "<":
      return m < n;
    case ">":
      return m > n;
    case "<=":
      return m <= n;
    default:
      return m >= n;
  }
}
