/** Plugins loaded from configuration by the built CLI and the package's own exports (the rule context in-process: plugins.test.ts). */
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
      "node_modules/@acme/batchlint-rules/index.mjs": fs.readFileSync(plugin, "utf8").replace('from "batchlint"', `from ${JSON.stringify(path.join(repoRoot, "dist/bundle/index.mjs"))}`),
      "batchlint.config.json": '{ "plugins": ["@acme/batchlint-rules"] }',
      "a.json": account("a", { allowedAuthenticationModes: ["AAD"] }),
    });
    const r = run(["a.json"], { cwd: dir });
    expect(r.stdout).toMatch(/error ACME001 the Batch account has no 'costCenter' tag/);
  });
});

describe("the rule kit (src/rule.ts) is the package's API", () => {
  test("a plugin installed as a package uses the helpers the built-in rules use", () => {
    const entry = JSON.stringify(path.join(repoRoot, "dist/bundle/index.mjs"));
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
    ["no check", "export const rules = [{ meta: { ...(await import(P)).rules[0].meta } }];", /needs check\(\) or checkDocument\(\)/],
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
