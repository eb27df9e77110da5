/**
 * A resource's symbolic name as a value (`acct.id`, `acct.name`, `accts[i].name`, `acct::pool.id`): what the compiled
 * template knows without deploying it. Bicep compiles `.id` to `resourceId('<full type>', <name segments>...)`, so the
 * id is ARM's resourceId() (expression/functions/resource.ts) in the deployment's context: known only when the
 * subscription and resource group are (`--subscription-id`, `--resource-group`) and every name segment is, and
 * unknown for a resource deployed to another scope (`scope:`) or from a file whose targetScope is not a resource
 * group. `.type` and `.apiVersion` are the declaration's; a child's type is its parent's plus its own (nested) and its
 * name segments its parent's plus its own. Everything else (`properties`, `location` ...) is only known after
 * deployment.
 */
import { isObject, isUnknown, newObject, Unknown, type Value } from "../../model/value.js";
import { EvalError } from "../arm/scope.js";
import type { Decl, Expr, ResourceDecl } from "./ast.js";
import type { Bindings } from "./scope.js";

/** What a reference needs of the scope that evaluates it (scope.ts). */
export interface RefHost {
  readonly file: string;
  valueOf(x: Expr, b: Bindings | undefined): Value;
  /** ARM's resourceId(type, ...names) in this deployment's context (unknown when it is not known). */
  resourceId(type: string, names: readonly string[], at: Expr): Value;
  /** Charges a loop's instances (budget.ts) and refuses one longer than the limit. */
  instances(n: number, at: Expr): void;
}

/** What a reference value stands for: found again when it is a `parent:` or the left of `::`. */
interface Instance {
  readonly decl: ResourceDecl;
  /** The full type (a nested child's type completed with its parent's). */
  readonly type: string;
  /** The name segments of the full name; undefined when one is not known. */
  readonly names: readonly string[] | undefined;
  readonly bindings: Bindings | undefined;
}

const EVALUATING = Symbol("evaluating");

export class ResourceRefs {
  /** Each top-level declaration's value, made once (a loop's is the array of its instances). */
  private readonly top = new Map<ResourceDecl, Value | typeof EVALUATING>();
  private readonly instances = new WeakMap<object, Instance>();
  private readonly children = new WeakMap<object, Map<string, Value>>();
  /** Resource ids of this file are resource-group ids only when it deploys to a resource group (the default). */
  private readonly groupScoped: boolean;

  constructor(
    private readonly host: RefHost,
    decls: readonly Decl[],
  ) {
    this.groupScoped = !decls.some((d) => d.kind === "targetScope" && !(d.value.k === "str" && d.value.holes.length === 0 && d.value.parts[0] === "resourceGroup"));
  }

  /** A top-level declaration's symbolic name. */
  of(decl: ResourceDecl): Value {
    const known = this.top.get(decl);
    if (known === EVALUATING) throw new EvalError(`resource '${decl.name}' refers to itself`, this.host.file, decl.o);
    if (known !== undefined) return known;
    this.top.set(decl, EVALUATING);
    try {
      const v = this.declared(decl, undefined, undefined);
      this.top.set(decl, v);
      return v;
    } catch (e) {
      this.top.delete(decl);
      throw e;
    }
  }

  /** `parent::name`: the child declared in the parent's body, as an instance of that parent. */
  child(parent: Value, name: string): Value {
    const p = isObject(parent) ? this.instances.get(parent) : undefined;
    if (!p) return new Unknown(`the nested resource '${name}' of a resource not known here`);
    const body = inner(p.decl.body);
    const member = body.k === "obj" ? body.members.find((m) => m.m === "resource" && m.decl.name === name) : undefined;
    if (member?.m !== "resource") return new Unknown(`'${p.decl.name}' declares no nested resource '${name}'`);
    let cache = this.children.get(parent as object);
    if (!cache) this.children.set(parent as object, (cache = new Map()));
    let v = cache.get(name);
    if (v === undefined) cache.set(name, (v = this.declared(member.decl, p, p.bindings)));
    return v;
  }

  /** A declaration's value: one instance, or the array of a loop's instances when the loop's list is known. */
  private declared(decl: ResourceDecl, parent: Instance | undefined, b: Bindings | undefined): Value {
    const body = decl.body;
    if (body.k !== "for") return this.instance(decl, inner(body), parent, b);
    const src = this.host.valueOf(body.src, b);
    if (!Array.isArray(src)) return new Unknown(`the instances of '${decl.name}' (a loop over a value not known)`);
    this.host.instances(src.length, body.src);
    return src.map((item, i) => {
      let inLoop: Bindings = { name: body.item, value: item, up: b };
      if (body.index) inLoop = { name: body.index, value: i, up: inLoop };
      return this.instance(decl, inner(body.body), parent, inLoop);
    });
  }

  private instance(decl: ResourceDecl, body: Expr, nestedIn: Instance | undefined, b: Bindings | undefined): Value {
    const o = newObject();
    const at = decl.type.indexOf("@");
    const written = at < 0 ? decl.type : decl.type.slice(0, at);
    const member = (key: string) => (body.k === "obj" ? body.members.find((m) => m.m === "prop" && m.key === key) : undefined);
    const parentMember = member("parent");
    let parent = nestedIn;
    if (!parent && parentMember?.m === "prop") {
      const pv = this.host.valueOf(parentMember.value, b);
      parent = isObject(pv) ? this.instances.get(pv) : undefined;
    }
    const hasParent = nestedIn !== undefined || parentMember !== undefined;
    // A nested child may write its type relative to its parent's (`pools@...`).
    const type = parent && !written.split("/")[0]!.includes(".") ? `${parent.type}/${written}` : written;
    o.type = type;
    o.apiVersion = at < 0 ? new Unknown(`the apiVersion of '${decl.name}'`) : decl.type.slice(at + 1);
    const nameMember = member("name");
    const name = nameMember?.m === "prop" ? this.host.valueOf(nameMember.value, b) : new Unknown(`the name of '${decl.name}'`);
    o.name = name;
    let names: string[] | undefined;
    if (typeof name === "string" && (!hasParent || parent?.names)) names = parent ? [...parent.names!, name] : name.split("/");
    o.id = this.id(decl, type, names, member("scope") !== undefined);
    for (const k of ["properties", "location", "tags", "identity", "sku", "kind"]) o[k] = new Unknown(`'${decl.name}.${k}' is only known after deployment`);
    this.instances.set(o, { decl, type, names, bindings: b });
    return o;
  }

  private id(decl: ResourceDecl, type: string, names: readonly string[] | undefined, otherScope: boolean): Value {
    if (otherScope) return new Unknown(`the id of '${decl.name}', deployed to another scope`);
    if (!this.groupScoped) return new Unknown(`the id of '${decl.name}' (the file's targetScope is not a resource group)`);
    if (!names) return new Unknown(`the id of '${decl.name}' (its name is not known)`);
    const id = this.host.resourceId(type, names, decl.body);
    return isUnknown(id) ? new Unknown(`the id of '${decl.name}' (${id.reason})`) : id;
  }
}

/** The object of a body written `if (...) { ... }`: the instance's members are the same whether it is deployed or not. */
function inner(body: Expr): Expr {
  return body.k === "if" ? body.body : body;
}
