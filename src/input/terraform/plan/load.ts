/**
 * The Batch resources of a Terraform plan (`terraform show -json plan.out`; HashiCorp's "JSON Output Format",
 * format_version 1.x). Each `resource_changes[]` entry of type azurerm_batch_account, azurerm_batch_pool,
 * azurerm_batch_certificate or azapi_resource (a Batch type) becomes the block the mapping reads (mapping/), built
 * from `change.after`, every value
 * located at its JSON pointer in the plan file (`/resource_changes/3/change/after/allowed_authentication_modes`):
 *   - `change.after_unknown` mirrors `after` and says what is known only after apply (`true` at a path). Terraform
 *     leaves such values out of `after` (or writes null for a list element): they become unknown nodes, located at
 *     the after_unknown entry that says so, and never give a finding;
 *   - `change.after_sensitive` mirrors it too and marks sensitive values. Terraform cannot say where such a value
 *     came from (a literal, a variable, a secret store), and batchlint must never print one: it is unknown here
 *     (reason "a sensitive value"), so no rule reads or quotes it;
 *   - a delete (`actions` ["delete"]) and a data source (`mode` "data") are not linted.
 * A plan without `resource_changes` (a hand-trimmed one) is read from `planned_values.root_module` and its
 * `child_modules`: there Terraform writes null for a known unset attribute and leaves out an unknown one, so a
 * member that is not written is unknown (never "not set"), and `sensitive_values` marks the sensitive ones.
 * A resource is named in findings by its `address` (`module.batch.azurerm_batch_account.this[0]`); a pool's name is
 * `<account>/<pool>` from its `account_name`, and it is linked to the account of that name in the same plan.
 */
import type { RunContext } from "../../../context.js";
import { Prop } from "../../../model/prop.js";
import { type Resource, ResourceImpl } from "../../../model/resource.js";
import { modelState } from "../../../model/state.js";
import type { Loc, PNode, PropEntry, PropMap } from "../../../model/tree.js";
import { escapePointerToken } from "../../../model/value.js";
import type { ParsedDoc } from "../../../parse/document.js";
import type { LoadNote } from "../../language.js";
import { mapBatchAccount } from "../mapping/account.js";
import { mapAzapi } from "../mapping/azapi.js";
import { mapBatchCertificate } from "../mapping/certificate.js";
import { mapBatchPool } from "../mapping/pool.js";
import type { Obj } from "../mapping/spec.js";

/** The Microsoft.Batch API version the azurerm mapping follows (docs/terraform-mapping.md). */
export const AZURERM_API_VERSION = "2024-07-01";

const ACCOUNT = "Microsoft.Batch/batchAccounts";
const POOL = "Microsoft.Batch/batchAccounts/pools";
const CERTIFICATE = "Microsoft.Batch/batchAccounts/certificates";
const TYPES = new Set(["azurerm_batch_account", "azurerm_batch_pool", "azurerm_batch_certificate", "azapi_resource"]);

export interface PlanLoad {
  readonly resources: Resource[];
  readonly notes: LoadNote[];
  /** The strings after_sensitive (sensitive_values) marks in the linted resources, for the redactor (language.ts). */
  readonly sensitive: Set<string>;
}

/** One resource instance of the plan, as the mapping takes it. */
interface PlanInstance {
  readonly address: string;
  readonly type: string;
  readonly block: Obj;
}

export function loadPlan(doc: ParsedDoc, ctx: RunContext = doc.context): PlanLoad {
  const out: PlanLoad = { resources: [], notes: [], sensitive: new Set() };
  const root = doc.value as Record<string, unknown>;
  const base = doc.base.pointer ?? "";
  const instances = Array.isArray(root.resource_changes) ? fromChanges(doc.file, root.resource_changes, `${base}/resource_changes`, out) : fromPlannedValues(doc.file, root.planned_values, `${base}/planned_values`, out);
  const model = modelState(ctx);
  const accounts = new Map<string, ResourceImpl>();
  const pools: ResourceImpl[] = [];
  for (const inst of instances) {
    const mapped = mapInstance(inst);
    if (!mapped) continue;
    const rootProp = Prop.of(model, mapped.body);
    const name = rootProp.get("name").str();
    const res = new ResourceImpl(mapped.type, mapped.apiVersion, name, inst.address, rootProp, rootProp.get("properties"), "template");
    out.resources.push(res);
    if (mapped.type === ACCOUNT && name !== undefined) accounts.set(name.toLowerCase(), res);
    else if (mapped.type === POOL) pools.push(res);
  }
  for (const pool of pools) {
    const account = pool.name?.split("/")[0];
    if (account !== undefined) pool.parent = accounts.get(account.toLowerCase());
  }
  return out;
}

function mapInstance(inst: PlanInstance): { type: string; apiVersion: string; body: Obj } | undefined {
  switch (inst.type) {
    case "azurerm_batch_account":
      return { type: ACCOUNT, apiVersion: AZURERM_API_VERSION, body: mapBatchAccount(inst.block) };
    case "azurerm_batch_pool":
      return { type: POOL, apiVersion: AZURERM_API_VERSION, body: withName(mapBatchPool(inst.block), poolName(inst.block)) };
    case "azurerm_batch_certificate": {
      const body = mapBatchCertificate(inst.block);
      return { type: CERTIFICATE, apiVersion: AZURERM_API_VERSION, body: withName(body, childName(inst.block, body.props.get("name")?.node)) };
    }
    default:
      return mapAzapi(inst.block);
  }
}

/** `<account>/<pool>` from `account_name` and `name`; unknown when either is. */
function poolName(block: Obj): PNode | undefined {
  return childName(block, block.props.get("name")?.node);
}

/** `<account>/<name>` from `account_name` and the child's own name; unknown when either is. */
function childName(block: Obj, name: PNode | undefined): PNode | undefined {
  const account = block.props.get("account_name")?.node;
  if (name === undefined) return undefined;
  if (name.t !== "val" || typeof name.value !== "string") return name;
  if (account?.t !== "val" || typeof account.value !== "string") {
    return { t: "unk", reason: account?.t === "unk" ? account.reason : "account_name is not set", at: name.at, origins: account ? [account.at] : [] };
  }
  return { t: "val", value: `${account.value}/${name.value}`, at: name.at, origins: [], ev: true };
}

function withName(body: Obj, name: PNode | undefined): Obj {
  if (name === undefined) return body;
  const props = new Map<string, PropEntry>();
  const old = body.props.get("name");
  props.set("name", { key: "name", keyAt: old?.keyAt, node: name });
  for (const e of body.props.values()) if (e.key.toLowerCase() !== "name") props.set(e.key.toLowerCase(), e);
  return { ...body, props };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The linted `resource_changes[]` entries; deletes and data sources are left out (with a note). */
function fromChanges(file: string, changes: unknown[], at: string, load: PlanLoad): PlanInstance[] {
  const out: PlanInstance[] = [];
  const notes = load.notes;
  for (let i = 0; i < changes.length; i++) {
    const rc = changes[i];
    if (!isObj(rc) || typeof rc.type !== "string" || !TYPES.has(rc.type)) continue;
    const address = typeof rc.address === "string" ? rc.address : `${rc.type}.${String(rc.name)}`;
    if (rc.mode === "data") continue;
    const change = isObj(rc.change) ? rc.change : {};
    const actions = Array.isArray(change.actions) ? change.actions : [];
    if (actions.length > 0 && actions.every((a) => a === "delete")) {
      notes.push({ kind: "skipped", message: `${address}: planned for deletion; not linted` });
      continue;
    }
    if (!isObj(change.after)) {
      notes.push({ kind: "skipped", message: `${address}: the plan has no 'after' state; not linted` });
      continue;
    }
    const ptr = `${at}/${i}/change`;
    const block = new PlanTree(file, false, load.sensitive).node(change.after, `${ptr}/after`, change.after_unknown, `${ptr}/after_unknown`, change.after_sensitive);
    // The whole object known only after apply, or sensitive: nothing to read.
    if (block.t !== "obj") notes.push({ kind: "skipped", message: `${address}: its values are ${block.t === "unk" ? block.reason : "not an object"}; not linted` });
    else out.push({ address, type: rc.type, block });
  }
  return out;
}

/** The resources of `planned_values.root_module` and its child modules, depth first, in the order written. */
function fromPlannedValues(file: string, planned: unknown, at: string, load: PlanLoad): PlanInstance[] {
  const out: PlanInstance[] = [];
  const notes = load.notes;
  if (!isObj(planned)) return out;
  const stack: [unknown, string][] = [[planned.root_module, `${at}/root_module`]];
  while (stack.length) {
    const [mod, ptr] = stack.pop()!;
    if (!isObj(mod)) continue;
    const resources = Array.isArray(mod.resources) ? mod.resources : [];
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i];
      if (!isObj(r) || r.mode === "data" || typeof r.type !== "string" || !TYPES.has(r.type) || !isObj(r.values)) continue;
      const address = typeof r.address === "string" ? r.address : `${r.type}.${String(r.name)}`;
      const rp = `${ptr}/resources/${i}`;
      const block = new PlanTree(file, true, load.sensitive).node(r.values, `${rp}/values`, undefined, rp, r.sensitive_values);
      if (block.t === "obj") out.push({ address, type: r.type, block });
      else notes.push({ kind: "skipped", message: `${address}: its values are ${block.t === "unk" ? block.reason : "not an object"}; not linted` });
    }
    const children = Array.isArray(mod.child_modules) ? mod.child_modules : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], `${ptr}/child_modules/${i}`]);
  }
  return out;
}

const NONE: readonly Loc[] = Object.freeze([]);

/** A plan value with its unknown and sensitive marks as located nodes. */
class PlanTree {
  constructor(
    private readonly file: string,
    /** planned_values: a member not written is unknown (Terraform leaves unknown values out, writes null for unset). */
    private readonly absentUnknown: boolean,
    /** Where the strings of sensitive values go. */
    private readonly sensitive: Set<string>,
  ) {}

  private loc(pointer: string, key = false): Loc {
    return key ? { file: this.file, pointer, key: true } : { file: this.file, pointer };
  }

  node(v: unknown, at: string, unknown: unknown, unknownAt: string, sensitive: unknown): PNode {
    if (unknown === true) return { t: "unk", reason: "known after apply", at: this.loc(unknownAt), origins: NONE };
    if (sensitive === true) {
      collectStrings(v, this.sensitive);
      return { t: "unk", reason: "a sensitive value", at: this.loc(at), origins: NONE };
    }
    if (Array.isArray(v)) {
      const items = v.map((x, i) => this.node(x, `${at}/${i}`, child(unknown, i), `${unknownAt}/${i}`, child(sensitive, i)));
      return { t: "arr", items, at: this.loc(at), origins: NONE };
    }
    if (isObj(v)) {
      const props = new Map<string, PropEntry>();
      for (const key of Object.keys(v)) {
        const seg = escapePointerToken(key);
        props.set(key.toLowerCase(), { key, keyAt: this.loc(`${at}/${seg}`, true), node: this.node(v[key], `${at}/${seg}`, child(unknown, key), `${unknownAt}/${seg}`, child(sensitive, key)) });
      }
      // Left out of `after` because not known: after_unknown says so.
      if (isObj(unknown)) {
        for (const key of Object.keys(unknown)) {
          if (Object.hasOwn(v, key) || unknown[key] !== true) continue;
          const p = `${unknownAt}/${escapePointerToken(key)}`;
          props.set(key.toLowerCase(), { key, keyAt: this.loc(p, true), node: { t: "unk", reason: "known after apply", at: this.loc(p), origins: NONE } });
        }
      }
      const loc = this.loc(at);
      return { t: "obj", props: this.absentUnknown ? new AbsentUnknown(props, loc) : props, at: loc, origins: NONE };
    }
    return { t: "val", value: v as string | number | boolean | null, at: this.loc(at), origins: NONE };
  }
}

function collectStrings(v: unknown, into: Set<string>): void {
  const stack = [v];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === "string") {
      if (x !== "") into.add(x);
    } else if (Array.isArray(x)) stack.push(...x);
    else if (isObj(x)) stack.push(...Object.values(x));
  }
}

function child(marks: unknown, k: string | number): unknown {
  if (Array.isArray(marks)) return typeof k === "number" ? marks[k] : undefined;
  return isObj(marks) && typeof k === "string" ? marks[k] : undefined;
}

/** An object of planned_values: a member not written is unknown (located at the object), not "not set". */
class AbsentUnknown implements PropMap {
  constructor(
    private readonly props: Map<string, PropEntry>,
    private readonly at: Loc,
  ) {}
  get(lower: string): PropEntry | undefined {
    return this.props.get(lower) ?? { key: lower, node: { t: "unk", reason: "not in planned_values (known after apply)", at: this.at, origins: NONE } };
  }
  values(): Iterable<PropEntry> {
    return this.props.values();
  }
  get size(): number {
    return this.props.size;
  }
}
