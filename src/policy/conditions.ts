/**
 * The `if` of a policy rule over one resource, three-valued (true, false, unknown): logical operators (`allOf`: false
 * wins over unknown; `anyOf`: true wins over unknown; `not` of unknown is unknown), `field` and `value` conditions
 * (operators.ts) and `count` (count.ts). A `field` alias with `[*]` outside a count holds when the condition holds for
 * every member ("Understanding the [*] alias": an empty array holds; a missing array is an absent field).
 */
import type { Resource } from "../model/resource.js";
import { Unknown, isUnknown, type Value } from "../model/value.js";
import { countCondition } from "./count.js";
import { evaluateValue, toValue, type PolicyFunctions } from "./expressions.js";
import { resolveField, type CountScope, type Field } from "./fields.js";
import { OPERATORS, test } from "./operators.js";
import { PolicyRuleError, type PolicyContext, type PolicyDefinition, type Tri } from "./types.js";

/** A value count's member (`current(name)`), or a field count's (a CountScope). */
export type Scope = ({ readonly kind: "field" } & CountScope) | { readonly kind: "value"; readonly name: string | undefined; readonly value: Value };

export interface Env {
  readonly def: PolicyDefinition;
  readonly resource: Resource;
  readonly ctx: PolicyContext;
  readonly scopes: readonly Scope[];
}

/** The condition or logical operator `cond` in `env`. */
export function evaluateCondition(cond: unknown, env: Env): Tri {
  if (cond === null || typeof cond !== "object" || Array.isArray(cond)) throw new PolicyRuleError(`a condition must be an object, got ${JSON.stringify(cond)}`);
  const members = new Map(Object.entries(cond).map(([k, v]) => [k.toLowerCase(), v] as const));
  if (members.has("allof")) return allOf(list(members.get("allof"), "allOf").map((c) => evaluateCondition(c, env)));
  if (members.has("anyof")) return anyOf(list(members.get("anyof"), "anyOf").map((c) => evaluateCondition(c, env)));
  if (members.has("not")) {
    const r = evaluateCondition(members.get("not"), env);
    return { ...r, t: r.t === undefined ? undefined : !r.t };
  }
  const ops = [...members.keys()].filter((k) => OPERATORS.has(k));
  if (ops.length !== 1) throw new PolicyRuleError(`a condition takes one operator, got ${ops.length === 0 ? "none" : ops.join(", ")}: ${JSON.stringify(cond)}`);
  const op = ops[0]!;
  const right = evaluateValue(members.get(op), functions(env));
  if (members.has("count")) return countCondition(members.get("count"), op, right, env);
  if (members.has("field")) {
    // The field's name may be an expression: "[concat('tags[', parameters('tagName'), ']')]".
    const name = evaluateValue(members.get("field"), functions(env));
    if (isUnknown(name)) return { t: undefined, reason: name.reason };
    if (typeof name !== "string") throw new PolicyRuleError(`'field' takes a string, got ${JSON.stringify(name)}`);
    return fieldCondition(resolveField(name, env.resource, env.ctx, fieldScopes(env)), op, right);
  }
  if (members.has("value")) {
    const left = evaluateValue(members.get("value"), functions(env));
    // An absent value (null) is tested as null: `exists` of a null value is false.
    return decide(test(op, left === null ? undefined : left, right), undefined, left, right);
  }
  throw new PolicyRuleError(`a condition needs 'field', 'value' or 'count': ${JSON.stringify(cond)}`);
}

function list(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new PolicyRuleError(`'${what}' takes an array`);
  return v;
}

export function allOf(parts: readonly Tri[]): Tri {
  const no = parts.find((p) => p.t === false);
  if (no) return no;
  const unsure = parts.find((p) => p.t === undefined);
  if (unsure) return unsure;
  // The last condition that names a value: definitions put what they select on first ("type", a SKU) and the violation last.
  return { t: true, at: parts.findLast((p) => p.at !== undefined)?.at };
}

export function anyOf(parts: readonly Tri[]): Tri {
  const yes = parts.find((p) => p.t === true);
  if (yes) return yes;
  const unsure = parts.find((p) => p.t === undefined);
  if (unsure) return unsure;
  return { t: false };
}

/** A three-valued result, with the reason of the Unknown that left it undecided. */
export function decide(t: boolean | undefined, at: Tri["at"], left: Value | undefined, right: Value): Tri {
  if (t !== undefined) return { t, at };
  const u = isUnknown(left) ? left : isUnknown(right) ? right : undefined;
  return { t, at, reason: u?.reason ?? "the value cannot be compared before deployment" };
}

function fieldCondition(f: Field, op: string, right: Value): Tri {
  if (f.kind === "one") return decide(test(op, f.val.v, right), f.decisive ? f.val.at : undefined, f.val.v, right);
  if (f.absent) return decide(test(op, undefined, right), f.absent.at, undefined, right);
  const parts = f.items.map((item) => decide(test(op, item.v, right), item.at, item.v, right));
  const no = parts.find((p) => p.t === false);
  if (no) return no;
  const unsure = parts.find((p) => p.t === undefined);
  if (unsure) return unsure;
  if (!f.complete) return { t: undefined, at: f.at, reason: f.reason ?? "the array is not known in full" };
  return { t: true, at: f.at };
}

export function fieldScopes(env: Env): CountScope[] {
  return env.scopes.filter((s): s is Scope & { kind: "field" } => s.kind === "field");
}

/** field(), current() and parameters() in `env`. */
export function functions(env: Env): PolicyFunctions {
  return {
    field(name) {
      // In an existenceCondition, field() names the resource the `if` matched (PolicyContext.subject), outside any count.
      const subject = env.ctx.subject;
      const f = subject ? resolveField(name, subject, env.ctx, []) : resolveField(name, env.resource, env.ctx, fieldScopes(env));
      if (f.kind === "one") return f.val.v ?? null;
      if (f.absent) return null;
      if (!f.complete) return new Unknown(f.reason ?? "the array is not known in full");
      return f.items.map((i) => i.v ?? null);
    },
    current(name) {
      const lower = name?.toLowerCase();
      for (let i = env.scopes.length - 1; i >= 0; i--) {
        const s = env.scopes[i]!;
        if (s.kind === "value" && (lower === undefined || s.name === lower)) return s.value;
        if (s.kind === "field" && (lower === undefined || lower === s.alias || lower.startsWith(`${s.alias}.`) || lower.startsWith(`${s.alias}[`))) {
          const f = resolveField(lower ?? s.alias, env.resource, env.ctx, fieldScopes(env));
          return f.kind === "one" ? (f.val.v ?? null) : new Unknown("current() of an array alias below the count's");
        }
      }
      throw new PolicyRuleError(`current(${name === undefined ? "" : `'${name}'`}) outside a count that names it`);
    },
    parameter(name) {
      return parameterValue(env.def, env.ctx, name);
    },
  };
}

/** The assignment's value of a parameter, else its default, else Unknown (names compare case-insensitively). */
export function parameterValue(def: PolicyDefinition, ctx: PolicyContext, name: string): Value {
  const lower = name.toLowerCase();
  for (const [k, v] of ctx.parameters) if (k.toLowerCase() === lower) return toValue(v);
  for (const [k, p] of Object.entries(def.parameters ?? {})) if (k.toLowerCase() === lower && p.defaultValue !== undefined) return toValue(p.defaultValue);
  return new Unknown(`parameter '${name}' has no value`);
}
