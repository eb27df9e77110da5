/**
 * The azurerm_batch_account mapping table (src/input/terraform/mapping/account.ts): evaluated blocks in, the model's
 * ARM-shaped body out, read through Prop as rules read it; the provider's defaults and what it does not send.
 */
import { describe, expect, test } from "vitest";
import { RunContext } from "../src/context.js";
import { mapBatchAccount } from "../src/input/terraform/mapping/account.js";
import { mapBatchPool } from "../src/input/terraform/mapping/pool.js";
import { Prop } from "../src/model/prop.js";
import { modelState } from "../src/model/state.js";
import type { Loc, PNode, PropEntry } from "../src/model/tree.js";

const at = (p: string): Loc => ({ file: "main.tf", pointer: p });
type Obj = Extract<PNode, { t: "obj" }>;
const val = (p: string, value: string | number | boolean | null): PNode => ({ t: "val", value, at: at(p), origins: [] });
const unk = (p: string): PNode => ({ t: "unk", reason: "var.x has no value", at: at(p), origins: [] });
const arr = (p: string, items: PNode[]): PNode => ({ t: "arr", items, at: at(p), origins: [] });
function obj(p: string, members: Record<string, PNode>): Obj {
  const props = new Map<string, PropEntry>();
  for (const [k, n] of Object.entries(members)) props.set(k.toLowerCase(), { key: k, keyAt: { ...at(`${p}/${k}`), key: true }, node: n });
  return { t: "obj", props, at: at(p), origins: [] };
}
const B = "/resource/azurerm_batch_account/a";
const read = (members: Record<string, PNode>) => Prop.of(modelState(new RunContext()), mapBatchAccount(obj(B, { name: val(`${B}/name`, "acct"), ...members })));

describe("azurerm_batch_account", () => {
  test("allowed_authentication_modes: as written; absent, null or [] is not sent (the service default, SharedKey allowed)", () => {
    const r = read({ allowed_authentication_modes: arr(`${B}/allowed_authentication_modes`, [val(`${B}/allowed_authentication_modes/0`, "AAD")]) });
    const modes = r.get("properties.allowedAuthenticationModes");
    expect(modes.items().map((m) => m.str())).toEqual(["AAD"]);
    expect(modes.items()[0]!.at).toEqual(at(`${B}/allowed_authentication_modes/0`));
    for (const m of [undefined, val(`${B}/allowed_authentication_modes`, null), arr(`${B}/allowed_authentication_modes`, [])]) {
      const p = read(m ? { allowed_authentication_modes: m } : {}).get("properties.allowedAuthenticationModes");
      expect(p.missing).toBe(true);
      expect(p.at.pointer).toBe(B); // reported at the resource block
    }
    expect(read({ allowed_authentication_modes: unk(`${B}/allowed_authentication_modes`) }).get("properties.allowedAuthenticationModes").unknown).toBe(true);
  });

  test("public_network_access_enabled: false → Disabled, true → Enabled at the attribute; absent is not set; unknown stays unknown", () => {
    expect(
      read({ public_network_access_enabled: val(`${B}/public_network_access_enabled`, false) })
        .get("properties.publicNetworkAccess")
        .str(),
    ).toBe("Disabled");
    const on = read({ public_network_access_enabled: val(`${B}/public_network_access_enabled`, true) }).get("properties.publicNetworkAccess");
    expect([on.str(), on.at.pointer]).toEqual(["Enabled", `${B}/public_network_access_enabled`]);
    expect(read({}).get("properties.publicNetworkAccess").missing).toBe(true);
    expect(read({ public_network_access_enabled: unk(`${B}/public_network_access_enabled`) }).get("properties.publicNetworkAccess").unknown).toBe(true);
  });

  test("encryption { key_vault_key_id }: keySource Microsoft.KeyVault at the block; no block, no encryption (Microsoft-managed key)", () => {
    const enc = obj(`${B}/encryption/0`, { key_vault_key_id: val(`${B}/encryption/0/key_vault_key_id`, "https://kv.vault.azure.net/keys/k") });
    const r = read({ encryption: arr(`${B}/encryption`, [enc]) });
    expect(r.get("properties.encryption.keySource").str()).toBe("Microsoft.KeyVault");
    expect(r.get("properties.encryption.keySource").at.pointer).toBe(`${B}/encryption/0`);
    expect(r.get("properties.encryption.keyVaultProperties.keyIdentifier").str()).toBe("https://kv.vault.azure.net/keys/k");
    expect(read({}).get("properties.encryption").missing).toBe(true);
    // A dynamic block over an unknown collection: unknown, not absent.
    expect(read({ encryption: unk(`${B}/encryption`) }).get("properties.encryption.keySource").unknown).toBe(true);
  });

  test("identity { type, identity_ids }: ids become the keys of userAssignedIdentities; an unknown id makes them unknown", () => {
    const id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u";
    const ident = (ids: PNode) => arr(`${B}/identity`, [obj(`${B}/identity/0`, { type: val(`${B}/identity/0/type`, "UserAssigned"), identity_ids: ids })]);
    const r = read({ identity: ident(arr(`${B}/identity/0/identity_ids`, [val(`${B}/identity/0/identity_ids/0`, id)])) });
    expect(r.get("identity.type").str()).toBe("UserAssigned");
    expect(
      r
        .get("identity.userAssignedIdentities")
        .entries()
        .map(([k]) => k),
    ).toEqual([id]);
    expect(read({ identity: ident(arr(`${B}/identity/0/identity_ids`, [unk(`${B}/identity/0/identity_ids/0`)])) }).get("identity.userAssignedIdentities").unknown).toBe(true);
  });

  test("network_profile: default_action defaults to Deny (at the block), ip_rule → ipRules with action Allow", () => {
    const access = obj(`${B}/network_profile/0/account_access/0`, {
      ip_rule: arr(`${B}/network_profile/0/account_access/0/ip_rule`, [
        obj(`${B}/network_profile/0/account_access/0/ip_rule/0`, { ip_range: val(`${B}/network_profile/0/account_access/0/ip_rule/0/ip_range`, "10.0.0.0/24") }),
      ]),
    });
    const np = obj(`${B}/network_profile/0`, { account_access: arr(`${B}/network_profile/0/account_access`, [access]) });
    const r = read({ network_profile: arr(`${B}/network_profile`, [np]) });
    expect(r.get("properties.networkProfile.accountAccess.defaultAction").str()).toBe("Deny");
    expect(r.get("properties.networkProfile.accountAccess.defaultAction").at.pointer).toBe(`${B}/network_profile/0/account_access/0`);
    expect(r.get("properties.networkProfile.accountAccess.ipRules[0].value").str()).toBe("10.0.0.0/24");
    expect(r.get("properties.networkProfile.accountAccess.ipRules[0].action").str()).toBe("Allow");
    expect(r.get("properties.networkProfile.nodeManagementAccess").missing).toBe(true);
  });

  test("storage and key vault reference", () => {
    const r = read({
      storage_account_id: val(`${B}/storage_account_id`, "/sa"),
      storage_account_authentication_mode: val(`${B}/storage_account_authentication_mode`, "BatchAccountManagedIdentity"),
      storage_account_node_identity: val(`${B}/storage_account_node_identity`, "/uai"),
      pool_allocation_mode: val(`${B}/pool_allocation_mode`, "UserSubscription"),
      key_vault_reference: arr(`${B}/key_vault_reference`, [obj(`${B}/key_vault_reference/0`, { id: val(`${B}/key_vault_reference/0/id`, "/kv"), url: val(`${B}/key_vault_reference/0/url`, "https://kv") })]),
    });
    expect(r.get("properties.autoStorage.storageAccountId").str()).toBe("/sa");
    expect(r.get("properties.autoStorage.authenticationMode").str()).toBe("BatchAccountManagedIdentity");
    expect(r.get("properties.autoStorage.nodeIdentityReference.resourceId").str()).toBe("/uai");
    expect(r.get("properties.poolAllocationMode").str()).toBe("UserSubscription");
    expect(r.get("properties.keyVaultReference.url").str()).toBe("https://kv");
    expect(read({}).get("properties.autoStorage").missing).toBe(true);
  });
});

describe("azurerm_batch_pool", () => {
  const P = "/resource/azurerm_batch_pool/p";
  const pool = (members: Record<string, PNode>) => Prop.of(modelState(new RunContext()), mapBatchPool(obj(P, { name: val(`${P}/name`, "pool"), ...members })));
  const VM = "properties.deploymentConfiguration.virtualMachineConfiguration";

  test("renamed attributes land at their model paths, located where written", () => {
    const r = pool({
      vm_size: val(`${P}/vm_size`, "Standard_D2s_v3"),
      node_agent_sku_id: val(`${P}/node_agent_sku_id`, "batch.node.ubuntu 22.04"),
      target_node_communication_mode: val(`${P}/target_node_communication_mode`, "Classic"),
      storage_image_reference: arr(`${P}/storage_image_reference`, [obj(`${P}/storage_image_reference/0`, { id: val(`${P}/storage_image_reference/0/id`, "/images/x") })]),
    });
    expect(r.get(`${VM}.nodeAgentSkuId`).str()).toBe("batch.node.ubuntu 22.04");
    expect(r.get(`${VM}.nodeAgentSkuId`).at.pointer).toBe(`${P}/node_agent_sku_id`);
    expect(r.get(`${VM}.imageReference.id`).str()).toBe("/images/x");
    expect(r.get("properties.targetNodeCommunicationMode").str()).toBe("Classic");
    expect(r.get("properties.vmSize").str()).toBe("Standard_D2s_v3");
    expect(r.get("properties.networkConfiguration").missing).toBe(true);
  });

  test("nested blocks: start task environment (a map → name/value list), user identity, network endpoint rules, disk encryption targets", () => {
    const st = obj(`${P}/start_task/0`, {
      command_line: val(`${P}/start_task/0/command_line`, "echo hi"),
      common_environment_properties: obj(`${P}/start_task/0/common_environment_properties`, { TOKEN: val(`${P}/start_task/0/common_environment_properties/TOKEN`, "x") }),
      user_identity: arr(`${P}/start_task/0/user_identity`, [
        obj(`${P}/start_task/0/user_identity/0`, { auto_user: arr(`${P}/start_task/0/user_identity/0/auto_user`, [obj(`${P}/start_task/0/user_identity/0/auto_user/0`, { elevation_level: val(`${P}/e`, "Admin") })]) }),
      ]),
    });
    const rule = obj(`${P}/n/0/e/0/r/0`, { access: val(`${P}/a`, "Allow"), priority: val(`${P}/p`, 150), source_address_prefix: val(`${P}/s`, "*") });
    const endpoint = obj(`${P}/n/0/e/0`, { name: val(`${P}/en`, "ssh"), backend_port: val(`${P}/bp`, 22), network_security_group_rules: arr(`${P}/n/0/e/0/r`, [rule]) });
    const net = obj(`${P}/n/0`, { subnet_id: val(`${P}/sub`, "/subnets/a"), public_address_provisioning_type: val(`${P}/pa`, "NoPublicIPAddresses"), endpoint_configuration: arr(`${P}/n/0/e`, [endpoint]) });
    const disks = arr(
      `${P}/disk_encryption`,
      ["OsDisk", "TemporaryDisk"].map((t, i) => obj(`${P}/disk_encryption/${i}`, { disk_encryption_target: val(`${P}/disk_encryption/${i}/t`, t) })),
    );
    const r = pool({ start_task: arr(`${P}/start_task`, [st]), network_configuration: arr(`${P}/n`, [net]), disk_encryption: disks });
    expect(r.get("properties.startTask.commandLine").str()).toBe("echo hi");
    expect(r.get("properties.startTask.environmentSettings[0].name").str()).toBe("TOKEN");
    expect(r.get("properties.startTask.environmentSettings[0].value").str()).toBe("x");
    expect(r.get("properties.startTask.userIdentity.autoUser.elevationLevel").str()).toBe("Admin");
    expect(r.get("properties.networkConfiguration.subnetId").str()).toBe("/subnets/a");
    expect(r.get("properties.networkConfiguration.publicIPAddressConfiguration.provision").str()).toBe("NoPublicIPAddresses");
    expect(r.get("properties.networkConfiguration.endpointConfiguration.inboundNatPools[0].networkSecurityGroupRules[0].sourceAddressPrefix").str()).toBe("*");
    expect(
      r
        .get(`${VM}.diskEncryptionConfiguration.targets`)
        .items()
        .map((t) => t.str()),
    ).toEqual(["OsDisk", "TemporaryDisk"]);
  });

  test("a dynamic block over an unknown collection is unknown; identity as for the account", () => {
    const r = pool({ mount: unk(`${P}/mount`), identity: arr(`${P}/identity`, [obj(`${P}/identity/0`, { type: val(`${P}/identity/0/type`, "UserAssigned") })]) });
    expect(r.get("properties.mountConfiguration").unknown).toBe(true);
    expect(r.get("identity.type").str()).toBe("UserAssigned");
  });
});
