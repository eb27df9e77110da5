/**
 * The names of one Terraform module instance (a TfScope for eval/evaluate.ts): `var` (the values given: tfvars,
 * --var, a caller's inputs, else the default, else unknown), `local` (evaluated lazily, once; a cycle is unknown
 * with a note), `path`, `terraform.workspace`, the module's own resources (`azurerm_batch_account.a.name` is the
 * evaluated attribute as written; what the provider computes, `id` and the like, is unknown), and the bindings of
 * an instance (`count.index`, `each.key`/`each.value`, a dynamic block's iterator). `data.*` and `module.*` are
 * unknown: data sources are read and module outputs made at plan time.
 *
 * Where a value came from (its origins) is worked out from the expression: the variable's default, tfvars line
 * or caller's input it reads, a local's place (and what the local reads), a resource attribute's place.
 */
import { isObject, newObject, Unknown, type Value, type ValueObject } from "../../model/value.js";
import type { Loc } from "../../model/tree.js";
import { escapePointerToken } from "../../model/value.js";
import { EvalError } from "../arm/scope.js";
import type { Budget } from "../budget.js";
import type { Block, Body, Expr, Span, TemplatePart } from "./ast.js";
import { childScope, evaluate, newContext, type TfScope } from "./eval/evaluate.js";
import { asNumber, isAbort, sortedKeys, toSet } from "./eval/values.js";
import { attrOf, type TfModule, type TfResource } from "./load-module.js";
import { convertToType } from "./load-vars.js";

/** A value given to a variable, and where it was given (tfvars line, caller's input). */
export interface Supplied {
  readonly value: Value;
  readonly origins: readonly Loc[];
}

export interface EvalHost {
  readonly budget: Budget;
  /** A note at a place of a file (told once). */
  note(file: string, at: Span | undefined, message: string): void;
}

/** The names an instance binds: `count.index`, `each`, a dynamic block's iterator. */
export interface Bindings {
  readonly names: ReadonlyMap<string, Value>;
  /** Where `each.value` came from (the for_each expression's origins). */
  readonly eachOrigins?: readonly Loc[];
}

/** How many instances a block with `count` or `for_each` has. */
export type Expansion =
  | { readonly k: "one" }
  | { readonly k: "count"; readonly n: number }
  | { readonly k: "each"; readonly entries: readonly (readonly [string, Value])[]; readonly origins: readonly Loc[] }
  | { readonly k: "unknown"; readonly reason: string; readonly by: "count" | "for_each" };

/** Attributes of a resource block that are Terraform's, not the resource's. */
export const META_ARGS = new Set(["count", "for_each", "provider", "depends_on"]);
export const META_BLOCKS = new Set(["lifecycle", "provisioner", "connection", "timeouts"]);

export interface Paths {
  readonly module: string;
  readonly root: string;
  readonly cwd: string;
}

export class ModuleEval {
  /** The variables' values; a name not declared is unknown (terraform would refuse it: noted where it is evaluated). */
  readonly vars: ValueObject;
  private readonly varValues: ValueObject = newObject();
  private readonly varOrigins = new Map<string, readonly Loc[]>();
  private readonly localsObj: ValueObject = newObject();
  private readonly localValues = new Map<string, Value | "busy">();
  private readonly localOrigins = new Map<string, readonly Loc[] | "busy">();
  private readonly typeRoots = new Map<string, ValueObject>();
  private readonly resourceValues = new Map<TfResource, Value | "busy">();
  private readonly pathObj: ValueObject;
  private readonly base: TfScope;

  constructor(
    readonly host: EvalHost,
    readonly mod: TfModule,
    supplied: ReadonlyMap<string, Supplied>,
    /** Terraform's address prefix of the module instance: "" for the root, `module.m.`, `module.m[0].`. */
    readonly address: string,
    paths: Paths,
  ) {
    this.vars = open(this.varValues, "var", "is not declared");
    this.pathObj = Object.assign(newObject(), paths);
    this.base = { root: (name) => this.root(name) };
    const empty: TfScope = { root: () => undefined };
    for (const v of mod.variables.values()) {
      const given = supplied.get(v.name);
      let value: Value;
      let origins: readonly Loc[] = [];
      if (given && !(given.value === null && v.default && nonNullable(v.block))) {
        value = given.value;
        origins = given.origins;
      } else if (v.default) {
        value = this.run(() => evaluate(v.default!.value, empty, newContext()));
        origins = [{ file: v.doc.file, pointer: `/variable/${escapePointerToken(v.name)}/default` }];
      } else value = new Unknown(`variable '${v.name}' has no value (no default, and none given)`);
      if (v.type) value = convertToType(value, v.type);
      this.varValues[v.name] = value;
      this.varOrigins.set(v.name, origins);
      if (v.sensitive) v.doc.sensitiveVariable(v.name, value instanceof Unknown ? undefined : value);
    }
    for (const [name, l] of mod.locals) {
      Object.defineProperty(this.localsObj, name, { enumerable: true, configurable: true, get: () => this.local(name, l.doc.file, l.attr.value) });
    }
  }

  /** Evaluation charged to the load's budget (a step, and one level deeper while it runs). */
  private run(fn: () => Value): Value {
    this.host.budget.step();
    return this.host.budget.deeper(fn);
  }

  private local(name: string, file: string, x: Expr): Value {
    const known = this.localValues.get(name);
    if (known === "busy") {
      this.host.note(file, x, `local.${name} refers to itself (a cycle): its value is unknown`);
      return new Unknown(`local.${name} is part of a cycle`);
    }
    if (known !== undefined) return known;
    this.localValues.set(name, "busy");
    let v: Value;
    try {
      v = this.run(() => evaluate(x, this.base, newContext()));
    } catch (e) {
      this.localValues.delete(name);
      throw e;
    }
    this.localValues.set(name, v);
    return v;
  }

  private root(name: string): Value | undefined {
    switch (name) {
      case "var":
        return this.vars;
      case "local":
        return this.localsObj;
      case "path":
        return this.pathObj;
      case "terraform":
        return Object.assign(newObject(), { workspace: "default" });
      case "data":
        return new Unknown("a data source is read at plan time");
      case "module":
        return new Unknown("module outputs are not evaluated");
      case "self":
        return new Unknown("self is known only at apply time");
    }
    return this.mod.byType.has(name) ? this.typeRoot(name) : undefined;
  }

  /** `type` as a root name: its resources by name, each evaluated when first read. */
  private typeRoot(type: string): ValueObject {
    let o = this.typeRoots.get(type);
    if (o) return o;
    o = newObject();
    for (const r of this.mod.byType.get(type)!.values()) Object.defineProperty(o, r.name, { enumerable: true, configurable: true, get: () => this.resourceValue(r) });
    this.typeRoots.set(type, o);
    return o;
  }

  private resourceValue(r: TfResource): Value {
    const known = this.resourceValues.get(r);
    if (known === "busy") return new Unknown(`${r.type}.${r.name} refers to itself`);
    if (known !== undefined) return known;
    this.resourceValues.set(r, "busy");
    let v: Value;
    try {
      const x = this.expansion(r.block, undefined);
      const one = (b: Bindings | undefined) => this.instanceValue(r.block.body, `${r.type}.${r.name}`, b);
      if (x.k === "one") v = one(undefined);
      else if (x.k === "count") v = Array.from({ length: x.n }, (_, i) => one(countBinding(i)));
      else if (x.k === "each") v = Object.assign(newObject(), Object.fromEntries(x.entries.map(([k, val]) => [k, one(eachBinding(k, val, x.origins))])));
      else v = new Unknown(`${r.type}.${r.name}: its ${x.by} is unknown (${x.reason})`);
    } catch (e) {
      this.resourceValues.delete(r);
      throw e;
    }
    this.resourceValues.set(r, v);
    return v;
  }

  /** An instance of a resource (or a nested block) as a value: its attributes as written, the rest unknown. */
  private instanceValue(body: Body, address: string, b: Bindings | undefined): ValueObject {
    const o = newObject();
    const blocks = new Map<string, Block[]>();
    for (const item of body.items) {
      if (item.kind === "attr") {
        if (META_ARGS.has(item.name)) continue;
        let state: Value | "busy" | undefined;
        Object.defineProperty(o, item.name, {
          enumerable: true,
          configurable: true,
          get: () => {
            if (state === "busy") return new Unknown(`${address}.${item.name} refers to itself`);
            if (state !== undefined) return state;
            state = "busy";
            try {
              state = this.evaluate(item.value, b);
            } catch (e) {
              state = undefined;
              throw e;
            }
            return state;
          },
        });
      } else if (item.type !== "dynamic" && !META_BLOCKS.has(item.type)) {
        const list = blocks.get(item.type) ?? [];
        list.push(item);
        blocks.set(item.type, list);
      } else if (item.type === "dynamic" && item.labels[0]) {
        o[item.labels[0].v] = new Unknown(`the '${item.labels[0].v}' blocks of ${address} are made by a dynamic block`);
      }
    }
    for (const [type, list] of blocks) if (!(type in o)) o[type] = list.map((blk) => this.instanceValue(blk.body, `${address}.${type}`, b));
    return open(o, address);
  }

  /** The scope of an instance: the module's names with its bindings in front. */
  scope(b: Bindings | undefined): TfScope {
    return b ? childScope(this.base, b.names) : this.base;
  }

  evaluate(x: Expr, b: Bindings | undefined): Value {
    return this.run(() => evaluate(x, this.scope(b), newContext()));
  }

  /**
   * The instances of a block with `count` or `for_each`. A value terraform would refuse (a negative count, a list
   * for for_each) is noted and treated as unknown; more instances than the limit is an EvalError.
   */
  expansion(block: Block, b: Bindings | undefined): Expansion {
    const count = attrOf(block, "count");
    const forEach = attrOf(block, "for_each");
    const file = this.fileOf(block);
    const max = this.host.budget.limits.maxCopy;
    const refused = (x: Expr, why: string, by: "count" | "for_each"): Expansion => {
      this.host.note(file, x, `${why}: the instances are unknown`);
      return { k: "unknown", reason: why, by };
    };
    if (count) {
      const v = this.evaluate(count.value, b);
      const n = v instanceof Unknown ? v : asNumber(v, "count");
      if (n instanceof Unknown) return isAbort(n) ? refused(count.value, `count: ${n.reason}`, "count") : { k: "unknown", reason: n.reason, by: "count" };
      if (!Number.isInteger(n) || n < 0) return refused(count.value, `count must be a whole number, not ${n}`, "count");
      if (n > max) throw new EvalError(`a count of ${n} instances exceeds the limit of ${max}`, file, count.value.o);
      return { k: "count", n };
    }
    if (forEach) {
      const v = this.evaluate(forEach.value, b);
      const origins = this.originsOf(forEach.value, b);
      if (v instanceof Unknown) return { k: "unknown", reason: v.reason, by: "for_each" };
      let entries: [string, Value][];
      if (Array.isArray(v)) {
        const set = toSet(v, "for_each");
        if (set instanceof Unknown) return { k: "unknown", reason: set.reason, by: "for_each" };
        if (!set.every((s) => typeof s === "string")) return refused(forEach.value, "for_each over a set needs a set of strings", "for_each");
        entries = (set as string[]).map((s) => [s, s]);
      } else if (isObject(v)) entries = sortedKeys(v).map((k) => [k, v[k] ?? null]);
      else return refused(forEach.value, "for_each needs a map or a set of strings", "for_each");
      if (entries.length > max) throw new EvalError(`a for_each of ${entries.length} instances exceeds the limit of ${max}`, file, forEach.value.o);
      return { k: "each", entries, origins };
    }
    return { k: "one" };
  }

  private fileOf(block: Block): string {
    for (const d of this.mod.docs) if (d.parsed.body.items.includes(block)) return d.file;
    return this.mod.docs[0]?.file ?? "";
  }

  /** Where the value of `x` came from: the variables, locals and resource attributes it reads. */
  originsOf(x: Expr, b: Bindings | undefined): Loc[] {
    const out: Loc[] = [];
    const add = (ls: readonly Loc[]) => {
      for (const l of ls) if (!out.some((o) => o.file === l.file && o.pointer === l.pointer)) out.push(l);
    };
    walk(x, (e) => {
      if (e.k === "var" && e.name === "each" && b?.eachOrigins) add(b.eachOrigins);
      if (e.k !== "attr") return;
      const head = e.x.k === "index" ? e.x.x : e.x;
      if (e.x.k === "var" && e.x.name === "var") add(this.varOrigins.get(e.name) ?? []);
      else if (e.x.k === "var" && e.x.name === "local") add(this.localPlaces(e.name));
      else if (head.k === "attr" && head.x.k === "var") {
        const r = this.mod.byType.get(head.x.name)?.get(head.name);
        if (r) add([{ file: r.doc.file, pointer: `${r.ptr}/${escapePointerToken(e.name)}` }]);
      }
    });
    return out;
  }

  private localPlaces(name: string): readonly Loc[] {
    const known = this.localOrigins.get(name);
    if (known === "busy") return [];
    if (known) return known;
    const l = this.mod.locals.get(name);
    if (!l) return [];
    this.localOrigins.set(name, "busy");
    const out = [{ file: l.doc.file, pointer: `/locals/${escapePointerToken(name)}` }, ...this.originsOf(l.attr.value, undefined)];
    this.localOrigins.set(name, out);
    return out;
  }
}

export function countBinding(i: number | Unknown): Bindings {
  return { names: new Map([["count", Object.assign(newObject(), { index: i })]]) };
}

export function eachBinding(key: Value, value: Value, origins: readonly Loc[]): Bindings {
  return { names: new Map([["each", Object.assign(newObject(), { key, value })]]), eachOrigins: origins };
}

/** `nullable = false`: a null given is replaced by the default. */
function nonNullable(block: Block): boolean {
  const n = attrOf(block, "nullable")?.value;
  return n?.k === "bool" && !n.v;
}

/** An instance's object: a name not written is an attribute the provider computes, unknown until apply. */
function open(o: ValueObject, address: string, what = "is known only after apply"): ValueObject {
  const why = (k: string) => new Unknown(`${address}.${k} ${what}`);
  return new Proxy(o, {
    get: (t, k, r) => (typeof k !== "string" || Reflect.has(t, k) ? Reflect.get(t, k, r) : why(k)),
    getOwnPropertyDescriptor: (t, k) => Reflect.getOwnPropertyDescriptor(t, k) ?? (typeof k === "string" ? { value: why(k), configurable: true, enumerable: false, writable: false } : undefined),
  });
}

/** Calls `f` on every expression inside `x` (templates' interpolations included). */
export function walk(x: Expr, f: (e: Expr) => void): void {
  const stack: Expr[] = [x];
  const parts = (ps: readonly TemplatePart[]) => {
    for (const p of ps) {
      if (p.p === "interp") stack.push(p.x);
      else if (p.p === "if") {
        stack.push(p.cond);
        parts(p.a);
        if (p.b) parts(p.b);
      } else if (p.p === "for") {
        stack.push(p.coll);
        parts(p.body);
      }
    }
  };
  while (stack.length) {
    const e = stack.pop()!;
    f(e);
    switch (e.k) {
      case "template":
        parts(e.parts);
        break;
      case "tuple":
        stack.push(...e.items);
        break;
      case "object":
        for (const i of e.items) stack.push(i.key, i.value);
        break;
      case "call":
        stack.push(...e.args);
        break;
      case "attr":
      case "paren":
      case "unary":
        stack.push(e.x);
        break;
      case "index":
        stack.push(e.x, e.i);
        break;
      case "splat":
        stack.push(e.x, e.each);
        break;
      case "binary":
        stack.push(e.l, e.r);
        break;
      case "cond":
        stack.push(e.c, e.a, e.b);
        break;
      case "for":
        stack.push(e.coll, e.val);
        if (e.key) stack.push(e.key);
        if (e.cond) stack.push(e.cond);
        break;
    }
  }
}
