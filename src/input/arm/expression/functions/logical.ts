/**
 * Logical functions (ARM template functions reference). if(), and() and or() evaluate their own arguments (through
 * env.ev): an unknown one makes the result unknown only when the others do not decide it. if() with an unknown
 * condition is what both branches have in common: the value when they are equal, else the elements or members both
 * certainly have (value.ts, partial knowledge).
 */
import { isTooComplex } from "../../../budget.js";
import { PartialArray, PartialObject, isObject, isUnknown, newObject, plainUnknown, type Unknown, type Value, type ValueObject } from "../../../../model/value.js";
import { INF, deepEquals, err, lookup, typeName } from "./helpers.js";
import type { Env, FnDef } from "../types.js";

export const LOGICAL: Record<string, FnDef> = {
  if: {
    min: 3,
    max: 3,
    lazy: ([c, t, f], a, e) => {
      const cond = e.ev(c!, e);
      if (isUnknown(cond)) {
        let tv: Value, fv: Value;
        try {
          tv = e.ev(t!, e);
          fv = e.ev(f!, e);
        } catch (er) {
          // A branch that cannot be evaluated leaves the result unknown; a budget error stops the evaluation.
          if (isTooComplex(er)) throw er;
          return plainUnknown(cond);
        }
        return common(tv, fv, plainUnknown(cond), e, 0);
      }
      if (typeof cond !== "boolean") throw err(a, `condition must be a bool, got ${typeName(cond)}`);
      return e.ev(cond ? t! : f!, e);
    },
  },
  and: shortCircuit(false),
  or: shortCircuit(true),
  not: {
    min: 1,
    max: 1,
    fn: ([v], a) => {
      if (typeof v !== "boolean") throw err(a, `argument must be a bool, got ${typeName(v!)}`);
      return !v;
    },
  },
  bool: {
    min: 1,
    max: 1,
    fn: ([v], a) => {
      if (typeof v === "boolean") return v;
      if (typeof v === "number") return v !== 0;
      if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
      throw err(a, `cannot convert ${JSON.stringify(v)} to a bool`);
    },
  },
  true: { min: 0, max: 0, fn: () => true },
  false: { min: 0, max: 0, fn: () => false },
};

/** and() / or(): the first argument equal to `decisive` decides; otherwise an Unknown argument makes it unknown. */
function shortCircuit(decisive: boolean): FnDef {
  return {
    min: 1,
    max: INF,
    lazy: (args, a, e) => {
      let unknown: Unknown | undefined;
      for (const x of args) {
        const v = e.ev(x, e);
        if (isUnknown(v)) unknown = plainUnknown(v);
        else if (typeof v !== "boolean") throw err(a, `arguments must be bools, got ${typeName(v)}`);
        else if (v === decisive) return decisive;
      }
      return unknown ?? !decisive;
    },
  };
}

/** Nesting of arrays and objects `common` looks into; deeper, what differs is unknown. */
const MAX_COMMON_DEPTH = 64;

/**
 * What two values certainly have in common, for if() with an unknown condition: the value when they are equal; for two
 * arrays (or partly known ones) the elements both have (their common start in order), for two objects the keys both
 * have (a value in common, or unknown); else `unknown`.
 */
function common(t: Value, f: Value, unknown: Unknown, env: Env, depth: number): Value {
  if (deepEquals(t, f, env) === true) return t;
  if (depth >= MAX_COMMON_DEPTH) return unknown;
  const ta = knownElements(t);
  const fa = knownElements(f);
  if (ta && fa) {
    // Their common start, then each other element of one matched with a different element of the other.
    let start = 0;
    while (start < ta.prefix && start < fa.prefix && deepEquals(ta.elements[start]!, fa.elements[start]!, env) === true) start++;
    const rest: (Value | typeof MATCHED)[] = fa.elements.slice(start);
    const out = ta.elements.slice(0, start);
    for (const x of ta.elements.slice(start)) {
      const i = rest.findIndex((y) => y !== MATCHED && deepEquals(x, y, env) === true);
      if (i < 0) continue;
      rest[i] = MATCHED;
      out.push(x);
    }
    env.b.array(out.length);
    return new PartialArray(unknown.reason, out, start);
  }
  const to = knownMembers(t);
  const fo = knownMembers(f);
  if (to && fo) {
    const members = newObject();
    const keys = Object.keys(to);
    env.b.made(keys.length);
    for (const k of keys) {
      const other = lookup(fo, k, env);
      if (other !== undefined) members[k] = common(to[k]!, other, unknown, env, depth + 1);
    }
    return new PartialObject(unknown.reason, members);
  }
  return unknown;
}

/** An element matched already (common). */
const MATCHED: unique symbol = Symbol("matched");

function knownElements(v: Value): { elements: readonly Value[]; prefix: number } | undefined {
  if (Array.isArray(v)) return { elements: v, prefix: v.length };
  return v instanceof PartialArray ? v : undefined;
}

function knownMembers(v: Value): ValueObject | undefined {
  if (isObject(v)) return v;
  return v instanceof PartialObject ? v.members : undefined;
}
