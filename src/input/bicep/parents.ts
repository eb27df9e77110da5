/**
 * The parent a Bicep child resource is named under (load.ts): the resource of a `parent:` deployed here, or an
 * `existing` one, which is not deployed and has no resource but whose type and name the child's full type and name
 * start with (`parent: acct` of `existing = { name: 'x' }` makes the pool `x/p`, and so does a child nested in the
 * existing resource's body). `scope:` of an existing resource changes neither. Nothing of an existing resource's
 * properties is known, so no rule may read them: the child's `parent` (model/resource.ts) stays unset.
 */
import type { ResourceImpl } from "../../model/resource.js";
import type { Value } from "../../model/value.js";
import { canonicalType } from "../export/resources.js";
import { EvalError, TooComplex } from "../arm/scope.js";
import type { Expr, ObjExpr, ResourceDecl } from "./ast.js";
import type { BicepScope, Bindings } from "./scope.js";

/** The parent a child resource is named under: a resource deployed here, or an `existing` one (no `res`). */
export interface ParentInfo {
  readonly type: string;
  readonly name: string | undefined;
  /** What a nested child written without a version (`'pools'`) has, as the compiler gives it. */
  readonly apiVersion?: string;
  readonly res?: ResourceImpl;
}

/** How many `parent:` references to `existing` resources are followed in a chain. */
const MAX_PARENT_CHAIN = 16;

/**
 * `parent: acct`: the resource instance it names when it was deployed once (`deployed`: each declaration's last
 * instance), or the type and name of an `existing` one; else (`acct::child`, a loop's instance) undefined.
 */
export function parentOf(scope: BicepScope, x: Expr, deployed: ReadonlyMap<ResourceDecl, ResourceImpl>, depth: number): ParentInfo | undefined {
  if (x.k !== "id") return undefined;
  for (const [decl, res] of deployed) if (decl.name === x.name && decl.body.k !== "for") return { type: res.type, name: res.name, apiVersion: res.apiVersion, res };
  const sym = scope.symbols.get(x.name);
  if (sym?.kind !== "resource" || !sym.decl.existing || depth > MAX_PARENT_CHAIN) return undefined;
  const body = sym.decl.body.k === "if" ? sym.decl.body.body : sym.decl.body;
  return body.k === "obj" ? existingInstance(scope, sym.decl, body, undefined, undefined, deployed, depth) : undefined;
}

/**
 * An `existing` resource as a parent: its full type and name (its `name:` under its own parent's: `parent` when it
 * is nested, else its `parent:`), the name undefined when not known. `depth` bounds a chain of `parent:` references
 * (the compiler refuses a cycle).
 */
export function existingInstance(scope: BicepScope, d: ResourceDecl, body: ObjExpr, parent: ParentInfo | undefined, b: Bindings | undefined, deployed: ReadonlyMap<ResourceDecl, ResourceImpl>, depth: number): ParentInfo {
  const at = d.type.indexOf("@");
  const written = at < 0 ? d.type : d.type.slice(0, at);
  const prop = (key: string) => body.members.find((m): m is Extract<typeof m, { m: "prop" }> => m.m === "prop" && m.key === key);
  const parentMember = prop("parent");
  const up = parent ?? (parentMember ? parentOf(scope, parentMember.value, deployed, depth + 1) : undefined);
  const type = canonicalType(up && !written.split("/")[0]!.includes(".") ? `${up.type}/${written}` : written);
  const nameMember = prop("name");
  let own: Value | undefined;
  try {
    own = nameMember ? scope.evaluate(nameMember.value, b).value : undefined;
  } catch (e) {
    // Its name is only read to name its children: an error in it (the compiler's to report) leaves theirs unknown.
    if (!(e instanceof EvalError) || e instanceof TooComplex) throw e;
  }
  const parentKnown = parentMember === undefined || up !== undefined;
  const name = typeof own !== "string" || !parentKnown ? undefined : up ? (up.name === undefined ? undefined : `${up.name}/${own}`) : own;
  return { type, name, apiVersion: at < 0 ? up?.apiVersion : d.type.slice(at + 1) };
}
