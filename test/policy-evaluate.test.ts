// biome-ignore-all lint/suspicious/noThenProperty: Azure Policy rules are written { if, then }
/**
 * The Azure Policy evaluator (src/policy/evaluate.ts) over real resources: texts linted through lintText with a rule
 * that keeps the document's resources. Conditions, fields, `[*]`, count, parameters, effects, unknown values, and the
 * `if` blocks of the built-in Batch definitions (Azure/azure-policy, built-in-policies/policyDefinitions/Batch).
 */
import { describe, expect, test } from "vitest";
import { lintText } from "../src/pipeline/run.js";
import { defineRule, type Resource } from "../src/rule.js";
import { PolicyAliasError, appliesTo, evaluateConditionOn, evaluateIf, resolveEffect, type PolicyContext, type PolicyDefinition, type Verdict } from "../src/policy/evaluate.js";
import { account, template } from "./cli-run.js";

/** A small alias table (the generated one is src/generated/batch-aliases.ts). */
const ALIASES = new Map<string, string>(
  Object.entries({
    "Microsoft.Batch/batchAccounts/publicNetworkAccess": "properties.publicNetworkAccess",
    "Microsoft.Batch/batchAccounts/allowedAuthenticationModes": "properties.allowedAuthenticationModes",
    "Microsoft.Batch/batchAccounts/allowedAuthenticationModes[*]": "properties.allowedAuthenticationModes[*]",
    "Microsoft.Batch/batchAccounts/encryption.keySource": "properties.encryption.keySource",
    "Microsoft.Batch/batchAccounts/poolAllocationMode": "properties.poolAllocationMode",
    "Microsoft.Batch/batchAccounts/networkProfile.accountAccess.ipRules[*]": "properties.networkProfile.accountAccess.ipRules[*]",
    "Microsoft.Batch/batchAccounts/networkProfile.accountAccess.ipRules[*].value": "properties.networkProfile.accountAccess.ipRules[*].value",
    "Microsoft.Batch/batchAccounts/pools/vmSize": "properties.vmSize",
    "Microsoft.Batch/batchAccounts/pools/deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets[*]":
      "properties.deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets[*]",
    "Microsoft.Batch/batchAccounts/pools/startTask.environmentSettings[*]": "properties.startTask.environmentSettings[*]",
    "Microsoft.Batch/batchAccounts/pools/startTask.environmentSettings[*].name": "properties.startTask.environmentSettings[*].name",
    "Microsoft.Batch/batchAccounts/pools/startTask.environmentSettings[*].value": "properties.startTask.environmentSettings[*].value",
    "Microsoft.Batch/batchAccounts/pools/scaleSettings.fixedScale.targetDedicatedNodes": "properties.scaleSettings.fixedScale.targetDedicatedNodes",
    "Microsoft.Network/privateEndpoints/privateLinkServiceConnections[*].groupIds[*]": "properties.privateLinkServiceConnections[*].properties.groupIds[*]",
    "Microsoft.Insights/diagnosticSettings/logs[*]": "properties.logs[*]",
    "Microsoft.Insights/diagnosticSettings/logs[*].enabled": "properties.logs[*].enabled",
    "Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.enabled": "properties.logs[*].retentionPolicy.enabled",
    "Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.days": "properties.logs[*].retentionPolicy.days",
    "Microsoft.Insights/diagnosticSettings/logs.enabled": "properties.logs[*].enabled",
    "Microsoft.Insights/diagnosticSettings/storageAccountId": "properties.storageAccountId",
  }).map(([k, v]) => [k.toLowerCase(), v]),
);

function ctxOf(parameters: Record<string, unknown> = {}): PolicyContext {
  return { aliases: ALIASES, parameters: new Map(Object.entries(parameters)) };
}

/** The resources of a text as the rules see them. */
function resources(text: string, file = "x.json"): Resource[] {
  let found: readonly Resource[] = [];
  const keep = defineRule({
    meta: {
      id: "TEST001",
      name: "keep",
      title: "Keep",
      severity: "note",
      tags: ["hygiene"],
      resourceTypes: [],
      docs: { summary: "s", rationale: "r", remediation: "f", references: ["https://example.com"] },
      messages: { m: "m" },
    },
    checkDocument(doc) {
      found = doc.resources;
    },
  });
  const r = lintText(text, file, { rules: [keep] });
  expect(r.errors).toEqual([]);
  return [...found];
}

const one = (text: string) => resources(text)[0]!;
const acct = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => one(account("a", properties, extra));
function pool(properties: Record<string, unknown>): Resource {
  return one(`${JSON.stringify({ id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a/pools/p", name: "p", type: "Microsoft.Batch/batchAccounts/pools", properties })}\n`);
}

function def(cond: unknown, extra: Partial<PolicyDefinition> = {}): PolicyDefinition {
  return { name: "t", mode: "All", parameters: {}, policyRule: { if: cond, then: { effect: "audit" } }, ...extra };
}
function verdict(cond: unknown, r: Resource, parameters: Record<string, unknown> = {}, extra: Partial<PolicyDefinition> = {}): Verdict {
  return evaluateIf(def(cond, extra), r, ctxOf(parameters));
}
const kind = (cond: unknown, r: Resource, parameters: Record<string, unknown> = {}, extra: Partial<PolicyDefinition> = {}) => verdict(cond, r, parameters, extra).kind;

const PNA = "Microsoft.Batch/batchAccounts/publicNetworkAccess";
const MODES = "Microsoft.Batch/batchAccounts/allowedAuthenticationModes";

describe("logical operators, three-valued", () => {
  const yes = { field: "type", equals: "Microsoft.Batch/batchAccounts" };
  const no = { field: "type", equals: "Microsoft.Storage/storageAccounts" };
  const unsure = { field: PNA, equals: "Enabled" };
  const t = () =>
    one(
      template(`{ "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "a", "location": "westeurope",
      "properties": { "publicNetworkAccess": "[reference('x').pna]" } }`),
    );
  test.each([
    [{ allOf: [yes, yes] }, "match"],
    [{ allOf: [yes, no] }, "nomatch"],
    [{ allOf: [unsure, no] }, "nomatch"],
    [{ allOf: [unsure, yes] }, "unknown"],
    [{ anyOf: [no, no] }, "nomatch"],
    [{ anyOf: [unsure, yes] }, "match"],
    [{ anyOf: [unsure, no] }, "unknown"],
    [{ not: no }, "match"],
    [{ not: yes }, "nomatch"],
    [{ not: unsure }, "unknown"],
    [{ not: { not: { allOf: [yes, { anyOf: [no, yes] }] } } }, "match"],
  ])("%j → %s", (cond, want) => {
    expect(kind(cond, t())).toBe(want);
  });
  test("an unknown value (reference()) gives unknown with the reason, never a match", () => {
    const v = verdict({ field: PNA, notEquals: "Disabled" }, t());
    expect(v.kind).toBe("unknown");
    if (v.kind === "unknown") expect(v.reason).toMatch(/reference/);
    expect(kind({ field: PNA, exists: true }, t())).toBe("unknown");
    expect(kind({ not: { field: PNA, equals: "Disabled" } }, t())).toBe("unknown");
  });
});

describe("conditions", () => {
  const a = () => acct({ publicNetworkAccess: "Enabled", poolAllocationMode: "BatchService", allowedAuthenticationModes: ["AAD", "TaskAuthenticationToken"] }, { tags: { env: "Prod", "cost.center": "42" }, kind: "k1" });
  test.each([
    ["equals", "enabled", true],
    ["equals", "Disabled", false],
    ["notEquals", "Disabled", true],
    ["notEquals", "ENABLED", false],
    ["like", "En*", true],
    ["like", "*abl*", true],
    ["like", "Dis*", false],
    ["notLike", "Dis*", true],
    ["match", "Enabl??", true],
    ["match", "enabl??", false],
    ["matchInsensitively", "enabl??", true],
    ["match", "Enabl.#", false],
    ["notMatch", "Enabl??", false],
    ["notMatchInsensitively", "ENAB...", false],
    ["contains", "NAB", true],
    ["contains", "xyz", false],
    ["notContains", "xyz", true],
    ["in", ["Disabled", "ENABLED"], true],
    ["in", ["Disabled"], false],
    ["notIn", ["Disabled"], true],
    ["less", "F", true],
    ["greaterOrEquals", "enabled", true],
    ["greater", "enabled", false],
    ["lessOrEquals", "E", false],
  ])("publicNetworkAccess %s %j → %s", (op, operand, want) => {
    expect(kind({ field: PNA, [op]: operand }, a())).toBe(want ? "match" : "nomatch");
  });
  test("match: # a digit, ? a letter, . any; the whole string", () => {
    const r = acct({}, { tags: { code: "ab-12" } });
    expect(kind({ field: "tags['code']", match: "??-##" }, r)).toBe("match");
    expect(kind({ field: "tags['code']", match: "??.##" }, r)).toBe("match");
    expect(kind({ field: "tags['code']", match: "?#-##" }, r)).toBe("nomatch");
    expect(kind({ field: "tags['code']", match: "??-#" }, r)).toBe("nomatch");
  });
  test("contains and notContains on an array; in with a parameter", () => {
    expect(kind({ field: MODES, contains: "aad" }, a())).toBe("match");
    expect(kind({ field: MODES, notContains: "SharedKey" }, a())).toBe("match");
    expect(kind({ field: MODES, contains: "SharedKey" }, a())).toBe("nomatch");
    const withParam = { parameters: { allowed: { type: "Array", defaultValue: ["Disabled"] } } };
    expect(kind({ field: PNA, notIn: "[parameters('allowed')]" }, a(), {}, withParam)).toBe("match");
    expect(kind({ field: PNA, notIn: "[parameters('allowed')]" }, a(), { allowed: ["Enabled"] }, withParam)).toBe("nomatch");
  });
  test("containsKey, notContainsKey; tags['k'], tags.k, tags[k]", () => {
    expect(kind({ field: "tags", containsKey: "ENV" }, a())).toBe("match");
    expect(kind({ field: "tags", notContainsKey: "owner" }, a())).toBe("match");
    expect(kind({ field: "tags", containsKey: "owner" }, a())).toBe("nomatch");
    expect(kind({ field: "tags['env']", equals: "prod" }, a())).toBe("match");
    expect(kind({ field: "tags.env", equals: "prod" }, a())).toBe("match");
    expect(kind({ field: "tags[env]", equals: "prod" }, a())).toBe("match");
    expect(kind({ field: "tags['cost.center']", equals: "42" }, a())).toBe("match");
    expect(kind({ field: "tags['owner']", exists: false }, a())).toBe("match");
  });
  test("numbers and dates compare as such; a count against a string number", () => {
    const p = pool({ vmSize: "standard_d2s_v3", scaleSettings: { fixedScale: { targetDedicatedNodes: 10 } } });
    const nodes = "Microsoft.Batch/batchAccounts/pools/scaleSettings.fixedScale.targetDedicatedNodes";
    expect(kind({ field: nodes, greater: 9 }, p)).toBe("match");
    expect(kind({ field: nodes, less: 9 }, p)).toBe("nomatch");
    expect(kind({ field: nodes, lessOrEquals: 10 }, p)).toBe("match");
    expect(kind({ field: nodes, equals: "10" }, p)).toBe("match");
    expect(kind({ value: "2026-01-31T00:00:00Z", less: "2026-02-01" }, p)).toBe("match");
    expect(kind({ value: "2026-03-01", greater: "2026-02-28T23:59:59Z" }, p)).toBe("match");
    // A string and a number do not compare (an error in Azure): unknown, not a match.
    expect(kind({ field: "Microsoft.Batch/batchAccounts/pools/vmSize", greater: 1 }, p)).toBe("unknown");
  });
  test("exists, and a missing field: positive conditions fail, negations hold", () => {
    const r = acct({});
    expect(kind({ field: PNA, exists: false }, r)).toBe("match");
    expect(kind({ field: PNA, exists: "true" }, r)).toBe("nomatch");
    expect(kind({ field: PNA, exists: "true" }, a())).toBe("match");
    for (const op of ["equals", "like", "match", "contains", "containsKey"]) expect(kind({ field: PNA, [op]: "x" }, r), op).toBe("nomatch");
    expect(kind({ field: PNA, in: ["x"] }, r)).toBe("nomatch");
    for (const op of ["notEquals", "notLike", "notMatch", "notContains", "notContainsKey"]) expect(kind({ field: PNA, [op]: "x" }, r), op).toBe("match");
    expect(kind({ field: PNA, notIn: ["x"] }, r)).toBe("match");
    expect(kind({ field: PNA, less: "x" }, r)).toBe("unknown");
  });
  test("type, name, fullName, kind, location, id", () => {
    const p = one(`${JSON.stringify({ id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a/pools/p", name: "a/p", type: "Microsoft.Batch/batchAccounts/pools", properties: {} })}\n`);
    expect(kind({ field: "name", equals: "P" }, p)).toBe("match");
    expect(kind({ field: "fullName", equals: "a/p" }, p)).toBe("match");
    expect(kind({ field: "kind", equals: "K1" }, a())).toBe("match");
    expect(kind({ field: "location", in: ["westeurope", "northeurope"] }, a())).toBe("match");
    expect(kind({ field: "id", like: "*/batchAccounts/a" }, a())).toBe("match");
    const t = one(template(`{ "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "a", "location": "westeurope", "properties": {} }`));
    expect(kind({ field: "id", like: "*" }, t)).toBe("unknown");
  });
  test("an alias not in the table is a configuration error naming it; aliases are case-insensitive", () => {
    expect(() => verdict({ field: "Microsoft.Batch/batchAccounts/nope", equals: "x" }, a())).toThrow(PolicyAliasError);
    try {
      verdict({ field: "Microsoft.Batch/batchAccounts/nope", equals: "x" }, a());
    } catch (e) {
      expect((e as PolicyAliasError).alias).toBe("Microsoft.Batch/batchAccounts/nope");
    }
    expect(kind({ field: PNA.toUpperCase(), equals: "Enabled" }, a())).toBe("match");
    // In field() and current() too: never hidden as an unknown value.
    expect(() => verdict({ value: "[field('Microsoft.Batch/batchAccounts/nope')]", equals: "x" }, a())).toThrow(PolicyAliasError);
  });
  test("an alias of another resource type names nothing on this one: the field is absent", () => {
    const p = pool({ publicNetworkAccess: "Enabled", vmSize: "Standard_D2s_v3" });
    expect(kind({ field: PNA, exists: false }, p)).toBe("match");
    expect(kind({ field: PNA, equals: "Enabled" }, p)).toBe("nomatch");
    expect(kind({ field: `${MODES}[*]`, exists: false }, p)).toBe("match");
    expect(kind({ field: "Microsoft.Batch/batchAccounts/pools/vmSize", exists: true }, a())).toBe("nomatch");
    expect(kind({ field: "Microsoft.Batch/batchAccounts/pools/vmSize", exists: true }, p)).toBe("match");
  });
  test("a match is located at the field that decided, else the resource root", () => {
    const v = verdict(
      {
        allOf: [
          { field: "type", equals: "Microsoft.Batch/batchAccounts" },
          { field: PNA, notEquals: "Disabled" },
        ],
      },
      a(),
    );
    expect(v.kind === "match" && v.at.path).toBe("properties.publicNetworkAccess");
    const root = verdict({ field: "type", equals: "Microsoft.Batch/batchAccounts" }, a());
    expect(root.kind === "match" && root.at.path).toBe("");
    const missing = verdict({ field: PNA, exists: false }, acct({}));
    expect(missing.kind === "match" && missing.at.at.pointer).toBe("/properties");
  });
});

describe("value conditions and policy functions", () => {
  const a = () => acct({ publicNetworkAccess: "Enabled", allowedAuthenticationModes: ["AAD", "SharedKey"] }, { tags: { env: "prod" } });
  test("literals, expressions, field(), parameters(), concat/if/toLower", () => {
    expect(kind({ value: "[field('name')]", equals: "a" }, a())).toBe("match");
    expect(kind({ value: "[toLower(field('Microsoft.Batch/batchAccounts/publicNetworkAccess'))]", equals: "enabled" }, a())).toBe("match");
    expect(kind({ value: "[concat(field('type'), '/x')]", equals: "Microsoft.Batch/batchAccounts/x" }, a())).toBe("match");
    expect(kind({ value: "[if(equals(parameters('p'), 'on'), 'yes', 'no')]", equals: "yes" }, a(), { p: "on" })).toBe("match");
    expect(kind({ value: "[length(field('Microsoft.Batch/batchAccounts/allowedAuthenticationModes[*]'))]", equals: 2 }, a())).toBe("match");
    expect(kind({ field: "[concat('tags[', parameters('tag'), ']')]", exists: true }, a(), { tag: "env" })).toBe("match");
    expect(kind({ value: "[empty(field('tags'))]", equals: false }, a())).toBe("match");
    expect(kind({ value: 3, greater: 2 }, a())).toBe("match");
  });
  test("functions known only at request time, and parameters without a value, are unknown", () => {
    expect(kind({ value: "[requestContext().apiVersion]", greaterOrEquals: "2021-06-01" }, a())).toBe("unknown");
    expect(kind({ value: "[utcNow()]", less: "2030-01-01" }, a())).toBe("unknown");
    expect(kind({ value: "[resourceGroup().location]", equals: "x" }, a())).toBe("unknown");
    expect(kind({ field: PNA, equals: "[parameters('missing')]" }, a())).toBe("unknown");
  });
});

describe("[*] aliases outside count: every member", () => {
  const ALL = "Microsoft.Batch/batchAccounts/allowedAuthenticationModes[*]";
  test("holds when every member holds; an empty array holds; a missing array is an absent field", () => {
    expect(kind({ field: ALL, in: ["AAD", "TaskAuthenticationToken"] }, acct({ allowedAuthenticationModes: ["AAD", "TaskAuthenticationToken"] }))).toBe("match");
    expect(kind({ field: ALL, in: ["AAD"] }, acct({ allowedAuthenticationModes: ["AAD", "SharedKey"] }))).toBe("nomatch");
    expect(kind({ field: ALL, equals: "AAD" }, acct({ allowedAuthenticationModes: [] }))).toBe("match");
    expect(kind({ field: ALL, equals: "AAD" }, acct({}))).toBe("nomatch");
    expect(kind({ field: ALL, exists: false }, acct({}))).toBe("match");
  });
  test("the failing member locates a nomatch's negation", () => {
    const v = verdict({ not: { field: ALL, equals: "AAD" } }, acct({ allowedAuthenticationModes: ["AAD", "SharedKey"] }));
    expect(v.kind === "match" && v.at.path).toBe("properties.allowedAuthenticationModes[1]");
  });
  test("a member path below [*]", () => {
    const rules = "Microsoft.Batch/batchAccounts/networkProfile.accountAccess.ipRules[*].value";
    const r = acct({
      networkProfile: {
        accountAccess: {
          ipRules: [
            { action: "Allow", value: "10.0.0.1" },
            { action: "Allow", value: "10.0.0.2" },
          ],
        },
      },
    });
    expect(kind({ field: rules, like: "10.*" }, r)).toBe("match");
    expect(kind({ field: rules, equals: "10.0.0.1" }, r)).toBe("nomatch");
  });
  test("a partly known array: a known failing member decides, otherwise unknown", () => {
    const t = (modes: string) =>
      one(
        template(`{ "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "a", "location": "westeurope",
        "properties": { "allowedAuthenticationModes": "${modes}" } }`),
      );
    expect(kind({ field: ALL, equals: "AAD" }, t("[union(createArray('SharedKey'), reference('x').modes)]"))).toBe("nomatch");
    expect(kind({ field: ALL, equals: "AAD" }, t("[union(createArray('AAD'), reference('x').modes)]"))).toBe("unknown");
  });
});

describe("partly known values decide where their known part does", () => {
  const t = (props: string, extra = "") => one(template(`{ "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "a", "location": "westeurope"${extra}, "properties": { ${props} } }`));
  test("contains on a partly known array; containsKey on a partly known object", () => {
    const modes = t(`"allowedAuthenticationModes": "[union(createArray('SharedKey'), reference('x').modes)]"`);
    expect(kind({ field: MODES, contains: "SharedKey" }, modes)).toBe("match");
    expect(kind({ field: MODES, notContains: "SharedKey" }, modes)).toBe("nomatch");
    expect(kind({ field: MODES, contains: "AAD" }, modes)).toBe("unknown");
    expect(kind({ field: MODES, exists: true }, modes)).toBe("match");
    const tags = t("", `, "tags": "[union(reference('x').tags, createObject('env', 'prod'))]"`);
    expect(kind({ field: "tags", containsKey: "env" }, tags)).toBe("match");
    expect(kind({ field: "tags", containsKey: "owner" }, tags)).toBe("unknown");
  });
});

describe("count", () => {
  const ENV = "Microsoft.Batch/batchAccounts/pools/startTask.environmentSettings[*]";
  const p = () =>
    pool({
      startTask: {
        environmentSettings: [
          { name: "A", value: "1" },
          { name: "B", value: "2" },
          { name: "A2", value: "3" },
        ],
      },
    });
  test("field count with and without where, every operator on the count", () => {
    expect(kind({ count: { field: ENV }, equals: 3 }, p())).toBe("match");
    expect(kind({ count: { field: ENV, where: { field: `${ENV}.name`, like: "A*" } }, equals: 2 }, p())).toBe("match");
    expect(kind({ count: { field: ENV, where: { field: `${ENV}.name`, like: "A*" } }, greater: 2 }, p())).toBe("nomatch");
    expect(kind({ count: { field: ENV, where: { field: `${ENV}.name`, like: "A*" } }, in: [1, 2] }, p())).toBe("match");
    expect(kind({ count: { field: ENV }, equals: 0 }, pool({}))).toBe("match");
    expect(kind({ count: { field: ENV, where: { value: "[current('Microsoft.Batch/batchAccounts/pools/startTask.environmentSettings[*].value')]", greater: "1" } }, equals: 2 }, p())).toBe("match");
    expect(kind({ count: { field: ENV, where: { value: "[current().name]", equals: "B" } }, equals: 1 }, p())).toBe("match");
  });
  test("value count, with a name and current(), and a parameter array", () => {
    const a = acct({ allowedAuthenticationModes: ["AAD"] });
    expect(kind({ count: { value: ["x", "y", "z"] }, equals: 3 }, a)).toBe("match");
    expect(kind({ count: { value: "[parameters('modes')]", name: "m", where: { field: MODES, contains: "[current('m')]" } }, greater: 0 }, a, { modes: ["SharedKey", "AAD"] })).toBe("match");
    expect(kind({ count: { value: "[parameters('modes')]", name: "m", where: { field: MODES, contains: "[current('m')]" } }, equals: 0 }, a, { modes: ["SharedKey"] })).toBe("match");
  });
  test("nested arrays: [*] below [*]", () => {
    const pe = one(
      `${JSON.stringify({ id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe", name: "pe", type: "Microsoft.Network/privateEndpoints", location: "westeurope", properties: { privateLinkServiceConnections: [{ name: "c", properties: { groupIds: ["batchAccount", "nodeManagement"] } }] } })}\n`,
    );
    const ids = "Microsoft.Network/privateEndpoints/privateLinkServiceConnections[*].groupIds[*]";
    expect(kind({ count: { field: ids }, equals: 2 }, pe)).toBe("match");
    expect(kind({ count: { field: ids, where: { field: ids, equals: "batchAccount" } }, equals: 1 }, pe)).toBe("match");
  });
  test("unknown members make a range: decided when the known part decides", () => {
    const t = (modes: string) =>
      one(
        template(`{ "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "a", "location": "westeurope",
        "properties": { "allowedAuthenticationModes": ${modes} } }`),
      );
    const notAad = (cmp: Record<string, number>) => ({ count: { field: `${MODES}[*]`, where: { not: { field: `${MODES}[*]`, equals: "AAD" } } }, ...cmp });
    expect(kind(notAad({ greater: 0 }), t(`"[union(createArray('SharedKey'), reference('x').modes)]"`))).toBe("match");
    expect(kind(notAad({ greater: 0 }), t(`"[union(createArray('AAD'), reference('x').modes)]"`))).toBe("unknown");
    expect(kind(notAad({ less: 1 }), t(`"[union(createArray('SharedKey'), reference('x').modes)]"`))).toBe("nomatch");
    expect(kind(notAad({ equals: 0 }), t(`"[reference('x').modes]"`))).toBe("unknown");
    expect(kind(notAad({ greater: 0 }), t(`["AAD", "[reference('x').mode]"]`))).toBe("unknown");
    expect(kind(notAad({ greater: 0 }), t(`["SharedKey", "[reference('x').mode]"]`))).toBe("match");
    expect(kind(notAad({ less: 3 }), t(`["SharedKey", "[reference('x').mode]"]`))).toBe("match");
  });
});

describe("effects and modes", () => {
  const d = (effect: string): PolicyDefinition => ({
    name: "e",
    mode: "Indexed",
    parameters: { effect: { type: "String", defaultValue: "Audit", allowedValues: ["Audit", "Deny", "Disabled"] } },
    policyRule: { if: {}, then: { effect } },
  });
  test("a literal effect, a parameter's assigned value, its default; lower-cased", () => {
    expect(resolveEffect(d("Deny"), ctxOf())).toBe("deny");
    expect(resolveEffect(d("[parameters('effect')]"), ctxOf())).toBe("audit");
    expect(resolveEffect(d("[parameters('effect')]"), ctxOf({ effect: "Deny" }))).toBe("deny");
    expect(resolveEffect(d("[parameters('Effect')]"), ctxOf({ EFFECT: "Disabled" }))).toBe("disabled");
    expect(resolveEffect({ ...d("[parameters('other')]") }, ctxOf())).toBe("unknown");
  });
  test("Indexed evaluates types with tags and location: accounts, not pools or diagnostic settings; All evaluates every type", () => {
    const indexed = d("audit");
    const all = { ...indexed, mode: "All" };
    expect(appliesTo(indexed, acct({}))).toBe(true);
    expect(appliesTo(indexed, pool({}))).toBe(false);
    expect(appliesTo(all, pool({}))).toBe(true);
    expect(appliesTo({ ...indexed, mode: "Microsoft.KeyVault.Data" }, acct({}))).toBe(false);
    const other = (type: string) => one(`${JSON.stringify({ id: `/subscriptions/0/resourceGroups/rg/providers/${type}/x`, name: "x", type, properties: {} })}\n`);
    expect(appliesTo(indexed, other("Microsoft.Insights/diagnosticSettings"))).toBe(false);
    expect(appliesTo(indexed, other("Microsoft.Batch/batchAccounts/certificates"))).toBe(false);
    expect(appliesTo(indexed, other("Microsoft.Network/privateEndpoints"))).toBe(true);
    expect(appliesTo(indexed, other("Microsoft.Sql/servers/databases"))).toBe(true);
  });
});

/**
 * The built-in Batch definitions' policy rules, as Azure/azure-policy stores them (built-in-policies/policyDefinitions/
 * Batch/<file>, read December 2026); the GUID is the definition's name.
 */
const TYPE_ACCOUNT = { field: "type", equals: "Microsoft.Batch/batchAccounts" };
const BUILTIN: Record<string, { file: string; mode: string; if: unknown }> = {
  // Batch_CustomerManagedKey_Audit.json
  "99e9ccd8-3db9-4592-b0d1-14b1715a4d8a": {
    file: "Batch_CustomerManagedKey_Audit.json",
    mode: "Indexed",
    if: { allOf: [TYPE_ACCOUNT, { field: "Microsoft.Batch/batchAccounts/encryption.keySource", notEquals: "Microsoft.KeyVault" }] },
  },
  // Batch_DisableLocalAuth_Audit.json and Batch_DisableLocalAuth_Modify.json (the same `if`)
  "6f68b69f-05fe-49cd-b361-777ee9ca7e35": {
    file: "Batch_DisableLocalAuth_Audit.json",
    mode: "Indexed",
    if: {
      allOf: [
        TYPE_ACCOUNT,
        {
          anyOf: [
            { field: "Microsoft.Batch/batchAccounts/allowedAuthenticationModes", exists: "false" },
            {
              count: {
                field: "Microsoft.Batch/batchAccounts/allowedAuthenticationModes[*]",
                where: { not: { field: "Microsoft.Batch/batchAccounts/allowedAuthenticationModes[*]", equals: "AAD" } },
              },
              greater: 0,
            },
          ],
        },
      ],
    },
  },
  // Batch_DisablePublicNetworkAccess_Audit.json and Batch_DisablePublicNetworkAccess_Modify.json (the same `if`)
  "74c5a0ae-5e48-4738-b093-65e23a060488": {
    file: "Batch_DisablePublicNetworkAccess_Audit.json",
    mode: "Indexed",
    if: { allOf: [TYPE_ACCOUNT, { field: "Microsoft.Batch/batchAccounts/publicNetworkAccess", notEquals: "Disabled" }] },
  },
  // Batch_DiskEncryption_Audit.json
  "1760f9d4-7206-436e-a28f-d9f3a5c8a227": {
    file: "Batch_DiskEncryption_Audit.json",
    mode: "All",
    if: {
      allOf: [
        { field: "type", equals: "Microsoft.Batch/batchAccounts/pools" },
        {
          count: {
            field: "Microsoft.Batch/batchAccounts/pools/deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets[*]",
            where: { field: "Microsoft.Batch/batchAccounts/pools/deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets[*]", contains: "TemporaryDisk" },
          },
          less: 1,
        },
      ],
    },
  },
  // Batch_PrivateEndpoints_DeployIfNotExists.json (0ef5aac7)
  "0ef5aac7-c064-427a-b87b-d47b3ddcaf73": {
    file: "Batch_PrivateEndpoints_DeployIfNotExists.json",
    mode: "Indexed",
    if: { allOf: [TYPE_ACCOUNT, { field: "Microsoft.Batch/batchAccounts/publicNetworkAccess", equals: "Disabled" }] },
  },
  // Batch_PrivateDnsZones_DeployIfNotExists.json (4ec38ebc)
  "4ec38ebc-381f-45ee-81a4-acbc4be878f8": {
    file: "Batch_PrivateDnsZones_DeployIfNotExists.json",
    mode: "Indexed",
    if: {
      allOf: [
        { field: "type", equals: "Microsoft.Network/privateEndpoints" },
        {
          count: {
            field: "Microsoft.Network/privateEndpoints/privateLinkServiceConnections[*].groupIds[*]",
            where: { field: "Microsoft.Network/privateEndpoints/privateLinkServiceConnections[*].groupIds[*]", equals: "batchAccount" },
          },
          greaterOrEquals: 1,
        },
      ],
    },
  },
};
/** Batch_AuditDiagnosticLog_Audit.json (428256e6), Batch_AuditMetricAlerts_Audit.json (26ee67a2), Batch_PrivateEndpoints_AuditIfNotExists.json (009a0c92): `if` is the type alone. */
const TYPE_ONLY = ["428256e6-1fac-4f48-a757-df34c2b3336d", "26ee67a2-f81a-4ba8-b9ce-8550bd5ee1a7", "009a0c92-f5b4-4776-9b66-4ed2b4775563"];
/** The existenceCondition of Batch_AuditDiagnosticLog_Audit.json, over a diagnostic setting. */
const DIAGNOSTIC_EXISTENCE = {
  count: {
    field: "Microsoft.Insights/diagnosticSettings/logs[*]",
    where: {
      anyOf: [
        {
          allOf: [
            { field: "Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.enabled", equals: "true" },
            {
              anyOf: [
                { field: "Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.days", equals: "0" },
                {
                  value: "[padLeft(current('Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.days'), 3, '0')]",
                  greaterOrEquals: "[padLeft(parameters('requiredRetentionDays'), 3, '0')]",
                },
              ],
            },
            { field: "Microsoft.Insights/diagnosticSettings/logs.enabled", equals: "true" },
          ],
        },
        {
          allOf: [
            { field: "Microsoft.Insights/diagnosticSettings/logs.enabled", equals: "true" },
            {
              anyOf: [
                { field: "Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.enabled", notEquals: "true" },
                { field: "Microsoft.Insights/diagnosticSettings/storageAccountId", exists: false },
              ],
            },
          ],
        },
      ],
    },
  },
  greaterOrEquals: 1,
};

function builtin(id: string): PolicyDefinition {
  const b = BUILTIN[id]!;
  return { name: id, mode: b.mode, parameters: { effect: { type: "String", defaultValue: "Audit" } }, policyRule: { if: b.if, then: { effect: "[parameters('effect')]" } } };
}
const on = (id: string, r: Resource) => evaluateIf(builtin(id), r, ctxOf()).kind;

describe("built-in Batch definitions", () => {
  const compliant = () =>
    acct({ encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: { keyIdentifier: "https://kv.vault.azure.net/keys/k/1" } }, allowedAuthenticationModes: ["AAD"], publicNetworkAccess: "Disabled" });
  const open = () => acct({ encryption: { keySource: "Microsoft.Batch" }, allowedAuthenticationModes: ["AAD", "SharedKey"], publicNetworkAccess: "Enabled" });
  const bare = () => acct({});
  test("99e9ccd8 customer-managed key", () => {
    const id = "99e9ccd8-3db9-4592-b0d1-14b1715a4d8a";
    expect([on(id, compliant()), on(id, open()), on(id, bare())]).toEqual(["nomatch", "match", "match"]);
    const v = evaluateIf(builtin(id), open(), ctxOf());
    expect(v.kind === "match" && v.at.path).toBe("properties.encryption.keySource");
  });
  test("6f68b69f / 4dbc2f5c local authentication", () => {
    const id = "6f68b69f-05fe-49cd-b361-777ee9ca7e35";
    expect([on(id, compliant()), on(id, open()), on(id, bare()), on(id, acct({ allowedAuthenticationModes: [] }))]).toEqual(["nomatch", "match", "match", "nomatch"]);
  });
  test("74c5a0ae / c520cefc public network access; 0ef5aac7 private endpoints (its converse)", () => {
    const id = "74c5a0ae-5e48-4738-b093-65e23a060488";
    expect([on(id, compliant()), on(id, open()), on(id, bare())]).toEqual(["nomatch", "match", "match"]);
    const pe = "0ef5aac7-c064-427a-b87b-d47b3ddcaf73";
    expect([on(pe, compliant()), on(pe, open()), on(pe, bare())]).toEqual(["match", "nomatch", "nomatch"]);
  });
  test("1760f9d4 pool disk encryption (mode All: pools are evaluated)", () => {
    const id = "1760f9d4-7206-436e-a28f-d9f3a5c8a227";
    const withTargets = (targets: string[]) => pool({ deploymentConfiguration: { virtualMachineConfiguration: { diskEncryptionConfiguration: { targets } } } });
    expect([on(id, withTargets(["OsDisk", "TemporaryDisk"])), on(id, withTargets(["OsDisk"])), on(id, pool({ vmSize: "x" })), on(id, compliant())]).toEqual(["nomatch", "match", "match", "nomatch"]);
    expect(appliesTo(builtin(id), pool({}))).toBe(true);
  });
  test("4ec38ebc private DNS zones: private endpoints to a Batch account", () => {
    const id = "4ec38ebc-381f-45ee-81a4-acbc4be878f8";
    const pe = (groupIds: string[]) =>
      one(
        `${JSON.stringify({ id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe", name: "pe", type: "Microsoft.Network/privateEndpoints", location: "westeurope", properties: { privateLinkServiceConnections: [{ name: "c", properties: { groupIds } }] } })}\n`,
      );
    expect([on(id, pe(["batchAccount"])), on(id, pe(["blob"])), on(id, compliant())]).toEqual(["match", "nomatch", "nomatch"]);
  });
  test("428256e6, 26ee67a2, 009a0c92: the `if` is the account's type; 428256e6's existenceCondition over a diagnostic setting", () => {
    for (const id of TYPE_ONLY) {
      const d: PolicyDefinition = { name: id, mode: "Indexed", parameters: {}, policyRule: { if: TYPE_ACCOUNT, then: { effect: "AuditIfNotExists" } } };
      expect(evaluateIf(d, compliant(), ctxOf()).kind).toBe("match");
      expect(evaluateIf(d, pool({}), ctxOf()).kind).toBe("nomatch");
    }
    const d: PolicyDefinition = {
      name: TYPE_ONLY[0]!,
      mode: "Indexed",
      parameters: { requiredRetentionDays: { type: "String", defaultValue: "365" } },
      policyRule: { if: TYPE_ACCOUNT, then: { effect: "AuditIfNotExists" } },
    };
    const setting = (logs: unknown[], extra: Record<string, unknown> = {}) =>
      one(
        `${JSON.stringify({ id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a/providers/Microsoft.Insights/diagnosticSettings/d", name: "d", type: "Microsoft.Insights/diagnosticSettings", properties: { logs, ...extra } })}\n`,
      );
    const log = (enabled: boolean, retention?: { enabled: boolean; days: number }) => ({ category: "ServiceLog", enabled, ...(retention ? { retentionPolicy: retention } : {}) });
    expect(evaluateConditionOn(DIAGNOSTIC_EXISTENCE, d, setting([log(true)]), ctxOf()).kind).toBe("match");
    expect(evaluateConditionOn(DIAGNOSTIC_EXISTENCE, d, setting([log(true, { enabled: true, days: 400 })], { storageAccountId: "/s" }), ctxOf()).kind).toBe("match");
    expect(evaluateConditionOn(DIAGNOSTIC_EXISTENCE, d, setting([log(true, { enabled: true, days: 30 })], { storageAccountId: "/s" }), ctxOf()).kind).toBe("nomatch");
    expect(evaluateConditionOn(DIAGNOSTIC_EXISTENCE, d, setting([log(true, { enabled: true, days: 30 })], { storageAccountId: "/s" }), ctxOf({ requiredRetentionDays: "7" })).kind).toBe("match");
    expect(evaluateConditionOn(DIAGNOSTIC_EXISTENCE, d, setting([log(false)]), ctxOf()).kind).toBe("nomatch");
    expect(evaluateConditionOn(DIAGNOSTIC_EXISTENCE, d, setting([]), ctxOf()).kind).toBe("nomatch");
  });
  test("in an existenceCondition, field() in a value reads the resource the `if` matched (subject), a field condition the related one", () => {
    const cond = { field: "Microsoft.Insights/diagnosticSettings/storageAccountId", equals: "[concat('/s/', field('name'))]" };
    const d = def({ field: "type", equals: "Microsoft.Batch/batchAccounts" });
    const s = one(`${JSON.stringify({ id: "/subscriptions/0/x/d", name: "d", type: "Microsoft.Insights/diagnosticSettings", properties: { storageAccountId: "/s/a" } })}\n`);
    expect(evaluateConditionOn(cond, d, s, { ...ctxOf(), subject: acct({}) }).kind).toBe("match");
    // Without a subject (a plain condition over one resource) field('name') is the setting's own name, 'd'.
    expect(evaluateConditionOn(cond, d, s, ctxOf()).kind).toBe("nomatch");
  });
  test("every built-in over an account whose values come from reference(): unknown or nomatch, never a match", () => {
    const t = one(
      template(`{ "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "a", "location": "westeurope",
      "properties": { "publicNetworkAccess": "[reference('x').a]", "allowedAuthenticationModes": "[reference('x').b]", "encryption": "[reference('x').c]" } }`),
    );
    for (const id of Object.keys(BUILTIN)) expect(on(id, t), id).not.toBe("match");
    expect(on("74c5a0ae-5e48-4738-b093-65e23a060488", t)).toBe("unknown");
  });
  test("the same through an ARM template and its parameters", () => {
    const t = one(
      template(`{ "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "a", "location": "westeurope",
      "properties": { "publicNetworkAccess": "[if(true(), 'Enabled', 'Disabled')]", "allowedAuthenticationModes": ["AAD"] } }`),
    );
    expect(on("74c5a0ae-5e48-4738-b093-65e23a060488", t)).toBe("match");
    expect(on("6f68b69f-05fe-49cd-b361-777ee9ca7e35", t)).toBe("nomatch");
  });
});

describe("a custom definition: count/where, [*], like/match, a parameterised effect", () => {
  const custom: PolicyDefinition = {
    name: "pool-env-naming",
    displayName: "Start task environment names follow the convention",
    mode: "All",
    parameters: {
      effect: { type: "String", defaultValue: "Audit", allowedValues: ["Audit", "Deny", "Disabled"] },
      prefix: { type: "String", defaultValue: "APP_" },
    },
    policyRule: {
      if: {
        allOf: [
          { field: "type", equals: "Microsoft.Batch/batchAccounts/pools" },
          { field: "Microsoft.Batch/batchAccounts/pools/vmSize", like: "standard_d*" },
          {
            anyOf: [
              {
                count: {
                  field: "Microsoft.Batch/batchAccounts/pools/startTask.environmentSettings[*]",
                  where: { field: "Microsoft.Batch/batchAccounts/pools/startTask.environmentSettings[*].name", notLike: "[concat(parameters('prefix'), '*')]" },
                },
                greater: 0,
              },
              { not: { field: "Microsoft.Batch/batchAccounts/pools/startTask.environmentSettings[*].name", match: "???_..." } },
            ],
          },
        ],
      },
      then: { effect: "[parameters('effect')]" },
    },
  };
  const p = (names: string[], vmSize = "Standard_D2s_v3") => pool({ vmSize, startTask: { commandLine: "x", environmentSettings: names.map((name) => ({ name, value: "1" })) } });
  test("verdicts and the effect", () => {
    expect(evaluateIf(custom, p(["APP_ONE"]), ctxOf()).kind).toBe("nomatch");
    const v = evaluateIf(custom, p(["APP_ONE", "OTHER"]), ctxOf());
    // A count that is more than allowed points at the first member it counted (the value to edit), not the array.
    expect(v.kind === "match" && v.at.path).toBe("properties.startTask.environmentSettings[1]");
    expect(evaluateIf(custom, p(["APP_ONE", "APP_TWO"]), ctxOf()).kind).toBe("nomatch");
    expect(evaluateIf(custom, p(["APP_ONE", "APP_TWO"]), ctxOf({ prefix: "XYZ_" })).kind).toBe("match");
    // Matches through the `not`/`match` branch alone: the count finds no name without the prefix.
    expect(evaluateIf(custom, p(["APP_ONE", "OTHER"]), ctxOf({ prefix: "" })).kind).toBe("match");
    expect(evaluateIf(custom, p(["APP_ONE", "OTHER"], "Standard_F2"), ctxOf()).kind).toBe("nomatch");
    expect(evaluateIf(custom, p(["APP_LONGER"]), ctxOf()).kind).toBe("match");
    expect(resolveEffect(custom, ctxOf())).toBe("audit");
    expect(resolveEffect(custom, ctxOf({ effect: "Deny" }))).toBe("deny");
  });
});

describe("with the generated alias table (src/generated/batch-aliases.ts)", () => {
  test("the built-in account and pool definitions evaluate with it", async () => {
    const { BATCH_ALIASES } = await import("../src/generated/batch-aliases.js");
    const ctx: PolicyContext = { aliases: new Map(Object.entries(BATCH_ALIASES)), parameters: new Map() };
    const open = acct({ encryption: { keySource: "Microsoft.Batch" }, allowedAuthenticationModes: ["SharedKey"], publicNetworkAccess: "Enabled" });
    const closed = acct({ encryption: { keySource: "Microsoft.KeyVault" }, allowedAuthenticationModes: ["AAD"], publicNetworkAccess: "Disabled" });
    for (const id of ["99e9ccd8-3db9-4592-b0d1-14b1715a4d8a", "6f68b69f-05fe-49cd-b361-777ee9ca7e35", "74c5a0ae-5e48-4738-b093-65e23a060488"]) {
      expect(evaluateIf(builtin(id), open, ctx).kind, id).toBe("match");
      expect(evaluateIf(builtin(id), closed, ctx).kind, id).toBe("nomatch");
    }
    const disk = "1760f9d4-7206-436e-a28f-d9f3a5c8a227";
    expect(evaluateIf(builtin(disk), pool({ deploymentConfiguration: { virtualMachineConfiguration: { diskEncryptionConfiguration: { targets: ["TemporaryDisk"] } } } }), ctx).kind).toBe("nomatch");
    expect(evaluateIf(builtin(disk), pool({}), ctx).kind).toBe("match");
  });
});
