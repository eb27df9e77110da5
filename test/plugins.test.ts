/** Plugins in-process: the context a rule gets, and per-document views without closures (loading plugins, validation, SARIF: plugins.e2e.test.ts). */
import { describe, expect, test } from "vitest";
import { account } from "./cli-run.js";

describe("the rule kit (src/rule.ts) is the package's API", () => {
  test("the package entry exports everything src/rule.ts exports", async () => {
    const api = (await import("../src/index.js")) as Record<string, unknown>;
    const kit = (await import("../src/rule.js")) as Record<string, unknown>;
    for (const k of ["schemaIssues", "schemaPropertyNames", "closest", "isExpression", "findEmbeddedSecrets", "splitPointer", "ARM_SCHEMA_VERSIONS"]) expect(kit[k], k).toBeDefined();
    for (const [k, v] of Object.entries(kit)) expect(api[k], k).toBe(v);
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
