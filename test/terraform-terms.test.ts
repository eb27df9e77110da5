// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are HCL text, whose interpolation is ${...}
/**
 * Rule text in Terraform terms (src/model/syntax-terraform.ts): names from the mapping tables (ACCOUNT_TABLE,
 * POOL_SPEC), HCL literals, the core rules' text exact, the rest sensible (every rewritten snippet is HCL), and the
 * formatters' "How to fix in Terraform".
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { ACCOUNT_TABLE } from "../src/input/terraform/mapping/account.js";
import { POOL_SPEC } from "../src/input/terraform/mapping/pool.js";
import { namesOf } from "../src/input/terraform/names.js";
import { parseHcl } from "../src/input/terraform/read.js";
import { hclString, hclValue, terraformNameOf, terraformNames, terraformTerms, terraformTypeOf, terraformValue } from "../src/model/syntax-terraform.js";
import { inSyntax } from "../src/model/syntax.js";
import { explainText, remediationFor, sarifDescriptor } from "../src/output/catalog.js";
import { github } from "../src/output/github.js";
import { html } from "../src/output/html.js";
import { sarif } from "../src/output/sarif.js";
import { stylish } from "../src/output/stylish.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { json } from "../src/output/json.js";
import type { Finding, LintResult } from "../src/engine/findings.js";
import { account } from "./cli-run.js";

// Loading names.ts hands the mapping's names to the model (as the Terraform reader does in a run).
expect(namesOf("Microsoft.Batch/batchAccounts").length).toBeGreaterThan(10);
const ACCT = "Microsoft.Batch/batchAccounts";
const POOL = "Microsoft.Batch/batchAccounts/pools";
const rule = (id: string) => rules.find((r) => r.meta.id === id)!;
/** A rule's message with its data, as the engine writes it. */
const message = (id: string, messageId: string, data: Record<string, string> = {}) => rule(id).meta.messages[messageId]!.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => data[k] ?? "");

describe("HCL literals", () => {
  test("strings escape quotes, backslashes, controls and template introducers", () => {
    expect(hclString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(hclString("x\ny\tz\r\u0001")).toBe('"x\\ny\\tz\\r\\u0001"');
    expect(hclString("${var.x} %{ if } $x %x")).toBe('"$${var.x} %%{ if } $x %x"');
    // Each parses back to the same string.
    for (const s of ['a"b\\c', "x\ny\tz", "${var.x} %{ if }", "$${already}", "\u0001\u007f"]) {
      const body = parseHcl(`v = ${hclString(s)}\n`, "t.tf").body;
      const v = body.items[0]!;
      expect(v.kind === "attr" && v.value.k === "template" ? v.value.parts.map((p) => (p.p === "lit" ? p.v : "?")).join("") : undefined).toBe(s);
    }
  });

  test("values: lists, objects with bare or quoted keys, one line or a line per element", () => {
    expect(hclValue(["AAD"])).toBe('["AAD"]');
    expect(hclValue({ a: 1, "b c": true, null: null, "x-y": [] })).toBe('{ a = 1, "b c" = true, "null" = null, x-y = [] }');
    expect(hclValue(Number.NaN)).toBeUndefined();
    const ml = hclValue({ k: ["a", "b"] }, { multiline: true, indent: "  ", unit: "  ", newline: "\n" })!;
    expect(ml).toBe('{\n    k = [\n      "a",\n      "b",\n    ]\n  }');
    expect(() => parseHcl(`x = ${ml}\n`, "t.tf")).not.toThrow();
  });
});

describe("names from the mapping", () => {
  test("every plain ACCOUNT_TABLE row, the nested blocks aligned member by member, and the provider's conversion", () => {
    const names = terraformNames(ACCT);
    for (const row of ACCOUNT_TABLE)
      if (/^\w+$/.test(row.tf))
        expect(
          names.some((n) => n.tf === row.tf && n.model === row.model),
          row.tf,
        ).toBe(true);
    const pairs = names.map((n) => `${n.model} ${n.tf}${n.block ? " {}" : ""}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        "properties.keyVaultReference.url key_vault_reference.url",
        "properties.encryption properties.encryption".replace(" properties.encryption", " encryption {}"),
        "properties.encryption.keyVaultProperties.keyIdentifier encryption.key_vault_key_id",
        "identity.userAssignedIdentities identity.identity_ids",
        "properties.networkProfile.nodeManagementAccess.ipRules network_profile.node_management_access.ip_rule {}",
        "properties.networkProfile.accountAccess.ipRules.value network_profile.account_access.ip_rule.ip_range",
      ]),
    );
    // keySource is implied by the encryption block: no counterpart.
    expect(terraformNameOf(ACCT, "properties.encryption.keySource")).toBeUndefined();
    const pna = terraformNameOf(ACCT, "properties.PUBLICNETWORKACCESS")!;
    expect([pna.tf, terraformValue(pna, "Disabled"), terraformValue(pna, "Enabled"), terraformValue(pna, "SecuredByPerimeter")]).toEqual(["public_network_access_enabled", false, true, undefined]);
  });

  test("POOL_SPEC flattened: renames, nested blocks, reshaped values, and the identity the pool maps like the account's", () => {
    const names = terraformNames(POOL);
    expect(names.length).toBeGreaterThan(Object.keys(POOL_SPEC).length);
    expect(terraformNameOf(POOL, "properties.networkConfiguration.publicIPAddressConfiguration.provision")?.tf).toBe("network_configuration.public_address_provisioning_type");
    expect(terraformNameOf(POOL, "properties.deploymentConfiguration.virtualMachineConfiguration.nodeAgentSkuId")?.tf).toBe("node_agent_sku_id");
    expect(terraformNameOf(POOL, "properties.certificates")).toMatchObject({ tf: "certificate", block: true });
    expect(terraformNameOf(POOL, "properties.metadata")).toMatchObject({ tf: "metadata", shaped: true });
    expect(terraformValue(terraformNameOf(POOL, "properties.metadata")!, [])).toBeUndefined();
    expect(terraformNameOf(POOL, "identity.type")?.tf).toBe("identity.type");
    expect(terraformNames("Microsoft.Storage/storageAccounts")).toEqual([]);
  });
});

describe("rule text in Terraform terms", () => {
  test("BATCH001: messages and help", () => {
    expect(terraformTerms(message("BATCH001", "includesSharedKey", { mode: "SharedKey" }), ACCT)).toBe('allowed_authentication_modes includes "SharedKey": shared key authentication is enabled.');
    expect(terraformTerms(message("BATCH001", "includesSharedKey", { mode: "SharedKey", evaluated: ' (evaluates to ["AAD", "SharedKey"])' }), ACCT)).toBe(
      'allowed_authentication_modes includes "SharedKey" (evaluates to ["AAD", "SharedKey"]): shared key authentication is enabled.',
    );
    expect(terraformTerms(message("BATCH001", "notSet"), ACCT)).toBe("allowed_authentication_modes is not set, so the account accepts shared key authentication.");
    expect(terraformTerms(rule("BATCH001").meta.docs.remediation, ACCT)).toBe('Set `allowed_authentication_modes = ["AAD"]` and move clients to Microsoft Entra ID authentication.');
  });

  test("BATCH002, BATCH003, BATCH004", () => {
    expect(terraformTerms(message("BATCH002", "retired", { mode: "TaskAuthenticationToken" }), ACCT)).toBe('allowed_authentication_modes includes "TaskAuthenticationToken", retired on 30 September 2024.');
    expect(terraformTerms(rule("BATCH002").meta.docs.remediation, ACCT)).toBe(
      "Remove `TaskAuthenticationToken` from `allowed_authentication_modes` and give the pool a user-assigned managed identity that tasks use to call the Batch service.",
    );
    // keySource has no counterpart: an encryption block is a customer-managed key, with its key_vault_key_id; the identity type is the block's attribute.
    expect(terraformTerms(message("BATCH003", "noIdentity", { keySource: "Microsoft.KeyVault", identity: "not set" }), ACCT)).toBe(
      "encryption.key_vault_key_id is set but identity is not set: no identity can read the key in Key Vault.",
    );
    expect(terraformTerms(message("BATCH003", "noIdentity", { keySource: "Microsoft.KeyVault", identity: "'None'" }), ACCT)).toBe(
      'encryption.key_vault_key_id is set but identity.type is "None": no identity can read the key in Key Vault.',
    );
    expect(terraformTerms(message("BATCH003", "userAssignedOnly", { keySource: "Microsoft.KeyVault", identity: "UserAssigned" }), ACCT)).toBe(
      'encryption.key_vault_key_id is set and identity.type is "UserAssigned": the REST contract requires a SystemAssigned identity; Batch\'s customer-managed-key guide allows a user-assigned identity with access to the key (rule option allowUserAssigned).',
    );
    expect(terraformTerms(message("BATCH003", "noUserIdentities", { keySource: "Microsoft.KeyVault", identity: "UserAssigned" }), ACCT)).toBe(
      'encryption.key_vault_key_id is set and identity.type is "UserAssigned" but it lists no user-assigned identity: no identity can read the key in Key Vault.',
    );
    expect(terraformTerms(rule("BATCH003").meta.docs.remediation, ACCT)).toMatch(/^Set `identity \{ type = "SystemAssigned" \}` and grant .* set the rule option `allowUserAssigned: true`\.$/);
    expect(terraformTerms(message("BATCH004", "ignored", { access: "Disabled" }), ACCT)).toBe("network_profile is ignored because public_network_access_enabled is false.");
    expect(terraformTerms(rule("BATCH004").meta.docs.remediation, ACCT)).toBe("Remove `network_profile`, or set `public_network_access_enabled = true` if the IP rules are meant to apply.");
  });

  test("the rest: names renamed where the mapping has them, every rewritten snippet is HCL", () => {
    expect(terraformTerms(message("BATCH005", "enabled", { value: "Enabled" }), ACCT)).toBe("public_network_access_enabled is true: the account is reachable from the public internet.");
    expect(terraformTerms(rule("BATCH005").meta.docs.remediation, ACCT)).toMatch(/^Set `public_network_access_enabled = false` and reach/);
    expect(terraformTerms(message("BATCH106", "retired", { sku: "batch.node.centos 7", when: "x", source: "y" }), POOL)).toBe('node_agent_sku_id "batch.node.centos 7" is retired (x; y).');
    expect(terraformTerms(message("BATCH107", "provisioned", { value: "BatchManaged" }), POOL)).toBe('network_configuration.public_address_provisioning_type is "BatchManaged": nodes get public IP addresses.');
    // Prose words stay, a quoted value is an HCL string; a rule about no mapped type changes no name.
    expect(terraformTerms("Pool identity is 'x' in the name's way", POOL)).toBe('Pool identity is "x" in the name\'s way');
    let changed = 0;
    for (const r of rules) {
      const type = r.meta.resourceTypes.length === 1 ? r.meta.resourceTypes[0] : undefined;
      for (const text of [r.meta.docs.remediation, ...Object.values(r.meta.messages)]) {
        const before = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
        const after = [...terraformTerms(text, type).matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
        for (const code of after) {
          if (before.includes(code) || /^[\w.]+$/.test(code)) continue;
          changed++;
          const src = code.replaceAll("...", "");
          const hcl = /^[\w.]+ (=|\{)/.test(src) ? src.replace(/^[\w]+\./, "") : `x = ${src}`;
          expect(() => parseHcl(`${hcl}\n`, "t.tf"), `${r.meta.id}: ${code}`).not.toThrow();
        }
      }
    }
    expect(changed).toBeGreaterThanOrEqual(10);
  });

  test("the findings of the real fixtures: the account's rules", () => {
    expect(terraformTerms(message("BATCH005", "notSet"), ACCT)).toBe("public_network_access_enabled is not set; the default is true.");
    expect(terraformTerms(rule("BATCH005").meta.docs.remediation, ACCT)).toBe(
      "Set `public_network_access_enabled = false` and reach the account through private endpoints. With the rule option `fixToDisabled: true`, `--fix` sets a literal value to false (off by default, because it cuts off public clients).",
    );
    expect(terraformTerms(message("BATCH006", "allow", { value: "Allow", rules: " (its ipRules, which can only allow, change nothing)" }), ACCT)).toBe(
      'network_profile.account_access.default_action is "Allow" while public network access is enabled: any address can reach the account endpoint (its ip_rule, which can only allow, change nothing).',
    );
    expect(terraformTerms(message("BATCH006", "noProfile", { what: "networkProfile.accountAccess" }), ACCT)).toBe(
      "public network access is enabled and network_profile.account_access is not set, so the account endpoint accepts traffic from any address.",
    );
    expect(terraformTerms(rule("BATCH006").meta.docs.remediation, ACCT)).toBe(
      'Disable public network access, or set `account_access { default_action = "Deny" }` in `network_profile`, with `ip_rule` blocks listing the client ranges.',
    );
    expect(terraformTerms(message("BATCH007", "private", { value: "10.0.1.0", where: "networkProfile.accountAccess.ipRules" }), ACCT)).toBe(
      '"10.0.1.0" in network_profile.account_access.ip_rule is a private or reserved range; the public endpoint never sees such addresses.',
    );
    expect(terraformTerms(message("BATCH008", "open", { what: "defaultAction is 'Allow'" }), ACCT)).toBe(
      'network_profile.node_management_access default_action is "Allow" while public network access is enabled: the node management endpoint accepts any address.',
    );
    expect(terraformTerms(rule("BATCH008").meta.docs.remediation, ACCT)).toMatch(/^Set `node_management_access \{ default_action = "Deny" \}` in `network_profile`, with `ip_rule` blocks with/);
    expect(terraformTerms(message("BATCH009", "notSet"), ACCT)).toBe("encryption is not set: account data is encrypted with a Microsoft-managed key.");
    expect(terraformTerms(rule("BATCH009").meta.docs.remediation, ACCT)).toBe(
      'Set `encryption { key_vault_key_id = "https://<vault>.vault.azure.net/keys/<key>" }` with a SystemAssigned account identity that can wrap and unwrap the key.',
    );
    expect(terraformTerms(message("BATCH011", "malformed", { value: "https://x" }), ACCT)).toMatch(/^encryption\.key_vault_key_id "https:\/\/x" is not/);
    expect(terraformTerms(rule("BATCH013").meta.docs.remediation, ACCT)).toBe('Set `key_vault_reference` with `id = "<key vault resource id>"` and `url = "https://<vault>.vault.azure.net/"`.');
    expect(terraformTerms(rule("BATCH014").meta.docs.remediation, ACCT)).toBe(
      'Remove `key_vault_reference`, or set `pool_allocation_mode = "UserSubscription"` if that is intended. For customer-managed keys use `encryption`.',
    );
    expect(terraformTerms(message("BATCH015", "keys", { value: "StorageKeys" }), ACCT)).toBe('storage_account_authentication_mode is "StorageKeys": the service uses the storage account\'s shared keys.');
    expect(terraformTerms(rule("BATCH017").meta.docs.remediation, ACCT)).toBe("List the identities' resource ids under `identity.identity_ids`, or change `identity.type` to match what you list.");
  });

  test("the findings of the real fixtures: the pools' rules", () => {
    expect(terraformTerms(message("BATCH104", "unencrypted", { what: "is not set" }), POOL)).toBe("The temporary disk is not encrypted: disk_encryption is not set and encryption at host is not enabled.");
    expect(terraformTerms(rule("BATCH104").meta.docs.remediation, POOL)).toBe(
      'Add `disk_encryption { disk_encryption_target = "OsDisk" }` and `disk_encryption { disk_encryption_target = "TemporaryDisk" }` to the pool, or set `security_profile.host_encryption_enabled` to true.',
    );
    expect(terraformTerms(message("BATCH107", "notSet"), POOL)).toBe("network_configuration.public_address_provisioning_type is not set, so nodes get Batch-managed public IP addresses.");
    expect(terraformTerms(rule("BATCH107").meta.docs.remediation, POOL)).toMatch(/^Set `network_configuration \{ public_address_provisioning_type = "NoPublicIPAddresses" \}`, use/);
    expect(terraformTerms(message("BATCH108", "notSet"), POOL)).toBe("network_configuration.subnet_id is not set: the pool is not in your virtual network.");
    expect(terraformTerms(rule("BATCH110").meta.docs.remediation, POOL)).toBe("Add the identities' resource ids under `identity.identity_ids`.");
    expect(terraformTerms(rule("BATCH111").meta.docs.remediation, POOL)).toContain('(with `identity { type = "UserAssigned" }`)');
    // A field of a list of blocks: the index after the block it selects, the rest renamed.
    const field = (f: string) => terraformTerms(message("BATCH112", "literal", { field: f, kind: "password" }), POOL);
    expect(field("mountConfiguration[0].cifsMountConfiguration.password")).toBe("mount[0].cifs_mount.password is a literal password written in the pool definition.");
    expect(field("mount[0].cifsMountConfiguration.password")).toBe("mount[0].cifs_mount.password is a literal password written in the pool definition.");
    expect(field("deploymentConfiguration.virtualMachineConfiguration.containerConfiguration.containerRegistries[0].password")).toBe(
      "container_configuration.container_registries[0].password is a literal password written in the pool definition.",
    );
    expect(field("container_configuration.container_registries[0].password")).toBe("container_configuration.container_registries[0].password is a literal password written in the pool definition.");
    expect(field("startTask.containerSettings.registry.password")).toBe("start_task.container.registry.password is a literal password written in the pool definition.");
    expect(terraformTerms(rule("BATCH112").meta.docs.remediation, POOL)).toContain("or pass it in a `sensitive` variable, and never give a secret as a variable's default.");
  });

  test("azapi: the ARM names, HCL literals, the API version in `type`", () => {
    const az = (text: string) => terraformTerms(text, ACCT, "azapi_resource");
    expect(az(message("BATCH001", "includesSharedKey", { mode: "SharedKey" }))).toBe('allowedAuthenticationModes includes "SharedKey": shared key authentication is enabled.');
    expect(az(message("BATCH005", "enabled", { value: "Enabled" }))).toBe('publicNetworkAccess is "Enabled": the account is reachable from the public internet.');
    expect(az(message("BATCH009", "notUsed", { value: "Microsoft.Batch" }))).toBe('encryption.keySource is "Microsoft.Batch": account data is encrypted with a Microsoft-managed key.');
    expect(terraformTerms(message("BATCH106", "retired", { sku: "batch.node.ubuntu 18.04", when: "x", source: "y" }), POOL, "azapi_resource")).toBe('nodeAgentSkuId "batch.node.ubuntu 18.04" is retired (x; y).');
    expect(az(message("BATCH905", "old", { version: "2022-10-01", minimum: "2024-07-01" }))).toBe("The API version in `type` (@2022-10-01) is older than the minimum 2024-07-01.");
    expect(az(rule("BATCH001").meta.docs.remediation)).toBe(
      'Set `properties.allowedAuthenticationModes` to `["AAD"]` (API version 2021-06-01 or later in `type`: older ones ignore it) and move clients to Microsoft Entra ID authentication.',
    );
    expect(az(rule("BATCH905").meta.docs.remediation)).toBe("Use `@2024-07-01` or a later API version in `type` (2025-06-01 is current), and review the changed defaults.");
  });

  test("an azapi_resource body keeps the ARM names; the pointer names the block's type", () => {
    expect(terraformTypeOf("/resource/azapi_resource/acct/body/properties/publicNetworkAccess")).toBe("azapi_resource");
    expect(terraformTypeOf("/resource/azurerm_batch_account/a")).toBe("azurerm_batch_account");
    expect(terraformTypeOf("/variable/x/default")).toBeUndefined();
    const text = rule("BATCH001").meta.docs.remediation;
    // The ARM names; only the API version is said where azapi writes it.
    expect(terraformTerms(text, ACCT, "azapi_resource")).toBe(text.replace("(apiVersion 2021-06-01 or later", "(API version 2021-06-01 or later in `type`"));
    expect(terraformTerms('Set `"publicNetworkAccess": "Disabled"`', ACCT, "azapi_resource")).toBe('Set `publicNetworkAccess = "Disabled"`');
    expect(terraformTerms('Set `"publicNetworkAccess": "Disabled"`', ACCT, "azurerm_batch_account")).toBe("Set `public_network_access_enabled = false`");
    expect(inSyntax(text, "terraform", ACCT)).toBe(terraformTerms(text, ACCT));
    expect(inSyntax(text, undefined, ACCT)).toBe(text);
  });
});

describe("formatters", () => {
  const fmt = { rules, base: process.cwd(), color: false };
  /** A JSON account's findings, as findings in a .tf file would be (what the pipeline sets for Terraform). */
  function asTerraform(r: LintResult): LintResult {
    const findings = r.findings.map(
      (f): Finding => ({ ...f, file: "main.tf", syntax: "terraform", pointer: "/resource/azurerm_batch_account/a/allowed_authentication_modes", message: terraformTerms(f.message, f.resource.type) }),
    );
    return { ...r, findings };
  }
  const json = lintText(account("acct", { publicNetworkAccess: "Disabled", allowedAuthenticationModes: ["AAD", "SharedKey"] }), "a.json", { rules: rules.filter((r) => r.meta.id === "BATCH001") });
  const tf = asTerraform(json);

  test("stylish, github and HTML show the help in Terraform; SARIF rule help gains 'How to fix in Terraform'", () => {
    expect(tf.findings.map((f) => f.message)).toEqual(['allowed_authentication_modes includes "SharedKey": shared key authentication is enabled.']);
    expect(stylish(tf, fmt)).toContain('help: Set `allowed_authentication_modes = ["AAD"]` and move clients');
    expect(stylish(json, fmt)).toContain('help: Set `properties.allowedAuthenticationModes` to `["AAD"]` (apiVersion');
    expect(github(tf, fmt)).toContain('allowed_authentication_modes = ["AAD"]');
    expect(html(tf, fmt)).toContain("<p>In Terraform: Set `allowed_authentication_modes = [&quot;AAD&quot;]`");
    const sarifRules = (r: LintResult) => JSON.parse(sarif(r, fmt)).runs[0].tool.driver.rules;
    expect(sarifRules(json)).toEqual(rules.map((x) => sarifDescriptor(x)));
    const d = sarifRules(tf).find((x: { id: string }) => x.id === "BATCH001");
    expect(d.help.text).toContain('\n\nHow to fix in Terraform: Set `allowed_authentication_modes = ["AAD"]` and move clients');
    expect(d.help.markdown).toContain('**How to fix in Terraform**: Set `allowed_authentication_modes = ["AAD"]`');
    expect(d.help.text).not.toContain("How to fix in Bicep");
    expect(explainText(rule("BATCH001"))).toContain('How to fix in Terraform: Set `allowed_authentication_modes = ["AAD"]`');
    // A finding in an azapi body: the ARM names.
    expect(remediationFor(rule("BATCH001"), "terraform", { resource: { type: ACCT }, pointer: "/resource/azapi_resource/a/body" })).toMatch(/^Set `properties\.allowedAuthenticationModes` to `\["AAD"\]` \(API version/);
  });
});

describe("where a value came from, and which instance, in Terraform's words", () => {
  test("variable default, terraform.tfvars, local, a module caller's input; count and for_each instances by address; related text renamed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-tf-terms-"));
    try {
      fs.mkdirSync(path.join(dir, "mod"));
      const acct = (label: string, lines: string) => `resource "azurerm_batch_account" "${label}" {\n  resource_group_name = "rg"\n  location            = "westeurope"\n${lines}}\n`;
      fs.writeFileSync(
        path.join(dir, "main.tf"),
        'variable "pna" {\n  default = true\n}\nvariable "modes" {\n  type = list(string)\n}\nlocals {\n  action = "Allow"\n}\n' +
          acct(
            "two",
            '  count                         = 2\n  name                          = "acct${count.index}"\n  public_network_access_enabled = var.pna\n  allowed_authentication_modes  = var.modes\n  network_profile {\n    node_management_access {\n      default_action = local.action\n    }\n  }\n',
          ) +
          acct("each", '  for_each                      = toset(["k"])\n  name                          = "acct${each.key}"\n  allowed_authentication_modes  = ["AAD"]\n  public_network_access_enabled = false\n') +
          'module "m" {\n  source = "./mod"\n  modes  = ["SharedKey"]\n}\n',
      );
      fs.writeFileSync(path.join(dir, "terraform.tfvars"), 'modes = ["AAD", "SharedKey"]\n');
      fs.writeFileSync(
        path.join(dir, "mod", "main.tf"),
        `variable "modes" {}\n${acct("inner", '  name                          = "inner"\n  public_network_access_enabled = false\n  allowed_authentication_modes  = var.modes\n')}`,
      );
      const result = await lintPaths([dir], { rules: rules.filter((r) => ["BATCH001", "BATCH005", "BATCH006", "BATCH008"].includes(r.meta.id)), cwd: dir, base: dir });
      const shown = stylish(result, { rules, base: dir, color: false });
      const lines = shown.split("\n").filter((l) => !l.includes("help:"));
      const body = lines.map((l) => (l.startsWith("  note: ") ? l.replace(/^ {2}note: .*?:\d+:\d+: /, "  note: ") : l.replace(/^.*?:\d+:\d+: /, "")));
      expect(body).toEqual(
        expect.arrayContaining([
          'error BATCH001 allowed_authentication_modes includes "SharedKey" (evaluates to ["AAD","SharedKey"]): shared key authentication is enabled. (instance azurerm_batch_account.two[0]) [shared-key-auth-disabled]',
          "  note: value from terraform.tfvars",
          "warning BATCH005 public_network_access_enabled is true (evaluated): the account is reachable from the public internet. (instance azurerm_batch_account.two[1]) [public-network-access-enabled]",
          "  note: value from variable 'pna' default",
          "  note: public_network_access_enabled is set here",
          "  note: public_network_access_enabled is set here: value from variable 'pna' default",
          "  note: value from local 'action'",
          "  note: value from the caller's input 'modes' of module 'm' in main.tf",
        ]),
      );
      expect(shown).not.toContain("[copy ");
      expect(shown).not.toContain("publicNetworkAccess");
      // The JSON report's related locations say the same.
      const related = (JSON.parse(json(result, { rules, base: dir, color: false })).findings as { related: { message: string }[] }[]).flatMap((f) => f.related.map((r) => r.message));
      expect(related).toContain("public_network_access_enabled is set here");
      const sarifText = sarif(result, { rules, base: dir, color: false });
      expect(sarifText).toContain('"text": "public_network_access_enabled is set here"');
      expect(sarifText).not.toContain("publicNetworkAccess is set here");
      // for_each: the instance by its key.
      const each = lintText(fs.readFileSync(path.join(dir, "main.tf"), "utf8"), "main.tf", { rules: rules.filter((r) => r.meta.id === "BATCH009") });
      expect(each.findings.map((f) => f.message)).toContain('encryption is not set: account data is encrypted with a Microsoft-managed key. (instance azurerm_batch_account.each["k"])');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
