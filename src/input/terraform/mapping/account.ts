/**
 * `azurerm_batch_account` → the rules' model (a Microsoft.Batch/batchAccounts resource body), with the provider's
 * defaults. Facts: the provider's reference page and code (../shared/reference/terraform-azurerm, provider commit
 * 69697b7f; Microsoft.Batch API 2024-07-01).
 *
 * Input: the evaluated block, an object node whose members are its attributes (value nodes) and its nested blocks
 * (each an array node of object nodes, one per block written or made by `dynamic`; an unknown node when `dynamic`
 * iterates over an unknown collection). Output: the ARM-shaped body, every value located where the Terraform text
 * writes it; a value the provider derives (keySource from an `encryption` block, a default it sends) is located at
 * the block that decides it. An attribute that is absent and that the provider does not send is absent here too, so
 * rules report "not set" at the resource block, as they do for ARM.
 */
import type { Loc, PNode, PropEntry } from "../../../model/tree.js";
import { type Obj, ObjTree } from "./spec.js";

/** One row of the mapping table: a Terraform attribute (path in the block) and the model property it sets. */
export interface MappingRow {
  readonly tf: string;
  readonly model: string;
  /** What the provider does when the attribute is absent, and other facts a reader of the table needs. */
  readonly note: string;
  /** The provider version that added the attribute, when later than 3.0. */
  readonly since?: string;
}

export const ACCOUNT_TABLE: readonly MappingRow[] = [
  { tf: "name", model: "name", note: "" },
  { tf: "location", model: "location", note: "" },
  { tf: "tags", model: "tags", note: "" },
  {
    tf: "allowed_authentication_modes",
    model: "properties.allowedAuthenticationModes",
    note: "absent, or [] on create, is not sent: the service default applies, which allows SharedKey",
    since: "3.19.0",
  },
  { tf: "public_network_access_enabled", model: "properties.publicNetworkAccess", note: "true → Enabled, false → Disabled; default true" },
  { tf: "pool_allocation_mode", model: "properties.poolAllocationMode", note: "default BatchService" },
  { tf: "key_vault_reference { id, url }", model: "properties.keyVaultReference { id, url }", note: "" },
  {
    tf: "encryption { key_vault_key_id }",
    model: "properties.encryption { keySource: Microsoft.KeyVault, keyVaultProperties.keyIdentifier }",
    note: "no block: keySource Microsoft.Batch (a Microsoft-managed key)",
  },
  { tf: "identity { type, identity_ids }", model: "identity { type, userAssignedIdentities }", note: "each id a key of userAssignedIdentities" },
  {
    tf: "network_profile { account_access | node_management_access { default_action, ip_rule { ip_range, action } } }",
    model: "properties.networkProfile { accountAccess | nodeManagementAccess { defaultAction, ipRules [{ value, action }] } }",
    note: "default_action defaults to Deny; action to Allow",
  },
  {
    tf: "storage_account_id",
    model: "properties.autoStorage.storageAccountId",
    note: "autoStorage is sent only when it is set (the mode and node identity alone send nothing); since 3.19.0 requires storage_account_authentication_mode",
  },
  { tf: "storage_account_authentication_mode", model: "properties.autoStorage.authenticationMode", note: "" },
  { tf: "storage_account_node_identity", model: "properties.autoStorage.nodeIdentityReference.resourceId", note: "" },
];

function member(block: Obj, name: string): PropEntry | undefined {
  return block.props.get(name);
}

/** The first instance of a nested block written at most once (identity, encryption, ...); an unknown `dynamic` stays unknown. */
function single(block: Obj, name: string): Obj | PNode | undefined {
  const n = member(block, name)?.node;
  if (n === undefined || n.t !== "arr") return n;
  const first = n.items[0];
  return first;
}

/** A value the provider derives, located at the block or attribute that decides it. */
function derived(value: string | number | boolean, at: Loc, origins: readonly Loc[] = []): PNode {
  return { t: "val", value, at, origins, ev: true };
}

/** An attribute absent or null is not sent: undefined. */
function attr(block: Obj, name: string): PNode | undefined {
  const n = member(block, name)?.node;
  return n === undefined || (n.t === "val" && n.value === null) ? undefined : n;
}

function keyAt(block: Obj, name: string): Loc | undefined {
  return member(block, name)?.keyAt;
}

export function mapBatchAccount(block: Obj): Obj {
  const root = new ObjTree(block.at);
  for (const k of ["name", "location", "tags"]) root.member(k, attr(block, k), keyAt(block, k));
  const props = new ObjTree(block.at);

  const modes = attr(block, "allowed_authentication_modes");
  // [] is not sent on create (the provider's expand skips an empty list): the service default applies.
  if (!(modes?.t === "arr" && modes.items.length === 0)) props.member("allowedAuthenticationModes", modes, keyAt(block, "allowed_authentication_modes"));

  const pna = attr(block, "public_network_access_enabled");
  props.member("publicNetworkAccess", pna && boolEnum(pna, "Enabled", "Disabled"), keyAt(block, "public_network_access_enabled"));
  props.member("poolAllocationMode", attr(block, "pool_allocation_mode"), keyAt(block, "pool_allocation_mode"));

  const kvr = single(block, "key_vault_reference");
  if (kvr) props.member("keyVaultReference", kvr.t === "obj" ? new ObjTree(kvr.at).member("id", attr(kvr, "id")).member("url", attr(kvr, "url")).build() : kvr);

  const enc = single(block, "encryption");
  if (enc) {
    if (enc.t !== "obj") props.member("encryption", enc);
    else {
      const kv = new ObjTree(enc.at).member("keyIdentifier", attr(enc, "key_vault_key_id"), keyAt(enc, "key_vault_key_id")).build();
      props.member("encryption", new ObjTree(enc.at).member("keySource", derived("Microsoft.KeyVault", enc.at)).member("keyVaultProperties", kv).build());
    }
  }

  const net = single(block, "network_profile");
  if (net) props.member("networkProfile", net.t === "obj" ? networkProfile(net) : net);

  // autoStorage is sent only with a storage_account_id (the provider's create: `if storageAccountId != "" {...}`): an
  // authentication mode or node identity alone sends nothing (and `terraform validate` asks for the id).
  const storageId = attr(block, "storage_account_id");
  if (storageId) {
    const storage = new ObjTree(block.at)
      .member("storageAccountId", storageId, keyAt(block, "storage_account_id"))
      .member("authenticationMode", attr(block, "storage_account_authentication_mode"), keyAt(block, "storage_account_authentication_mode"));
    const nodeIdentity = attr(block, "storage_account_node_identity");
    if (nodeIdentity) storage.member("nodeIdentityReference", new ObjTree(nodeIdentity.at).member("resourceId", nodeIdentity).build());
    props.member("autoStorage", storage.build());
  }

  const identity = single(block, "identity");
  if (identity) root.member("identity", identity.t === "obj" ? mapIdentity(identity) : identity);
  root.member("properties", props.build());
  return root.build();
}

/** `true`/`false` → the enum the API takes; an unknown stays unknown, located where it is written. */
function boolEnum(n: PNode, yes: string, no: string): PNode {
  if (n.t !== "val" || typeof n.value !== "boolean") return n;
  // Converted, not computed: a literal `true` stays a literal (its fix edits it in place), an evaluated one stays evaluated.
  return { t: "val", value: n.value ? yes : no, at: n.at, origins: n.origins, ev: n.ev };
}

/** `identity { type, identity_ids }` → `{ type, userAssignedIdentities: { <id>: {} } }`. */
export function mapIdentity(b: Obj): Obj {
  const out = new ObjTree(b.at).member("type", attr(b, "type"), keyAt(b, "type"));
  const ids = attr(b, "identity_ids");
  if (ids?.t === "arr") {
    const users = new ObjTree(ids.at);
    for (const id of ids.items) {
      if (id.t === "val" && typeof id.value === "string") users.member(id.value, new ObjTree(id.at).build(), id.at);
      else return out.member("userAssignedIdentities", { t: "unk", reason: "an identity id is not known", at: ids.at, origins: ids.origins }).build();
    }
    out.member("userAssignedIdentities", users.build());
  } else if (ids) out.member("userAssignedIdentities", ids);
  return out.build();
}

function networkProfile(net: Obj): Obj {
  const out = new ObjTree(net.at);
  for (const [tf, model] of [
    ["account_access", "accountAccess"],
    ["node_management_access", "nodeManagementAccess"],
  ] as const) {
    const access = single(net, tf);
    if (!access) continue;
    if (access.t !== "obj") {
      out.member(model, access);
      continue;
    }
    // default_action is sent with its default, Deny.
    const action = attr(access, "default_action") ?? derived("Deny", access.at);
    const rules = member(access, "ip_rule")?.node;
    const ipRules: PNode | undefined =
      rules?.t === "arr"
        ? {
            t: "arr",
            at: rules.at,
            origins: [],
            items: rules.items.map((r) =>
              r.t !== "obj"
                ? r
                : new ObjTree(r.at)
                    .member("action", attr(r, "action") ?? derived("Allow", r.at))
                    .member("value", attr(r, "ip_range"), keyAt(r, "ip_range"))
                    .build(),
            ),
          }
        : rules;
    out.member(model, new ObjTree(access.at).member("defaultAction", action, keyAt(access, "default_action")).member("ipRules", ipRules).build());
  }
  return out.build();
}
