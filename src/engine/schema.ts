/**
 * The Microsoft.Batch schemas as compact trees: known property names (case-insensitive), array items, string
 * enums. Built lazily, once per schema, from the vendored ARM deployment schemas (one per API version) and the
 * 2026-08-01 REST specification (for exports, which carry read-only properties and no apiVersion).
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { slot } from "../context.js";
import { Prop } from "../model/prop.js";
import type { Loc, PNode } from "../model/tree.js";
import type { Resource } from "../model/resource.js";
import type { Shape } from "../model/shape.js";
import type { ModelState } from "../model/state.js";
import type { ClassifiedIssue } from "./schema-versions.js";

type Json = Record<string, unknown>;

/** A schema fragment and the document its local $refs resolve in. */
interface Src {
  readonly doc: SchemaDoc;
  readonly schema: Json;
}

/**
 * A node of the schema tree, computed on first use from the schema fragments merged into it (oneOf/anyOf/allOf
 * branches, $refs, several API versions): only the paths a linted resource actually has are ever expanded.
 */
export class SNode {
  private readonly srcs: Src[] = [];
  private computed = false;
  private _props: Map<string, { name: string; node: SNode }> | undefined;
  private _additional: SNode | "any" | undefined;
  private _items: SNode | undefined;
  private _enums: Map<string, string> | undefined;
  private _anyString = false;
  private _open = false;

  add(doc: SchemaDoc, schema: Json): this {
    this.srcs.push({ doc, schema });
    this.computed = false;
    return this;
  }
  merge(other: SNode): this {
    for (const s of other.srcs) this.srcs.push(s); // not push(...): the list can be longer than a call's arguments
    this.computed = false;
    return this;
  }
  get props() {
    this.compute();
    return this._props;
  }
  get additional() {
    this.compute();
    return this._additional;
  }
  get items() {
    this.compute();
    return this._items;
  }
  /** Lower-cased value → spelling. */
  get enums() {
    this.compute();
    return this._enums;
  }
  /** Accepts any string (open enum or plain string branch). */
  get anyString() {
    this.compute();
    return this._anyString;
  }
  /** Nothing known about the shape: never report inside it. */
  get open() {
    this.compute();
    return this._open;
  }

  /**
   * Kept apart from `build`: a function whose locals are captured by a closure allocates their context on every
   * call, even one that returns at once, and these getters are called millions of times in an audit.
   */
  private compute(): void {
    if (!this.computed) this.build();
  }

  private build(): void {
    this.computed = true;
    this._props = undefined;
    this._additional = undefined;
    this._items = undefined;
    this._enums = undefined;
    this._anyString = false;
    this._open = this.srcs.length === 0;
    const seen = new Set<Json>();
    const leaves: Src[] = [];
    const expand = (src: Src, depth: number): void => {
      if (seen.has(src.schema) || depth > 40) return;
      seen.add(src.schema);
      leaves.push(src);
      const ref = src.schema.$ref;
      if (typeof ref === "string") {
        const target = src.doc.resolve(ref);
        if (target) expand({ doc: src.doc, schema: target }, depth + 1);
        else if (!ref.includes("definitions/expression")) this._open = true; // external shape: unknown
      }
      for (const key of ["oneOf", "anyOf", "allOf"]) {
        const branches = src.schema[key];
        if (Array.isArray(branches)) for (const b of branches) if (b && typeof b === "object") expand({ doc: src.doc, schema: b as Json }, depth + 1);
      }
    };
    for (const src of this.srcs) expand(src, 0);
    for (const { doc, schema } of leaves) {
      if (Array.isArray(schema.enum)) {
        const modelAsString = (schema["x-ms-enum"] as { modelAsString?: boolean } | undefined)?.modelAsString === true;
        if (modelAsString && !doc.rest) this._anyString = true;
        this._enums ??= new Map();
        for (const v of schema.enum) if (typeof v === "string" && !this._enums.has(v.toLowerCase())) this._enums.set(v.toLowerCase(), v);
      } else if (schema.type === "string") this._anyString = true;
      if (schema.properties && typeof schema.properties === "object") {
        this._props ??= new Map();
        for (const [name, sub] of Object.entries(schema.properties as Json)) {
          const key = name.toLowerCase();
          let e = this._props.get(key);
          if (!e) this._props.set(key, (e = { name, node: new SNode() }));
          e.node.add(doc, sub as Json);
        }
      }
      const ap = schema.additionalProperties;
      if (ap === true || (ap && typeof ap === "object" && Object.keys(ap).length === 0)) this._additional = "any";
      else if (ap && typeof ap === "object" && this._additional !== "any") {
        this._additional ??= new SNode();
        this._additional.add(doc, ap as Json);
      }
      if (schema.items && typeof schema.items === "object") (this._items ??= new SNode()).add(doc, schema.items as Json);
      if (schema.type === "object" && !schema.properties && !schema.additionalProperties && !schema.$ref && !schema.allOf && !schema.oneOf && !schema.anyOf) this._open = true;
    }
  }
}

export const REST_VERSION = "2026-08-01";

/**
 * Where the vendored schemas may be: dist/schema, the digest of them the build writes (schema-digest.ts), first
 * from dist/bundle and dist/src; else schema/ at the package root (running from source, or a build without it).
 */
export const SCHEMA_PLACES: readonly string[] = ["../schema", "../../schema", "../../../schema"].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
/** The directory of the vendored Microsoft.Batch schemas, or undefined when the installation lacks it. */
export function findSchemaDir(): string | undefined {
  return SCHEMA_PLACES.find((p) => fs.existsSync(`${p}/arm`));
}

/** A GA apiVersion: a date, nothing after it. */
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The ARM schema versions shipped, oldest first: the folders of schema/arm named by a date (a GA apiVersion) that
 * hold a Microsoft.Batch.json, so that vendoring another version is dropping its folder in. Listed once, when the
 * module loads (one directory read, well under a millisecond), because rules and plugins read it as a constant.
 * Empty only in an installation without its schema folder, which the CLI refuses to run (cli/main.ts) and on which
 * a lint fails at its first schema read (Schemas.schemaDir).
 */
export const ARM_SCHEMA_VERSIONS: readonly string[] = Object.freeze(armSchemaVersionsIn(findSchemaDir()));

/** The ARM schema versions a schema directory holds (see ARM_SCHEMA_VERSIONS), oldest first. */
export function armSchemaVersionsIn(dir: string | undefined): string[] {
  if (dir === undefined) return [];
  // Dates only: a preview is another API, and classify() orders the versions as dates.
  return fs
    .readdirSync(`${dir}/arm`)
    .filter((v) => DATE.test(v) && fs.existsSync(`${dir}/arm/${v}/Microsoft.Batch.json`))
    .sort();
}

/** A parsed schema document; resolves local `#/...` references. */
export class SchemaDoc {
  /** Definitions the digest keeps as JSON text (schema-digest.ts), parsed on first use: "section/name" -> schema. */
  private readonly parsed = new Map<string, unknown>();
  constructor(
    readonly json: Json,
    /** The REST specification (enums marked modelAsString are still checked: the service lists its values). */
    readonly rest: boolean,
  ) {}
  resolve(ref: string): Json | undefined {
    if (!ref.startsWith("#/")) return undefined;
    let target: unknown = this.json;
    const segs = ref.slice(2).split("/");
    for (let i = 0; i < segs.length; i++) {
      target = (target as Json | undefined)?.[segs[i]!];
      if (i === 1 && typeof target === "string") target = this.definition(`${segs[0]}/${segs[1]}`, target);
    }
    return target && typeof target === "object" ? (target as Json) : undefined;
  }
  /** A definition kept as text, parsed once: the same object every time, as the trees' `seen` sets need. */
  private definition(key: string, text: string): unknown {
    let d = this.parsed.get(key);
    if (d === undefined) this.parsed.set(key, (d = JSON.parse(text) as unknown));
    return d;
  }
}

/** Keys every ARM template resource may carry, whatever its type. */
const TEMPLATE_RESOURCE_KEYS = [
  "condition",
  "copy",
  "dependsOn",
  "comments",
  "metadata",
  "scope",
  "existing",
  "apiVersion",
  "type",
  "name",
  "location",
  "tags",
  "zones",
  "sku",
  "kind",
  "plan",
  "properties",
  "identity",
  "resources",
  "managedBy",
  "extendedLocation",
  "parent",
  "asserts",
];
/** Keys exported resources carry besides their properties (REST, az CLI, Resource Graph). */
/** Read-only response properties of older API versions that exports may still carry. */
const LEGACY_READ_ONLY = [
  "currentNodeCommunicationMode",
  "currentDedicatedNodes",
  "currentLowPriorityNodes",
  "resizeOperationStatus",
  "autoScaleRun",
  "lastModified",
  "creationTime",
  "provisioningStateTransitionTime",
  "allocationState",
  "allocationStateTransitionTime",
  "lastKeySync",
];
const EXPORT_RESOURCE_KEYS = [
  "id",
  "name",
  "type",
  "location",
  "tags",
  "identity",
  "properties",
  "etag",
  "systemData",
  "zones",
  "sku",
  "kind",
  "plan",
  "managedBy",
  "extendedLocation",
  "resourceGroup",
  "subscriptionId",
  "tenantId",
  "apiVersion",
];

export type ResourceKind = "account" | "pool";

/**
 * What the schema stage keeps for a run: the schema documents read, the trees built from them (each expanded as
 * far as the run's resources go) and each resource's issues (BATCH903, BATCH904 and BATCH906 share them).
 */
export class Schemas {
  /** The schema directory once looked for: its path, or null when the install lacks it. */
  private dir: string | null | undefined = undefined;
  private readonly docs = new Map<string, SchemaDoc>();
  /** Schema trees by what they are of ("arm|2024-07-01|pool", "export|account", "identity|export|pool" ...). */
  readonly trees = new Map<string, SNode>();
  /** Exports ask for the same few trees for every account: no key to build each time. */
  readonly exportProps: Partial<Record<ResourceKind, SNode>> = {};
  readonly exportIdentity: Partial<Record<ResourceKind, SNode | undefined>> = {};
  readonly issues = new WeakMap<Resource, ClassifiedIssue[]>();

  /** A schema document of the vendored directory, read once per run. */
  load(file: string): SchemaDoc {
    let d = this.docs.get(file);
    if (!d) this.docs.set(file, (d = new SchemaDoc(JSON.parse(fs.readFileSync(`${this.schemaDir()}/${file}`, "utf8")) as Json, file.startsWith("rest/"))));
    return d;
  }

  private schemaDir(): string {
    if (this.dir === undefined) this.dir = findSchemaDir() ?? null;
    if (this.dir === null) throw new Error(`batchlint: schema/ directory not found (looked in ${SCHEMA_PLACES.join(", ")})`);
    return this.dir;
  }
}
const SCHEMAS = slot("schema documents, schema trees and resources' schema issues", () => new Schemas());

/** The schemas of the run a resource is part of (reached through its Props' model state). */
export function schemasOf(r: Resource): Schemas {
  return r.root.model.ctx.get(SCHEMAS);
}

/** A top-level property (properties, identity) of a resource definition in an ARM schema. */
function armResourceProperty(schemas: Schemas, version: string, kind: ResourceKind, prop: string): SNode | undefined {
  const doc = schemas.load(`arm/${version}/Microsoft.Batch.json`);
  const def = doc.resolve(`#/resourceDefinitions/${kind === "account" ? "batchAccounts" : "batchAccounts_pools"}`);
  return def ? new SNode().add(doc, def).props?.get(prop)?.node : undefined;
}

/** The properties-object tree of a resource kind for one ARM schema version, in the run of resource `of`. */
export function armProperties(version: string, kind: ResourceKind, of: Resource | Schemas): SNode {
  const schemas = of instanceof Schemas ? of : schemasOf(of);
  const key = `arm|${version}|${kind}`;
  let n = schemas.trees.get(key);
  if (!n) schemas.trees.set(key, (n = armResourceProperty(schemas, version, kind, "properties") ?? new SNode()));
  return n;
}

/** Exports: every vendored ARM schema (accounts may date from any API version) plus the REST specification. */
export function exportProperties(schemas: Schemas, kind: ResourceKind): SNode {
  return (schemas.exportProps[kind] ??= exportPropertiesUncached(schemas, kind));
}

function exportPropertiesUncached(schemas: Schemas, kind: ResourceKind): SNode {
  const key = `export|${kind}`;
  let n = schemas.trees.get(key);
  if (!n) {
    n = new SNode();
    for (const v of ARM_SCHEMA_VERSIONS) n.merge(armProperties(v, kind, schemas));
    const rest = schemas.load(`rest/${REST_VERSION}/openapi.json`);
    const def = rest.resolve(`#/definitions/${kind === "account" ? "BatchAccountProperties" : "PoolProperties"}`);
    if (def) n.add(rest, def);
    schemas.trees.set(key, n);
  }
  return n;
}

/** The identity object: the ARM schema for templates; for exports also the response model (principalId ...). */
export function identityNode(schemas: Schemas, version: string | undefined, kind: ResourceKind): SNode | undefined {
  // Exports ask for the same two nodes for every account: no key to build each time.
  if (version === undefined) return (schemas.exportIdentity[kind] ??= identityNodeUncached(schemas, version, kind));
  return identityNodeUncached(schemas, version, kind);
}

function identityNodeUncached(schemas: Schemas, version: string | undefined, kind: ResourceKind): SNode | undefined {
  const key = `identity|${version ?? "export"}|${kind}`;
  let n = schemas.trees.get(key);
  if (!n) {
    n = new SNode();
    const arm = armResourceProperty(schemas, version ?? ARM_SCHEMA_VERSIONS[ARM_SCHEMA_VERSIONS.length - 1]!, kind, "identity");
    if (arm) n.merge(arm);
    if (version === undefined) {
      const rest = schemas.load(`rest/${REST_VERSION}/openapi.json`);
      const def = rest.resolve(`#/definitions/${kind === "account" ? "BatchAccountIdentity" : "BatchPoolIdentity"}`);
      if (def) n.add(rest, def);
    }
    schemas.trees.set(key, n);
  }
  return n;
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

/**
 * Walks a Prop against a schema node; never looks inside unknown values or open shapes. It walks the value tree
 * itself and makes a Prop only for an issue (or an unknown value, which --report-unknown must hear of): a
 * resource's every value is visited, so this is most of what the schema rules cost.
 */
export function checkAgainst(prop: Prop, node: SNode, out: SchemaIssue[], extraKeys?: ReadonlySet<string>, depth = 0): void {
  walkSchema(prop.model, prop.node, prop.keyAt, prop.path, [], node, out, extraKeys, depth, prop);
}

function walkSchema(
  model: ModelState,
  n: PNode | undefined,
  keyAt: Loc | undefined,
  base: string,
  segs: (string | number)[],
  node: SNode,
  out: SchemaIssue[],
  extraKeys: ReadonlySet<string> | undefined,
  depth: number,
  given?: Prop,
): void {
  if (depth > 64 || node.open || !n) return;
  // Read by JSON.parse: the parsed values are walked. (Told by `parsed`, not by importing model/literal.ts's
  // classes, so that loading this module does not load the document reader with it: 7.7 vs 11.3 ms.)
  if (n.parsed !== undefined) {
    walkPlain(model, n.parsed, { node: n, depth: segs.length }, keyAt, base, segs, node, out, extraKeys, depth, given);
    return;
  }
  if (n.t === "unk") {
    void (given ?? Prop.of(model, n, pathOf(base, segs), keyAt)).known; // tells --report-unknown
    return;
  }
  if (n.t === "val") {
    const s = n.value;
    if (typeof s === "string" && node.enums && !node.anyString && !node.props && !node.enums.has(model.lowerKey(s)) && !(s.startsWith("[") && s.endsWith("]"))) {
      const prop = given ?? Prop.of(model, n, pathOf(base, segs), keyAt);
      out.push({ kind: "invalid-enum", prop, name: s, allowed: [...node.enums.values()], key: `enum|${prop.path}` });
    }
    return;
  }
  if (n.t === "arr") {
    if (!node.items) return;
    for (let i = 0; i < n.items.length; i++) {
      segs.push(i);
      walkSchema(model, n.items[i], undefined, base, segs, node.items, out, undefined, depth + 1);
      segs.pop();
    }
    return;
  }
  if (!node.props && !node.additional) return;
  for (const e of n.props.values()) {
    const known = node.props?.get(model.lowerKey(e.key));
    if (!known && node.additional === "any") continue;
    segs.push(e.key);
    if (known) walkSchema(model, e.node, e.keyAt, base, segs, known.node, out, undefined, depth + 1);
    else if (node.additional) walkSchema(model, e.node, e.keyAt, base, segs, node.additional as SNode, out, undefined, depth + 1);
    else if (!extraKeys?.has(e.key.toLowerCase())) {
      const child = Prop.of(model, e.node, pathOf(base, segs), e.keyAt);
      out.push({ kind: "unknown-property", prop: child, name: e.key, key: `prop|${child.path}` });
    }
    segs.pop();
  }
}

/** Where a walk of plain values started: the node at `segs[0, depth)`, from which an issue's node is found. */
interface PlainTop {
  readonly node: PNode;
  readonly depth: number;
}

/**
 * `walkSchema` over the values JSON.parse read (exports): the same issues in the same order, and no node is made
 * unless there is an issue (then it is found from `top`, so it is the node rules see). Keys that differ only in
 * case are one property, as in the node's props: visited at the first spelling's place, with the last one's value.
 */
function walkPlain(
  model: ModelState,
  v: unknown,
  top: PlainTop,
  keyAt: Loc | undefined,
  base: string,
  segs: (string | number)[],
  node: SNode,
  out: SchemaIssue[],
  extraKeys: ReadonlySet<string> | undefined,
  depth: number,
  given?: Prop,
): void {
  if (depth > 64 || node.open) return;
  if (v === null || typeof v !== "object") {
    if (typeof v === "string" && node.enums && !node.anyString && !node.props && !node.enums.has(model.lowerKey(v)) && !(v.startsWith("[") && v.endsWith("]"))) {
      const prop = given ?? issueProp(model, top, keyAt, base, segs);
      out.push({ kind: "invalid-enum", prop, name: v, allowed: [...node.enums.values()], key: `enum|${prop.path}` });
    }
    return;
  }
  if (Array.isArray(v)) {
    if (!node.items) return;
    for (let i = 0; i < v.length; i++) {
      segs.push(i);
      walkPlain(model, v[i], top, undefined, base, segs, node.items, out, undefined, depth + 1);
      segs.pop();
    }
    return;
  }
  if (!node.props && !node.additional) return;
  const o = v as Record<string, unknown>;
  for (const visit of visitsOf(model, model.shapes.of(o), node, extraKeys)) {
    segs.push(visit.key);
    if (visit.node) walkPlain(model, o[visit.key], top, undefined, base, segs, visit.node, out, undefined, depth + 1);
    else {
      const child = issueProp(model, top, undefined, base, segs);
      out.push({ kind: "unknown-property", prop: child, name: visit.key, key: `prop|${child.path}` });
    }
    segs.pop();
  }
}

/** A key walkPlain visits in an object: its spelling, and the schema node its value is walked against (none: an unknown property). */
interface Visit {
  readonly key: string;
  readonly node: SNode | undefined;
}

/**
 * How walkPlain visits the objects of one shape against one schema node: worked out once, kept on the shape
 * (the accounts of an export share their shapes, and each object's keys were looked up in the schema one by one).
 * Keys that differ only in case are one property, as in the node's props: visited at the first spelling's place,
 * with the last one's value.
 */
function visitsOf(model: ModelState, shape: Shape, node: SNode, extraKeys: ReadonlySet<string> | undefined): readonly Visit[] {
  const memo = (shape.memo ??= new Map());
  const hit = memo.get(node) as { extraKeys: ReadonlySet<string> | undefined; visits: readonly Visit[] } | undefined;
  if (hit && hit.extraKeys === extraKeys) return hit.visits;
  const keys = shape.keys;
  const lowers = keys.map((k) => model.lowerKey(k));
  const variants = hasCaseVariants(lowers);
  const visits: Visit[] = [];
  for (let i = 0; i < keys.length; i++) {
    let key = keys[i]!;
    const lower = lowers[i]!;
    if (variants) {
      if (lowers.indexOf(lower) < i) continue;
      const last = lowers.lastIndexOf(lower);
      if (last !== i) key = keys[last]!;
    }
    const known = node.props?.get(lower);
    if (!known && node.additional === "any") continue;
    if (known) visits.push({ key, node: known.node });
    else if (node.additional) visits.push({ key, node: node.additional as SNode });
    else if (!extraKeys?.has(lower)) visits.push({ key, node: undefined });
  }
  memo.set(node, { extraKeys, visits });
  return visits;
}

/** True when two of the keys are one key written in different case. */
function hasCaseVariants(lowers: readonly string[]): boolean {
  // A set, not a comparison of every pair: an object of 100,000 keys would take minutes.
  return new Set(lowers).size !== lowers.length;
}

/** The Prop of the value at `segs` below `top` (made for an issue only). */
function issueProp(model: ModelState, top: PlainTop, keyAt: Loc | undefined, base: string, segs: readonly (string | number)[]): Prop {
  let n = top.node;
  for (let i = top.depth; i < segs.length; i++) {
    const seg = segs[i]!;
    if (typeof seg === "number" && n.t === "arr") {
      n = n.items[seg]!;
      keyAt = undefined;
    } else if (typeof seg === "string" && n.t === "obj") {
      const e = n.props.get(model.lowerKey(seg))!;
      n = e.node;
      keyAt = e.keyAt;
    } else throw new Error(`schema walk: no node at ${pathOf(base, segs)}`);
  }
  return Prop.of(model, n, pathOf(base, segs), keyAt);
}

/** The path Prop.path would give for these segments below `base`. */
function pathOf(base: string, segs: readonly (string | number)[]): string {
  let p = base;
  for (const s of segs) p = typeof s === "number" ? `${p}[${s}]` : p ? `${p}.${s}` : s;
  return p;
}

const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
const TEMPLATE_KEYS = lower(TEMPLATE_RESOURCE_KEYS);
const EXPORT_KEYS = lower(EXPORT_RESOURCE_KEYS);
const LEGACY_KEYS = lower(LEGACY_READ_ONLY);
const EXPORT_FLAT_KEYS = lower([...EXPORT_RESOURCE_KEYS, ...LEGACY_READ_ONLY]);

export function kindOf(r: Resource): ResourceKind | undefined {
  const t = r.root.model.lowerKey(r.type);
  return t === "microsoft.batch/batchaccounts" ? "account" : t === "microsoft.batch/batchaccounts/pools" ? "pool" : undefined;
}

/** Schema issues of a resource against one schema version (templates) or the export schema (version undefined). */
export function resourceIssues(r: Resource, version: string | undefined, schemas: Schemas = schemasOf(r)): SchemaIssue[] {
  const kind = kindOf(r);
  if (!kind) return [];
  const out: SchemaIssue[] = [];
  const props = version ? armProperties(version, kind, schemas) : exportProperties(schemas, kind);
  const flattened = r.properties.at.pointer === r.root.at.pointer && r.properties.at.file === r.root.at.file;
  if (flattened) {
    // az CLI output: properties and resource keys share one object.
    checkAgainst(r.properties, props, out, EXPORT_FLAT_KEYS);
  } else {
    checkAgainst(r.properties, props, out, version ? undefined : LEGACY_KEYS);
    const root = r.root.node;
    if (root?.t === "obj") {
      for (const e of root.props.values()) {
        if ((version ? TEMPLATE_KEYS : EXPORT_KEYS).has(r.root.model.lowerKey(e.key))) continue;
        const child = r.root.child(e.key);
        out.push({ kind: "unknown-property", prop: child, name: e.key, key: `prop|${child.path}` });
      }
    }
  }
  const idNode = identityNode(schemas, version, kind);
  if (idNode) checkAgainst(r.get("identity"), idNode, out);
  return out;
}
