// biome-ignore-all lint/suspicious/noThenProperty: Azure Policy rules are written { if, then }
/**
 * Policy definitions as rules (src/policy/rules.ts), through lintText with the built-in rules: ids, meta, severity
 * by effect, findings at the value to edit, unknowns, Modify/Append fixes, existence effects and the cross-reference
 * with BATCH rules. The evaluator is a stub here (its own tests are the evaluator's); policy-builtin tests use the real one.
 */
import { describe, expect, test } from "vitest";
import type { LoadedPolicy, PolicyDefinitionData } from "../src/policy/load.js";
import { type PolicyEvaluator, type PolicyVerdict, policyRules, typesOf } from "../src/policy/rules.js";
import type { Prop, Rule } from "../src/rule.js";
import { account, template } from "./cli-run.js";

const ALIASES = new Map([
  ["microsoft.batch/batchaccounts/publicnetworkaccess", "properties.publicNetworkAccess"],
  ["microsoft.batch/batchaccounts/disablelocalauth", "properties.disableLocalAuth"],
  ["microsoft.insights/diagnosticsettings/logs.enabled", "properties.logs[*].enabled"],
]);

/** A small evaluator: allOf, anyOf, not, field (type, name, aliases) with equals / notEquals / exists. */
const stub: PolicyEvaluator = {
  appliesTo: () => true,
  resolveEffect(def, ctx) {
    const e = def.policyRule.then.effect;
    const m = /^\[parameters\('(\w+)'\)\]$/.exec(e);
    return String(m ? (ctx.parameters.get(m[1]!) ?? def.parameters[m[1]!]?.defaultValue) : e).toLowerCase();
  },
  evaluateIf(def, resource, ctx) {
    const ev = (c: unknown): PolicyVerdict => {
      const o = c as Record<string, unknown>;
      if (Array.isArray(o.allOf)) {
        let last: PolicyVerdict = { kind: "match", at: resource.root };
        for (const x of o.allOf) {
          const v = ev(x);
          if (v.kind !== "match") return v;
          last = v;
        }
        return last;
      }
      if (Array.isArray(o.anyOf)) {
        let unknown: PolicyVerdict | undefined;
        for (const x of o.anyOf) {
          const v = ev(x);
          if (v.kind === "match") return v;
          if (v.kind === "unknown") unknown = v;
        }
        return unknown ?? { kind: "nomatch" };
      }
      if (o.not !== undefined) {
        const v = ev(o.not);
        return v.kind === "match" ? { kind: "nomatch" } : v.kind === "nomatch" ? { kind: "match", at: resource.root } : v;
      }
      const field = String(o.field).toLowerCase();
      let prop: Prop | undefined;
      let value: unknown;
      if (field === "type") value = resource.type;
      else if (field === "name") value = resource.name;
      else {
        const p = ctx.aliases.get(field);
        if (!p) throw new Error(`alias ${field}`);
        if (p.includes("[*]")) {
          const [arr, rest] = p.split("[*].");
          const items = resource.get(arr!);
          if (items.unknown) return { kind: "unknown", reason: "unknown", at: items };
          const vals = items.items().map((i) => i.get(rest!));
          if (vals.some((v) => v.unknown)) return { kind: "unknown", reason: "unknown" };
          const ok = vals.some((v) => v.value === o.equals);
          return ok ? { kind: "match", at: items } : { kind: "nomatch" };
        }
        prop = resource.get(p);
        if (prop.unknown) return { kind: "unknown", reason: "unknown value", at: prop };
        value = prop.value;
      }
      const at = prop ?? resource.root;
      const eq = (a: unknown, b: unknown) => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b);
      if ("equals" in o) return eq(value, o.equals) ? { kind: "match", at } : { kind: "nomatch" };
      if ("notEquals" in o) return !eq(value, o.notEquals) ? { kind: "match", at } : { kind: "nomatch" };
      if ("exists" in o) return (value !== undefined) === (String(o.exists) === "true") ? { kind: "match", at } : { kind: "nomatch" };
      throw new Error("operator");
    };
    return ev(def.policyRule.if);
  },
};

const PNA_RULE = {
  if: {
    allOf: [
      { field: "type", equals: "Microsoft.Batch/batchAccounts" },
      { field: "Microsoft.Batch/batchAccounts/publicNetworkAccess", notEquals: "Disabled" },
    ],
  },
  then: { effect: "[parameters('effect')]" },
};

function policy(def: Partial<PolicyDefinitionData> & { name: string }, extra: Partial<LoadedPolicy> = {}): LoadedPolicy {
  return { definition: { mode: "Indexed", parameters: { effect: { type: "String", defaultValue: "Audit" } }, policyRule: PNA_RULE, ...def }, parameters: {}, source: "test.json", ...extra };
}

const rulesOf = (...ps: LoadedPolicy[]) => policyRules({ policies: ps }, stub, ALIASES);

async function lint(text: string, rules: Rule<string, unknown>[], file = "t.json", reportUnknown = false) {
  const { lintText } = await import("../src/pipeline/run.js");
  // A subscription and resource group: resourceId() of a diagnostic setting's scope is then known.
  return lintText(text, file, { rules, reportUnknown, deployment: { subscriptionId: "0", resourceGroup: "rg" } });
}

describe("a definition is a rule", () => {
  test("id, title, docs and resource types from the definition; severity from the effect", () => {
    const [audit, deny, disabled] = [
      rulesOf(policy({ name: "74C5A0AE-aaaa", displayName: "Batch accounts should disable public network access.", description: "Disabling it improves security." }))[0]!,
      rulesOf(policy({ name: "d" }, { parameters: { effect: "Deny" } }))[0]!,
      rulesOf(policy({ name: "x" }, { parameters: { effect: "Disabled" } }))[0]!,
    ];
    expect(audit.meta).toMatchObject({ id: "policy/74c5a0ae-aaaa", title: "Batch accounts should disable public network access", severity: "warning", resourceTypes: ["Microsoft.Batch/batchAccounts"] });
    expect(audit.meta.docs.summary).toBe("Disabling it improves security.");
    expect(deny.meta.severity).toBe("error");
    expect(disabled.meta.docs.rationale).toMatch(/disabled: this rule reports nothing/);
  });

  test("types come from a top-level type condition (equals, in), else every resource is checked", () => {
    expect(typesOf({ field: "type", in: ["A", "B"] })).toEqual(["A", "B"]);
    expect(
      typesOf({
        allOf: [
          { field: "name", equals: "x" },
          { field: "type", equals: "A" },
        ],
      }),
    ).toEqual(["A"]);
    expect(typesOf({ anyOf: [{ field: "type", equals: "A" }] })).toBeUndefined();
    const r = rulesOf(policy({ name: "any", policyRule: { if: { field: "name", equals: "acct" }, then: { effect: "audit" } } }))[0]!;
    expect(r.meta.resourceTypes).toEqual([]);
    expect(r.checkDocument).toBeDefined();
  });

  test("an alias the table lacks is an error naming it and the definition", () => {
    const bad = policy({ name: "bad", policyRule: { if: { field: "Microsoft.Batch/batchAccounts/noSuchThing", equals: "x" }, then: { effect: "audit" } } });
    expect(() => rulesOf(bad)).toThrow("test.json: policy 'bad' uses the alias 'Microsoft.Batch/batchAccounts/noSuchThing', which batchlint does not know");
  });
});

describe("findings", () => {
  test("a match is a finding at the value to edit, with the effect's severity; a compliant resource has none", async () => {
    const rules = rulesOf(policy({ name: "pna", displayName: "No public network access" }, { parameters: { effect: "Deny" } }));
    const r = await lint(account("open", { publicNetworkAccess: "Enabled" }), rules);
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.propertyPath, f.message])).toEqual([
      ["policy/pna", "error", "properties.publicNetworkAccess", "Batch account 'open' is not compliant with policy 'No public network access' (Deny)."],
    ]);
    expect((await lint(account("closed", { publicNetworkAccess: "Disabled" }), rules)).findings).toEqual([]);
  });

  test("Disabled reports nothing", async () => {
    const rules = rulesOf(policy({ name: "off" }, { parameters: { effect: "Disabled" } }));
    expect((await lint(account("open", { publicNetworkAccess: "Enabled" }), rules)).findings).toEqual([]);
  });

  test("an unknown value gives no finding (and is noted under --report-unknown)", async () => {
    const rules = rulesOf(policy({ name: "pna" }));
    const text = template(`{ "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "a", "location": "x", "properties": { "publicNetworkAccess": "[parameters('p')]" } }`).replace(
      '"resources"',
      '"parameters": { "p": { "type": "string" } },\n  "resources"',
    );
    const r = await lint(text, rules, "t.json", true);
    expect(r.findings.filter((f) => f.ruleId.startsWith("policy/"))).toEqual([]);
    expect(r.notes.some((n) => n.kind === "unknown" && n.message.startsWith("policy/pna could not decide"))).toBe(true);
  });

  test("with the built-in rules: both report, and the policy's finding says it is the same problem (sameAs)", async () => {
    const { rules: builtins } = await import("../rules/index.js");
    const rules = [...builtins, ...rulesOf(policy({ name: "74c5a0ae", displayName: "No public network access" }, { sameAs: "BATCH005" }))];
    const r = await lint(account("open", { publicNetworkAccess: "Enabled" }), rules);
    const policyFinding = r.findings.find((f) => f.ruleId === "policy/74c5a0ae")!;
    expect(policyFinding.message).toBe("Batch account 'open' is not compliant with policy 'No public network access' (Audit) (the same problem as BATCH005).");
    expect(rules.find((x) => x.meta.id === "policy/74c5a0ae")!.meta.docs.rationale).toMatch(/the same problem as BATCH005 reports/);
  });

  test("a rule id that another rule has is refused", () => {
    expect(() => policyRules({ policies: [policy({ name: "a" })] }, stub, ALIASES, rulesOf(policy({ name: "A" })))).toThrow(/gives rule id policy\/a, which another rule has/);
  });
});

describe("Modify and Append", () => {
  const modify = (operations: unknown[]) => policy({ name: "mod", displayName: "Disable public access", policyRule: { if: PNA_RULE.if, then: { effect: "modify", details: { roleDefinitionIds: [], operations } } } });

  test("addOrReplace of a literal on a present value: a replace fix", async () => {
    const rules = rulesOf(modify([{ operation: "addOrReplace", field: "Microsoft.Batch/batchAccounts/publicNetworkAccess", value: "Disabled" }]));
    const r = await lint(account("open", { publicNetworkAccess: "Enabled" }), rules);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe("warning");
    expect(r.findings[0]!.fix?.description).toBe("apply the operations of policy 'Disable public access'");
    expect(JSON.stringify(r.findings[0]!.fix)).toContain('\\"Disabled\\"');
  });

  test("on a missing value: a set in its parent; a non-literal value: a finding without a fix", async () => {
    const rules = rulesOf(modify([{ operation: "addOrReplace", field: "Microsoft.Batch/batchAccounts/publicNetworkAccess", value: "Disabled" }]));
    const r = await lint(account("open", { poolAllocationMode: "BatchService" }), rules);
    expect(r.findings[0]!.fix).toBeDefined();
    const expr = rulesOf(modify([{ operation: "addOrReplace", field: "Microsoft.Batch/batchAccounts/publicNetworkAccess", value: "[concat('Dis', 'abled')]" }]));
    const r2 = await lint(account("open", { publicNetworkAccess: "Enabled" }), expr);
    expect(r2.findings).toHaveLength(1);
    expect(r2.findings[0]!.fix).toBeUndefined();
  });

  test("Append: details as [{ field, value }]", async () => {
    const rules = rulesOf(policy({ name: "app", policyRule: { if: PNA_RULE.if, then: { effect: "append", details: [{ field: "Microsoft.Batch/batchAccounts/disableLocalAuth", value: true }] } } }));
    const r = await lint(account("open", { publicNetworkAccess: "Enabled" }), rules);
    expect(r.findings[0]!.fix).toBeDefined();
  });
});

describe("AuditIfNotExists", () => {
  const diag = policy({
    name: "diag",
    displayName: "Diagnostic logs",
    policyRule: {
      if: { field: "type", equals: "Microsoft.Batch/batchAccounts" },
      then: { effect: "AuditIfNotExists", details: { type: "Microsoft.Insights/diagnosticSettings", existenceCondition: { field: "Microsoft.Insights/diagnosticSettings/logs.enabled", equals: true } } },
    },
  });
  const acct = `{ "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "acct", "location": "westeurope", "properties": {} }`;
  const setting = (enabled: string, scope = "[resourceId('Microsoft.Batch/batchAccounts', 'acct')]") =>
    `{ "type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview", "name": "logs", "scope": "${scope}", "properties": { "logs": [{ "categoryGroup": "allLogs", "enabled": ${enabled} }] } }`;

  test("none of the type in the file: a note (it may be deployed elsewhere); present and compliant: none; present but not compliant: a finding", async () => {
    const rules = rulesOf(diag);
    const none = await lint(template(acct), rules);
    expect(none.findings).toEqual([]);
    expect(none.notes.some((n) => /this file deploys no Microsoft\.Insights\/diagnosticSettings/.test(n.message))).toBe(true);
    expect((await lint(template(`${acct},\n${setting("true")}`), rules)).findings).toEqual([]);
    const off = await lint(template(`${acct},\n${setting("false")}`), rules);
    expect(off.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["policy/diag", "Batch account 'acct' has no related Microsoft.Insights/diagnosticSettings in this file that complies with policy 'Diagnostic logs' (AuditIfNotExists)."],
    ]);
  });

  test("a setting for another account does not count", async () => {
    const r = await lint(template(`${acct},\n${setting("true", "[resourceId('Microsoft.Batch/batchAccounts', 'other')]")}`), rulesOf(diag));
    expect(r.findings).toHaveLength(1);
  });

  test("undecidable: a note, no finding; an export: a note", async () => {
    const t = template(`${acct},\n${setting(`"[parameters('on')]"`)}`).replace('"resources"', '"parameters": { "on": { "type": "bool" } },\n  "resources"');
    const r = await lint(t, rulesOf(diag));
    expect(r.findings).toEqual([]);
    expect(r.notes.some((n) => /could not decide policy 'Diagnostic logs'/.test(n.message))).toBe(true);
    const e = await lint(account("acct", {}), rulesOf(diag), "export.json");
    expect(e.findings).toEqual([]);
    expect(e.notes.some((n) => /this file deploys no Microsoft\.Insights\/diagnosticSettings/.test(n.message))).toBe(true);
  });
});

describe("builtin:batch with the real evaluator", () => {
  const ACCOUNT = (props: Record<string, unknown>) => template(JSON.stringify({ type: "Microsoft.Batch/batchAccounts", apiVersion: "2024-07-01", name: "acct", location: "westeurope", properties: props }));
  async function builtinRules(params: Record<string, unknown> = {}) {
    const { loadPolicies } = await import("../src/policy/load.js");
    const { buildPolicyRules } = await import("../src/policy/setup.js");
    const { rules: builtins } = await import("../rules/index.js");
    const setup = loadPolicies(["builtin:batch"], { cwd: process.cwd(), params: new Map(Object.entries(params)) });
    return { setup, builtins, rules: buildPolicyRules(setup, builtins) };
  }
  const LOCAL_AUTH = "policy/6f68b69f-05fe-49cd-b361-777ee9ca7e35";
  const LOCAL_AUTH_MODIFY = "policy/4dbc2f5c-51cf-4e38-9179-c7028eed2274";

  test("every vendored definition loads; those needing a parameter without default are left out and said", async () => {
    const { setup, rules } = await builtinRules();
    expect(rules.length).toBeGreaterThanOrEqual(8);
    expect(rules.every((r) => /^policy\/[0-9a-f-]{36}$/.test(r.meta.id))).toBe(true);
    expect(setup.skipped?.map((s) => s.name)).toContain("26ee67a2-f81a-4ba8-b9ce-8550bd5ee1a7");
    expect(rules.find((r) => r.meta.id === LOCAL_AUTH)!.meta).toMatchObject({
      title: "Batch accounts should have local authentication methods disabled",
      severity: "warning",
      resourceTypes: ["Microsoft.Batch/batchAccounts"],
    });
  });

  test("local authentication: Audit and Modify (with a fix) on a non-compliant account, nothing on a compliant one, Deny by parameter", async () => {
    const { rules, builtins } = await builtinRules();
    const bad = await lint(ACCOUNT({ allowedAuthenticationModes: ["SharedKey", "AAD"], publicNetworkAccess: "Disabled" }), [...builtins, ...rules]);
    const got = bad.findings.filter((f) => f.ruleId === LOCAL_AUTH || f.ruleId === LOCAL_AUTH_MODIFY);
    expect(got.map((f) => [f.ruleId, f.severity, f.propertyPath])).toEqual([
      // At the first mode that is not AAD (the offending element, where BATCH001 points), not the whole list.
      [LOCAL_AUTH_MODIFY, "warning", "properties.allowedAuthenticationModes[0]"],
      [LOCAL_AUTH, "warning", "properties.allowedAuthenticationModes[0]"],
    ]);
    expect(got.find((f) => f.ruleId === LOCAL_AUTH_MODIFY)!.fix).toBeDefined();
    // Both the built-in rule and the policy report; a policy marked sameAs says so.
    expect(bad.findings.some((f) => f.ruleId === "BATCH001")).toBe(true);
    for (const r of rules.filter((x) => /same problem as BATCH/.test(x.meta.docs.rationale))) {
      for (const f of bad.findings.filter((x) => x.ruleId === r.meta.id)) expect(f.message).toMatch(/\(the same problem as BATCH\d+\)\.$/);
    }
    const good = await lint(ACCOUNT({ allowedAuthenticationModes: ["AAD"], publicNetworkAccess: "Disabled" }), rules);
    expect(good.findings.filter((f) => f.ruleId === LOCAL_AUTH || f.ruleId === LOCAL_AUTH_MODIFY)).toEqual([]);
    // effect=Deny reaches every definition that declares 'effect' and allows Deny; the others keep their default.
    const deny = await builtinRules({ effect: "Deny" });
    expect(deny.rules.find((r) => r.meta.id === LOCAL_AUTH)!.meta.severity).toBe("error");
    expect(deny.rules.find((r) => r.meta.id === LOCAL_AUTH_MODIFY)!.meta.severity).toBe("warning");
    const denied = await lint(ACCOUNT({ allowedAuthenticationModes: ["SharedKey"], publicNetworkAccess: "Disabled" }), deny.rules);
    expect(denied.findings.find((f) => f.ruleId === LOCAL_AUTH)!.severity).toBe("error");
  });

  test("unknown values give no policy finding", async () => {
    const { rules } = await builtinRules();
    const t = ACCOUNT({ allowedAuthenticationModes: "[parameters('modes')]", publicNetworkAccess: "[parameters('pna')]" }).replace(
      '"resources"',
      '"parameters": { "modes": { "type": "array" }, "pna": { "type": "string" } },\n  "resources"',
    );
    const r = await lint(t, rules);
    expect(r.findings.filter((f) => f.ruleId === LOCAL_AUTH || f.ruleId === LOCAL_AUTH_MODIFY || f.ruleId === "policy/74c5a0ae-5e48-4738-b093-65e23a060488")).toEqual([]);
  });
});

describe("--report-unknown with the real evaluator", () => {
  test("a policy undecided by an unknown value says so in the could-not-decide notes, at the value, as rules do; without the option it does not", async () => {
    const { lintPaths } = await import("../src/pipeline/run.js");
    const { loadPolicies } = await import("../src/policy/load.js");
    const { buildPolicyRules } = await import("../src/policy/setup.js");
    const dir = "test/fixtures/policy/custom";
    const rules = buildPolicyRules(loadPolicies([`${dir}/pool-vm-size-and-admin-users.json`], { cwd: process.cwd() }));
    const id = "policy/batchlint-fixture-pool-vm-size-and-admin-users";
    const run = (reportUnknown: boolean) => lintPaths([`${dir}/template-unknown.json`], { rules, cwd: process.cwd(), reportUnknown });
    const r = await run(true);
    expect(r.findings.filter((f) => f.ruleId === id)).toEqual([]);
    const notes = r.notes.filter((n) => n.kind === "unknown" && n.message.startsWith(`${id} could not decide`));
    expect(notes.map((n) => n.message)).toEqual([`${id} could not decide: properties.vmSize is unknown (parameter 'poolVmSize' has no value)`]);
    expect(JSON.stringify(notes[0])).toContain("template-unknown.json");
    expect((await run(false)).notes.filter((n) => n.kind === "unknown" && n.message.startsWith(id))).toEqual([]);
  });
});

/**
 * test/fixtures/policy (EXPECTED.md): in each folder, every resource named noncompliant… has a finding of the folder's
 * definition, at the place PLACES.json gives, and no other resource has one; Modify findings carry a fix. Every file
 * of every folder runs (none skipped); the metric-alerts ARM and Bicep files are undecided, said (UNDECIDED). Resource
 * ids need a subscription and resource group (resourceId() of a diagnostic setting's scope, a private endpoint's
 * target): given here.
 */
describe("test/fixtures/policy with builtin:batch", async () => {
  const fs = await import("node:fs");
  const path = await import("node:path");
  const root = path.resolve("test/fixtures/policy");
  const expected = fs.readFileSync(path.join(root, "EXPECTED.md"), "utf8");
  /**
   * Files whose definition cannot decide any resource, with the reason: no finding, a could-not-decide note for each.
   * metric-alerts: the definition's existenceCondition compares the alert rule's resourceUri with
   * concat('/subscriptions/', subscription().subscriptionId, '/resourcegroups/', resourceGroup().name, ...). A policy
   * rule sees no deployment context (--subscription-id and --resource-group reach the template's resourceId(), not
   * the rules' context), so subscription() stays unknown and every enabled CoreCount rule of the file (existenceScope
   * Subscription: any of them may be the account's) is undecided, for the compliant account and the two others alike.
   */
  const UNDECIDED: Readonly<Record<string, string>> = {
    "metric-alerts/template.json": "subscription() in the existenceCondition is unknown to a policy rule",
    "metric-alerts/main.bicep": "subscription() in the existenceCondition is unknown to a policy rule",
  };
  const cases: [string, string][] = [];
  for (const folder of fs.readdirSync(root).filter((f) => fs.statSync(path.join(root, f)).isDirectory()))
    for (const file of fs.readdirSync(path.join(root, folder)).filter((f) => /^(template.*\.json|export\.json|main\.bicep|main\.tf)$/.test(f))) cases.push([folder, file]);

  test.each(cases)("%s/%s", async (folder, file) => {
    const { lintPaths } = await import("../src/pipeline/run.js");
    const { loadPolicies } = await import("../src/policy/load.js");
    const { buildPolicyRules } = await import("../src/policy/setup.js");
    const custom = folder === "custom";
    const name = custom ? "batchlint-fixture-pool-vm-size-and-admin-users" : new RegExp(`\\| \`${folder}\` \\| ([0-9a-f-]{36})`).exec(expected)?.[1];
    expect(name, "EXPECTED.md names the folder's definition").toBeDefined();
    const specs = custom ? [path.join(root, folder, "pool-vm-size-and-admin-users.json")] : ["builtin:batch"];
    if (fs.existsSync(path.join(root, folder, "assignment.json"))) specs.push(path.join(root, folder, "assignment.json"));
    const rules = buildPolicyRules(loadPolicies(specs, { cwd: root }));
    const seen: string[] = [];
    const names = defineCollector(seen);
    const r = await lintPaths([path.join(root, folder, file)], { rules: [...rules, names], cwd: root, deployment: { subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "rg-policy" } });
    expect(r.errors).toEqual([]);
    const found = r.findings.filter((f) => f.ruleId === `policy/${name}`);
    const short = (n: string | undefined) => (n ?? "?").split("/").pop()!;
    if (UNDECIDED[`${folder}/${file}`]) {
      expect(found).toEqual([]);
      const notes = r.notes.filter((n) => n.message.startsWith(`policy/${name} could not decide`));
      // The note says why: the policy's subscription(), although the run has --subscription-id (deployment above).
      for (const n of notes) expect(n.message).toMatch(/could not be decided \(subscription\(\) is known only when Azure Policy evaluates a request\)$/);
      const undecided = notes.map((n) => /for Batch account '([^']+)'/.exec(n.message)?.[1]);
      // Accounts only (their names have no hyphen; the alert rules are `<account>-corecount`).
      expect(undecided.sort()).toEqual([...new Set(seen.map(short).filter((n) => /^(non)?compliant[a-z0-9]*$/.test(n)))].sort());
      return;
    }
    expect(found.map((f) => short(f.resource.name)).sort()).toEqual([...new Set(seen.map(short).filter((n) => n.startsWith("noncompliant")))].sort());
    // Where each finding points (PLACES.json): line:column of the value to edit.
    const places = (JSON.parse(fs.readFileSync(path.join(root, "PLACES.json"), "utf8")) as { places: Record<string, string[]> }).places;
    expect(found.map((f) => `${short(f.resource.name)} ${f.region.startLine}:${f.region.startColumn} ${f.propertyPath}`).sort()).toEqual(places[`${folder}/${file}`] ?? []);
    const severity = custom ? "error" : "warning";
    for (const f of found) expect(f.severity).toBe(severity);
    if (folder.endsWith("-modify")) for (const f of found) expect(f.fix, `${f.resource.name} has a fix`).toBeDefined();
  });
});

describe("Terraform private endpoints (azurerm_private_endpoint) as the ARM resources the policies read", () => {
  test("connections automatic or manual, the account's computed id read as its typed name, a DNS zone group a child", async () => {
    const { lintPaths } = await import("../src/pipeline/run.js");
    const got: Record<string, unknown>[] = [];
    const keep: Rule<string, unknown> = {
      ...defineCollector([]),
      checkDocument(doc) {
        for (const r of doc.resources)
          if (r.type.startsWith("Microsoft.Network/"))
            got.push({
              type: r.type,
              name: r.name,
              parent: r.parent?.name,
              auto: r.get("properties.privateLinkServiceConnections").value,
              manual: r.get("properties.manualPrivateLinkServiceConnections").value,
              zones: r.get("properties.privateDnsZoneConfigs").value,
            });
      },
    };
    const dir = "test/fixtures/policy";
    for (const f of ["private-endpoints-audit", "private-dns-zones"]) await lintPaths([`${dir}/${f}/main.tf`], { rules: [keep], cwd: process.cwd() });
    const conn = (name: string, id: string, group: string, message?: string) => ({ name, properties: { privateLinkServiceId: id, groupIds: [group], ...(message ? { requestMessage: message } : {}) } });
    // Files in any order; absent members left out.
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const shown = (JSON.parse(JSON.stringify(got)) as { name: string }[]).sort(byName);
    expect(shown).toEqual(
      [
        { type: "Microsoft.Network/privateEndpoints", name: "pe-compliantprivateendpoint", auto: [conn("pe-compliantprivateendpoint", "Microsoft.Batch/batchAccounts/compliantprivateendpoint", "batchAccount")] },
        { type: "Microsoft.Network/privateEndpoints", name: "pe-noncompliantpending", manual: [conn("pe-noncompliantpending", "Microsoft.Batch/batchAccounts/noncompliantpending", "batchAccount", "please approve")] },
        { type: "Microsoft.Network/privateEndpoints", name: "compliant-pe-with-dns-zone-group", auto: [conn("compliant-pe-with-dns-zone-group", "Microsoft.Batch/batchAccounts/dnsaccount", "batchAccount")] },
        {
          type: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
          name: "compliant-pe-with-dns-zone-group/default",
          parent: "compliant-pe-with-dns-zone-group",
          zones: [{ properties: { privateDnsZoneId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-policy/providers/Microsoft.Network/privateDnsZones/privatelink.batch.azure.com" } }],
        },
        { type: "Microsoft.Network/privateEndpoints", name: "noncompliant-pe-without-dns-zone-group", auto: [conn("noncompliant-pe-without-dns-zone-group", "Microsoft.Batch/batchAccounts/dnsaccount", "batchAccount")] },
        {
          type: "Microsoft.Network/privateEndpoints",
          name: "notapplicable-pe-storage-blob",
          auto: [conn("notapplicable-pe-storage-blob", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-policy/providers/Microsoft.Storage/storageAccounts/policystorage", "blob")],
        },
      ].sort(byName),
    );
  });
});

/** A rule that records the names of the resources of a document. */
function defineCollector(seen: string[]): Rule<string, unknown> {
  return {
    meta: { id: "TEST900", name: "names", title: "Names", severity: "note", tags: [], resourceTypes: [], docs: { summary: "", rationale: "", remediation: "", references: [] }, messages: { m: "m" } },
    checkDocument(doc) {
      for (const r of doc.resources) if (r.name !== undefined) seen.push(r.name);
    },
  };
}
