/**
 * The ARM template expression language: tokenizer, parser and evaluator with the function library.
 *
 * Unknown semantics (never a false positive): a function whose result depends on an Unknown argument returns
 * Unknown, except where the result is still determined: if() with an unknown condition and equal branches,
 * and(false, ?) = false, or(true, ?) = true, coalesce() stopping at the first known non-null value,
 * contains() finding a known match, length() of an array with unknown elements. Property and index access
 * return the same object reference (no cloning), so value provenance survives.
 */
import { Budget, BudgetExceeded, MAX_VALUE_DEPTH, isTooComplex } from "../budget.js";
import { Unknown, getProp, isLambda, isObject, isUnknown, newObject, type LambdaValue, type Value, type ValueObject } from "../../model/value.js";

export class ExprError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length?: number,
  ) {
    super(message);
  }
}

/** The work budget (budget.ts) ran out, or a value went over its size limit, while evaluating at `offset`. */
export class TooComplexError extends ExprError {
  readonly tooComplex = true;
}

export interface ExprContext {
  parameter(name: string): Value;
  variable(name: string): Value;
  copyIndex(loopName: string | undefined): number | Unknown;
  userFunction(namespace: string, name: string): { params: string[]; output: (args: Value[]) => Value } | undefined;
  resourceGroup(): Value;
  subscription(): Value;
  deployment(): Value;
  environment(): Value;
  tenant(): Value;
  managementGroup(): Value;
  limits?: { maxDepth?: number; maxArrayLength?: number; maxStringLength?: number };
  /** The file's work budget; without one, each expression gets its own default budget. */
  budget?: Budget;
}

export type Ast =
  | { k: "str"; v: string; o: number }
  | { k: "num"; v: number; o: number }
  | { k: "call"; ns?: string; name: string; args: Ast[]; o: number; len: number }
  | { k: "prop"; target: Ast; name: string; safe: boolean; o: number }
  | { k: "index"; target: Ast; index: Ast; safe: boolean; o: number };

export function isExpression(s: string): boolean {
  return s.length >= 2 && s.charCodeAt(0) === 91 && s.charCodeAt(s.length - 1) === 93 && s.charCodeAt(1) !== 91;
}

export function unescapeLiteral(s: string): string {
  return s.startsWith("[[") && s.endsWith("]") ? s.slice(1) : s;
}

// ---------------------------------------------------------------- lexer + parser

type Tok = { t: "(" | ")" | "," | "." | "[" | "]" | "?" | "str" | "num" | "id" | "eof"; v?: string; n?: number; o: number };

function lex(s: string, start: number, end: number): Tok[] {
  const toks: Tok[] = [];
  let i = start;
  while (i < end) {
    const c = s[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if ("(),.[]?".includes(c)) {
      toks.push({ t: c as Tok["t"], o: i });
      i++;
    } else if (c === "'") {
      const o = i;
      let v = "";
      i++;
      for (;;) {
        if (i >= end) throw new ExprError("unterminated string literal", o);
        const d = s[i]!;
        if (d === "'") {
          if (s[i + 1] === "'" && i + 1 < end) {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += d;
        i++;
      }
      toks.push({ t: "str", v, o });
    } else if ((c >= "0" && c <= "9") || (c === "-" && s[i + 1]! >= "0" && s[i + 1]! <= "9")) {
      const o = i;
      i++;
      while (i < end && ((s[i]! >= "0" && s[i]! <= "9") || s[i] === ".")) i++;
      const text = s.slice(o, i);
      const n = Number(text);
      if (!Number.isFinite(n)) throw new ExprError(`invalid number '${text}'`, o);
      toks.push({ t: "num", n, o });
    } else if (/[A-Za-z_$]/.test(c)) {
      const o = i;
      while (i < end && /[A-Za-z0-9_$]/.test(s[i]!)) i++;
      toks.push({ t: "id", v: s.slice(o, i), o });
    } else {
      throw new ExprError(`unexpected character '${c}'`, i);
    }
  }
  toks.push({ t: "eof", o: end });
  return toks;
}

const DEFAULT_MAX_DEPTH = 1000;

class Parser {
  private p = 0;
  private depth = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly maxDepth: number,
  ) {}
  private peek(): Tok {
    return this.toks[this.p]!;
  }
  private next(): Tok {
    return this.toks[this.p++]!;
  }
  private expect(t: Tok["t"]): Tok {
    const tok = this.next();
    if (tok.t !== t) throw new ExprError(tok.t === "eof" ? `'${t}' expected at end of expression` : `'${t}' expected`, tok.o);
    return tok;
  }
  parseAll(): Ast {
    const e = this.expr();
    const t = this.peek();
    if (t.t !== "eof") throw new ExprError("unexpected token after expression", t.o);
    return e;
  }
  expr(): Ast {
    if (++this.depth > this.maxDepth) throw new ExprError(`expression nested deeper than ${this.maxDepth} levels`, this.peek().o);
    try {
      let e = this.primary();
      for (;;) {
        const t = this.peek();
        if (t.t === "?" && (this.toks[this.p + 1]?.t === "." || this.toks[this.p + 1]?.t === "[")) {
          this.next();
          e = this.postfix(e, true);
        } else if (t.t === "." || t.t === "[") e = this.postfix(e, false);
        else return e;
      }
    } finally {
      this.depth--;
    }
  }
  private postfix(target: Ast, safe: boolean): Ast {
    const t = this.next();
    if (t.t === ".") {
      const id = this.next();
      if (id.t !== "id") throw new ExprError("property name expected after '.'", id.o);
      return { k: "prop", target, name: id.v!, safe, o: t.o };
    }
    const index = this.expr();
    this.expect("]");
    return { k: "index", target, index, safe, o: t.o };
  }
  private primary(): Ast {
    const t = this.next();
    if (t.t === "str") return { k: "str", v: t.v!, o: t.o };
    if (t.t === "num") return { k: "num", v: t.n!, o: t.o };
    if (t.t === "id") {
      let ns: string | undefined;
      let name = t.v!;
      if (this.peek().t === "." && this.toks[this.p + 1]?.t === "id" && this.toks[this.p + 2]?.t === "(") {
        this.next();
        ns = name;
        name = this.next().v!;
      }
      if (this.peek().t !== "(") throw new ExprError(`'(' expected after function name '${name}'`, this.peek().o);
      this.next();
      const args: Ast[] = [];
      if (this.peek().t !== ")") {
        for (;;) {
          args.push(this.expr());
          if (this.peek().t === ",") {
            this.next();
            continue;
          }
          break;
        }
      }
      const close = this.expect(")");
      return { k: "call", ns, name, args, o: t.o, len: close.o + 1 - t.o };
    }
    throw new ExprError(t.t === "eof" ? "unexpected end of expression" : `unexpected '${t.t}'`, t.o);
  }
}

const astCache = new Map<string, Ast>();
const AST_CACHE_MAX = 20_000;

/** Parses "[...]" (brackets included); offsets are into `s`. */
export function parseExpression(s: string, maxDepth = DEFAULT_MAX_DEPTH): Ast {
  if (!isExpression(s)) throw new ExprError("an expression starts with '[' and ends with ']'", 0);
  const cached = astCache.get(s);
  if (cached) return cached;
  const ast = new Parser(lex(s, 1, s.length - 1), maxDepth).parseAll();
  if (astCache.size >= AST_CACHE_MAX) astCache.clear();
  astCache.set(s, ast);
  return ast;
}

export function referencedNames(ast: Ast): { parameters: string[]; variables: string[] } {
  const out = { parameters: [] as string[], variables: [] as string[] };
  const stack: Ast[] = [ast];
  while (stack.length) {
    const a = stack.pop()!;
    if (a.k === "call") {
      const n = a.name.toLowerCase();
      if (!a.ns && (n === "parameters" || n === "variables") && a.args[0]?.k === "str") (n === "parameters" ? out.parameters : out.variables).push(a.args[0].v);
      for (const x of a.args) stack.push(x); // not push(...): a call can have more arguments than a call may pass
    } else if (a.k === "prop") stack.push(a.target);
    else if (a.k === "index") stack.push(a.target, a.index);
  }
  return out;
}

export function evaluateString(s: string, ctx: ExprContext): Value {
  if (!isExpression(s)) return unescapeLiteral(s);
  return evaluateExpression(parseExpression(s, ctx.limits?.maxDepth ?? DEFAULT_MAX_DEPTH), ctx);
}

// ---------------------------------------------------------------- evaluator

interface Env {
  ctx: ExprContext;
  lambdaVars: Map<string, Value>[];
  depth: number;
  maxDepth: number;
  /** Every function charges what it makes and scans here (budget.ts). */
  b: Budget;
}

export function evaluateExpression(ast: Ast, ctx: ExprContext): Value {
  const env: Env = {
    ctx,
    lambdaVars: [],
    depth: 0,
    maxDepth: ctx.limits?.maxDepth ?? DEFAULT_MAX_DEPTH,
    b: ctx.budget ?? new Budget(ctx.limits),
  };
  return ev(ast, env);
}

function ev(a: Ast, env: Env): Value {
  if (++env.depth > env.maxDepth) throw new ExprError(`expression nested deeper than ${env.maxDepth} levels`, a.o);
  try {
    env.b.step();
    switch (a.k) {
      case "str":
        return a.v;
      case "num":
        return a.v;
      case "prop": {
        const t = ev(a.target, env);
        return access(t, a.name, a.safe, a.o, true, env.b);
      }
      case "index": {
        const t = ev(a.target, env);
        const i = ev(a.index, env);
        if (isUnknown(i)) return isUnknown(t) ? t : new Unknown("index is unknown");
        return access(t, i, a.safe, a.o, false, env.b);
      }
      case "call":
        return call(a, env);
    }
  } catch (e) {
    if (e instanceof ExprError) throw e;
    // Located at the innermost call: the one that ran out of budget or went over a size limit.
    if (e instanceof BudgetExceeded) throw new TooComplexError(e.message, a.o);
    if (e instanceof RangeError) throw new TooComplexError(`too complex to evaluate (${e.message})`, a.o);
    throw e;
  } finally {
    env.depth--;
  }
}

function access(t: Value, key: Value, safe: boolean, o: number, dotted: boolean, budget: Budget): Value {
  if (isUnknown(t)) return t;
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
    const v = lookup(t, k, budget);
    if (v === undefined) {
      if (safe) return null;
      throw new ExprError(`property '${k}' does not exist on the object`, o);
    }
    return v;
  }
  throw new ExprError(`cannot read ${dotted ? `property '${String(key)}'` : "an index"} of a ${typeName(t)}`, o);
}

function typeName(v: Value): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (isUnknown(v)) return "unknown value";
  if (isLambda(v)) return "lambda";
  return typeof v === "object" ? "object" : typeof v === "number" ? "int" : typeof v;
}

/** Deep equality; Unknown when either side contains an Unknown that matters. A step per pair compared. */
function deepEquals(a: Value, b: Value, budget: Budget): boolean | Unknown {
  budget.step();
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    let unknown: Unknown | undefined;
    for (let i = 0; i < a.length; i++) {
      const r = deepEquals(a[i]!, b[i]!, budget);
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
      const other = lookup(b, k, budget);
      if (other === undefined) return false;
      const r = deepEquals(a[k]!, other, budget);
      if (r === false) return false;
      if (isUnknown(r)) unknown = r;
    }
    return unknown ?? true;
  }
  return false;
}

/** Functions evaluated at deployment time whose results cannot be known statically. */
const RUNTIME = new Set([
  "reference",
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

type Fn = (args: Value[], a: Extract<Ast, { k: "call" }>, env: Env) => Value;
interface FnDef {
  min: number;
  max: number;
  /** Called with unevaluated args (if, and, or, coalesce, lambda...). */
  lazy?: (args: Ast[], a: Extract<Ast, { k: "call" }>, env: Env) => Value;
  fn?: Fn;
  /** When false, Unknown args are passed to fn; by default any Unknown argument makes the result Unknown. */
  strictUnknown?: boolean;
}

const INF = Number.POSITIVE_INFINITY;

/** Steps a call of a lambda counts (budget.ts). */
const LAMBDA_CALL_STEPS = 5;

function call(a: Extract<Ast, { k: "call" }>, env: Env): Value {
  if (a.ns) {
    const uf = env.ctx.userFunction(a.ns, a.name);
    if (!uf) throw new ExprError(`unknown function '${a.ns}.${a.name}'`, a.o, a.ns.length + a.name.length + 1);
    const args = a.args.map((x) => ev(x, env));
    if (args.length !== uf.params.length) throw new ExprError(`function '${a.ns}.${a.name}' takes ${uf.params.length} argument(s), got ${args.length}`, a.o);
    return uf.output(args);
  }
  const name = a.name.toLowerCase();
  const def = FUNCTIONS[name];
  if (!def) {
    if (RUNTIME.has(name) || name.startsWith("list")) {
      for (const x of a.args) ev(x, env); // still validate the arguments
      return new Unknown(`${a.name}() is only known at deployment time`);
    }
    throw new ExprError(`unknown function '${a.name}'`, a.o, a.name.length);
  }
  if (a.args.length < def.min || a.args.length > def.max) {
    const want = def.min === def.max ? `${def.min}` : def.max === INF ? `at least ${def.min}` : `${def.min} to ${def.max}`;
    throw new ExprError(`${a.name}() takes ${want} argument(s), got ${a.args.length}`, a.o, a.name.length);
  }
  if (def.lazy) return def.lazy(a.args, a, env);
  const args = a.args.map((x) => ev(x, env));
  if (def.strictUnknown !== false) {
    for (const x of args) if (isUnknown(x)) return x;
  }
  try {
    return def.fn!(args, a, env);
  } catch (e) {
    // The function itself went over the budget or a size limit (not an expression inside it: that is located there).
    if (e instanceof BudgetExceeded) throw new TooComplexError(`${a.name}(): ${e.message}`, a.o, a.name.length);
    throw e;
  }
}

const err = (a: { o: number; name: string }, msg: string) => new ExprError(`${a.name}(): ${msg}`, a.o, a.name.length);

/** A string quoted in a message: at most 40 characters of it. */
function abbreviated(s: string): string {
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** decodeURIComponent, with a located error for a malformed escape (a lone '%', a broken UTF-8 sequence). */
function decodeComponent(s: string, a: { o: number; name: string }): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw err(a, `'${abbreviated(s)}' is not a valid URI component (malformed % escape)`);
  }
}

function str(v: Value, a: { o: number; name: string }, what = "argument"): string {
  if (typeof v !== "string") throw err(a, `${what} must be a string, got ${typeName(v)}`);
  return v;
}
function int(v: Value, a: { o: number; name: string }, what = "argument"): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  throw err(a, `${what} must be an integer, got ${typeName(v)}`);
}
function arr(v: Value, a: { o: number; name: string }, what = "argument"): Value[] {
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

function lambdaOf(v: Value, a: { o: number; name: string }): LambdaValue {
  if (!isLambda(v)) throw err(a, "expects a lambda(...) argument");
  return v;
}

function trunc64(n: number): number {
  return Math.trunc(n);
}

/** A string a function built: over the limit of one string or the file's budget, the evaluation stops. */
function built(s: string, env: Env): string {
  env.b.string(s.length);
  return s;
}

/** A string a function scans without building (a search, a decoding): its length is charged as characters. */
function scanned<T extends string>(s: T, env: Env): T {
  env.b.chars(s.length);
  return s;
}

/** An array a function made: over the limit of one array or the file's budget, the evaluation stops. */
function madeArray<T extends Value[]>(xs: T, env: Env): T {
  env.b.array(xs.length);
  return xs;
}

/** An object a function made, of `members` members. */
function madeObject<T extends ValueObject>(o: T, env: Env): T {
  env.b.made(Object.keys(o).length);
  return o;
}

/** Comparisons of sorting n values (n log2 n). */
function sortSteps(n: number): number {
  return n < 2 ? 0 : Math.ceil(n * Math.log2(n));
}

/** The elements of several arrays in one (not push(...xs): that overflows the stack for long arrays). */
function joinArrays(parts: readonly Value[][], env: Env): Value[] {
  let n = 0;
  for (const p of parts) n += p.length;
  env.b.array(n);
  const out = new Array<Value>(n);
  let i = 0;
  for (const p of parts) for (const x of p) out[i++] = x;
  return out;
}

function emptyOf(v: Value, budget: Budget): boolean {
  if (v === null || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return memberCount(v, budget) === 0;
  return false;
}

/** Members of an object: counting them lists them, a step per member. */
function memberCount(o: ValueObject, budget: Budget): number {
  const n = Object.keys(o).length;
  budget.step(n);
  return n;
}

/** Per object, its keys lower-cased -> the first key spelt so (values are never changed once made). */
const lowerKeys = new WeakMap<ValueObject, Map<string, string>>();

/**
 * getProp (case-insensitive). A key not spelt as written is looked up in the object's lower-cased keys, made on
 * the first such read (a step per member), not by comparing every member on every read: an object of 10,000
 * members read 10,000 times with another spelling was 10^8 comparisons.
 */
function lookup(o: ValueObject, key: string, budget: Budget): Value | undefined {
  if (Object.prototype.hasOwnProperty.call(o, key)) return o[key];
  let keys = lowerKeys.get(o);
  if (!keys) {
    keys = new Map();
    for (const k of Object.keys(o)) if (!keys.has(k.toLowerCase())) keys.set(k.toLowerCase(), k);
    budget.step(keys.size);
    lowerKeys.set(o, keys);
  }
  const k = keys.get(key.toLowerCase());
  return k === undefined ? undefined : o[k];
}

function formatNet(fmt: string, args: Value[], a: { o: number; name: string }, budget: Budget): string | Unknown {
  let out = "";
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c === "{" && fmt[i + 1] === "{") {
      out += "{";
      i++;
    } else if (c === "}" && fmt[i + 1] === "}") {
      out += "}";
      i++;
    } else if (c === "{") {
      const end = fmt.indexOf("}", i);
      if (end < 0) throw err(a, "format string has an unclosed '{'");
      const spec = fmt.slice(i + 1, end);
      const m = /^\s*(\d+)\s*(?:,\s*(-?\d+))?\s*(?::(.*))?$/.exec(spec);
      if (!m) throw err(a, `invalid format item '{${spec}}'`);
      const idx = Number(m[1]);
      if (idx >= args.length) throw err(a, `format item {${idx}} has no argument`);
      const v = args[idx]!;
      if (isUnknown(v)) return v;
      let s: string;
      const f = m[3];
      if (f && typeof v === "number") {
        const fm = /^([DdNnXx])(\d*)$/.exec(f);
        if (fm) {
          const p = fm[2] ? Number(fm[2]) : undefined;
          if (p !== undefined) budget.stringFits(p);
          const kind = fm[1]!.toUpperCase();
          if (kind === "D") s = (v < 0 ? "-" : "") + String(Math.abs(v)).padStart(p ?? 0, "0");
          else if (kind === "X") s = (v >>> 0).toString(16).padStart(p ?? 0, "0")[fm[1] === "X" ? "toUpperCase" : "toLowerCase"]();
          else s = v.toLocaleString("en-US", { minimumFractionDigits: p ?? 2, maximumFractionDigits: p ?? 2 });
        } else if (/^0+$/.test(f)) s = String(v).padStart(f.length, "0");
        else throw err(a, `format specifier '${f}' is not supported`);
      } else {
        const ts = toArmString(v, budget);
        if (isUnknown(ts)) return ts;
        s = ts;
      }
      if (m[2]) {
        const w = Number(m[2]);
        budget.stringFits(Math.abs(w));
        s = w < 0 ? s.padEnd(-w) : s.padStart(w);
      }
      budget.stringFits(out.length + s.length);
      out += s;
      i = end;
    } else out += c;
  }
  return out;
}

function resourceIdBuild(a: Extract<Ast, { k: "call" }>, args: Value[], env: Env, scope: "rg" | "sub" | "tenant" | "ext" | "mg"): Value {
  const id = resourceIdOf(a, args, env, scope);
  return typeof id === "string" ? built(id, env) : id;
}

function resourceIdOf(a: Extract<Ast, { k: "call" }>, args: Value[], env: Env, scope: "rg" | "sub" | "tenant" | "ext" | "mg"): Value {
  for (const x of args) if (isUnknown(x)) return x;
  const s = args.map((x) => str(x, a));
  if (scope === "ext") {
    const [base, type, ...names] = s;
    return `${base}/providers/${type}/${names.join("/")}`;
  }
  // Optional leading subscriptionId/resourceGroup: the type is the first arg containing '/'.
  const ti = s.findIndex((x) => x.includes("/") && /^[A-Za-z0-9.]+\/[A-Za-z0-9]/.test(x));
  if (ti < 0) throw err(a, "resource type expected (namespace/type)");
  const prefix = s.slice(0, ti);
  const type = s[ti]!;
  const names = s.slice(ti + 1);
  const segs = type.split("/");
  if (names.length !== segs.length - 1) throw err(a, `${type} needs ${segs.length - 1} name segment(s), got ${names.length}`);
  let tail = `providers/${segs[0]}`;
  for (let i = 1; i < segs.length; i++) tail += `/${segs[i]}/${names[i - 1]}`;
  if (scope === "tenant") return `/${tail}`;
  if (scope === "mg") {
    const mg = prefix[0];
    return mg ? `/providers/Microsoft.Management/managementGroups/${mg}/${tail}` : new Unknown("management group");
  }
  let sub: Value = prefix.length >= 1 && (scope === "sub" ? prefix.length >= 1 : prefix.length >= 2) ? prefix[0]! : undefined!;
  let rg: Value = scope === "rg" ? (prefix.length >= 2 ? prefix[1]! : prefix.length === 1 ? prefix[0]! : undefined!) : undefined!;
  if (scope === "rg" && prefix.length === 1) sub = undefined!;
  if (sub === undefined) {
    const so = env.ctx.subscription();
    sub = isObject(so) ? (getProp(so, "subscriptionId") ?? new Unknown("subscription id")) : new Unknown("subscription id");
  }
  if (scope === "rg" && rg === undefined) {
    const ro = env.ctx.resourceGroup();
    rg = isObject(ro) ? (getProp(ro, "name") ?? new Unknown("resource group name")) : new Unknown("resource group name");
  }
  if (isUnknown(sub)) return sub;
  if (isUnknown(rg)) return rg;
  return scope === "rg" ? `/subscriptions/${sub}/resourceGroups/${rg}/${tail}` : `/subscriptions/${sub}/${tail}`;
}

function callLambda(l: LambdaValue, args: Value[]): Value {
  return l.call(args);
}

const FUNCTIONS: Record<string, FnDef> = {
  // deployment and scope
  parameters: { min: 1, max: 1, fn: (x, a, e) => e.ctx.parameter(str(x[0]!, a)) },
  variables: { min: 1, max: 1, fn: (x, a, e) => e.ctx.variable(str(x[0]!, a)) },
  copyindex: {
    min: 0,
    max: 2,
    fn: (x, a, e) => {
      let loop: string | undefined;
      let offset = 0;
      if (typeof x[0] === "string") {
        loop = x[0];
        if (x[1] !== undefined) offset = int(x[1], a);
      } else if (x[0] !== undefined) offset = int(x[0], a);
      try {
        const i = e.ctx.copyIndex(loop);
        return isUnknown(i) ? i : i + offset;
      } catch (er) {
        if (er instanceof ExprError) throw new ExprError(er.message, a.o, a.name.length);
        throw er;
      }
    },
  },
  resourcegroup: { min: 0, max: 0, fn: (_x, _a, e) => e.ctx.resourceGroup() },
  subscription: { min: 0, max: 0, fn: (_x, _a, e) => e.ctx.subscription() },
  deployment: { min: 0, max: 0, fn: (_x, _a, e) => e.ctx.deployment() },
  environment: { min: 0, max: 0, fn: (_x, _a, e) => e.ctx.environment() },
  tenant: { min: 0, max: 0, fn: (_x, _a, e) => e.ctx.tenant() },
  resourceid: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => resourceIdBuild(a, x, e, "rg") },
  subscriptionresourceid: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => resourceIdBuild(a, x, e, "sub") },
  tenantresourceid: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => resourceIdBuild(a, x, e, "tenant") },
  extensionresourceid: { min: 3, max: INF, strictUnknown: false, fn: (x, a, e) => resourceIdBuild(a, x, e, "ext") },
  managementgroupresourceid: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => resourceIdBuild(a, x, e, "mg") },

  // logical
  if: {
    min: 3,
    max: 3,
    lazy: ([c, t, f], a, e) => {
      const cond = ev(c!, e);
      if (isUnknown(cond)) {
        let tv: Value, fv: Value;
        try {
          tv = ev(t!, e);
          fv = ev(f!, e);
        } catch (er) {
          // A branch that cannot be evaluated leaves the result unknown; a budget error stops the evaluation.
          if (isTooComplex(er)) throw er;
          return cond;
        }
        return deepEquals(tv, fv, e.b) === true ? tv : cond;
      }
      if (typeof cond !== "boolean") throw err(a, `condition must be a bool, got ${typeName(cond)}`);
      return ev(cond ? t! : f!, e);
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
  null: { min: 0, max: 0, fn: () => null },
  coalesce: {
    min: 1,
    max: INF,
    lazy: (args, _a, e) => {
      for (const x of args) {
        const v = ev(x, e);
        if (isUnknown(v)) return v;
        if (v !== null) return v;
      }
      return null;
    },
  },

  // comparison
  equals: { min: 2, max: 2, strictUnknown: false, fn: ([x, y], _a, e) => deepEquals(x!, y!, e.b) },
  greater: { min: 2, max: 2, fn: ([x, y], a, e) => compare(x!, y!, a, e) > 0 },
  greaterorequals: { min: 2, max: 2, fn: ([x, y], a, e) => compare(x!, y!, a, e) >= 0 },
  less: { min: 2, max: 2, fn: ([x, y], a, e) => compare(x!, y!, a, e) < 0 },
  lessorequals: { min: 2, max: 2, fn: ([x, y], a, e) => compare(x!, y!, a, e) <= 0 },

  // numeric
  add: { min: 2, max: 2, fn: ([x, y], a) => int(x!, a) + int(y!, a) },
  sub: { min: 2, max: 2, fn: ([x, y], a) => int(x!, a) - int(y!, a) },
  mul: { min: 2, max: 2, fn: ([x, y], a) => int(x!, a) * int(y!, a) },
  div: {
    min: 2,
    max: 2,
    fn: ([x, y], a) => {
      const d = int(y!, a);
      if (d === 0) throw err(a, "division by zero");
      return trunc64(int(x!, a) / d);
    },
  },
  mod: {
    min: 2,
    max: 2,
    fn: ([x, y], a) => {
      const d = int(y!, a);
      if (d === 0) throw err(a, "division by zero");
      return int(x!, a) % d;
    },
  },
  int: {
    min: 1,
    max: 1,
    fn: ([v], a) => {
      if (typeof v === "number") return Math.trunc(v);
      if (typeof v === "string" && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
      throw err(a, `cannot convert ${JSON.stringify(v)} to an int`);
    },
  },
  float: {
    min: 1,
    max: 1,
    fn: ([v], a) => {
      const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw err(a, `cannot convert ${JSON.stringify(v)} to a float`);
      return n;
    },
  },
  min: { min: 1, max: INF, fn: (x, a) => minMax(x, a, Math.min) },
  max: { min: 1, max: INF, fn: (x, a) => minMax(x, a, Math.max) },
  range: {
    min: 2,
    max: 2,
    fn: ([s, c], a, e) => {
      const start = int(s!, a);
      const count = int(c!, a);
      if (count < 0 || count > 10_000) throw err(a, `count must be between 0 and 10000 (ARM's limit), got ${count}`);
      e.b.array(count);
      return Array.from({ length: count }, (_, i) => start + i);
    },
  },

  // strings
  concat: {
    min: 0,
    max: INF,
    strictUnknown: false,
    fn: (x, a, e) => {
      if (x.length > 0 && x.every((v) => Array.isArray(v) || v === null || isUnknown(v)) && x.some((v) => Array.isArray(v))) {
        for (const v of x) if (isUnknown(v)) return v;
        return joinArrays(x.filter(Array.isArray) as Value[][], e);
      }
      const parts: string[] = [];
      let n = 0;
      for (const v of x) {
        if (isUnknown(v)) return v;
        if (Array.isArray(v)) throw err(a, "cannot concatenate an array with strings");
        const t = toArmString(v, e.b);
        if (isUnknown(t)) return t;
        parts.push(t);
        e.b.stringFits((n += t.length));
      }
      return built(parts.join(""), e);
    },
  },
  format: {
    min: 1,
    max: INF,
    strictUnknown: false,
    fn: (x, a, e) => {
      if (isUnknown(x[0])) return x[0]!;
      const r = formatNet(scanned(str(x[0]!, a, "format string"), e), x.slice(1), a, e.b);
      return isUnknown(r) ? r : built(r, e);
    },
  },
  string: { min: 1, max: 1, strictUnknown: false, fn: ([v], _a, e) => toArmString(v!, e.b) },
  tolower: { min: 1, max: 1, fn: ([v], a, e) => built(str(v!, a).toLowerCase(), e) },
  toupper: { min: 1, max: 1, fn: ([v], a, e) => built(str(v!, a).toUpperCase(), e) },
  trim: { min: 1, max: 1, fn: ([v], a, e) => built(str(v!, a).trim(), e) },
  split: {
    min: 2,
    max: 2,
    fn: ([v, d], a, e) => {
      const s = str(v!, a);
      const ds = Array.isArray(d) ? d.map((x) => str(x, a)) : [str(d!, a)];
      let parts = [s];
      for (const sep of ds) {
        // Each separator scans every part, and each part is a new string.
        e.b.chars(s.length);
        parts = madeArray(parts.flatMap((p) => p.split(sep)), e);
      }
      return parts;
    },
  },
  join: {
    min: 2,
    max: 2,
    fn: ([v, d], a, e) => {
      const items = arr(v!, a);
      const sep = str(d!, a);
      const out: string[] = [];
      let n = 0;
      for (const x of items) {
        if (isUnknown(x)) return x;
        const t = toArmString(x, e.b);
        if (isUnknown(t)) return t;
        out.push(t);
        e.b.stringFits((n += t.length + sep.length));
      }
      return built(out.join(sep), e);
    },
  },
  replace: {
    min: 3,
    max: 3,
    fn: ([s, o, n], a, e) => {
      const text = scanned(str(s!, a), e);
      const old = str(o!, a);
      const by = str(n!, a);
      // The length of the result, known before it is built: count the occurrences first.
      let count = 0;
      if (old === "") count = Math.max(0, text.length - 1);
      else for (let i = text.indexOf(old); i >= 0; i = text.indexOf(old, i + old.length)) count++;
      e.b.stringFits(text.length + count * (by.length - old.length));
      return built(text.split(old).join(by), e);
    },
  },
  substring: {
    min: 1,
    max: 3,
    fn: ([s, st, len], a, e) => {
      const t = str(s!, a);
      const start = st === undefined ? 0 : int(st, a);
      const l = len === undefined ? t.length - start : int(len, a);
      if (start < 0 || start > t.length || l < 0 || start + l > t.length) throw err(a, `start ${start} and length ${l} are outside the string of length ${t.length}`);
      return built(t.substr(start, l), e);
    },
  },
  indexof: { min: 2, max: 2, fn: ([s, f], a, e) => scanned(str(s!, a), e).toLowerCase().indexOf(str(f!, a).toLowerCase()) },
  lastindexof: { min: 2, max: 2, fn: ([s, f], a, e) => scanned(str(s!, a), e).toLowerCase().lastIndexOf(str(f!, a).toLowerCase()) },
  startswith: { min: 2, max: 2, fn: ([s, f], a, e) => scanned(str(s!, a), e).toLowerCase().startsWith(str(f!, a).toLowerCase()) },
  endswith: { min: 2, max: 2, fn: ([s, f], a, e) => scanned(str(s!, a), e).toLowerCase().endsWith(str(f!, a).toLowerCase()) },
  padleft: {
    min: 2,
    max: 3,
    fn: ([v, w, c], a, e) => {
      const s = typeof v === "number" ? String(v) : str(v!, a);
      const pad = c === undefined ? " " : str(c, a);
      if (pad.length !== 1) throw err(a, "padding character must be one character");
      const width = int(w!, a);
      if (width > 16_000) throw err(a, "total length exceeds 16000");
      return built(s.padStart(width, pad), e);
    },
  },
  base64: { min: 1, max: 1, fn: ([v], a, e) => built(Buffer.from(scanned(str(v!, a), e), "utf8").toString("base64"), e) },
  base64tostring: { min: 1, max: 1, fn: ([v], a, e) => built(Buffer.from(scanned(str(v!, a), e), "base64").toString("utf8"), e) },
  base64tojson: { min: 1, max: 1, fn: ([v], a, e) => parseJson(Buffer.from(scanned(str(v!, a), e), "base64").toString("utf8"), a, e) },
  datauri: { min: 1, max: 1, fn: ([v], a, e) => built(`data:text/plain;charset=utf8;base64,${Buffer.from(scanned(str(v!, a), e), "utf8").toString("base64")}`, e) },
  datauritostring: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => {
      const m = /^data:[^,]*?(;base64)?,(.*)$/s.exec(scanned(str(v!, a), e));
      if (!m) throw err(a, "not a data URI");
      return built(m[1] ? Buffer.from(m[2]!, "base64").toString("utf8") : decodeComponent(m[2]!, a), e);
    },
  },
  uri: {
    min: 2,
    max: 2,
    fn: ([b, r], a, e) => {
      const base = scanned(str(b!, a), e);
      const rel = scanned(str(r!, a), e);
      try {
        return built(new URL(rel, base).href, e);
      } catch (er) {
        if (er instanceof BudgetExceeded) throw er;
        throw err(a, `cannot combine '${abbreviated(base)}' and '${abbreviated(rel)}'`);
      }
    },
  },
  uricomponent: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => {
      let encoded: string;
      try {
        encoded = encodeURIComponent(scanned(str(v!, a), e));
      } catch {
        throw err(a, "the string has a lone surrogate (half of a UTF-16 pair), which cannot be encoded");
      }
      return built(encoded, e);
    },
  },
  uricomponenttostring: { min: 1, max: 1, fn: ([v], a, e) => built(decodeComponent(scanned(str(v!, a), e), a), e) },
  json: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => parseJson(scanned(str(v!, a), e), a, e),
  },
  guid: { min: 1, max: INF, fn: (x, a) => guid(x.map((v) => str(v, a))) },
  uniquestring: { min: 1, max: INF, fn: (x, a) => uniqueString(x.map((v) => str(v, a))) },

  // arrays and objects
  array: { min: 1, max: 1, fn: ([v], _a, e) => (Array.isArray(v) ? v : madeArray([v!], e)) },
  createarray: { min: 0, max: INF, strictUnknown: false, fn: (x, _a, e) => madeArray(x, e) },
  createobject: {
    min: 0,
    max: INF,
    strictUnknown: false,
    fn: (x, a, e) => {
      if (x.length % 2) throw err(a, "needs an even number of arguments (key, value pairs)");
      const o = newObject();
      for (let i = 0; i < x.length; i += 2) {
        if (isUnknown(x[i])) return x[i]!;
        o[str(x[i]!, a, "key")] = x[i + 1]!;
      }
      return madeObject(o, e);
    },
  },
  empty: { min: 1, max: 1, fn: ([v], _a, e) => emptyOf(v!, e.b) },
  length: {
    min: 1,
    max: 1,
    strictUnknown: false,
    fn: ([v], a, e) => {
      if (isUnknown(v)) return v;
      if (Array.isArray(v) || typeof v === "string") return v.length;
      if (isObject(v)) return memberCount(v, e.b);
      throw err(a, `argument must be an array, string or object, got ${typeName(v!)}`);
    },
  },
  first: endOf(false),
  last: endOf(true),
  skip: slicer(true),
  take: slicer(false),
  contains: {
    min: 2,
    max: 2,
    strictUnknown: false,
    fn: ([c, item], a, e) => {
      if (isUnknown(c)) return c;
      if (typeof c === "string") {
        if (isUnknown(item)) return item;
        const t = toArmString(item!, e.b);
        return isUnknown(t) ? t : scanned(c, e).includes(t);
      }
      if (Array.isArray(c)) {
        let unknown: Unknown | undefined;
        for (const x of c) {
          const r = deepEquals(x, item!, e.b);
          if (r === true) return true;
          if (isUnknown(r)) unknown = r;
        }
        return unknown ?? false;
      }
      if (isObject(c)) {
        if (isUnknown(item)) return item;
        const key = str(item!, a);
        return lookup(c, key, e.b) !== undefined;
      }
      throw err(a, `first argument must be a string, array or object, got ${typeName(c!)}`);
    },
  },
  union: {
    min: 1,
    max: INF,
    fn: (x, a, e) => {
      if (x.every(Array.isArray)) {
        const distinct = new Distinct(e.b);
        for (const xs of x as Value[][]) for (const v of xs) distinct.add(v);
        return madeArray(distinct.values, e);
      }
      if (x.every(isObject)) return x.reduce((acc: ValueObject, o) => mergeDeep(acc, o as ValueObject, e.b), newObject());
      throw err(a, "arguments must all be arrays or all objects");
    },
  },
  intersection: {
    min: 2,
    max: INF,
    fn: (x, a, e) => {
      if (x.every(Array.isArray)) {
        const [head, ...rest] = x as Value[][];
        const inAll = rest.map((r) => {
          const d = new Distinct(e.b);
          for (const v of r) d.add(v);
          return d;
        });
        const distinct = new Distinct(e.b);
        for (const v of head!) if (!distinct.has(v) && inAll.every((d) => d.has(v))) distinct.add(v);
        return madeArray(distinct.values, e);
      }
      if (x.every(isObject)) {
        const [head, ...rest] = x as ValueObject[];
        const o = newObject();
        for (const k of Object.keys(head!)) {
          if (rest.every((r) => { const v = lookup(r, k, e.b); return v !== undefined && deepEquals(v, head![k]!, e.b) === true; })) o[k] = head![k]!;
        }
        return madeObject(o, e);
      }
      throw err(a, "arguments must all be arrays or all objects");
    },
  },
  items: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => {
      if (!isObject(v)) throw err(a, `argument must be an object, got ${typeName(v!)}`);
      const keys = Object.keys(v);
      // An array of key/value objects: an element and two members each; sorting them, a step per comparison.
      e.b.array(keys.length);
      e.b.made(2 * keys.length);
      e.b.step(sortSteps(keys.length));
      const lower = new Map(keys.map((k) => [k, k.toLowerCase()]));
      return keys
        .sort((p, q) => (lower.get(p)! < lower.get(q)! ? -1 : lower.get(p)! > lower.get(q)! ? 1 : 0))
        .map((k) => {
          const o = newObject();
          o.key = k;
          o.value = v[k]!;
          return o;
        });
    },
  },
  objectkeys: { min: 1, max: 1, fn: ([v], a, e) => { if (!isObject(v)) throw err(a, "argument must be an object"); return madeArray(Object.keys(v), e); } },
  trygetvalue: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => tryGet(x, a, e.b) },
  tryget: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => tryGet(x, a, e.b) },
  tryindexfromend: {
    min: 2,
    max: 2,
    fn: ([v, n], a) => {
      const xs = arr(v!, a);
      const i = int(n!, a);
      return i >= 1 && i <= xs.length ? xs[xs.length - i]! : null;
    },
  },
  indexfromend: {
    min: 2,
    max: 2,
    fn: ([v, n], a) => {
      const xs = arr(v!, a);
      const i = int(n!, a);
      if (i < 1 || i > xs.length) throw err(a, `index ${i} is out of range`);
      return xs[xs.length - i]!;
    },
  },
  shallowmerge: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => {
      const o = newObject();
      for (const x of arr(v!, a)) {
        if (isUnknown(x)) return x;
        if (!isObject(x)) throw err(a, "elements must be objects");
        e.b.made(Object.keys(x).length);
        Object.assign(o, x);
      }
      return o;
    },
  },
  flatten: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => {
      const parts: Value[][] = [];
      for (const x of arr(v!, a)) {
        if (isUnknown(x)) return x;
        parts.push(arr(x, a, "element"));
      }
      return joinArrays(parts, e);
    },
  },

  // lambdas
  lambda: {
    min: 1,
    max: INF,
    lazy: (args, a, e) => {
      const names = args.slice(0, -1).map((x) => {
        if (x.k !== "str") throw err(a, "lambda parameter names must be string literals");
        return x.v;
      });
      const body = args[args.length - 1]!;
      const lam: LambdaValue = {
        kind: "lambda",
        params: names,
        call: (vals) => {
          // A call makes a scope: it costs as much as a few evaluation nodes.
          e.b.step(LAMBDA_CALL_STEPS);
          const scope = new Map<string, Value>();
          names.forEach((n, i) => scope.set(n.toLowerCase(), vals[i] ?? null));
          e.lambdaVars.push(scope);
          try {
            return ev(body, e);
          } finally {
            e.lambdaVars.pop();
          }
        },
      };
      return lam as unknown as Value;
    },
  },
  lambdavariables: {
    min: 1,
    max: 1,
    fn: ([n], a, e) => {
      const name = str(n!, a).toLowerCase();
      for (let i = e.lambdaVars.length - 1; i >= 0; i--) {
        const s = e.lambdaVars[i]!;
        if (s.has(name)) return s.get(name)!;
      }
      throw err(a, `lambda variable '${String(n)}' is not defined`);
    },
  },
  filter: {
    min: 2,
    max: 2,
    fn: ([v, l], a, e) => {
      const f = lambdaOf(l!, a);
      const out: Value[] = [];
      let unknown: Unknown | undefined;
      for (const [i, x] of arr(v!, a).entries()) {
        const r = callLambda(f, [x, i]);
        if (isUnknown(r)) unknown = r;
        else if (r === true) out.push(x);
      }
      return unknown ?? madeArray(out, e);
    },
  },
  map: {
    min: 2,
    max: 2,
    fn: ([v, l], a, e) => {
      const f = lambdaOf(l!, a);
      const xs = arr(v!, a);
      e.b.array(xs.length);
      return xs.map((x, i) => callLambda(f, [x, i]));
    },
  },
  mapvalues: {
    min: 2,
    max: 2,
    fn: ([v, l], a, e) => {
      if (!isObject(v)) throw err(a, "first argument must be an object");
      const f = lambdaOf(l!, a);
      const keys = Object.keys(v);
      e.b.made(keys.length);
      const o = newObject();
      for (const k of keys) o[k] = callLambda(f, [v[k]!]);
      return o;
    },
  },
  reduce: {
    min: 3,
    max: 3,
    fn: ([v, init, l], a) => {
      let acc: Value = init!;
      for (const [i, x] of arr(v!, a).entries()) {
        acc = callLambda(lambdaOf(l!, a), [acc, x, i]);
        if (isUnknown(acc)) return acc;
      }
      return acc;
    },
  },
  sort: {
    min: 2,
    max: 2,
    fn: ([v, l], a, e) => {
      const f = lambdaOf(l!, a);
      const xs = [...madeArray(arr(v!, a), e)];
      let unknown: Unknown | undefined;
      xs.sort((p, q) => {
        const r = callLambda(f, [p, q]);
        if (isUnknown(r)) {
          unknown = r;
          return 0;
        }
        return r === true ? -1 : callLambda(f, [q, p]) === true ? 1 : 0;
      });
      return unknown ?? xs;
    },
  },
  toobject: {
    min: 2,
    max: 3,
    fn: ([v, k, val], a, e) => {
      const o = newObject();
      const xs = arr(v!, a);
      e.b.made(xs.length);
      for (const x of xs) {
        const key = callLambda(lambdaOf(k!, a), [x]);
        if (isUnknown(key)) return key;
        o[str(key, a, "key")] = val === undefined ? x : callLambda(lambdaOf(val, a), [x]);
      }
      return o;
    },
  },
  groupby: {
    min: 2,
    max: 2,
    fn: ([v, l], a, e) => {
      const o = newObject();
      const xs = arr(v!, a);
      // A member per group and an element per value, at most two per value.
      e.b.made(2 * xs.length);
      // Groups by key compared case-insensitively, under the key's first spelling (a look-up, not a scan per value).
      const groups = new Map<string, Value[]>();
      for (const x of xs) {
        const key = callLambda(lambdaOf(l!, a), [x]);
        if (isUnknown(key)) return key;
        const ks = str(key, a, "key");
        const existing = groups.get(ks.toLowerCase());
        if (existing) existing.push(x);
        else groups.set(ks.toLowerCase(), (o[ks] = [x]));
      }
      return o;
    },
  },
};

/** and() / or(): the first argument equal to `decisive` decides; otherwise an Unknown argument makes it unknown. */
function shortCircuit(decisive: boolean): FnDef {
  return {
    min: 1,
    max: INF,
    lazy: (args, a, e) => {
      let unknown: Unknown | undefined;
      for (const x of args) {
        const v = ev(x, e);
        if (isUnknown(v)) unknown = v;
        else if (typeof v !== "boolean") throw err(a, `arguments must be bools, got ${typeName(v)}`);
        else if (v === decisive) return decisive;
      }
      return unknown ?? !decisive;
    },
  };
}

/** skip() / take() on strings and arrays. */
function slicer(fromStart: boolean): FnDef {
  return {
    min: 2,
    max: 2,
    strictUnknown: false,
    fn: ([v, n], a, e) => {
      if (isUnknown(n)) return n;
      if (isUnknown(v)) return v;
      const k = Math.max(0, int(n!, a));
      if (typeof v === "string") return built(fromStart ? v.slice(k) : v.slice(0, k), e);
      const xs = arr(v!, a);
      return madeArray(fromStart ? xs.slice(k) : xs.slice(0, k), e);
    },
  };
}

/** first() / last() of a string or an array (null for an empty array). */
function endOf(last: boolean): FnDef {
  return {
    min: 1,
    max: 1,
    strictUnknown: false,
    fn: ([v], a) => {
      if (isUnknown(v)) return v;
      if (typeof v === "string") return last ? v.slice(-1) : v.slice(0, 1);
      const xs = arr(v!, a);
      return xs.length ? xs[last ? xs.length - 1 : 0]! : null;
    },
  };
}

function tryGet(x: Value[], a: { o: number; name: string }, budget: Budget): Value {
  let cur: Value = x[0]!;
  for (const k of x.slice(1)) {
    if (isUnknown(cur)) return cur;
    if (isUnknown(k)) return k;
    if (cur === null) return null;
    if (Array.isArray(cur)) {
      if (typeof k !== "number") return null;
      cur = k >= 0 && k < cur.length ? cur[k]! : null;
    } else if (isObject(cur)) {
      const v = lookup(cur, str(k, a, "key"), budget);
      cur = v === undefined ? null : v;
    } else return null;
  }
  return cur;
}

/**
 * Distinct values in first-seen order (union, intersection): strings, numbers, bools and null by a Set, arrays
 * and objects by deep comparison (an unknown value equals nothing), so that a union of long lists of names is
 * linear, not quadratic.
 */
class Distinct {
  readonly values: Value[] = [];
  private readonly primitives = new Set<Value>();
  private readonly composites: Value[] = [];
  constructor(private readonly budget: Budget) {}
  has(v: Value): boolean {
    if (v === null || typeof v !== "object") return this.primitives.has(v);
    return this.composites.some((w) => deepEquals(w, v, this.budget) === true);
  }
  add(v: Value): void {
    this.budget.step();
    if (this.has(v)) return;
    if (v === null || typeof v !== "object") this.primitives.add(v);
    else this.composites.push(v);
    this.values.push(v);
  }
}

function compare(x: Value, y: Value, a: { o: number; name: string }, env: Env): number {
  if (typeof x === "number" && typeof y === "number") return x - y;
  if (typeof x === "string" && typeof y === "string") {
    env.b.chars(Math.min(x.length, y.length));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw err(a, `cannot compare ${typeName(x)} and ${typeName(y)}`);
}

/** min() / max() of numbers or of one array of numbers (a loop: spreading a long array overflows the stack). */
function minMax(x: Value[], a: { o: number; name: string }, f: (p: number, q: number) => number): number {
  const values = x.length === 1 && Array.isArray(x[0]) ? x[0] : x;
  if (!values.length) throw err(a, "needs at least one number");
  let m = int(values[0]!, a);
  for (let i = 1; i < values.length; i++) m = f(m, int(values[i]!, a));
  return m;
}

/** union() of objects: members of `src` win, objects in both are merged; keys compared case-insensitively. */
function mergeDeep(target: ValueObject, src: ValueObject, budget: Budget): ValueObject {
  const o = newObject();
  // Lower-cased key -> the first key spelt so (findKey, in one look-up instead of a scan per key).
  const keys = new Map<string, string>();
  const kept = Object.keys(target);
  for (const k of kept) {
    o[k] = target[k]!;
    if (!keys.has(k.toLowerCase())) keys.set(k.toLowerCase(), k);
  }
  const added = Object.keys(src);
  budget.made(kept.length + added.length);
  for (const k of added) {
    const existingKey = Object.prototype.hasOwnProperty.call(o, k) ? k : (keys.get(k.toLowerCase()) ?? k);
    const cur = o[existingKey];
    const v = src[k]!;
    if (cur !== undefined && isObject(cur) && isObject(v)) o[existingKey] = mergeDeep(cur, v, budget);
    else {
      if (existingKey !== k) delete o[existingKey];
      o[k] = v;
      keys.set(k.toLowerCase(), k);
    }
  }
  return o;
}

function parseJson(text: string, a: { o: number; name: string }, env: Env): Value {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw err(a, "argument is not valid JSON");
  }
  return toValue(parsed, env.b, 0);
}

/** A parsed JSON value as a Value (null-prototype objects), charged to the budget, nested no deeper than documents. */
function toValue(v: unknown, budget: Budget, depth: number): Value {
  if (depth > MAX_VALUE_DEPTH) throw new BudgetExceeded(`too complex: a value nested deeper than ${MAX_VALUE_DEPTH} levels`);
  if (Array.isArray(v)) {
    budget.array(v.length);
    return v.map((x) => toValue(x, budget, depth + 1));
  }
  if (v && typeof v === "object") {
    const o = newObject();
    const keys = Object.keys(v);
    budget.made(keys.length);
    for (const k of keys) o[k] = toValue((v as Record<string, unknown>)[k], budget, depth + 1);
    return o;
  }
  return v as Value;
}

// ---------------------------------------------------------------- uniqueString and guid

/** uniqueString: unverified here, so Unknown rather than a guess (see uniqueString in the docs). */
function uniqueString(_parts: string[]): Value {
  return new Unknown("uniqueString() output is not computed");
}
function guid(_parts: string[]): Value {
  return new Unknown("guid() output is not computed");
}
