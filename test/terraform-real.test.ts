/**
 * The real public Terraform configurations in test/fixtures/terraform/real (SOURCES.md says where each comes from;
 * EXPECTED.md says, folder by folder, why each finding is right and what must not be reported): each folder is
 * linted as a directory, as the CLI lints it, and its findings are asserted exactly (`file:line:column ruleId`, every
 * rule, in the output's order), with the number of resources checked and no error. A finding that moves, appears or
 * disappears fails here; update EXPECTED.md with the reason when the change is right.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { defineRule } from "../src/rule.js";
import type { Finding } from "../src/engine/findings.js";
import { type LintOptions, lintPaths } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const REAL = path.join(repoRoot, "test/fixtures/terraform/real");
type TfOptions = Partial<LintOptions> & { terraformVars?: ReadonlyMap<string, string> };
/** Lints one folder (or files), paths shown relative to the folder. */
const lintFolder = (folder: string, o: TfOptions = {}, inputs = [folder]) =>
  lintPaths(
    inputs.map((i) => path.join(REAL, i)),
    { rules, cwd: repoRoot, base: path.join(REAL, folder), ...o } as LintOptions,
  );
const at = (f: Finding) => `${f.file}:${f.region.startLine}:${f.region.startColumn} ${f.ruleId}`;
const related = (f: Finding | undefined) => (f?.related ?? []).map((l) => `${l.file}:${l.region.startLine}:${l.region.startColumn}`);

/** Per folder: the resources checked and every finding, `file:line:column ruleId` (EXPECTED.md gives the reasons). */
const EXPECTED: Readonly<Record<string, { resources: number; findings: readonly string[] }>> = {
  "Azure-ArtistAnywhere-6.Render.Farm": {
    resources: 0,
    findings: [],
  },
  "Azure-terraform-azurerm-avm-res-batch-batchaccount-88053f5": {
    resources: 2,
    findings: [
      "main.tf:29:10 BATCH021",
      "main.tf:29:10 BATCH021",
      "main.tf:29:34 BATCH001",
      "main.tf:29:34 BATCH001",
      "main.tf:29:34 BATCH006",
      "main.tf:29:34 BATCH006",
      "main.tf:29:34 BATCH008",
      "main.tf:29:34 BATCH008",
      "main.tf:29:34 BATCH009",
      "main.tf:29:34 BATCH009",
      "main.tf:34:41 BATCH005",
      "main.tf:34:41 BATCH005",
      "main.tf:36:41 BATCH015",
      "main.tf:36:41 BATCH015",
    ],
  },
  "Azure-terraform-provider-azapi-batchAccounts": {
    resources: 1,
    findings: ["main.tf:30:15 BATCH021", "main.tf:30:15 BATCH905", "main.tf:35:5 BATCH001", "main.tf:35:5 BATCH006", "main.tf:35:5 BATCH008", "main.tf:37:21 BATCH009", "main.tf:40:29 BATCH005"],
  },
  "Azure-terraform-provider-azapi-batchAccounts_applications": {
    resources: 2,
    findings: ["main.tf:72:15 BATCH021", "main.tf:72:15 BATCH905", "main.tf:77:5 BATCH001", "main.tf:77:5 BATCH006", "main.tf:77:5 BATCH008", "main.tf:79:30 BATCH015", "main.tf:83:21 BATCH009", "main.tf:86:29 BATCH005"],
  },
  "Azure-terraform-provider-azapi-batchAccounts_certificates": {
    resources: 2,
    findings: ["main.tf:30:15 BATCH021", "main.tf:30:15 BATCH905", "main.tf:35:5 BATCH001", "main.tf:35:5 BATCH006", "main.tf:35:5 BATCH008", "main.tf:37:21 BATCH009", "main.tf:40:29 BATCH005", "main.tf:48:15 BATCH020"],
  },
  "Azure-terraform-provider-azapi-batchAccounts_pools": {
    resources: 2,
    findings: [
      "main.tf:30:15 BATCH021",
      "main.tf:30:15 BATCH905",
      "main.tf:35:5 BATCH001",
      "main.tf:35:5 BATCH006",
      "main.tf:35:5 BATCH008",
      "main.tf:37:21 BATCH009",
      "main.tf:40:29 BATCH005",
      "main.tf:48:15 BATCH905",
      "main.tf:52:5 BATCH107",
      "main.tf:52:5 BATCH108",
      "main.tf:55:9 BATCH104",
      "main.tf:62:28 BATCH106",
    ],
  },
  "TomArcherMsft-terraform-provider-azurerm-azapi-BatchPool_mountConfigurationAzureBlobFileSystem": {
    resources: 1,
    findings: ["main.tf:3:15 BATCH021", "main.tf:3:15 BATCH905", "main.tf:8:5 BATCH001", "main.tf:8:5 BATCH006", "main.tf:8:5 BATCH008", "main.tf:10:21 BATCH009", "main.tf:13:29 BATCH005"],
  },
  "avm-res-batch-batchaccount": {
    resources: 1,
    findings: ["main.tf:25:10 BATCH021"],
  },
  "aztfmod-terraform-azurerm-caf-batch_account": {
    resources: 1,
    findings: ["account.tf:11:10 BATCH021", "account.tf:11:34 BATCH001", "account.tf:11:34 BATCH009"],
  },
  "azurerm-examples-batch": {
    resources: 5,
    findings: [
      "basic/main.tf:18:10 BATCH021",
      "basic/main.tf:18:34 BATCH001",
      "basic/main.tf:18:34 BATCH005",
      "basic/main.tf:18:34 BATCH006",
      "basic/main.tf:18:34 BATCH008",
      "basic/main.tf:18:34 BATCH009",
      "basic/main.tf:18:34 BATCH015",
      "basic/main.tf:25:31 BATCH104",
      "basic/main.tf:25:31 BATCH107",
      "basic/main.tf:25:31 BATCH108",
      "basic/main.tf:31:25 BATCH106",
      "basic/main.tf:67:31 BATCH104",
      "basic/main.tf:67:31 BATCH107",
      "basic/main.tf:67:31 BATCH108",
      "basic/main.tf:73:25 BATCH106",
      "custom-image/main.tf:123:10 BATCH021",
      "custom-image/main.tf:123:34 BATCH001",
      "custom-image/main.tf:123:34 BATCH005",
      "custom-image/main.tf:123:34 BATCH006",
      "custom-image/main.tf:123:34 BATCH008",
      "custom-image/main.tf:123:34 BATCH009",
      "custom-image/main.tf:129:31 BATCH104",
      "custom-image/main.tf:129:31 BATCH107",
      "custom-image/main.tf:129:31 BATCH108",
    ],
  },
  "bridgecrewio-checkov-AzureBatchAccountEndpointAccessDefaultAction": {
    resources: 7,
    findings: [
      "main.tf:2:10 BATCH021",
      "main.tf:2:34 BATCH001",
      "main.tf:2:34 BATCH005",
      "main.tf:2:34 BATCH006",
      "main.tf:2:34 BATCH008",
      "main.tf:2:34 BATCH009",
      "main.tf:9:10 BATCH021",
      "main.tf:9:34 BATCH001",
      "main.tf:9:34 BATCH009",
      "main.tf:17:10 BATCH021",
      "main.tf:17:34 BATCH001",
      "main.tf:17:34 BATCH006",
      "main.tf:17:34 BATCH008",
      "main.tf:17:34 BATCH009",
      "main.tf:22:41 BATCH005",
      "main.tf:25:10 BATCH021",
      "main.tf:25:34 BATCH001",
      "main.tf:25:34 BATCH009",
      "main.tf:30:41 BATCH005",
      "main.tf:31:3 BATCH006",
      "main.tf:31:3 BATCH008",
      "main.tf:36:10 BATCH021",
      "main.tf:36:34 BATCH001",
      "main.tf:36:34 BATCH009",
      "main.tf:41:41 BATCH005",
      "main.tf:42:3 BATCH008",
      "main.tf:49:10 BATCH021",
      "main.tf:49:34 BATCH001",
      "main.tf:49:34 BATCH009",
      "main.tf:54:41 BATCH005",
      "main.tf:55:3 BATCH008",
      "main.tf:57:24 BATCH006",
      "main.tf:62:10 BATCH021",
      "main.tf:62:34 BATCH001",
      "main.tf:62:34 BATCH005",
      "main.tf:62:34 BATCH009",
      "main.tf:67:3 BATCH008",
      "main.tf:69:24 BATCH006",
    ],
  },
  "caf-enterprise-scale": {
    resources: 0,
    findings: [],
  },
  "hashicorp-terraform-provider-azurerm-examples-batch": {
    resources: 3,
    findings: [
      "main.tf:28:10 BATCH021",
      "main.tf:28:34 BATCH001",
      "main.tf:28:34 BATCH005",
      "main.tf:28:34 BATCH006",
      "main.tf:28:34 BATCH008",
      "main.tf:28:34 BATCH009",
      "main.tf:35:31 BATCH104",
      "main.tf:35:31 BATCH107",
      "main.tf:35:31 BATCH108",
      "main.tf:41:25 BATCH106",
      "main.tf:73:31 BATCH104",
      "main.tf:73:31 BATCH107",
      "main.tf:73:31 BATCH108",
      "main.tf:79:25 BATCH106",
    ],
  },
  "ms-henglu-terraform-provider-azurerm-BatchAccount_authenticationModes": {
    resources: 1,
    findings: ["step_0.tf:14:10 BATCH021", "step_0.tf:14:34 BATCH005", "step_0.tf:14:34 BATCH006", "step_0.tf:14:34 BATCH008", "step_0.tf:14:34 BATCH009", "step_0.tf:21:5 BATCH001", "step_0.tf:22:5 BATCH002"],
  },
  "ms-henglu-terraform-provider-azurerm-BatchAccount_cmk": {
    resources: 1,
    findings: ["step_0.tf:33:10 BATCH021", "step_0.tf:33:34 BATCH001", "step_0.tf:33:34 BATCH005", "step_0.tf:33:34 BATCH006", "step_0.tf:33:34 BATCH008", "step_0.tf:39:41 BATCH015", "step_0.tf:45:3 BATCH003"],
  },
  "ms-henglu-terraform-provider-azurerm-BatchAccount_networkProfile": {
    resources: 1,
    findings: [
      "step_2.tf:11:10 BATCH021",
      "step_2.tf:11:34 BATCH001",
      "step_2.tf:11:34 BATCH005",
      "step_2.tf:11:34 BATCH009",
      "step_2.tf:19:24 BATCH006",
      "step_2.tf:21:20 BATCH007",
      "step_2.tf:25:20 BATCH007",
      "step_2.tf:30:24 BATCH008",
      "step_2.tf:33:20 BATCH007",
      "step_2.tf:37:20 BATCH007",
    ],
  },
  "ms-henglu-terraform-provider-azurerm-BatchAccount_userSubscription": {
    resources: 1,
    findings: ["step_0.tf:43:10 BATCH021", "step_0.tf:43:34 BATCH001", "step_0.tf:43:34 BATCH005", "step_0.tf:43:34 BATCH006", "step_0.tf:43:34 BATCH008", "step_0.tf:43:34 BATCH009"],
  },
  "ms-henglu-terraform-provider-azurerm-BatchPool_certificates": {
    resources: 4,
    findings: [
      "step_0.tf:11:10 BATCH021",
      "step_0.tf:11:34 BATCH001",
      "step_0.tf:11:34 BATCH005",
      "step_0.tf:11:34 BATCH006",
      "step_0.tf:11:34 BATCH008",
      "step_0.tf:11:34 BATCH009",
      "step_0.tf:17:10 BATCH020",
      "step_0.tf:26:10 BATCH020",
      "step_0.tf:36:31 BATCH104",
      "step_0.tf:36:31 BATCH107",
      "step_0.tf:36:31 BATCH108",
      "step_0.tf:40:25 BATCH106",
      "step_0.tf:54:3 BATCH102",
    ],
  },
  "ms-henglu-terraform-provider-azurerm-BatchPool_frontEndPortRanges": {
    resources: 2,
    findings: [
      "step_0.tf:30:10 BATCH021",
      "step_0.tf:30:34 BATCH001",
      "step_0.tf:30:34 BATCH005",
      "step_0.tf:30:34 BATCH006",
      "step_0.tf:30:34 BATCH008",
      "step_0.tf:30:34 BATCH009",
      "step_0.tf:36:31 BATCH104",
      "step_0.tf:40:25 BATCH106",
      "step_0.tf:56:40 BATCH107",
    ],
  },
  "ms-henglu-terraform-provider-azurerm-BatchPool_mountConfigurationCIFS": {
    resources: 2,
    findings: [
      "step_0.tf:33:10 BATCH021",
      "step_0.tf:33:34 BATCH001",
      "step_0.tf:33:34 BATCH005",
      "step_0.tf:33:34 BATCH006",
      "step_0.tf:33:34 BATCH008",
      "step_0.tf:33:34 BATCH009",
      "step_0.tf:38:31 BATCH104",
      "step_0.tf:38:31 BATCH107",
      "step_0.tf:38:31 BATCH108",
      "step_0.tf:42:25 BATCH106",
      "step_0.tf:47:29 BATCH112",
    ],
  },
  "ms-henglu-terraform-provider-azurerm-BatchPool_startTask_complete": {
    resources: 2,
    findings: [
      "step_0.tf:34:10 BATCH021",
      "step_0.tf:34:34 BATCH001",
      "step_0.tf:34:34 BATCH005",
      "step_0.tf:34:34 BATCH006",
      "step_0.tf:34:34 BATCH008",
      "step_0.tf:34:34 BATCH009",
      "step_0.tf:40:31 BATCH104",
      "step_0.tf:40:31 BATCH107",
      "step_0.tf:40:31 BATCH108",
      "step_0.tf:44:25 BATCH106",
      "step_0.tf:64:25 BATCH112",
      "step_0.tf:83:27 BATCH112",
    ],
  },
  "terraform-azurerm-compute": {
    resources: 0,
    findings: [],
  },
};

describe("real Terraform configurations: every finding at its place, no other, no error", () => {
  test("every folder of test/fixtures/terraform/real is listed here", () => {
    const folders = readdirSync(REAL).filter((n) => statSync(path.join(REAL, n)).isDirectory());
    expect(folders.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.keys(EXPECTED))("%s", async (folder) => {
    const r = await lintFolder(folder);
    expect(r.errors).toEqual([]);
    expect(r.findings.map(at)).toEqual(EXPECTED[folder]!.findings);
    expect(r.resourcesChecked).toBe(EXPECTED[folder]!.resources);
  });
});

describe("what the lists above do not show", () => {
  test("checkov: lower-case default_action values are read as the Batch API reads them (Allow/Deny)", async () => {
    const r = await lintFolder("bridgecrewio-checkov-AzureBatchAccountEndpointAccessDefaultAction");
    const b6 = r.findings.filter((f) => f.ruleId === "BATCH006").map((f) => `${f.region.startLine} ${f.resource.label}`);
    // "allow" at 57 and 69 reported; "deny" at 44 is not (the azurerm provider itself rejects both spellings: EXPECTED.md).
    expect(b6).toEqual([
      "2 azurerm_batch_account.pass_no_publicNetworkAccess",
      "17 azurerm_batch_account.pass_publicNetworkAccess_enabled_no_network_profile",
      "31 azurerm_batch_account.pass_publicNetworkAccess_enabled_no_account_access",
      "57 azurerm_batch_account.fail_publicNetworkAccess_enabled_default_action_allow",
      "69 azurerm_batch_account.fail_bad_default_action_no_public_network",
    ]);
  });

  test("cmk: BATCH003 at the encryption block, related to the identity type", async () => {
    const r = await lintFolder("ms-henglu-terraform-provider-azurerm-BatchAccount_cmk");
    expect(related(r.findings.find((f) => f.ruleId === "BATCH003"))).toEqual(["step_0.tf:41:20"]);
  });

  test("azurerm_batch_certificate is a Batch account certificate (BATCH020), named <account>/<algorithm>-<thumbprint>", async () => {
    const r = await lintFolder("ms-henglu-terraform-provider-azurerm-BatchPool_certificates");
    expect(r.findings.filter((f) => f.ruleId === "BATCH020").map((f) => `${f.resource.label} ${f.resource.name}`)).toEqual([
      "azurerm_batch_certificate.testcer testaccbatch26r90/SHA1-312d31a79fa0cef49c00f769afc2b73e9f4edf34",
      "azurerm_batch_certificate.testpfx testaccbatch26r90/SHA1-42c107874fd0e4a9583292a2f1098e8fe4b2edda",
    ]);
    // Its password (`password = "terraform"`) is not read (no rule needs it): no message quotes it.
    expect(r.findings.filter((f) => f.message.includes("terraform"))).toEqual([]);
  });

  test("azapi children: parent_id = azapi_resource.batchAccount.id is computed, so the account is named by that resource's name", async () => {
    const names = async (folder: string) => [...new Set((await lintFolder(folder)).findings.map((f) => `${f.resource.label} ${f.resource.name}`))];
    expect(await names("Azure-terraform-provider-azapi-batchAccounts_pools")).toEqual(["azapi_resource.batchAccount acctest0001", "azapi_resource.pool acctest0001/acctest0001"]);
    expect(await names("Azure-terraform-provider-azapi-batchAccounts_certificates")).toEqual([
      "azapi_resource.batchAccount acctest0001",
      "azapi_resource.certificate acctest0001/SHA1-312d31a79fa0cef49c00f769afc2b73e9f4edf34",
    ]);
  });

  test("AVM example: the module called with the example's inputs, and the module linted as its own root", async () => {
    const r = await lintFolder("Azure-terraform-azurerm-avm-res-batch-batchaccount-88053f5");
    const b15 = r.findings.filter((f) => f.ruleId === "BATCH015").map((f) => `${f.resource.label} <- ${related(f).join(" ")}`);
    expect(b15).toEqual(["module.azure_batch_account.azurerm_batch_account.this <- examples/default/main.tf:76:41", "azurerm_batch_account.this <- variables.tf:36:17"]);
    // dynamic "identity" and "network_profile" over their default [] make no block: no network profile, no identity.
    expect(r.findings.filter((f) => f.ruleId === "BATCH006").length).toBe(2);
  });

  test("ArtistAnywhere: with batch.enable and its first pool's enable set, the account and that pool only", async () => {
    // The configuration as published disables Batch (count 0, no pool): nothing to check. Setting the two flags
    // through --var (the tfvars object with its first two `enable = false` turned on) deploys the account and the
    // Linux CPU pool; the other pools stay filtered out by their own flags and agent SKUs.
    const folder = "Azure-ArtistAnywhere-6.Render.Farm";
    const tfvars = readFileSync(path.join(REAL, folder, "config.batch.auto.tfvars"), "utf8");
    const value = tfvars.slice(tfvars.indexOf("{")).replace("enable = false", "enable = true").replace("enable = false", "enable = true");
    const r = await lintFolder(folder, { terraformVars: new Map([["batch", value]]) });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => `${at(f)} ${f.resource.label}`)).toEqual([
      "batch.tf:195:10 BATCH021 azurerm_batch_account.scheduler[0]",
      "batch.tf:195:32 BATCH001 azurerm_batch_account.scheduler[0]",
      "batch.tf:195:32 BATCH005 azurerm_batch_account.scheduler[0]",
      "batch.tf:195:32 BATCH009 azurerm_batch_account.scheduler[0]",
      'batch.tf:235:29 BATCH104 azurerm_batch_pool.linux["LnxFarmC"]',
    ]);
  });
});

describe("an azapi pool linked to its account through parent_id = azapi_resource.<name>.id", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "batchlint-tf-parent-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (mode: string) =>
    writeFileSync(
      path.join(dir, "main.tf"),
      `resource "azapi_resource" "acct" {\n  type      = "Microsoft.Batch/batchAccounts@2024-07-01"\n  parent_id = azapi_resource.rg.id\n  name      = "acct1"\n  body = {\n    properties = {\n      poolAllocationMode = "${mode}"\n    }\n  }\n}\n\nresource "azapi_resource" "pool" {\n  type      = "Microsoft.Batch/batchAccounts/pools@2024-07-01"\n  parent_id = azapi_resource.acct.id\n  name      = "p1"\n  body = {\n    properties = {\n      scaleSettings = { fixedScale = { targetLowPriorityNodes = 2 } }\n    }\n  }\n}\n`,
    );

  test("the pool's rules read the account's allocation mode (BATCH105 only in a Batch-managed account)", async () => {
    for (const [mode, expected] of [
      ["BatchService", ["main.tf:18:65 BATCH105"]],
      ["UserSubscription", []],
    ] as const) {
      write(mode);
      const r = await lintPaths([dir], { rules, cwd: dir, base: dir } as LintOptions);
      expect(r.errors).toEqual([]);
      expect(r.findings.filter((f) => f.ruleId === "BATCH105").map(at)).toEqual(expected);
      expect(r.findings.find((f) => f.resource.label === "azapi_resource.pool")?.resource.name).toBe("acct1/p1");
    }
  });
});

describe("azurerm_monitor_diagnostic_setting (mapping/diagnostic.ts, read for BATCH021)", () => {
  /** Reports each diagnostic setting's scope and logs, as the model has them. */
  const probe = defineRule({
    meta: {
      id: "REAL001",
      name: "diagnostic-model",
      title: "The model of a diagnostic setting, for this test",
      severity: "note",
      tags: ["correctness"],
      resourceTypes: ["Microsoft.Insights/diagnosticSettings"],
      docs: { summary: "s", rationale: "r", remediation: "f", references: ["https://example.com/real"] },
      messages: { model: "{{model}}" },
    },
    check(resource, ctx) {
      const scope = resource.get("scope");
      const logs = resource
        .get("properties.logs")
        .items()
        .map((l) => `${l.get("categoryGroup").str() ?? l.get("category").str()}:${l.get("enabled").bool()}`);
      ctx.report({ messageId: "model", at: resource.root, data: { model: `${resource.name} scope=${scope.unknown ? "unknown" : scope.str()} logs=${logs.join(",")}` } });
    },
  });
  const dir = mkdtempSync(path.join(tmpdir(), "batchlint-tf-diag-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    path.join(dir, "main.tf"),
    `resource "azurerm_batch_account" "a" {\n  name = "acct1"\n}\n\nresource "azurerm_monitor_diagnostic_setting" "by_ref" {\n  name               = "d1"\n  target_resource_id = azurerm_batch_account.a.id\n  enabled_log {\n    category_group = "allLogs"\n  }\n}\n\nresource "azurerm_monitor_diagnostic_setting" "legacy" {\n  name               = "d2"\n  target_resource_id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/acct2"\n  log {\n    category = "ServiceLog"\n    enabled  = false\n  }\n}\n\nresource "azurerm_monitor_diagnostic_setting" "other" {\n  name               = "d3"\n  target_resource_id = azurerm_storage_account.s.id\n}\n`,
  );

  test("an account's id by reference is its scope; enabled_log is enabled, log says whether; another resource's id is unknown", async () => {
    const r = await lintPaths([dir], { rules: [...rules, probe], cwd: dir, base: dir } as LintOptions);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === "REAL001").map((f) => `${f.region.startLine} ${f.message}`)).toEqual([
      "5 d1 scope=Microsoft.Batch/batchAccounts/acct1 logs=allLogs:true",
      "13 d2 scope=/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/acct2 logs=ServiceLog:false",
      "22 d3 scope=unknown logs=",
    ]);
  });
});

describe("a sibling .tf with a syntax error", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "batchlint-tf-twice-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, "main.tf"), 'resource "azurerm_batch_account" "a" {\n  name = "abc"\n}\n');
  writeFileSync(path.join(dir, "bad.tf"), 'resource "x" "y" {\n  a = \n}\n');

  test("is reported once, with its own code, when the directory or both files are linted", async () => {
    for (const inputs of [[dir], [path.join(dir, "main.tf"), path.join(dir, "bad.tf")], [path.join(dir, "bad.tf"), path.join(dir, "main.tf")]]) {
      const r = await lintPaths(inputs, { rules, cwd: dir, base: dir } as LintOptions);
      expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual(["bad.tf:2:7 terraform-syntax Terraform syntax error: expected an expression, found end of line"]);
      // main.tf is still checked, with its module read without the file that does not parse.
      expect(r.findings.filter((f) => f.ruleId === "BATCH001").map(at)).toEqual(["main.tf:1:34 BATCH001"]);
    }
  });
});
