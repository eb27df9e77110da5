/**
 * Terraform's string, number, conversion and encoding functions (functions.ts dispatches to them). All are strict:
 * an unknown argument makes the call unknown before they run.
 */
import { isObject, Unknown, type Value } from "../../../model/value.js";
import type { FunctionDef, TfFunction } from "./functions.js";
import { asBool, asList, asNumber, asString, fail, firstUnknown, MAX_EVAL_DEPTH, numberToString, objectFrom, sortedKeys, typeName, unknown, LimitUnknown } from "./values.js";

const a0 = (args: readonly Value[]): Value => args[0] ?? null;
const a1 = (args: readonly Value[]): Value => args[1] ?? null;

/** `f` applied to the string arguments, or the first conversion error. */
function strs(name: string, f: (...s: string[]) => Value): TfFunction {
  return (args) => {
    const ss = args.map((a) => asString(a, `${name}()`));
    return firstUnknown(ss) ?? f(...(ss as string[]));
  };
}

function num(name: string, f: (n: number) => Value): TfFunction {
  return (args) => {
    const n = asNumber(a0(args), `${name}()`);
    return n instanceof Unknown ? n : f(n);
  };
}

/** jsonencode: object keys sorted; `<`, `>`, `&`, U+2028, U+2029 escaped as Terraform does (Go's encoding/json). */
export function jsonEncode(v: Value, depth = 0): string | Unknown {
  if (depth > MAX_EVAL_DEPTH) return fail("jsonencode(): nested too deeply");
  if (v instanceof Unknown) return v;
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "number") return Number.isFinite(v) ? numberToString(v) : fail("jsonencode(): not a finite number");
  if (typeof v === "string") return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const parts: string[] = [];
  if (Array.isArray(v)) {
    for (const x of v) {
      const s = jsonEncode(x, depth + 1);
      if (s instanceof Unknown) return s;
      parts.push(s);
    }
    return `[${parts.join(",")}]`;
  }
  if (!isObject(v)) return fail("jsonencode(): a function value");
  for (const k of sortedKeys(v)) {
    const s = jsonEncode(v[k] ?? null, depth + 1);
    if (s instanceof Unknown) return s;
    parts.push(`${jsonEncode(k) as string}:${s}`);
  }
  return `{${parts.join(",")}}`;
}

/** JSON data as a Value; deeper than MAX_EVAL_DEPTH is a RangeError (caught below as a limit). */
function fromJson(x: unknown, depth: number): Value {
  if (depth > MAX_EVAL_DEPTH) throw new RangeError("nested too deeply");
  if (Array.isArray(x)) return x.map((y) => fromJson(y, depth + 1));
  if (typeof x === "object" && x !== null) return objectFrom(Object.entries(x).map(([k, v]) => [k, fromJson(v, depth + 1)]));
  return x as Value;
}

function jsonDecode(s: string): Value {
  try {
    return fromJson(JSON.parse(s), 0);
  } catch (e) {
    if (e instanceof RangeError) return new LimitUnknown(`evaluation limit: jsondecode(): ${e.message}`);
    return fail(`jsondecode(): ${(e as Error).message}`);
  }
}

/** format(): the verbs %s %d %f %v %q %t and %%, without widths or flags (those are reported as unsupported). */
function format(args: readonly Value[]): Value {
  const spec = asString(a0(args), "format() spec");
  if (spec instanceof Unknown) return spec;
  let next = 1;
  let out = "";
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c !== "%") {
      out += c;
      continue;
    }
    const verb = spec[++i];
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (next >= args.length) return fail(`format(): not enough arguments for ${JSON.stringify(spec)}`);
    const v = args[next++] ?? null;
    let s: string | Unknown;
    if (verb === "s") s = v === null ? fail("format(): %s of null") : asString(v, "format() %s");
    else if (verb === "d") {
      const n = asNumber(v, "format() %d");
      s = n instanceof Unknown ? n : Number.isInteger(n) ? numberToString(n) : fail(`format(): %d of a fractional number ${n}`);
    } else if (verb === "f") {
      const n = asNumber(v, "format() %f");
      s = n instanceof Unknown ? n : n.toFixed(6);
    } else if (verb === "t") {
      const b = asBool(v, "format() %t");
      s = b instanceof Unknown ? b : String(b);
    } else if (verb === "q") {
      const str = asString(v, "format() %q");
      s = str instanceof Unknown ? str : JSON.stringify(str);
    } else if (verb === "v") s = typeof v === "string" ? v : jsonEncode(v);
    else return fail(`format(): unsupported verb %${verb ?? ""} (widths and flags are not evaluated)`);
    if (s instanceof Unknown) return s;
    out += s;
  }
  return next < args.length ? fail("format(): too many arguments") : out;
}

function join(args: readonly Value[]): Value {
  const sep = asString(a0(args), "join() separator");
  if (sep instanceof Unknown) return sep;
  const items: string[] = [];
  for (const l of args.slice(1)) {
    const list = asList(l, "join()");
    if (list instanceof Unknown) return list;
    for (const x of list) {
      const s = x === null ? fail("join(): null element") : asString(x, "join() element");
      if (s instanceof Unknown) return s;
      items.push(s);
    }
  }
  return items.join(sep);
}

/** replace(): a `/regex/` search is a regular expression (RE2 in Terraform, JavaScript's here: `(?P<n>` and `${n}` translated), else plain text. */
function replace(str: string, search: string, rep: string): Value {
  if (search.length >= 2 && search.startsWith("/") && search.endsWith("/")) {
    try {
      return str.replace(new RegExp(search.slice(1, -1).replace(/\(\?P</g, "(?<"), "gu"), rep.replace(/\$\{(\d+)\}/g, "$$$1").replace(/\$\{([A-Za-z_]\w*)\}/g, "$$<$1>"));
    } catch (e) {
      // RE2 (Terraform's) and JavaScript differ: what JavaScript cannot compile may still be valid in Terraform
      return unknown(`replace(): regular expression not evaluated: ${(e as Error).message}`);
    }
  }
  return search === "" ? str : str.split(search).join(rep);
}

function substr(args: readonly Value[]): Value {
  const s = asString(a0(args), "substr()");
  const o = asNumber(a1(args), "substr() offset");
  const l = asNumber(args[2] ?? null, "substr() length");
  const u = firstUnknown([s, o, l]);
  if (u) return u;
  const chars = Array.from(s as string);
  let off = o as number;
  const len = l as number;
  if (off < 0) off = chars.length + off;
  if (off < 0 || off > chars.length) return fail("substr(): offset out of range");
  return chars.slice(off, len < 0 ? undefined : off + len).join("");
}

function trimSet(s: string, cut: string): string {
  const set = new Set(Array.from(cut));
  const cs = Array.from(s);
  let a = 0;
  let b = cs.length;
  while (a < b && set.has(cs[a] as string)) a++;
  while (b > a && set.has(cs[b - 1] as string)) b--;
  return cs.slice(a, b).join("");
}

function base64decode(s: string): Value {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return fail("base64decode(): not valid base64");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(s, "base64"));
  } catch {
    return fail("base64decode(): the decoded bytes are not UTF-8");
  }
}

function conv(f: (v: Value) => Value): TfFunction {
  return (args) => (a0(args) === null ? null : f(a0(args)));
}

function def(fn: TfFunction, min: number, max = min): FunctionDef {
  return { fn, min, max };
}

export const STRING_FUNCTIONS: readonly (readonly [string, FunctionDef])[] = [
  [
    "tostring",
    def(
      conv((v) => (Array.isArray(v) || isObject(v) ? fail(`tostring(): cannot convert a ${typeName(v)}`) : asString(v, "tostring()"))),
      1,
    ),
  ],
  [
    "tonumber",
    def(
      conv((v) => asNumber(v, "tonumber()")),
      1,
    ),
  ],
  [
    "tobool",
    def(
      conv((v) => asBool(v, "tobool()")),
      1,
    ),
  ],
  ["jsonencode", def((a) => jsonEncode(a0(a)), 1)],
  ["jsondecode", def(strs("jsondecode", jsonDecode), 1)],
  ["format", def(format, 1, Infinity)],
  ["join", def(join, 2, Infinity)],
  [
    "split",
    def(
      strs("split", (sep, s) => (s === "" ? [""] : (s as string).split(sep as string))),
      2,
    ),
  ],
  [
    "upper",
    def(
      strs("upper", (s) => s.toUpperCase()),
      1,
    ),
  ],
  [
    "lower",
    def(
      strs("lower", (s) => s.toLowerCase()),
      1,
    ),
  ],
  [
    "replace",
    def(
      strs("replace", (s, f, r) => replace(s, f as string, r as string)),
      3,
    ),
  ],
  ["substr", def(substr, 3)],
  [
    "startswith",
    def(
      strs("startswith", (s, p) => s.startsWith(p as string)),
      2,
    ),
  ],
  [
    "endswith",
    def(
      strs("endswith", (s, p) => s.endsWith(p as string)),
      2,
    ),
  ],
  [
    // Terraform 1.5 and later.
    "strcontains",
    def(
      strs("strcontains", (s, p) => s.includes(p as string)),
      2,
    ),
  ],
  [
    "trimspace",
    def(
      strs("trimspace", (s) => s.trim()),
      1,
    ),
  ],
  [
    "trim",
    def(
      strs("trim", (s, c) => trimSet(s, c as string)),
      2,
    ),
  ],
  [
    "trimprefix",
    def(
      strs("trimprefix", (s, p) => (s.startsWith(p as string) ? s.slice((p as string).length) : s)),
      2,
    ),
  ],
  [
    "trimsuffix",
    def(
      strs("trimsuffix", (s, p) => (p !== "" && s.endsWith(p as string) ? s.slice(0, s.length - (p as string).length) : s)),
      2,
    ),
  ],
  ["abs", def(num("abs", Math.abs), 1)],
  ["ceil", def(num("ceil", Math.ceil), 1)],
  ["floor", def(num("floor", Math.floor), 1)],
  [
    "base64encode",
    def(
      strs("base64encode", (s) => Buffer.from(s, "utf8").toString("base64")),
      1,
    ),
  ],
  ["base64decode", def(strs("base64decode", base64decode), 1)],
];
