/**
 * Terraform against the ARM request the azurerm provider sends, rule by rule: each folder of
 * test/fixtures/terraform/pairs/ holds a main.tf (azurerm provider syntax, as the provider's reference pages in
 * ../shared/reference/terraform-azurerm document the attributes) and a template.json, the Microsoft.Batch resources
 * at apiVersion 2024-07-01 the provider creates from it: what the provider sends (its defaults included where it sends
 * them, such as `publicNetworkAccess`, `poolAllocationMode`, `encryption.keySource` and `identity.type: None` for an
 * account), and nothing it leaves out. Both are linted in-process and must agree:
 *
 * - the same findings as a multiset of (rule, resource name, severity), but for the differences listed in
 *   DIFFERENCES, each with its reason (messages differ in wording: Terraform terms on one side);
 * - every finding of the Terraform side in main.tf, on the line whose trailing `# expect: RULE` comment names it
 *   (`RULE*N` for N findings, several rules separated by spaces): the comment is on the line of the finding;
 * - the same model: a probe rule (PAIR001, this file only) reports, for each account and pool, its `location`,
 *   `tags`, `identity` and `properties` as canonical JSON, so every mapped attribute, those no rule reads included,
 *   is compared with the ARM request; the provider's defaults that the mapping documents but leaves absent in the model
 *   (PROVIDER_DEFAULTS) are filled in on both sides first;
 * - no error (what makes the CLI exit 2) on either side.
 *
 * A pair that fails here against provider semantics is a bug of the mapping or the loader, not of the pair
 * (test/fixtures/terraform/pairs/README.md lists what each pair covers and the provider facts it relies on).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import type { Finding, LintResult } from "../src/engine/findings.js";
import { type LintOptions, lintPaths } from "../src/pipeline/run.js";
import { BATCH_ACCOUNT, BATCH_POOL, defineRule, type Prop } from "../src/rule.js";
import { markerRules, minus, repoRoot } from "./helpers.js";

const dir = "test/fixtures/terraform/pairs";

/** Each folder and the rules (non-compliant and compliant resources) and attributes it covers. */
const PAIRS: Record<string, string> = {
  "auth-modes": "BATCH001, BATCH002, BATCH018: allowed_authentication_modes with SharedKey, TaskAuthenticationToken, absent, [] and [AAD]",
  "customer-managed-key": "BATCH003, BATCH009, BATCH011 (BATCH010, BATCH012 compliant only: key_vault_key_id is required, the block implies Microsoft.KeyVault)",
  "account-identity": "BATCH017: identity { type, identity_ids } of an account",
  network: "BATCH004, BATCH005, BATCH006, BATCH007, BATCH008: public_network_access_enabled and network_profile",
  allocation: "BATCH013, BATCH014: pool_allocation_mode and key_vault_reference",
  "auto-storage": "BATCH015, BATCH016: storage_account_id, storage_account_authentication_mode, storage_account_node_identity",
  "account-name": "BATCH019: name",
  diagnostics: "BATCH021: azurerm_monitor_diagnostic_setting against Microsoft.Insights/diagnosticSettings",
  "account-certificates": "BATCH020: azurerm_batch_certificate against Microsoft.Batch/batchAccounts/certificates, named <algorithm>-<thumbprint>",
  "pool-retired": "BATCH102, BATCH103, BATCH105, BATCH106, BATCH114: certificate, target_node_communication_mode, low-priority nodes, node_agent_sku_id, a managed image",
  "pool-network": "BATCH107, BATCH108, BATCH109: network_configuration, endpoint_configuration and its network_security_group_rules",
  "pool-disk-encryption": "BATCH104: disk_encryption and security_profile { host_encryption_enabled }",
  "pool-identity": "BATCH110, BATCH111: a pool's identity and the identity references in it",
  "pool-secrets": "BATCH112: passwords, keys and SAS tokens written in a pool, and sensitive variables",
  "pool-attributes": "the pool attributes no rule reads (compared through the probe): image, security profile, containers, scale, start task, mounts, user accounts, metadata",
};

/**
 * Findings allowed on one side only (`RULE name severity`), and why. Nothing else may differ. The pair's README
 * says the same.
 */
const DIFFERENCES: Record<string, { why: string; onlyTerraform?: string[]; onlyArm?: string[]; modelOnlyTerraform?: { resource: string; path: string }[] }> = {
  allocation: {
    why:
      "The provider sends key_vault_reference only when pool_allocation_mode is UserSubscription (batch_account_resource.go, create: " +
      "`if poolAllocationMode == UserSubscription { ... parameters.Properties.KeyVaultReference = ... }`): with BatchService the block " +
      "is dropped, so the request has no keyVaultReference. The block still has no effect, which is what BATCH014 says.",
    onlyTerraform: ["BATCH014 batchkvacct note"],
    // The mapping keeps the block (so that BATCH014 can say it has no effect): the model has what the request lacks.
    modelOnlyTerraform: [{ resource: "batchkvacct", path: "properties.keyvaultreference" }],
  },
};

/**
 * The provider's defaults the mapping documents (docs/terraform-mapping.md) but leaves absent in the model, since
 * the rules read an absent value as that default: filled in on both sides before the models are compared.
 */
const PROVIDER_DEFAULTS: Record<string, Record<string, unknown>> = {
  [BATCH_ACCOUNT.toLowerCase()]: {
    "properties.publicNetworkAccess": "Enabled",
    "properties.poolAllocationMode": "BatchService",
    "properties.encryption": { keySource: "Microsoft.Batch" },
    identity: { type: "None" },
    // expandBatchAccountEndpointAccessProfile sends `IPRules: pointer.To(ipRules)`, [] when no ip_rule is written.
    "properties.networkProfile.accountAccess.ipRules": [],
    "properties.networkProfile.nodeManagementAccess.ipRules": [],
  },
  [BATCH_POOL.toLowerCase()]: {
    "properties.taskSlotsPerNode": 1,
    "properties.interNodeCommunication": "Enabled",
    "properties.networkConfiguration.dynamicVNetAssignmentScope": "none",
    "properties.networkConfiguration.enableAcceleratedNetworking": false,
    "properties.startTask.waitForSuccess": false,
    "properties.startTask.userIdentity.autoUser.elevationLevel": "NonAdmin",
    "properties.startTask.userIdentity.autoUser.scope": "Task",
    "properties.scaleSettings.fixedScale.targetLowPriorityNodes": 0,
    "properties.scaleSettings.fixedScale.resizeTimeout": "PT15M",
    "properties.scaleSettings.autoScale.evaluationInterval": "PT15M",
  },
};

/** Keys sorted, recursively (a default filled in lands where the sorted order puts it). */
function sorted(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sorted);
  if (x === null || typeof x !== "object") return x;
  return Object.fromEntries(
    Object.entries(x)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k.toLowerCase(), sorted(v)]),
  );
}

/**
 * Members of the ARM request that come from attributes the mapping does not read (no rule reads them either; the
 * table in docs/terraform-mapping.md lists the attributes it reads): left out of the models compared.
 */
const UNMAPPED = new Set([
  // network_configuration { endpoint_configuration { frontend_port_range } }: "50000-50099" → start and end.
  "frontendportrangestart",
  "frontendportrangeend",
]);

/** A Prop as plain JSON: keys lower-cased (ARM is case-insensitive) and sorted; an unknown value as "<unknown>". */
function plain(p: Prop): unknown {
  if (p.missing) return undefined;
  if (p.unknown) return "<unknown>";
  if (p.isArray) return p.items().map(plain);
  if (p.isObject) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of p.entries().sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()))) if (!UNMAPPED.has(k.toLowerCase())) out[k.toLowerCase()] = plain(v);
    return out;
  }
  return p.str() ?? p.num() ?? p.bool() ?? null;
}

/** Probe: the resource's model, defaults filled in, as a finding message. */
const probe = defineRule({
  meta: {
    id: "PAIR001",
    name: "pair-model",
    title: "The model of a resource, for the Terraform pairs",
    severity: "note",
    tags: ["correctness"],
    resourceTypes: [BATCH_ACCOUNT, BATCH_POOL],
    docs: { summary: "s", rationale: "r", remediation: "f", references: ["https://example.com/pairs"] },
    messages: { model: "{{model}}" },
  },
  check(resource, ctx) {
    const model: Record<string, unknown> = {};
    for (const k of ["location", "tags", "identity", "properties"]) model[k] = plain(resource.get(k));
    for (const [p, v] of Object.entries(PROVIDER_DEFAULTS[resource.type.toLowerCase()] ?? {})) {
      // Filled in where the provider sends it: the property absent, its parent (the block that carries it) present.
      const parent = p.includes(".") ? resource.get(p.slice(0, p.lastIndexOf("."))) : resource.root;
      if (!resource.get(p).missing || parent.missing) continue;
      const keys = p.toLowerCase().split(".");
      let o = model as Record<string, unknown>;
      for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
      o[keys[keys.length - 1]!] = v;
    }
    ctx.report({ messageId: "model", at: resource.root, data: { model: JSON.stringify(sorted(model)) } });
  },
});

const folders = fs
  .readdirSync(path.join(repoRoot, dir), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/**
 * Rules compared only in their own pair, and why: elsewhere they would make every pair fail for one cause.
 */
const OWN_PAIR: Record<string, { pair: string; why: string }> = {
  BATCH021: { pair: "diagnostics", why: "BATCH021 is templateOnly and never runs on a .tf file: the pair shows it once" },
};

const name = (f: Finding) => f.resource.name ?? f.resource.label;
const key = (f: Finding) => `${f.ruleId} ${name(f)} ${f.severity}`;
let current = "";
const rulesOnly = (r: LintResult) => r.findings.filter((f) => f.ruleId !== "PAIR001" && (OWN_PAIR[f.ruleId] === undefined || OWN_PAIR[f.ruleId]!.pair === current));
/** `name model` of each resource, leaving out the members `drop` names (lower-cased dotted paths). */
const models = (r: LintResult, drop: readonly { resource: string; path: string }[] = []) =>
  r.findings
    .filter((f) => f.ruleId === "PAIR001")
    .map((f) => {
      // (The message is the model as JSON but for the secrets the engine redacts in messages: parsed only to drop.)
      const dropped = drop.filter((x) => x.resource === name(f));
      if (dropped.length === 0) return `${name(f)} ${f.message}`;
      const model = JSON.parse(f.message) as Record<string, unknown>;
      for (const d of dropped) {
        const keys = d.path.split(".");
        let o: Record<string, unknown> | undefined = model;
        for (const k of keys.slice(0, -1)) o = o?.[k] as Record<string, unknown> | undefined;
        expect(o?.[keys[keys.length - 1]!], `${d.resource}: ${d.path}`).toBeDefined();
        delete o![keys[keys.length - 1]!];
      }
      return `${name(f)} ${JSON.stringify(model)}`;
    })
    .sort();

/** `line RULE` for each finding the `# expect:` comments of main.tf announce (on the line of the finding). */
function markers(folder: string): string[] {
  const out: string[] = [];
  fs.readFileSync(path.join(repoRoot, folder, "main.tf"), "utf8")
    .split("\n")
    .forEach((text, i) => {
      const m = /# expect: ((?:BATCH\d{3}(?:\*\d+)?\s*)+)/.exec(text);
      if (!m) return;
      for (const rule of markerRules(m[1]!)) out.push(`${folder}/main.tf:${i + 1} ${rule}`);
    });
  return out.sort();
}

async function lintPair(folder: string): Promise<{ tf: LintResult; arm: LintResult }> {
  const options: LintOptions = { rules: [...rules, probe], cwd: repoRoot, base: repoRoot };
  const tf = await lintPaths([`${folder}/main.tf`], options);
  const arm = await lintPaths([`${folder}/template.json`], options);
  expect(tf.errors, "errors of the Terraform side").toEqual([]);
  expect(arm.errors, "errors of the ARM side").toEqual([]);
  expect(tf.files).toEqual([`${folder}/main.tf`]);
  expect(arm.files).toEqual([`${folder}/template.json`]);
  return { tf, arm };
}

describe("Terraform and ARM pairs", () => {
  test("every folder is a listed pair with a main.tf and a template.json at apiVersion 2024-07-01", () => {
    expect(folders).toEqual(Object.keys(PAIRS).sort());
    for (const f of folders) {
      for (const file of ["main.tf", "template.json"]) expect(fs.existsSync(path.join(repoRoot, dir, f, file)), `${f}/${file}`).toBe(true);
      const template = JSON.parse(fs.readFileSync(path.join(repoRoot, dir, f, "template.json"), "utf8")) as { resources: { type: string; apiVersion: string }[] };
      for (const r of template.resources) if (r.type.startsWith("Microsoft.Batch/")) expect(r.apiVersion, `${f}: ${r.type}`).toBe("2024-07-01");
    }
  });

  test.each(folders)("%s: the same findings and model, the Terraform findings on the lines marked", async (pair) => {
    const folder = `${dir}/${pair}`;
    current = pair;
    const { tf, arm } = await lintPair(folder);
    const t = rulesOnly(tf).map(key).sort();
    const a = rulesOnly(arm).map(key).sort();
    const allowed = DIFFERENCES[pair];
    expect(minus(t, a), "only in the Terraform findings").toEqual([...(allowed?.onlyTerraform ?? [])].sort());
    expect(minus(a, t), "only in the ARM findings").toEqual([...(allowed?.onlyArm ?? [])].sort());
    expect(
      rulesOnly(tf)
        .map((f) => `${f.file}:${f.region.startLine} ${f.ruleId}`)
        .sort(),
      "Terraform findings on their marked lines",
    ).toEqual(markers(folder));
    expect(models(tf, allowed?.modelOnlyTerraform), "the model of each resource").toEqual(models(arm));
    // Each resource of the template is a resource of the Terraform side, by name.
    expect(tf.resourcesChecked).toBe(arm.resourcesChecked);
  });

  test("the test fails on a finding off its marked line or a model that differs", async () => {
    const folder = `${dir}/auth-modes`;
    current = "auth-modes";
    const { tf, arm } = await lintPair(folder);
    const moved = rulesOnly(tf).map((f) => `${f.file}:${f.region.startLine + 1} ${f.ruleId}`);
    expect(moved.sort()).not.toEqual(markers(folder));
    expect(models(tf)).toEqual(models(arm));
    expect(models(tf).map((m) => m.replace('"SharedKey"', '"AAD"'))).not.toEqual(models(arm));
  });
});
