/**
 * The evaluator of the expression language: a syntax tree (parser.ts) to a Value, calling the function library
 * (functions/) by name.
 *
 * Unknown semantics (never a false positive): a function whose result depends on an Unknown argument returns
 * Unknown, except where the result is still determined: if() with an unknown condition and equal branches,
 * and(false, ?) = false, or(true, ?) = true, coalesce() stopping at the first known non-null value,
 * contains() finding a known match, length() of an array with unknown elements. Property and index access
 * return the same object reference (no cloning), so value provenance survives.
 *
 * Partial knowledge (value.ts: PartialArray, PartialObject) is kept only by what asks for it: a function whose
 * result is unknown because an argument is gets a plain Unknown (`plainUnknown`), never the argument's known part.
 *
 * An expression that cannot be evaluated because of a value (a property the object does not have, a wrong type, an
 * index out of range) is Unknown at the innermost call or access that failed, told to the context (`unevaluable`:
 * a note): the value seen here may be a default or stand for something unknown, and need not be the one deployed.
 * Errors ARM reports whatever the values (InvalidTemplateError) and budget errors (TooComplexError) stay errors.
 */
import { Budget, BudgetExceeded } from "../../budget.js";
import { PartialArray, PartialObject, Unknown, isObject, isPartial, isUnknown, plainUnknown, type Value } from "../../../model/value.js";
import { ExprError, InvalidTemplateError, TooComplexError } from "./errors.js";
import { DEFAULT_MAX_DEPTH, isExpression, parseExpression, unescapeLiteral } from "./parser.js";
import type { Ast, CallAst, Env, ExprContext, FunctionRef } from "./types.js";
import { FUNCTIONS } from "./functions/index.js";
import { INF, lookup, typeName } from "./functions/helpers.js";

export function evaluateString(s: string, ctx: ExprContext): Value {
  if (!isExpression(s)) return unescapeLiteral(s);
  return evaluateExpression(parseExpression(s, ctx.limits?.maxDepth ?? DEFAULT_MAX_DEPTH, ctx.caches?.asts), ctx);
}

export function evaluateExpression(ast: Ast, ctx: ExprContext): Value {
  const env: Env = {
    ctx,
    lambdaVars: [],
    depth: 0,
    maxDepth: ctx.limits?.maxDepth ?? DEFAULT_MAX_DEPTH,
    b: ctx.budget ?? new Budget(ctx.limits),
    lowerKeys: ctx.caches?.lowerKeys ?? new WeakMap(),
    functions: ctx.caches?.functions,
    ev,
  };
  return ev(ast, env);
}

export function ev(a: Ast, env: Env): Value {
  if (++env.depth > env.maxDepth) throw new InvalidTemplateError(`expression nested deeper than ${env.maxDepth} levels`, a.o);
  try {
    env.b.step();
    switch (a.k) {
      case "str":
        return a.v;
      case "num":
        return a.v;
      case "prop": {
        const t = ev(a.target, env);
        return access(t, a.name, a.safe, a.o, true, env);
      }
      case "index": {
        const t = ev(a.target, env);
        const i = ev(a.index, env);
        if (isUnknown(i)) return isUnknown(t) ? plainUnknown(t) : new Unknown("index is unknown");
        return access(t, i, a.safe, a.o, false, env);
      }
      case "call":
        return call(a, env);
    }
  } catch (e) {
    if (e instanceof ExprError) {
      if (e instanceof TooComplexError || e instanceof InvalidTemplateError) throw e;
      // Thrown here, not in an argument (an argument's error was made Unknown where it happened).
      env.ctx.unevaluable?.(e.message, e.offset);
      return new Unknown(`cannot be evaluated: ${e.message}`);
    }
    // Located at the innermost call: the one that ran out of budget or went over a size limit.
    if (e instanceof BudgetExceeded) throw new TooComplexError(e.message, a.o);
    if (e instanceof RangeError) throw new TooComplexError(`too complex to evaluate (${e.message})`, a.o);
    throw e;
  } finally {
    env.depth--;
  }
}

export function access(t: Value, key: Value, safe: boolean, o: number, dotted: boolean, env: Env): Value {
  if (isUnknown(t)) return knownPart(t, key) ?? plainUnknown(t);
  if (t === null) {
    if (safe) return null;
    throw new ExprError(`cannot read ${dotted ? `property '${String(key)}'` : `index ${JSON.stringify(key)}`} of null`, o);
  }
  if (Array.isArray(t)) {
    if (typeof key !== "number" || !Number.isInteger(key)) throw new ExprError(`array index must be an integer, got ${JSON.stringify(key)}`, o);
    if (key < 0 || key >= t.length) {
      if (safe) return null;
      throw new ExprError(`index ${key} is out of range (array length ${t.length})`, o);
    }
    return t[key]!;
  }
  if (isObject(t)) {
    const k = String(key);
    const v = lookup(t, k, env);
    if (v === undefined) {
      if (safe) return null;
      throw new ExprError(`property '${k}' does not exist on the object`, o);
    }
    return v;
  }
  throw new ExprError(`cannot read ${dotted ? `property '${String(key)}'` : "an index"} of a ${typeName(t)}`, o);
}

/**
 * Functions evaluated at deployment time whose results cannot be known statically (and every list*() function):
 * they read the deployed resources, the clock, a random source or the caller. Exported for the test that every
 * documented function is either in the library or here.
 */
export const RUNTIME: ReadonlySet<string> = new Set([
  "reference",
  "references",
  "newguid",
  "utcnow",
  "pickzones",
  "resourceinfo",
  "providers",
  "listaccountsas",
  "listservicesas",
  "getsecret",
  "managementgroup",
  "externalinput",
  "deployer",
]);

/**
 * Functions whose result may be a partly known value (value.ts): those that make one (array.ts) and those that give a
 * value as it is (a parameter, a variable, an element, a member).
 */
const KEEPS_PARTIAL: ReadonlySet<string> = new Set([
  "parameters",
  "variables",
  "lambdavariables",
  "array",
  "union",
  "concat",
  "length",
  "first",
  "last",
  "indexfromend",
  "tryindexfromend",
  "tryget",
  "trygetvalue",
  "reduce",
]);

/** An argument of concat() of arrays (string.ts): concat() of strings is a string, whatever unknown it met. */
function arrayOrUnknown(v: Value): boolean {
  return v === null || Array.isArray(v) || isUnknown(v);
}

function call(a: CallAst, env: Env): Value {
  if (a.ns) {
    const uf = env.ctx.userFunction(a.ns, a.name);
    if (!uf) throw new InvalidTemplateError(`unknown function '${a.ns}.${a.name}'`, a.o, a.ns.length + a.name.length + 1);
    const args = a.args.map((x) => ev(x, env));
    if (args.length !== uf.params.length) throw new InvalidTemplateError(`function '${a.ns}.${a.name}' takes ${uf.params.length} argument(s), got ${args.length}`, a.o);
    return uf.output(args);
  }
  const { name, def } = functionRef(a.name, env.functions);
  if (!def) {
    if (RUNTIME.has(name) || name.startsWith("list")) {
      for (const x of a.args) ev(x, env); // still validate the arguments
      return new Unknown(`${a.name}() is only known at deployment time`);
    }
    throw new InvalidTemplateError(`unknown function '${a.name}'`, a.o, a.name.length);
  }
  if (a.args.length < def.min || a.args.length > def.max) {
    const want = def.min === def.max ? `${def.min}` : def.max === INF ? `at least ${def.min}` : `${def.min} to ${def.max}`;
    throw new InvalidTemplateError(`${a.name}() takes ${want} argument(s), got ${a.args.length}`, a.o, a.name.length);
  }
  if (def.lazy) return def.lazy(a.args, a, env);
  const args = a.args.map((x) => ev(x, env));
  if (def.strictUnknown !== false) {
    for (const x of args) if (isUnknown(x)) return plainUnknown(x);
  }
  try {
    const r = def.fn!(args, a, env);
    // Only the functions that read partial knowledge hand it on: any other gives an Unknown it was given (an argument,
    // an element, a member) as the value of something else. Nor does one handing back an argument as it is (a function
    // that means to return a partly known argument makes a new one: array.ts).
    return isPartial(r) && (!KEEPS_PARTIAL.has(name) || args.includes(r) || (name === "concat" && !args.every(arrayOrUnknown))) ? plainUnknown(r) : r;
  } catch (e) {
    // The function itself went over the budget or a size limit (not an expression inside it: that is located there).
    if (e instanceof BudgetExceeded) throw new TooComplexError(`${a.name}(): ${e.message}`, a.o, a.name.length);
    throw e;
  }
}

/**
 * The library's function of a name as written. Kept per run by that name (the same string each time, from the cached
 * syntax trees): lower-casing a name and looking the new string up in the library at every call was half of `call`'s
 * own time in a profile of 10,000 templates. The library is never changed, so a name's entry never goes stale.
 */
function functionRef(written: string, cache: Map<string, FunctionRef> | undefined): FunctionRef {
  let ref = cache?.get(written);
  if (ref === undefined) {
    const name = written.toLowerCase();
    ref = { name, def: FUNCTIONS[name] };
    if (cache) {
      if (cache.size > 10_000) cache.clear();
      cache.set(written, ref);
    }
  }
  return ref;
}

/** What a partly known array or object tells of its member `key`: a known member, or an element of its known start. */
function knownPart(t: Unknown, key: Value): Value | undefined {
  if (t instanceof PartialObject && typeof key === "string") return t.member(key);
  if (t instanceof PartialArray && typeof key === "number" && Number.isInteger(key) && key >= 0 && key < t.prefix) return t.elements[key];
  return undefined;
}
