/**
 * `azapi_resource` (the Azure/azapi provider, v1 and v2) → the rules' model, for the Batch types only. The block names
 * the ARM type and API version in one attribute (`type = "Microsoft.Batch/batchAccounts@2024-07-01"`), and its
 * `body` is the ARM resource body already (`{ properties = { ... } }`): a v2 dynamic value or a v1 HCL object is an
 * object node, kept as it is (each value where it is written); a v1 `jsonencode(...)` the loader could not keep as an
 * object is a string value node, parsed here, every value of it located at the `body` attribute.
 * `name`, `location`, `tags` and `identity { type, identity_ids }` are attributes of the block, not of the body;
 * a child (a pool) is named by its `parent_id`: the account is the last segment of that id.
 */
import type { Loc, PNode } from "../../../model/tree.js";
import { nodeFromValue } from "../../../model/tree.js";
import type { Value } from "../../../model/value.js";
import { batchType } from "../../export/resources.js";
import { mapIdentity } from "./account.js";
import { type Obj, ObjTree } from "./spec.js";

/** The block's own attributes that the provider sends as the resource's top-level members (they win over the body's). */
const TOP = ["location", "tags"] as const;

export interface AzapiResource {
  /** The canonical Batch type, e.g. "Microsoft.Batch/batchAccounts/pools". */
  readonly type: string;
  readonly apiVersion: string;
  /** The ARM-shaped resource: name, location, tags, identity, and the body's members (properties, ...). */
  readonly body: Obj;
}

/** The parts of `Microsoft.Batch/batchAccounts@2024-07-01`; undefined for another shape. */
export function splitAzapiType(type: string): { type: string; apiVersion: string } | undefined {
  const at = type.indexOf("@");
  if (at <= 0 || at === type.length - 1) return undefined;
  return { type: type.slice(0, at).trim(), apiVersion: type.slice(at + 1).trim() };
}

/** The Batch type and API version of an azapi_resource block's known `type`; undefined when unknown or not Batch. */
export function azapiBatchType(block: Obj): { type: string; apiVersion: string } | undefined {
  const t = block.props.get("type")?.node;
  if (t?.t !== "val" || typeof t.value !== "string") return undefined;
  const parts = splitAzapiType(t.value);
  const canonical = parts && batchType(parts.type);
  return canonical ? { type: canonical, apiVersion: parts!.apiVersion } : undefined;
}

/**
 * `parentName`: the account's name when `parent_id` is unknown only because it is another resource's computed id
 * (`azapi_resource.acct.id`), as the loader reads it from that resource's `name` (undefined otherwise).
 */
export function mapAzapi(block: Obj, parentName?: string): AzapiResource | undefined {
  const kind = azapiBatchType(block);
  if (!kind) return undefined;
  const root = new ObjTree(block.at);
  const set = new Set<string>();
  const put = (key: string, node: PNode | undefined, keyAt?: Loc) => {
    if (node === undefined) return;
    set.add(key.toLowerCase());
    root.member(key, node, keyAt);
  };

  const nameEntry = block.props.get("name");
  const name = present(nameEntry?.node);
  const isChild = kind.type.split("/").length > 2;
  put("name", name && isChild ? childName(block, name, parentName) : name, nameEntry?.keyAt);

  for (const k of TOP) {
    const e = block.props.get(k);
    put(k, present(e?.node), e?.keyAt);
  }

  const identity = present(block.props.get("identity")?.node);
  const first = identity?.t === "arr" ? identity.items[0] : identity;
  if (first) put("identity", first.t === "obj" ? mapIdentity(first) : first, block.props.get("identity")?.keyAt);

  const bodyEntry = block.props.get("body");
  const body = bodyOf(present(bodyEntry?.node));
  if (body?.t === "obj") {
    // The block's own attributes win over the body's members of the same name (the provider sends the block's).
    for (const e of body.props.values()) if (!set.has(e.key.toLowerCase())) root.member(e.key, e.node, e.keyAt);
  } else if (body) {
    // An unknown body (or one that is not a JSON object): what it holds is not known.
    root.member("properties", body, bodyEntry?.keyAt);
  }
  return { type: kind.type, apiVersion: kind.apiVersion, body: root.build() };
}

/** Absent or null: not sent. */
function present(n: PNode | undefined): PNode | undefined {
  return n === undefined || (n.t === "val" && n.value === null) ? undefined : n;
}

/**
 * `<account>/<name>`: the account is the last segment of a known `parent_id`, or the name of the resource whose id it
 * is (`parentName`); else the name is not known.
 */
function childName(block: Obj, name: PNode, parentName?: string): PNode {
  const parent = present(block.props.get("parent_id")?.node);
  if (name.t !== "val" || typeof name.value !== "string") return name;
  if (parent?.t !== "val" || typeof parent.value !== "string") {
    if (parent && parentName !== undefined) return { t: "val", value: `${parentName}/${name.value}`, at: name.at, origins: [...name.origins, parent.at], ev: true };
    return { t: "unk", reason: parent ? "parent_id is not known" : "parent_id is not set", at: name.at, origins: [...name.origins, ...(parent ? [parent.at] : [])] };
  }
  const segs = parent.value.split("/").filter((s) => s !== "");
  const account = segs[segs.length - 1];
  if (account === undefined) return { t: "unk", reason: "parent_id names no account", at: name.at, origins: [parent.at] };
  return { t: "val", value: `${account}/${name.value}`, at: name.at, origins: [...name.origins, parent.at], ev: true };
}

/** The body as an object node: as it is, or parsed from a JSON string (its values located at the attribute). */
function bodyOf(n: PNode | undefined): PNode | undefined {
  if (n === undefined || n.t !== "val" || typeof n.value !== "string") return n;
  let parsed: unknown;
  try {
    parsed = JSON.parse(n.value);
  } catch {
    return unknownAt(n.at, n.origins, "body is not JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return unknownAt(n.at, n.origins, "body is not a JSON object");
  return nodeFromValue(parsed as Value, n.at, n.origins);
}

function unknownAt(at: Loc, origins: readonly Loc[], reason: string): PNode {
  return { t: "unk", reason, at, origins };
}
