/**
 * What a `field` names (learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule,
 * "Fields"): `type`, `name` (the last segment), `fullName`, `kind`, `location`, `id`, `identity.type`,
 * `identity.userAssignedIdentities`, `tags`, `tags['key']`, `tags.key`, `tags[key]`, or an alias of the table
 * (case-insensitive). An alias with `[*]` names every member of an array ("each"); inside a field count's `where`,
 * the count's own alias (and the aliases below it) name the current member only.
 */
import type { Prop } from "../model/prop.js";
import type { Resource } from "../model/resource.js";
import { Unknown } from "../model/value.js";
import { PolicyAliasError, type PolicyContext, type Val } from "./types.js";

export type Field =
  /** One value. `decisive` is false for `type`: a match is never reported at the resource's type. */
  | { readonly kind: "one"; readonly val: Val; readonly decisive: boolean }
  /**
   * The members an alias with `[*]` names. `complete` is false when an array on the way is unknown or partly known
   * (then `items` are the members known to be there); `absent` is the value when the array itself is missing.
   */
  | { readonly kind: "each"; readonly items: readonly Val[]; readonly complete: boolean; readonly reason?: string; readonly absent?: Val; readonly at: Prop };

/** The member a field count's `where` is looking at: the count's alias (lower-cased), its path and the member. */
export interface CountScope {
  readonly alias: string;
  readonly path: string;
  readonly item: Prop;
}

/** The property path of an alias (lower-cased name → path), or a PolicyAliasError. */
export function aliasPath(name: string, ctx: PolicyContext): string {
  const lower = name.toLowerCase();
  const p = ctx.aliases.get(lower);
  if (p !== undefined) return p;
  // "x[*]" where the table has only "x" (an array): its members.
  if (lower.endsWith("[*]")) {
    const base = ctx.aliases.get(lower.slice(0, -3));
    if (base !== undefined) return `${base}[*]`;
  }
  throw new PolicyAliasError(name);
}

/** The value(s) `name` names on `resource`, in the count scopes `scopes` (innermost last). */
export function resolveField(name: string, resource: Resource, ctx: PolicyContext, scopes: readonly CountScope[]): Field {
  const lower = name.toLowerCase();
  for (let i = scopes.length - 1; i >= 0; i--) {
    const s = scopes[i]!;
    if (lower === s.alias) return one(s.item);
    if (lower.startsWith(`${s.alias}.`) || lower.startsWith(`${s.alias}[`)) {
      const path = aliasPath(name, ctx);
      if (path.toLowerCase().startsWith(s.path.toLowerCase())) return expand(s.item, path.slice(s.path.length));
    }
  }
  const root = resource.root;
  switch (lower) {
    case "type":
      return { kind: "one", val: { v: resource.type }, decisive: false };
    case "name": {
      const at = root.get("name");
      return { kind: "one", val: { v: resource.name !== undefined ? resource.name.split("/").pop()! : unknownOf(at, "the resource's name"), at }, decisive: true };
    }
    case "fullname": {
      const at = root.get("name");
      return { kind: "one", val: { v: resource.name ?? unknownOf(at, "the resource's name"), at }, decisive: true };
    }
    case "id":
      return { kind: "one", val: { v: resource.id ?? new Unknown("the resource id is known once deployed"), at: root }, decisive: true };
    case "kind":
    case "location":
    case "tags":
    case "identity.type":
    case "identity.userassignedidentities":
      return one(root.get(lower === "identity.userassignedidentities" ? "identity.userAssignedIdentities" : lower));
  }
  const tag = /^tags(?:\[\s*'(.*)'\s*\]|\[\s*"(.*)"\s*\]|\[(.*)\]|\.(.*))$/is.exec(name);
  if (tag) return one(root.get("tags").child(tag[1] ?? tag[2] ?? tag[3] ?? tag[4]!));
  const path = aliasPath(name, ctx);
  const star = path.indexOf("[*]");
  // An alias of another resource type ("<type>/<property path>") names nothing on this resource: the field is absent.
  if (!ofType(lower, resource.type)) {
    const absent: Val = { v: undefined, at: root };
    return star < 0 ? { kind: "one", val: absent, decisive: false } : { kind: "each", items: [], complete: true, absent, at: root };
  }
  if (star < 0) return one(resource.get(path));
  return expand(resource.get(path.slice(0, star)), path.slice(star));
}

/** Whether an alias (lower-cased) is one of `type`'s: its type, then a property path without a further "/". */
function ofType(alias: string, type: string): boolean {
  const t = `${type.toLowerCase()}/`;
  return alias.startsWith(t) && !alias.slice(t.length).includes("/");
}

function one(p: Prop): Field {
  return { kind: "one", val: { v: p.value, at: p }, decisive: true };
}

/** The resource's value of `p` when it is not known (a missing name is not known either). */
function unknownOf(p: Prop, what: string): Unknown {
  return new Unknown(p.reason ?? `${what} is not known`);
}

/**
 * The values `rest` names below `start`: `rest` is empty, a path (".a.b"), or goes through arrays ("[*].a[*].b").
 * Without `[*]` one value; with, each member (flattened over nested arrays).
 */
function expand(start: Prop, rest: string): Field {
  const pieces = rest.split("[*]").map((p) => p.replace(/^\./, ""));
  if (pieces.length === 1) return one(start.get(pieces[0]!));
  let cur: Prop[] = [start.get(pieces[0]!)];
  if (cur[0]!.missing) return { kind: "each", items: [], complete: true, absent: { v: undefined, at: cur[0] }, at: cur[0]! };
  const arrayAt = cur[0]!;
  let complete = true;
  let reason: string | undefined;
  for (let i = 1; i < pieces.length; i++) {
    const next: Prop[] = [];
    for (const p of cur) {
      const state = p.state;
      if (state === "unknown") {
        complete = false;
        reason ??= p.reason;
        next.push(...p.knownItems());
      } else if (state === "known" && p.isArray) next.push(...p.items());
    }
    cur = pieces[i] === "" ? next : next.map((p) => p.get(pieces[i]!));
  }
  return { kind: "each", items: cur.map((p) => ({ v: p.value, at: p })), complete, reason, at: arrayAt };
}
