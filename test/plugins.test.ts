/** Plugins: company rules with the built-in API, loaded from configuration; validated; in SARIF. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { coreRules as rules } from "./cli-run.js";
import { loadPlugin, validatePluginRules } from "../src/config/config.js";
import { repoRoot } from "./helpers.js";
import { account, run, scratch, template, write } from "./cli-run.js";

const plugin = path.join(repoRoot, "examples/plugins/cost-center-tag.mjs");

describe("example plugin (examples/plugins/cost-center-tag.mjs)", () => {
  test("exports valid rules that do not collide with built-ins", async () => {
    const loaded = await loadPlugin(plugin, repoRoot);
    expect(loaded.map((r) => r.meta.id)).toEqual(["ACME001"]);
    expect(validatePluginRules(loaded, rules)).toEqual([]);
  });

  test("reports accounts without a costCenter tag; options from configuration; SARIF descriptor in tool.driver.rules", () => {
    const dir = scratch({
      "batchlint.config.json": JSON.stringify({ plugins: [plugin] }),
      "tagged.json": account("tagged", { allowedAuthenticationModes: ["AAD"] }, { tags: { CostCenter: "CC-1234" } }),
      "untagged.json": account("untagged", { allowedAuthenticationModes: ["AAD"] }, { tags: {} }),
      "empty.json": account("empty", { allowedAuthenticationModes: ["AAD"] }, { tags: { costCenter: " " } }),
    });
    const r = run([".", "-f", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const acme = JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === "ACME001");
    expect(acme.map((f: { file: string; message: string }) => `${f.file} ${f.message}`)).toEqual(["empty.json the 'costCenter' tag is empty.", "untagged.json the Batch account has no 'costCenter' tag."]);

    const sarif = JSON.parse(run([".", "-f", "sarif"], { cwd: dir }).stdout);
    const driverRules = sarif.runs[0].tool.driver.rules;
    const idx = driverRules.findIndex((d: { id: string }) => d.id === "ACME001");
    expect(idx).toBeGreaterThan(0);
    expect(driverRules[idx].help.text).toContain("cost center");
    expect(sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === "ACME001").ruleIndex).toBe(idx);

    write(dir, "batchlint.config.json", JSON.stringify({ plugins: [plugin], rules: { "cost-center-tag": ["warning", { tagName: "owner" }] } }));
    const w = JSON.parse(run([".", "-f", "json"], { cwd: dir }).stdout).findings.filter((f: { ruleId: string }) => f.ruleId === "ACME001");
    expect(w.map((f: { severity: string; message: string }) => `${f.severity} ${f.message}`)).toEqual(Array(3).fill("warning the Batch account has no 'owner' tag."));
    expect(run([".", "--rule", "ACME001=off"], { cwd: dir }).code).toBe(0);
    expect(run(["--list-rules"], { cwd: dir }).stdout).toMatch(/^ACME001 +cost-center-tag/m);
  });

  test("a plugin resolved as a package from node_modules (ESM-only exports)", () => {
    const dir = scratch({
      "node_modules/@acme/batchlint-rules/package.json": JSON.stringify({ name: "@acme/batchlint-rules", type: "module", exports: { ".": { import: "./index.mjs" } } }),
      "node_modules/@acme/batchlint-rules/index.mjs": fs.readFileSync(plugin, "utf8").replace('from "batchlint"', `from ${JSON.stringify(path.join(repoRoot, "dist/src/index.js"))}`),
      "batchlint.config.json": '{ "plugins": ["@acme/batchlint-rules"] }',
      "a.json": account("a", { allowedAuthenticationModes: ["AAD"] }),
    });
    const r = run(["a.json"], { cwd: dir });
    expect(r.stdout).toMatch(/error ACME001 the Batch account has no 'costCenter' tag/);
  });
});

describe("the rule kit (src/rule.ts) is the package's API", () => {
  test("the package entry exports everything src/rule.ts exports", async () => {
    const api = (await import("../src/index.js")) as Record<string, unknown>;
    const kit = (await import("../src/rule.js")) as Record<string, unknown>;
    for (const k of ["schemaIssues", "schemaPropertyNames", "closest", "isExpression", "findEmbeddedSecrets", "splitPointer", "ARM_SCHEMA_VERSIONS"]) expect(kit[k], k).toBeDefined();
    for (const [k, v] of Object.entries(kit)) expect(api[k], k).toBe(v);
  });

  test("a plugin installed as a package uses the helpers the built-in rules use", () => {
    const entry = JSON.stringify(path.join(repoRoot, "dist/src/index.js"));
    const dir = scratch({
      "node_modules/acme-kit/package.json": JSON.stringify({ name: "acme-kit", type: "module", exports: "./index.mjs" }),
      "node_modules/acme-kit/index.mjs": `
        import { ARM_SCHEMA_VERSIONS, BATCH_ACCOUNT, closest, defineRule, findEmbeddedSecrets, isExpression, schemaIssues, schemaPropertyNames, splitPointer } from ${entry};
        export const rules = [defineRule({
          meta: { id: "ACME002", name: "kit", title: "Kit", severity: "warning", tags: ["hygiene"], resourceTypes: [BATCH_ACCOUNT],
            docs: { summary: "s", rationale: "r", remediation: "m", references: ["https://example.com"] }, messages: { m: "{{what}}" } },
          check(r, ctx) {
            for (const i of schemaIssues(r)) {
              const suggestion = closest(i.name, schemaPropertyNames(r.type, i.checkedAgainst, "properties"));
              ctx.report({ messageId: "m", at: i.prop, atKey: true, data: { what: i.kind + " " + i.name + " -> " + suggestion + " (" + i.checkedAgainst + ")" } });
            }
            const tags = r.get("tags");
            for (const [k, v] of tags.entries()) {
              if (isExpression(k)) ctx.report({ messageId: "m", at: v, data: { what: "computed tag name " + k } });
              for (const s of findEmbeddedSecrets(v.str() ?? "")) ctx.report({ messageId: "m", at: v, data: { what: s.kind + " in tag " + k } });
            }
            ctx.report({ messageId: "m", at: r.root, data: { what: splitPointer(r.at.pointer).join("|") + " newest " + ARM_SCHEMA_VERSIONS[ARM_SCHEMA_VERSIONS.length - 1] } });
          },
        })];`,
      "batchlint.config.json": '{ "plugins": ["acme-kit"] }',
      "export.json": account("a", { publicNetworkAcess: "Disabled" }, { tags: { note: "sv=2022-11-02&sig=AbCdEfGhIjKlMnOpQrStUv0123456789%2B%3D" } }),
      "template.json": template(`{ "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "b", "location": "westeurope", "tags": { "[parameters('k')]": "v" }, "properties": {} }`),
    });
    const r = run([".", "-f", "json"], { cwd: dir });
    const found = JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === "ACME002");
    expect(found.map((f: { file: string; message: string }) => `${f.file} ${f.message}`)).toEqual([
      // in document order
      "export.json  newest 2025-06-01",
      "export.json SAS token in tag note",
      "export.json unknown-property publicNetworkAcess -> publicNetworkAccess (export)",
      "template.json resources|0 newest 2025-06-01",
      "template.json computed tag name [parameters('k')]",
    ]);
  });
});

describe("plugin validation", () => {
  const cases: [string, string, RegExp][] = [
    ["reserved prefix", 'export const rules = [{ ...(await import(P)).rules[0], meta: { ...(await import(P)).rules[0].meta, id: "BATCH500" } }];', /the BATCH prefix is reserved for built-in rules; use your own prefix/],
    ["name collision", 'export const rules = [{ ...(await import(P)).rules[0], meta: { ...(await import(P)).rules[0].meta, name: "shared-key-auth-disabled" } }];', /collides with BATCH001/],
    ["no rules export", "export const nothing = 1;", /a plugin must export `rules`/],
    ["no check", 'export const rules = [{ meta: { ...(await import(P)).rules[0].meta } }];', /needs check\(\) or checkDocument\(\)/],
  ];
  for (const [name, code, message] of cases) {
    test(`${name}: exit 2 with the configuration's file:line:col`, () => {
      const dir = scratch({ "p.mjs": code.replace(/P/g, JSON.stringify(plugin)), "batchlint.config.json": '{\n  "plugins": ["./p.mjs"]\n}\n', "a.json": account("a", {}) });
      const r = run(["a.json"], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^batchlint\.config\.json:2:15: error plugin '\.\/p\.mjs'/m);
      expect(r.stderr).toMatch(message);
    });
  }
  test("a missing plugin file", () => {
    const dir = scratch({ "batchlint.config.json": '{ "plugins": ["./nope.mjs"] }', "a.json": account("a", {}) });
    const r = run(["a.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/batchlint\.config\.json:1:15: error plugin '\.\/nope\.mjs' could not be loaded: no such file/);
  });
});

describe("the rule context", () => {
  test("is the same for every document, points at the current one, and may be taken apart", async () => {
    const { lintText } = await import("../src/pipeline/run.js");
    const { defineRule } = await import("../src/rule.js");
    const seen: string[] = [];
    const set: ReturnType<typeof defineRule>[] = []; // one rules array: one plan, one context for every document
    const rule = defineRule({
      meta: {
        id: "ACME900",
        name: "ctx-parts",
        title: "Context parts",
        tags: [],
        severity: "warning",
        resourceTypes: ["Microsoft.Batch/batchAccounts"],
        docs: { summary: "s", rationale: "r", remediation: "m", references: [] },
        messages: { m: "{{name}} of {{count}}" },
      },
      check(resource, ctx) {
        const { report, resources, document } = ctx;
        // A document linted while another is (same rules, same plan): its context must not be the outer one's.
        if (resource.name === "outer") lintText(account("inner", {}), "inner.json", { rules: set });
        seen.push(`${document.file}:${resources().length}`);
        report({ messageId: "m", at: resource.get("name"), data: { name: resource.name ?? "?", count: resources("microsoft.batch/batchaccounts").length } });
      },
    });
    set.push(rule);
    const two = JSON.stringify({ value: [JSON.parse(account("a1", {})), JSON.parse(account("a2", {}))] });
    const r1 = lintText(two, "two.json", { rules: set });
    const r2 = lintText(account("b1", {}), "one.json", { rules: set });
    expect(r1.findings.map((f) => `${f.file} ${f.message}`)).toEqual(["two.json a1 of 2", "two.json a2 of 2"]);
    expect(r2.findings.map((f) => `${f.file} ${f.message} ${f.region.startLine}`)).toEqual(["one.json b1 of 1 3"]);
    expect(seen).toEqual(["two.json:2", "two.json:2", "one.json:1"]);
    const outer = lintText(JSON.stringify([JSON.parse(account("outer", {})), JSON.parse(account("after", {}))]), "outer.json", { rules: set });
    expect(outer.findings.map((f) => `${f.file} ${f.message}`)).toEqual(["outer.json outer of 2", "outer.json after of 2"]);
    expect(seen.slice(3)).toEqual(["inner.json:1", "outer.json:2", "outer.json:2"]);
  });
});

describe("per-document objects hold no closures", () => {
  // On Node 20 a function or getter stored in an object made per document kept the document's whole model alive
  // through scavenges (about half of an audit's time went to GC). The document view and the raw template view
  // are classes: their own properties are data.
  test("the document view and the template view have no own functions or accessors", async () => {
    const { lintText } = await import("../src/pipeline/run.js");
    const { defineRule } = await import("../src/rule.js");
    const seen: object[] = [];
    const rule = defineRule({
      meta: {
        id: "ACME901",
        name: "views",
        title: "Views",
        tags: [],
        severity: "note",
        resourceTypes: [],
        docs: { summary: "s", rationale: "r", remediation: "m", references: [] },
        messages: { m: "m" },
      },
      checkDocument(doc) {
        seen.push(doc);
        if (doc.template) seen.push(doc.template);
      },
    });
    lintText(account("a", {}), "a.json", { rules: [rule] });
    lintText(`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": []}`, "t.json", { rules: [rule] });
    expect(seen.length).toBe(3);
    for (const o of seen) {
      for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(o))) {
        expect(d.get ?? d.set, k).toBeUndefined();
        expect(typeof d.value, k).not.toBe("function");
      }
    }
    expect((seen[2] as { parameters: { missing: boolean } }).parameters.missing).toBe(true);
  });
});
