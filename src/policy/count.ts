/**
 * `count` (learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule, "Count"): a field
 * count counts the members of an alias with `[*]` for which `where` holds (every member without `where`); a value
 * count the elements of an array (`name` is what current() calls the element). Members that are not known, or whose
 * `where` is unknown, make the count a range: the condition is decided when every count in it gives the same answer.
 */
import { PartialArray, isUnknown, type Value } from "../model/value.js";
import { evaluateCondition, functions, fieldScopes, type Env } from "./conditions.js";
import { evaluateValue } from "./expressions.js";
import { aliasPath, resolveField } from "./fields.js";
import { test } from "./operators.js";
import { PolicyRuleError, type Tri } from "./types.js";
import type { Prop } from "../model/prop.js";

interface Range {
  readonly min: number;
  readonly max: number;
  readonly reason?: string;
  /** The first member counted for sure (a field count's): where "more than allowed" points. */
  readonly first?: number;
}

export function countCondition(spec: unknown, op: string, right: Value, env: Env): Tri {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) throw new PolicyRuleError("'count' takes an object");
  const m = new Map(Object.entries(spec).map(([k, v]) => [k.toLowerCase(), v] as const));
  const where = m.get("where");
  let range: Range;
  let at: Prop | undefined;
  let member: ((i: number) => Prop | undefined) | undefined;
  if (m.has("field")) {
    const name = m.get("field");
    if (typeof name !== "string" || !name.includes("[*]")) throw new PolicyRuleError(`a field count takes an alias with [*], got ${JSON.stringify(name)}`);
    const f = resolveField(name, env.resource, env.ctx, fieldScopes(env));
    if (f.kind !== "each") throw new PolicyRuleError(`a field count takes an alias with [*], got '${name}'`);
    at = f.absent?.at ?? f.at;
    member = (i) => f.items[i]?.at;
    const alias = name.toLowerCase();
    const path = aliasPath(name, env.ctx);
    range = tally(
      f.items.map((item) => (where === undefined ? true : evaluateCondition(where, { ...env, scopes: [...env.scopes, { kind: "field", alias, path, item: item.at! }] }))),
      f.complete,
      f.reason,
    );
  } else if (m.has("value")) {
    const arr = evaluateValue(m.get("value"), functions(env));
    const rawName = m.get("name");
    const name = typeof rawName === "string" ? rawName.toLowerCase() : undefined;
    const elements: readonly Value[] | undefined = Array.isArray(arr) ? arr : arr instanceof PartialArray ? arr.elements : undefined;
    if (elements === undefined) {
      if (!isUnknown(arr)) throw new PolicyRuleError(`a value count takes an array, got ${JSON.stringify(arr)}`);
      range = { min: 0, max: Number.POSITIVE_INFINITY, reason: arr.reason };
    } else {
      range = tally(
        elements.map((value) => (where === undefined ? true : evaluateCondition(where, { ...env, scopes: [...env.scopes, { kind: "value", name, value }] }))),
        Array.isArray(arr),
        isUnknown(arr) ? arr.reason : undefined,
      );
    }
  } else throw new PolicyRuleError("'count' takes 'field' or 'value'");
  const r = compareRange(range, op, right, at);
  // "More than allowed" (greater, greaterOrEquals) holds because of the members counted: the first is the value to
  // edit (an offending element, as the built-in rules place it), not the whole array.
  if (r.t === true && member !== undefined && range.first !== undefined && (op === "greater" || op === "greaterorequals")) return { ...r, at: member(range.first) ?? r.at };
  return r;
}

function tally(parts: readonly (true | Tri)[], complete: boolean, reason: string | undefined): Range {
  let min = 0;
  let unsure = 0;
  let first: number | undefined;
  let why = complete ? undefined : (reason ?? "the array is not known in full");
  for (const [i, p] of parts.entries()) {
    const t = p === true ? true : p.t;
    if (t === true) {
      min++;
      first ??= i;
    } else if (t === undefined) {
      unsure++;
      why ??= p === true ? undefined : p.reason;
    }
  }
  return { min, max: complete ? min + unsure : Number.POSITIVE_INFINITY, reason: why, first };
}

/** The condition on a count in [min, max]: decided when the ends agree (the ordered operators), or when the count is exact. */
function compareRange(r: Range, op: string, right: Value, at: Prop | undefined): Tri {
  const unsure = (): Tri => ({ t: undefined, at, reason: r.reason ?? "the count is not known" });
  if (isUnknown(right)) return { t: undefined, at, reason: right.reason };
  if (r.min === r.max) return { t: test(op, r.min, right), at };
  if (op === "less" || op === "lessorequals" || op === "greater" || op === "greaterorequals") {
    const lo = test(op, r.min, right);
    const hi = test(op, r.max, right);
    return lo !== undefined && lo === hi ? { t: lo, at } : unsure();
  }
  if (op === "equals" || op === "notequals") {
    const n = typeof right === "number" ? right : typeof right === "string" && /^\d+$/.test(right) ? Number(right) : undefined;
    if (n !== undefined && (n < r.min || n > r.max)) return { t: op === "notequals", at };
  }
  return unsure();
}
