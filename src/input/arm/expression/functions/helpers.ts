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

/**
 * json() and base64ToJson(): the text parsed as ARM parses it (Newtonsoft.Json), which is more lenient than JSON:
 * `//` and `/* *\/` comments, trailing commas, single-quoted strings and unquoted member names are accepted (the
 * base64ToJson example of the string functions reference decodes `{'one': 'a', 'two': 'b'}`). What it makes is
 * charged to the budget as it is made, and nesting stops at the depth documents may have.
 */
export function parseJson(text: string, a: { o: number; name: string }, env: Env): Value {
  const p = { s: text, i: 0, budget: env.b };
  let v: Value;
  try {
    v = jsonValue(p, 0);
    skipBlank(p);
    if (p.i < p.s.length) throw new SyntaxError(`unexpected '${p.s[p.i]}' after the value`);
  } catch (e) {
    if (e instanceof SyntaxError) throw err(a, `argument is not valid JSON (${e.message} at character ${p.i})`);
    throw e;
  }
  return v;
}

interface JsonCursor {
  readonly s: string;
  i: number;
  readonly budget: Budget;
}

/** Whitespace and comments between tokens. */
function skipBlank(p: JsonCursor): void {
  for (;;) {
    const c = p.s[p.i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\uFEFF") p.i++;
    else if (c === "/" && p.s[p.i + 1] === "/") {
      const end = p.s.indexOf("\n", p.i);
      p.i = end < 0 ? p.s.length : end + 1;
    } else if (c === "/" && p.s[p.i + 1] === "*") {
      const end = p.s.indexOf("*/", p.i + 2);
      if (end < 0) throw new SyntaxError("unterminated comment");
      p.i = end + 2;
    } else return;
  }
}

function jsonValue(p: JsonCursor, depth: number): Value {
  if (depth > MAX_VALUE_DEPTH) throw new BudgetExceeded(`too complex: a value nested deeper than ${MAX_VALUE_DEPTH} levels`);
  skipBlank(p);
  const c = p.s[p.i];
  if (c === "{") return jsonObject(p, depth);
  if (c === "[") return jsonArray(p, depth);
  if (c === '"' || c === "'") return jsonString(p);
  const m = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(p.s.slice(p.i, p.i + 400));
  if (m) {
    p.i += m[0].length;
    return Number(m[0]);
  }
  for (const [word, v] of [
    ["true", true],
    ["false", false],
    ["null", null],
  ] as const) {
    if (p.s.startsWith(word, p.i)) {
      p.i += word.length;
      return v;
    }
  }
  throw new SyntaxError(c === undefined ? "unexpected end" : `unexpected '${c}'`);
}

function jsonArray(p: JsonCursor, depth: number): Value[] {
  p.i++;
  const out: Value[] = [];
  for (;;) {
    skipBlank(p);
    if (p.s[p.i] === "]") {
      p.i++;
      return out;
    }
    p.budget.array(out.length + 1);
    out.push(jsonValue(p, depth + 1));
    skipBlank(p);
    if (p.s[p.i] === ",") p.i++;
    else if (p.s[p.i] !== "]") throw new SyntaxError("',' or ']' expected");
  }
}

function jsonObject(p: JsonCursor, depth: number): ValueObject {
  p.i++;
  const o = newObject();
  for (;;) {
    skipBlank(p);
    const c = p.s[p.i];
    if (c === "}") {
      p.i++;
      return o;
    }
    let key: string;
    if (c === '"' || c === "'") key = jsonString(p);
    else {
      // An unquoted member name, as Newtonsoft reads one: up to the colon or blank.
      const m = /^[^\s:,{}[\]"'/]+/.exec(p.s.slice(p.i, p.i + 10_000));
      if (!m) throw new SyntaxError("member name expected");
      key = m[0];
      p.i += key.length;
    }
    skipBlank(p);
    if (p.s[p.i] !== ":") throw new SyntaxError("':' expected");
    p.i++;
    p.budget.made(1);
    // A repeated member replaces the earlier one (Newtonsoft's default).
    o[key] = jsonValue(p, depth + 1);
    skipBlank(p);
    if (p.s[p.i] === ",") p.i++;
    else if (p.s[p.i] !== "}") throw new SyntaxError("',' or '}' expected");
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "'": "'", "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

function jsonString(p: JsonCursor): string {
  const quote = p.s[p.i]!;
  let out = "";
  let from = ++p.i;
  for (;;) {
    const c = p.s[p.i];
    if (c === undefined) throw new SyntaxError("unterminated string");
    if (c === quote) {
      out += p.s.slice(from, p.i++);
      p.budget.chars(out.length);
      return out;
    }
    if (c === "\\") {
      out += p.s.slice(from, p.i);
      const e = p.s[p.i + 1] ?? "";
      if (e === "u") {
        const hex = p.s.slice(p.i + 2, p.i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxError("bad \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        p.i += 6;
      } else {
        const r = ESCAPES[e];
        if (r === undefined) throw new SyntaxError(`bad escape '\\${e}'`);
        out += r;
        p.i += 2;
      }
      from = p.i;
    } else p.i++;
  }
}
