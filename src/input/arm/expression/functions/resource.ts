/**
 * Resource functions (ARM template functions reference): resource ids. reference(), list*() and the like are known
 * only at deployment time (evaluate.ts).
 */
import { Unknown, getProp, isObject, isUnknown, type Value } from "../../../../model/value.js";
import { INF, built, err, str } from "./helpers.js";
import type { CallAst, Env, FnDef } from "../types.js";

export const RESOURCE: Record<string, FnDef> = {
  resourceid: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => resourceIdBuild(a, x, e, "rg") },
  subscriptionresourceid: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => resourceIdBuild(a, x, e, "sub") },
  tenantresourceid: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => resourceIdBuild(a, x, e, "tenant") },
  extensionresourceid: { min: 3, max: INF, strictUnknown: false, fn: (x, a, e) => resourceIdBuild(a, x, e, "ext") },
  managementgroupresourceid: { min: 2, max: INF, strictUnknown: false, fn: (x, a, e) => resourceIdBuild(a, x, e, "mg") },
};

function resourceIdBuild(a: CallAst, args: Value[], env: Env, scope: "rg" | "sub" | "tenant" | "ext" | "mg"): Value {
  const id = resourceIdOf(a, args, env, scope);
  return typeof id === "string" ? built(id, env) : id;
}

function resourceIdOf(a: CallAst, args: Value[], env: Env, scope: "rg" | "sub" | "tenant" | "ext" | "mg"): Value {
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
