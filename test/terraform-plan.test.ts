/**
 * Terraform plan JSON (`terraform show -json plan.out`) as an input language (src/input/terraform/plan/): recognised
 * by content, its Batch resources linted through the public pipeline, findings at line:column in the plan and named
 * by the resource's address. Fixtures: test/fixtures/terraform/plan/, one case each.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { RunContext } from "../src/context.js";
import type { Finding, LintResult } from "../src/engine/findings.js";
import { recogniseValue } from "../src/input/recognise.js";
import { TERRAFORM_PLAN } from "../src/input/terraform/plan/language.js";
import { isPlanShape } from "../src/input/terraform/plan/recognise.js";
import { parseDocument } from "../src/parse/document.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { Redactor } from "../src/post/secrets.js";
import { repoRoot } from "./helpers.js";

const DIR = "test/fixtures/terraform/plan";
const fixture = (name: string) => readFileSync(path.join(repoRoot, DIR, name), "utf8");
const lint = (name: string, text = fixture(name)) => lintText(text, `${DIR}/${name}`, { rules, cwd: repoRoot, base: repoRoot });
const shown = (r: { findings: readonly Finding[] }) => r.findings.map((f) => `${f.ruleId} ${f.region.startLine}:${f.region.startColumn} ${f.resource.label}: ${f.message}`);
const of = (r: LintResult, id: string) => shown({ findings: r.findings.filter((f) => f.ruleId === id) });
const load = (name: string) => {
  const ctx = new RunContext();
  return TERRAFORM_PLAN.load(parseDocument(fixture(name), `${DIR}/${name}`, { context: ctx }), {}, ctx);
};

describe("recognising a plan", () => {
  test("format_version, terraform_version and planned_values or resource_changes; before the export shape and the Microsoft.Batch text search", () => {
    expect(recogniseValue(JSON.parse(fixture("account-findings.json")))).toBe("terraform-plan");
    expect(recogniseValue(JSON.parse(fixture("planned-values.json")))).toBe("terraform-plan");
    // azapi types name Microsoft.Batch: still a plan, not a "wrapped" document.
    expect(recogniseValue(JSON.parse(fixture("azapi.json")))).toBe("terraform-plan");
    expect(recogniseValue({ format_version: "1.2", terraform_version: "1.9.8", resource_changes: [] })).toBe("terraform-plan");
    // A state (`terraform show -json` of terraform.tfstate) has `values`, not planned_values.
    expect(isPlanShape({ format_version: "1.0", terraform_version: "1.9.8", values: { root_module: {} } })).toBe(false);
    expect(isPlanShape({ format_version: "1.2", resource_changes: [] })).toBe(false);
    expect(recogniseValue([{ type: "Microsoft.Batch/batchAccounts", name: "a", properties: {} }])).toBe("export");
  });
});

describe("Terraform plan findings", () => {
  test("a compliant account: no findings, no errors", () => {
    const r = lint("account-compliant.json");
    expect(r.errors).toEqual([]);
    expect(shown(r)).toEqual([]);
  });

  test("BATCH001 (SharedKey listed; [] not sent), BATCH003 (CMK, no identity), BATCH004 (network profile ignored) at the plan's values", () => {
    const r = lint("account-findings.json");
    expect(r.errors).toEqual([]);
    expect(of(r, "BATCH001")).toEqual([
      `BATCH001 132:13 azurerm_batch_account.findings: allowed_authentication_modes includes "SharedKey": shared key authentication is enabled.`,
      // allowed_authentication_modes = [] is not sent by the provider: reported at the resource's `after`.
      "BATCH001 229:9 azurerm_batch_account.nomodes: allowed_authentication_modes is not set, so the account accepts shared key authentication.",
    ]);
    expect(of(r, "BATCH003")).toEqual(["BATCH003 135:13 azurerm_batch_account.findings: encryption.key_vault_key_id is set but identity is not set: no identity can read the key in Key Vault."]);
    expect(of(r, "BATCH004")).toEqual(["BATCH004 144:13 azurerm_batch_account.findings: network_profile is ignored because public_network_access_enabled is false."]);
    const f = r.findings.find((x) => x.ruleId === "BATCH001")!;
    expect(f.pointer).toBe("/resource_changes/0/change/after/allowed_authentication_modes/1");
    expect([f.resource.name, f.resource.label]).toEqual(["batchfindings", "azurerm_batch_account.findings"]);
  });

  test("values known only after apply (after_unknown) never give a finding", () => {
    const r = lint("unknown.json");
    expect(r.errors).toEqual([]);
    expect(shown(r)).toEqual([]);
    const acct = load("unknown.json").resources[0]!;
    expect(acct.get("properties.allowedAuthenticationModes").unknown).toBe(true);
    expect(acct.get("properties.publicNetworkAccess").unknown).toBe(true);
    // Located at the after_unknown entry that says so.
    expect(acct.get("properties.allowedAuthenticationModes").at.pointer).toBe("/resource_changes/0/change/after_unknown/allowed_authentication_modes");
    expect(acct.get("properties.encryption.keyVaultProperties.keyIdentifier").unknown).toBe(true);
  });

  test("a pool: named <account>/<pool> from account_name, linked to its account; start_task user_identity mapped", () => {
    const loaded = load("pool-start-task.json");
    const [acct, pool] = loaded.resources;
    expect([pool!.type, pool!.name, pool!.label, pool!.apiVersion]).toEqual(["Microsoft.Batch/batchAccounts/pools", "batchpools/render", "azurerm_batch_pool.render", "2024-07-01"]);
    expect(pool!.parent).toBe(acct);
    const auto = pool!.get("properties.startTask.userIdentity.autoUser");
    expect([auto.get("elevationLevel").str(), auto.get("scope").str()]).toEqual(["Admin", "Pool"]);
    expect(auto.get("elevationLevel").at.pointer).toBe("/resource_changes/1/change/after/start_task/0/user_identity/0/auto_user/0/elevation_level");
    expect(pool!.get("properties.startTask.environmentSettings[0].name").str()).toBe("RENDER_MODE");
    // The password is sensitive (after_sensitive): not in the model.
    expect(pool!.get("properties.userAccounts[0].password").unknown).toBe(true);
    const r = lint("pool-start-task.json");
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.resource.label === "azurerm_batch_pool.render").map((f) => `${f.ruleId} ${f.region.startLine}:${f.region.startColumn}`)).toEqual([
      "BATCH107 232:9",
      "BATCH108 232:9",
      "BATCH104 238:11",
    ]);
    expect(of(r, "BATCH108")).toEqual(["BATCH108 232:9 azurerm_batch_pool.render: network_configuration.subnet_id is not set: the pool is not in your virtual network."]);
  });

  test("a resource in a module is named by its address", () => {
    const r = lint("module.json");
    expect(of(r, "BATCH001")).toEqual([`BATCH001 71:13 module.batch.azurerm_batch_account.this[0]: allowed_authentication_modes includes "SharedKey": shared key authentication is enabled.`]);
  });

  test("azapi_resource: a v1 jsonencode body located at `body`, a v2 object body at its values; other types are not linted", () => {
    const r = lint("azapi.json");
    expect(r.errors).toEqual([]);
    expect(of(r, "BATCH001")).toEqual([`BATCH001 114:19 azapi_resource.account: allowedAuthenticationModes includes "SharedKey" (evaluates to ["SharedKey","AAD"]): shared key authentication is enabled.`]);
    expect(of(r, "BATCH103")).toEqual([`BATCH103 166:46 azapi_resource.pool: targetNodeCommunicationMode is "Classic", retired on 31 March 2026.`]);
    expect(new Set(r.findings.map((f) => f.resource.label))).toEqual(new Set(["azapi_resource.account", "azapi_resource.pool"]));
    const [acct, pool] = load("azapi.json").resources;
    expect([acct!.type, acct!.apiVersion, pool!.name]).toEqual(["Microsoft.Batch/batchAccounts", "2024-07-01", "batchazapi/classic"]);
    expect(pool!.parent).toBe(acct);
  });

  test("a planned delete and a data source are not linted", () => {
    const r = lint("delete.json");
    expect(shown(r)).toEqual([]);
    expect(load("delete.json").notes.map((n) => n.message)).toEqual(["azurerm_batch_account.gone: planned for deletion; not linted"]);
  });

  test("without resource_changes: planned_values and its child modules; a member left out is unknown, not unset", () => {
    const r = lint("planned-values.json");
    expect(r.errors).toEqual([]);
    expect(of(r, "BATCH001")).toEqual([`BATCH001 55:23 module.batch.module.account.azurerm_batch_account.this["west"]: allowed_authentication_modes includes "SharedKey": shared key authentication is enabled.`]);
    const root = load("planned-values.json").resources.find((x) => x.label === "azurerm_batch_account.root")!;
    expect(root.get("properties.allowedAuthenticationModes").unknown).toBe(true);
    expect(root.get("properties.publicNetworkAccess").str()).toBe("Disabled");
  });

  test("a plan above the streaming threshold is not a list: read whole, the same findings", async () => {
    const r = await lintPaths([`${DIR}/account-findings.json`], { rules, cwd: repoRoot, base: repoRoot, streamThreshold: 64 });
    expect(r.errors).toEqual([]);
    expect(of(r, "BATCH001")).toEqual(of(lint("account-findings.json"), "BATCH001"));
  });

  test("a resource whose whole value is sensitive or unknown is noted, not linted", () => {
    const plan = JSON.parse(fixture("module.json"));
    plan.resource_changes[0].change.after_sensitive = true;
    const r = lint("module.json", JSON.stringify(plan));
    expect(shown(r)).toEqual([]);
    const ctx = new RunContext();
    const loaded = TERRAFORM_PLAN.load(parseDocument(JSON.stringify(plan), "p.json", { context: ctx }), {}, ctx);
    expect(loaded.notes.map((n) => n.message)).toEqual(["module.batch.azurerm_batch_account.this[0]: its values are a sensitive value; not linted"]);
  });

  test("fixes are refused: a plan is never edited", () => {
    const r = lint("account-findings.json");
    expect(r.findings.some((f) => f.fix !== undefined)).toBe(false);
    expect(r.notes.map((n) => n.message)).toContain("BATCH001: no automatic fix: a Terraform plan is not edited: change the Terraform configuration");
  });
});

describe("sensitive values (after_sensitive)", () => {
  test("never read by a rule, so never printed; the same value not marked sensitive is quoted", () => {
    const secret = "10.213.57.0/24";
    const r = lint("sensitive.json");
    expect(r.errors).toEqual([]);
    expect(of(r, "BATCH007")).toEqual([]);
    expect(JSON.stringify(r)).not.toContain(secret);
    // And the redactor knows it: any text batchlint prints has it replaced.
    const ctx = new RunContext();
    const doc = parseDocument(fixture("sensitive.json"), `${DIR}/sensitive.json`, { context: ctx });
    const loaded = TERRAFORM_PLAN.load(doc, {}, ctx);
    const docs = new Map([[doc.file, doc], ...loaded.documents.map((d) => [d.file, d] as const)]);
    expect(new Redactor({ docs, resources: loaded.resources, literal: loaded.literal }).redact(`ip range ${secret}`)).toBe("ip range <redacted>");
    // The control: the same plan without the mark, where BATCH007 quotes the range.
    const plain = fixture("sensitive.json").replaceAll('"ip_range": true', '"ip_range": false');
    const control = lint("sensitive.json", plain);
    expect(of(control, "BATCH007")).toEqual([
      `BATCH007 110:35 azurerm_batch_account.office: "${secret}" in network_profile.account_access.ip_rule is a private or reserved range; the public endpoint never sees such addresses.`,
    ]);
  });

  test("a sensitive password: unknown in the model, absent from the output, and redacted by the redactor", () => {
    const password = "Pl4n-S3cret-Passw0rd!";
    const r = lint("pool-start-task.json");
    expect(JSON.stringify(r)).not.toContain(password);
    const ctx = new RunContext();
    const doc = parseDocument(fixture("pool-start-task.json"), `${DIR}/pool-start-task.json`, { context: ctx });
    const loaded = TERRAFORM_PLAN.load(doc, {}, ctx);
    const redactor = new Redactor({ docs: new Map([[doc.file, doc]]), resources: loaded.resources, literal: loaded.literal });
    expect(redactor.redact(`the password is ${password}.`)).toBe("the password is <redacted>.");
  });
});
