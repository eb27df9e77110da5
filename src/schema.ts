/**
 * The Microsoft.Batch schemas as compact trees: known property names (case-insensitive), array items, string
 * enums. Built lazily, once per schema, from the vendored ARM deployment schemas (one per API version) and the
 * 2026-08-01 REST specification (for exports, which carry read-only properties and no apiVersion).
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import type { Prop } from "./model/prop.js";
import type { Resource } from "./model/resource.js";

export interface SNode {
  props: Map<string, { name: string; node: SNode }> | undefined;
  /** additionalProperties: a schema for unlisted keys, or "any". */
  additional: SNode | "any" | undefined;
  items: SNode | undefined;
  enums: Map<string, string> | undefined; // lower-cased → spelling
  /** Accepts any string (open enum or plain string branch). */
  anyString: boolean;
  /** Nothing known about the shape: never report inside it. */
  open: boolean;
}

const newNode = (): SNode => ({ props: undefined, additional: undefined, items: undefined, enums: undefined, anyString: false, open: false });

export const ARM_SCHEMA_VERSIONS = ["2023-11-01", "2024-02-01", "2024-07-01", "2025-06-01"] as const;
const REST_VERSION = "2026-08-01";

function schemaDir(): string {
  for (const rel of ["../schema", "../../schema"]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (fs.existsSync(`${p}/arm`)) return p;
  }
  throw new Error("batchlint: schema/ directory not found");
}

type Json = Record<string, unknown>;

class Builder {
  private memo = new Map<string, SNode>();
  constructor(
    private readonly doc: Json,
    private readonly rest: boolean,
  ) {}

  ref(ref: string): SNode | undefined {
    if (!ref.startsWith("#/")) return undefined; // external (ARM expression, common types): not ours to check
    const hit = this.memo.get(ref);
    if (hit) return hit;
    const node = newNode();
    this.memo.set(ref, node); // before building: definitions may refer to themselves
    let target: unknown = this.doc;
    for (const seg of ref.slice(2).split("/")) target = (target as Json | undefined)?.[seg];
    if (target && typeof target === "object") this.into(node, target as Json);
    else node.open = true;
    return node;
  }

  build(schema: Json): SNode {
    const n = newNode();
    this.into(n, schema);
    return n;
  }

  /** Merges `schema` into `n`. */
  private into(n: SNode, schema: Json, depth = 0): void {
    if (depth > 50) {
      n.open = true;
      return;
    }
    if (typeof schema.$ref === "string") {
      const r = this.ref(schema.$ref);
      if (r) merge(n, r);
      else if (!schema.$ref.includes("definitions/expression")) n.open = true;
    }
    for (const key of ["oneOf", "anyOf", "allOf"]) {
      const branches = schema[key];
      if (Array.isArray(branches)) for (const b of branches) this.into(n, b as Json, depth + 1);
    }
    if (Array.isArray(schema.enum)) {
      const modelAsString = (schema["x-ms-enum"] as { modelAsString?: boolean } | undefined)?.modelAsString === true;
      if (modelAsString && !this.rest) n.anyString = true;
      n.enums ??= new Map();
      for (const v of schema.enum) if (typeof v === "string" && !n.enums.has(v.toLowerCase())) n.enums.set(v.toLowerCase(), v);
    } else if (schema.type === "string" && !schema.$ref && !schema.format?.toString().startsWith("date")) {
      n.anyString = true;
    } else if (schema.type === "string") n.anyString = true;
    if (schema.properties && typeof schema.properties === "object") {
      n.props ??= new Map();
      for (const [name, sub] of Object.entries(schema.properties as Json)) {
        const key = name.toLowerCase();
        const existing = n.props.get(key);
        const child = this.build(sub as Json);
        if (existing) merge(existing.node, child);
        else n.props.set(key, { name, node: child });
      }
    }
    if (schema.additionalProperties === true || (schema.additionalProperties && typeof schema.additionalProperties === "object" && Object.keys(schema.additionalProperties).length === 0)) n.additional = "any";
    else if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
      const add = this.build(schema.additionalProperties as Json);
      n.additional = n.additional === "any" ? "any" : n.additional ? (merge(n.additional, add), n.additional) : add;
    }
    if (schema.items && typeof schema.items === "object") {
      n.items ??= newNode();
      this.into(n.items, schema.items as Json, depth + 1);
    }
    if (schema.type === "object" && !schema.properties && !schema.additionalProperties && !schema.$ref && !schema.allOf) n.open = true;
  }
}

function merge(a: SNode, b: SNode): void {
  if (a === b) return;
  if (b.open) a.open = true;
  if (b.anyString) a.anyString = true;
  if (b.enums) {
    a.enums ??= new Map();
    for (const [k, v] of b.enums) if (!a.enums.has(k)) a.enums.set(k, v);
  }
  if (b.props) {
    a.props ??= new Map();
    for (const [k, v] of b.props) {
      const e = a.props.get(k);
      if (!e) a.props.set(k, v);
      else if (e.node !== v.node) {
        const m = newNode();
        merge(m, e.node);
        merge(m, v.node);
        a.props.set(k, { name: e.name, node: m });
      }
    }
  }
  if (b.items) {
    if (!a.items) a.items = b.items;
    else if (a.items !== b.items) {
      const m = newNode();
      merge(m, a.items);
      merge(m, b.items);
      a.items = m;
    }
  }
  if (b.additional === "any") a.additional = "any";
  else if (b.additional && a.additional !== "any") {
    if (!a.additional) a.additional = b.additional;
    else if (a.additional !== b.additional) {
      const m = newNode();
      merge(m, a.additional);
      merge(m, b.additional);
      a.additional = m;
    }
  }
}

/** Keys every ARM template resource may carry, whatever its type. */
const TEMPLATE_RESOURCE_KEYS = ["condition", "copy", "dependsOn", "comments", "metadata", "scope", "existing", "apiVersion", "type", "name", "location", "tags", "zones", "sku", "kind", "plan", "properties", "identity", "resources", "managedBy", "extendedLocation", "parent", "asserts"];
/** Keys exported resources carry besides their properties (REST, az CLI, Resource Graph). */
/** Read-only response properties of older API versions that exports may still carry. */
const LEGACY_READ_ONLY = ["currentNodeCommunicationMode", "currentDedicatedNodes", "currentLowPriorityNodes", "resizeOperationStatus", "autoScaleRun", "lastModified", "creationTime", "provisioningStateTransitionTime", "allocationState", "allocationStateTransitionTime", "lastKeySync"];
const EXPORT_RESOURCE_KEYS = ["id", "name", "type", "location", "tags", "identity", "properties", "etag", "systemData", "zones", "sku", "kind", "plan", "managedBy", "extendedLocation", "resourceGroup", "subscriptionId", "tenantId", "apiVersion"];

export type ResourceKind = "account" | "pool";

const cache = new Map<string, SNode>();
const docs = new Map<string, Json>();
function load(file: string): Json {
  let d = docs.get(file);
  if (!d) docs.set(file, (d = JSON.parse(fs.readFileSync(`${schemaDir()}/${file}`, "utf8")) as Json));
  return d;
}

/** The properties-object tree of a resource kind for one ARM schema version. */
export function armProperties(version: string, kind: ResourceKind): SNode {
  const key = `arm|${version}|${kind}`;
  let n = cache.get(key);
  if (!n) {
    const doc = load(`arm/${version}/Microsoft.Batch.json`);
    const defs = doc.resourceDefinitions as Json;
    const res = new Builder(doc, false).build(defs[kind === "account" ? "batchAccounts" : "batchAccounts_pools"] as Json);
    n = res.props?.get("properties")?.node ?? { ...newNode(), open: true };
    cache.set(key, n);
  }
  return n;
}

/** Exports: the newest ARM schema merged with the REST specification (read-only properties, newer enums). */
export function exportProperties(kind: ResourceKind): SNode {
  const key = `export|${kind}`;
  let n = cache.get(key);
  if (!n) {
    n = newNode();
    // An exported resource may have been created with any API version: accept what any of them defines.
    for (const v of ARM_SCHEMA_VERSIONS) merge(n, armProperties(v, kind));
    const doc = load(`rest/${REST_VERSION}/openapi.json`);
    const b = new Builder(doc, true);
    const rest = b.ref(`#/definitions/${kind === "account" ? "BatchAccountProperties" : "PoolProperties"}`);
    if (rest) merge(n, rest);
    cache.set(key, n);
  }
  return n;
}

export function identityNode(version: string | undefined, kind: ResourceKind): SNode | undefined {
  if (version === undefined) {
    // Exports: the response model, with read-only principalId, tenantId and per-identity clientId/principalId.
    const key = `export-identity|${kind}`;
    let n = cache.get(key);
    if (!n) {
      n = newNode();
      const armId = identityNode(ARM_SCHEMA_VERSIONS[ARM_SCHEMA_VERSIONS.length - 1]!, kind);
      if (armId) merge(n, armId);
      const rest = new Builder(load(`rest/${REST_VERSION}/openapi.json`), true).ref(`#/definitions/${kind === "account" ? "BatchAccountIdentity" : "BatchPoolIdentity"}`);
      if (rest) merge(n, rest);
      cache.set(key, n);
    }
    return n;
  }
  const v = version;
  const key = `arm-identity|${v}|${kind}`;
  let n = cache.get(key);
  if (!n) {
    const doc = load(`arm/${v}/Microsoft.Batch.json`);
    const defs = doc.resourceDefinitions as Json;
    const res = new Builder(doc, false).build(defs[kind === "account" ? "batchAccounts" : "batchAccounts_pools"] as Json);
    n = res.props?.get("identity")?.node;
    if (!n) return undefined;
    cache.set(key, n);
  }
  return n;
}

/** The vendored schema version that governs an apiVersion: the newest one not newer than it. */
export function schemaVersionFor(apiVersion: string): { version: string; olderThanAll: boolean } {
  const v = apiVersion.slice(0, 10);
  let chosen: string | undefined;
  for (const s of ARM_SCHEMA_VERSIONS) if (s <= v) chosen = s;
  return chosen ? { version: chosen, olderThanAll: false } : { version: ARM_SCHEMA_VERSIONS[0]!, olderThanAll: true };
}

export interface SchemaIssue {
  readonly kind: "unknown-property" | "invalid-enum";
  readonly prop: Prop;
  /** Property name (unknown-property) or the offending value (invalid-enum). */
  readonly name: string;
  readonly allowed?: readonly string[];
  /** Where the issue is, as a stable key. */
  readonly key: string;
}

/** Walks a Prop against a schema node; never looks inside unknown values or open shapes. */
export function checkAgainst(prop: Prop, node: SNode, out: SchemaIssue[], extraKeys?: ReadonlySet<string>, depth = 0): void {
  if (depth > 64 || node.open || !prop.known) return;
  const s = prop.str();
  if (s !== undefined) {
    if (node.enums && !node.anyString && !node.props && !node.enums.has(s.toLowerCase()) && !(s.startsWith("[") && s.endsWith("]"))) {
      out.push({ kind: "invalid-enum", prop, name: s, allowed: [...node.enums.values()], key: `enum|${prop.path}` });
    }
    return;
  }
  if (prop.isArray) {
    if (node.items) for (const item of prop.items()) checkAgainst(item, node.items, out, undefined, depth + 1);
    return;
  }
  if (prop.isObject && (node.props || node.additional)) {
    for (const [key, child] of prop.entries()) {
      const known = node.props?.get(key.toLowerCase());
      if (known) checkAgainst(child, known.node, out, undefined, depth + 1);
      else if (node.additional === "any") continue;
      else if (node.additional) checkAgainst(child, node.additional, out, undefined, depth + 1);
      else if (!extraKeys?.has(key.toLowerCase())) out.push({ kind: "unknown-property", prop: child, name: key, key: `prop|${child.path}` });
    }
  }
}

const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
const TEMPLATE_KEYS = lower(TEMPLATE_RESOURCE_KEYS);
const EXPORT_KEYS = lower(EXPORT_RESOURCE_KEYS);
const LEGACY_KEYS = lower(LEGACY_READ_ONLY);
const EXPORT_FLAT_KEYS = lower([...EXPORT_RESOURCE_KEYS, ...LEGACY_READ_ONLY]);

export function kindOf(r: Resource): ResourceKind | undefined {
  const t = r.type.toLowerCase();
  return t === "microsoft.batch/batchaccounts" ? "account" : t === "microsoft.batch/batchaccounts/pools" ? "pool" : undefined;
}

/** Schema issues of a resource against one schema version (templates) or the export schema (version undefined). */
export function resourceIssues(r: Resource, version: string | undefined): SchemaIssue[] {
  const kind = kindOf(r);
  if (!kind) return [];
  const out: SchemaIssue[] = [];
  const props = version ? armProperties(version, kind) : exportProperties(kind);
  const flattened = r.properties.at.pointer === r.root.at.pointer && r.properties.at.file === r.root.at.file;
  if (flattened) {
    // az CLI output: properties and resource keys share one object.
    checkAgainst(r.properties, props, out, EXPORT_FLAT_KEYS);
  } else {
    checkAgainst(r.properties, props, out, version ? undefined : LEGACY_KEYS);
    for (const [key, child] of r.root.entries()) {
      if (!(version ? TEMPLATE_KEYS : EXPORT_KEYS).has(key.toLowerCase())) out.push({ kind: "unknown-property", prop: child, name: key, key: `prop|${child.path}` });
    }
  }
  const idNode = identityNode(version, kind);
  if (idNode) checkAgainst(r.get("identity"), idNode, out);
  return out;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const v = value.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(v, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

export interface ClassifiedIssue extends SchemaIssue {
  /** The first newer vendored schema version that accepts this property or value, if any. */
  readonly acceptedFrom?: string;
  /** The schema version the resource was checked against ("export" for exports). */
  readonly checkedAgainst: string;
}

const classified = new WeakMap<Resource, ClassifiedIssue[]>();

/** Schema issues of a Batch account or pool, each marked with the first newer API version that accepts it. */
export function schemaIssues(r: Resource): ClassifiedIssue[] {
  let out = classified.get(r);
  if (out) return out;
  const api = r.apiVersion && /^\d{4}-\d{2}-\d{2}/.test(r.apiVersion) ? r.apiVersion : undefined;
  const version = api ? schemaVersionFor(api).version : undefined;
  const issues = resourceIssues(r, version);
  const newer = version ? ARM_SCHEMA_VERSIONS.filter((v) => v > version) : [];
  const later = issues.length ? newer.map((v) => [v, new Set(resourceIssues(r, v).map((i) => i.key))] as const) : [];
  out = issues.map((i) => ({ ...i, checkedAgainst: version ?? "export", acceptedFrom: later.find(([, keys]) => !keys.has(i.key))?.[0] }));
  classified.set(r, out);
  return out;
}
