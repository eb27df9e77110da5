/**
 * The evaluation work budget (issue 19, src/input/budget.ts): templates written to make evaluation explode end
 * quickly with one located "too complex" error (exit code 2) while the other files of the run are reported; real
 * templates never come near the budget; shared values stay shared; a broken variable stays broken on every use.
 * Every attack is generated at test time into a temp directory.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths, lintText, type LintOptions } from "../src/pipeline/run.js";
import { loadTemplate } from "../src/input/arm/template.js";
import { DEFAULT_EVAL_LIMITS, scaledLimits } from "../src/input/budget.js";
import { parseDocument } from "../src/parse/document.js";
import { repoRoot } from "./helpers.js";

const SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
type Json = Record<string, unknown>;

const template = (extra: Json): Json => ({ $schema: SCHEMA, contentVersion: "1.0.0.0", ...extra });
const account = (properties: unknown, name = "acct001"): Json => ({ type: "Microsoft.Batch/batchAccounts", apiVersion: "2024-07-01", name, location: "westeurope", properties });
/** A file every run lints beside the attack: its BATCH001 must still be reported. */
const NORMAL = template({ resources: [account({ poolAllocationMode: "BatchService" }, "normal001")] });

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A temp directory with normal.json and the given files (JSON values are written as JSON). */
function tree(files: Record<string, Json>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-budget-")));
  dirs.push(dir);
  for (const [name, value] of Object.entries({ "normal.json": NORMAL, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), JSON.stringify(value, null, 1));
  }
  return dir;
}

async function lintTree(files: Record<string, Json>, options: Partial<LintOptions> = {}) {
  const dir = tree(files);
  const t0 = Date.now();
  const result = await lintPaths(["."], { rules, cwd: dir, base: dir, ...options });
  return { result, ms: Date.now() - t0, dir };
}

/** Exactly one too-complex error, in `file`, located (line and column past the start of the file). */
function expectTooComplex(result: Awaited<ReturnType<typeof lintTree>>["result"], file: string, what: RegExp) {
  const errors = result.errors.filter((e) => e.file === file);
  expect(errors.filter((e) => /too complex/.test(e.message))).toEqual([expect.objectContaining({ file, code: "evaluation-error", message: expect.stringMatching(what) })]);
  expect(errors.some((e) => /internal error/.test(e.message))).toBe(false);
  const e = errors.find((x) => /too complex/.test(x.message))!;
  expect(e.line).toBeGreaterThan(1);
  // No resource of the file is checked: a part of a deployment could make the rules report what the whole would not.
  expect(result.findings.filter((f) => f.file === file && f.ruleId === "BATCH001")).toEqual([]);
  expect(result.findings.some((f) => f.file === "normal.json" && f.ruleId === "BATCH001")).toBe(true);
  return e;
}

/** The line (1-based) of the first occurrence of `needle` in the file as written. */
function lineOf(dir: string, file: string, needle: string): number {
  const text = fs.readFileSync(path.join(dir, file), "utf8");
  return text.slice(0, text.indexOf(needle)).split("\n").length;
}

// ---------------------------------------------------------------- the attacks of issue 19

/** User-defined functions each calling the previous one twice, 40 levels (about 2^40 calls). */
function udfChain(levels = 40): Json {
  const members: Json = { f0: { parameters: [{ name: "x", type: "string" }], output: { type: "string", value: "[parameters('x')]" } } };
  for (let i = 1; i <= levels; i++) members[`f${i}`] = { parameters: [{ name: "x", type: "string" }], output: { type: "string", value: `[a.f${i - 1}(a.f${i - 1}(parameters('x')))]` } };
  return template({ functions: [{ namespace: "a", members }], resources: [account({ poolAllocationMode: `[a.f${levels}('BatchService')]` })] });
}

/** Variables each built from the previous one twice, 40 levels: objects (a DAG of 80 objects, a tree of 2^40). */
function objectVariables(): Json {
  const variables: Json = { v0: { a: 1 } };
  for (let i = 1; i <= 40; i++) variables[`v${i}`] = `[createObject('a', variables('v${i - 1}'), 'b', variables('v${i - 1}'))]`;
  return template({ variables, resources: [{ ...account({}), properties: "[variables('v40')]" }] });
}

describe("attacks end quickly with a located 'too complex' error; the other files are reported", () => {
  test("user-defined functions each calling the previous one twice, 40 levels (no result after 120 s before)", async () => {
    const { result, ms, dir } = await lintTree({ "t.json": udfChain() });
    const e = expectTooComplex(result, "t.json", /more than 3,200,000 evaluation steps/);
    // Located in the function body being evaluated when the budget ran out.
    expect(e.line).toBe(lineOf(dir, "t.json", "[a.f0(a.f0(parameters('x')))]"));
    expect(ms).toBeLessThan(20_000);
  });

  test("variables each built from the previous one twice, 40 levels, as strings", async () => {
    const variables: Json = { v0: "ab" };
    for (let i = 1; i <= 40; i++) variables[`v${i}`] = `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`;
    const { result, ms, dir } = await lintTree({ "t.json": template({ variables, resources: [account({ description: "[variables('v40')]" })] }) });
    const e = expectTooComplex(result, "t.json", /concat\(\): too complex: a string of 16,777,216 characters is over the limit of 10,000,000/);
    expect(e.line).toBe(lineOf(dir, "t.json", "[concat(variables('v22'), variables('v22'))]"));
    expect(ms).toBeLessThan(20_000);
  });

  test("variables each built from the previous one twice, 40 levels, as objects used as properties (out of memory before)", async () => {
    const { result, ms, dir } = await lintTree({ "t.json": objectVariables() });
    const e = expectTooComplex(result, "t.json", /more than 2,000,000 array elements and object members made/);
    expect(e.line).toBe(lineOf(dir, "t.json", `"properties": "[variables('v40')]"`));
    expect(ms).toBeLessThan(20_000);
  });

  test("nested property copy 800 x 800 x 800 (aborted at 4.3 GB before)", async () => {
    const input = { copy: [{ name: "c", count: 800, input: { copy: [{ name: "b", count: 800, input: { copy: [{ name: "a", count: 800, input: "[copyIndex('a')]" }] } }] } }] };
    const { result, ms } = await lintTree({ "t.json": template({ resources: [account(input)] }) });
    expectTooComplex(result, "t.json", /too complex to evaluate: more than/);
    expect(ms).toBeLessThan(20_000);
  });

  const deployment = (rel: string, n: number): Json => ({ type: "Microsoft.Resources/deployments", apiVersion: "2022-09-01", name: `d${n}`, properties: { mode: "Incremental", templateLink: { relativePath: rel } } });

  test("a template linking itself twice per level (26 s, 3 GB and an internal error before)", async () => {
    const { result, ms } = await lintTree({ "self/t.json": template({ resources: [account({}), deployment("t.json", 1), deployment("t.json", 2)] }) });
    expectTooComplex(result, "self/t.json", /too complex: more than 20,000 resources after expanding copy loops, nested deployments and linked templates/);
    // Each deployment that nests too deeply is reported once, not once per way of reaching it.
    expect(result.errors.filter((e) => /nested deployments deeper than 16 levels/.test(e.message)).length).toBeLessThanOrEqual(2);
    expect(ms).toBeLessThan(20_000);
  });

  test("two templates linking each other twice per level", async () => {
    const { result, ms } = await lintTree({
      "m/a.json": template({ resources: [account({}, "acct00a"), deployment("b.json", 1), deployment("b.json", 2)] }),
      "m/b.json": template({ resources: [account({}, "acct00b"), deployment("a.json", 1), deployment("a.json", 2)] }),
    });
    expectTooComplex(result, "m/a.json", /more than 20,000 resources/);
    expectTooComplex(result, "m/b.json", /more than 20,000 resources/);
    expect(ms).toBeLessThan(30_000);
  });

  const r = "[range(0, 10000)]";
  test.each([
    ["flatten", { r, rr: "[map(variables('r'), lambda('i', variables('r')))]" }, "[length(flatten(variables('rr')))]", /flatten\(\): too complex: an array of 100,000,000 elements is over the limit of 1,000,000/],
    ["map", { r }, "[map(variables('r'), lambda('i', map(variables('r'), lambda('j', lambdaVariables('j')))))]", /map\(\): too complex to evaluate: more than/],
    ["join", { r, s: "[join(variables('r'), ',')]" }, "[length(join(map(variables('r'), lambda('i', variables('s'))), ','))]", /join\(\): too complex: a string of [\d,]+ characters is over the limit of 10,000,000/],
    ["string", { r, rr: "[map(variables('r'), lambda('i', variables('r')))]" }, "[length(string(variables('rr')))]", /string\(\): too complex: a string of 488,930,002 characters is over the limit/],
    [
      "union",
      { r, rr: "[map(variables('r'), lambda('i', createArray(createObject('i', lambdaVariables('i')))))]" },
      "[length(union(flatten(variables('rr')), flatten(variables('rr'))))]",
      /too complex to evaluate: more than 3,200,000 evaluation steps/,
    ],
    ["replace", { s: "[padLeft('', 10000, 'x')]" }, "[length(replace(variables('s'), 'x', variables('s')))]", /replace\(\): too complex: a string of 100,000,000 characters/],
    ["format", {}, "[format('{0,-99999999}', 'x')]", /format\(\): too complex: a string of 99,999,999 characters/],
    ["json", { s: "[string(range(0, 10000))]" }, "[length(map(range(0, 10000), lambda('i', json(variables('s')))))]", /too complex to evaluate: more than/],
    [
      "base64",
      { s: "[padLeft('', 10000, 'x')]" },
      "[length(map(range(0, 10000), lambda('i', base64(concat(variables('s'), string(lambdaVariables('i')))))))]",
      /too complex to evaluate: more than 200,000,000 characters built or scanned/,
    ],
    ["items", { o: "[toObject(range(0, 10000), lambda('i', string(lambdaVariables('i'))))]" }, "[length(map(range(0, 10000), lambda('i', items(variables('o')))))]", /too complex to evaluate: more than/],
    ["reduce", {}, "[length(reduce(range(0, 10000), createArray(), lambda('acc', 'i', concat(lambdaVariables('acc'), range(0, 1000)))))]", /too complex/],
    ["sort", { r }, "[length(map(variables('r'), lambda('i', sort(variables('r'), lambda('p', 'q', less(lambdaVariables('p'), lambdaVariables('q')))))))]", /too complex to evaluate: more than/],
  ])("%s past the size limits or the budget", async (_name, variables, expression, message) => {
    const { result, ms, dir } = await lintTree({ "t.json": template({ variables, resources: [account({ description: expression })] }) });
    const e = expectTooComplex(result, "t.json", message);
    expect([lineOf(dir, "t.json", expression), ...Object.values(variables).map((v) => lineOf(dir, "t.json", v))]).toContain(e.line);
    expect(ms).toBeLessThan(20_000);
  });

  test("a budget error inside a branch of if() with an unknown condition is not swallowed", async () => {
    const variables: Json = { v0: "ab" };
    for (let i = 1; i <= 30; i++) variables[`v${i}`] = `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`;
    const expression = "[if(equals(reference('x').y, 1), length(variables('v30')), 0)]";
    const { result } = await lintTree({ "t.json": template({ variables, resources: [account({ a: expression, b: "[length(variables('v30'))]" })] }) });
    expectTooComplex(result, "t.json", /concat\(\): too complex: a string of 16,777,216 characters/);
  });

  test("variables nested more than 200 deep", async () => {
    const variables: Json = { v0: "x" };
    for (let i = 1; i <= 300; i++) variables[`v${i}`] = `[variables('v${i - 1}')]`;
    const { result } = await lintTree({ "t.json": template({ variables, resources: [account({ description: "[variables('v300')]" })] }) });
    expectTooComplex(result, "t.json", /user-defined functions, variables and nested deployments more than 200 levels deep/);
  });
});

/**
 * A Bicep build in the style of the Azure Verified Modules (avm/res/batch/batch-account/main.json: languageVersion
 * 2.0, inner-scope module deployments, role-assignment lambdas, diagnostic-setting property copies, private
 * endpoints as nested modules, parameters with realistic defaults), `kb` kilobytes of it.
 */
function bicepStyleBuild(kb: number, withMeta = true): Json {
  const meta = (d: string) => (withMeta ? { metadata: { description: `${d} `.repeat(6) } } : {});
  const roles: Json = {};
  for (let i = 0; i < 40; i++) roles[`Role ${i}`] = `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${String(i).padStart(8, "0")}-0000-0000-0000-000000000000')]`;
  const ra = Array.from({ length: 12 }, (_, i) => ({ roleDefinitionIdOrName: `Role ${i % 40}`, principalId: `p${i}`, principalType: "ServicePrincipal", description: `assignment ${i}` }));
  const diag = Array.from({ length: 3 }, (_, i) => ({
    name: `diag${i}`,
    workspaceResourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w${i}`,
    logCategoriesAndGroups: [{ categoryGroup: "allLogs" }, { category: "ServiceLog" }],
    metricCategories: [{ category: "AllMetrics" }],
  }));
  const pes = Array.from({ length: 3 }, (_, i) => ({
    service: "batchAccount",
    subnetResourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s${i}`,
    location: "westeurope",
    tags: { env: "prod", idx: String(i) },
  }));
  const ipRules = Array.from({ length: 30 }, (_, i) => `10.${i}.0.0/16`);
  const P = (type: string, def: unknown, d: string) => ({ type, defaultValue: def, ...meta(d) });
  const peModule = (): Json => ({
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    languageVersion: "2.0",
    contentVersion: "1.0.0.0",
    parameters: {
      name: P("string", undefined, "Name"),
      location: P("string", "[resourceGroup().location]", "Location"),
      subnetResourceId: P("string", undefined, "Subnet"),
      tags: { type: "object", nullable: true, ...meta("Tags") },
      roleAssignments: { type: "array", nullable: true, ...meta("Roles") },
      privateLinkServiceConnections: { type: "array", nullable: true },
    },
    variables: {
      builtInRoleNames: roles,
      formattedRoleAssignments:
        "[map(coalesce(parameters('roleAssignments'), createArray()), lambda('ra', union(lambdaVariables('ra'), createObject('roleDefinitionId', coalesce(tryGet(variables('builtInRoleNames'), lambdaVariables('ra').roleDefinitionIdOrName), if(contains(lambdaVariables('ra').roleDefinitionIdOrName, '/providers/Microsoft.Authorization/roleDefinitions/'), lambdaVariables('ra').roleDefinitionIdOrName, subscriptionResourceId('Microsoft.Authorization/roleDefinitions', lambdaVariables('ra').roleDefinitionIdOrName)))))))]",
    },
    resources: {
      privateEndpoint: {
        type: "Microsoft.Network/privateEndpoints",
        apiVersion: "2023-11-01",
        name: "[parameters('name')]",
        location: "[parameters('location')]",
        tags: "[parameters('tags')]",
        properties: { subnet: { id: "[parameters('subnetResourceId')]" }, privateLinkServiceConnections: "[coalesce(parameters('privateLinkServiceConnections'), createArray())]" },
      },
      privateEndpoint_roleAssignments: {
        copy: { name: "ra", count: "[length(coalesce(variables('formattedRoleAssignments'), createArray()))]" },
        type: "Microsoft.Authorization/roleAssignments",
        apiVersion: "2022-04-01",
        scope: "[format('Microsoft.Network/privateEndpoints/{0}', parameters('name'))]",
        name: "[guid(resourceId('Microsoft.Network/privateEndpoints', parameters('name')), coalesce(variables('formattedRoleAssignments'), createArray())[copyIndex()].principalId)]",
        properties: {
          roleDefinitionId: "[coalesce(variables('formattedRoleAssignments'), createArray())[copyIndex()].roleDefinitionId]",
          principalId: "[coalesce(variables('formattedRoleAssignments'), createArray())[copyIndex()].principalId]",
        },
      },
    },
    outputs: { resourceId: { type: "string", value: "[resourceId('Microsoft.Network/privateEndpoints', parameters('name'))]" } },
  });
  const accountModule = (k: number): Json => ({
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    languageVersion: "2.0",
    contentVersion: "1.0.0.0",
    parameters: {
      name: P("string", `batch${k}acct`, "Name"),
      location: P("string", "westeurope", "Location"),
      tags: P("object", { env: "prod", module: String(k) }, "Tags"),
      roleAssignments: P("array", ra, "Role assignments"),
      diagnosticSettings: P("array", diag, "Diagnostic settings"),
      privateEndpoints: P("array", pes, "Private endpoints"),
      networkProfile: P("object", { accountAccess: { defaultAction: "Deny", allowedIpRules: ipRules }, nodeManagementAccess: { defaultAction: "Deny", allowedIpRules: ipRules } }, "Network profile"),
      poolAllocationMode: P("string", "BatchService", "Mode"),
      publicNetworkAccess: P("string", "Disabled", "Access"),
      allowedAuthenticationModes: P("array", ["AAD", "TaskAuthenticationToken"], "Auth modes"),
      lock: P("object", { kind: "CanNotDelete" }, "Lock"),
      pools: P(
        "array",
        Array.from({ length: 4 }, (_, i) => ({ name: `pool${i}`, vmSize: "Standard_D2s_v3", nodes: i + 1 })),
        "Pools",
      ),
    },
    variables: {
      builtInRoleNames: roles,
      formattedRoleAssignments: (peModule().variables as Json).formattedRoleAssignments,
      accountAccessNetworkProfileIpRules:
        "[map(coalesce(tryGet(tryGet(parameters('networkProfile'), 'accountAccess'), 'allowedIpRules'), createArray()), lambda('rule', createObject('action', 'Allow', 'value', lambdaVariables('rule'))))]",
      nodeManagementAccessNetworkProfileIpRules:
        "[map(coalesce(tryGet(tryGet(parameters('networkProfile'), 'nodeManagementAccess'), 'allowedIpRules'), createArray()), lambda('rule', createObject('action', 'Allow', 'value', lambdaVariables('rule'))))]",
      identity: "[createObject('type', 'SystemAssigned')]",
      poolNames: "[join(map(parameters('pools'), lambda('p', format('{0}-{1}', parameters('name'), lambdaVariables('p').name))), ',')]",
    },
    resources: {
      batchAccount: {
        type: "Microsoft.Batch/batchAccounts",
        apiVersion: "2024-07-01",
        name: "[parameters('name')]",
        location: "[parameters('location')]",
        tags: "[parameters('tags')]",
        identity: "[variables('identity')]",
        properties: {
          allowedAuthenticationModes: "[parameters('allowedAuthenticationModes')]",
          poolAllocationMode: "[parameters('poolAllocationMode')]",
          networkProfile:
            "[if(not(empty(coalesce(parameters('networkProfile'), createObject()))), createObject('accountAccess', if(not(empty(variables('accountAccessNetworkProfileIpRules'))), createObject('defaultAction', coalesce(tryGet(tryGet(parameters('networkProfile'), 'accountAccess'), 'defaultAction'), 'Deny'), 'ipRules', variables('accountAccessNetworkProfileIpRules')), null()), 'nodeManagementAccess', if(not(empty(variables('nodeManagementAccessNetworkProfileIpRules'))), createObject('defaultAction', coalesce(tryGet(tryGet(parameters('networkProfile'), 'nodeManagementAccess'), 'defaultAction'), 'Deny'), 'ipRules', variables('nodeManagementAccessNetworkProfileIpRules')), null())), null())]",
          publicNetworkAccess:
            "[if(not(empty(parameters('publicNetworkAccess'))), parameters('publicNetworkAccess'), if(and(not(empty(coalesce(parameters('privateEndpoints'), createArray()))), empty(coalesce(parameters('networkProfile'), createArray()))), 'Disabled', null()))]",
        },
      },
      batchAccount_lock: {
        condition: "[and(not(empty(coalesce(parameters('lock'), createObject()))), not(equals(tryGet(parameters('lock'), 'kind'), 'None')))]",
        type: "Microsoft.Authorization/locks",
        apiVersion: "2020-05-01",
        scope: "[format('Microsoft.Batch/batchAccounts/{0}', parameters('name'))]",
        name: "[coalesce(tryGet(parameters('lock'), 'name'), format('lock-{0}', parameters('name')))]",
        properties: { level: "[coalesce(tryGet(parameters('lock'), 'kind'), '')]" },
      },
      pools: {
        copy: { name: "pools", count: "[length(parameters('pools'))]" },
        type: "Microsoft.Batch/batchAccounts/pools",
        apiVersion: "2024-07-01",
        name: "[format('{0}/{1}', parameters('name'), parameters('pools')[copyIndex()].name)]",
        properties: {
          vmSize: "[parameters('pools')[copyIndex()].vmSize]",
          scaleSettings: { fixedScale: { targetDedicatedNodes: "[parameters('pools')[copyIndex()].nodes]" } },
          deploymentConfiguration: { virtualMachineConfiguration: { imageReference: { publisher: "canonical", offer: "ubuntu-24_04-lts", sku: "server" }, nodeAgentSkuId: "batch.node.ubuntu 24.04" } },
          networkConfiguration: { publicIPAddressConfiguration: { provision: "NoPublicIPAddresses" } },
        },
      },
      diagnosticSettings: {
        copy: { name: "diag", count: "[length(coalesce(parameters('diagnosticSettings'), createArray()))]" },
        type: "Microsoft.Insights/diagnosticSettings",
        apiVersion: "2021-05-01-preview",
        scope: "[format('Microsoft.Batch/batchAccounts/{0}', parameters('name'))]",
        name: "[coalesce(tryGet(coalesce(parameters('diagnosticSettings'), createArray())[copyIndex()], 'name'), format('{0}-diagnosticSettings', parameters('name')))]",
        properties: {
          copy: [
            {
              name: "metrics",
              count: "[length(coalesce(tryGet(coalesce(parameters('diagnosticSettings'), createArray())[copyIndex()], 'metricCategories'), createArray(createObject('category', 'AllMetrics'))))]",
              input: {
                category:
                  "[coalesce(tryGet(coalesce(parameters('diagnosticSettings'), createArray())[copyIndex()], 'metricCategories'), createArray(createObject('category', 'AllMetrics')))[copyIndex('metrics')].category]",
                enabled:
                  "[coalesce(tryGet(coalesce(tryGet(coalesce(parameters('diagnosticSettings'), createArray())[copyIndex()], 'metricCategories'), createArray(createObject('category', 'AllMetrics')))[copyIndex('metrics')], 'enabled'), true())]",
              },
            },
            {
              name: "logs",
              count: "[length(coalesce(tryGet(coalesce(parameters('diagnosticSettings'), createArray())[copyIndex()], 'logCategoriesAndGroups'), createArray(createObject('categoryGroup', 'allLogs'))))]",
              input: {
                categoryGroup:
                  "[tryGet(coalesce(tryGet(coalesce(parameters('diagnosticSettings'), createArray())[copyIndex()], 'logCategoriesAndGroups'), createArray(createObject('categoryGroup', 'allLogs')))[copyIndex('logs')], 'categoryGroup')]",
                category:
                  "[tryGet(coalesce(tryGet(coalesce(parameters('diagnosticSettings'), createArray())[copyIndex()], 'logCategoriesAndGroups'), createArray(createObject('categoryGroup', 'allLogs')))[copyIndex('logs')], 'category')]",
              },
            },
          ],
          workspaceId: "[tryGet(coalesce(parameters('diagnosticSettings'), createArray())[copyIndex()], 'workspaceResourceId')]",
        },
      },
      roleAssignments: {
        copy: { name: "ra", count: "[length(coalesce(variables('formattedRoleAssignments'), createArray()))]" },
        type: "Microsoft.Authorization/roleAssignments",
        apiVersion: "2022-04-01",
        scope: "[format('Microsoft.Batch/batchAccounts/{0}', parameters('name'))]",
        name: "[guid(resourceId('Microsoft.Batch/batchAccounts', parameters('name')), coalesce(variables('formattedRoleAssignments'), createArray())[copyIndex()].principalId)]",
        properties: {
          roleDefinitionId: "[coalesce(variables('formattedRoleAssignments'), createArray())[copyIndex()].roleDefinitionId]",
          principalId: "[coalesce(variables('formattedRoleAssignments'), createArray())[copyIndex()].principalId]",
          description: "[tryGet(coalesce(variables('formattedRoleAssignments'), createArray())[copyIndex()], 'description')]",
        },
      },
      privateEndpoints: {
        copy: { name: "pe", count: "[length(coalesce(parameters('privateEndpoints'), createArray()))]" },
        type: "Microsoft.Resources/deployments",
        apiVersion: "2022-09-01",
        name: "[format('{0}-pe-{1}', parameters('name'), copyIndex())]",
        properties: {
          expressionEvaluationOptions: { scope: "inner" },
          mode: "Incremental",
          parameters: {
            name: {
              value:
                "[format('pep-{0}-{1}-{2}', last(split(resourceId('Microsoft.Batch/batchAccounts', parameters('name')), '/')), coalesce(parameters('privateEndpoints'), createArray())[copyIndex()].service, copyIndex())]",
            },
            privateLinkServiceConnections: {
              value:
                "[createArray(createObject('name', format('{0}-{1}', parameters('name'), copyIndex()), 'properties', createObject('privateLinkServiceId', resourceId('Microsoft.Batch/batchAccounts', parameters('name')), 'groupIds', createArray(coalesce(parameters('privateEndpoints'), createArray())[copyIndex()].service))))]",
            },
            subnetResourceId: { value: "[coalesce(parameters('privateEndpoints'), createArray())[copyIndex()].subnetResourceId]" },
            location: { value: "[coalesce(tryGet(coalesce(parameters('privateEndpoints'), createArray())[copyIndex()], 'location'), parameters('location'))]" },
            tags: { value: "[coalesce(tryGet(coalesce(parameters('privateEndpoints'), createArray())[copyIndex()], 'tags'), parameters('tags'))]" },
            roleAssignments: { value: "[parameters('roleAssignments')]" },
          },
          template: peModule(),
        },
      },
    },
    outputs: { resourceId: { type: "string", value: "[resourceId('Microsoft.Batch/batchAccounts', parameters('name'))]" }, pools: { type: "string", value: "[variables('poolNames')]" } },
  });
  const t: { resources: Json } & Json = {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    languageVersion: "2.0",
    contentVersion: "1.0.0.0",
    metadata: { _generator: { name: "bicep", version: "0.32.4.45862" } },
    parameters: {},
    resources: {},
  };
  let k = 0;
  while (JSON.stringify(t, null, 2).length < kb * 1024) {
    t.resources[`account${k}`] = {
      type: "Microsoft.Resources/deployments",
      apiVersion: "2022-09-01",
      name: `account-${k}`,
      properties: { expressionEvaluationOptions: { scope: "inner" }, mode: "Incremental", parameters: {}, template: accountModule(k) },
    };
    k++;
  }
  return t;
}

describe("what is not an attack", () => {
  test.each([
    [400, true],
    [400, false],
  ])("a %i KB Bicep-style build (metadata %s) passes, 50 times or more under every measure", (kb, withMeta) => {
    const text = JSON.stringify(bicepStyleBuild(kb, withMeta), null, 2);
    expect(text.length).toBeGreaterThan(kb * 1000);
    const t = loadTemplate(parseDocument(text, "main.json"));
    expect(t.errors).toEqual([]);
    expect(t.resources.length).toBeGreaterThan(500);
    expect(t.budget.steps * 50).toBeLessThan(DEFAULT_EVAL_LIMITS.maxSteps);
    expect(t.budget.elements * 50).toBeLessThan(DEFAULT_EVAL_LIMITS.maxElements);
    expect(t.budget.characters * 50).toBeLessThan(DEFAULT_EVAL_LIMITS.maxCharacters);
    expect(t.budget.depth * 50).toBeLessThanOrEqual(DEFAULT_EVAL_LIMITS.maxCallDepth);
  });

  test("concat of two 65,536- and of two 131,072-element arrays works (the second was 'too complex' before: push(...))", () => {
    // Variables each the concatenation of the previous one with itself: v16 has 65,536 elements, v18 262,144.
    const variables: Json = { v0: [0] };
    for (let i = 1; i <= 18; i++) variables[`v${i}`] = `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`;
    variables.flat = "[flatten(createArray(range(0, 10000), range(10000, 10000), variables('v16')))]";
    const doc = parseDocument(
      JSON.stringify(template({ variables, resources: [account({ n: "[length(variables('v17'))]", n18: "[length(variables('v18'))]", max: "[max(variables('flat'))]", flat: "[length(variables('flat'))]" })] })),
      "t.json",
    );
    const t = loadTemplate(doc);
    expect(t.errors).toEqual([]);
    const props = t.resources[0]!.properties;
    expect([props.get("n").num(), props.get("n18").num(), props.get("max").num(), props.get("flat").num()]).toEqual([131_072, 262_144, 19_999, 85_536]);
  });

  test("groupBy() and union() keep their meaning with look-ups instead of scans", () => {
    const props = {
      g: "[groupBy(createArray('a', 'A', 'b', 'a'), lambda('x', lambdaVariables('x')))]",
      u: "[union(createArray(1, '1', 'a'), createArray('a', 2, createObject('x', 1)), createArray(createObject('x', 1)))]",
      m: "[union(createObject('Key', 1, 'n', createObject('a', 1)), createObject('key', 2, 'N', createObject('b', 2)))]",
    };
    const t = loadTemplate(parseDocument(JSON.stringify(template({ resources: [account(props)] })), "t.json"));
    expect(t.errors).toEqual([]);
    const p = t.resources[0]!.properties;
    expect(JSON.parse(JSON.stringify(p.get("g").value))).toEqual({ a: ["a", "A", "a"], b: ["b"] });
    expect(JSON.parse(JSON.stringify(p.get("u").value))).toEqual([1, "1", "a", 2, { x: 1 }]);
    expect(JSON.parse(JSON.stringify(p.get("m").value))).toEqual({ key: 2, n: { a: 1, b: 2 } });
  });

  test("reading a large object with another spelling of a key is a look-up, not a scan of every member", () => {
    const variables = { o: "[toObject(range(0, 10000), lambda('i', concat('k', string(lambdaVariables('i')))), lambda('i', lambdaVariables('i')))]" };
    const t0 = Date.now();
    const t = loadTemplate(parseDocument(JSON.stringify(template({ variables, resources: [account({ n: "[length(map(range(0, 10000), lambda('i', variables('o').K5)))]", v: "[variables('o').K9999]" })] })), "t.json"));
    expect(t.errors).toEqual([]);
    expect([t.resources[0]!.properties.get("n").num(), t.resources[0]!.properties.get("v").num()]).toEqual([10_000, 9999]);
    expect(t.budget.steps).toBeLessThan(500_000);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  test("a variable read 500 times is evaluated once and shared, not copied", () => {
    // Evaluated once: 10,000 lambda calls. Evaluated per use it would be 5,000,000 elements, far over the budget.
    const variables = { v: "[map(range(0, 10000), lambda('i', createObject('i', lambdaVariables('i'))))]" };
    const properties: Json = {};
    for (let i = 0; i < 500; i++) properties[`p${i}`] = "[length(variables('v'))]";
    const t = loadTemplate(parseDocument(JSON.stringify(template({ variables, resources: [account(properties)] })), "t.json"));
    expect(t.errors).toEqual([]);
    expect(t.resources[0]!.properties.get("p499").num()).toBe(10_000);
    expect(t.budget.steps).toBeLessThan(200_000);
  });

  test("a value shared inside another is measured once: string() of a 2^30-leaf DAG is refused without walking it", () => {
    const variables: Json = { v0: [1] };
    for (let i = 1; i <= 30; i++) variables[`v${i}`] = `[createArray(variables('v${i - 1}'), variables('v${i - 1}'))]`;
    const t0 = Date.now();
    const t = loadTemplate(parseDocument(JSON.stringify(template({ variables, resources: [account({ s: "[length(string(variables('v30')))]" })] })), "t.json"));
    expect(t.errors.map((e) => e.message)).toEqual([expect.stringMatching(/string\(\): too complex: a string of [\d,]+ characters is over the limit of 10,000,000/)]);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  test("a broken variable is one located error on every use, never a made-up value (a bogus BATCH005 '(not set)' before)", () => {
    const text = JSON.stringify(
      template({
        parameters: { bad: { type: "string", defaultValue: "[parameters('nope')]" } },
        variables: { pna: "[variables('nope')]" },
        resources: [
          account({ publicNetworkAccess: "[variables('pna')]", allowedAuthenticationModes: ["AAD"] }, "acct001"),
          account({ publicNetworkAccess: "[variables('pna')]", allowedAuthenticationModes: ["AAD"] }, "acct002"),
          account({ publicNetworkAccess: "[parameters('bad')]", allowedAuthenticationModes: ["AAD"] }, "acct003"),
          account({ publicNetworkAccess: "[parameters('bad')]", allowedAuthenticationModes: ["AAD"] }, "acct004"),
        ],
      }),
      null,
      1,
    );
    const r = lintText(text, "t.json", { rules });
    expect(r.findings.filter((f) => f.ruleId === "BATCH005")).toEqual([]);
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/parameter 'nope' is not declared/), expect.stringMatching(/variable 'nope' is not declared/)]);
  });

  test("every template of the corpus and the fixtures stays far under the budget (50 times or more)", () => {
    const roots = ["/work/shared/corpus", path.join(repoRoot, "fixtures"), path.join(repoRoot, "examples")].filter((p) => fs.existsSync(p));
    const max = { steps: 0, elements: 0, characters: 0, depth: 0 };
    let templates = 0;
    const walk = (p: string): void => {
      if (fs.statSync(p).isDirectory()) for (const c of fs.readdirSync(p)) walk(path.join(p, c));
      else if (/\.json$/.test(p) && !/\.parameters\.json$/.test(p)) {
        let doc: ReturnType<typeof parseDocument>;
        try {
          doc = parseDocument(fs.readFileSync(p, "utf8"), p);
        } catch {
          return;
        }
        if (!/deploymentTemplate\.json/i.test(String((doc.root.children ?? []).find((c) => c.children?.[0]?.value === "$schema")?.children?.[1]?.value ?? ""))) return;
        const t = loadTemplate(doc, { absPath: p });
        templates++;
        expect(t.errors.filter((e) => /too complex/.test(e.message))).toEqual([]);
        for (const k of Object.keys(max) as (keyof typeof max)[]) max[k] = Math.max(max[k], t.budget[k]);
      }
    };
    for (const r of roots) walk(r);
    expect(templates).toBeGreaterThan(50);
    expect(max.steps * 50).toBeLessThan(DEFAULT_EVAL_LIMITS.maxSteps);
    expect(max.elements * 50).toBeLessThan(DEFAULT_EVAL_LIMITS.maxElements);
    expect(max.characters * 50).toBeLessThan(DEFAULT_EVAL_LIMITS.maxCharacters);
    expect(max.depth * 50).toBeLessThanOrEqual(DEFAULT_EVAL_LIMITS.maxCallDepth);
  });

  test("the budget options change the outcome: a tiny budget refuses a normal template", () => {
    const text = JSON.stringify(NORMAL);
    expect(lintText(text, "t.json", { rules }).errors).toEqual([]);
    const tiny = lintText(text, "t.json", { rules, evaluationLimits: { maxElements: 3 } } as LintOptions);
    expect(tiny.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/too complex to evaluate: more than 3 array elements and object members made/) })]);
    expect(tiny.findings.filter((f) => f.ruleId === "BATCH001")).toEqual([]);
    expect(scaledLimits(2).maxSteps).toBe(2 * DEFAULT_EVAL_LIMITS.maxSteps);
  });
});
