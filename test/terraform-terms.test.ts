// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are HCL text, whose interpolation is ${...}
/**
 * Rule text in Terraform terms (src/model/syntax-terraform.ts): names from the mapping tables (ACCOUNT_TABLE,
 * POOL_SPEC), HCL literals, the core rules' text exact, the rest sensible (every rewritten snippet is HCL), and the
 * formatters' "How to fix in Terraform".
 */
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
import { lintText } from "../src/pipeline/run.js";
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
    // keySource has no counterpart (the encryption block implies it): left as written; the identity type is the block's attribute.
    expect(terraformTerms(message("BATCH003", "noIdentity", { keySource: "Microsoft.KeyVault", identity: "not set" }), ACCT)).toBe(
      "encryption.keySource is 'Microsoft.KeyVault' but the account identity is not set: no identity can read the key in Key Vault.",
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
    expect(terraformTerms(rule("BATCH006").meta.docs.remediation, ACCT)).toContain('`network_profile.account_access` to `{ default_action = "Deny", ip_rule = [ ... ] }`');
    // Prose words and quoted values of no property stay; a rule about no mapped type changes no name.
    expect(terraformTerms("Pool identity is 'x' in the name's way", POOL)).toBe("Pool identity is 'x' in the name's way");
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

  test("an azapi_resource body keeps the ARM names; the pointer names the block's type", () => {
    expect(terraformTypeOf("/resource/azapi_resource/acct/body/properties/publicNetworkAccess")).toBe("azapi_resource");
    expect(terraformTypeOf("/resource/azurerm_batch_account/a")).toBe("azurerm_batch_account");
    expect(terraformTypeOf("/variable/x/default")).toBeUndefined();
    const text = rule("BATCH001").meta.docs.remediation;
    expect(terraformTerms(text, ACCT, "azapi_resource")).toBe(text);
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
    expect(remediationFor(rule("BATCH001"), "terraform", { resource: { type: ACCT }, pointer: "/resource/azapi_resource/a/body" })).toBe(rule("BATCH001").meta.docs.remediation);
  });
});
