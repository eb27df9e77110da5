/**
 * The condition operators of Azure Policy (learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule,
 * "Conditions") on one value: `left` is the field or value (undefined when absent), `right` the operand. Three-valued:
 * undefined when an Unknown decides. String comparisons ignore case except `match`/`notMatch`; `like` takes one `*`
 * wildcard anywhere; `match` takes `#` (a digit), `?` (a letter), `.` (any character). An absent field fails every
 * positive condition (equals, like, contains, in, containsKey ...) and so passes its negation; `less`/`greater`
 * on values that do not compare (an absent field, a number and a string) are an evaluation error in Azure: unknown here.
 */
import { PartialArray, PartialObject, Unknown, isObject, isUnknown, type Value } from "../model/value.js";
import { PolicyRuleError } from "./types.js";

export const OPERATORS: ReadonlySet<string> = new Set([
  "equals",
  "notequals",
  "like",
  "notlike",
  "match",
  "matchinsensitively",
  "notmatch",
  "notmatchinsensitively",
  "contains",
  "notcontains",
  "in",
  "notin",
  "containskey",
  "notcontainskey",
  "less",
  "lessorequals",
  "greater",
  "greaterorequals",
  "exists",
]);

const NEGATED: Readonly<Record<string, string>> = {
  notequals: "equals",
  notlike: "like",
  notmatch: "match",
  notmatchinsensitively: "matchinsensitively",
  notcontains: "contains",
  notin: "in",
  notcontainskey: "containskey",
};

/** `op` (lower-cased) of `left` and `right`: true, false, or undefined when it cannot be decided. */
export function test(op: string, left: Value | undefined, right: Value): boolean | undefined {
  const positive = NEGATED[op];
  if (positive !== undefined) {
    const r = test(positive, left, right);
    return r === undefined ? undefined : !r;
  }
  if (op === "exists") {
    const want = asBool(right);
    if (want === undefined) return isUnknown(right) ? undefined : fail(`exists takes true or false, got ${JSON.stringify(right)}`);
    if (left === undefined) return !want;
    if (isUnknown(left) && !(left instanceof PartialArray || left instanceof PartialObject)) return undefined; // an unknown value may be null
    return want;
  }
  if (left === undefined || left === null) {
    if (isUnknown(right)) return undefined;
    return ORDERED.has(op) ? undefined : false;
  }
  switch (op) {
    case "equals":
      return equal(left, right);
    case "like":
      return stringOp(left, right, (s, p) => like(s, p));
    case "match":
      return stringOp(left, right, (s, p) => matchPattern(s, p, false));
    case "matchinsensitively":
      return stringOp(left, right, (s, p) => matchPattern(s, p, true));
    case "contains":
      return contains(left, right);
    case "in":
      return inList(left, right);
    case "containskey":
      return containsKey(left, right);
    case "less":
    case "lessorequals":
    case "greater":
    case "greaterorequals": {
      const c = compare(left, right);
      if (c === undefined) return undefined;
      return op === "less" ? c < 0 : op === "lessorequals" ? c <= 0 : op === "greater" ? c > 0 : c >= 0;
    }
    default:
      return fail(`unknown condition '${op}'`);
  }
}

const ORDERED: ReadonlySet<string> = new Set(["less", "lessorequals", "greater", "greaterorequals"]);

function fail(message: string): never {
  throw new PolicyRuleError(message);
}

function asBool(v: Value): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  return undefined;
}

/** Whether a value holds an Unknown anywhere (a comparison of it is unknown). */
function hasUnknown(v: Value): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (isObject(v)) return Object.values(v).some(hasUnknown);
  return false;
}

/**
 * Azure Policy's equality: strings ignore case; a string and a number or boolean compare as text ("true" equals
 * true, "0" equals 0: the built-in diagnostic settings definitions rely on it); arrays and objects member by member.
 */
export function equal(a: Value, b: Value): boolean | undefined {
  if (isUnknown(a) || isUnknown(b)) return undefined;
  if (typeof a === "string" || typeof b === "string") {
    if (!isScalar(a) || !isScalar(b) || a === null || b === null) return hasUnknown(a) || hasUnknown(b) ? undefined : false;
    return String(a).toLowerCase() === String(b).toLowerCase();
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    return all(a.map((x, i) => equal(x, b[i]!)));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = new Map(Object.keys(b).map((k) => [k.toLowerCase(), k]));
    if (ka.length !== kb.size) return false;
    const parts: (boolean | undefined)[] = [];
    for (const k of ka) {
      const other = kb.get(k.toLowerCase());
      if (other === undefined) return false;
      parts.push(equal(a[k]!, b[other]!));
    }
    return all(parts);
  }
  if (hasUnknown(a) || hasUnknown(b)) return undefined;
  return a === b;
}

function isScalar(v: Value): v is string | number | boolean | null {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/** AND of three-valued parts: false wins over unknown. */
function all(parts: readonly (boolean | undefined)[]): boolean | undefined {
  if (parts.includes(false)) return false;
  return parts.includes(undefined) ? undefined : true;
}

function stringOp(left: Value, right: Value, f: (s: string, p: string) => boolean): boolean | undefined {
  if (isUnknown(left) || isUnknown(right)) return undefined;
  if (typeof right !== "string") return fail(`a pattern must be a string, got ${JSON.stringify(right)}`);
  if (typeof left !== "string") return false;
  return f(left, right);
}

/** `like`: `*` stands for any run of characters; case-insensitive. */
export function like(s: string, pattern: string): boolean {
  const re = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[\\s\\S]*");
  return new RegExp(`^${re}$`, "i").test(s);
}

/** `match`: `#` a digit, `?` a letter, `.` any character, anything else itself; the whole string. */
export function matchPattern(s: string, pattern: string, insensitive: boolean): boolean {
  if (s.length !== pattern.length) return false;
  for (let i = 0; i < s.length; i++) {
    const p = pattern[i]!;
    const c = s[i]!;
    if (p === "#") {
      if (!/[0-9]/.test(c)) return false;
    } else if (p === "?") {
      if (!/\p{L}/u.test(c)) return false;
    } else if (p !== ".") {
      if (insensitive ? p.toLowerCase() !== c.toLowerCase() : p !== c) return false;
    }
  }
  return true;
}

/** `contains`: a substring of a string (ignoring case), or an element of an array. */
function contains(left: Value, right: Value): boolean | undefined {
  if (isUnknown(right)) return undefined;
  if (left instanceof PartialArray) return left.elements.some((e) => equal(e, right) === true) ? true : undefined;
  if (isUnknown(left)) return undefined;
  if (typeof left === "string") {
    if (typeof right !== "string") return isScalar(right) ? left.toLowerCase().includes(String(right).toLowerCase()) : false;
    return left.toLowerCase().includes(right.toLowerCase());
  }
  if (Array.isArray(left)) return any(left.map((e) => equal(e, right)));
  return false;
}

/** OR of three-valued parts: true wins over unknown. */
function any(parts: readonly (boolean | undefined)[]): boolean | undefined {
  if (parts.includes(true)) return true;
  return parts.includes(undefined) ? undefined : false;
}

function inList(left: Value, right: Value): boolean | undefined {
  if (right instanceof PartialArray) {
    if (isUnknown(left)) return undefined;
    return right.elements.some((e) => equal(left, e) === true) ? true : undefined;
  }
  if (isUnknown(right) || isUnknown(left)) return undefined;
  if (!Array.isArray(right)) return fail(`'in' takes an array, got ${JSON.stringify(right)}`);
  return any(right.map((e) => equal(left, e)));
}

function containsKey(left: Value, right: Value): boolean | undefined {
  if (isUnknown(right)) return undefined;
  if (typeof right !== "string") return fail(`'containsKey' takes a string, got ${JSON.stringify(right)}`);
  if (left instanceof PartialObject) return left.member(right) !== undefined ? true : undefined;
  if (isUnknown(left)) return undefined;
  if (!isObject(left)) return false;
  const k = right.toLowerCase();
  return Object.keys(left).some((x) => x.toLowerCase() === k);
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([Tt ][\d:.]+([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The order of two values for less/greater: numbers as numbers, two dates (ISO 8601) as instants, other strings
 * ignoring case (ordinal); undefined for anything that does not compare (Azure raises an error: unknown here).
 */
export function compare(a: Value, b: Value): number | undefined {
  if (isUnknown(a) || isUnknown(b)) return undefined;
  if (typeof a === "number" && typeof b === "number") return a - b;
  // A count compared with "1" (definitions write numbers as strings too).
  if (typeof a === "number" && typeof b === "string" && NUMERIC.test(b)) return a - Number(b);
  if (typeof a === "string" && typeof b === "number" && NUMERIC.test(a)) return Number(a) - b;
  if (typeof a === "string" && typeof b === "string") {
    if (ISO_DATE.test(a) && ISO_DATE.test(b)) {
      const da = Date.parse(a);
      const db = Date.parse(b);
      if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db;
    }
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    return la < lb ? -1 : la > lb ? 1 : 0;
  }
  return undefined;
}

/** An Unknown for a reason (exported for the modules that make one). */
export function unknown(reason: string): Unknown {
  return new Unknown(reason);
}
