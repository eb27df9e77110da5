/** ARM template evaluation end to end: parameters files, reference(), languageVersion 2.0, copy, nested, errors. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import type { Finding, LintResult, RelatedLocation } from "../src/engine/findings.js";
import { parseDocument } from "../src/parse/document.js";
import { loadTemplate } from "../src/input/arm/template.js";
import { repoRoot } from "./helpers.js";

const core = rules.filter((r) => ["BATCH001", "BATCH002", "BATCH003", "BATCH004"].includes(r.meta.id));

async function lint(rel: string, extra: Record<string, unknown> = {}): Promise<LintResult> {
  return lintPaths([path.join("fixtures/engine", rel)], { rules: core, cwd: repoRoot, base: repoRoot, ...extra });
}

/** The source text a region covers. */
function textAt(loc: Finding | RelatedLocation): string {
  const text = fs.readFileSync(path.join(repoRoot, loc.file), "utf8");
  return text.slice(loc.region.charOffset, loc.region.charOffset + loc.region.charLength);
}

function load(rel: string) {
  const file = path.join("fixtures/engine", rel);
  const doc = parseDocument(fs.readFileSync(path.join(repoRoot, file), "utf8"), file);
  return loadTemplate(doc, { absPath: path.join(repoRoot, file) });
}

describe("parameters files", () => {
  test("harmless defaults overridden by the paired parameters file: BATCH001, BATCH003, BATCH004 with related locations there", async () => {
    const r = await lint("params/batch.json");
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(["BATCH001", "BATCH004", "BATCH003"]);
    const [b1, b4, b3] = r.findings as [Finding, Finding, Finding];

    expect(textAt(b1)).toBe(`"[parameters('authModes')]"`);
    expect(b1.message).toContain(`evaluates to ["AAD","SharedKey"]`);
    expect(b1.related.map((x) => [x.file, textAt(x), x.message])).toEqual([["fixtures/engine/params/batch.parameters.json", `"SharedKey"`, "value from parameters file, parameter 'authModes' in batch.parameters.json"]]);

    expect(textAt(b4)).toBe(`"networkProfile"`);
    expect(b4.related.map((x) => [path.basename(x.file), textAt(x)])).toEqual([
      ["batch.json", `"[parameters('publicAccess')]"`],
      ["batch.parameters.json", `"Disabled"`],
    ]);

    expect(textAt(b3)).toBe(`"[variables('encryption')]"`);
    expect(b3.related.map((x) => [path.basename(x.file), textAt(x)])).toEqual([
      ["batch.json", `"[parameters('keySource')]"`],
      ["batch.parameters.json", `"Microsoft.KeyVault"`],
      ["batch.json", `"[parameters('identityType')]"`],
      ["batch.parameters.json", `"UserAssigned"`],
    ]);
  });

  test("without the parameters file the defaults are harmless: no finding", () => {
    const text = fs.readFileSync(path.join(repoRoot, "fixtures/engine/params/batch.json"), "utf8");
    const r = lintText(text, "batch.json", { rules: core });
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  test("--parameters replaces auto-pairing and --param overrides both", async () => {
    const r = await lint("params/batch.json", {
      parameterFiles: [path.join(repoRoot, "fixtures/engine/params/batch.parameters.json")],
      cliParams: new Map([["authModes", ["AAD"]]]),
    });
    expect(r.findings.map((f) => f.ruleId)).toEqual(["BATCH004", "BATCH003"]);
  });

  test("a Key Vault reference in a parameters file is unknown", async () => {
    const tmpl = fs.readFileSync(path.join(repoRoot, "fixtures/engine/params/batch.json"), "utf8");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-kv-"));
    fs.writeFileSync(path.join(dir, "t.json"), tmpl);
    fs.writeFileSync(
      path.join(dir, "t.parameters.json"),
      JSON.stringify({
        $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
        contentVersion: "1.0.0.0",
        parameters: { authModes: { reference: { keyVault: { id: "/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/z" }, secretName: "modes" } } },
      }),
    );
    const r = await lintPaths([dir], { rules: core, cwd: dir });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === "BATCH001")).toEqual([]);
    expect(r.notes.some((n) => n.file === "t.parameters.json" && n.kind === "skipped")).toBe(true);
  });
});

describe("parameters files found by name", () => {
  test("NAME.parameters.jsonc beside NAME.json is used; a folder with no parameters file gives none", async () => {
    const tmpl = fs.readFileSync(path.join(repoRoot, "fixtures/engine/params/batch.json"), "utf8");
    const params = fs.readFileSync(path.join(repoRoot, "fixtures/engine/params/batch.parameters.json"), "utf8");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-pair-"));
    fs.mkdirSync(path.join(dir, "with"));
    fs.mkdirSync(path.join(dir, "without"));
    fs.writeFileSync(path.join(dir, "with", "t.json"), tmpl);
    fs.writeFileSync(path.join(dir, "with", "t.parameters.jsonc"), params);
    fs.writeFileSync(path.join(dir, "without", "t.json"), tmpl);
    fs.writeFileSync(path.join(dir, "without", "t.parameters.json.txt"), params);
    const r = await lintPaths([dir], { rules: core, cwd: dir, base: dir });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.errors).toEqual([]);
    const b1 = r.findings.filter((f) => f.ruleId === "BATCH001");
    expect(b1.map((f) => [f.file, f.related.map((x) => x.file)])).toEqual([["with/t.json", ["with/t.parameters.jsonc"]]]);
  });
});

describe("unknown values", () => {
  test("the same template with values from reference() gets no finding", async () => {
    const r = await lint("reference/batch.json");
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  test("--report-unknown lists what the rules could not decide", async () => {
    const r = await lint("reference/batch.json", { reportUnknown: true });
    const msgs = r.notes.filter((n) => n.kind === "unknown").map((n) => n.message);
    expect(msgs).toContain("BATCH001 could not decide: properties.allowedAuthenticationModes is unknown (reference() is only known at deployment time)");
    expect(msgs.some((m) => m.startsWith("BATCH004 could not decide: properties.publicNetworkAccess"))).toBe(true);
  });
});

describe("languageVersion 2.0", () => {
  test("symbolic resources, existing skipped, nullable parameters, coalesce/tryGet chains, copy", () => {
    const t = load("lv2/batch.json");
    expect(t.errors).toEqual([]);
    expect(t.resources.map((r) => `${r.type} ${r.name}`)).toEqual(["Microsoft.Batch/batchAccounts avmbatch", "Microsoft.Batch/batchAccounts/pools avmbatch/p1", "Microsoft.Batch/batchAccounts/pools avmbatch/p2"]);
    const account = t.resources[0]!;
    expect(account.get("properties.allowedAuthenticationModes").value).toEqual(["AAD", "SharedKey"]);
    expect(account.get("properties.publicNetworkAccess").str()).toBe("Disabled");
    expect(account.get("properties.networkProfile").missing).toBe(true); // null = not set
    expect(account.get("properties.encryption").missing).toBe(true);
    expect(account.get("identity.type").str()).toBe("None");
    expect(t.resources[2]!.get("properties.scaleSettings.fixedScale.targetLowPriorityNodes").num()).toBe(2);
    expect(t.resources[2]!.copy).toEqual({ name: "poolCopy", index: 1 });
    expect(t.resources[2]!.parent).toBe(account);
  });

  test("findings point at the expression", async () => {
    const r = await lint("lv2/batch.json");
    expect(r.findings.map((f) => `${f.ruleId} ${textAt(f)}`)).toEqual([`BATCH001 "[coalesce(parameters('allowedAuthenticationModes'), createArray('AAD', 'SharedKey'))]"`]);
  });
});

describe("copy loops", () => {
  test("resource copy: one finding for the offending instance, located at the template element, naming the index", async () => {
    const r = await lint("copy/batch.json");
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => `${f.ruleId} ${f.region.startLine}:${f.region.startColumn} ${f.message}`)).toEqual([
      `BATCH001 26:39 allowedAuthenticationModes includes 'SharedKey' (evaluates to ["AAD","SharedKey"]): shared key authentication is enabled. [copy 'accountLoop' index 1]`,
    ]);
  });

  test("variable copy and property copy are expanded", () => {
    const t = load("copy/batch.json");
    expect(t.resources.map((r) => r.name)).toEqual(["batcha", "batchb"]);
    expect(t.resources[1]!.get("properties.networkProfile.accountAccess.ipRules").value).toEqual([
      { action: "Allow", value: "203.0.113.0" },
      { action: "Allow", value: "203.0.113.1" },
    ]);
  });
});

describe("conditions and nested deployments", () => {
  test("condition false: not deployed; unknown: checked and marked conditional", async () => {
    const r = await lint("conditions/batch.json");
    expect(r.findings.map((f) => [f.resource.label, f.conditional])).toEqual([["maybebatch", true]]);
    expect(r.findings[0]!.message).toMatch(/\(if the resource's condition holds\)$/);
  });

  test("inner-scope, outer-scope and linked templates", async () => {
    const r = await lint("nested/batch.json");
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => `${f.ruleId} ${f.file} ${f.resource.label}`)).toEqual([
      "BATCH002 fixtures/engine/linked/account.json linkedbatch",
      "BATCH001 fixtures/engine/nested/batch.json innerbatch",
      "BATCH004 fixtures/engine/nested/batch.json outerbatch",
    ]);
    const linked = r.findings[0]!;
    expect(linked.related.map((x) => [x.file, textAt(x), x.message])).toEqual([
      ["fixtures/engine/nested/batch.json", `"TaskAuthenticationToken"`, "value passed to parameter 'modes' by the nested deployment in batch.json"],
    ]);
  });
});

describe("evaluation errors", () => {
  test("cycle, unknown function and copy limit: clear located errors, other findings still reported", async () => {
    const r = await lint("errors");
    expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`)).toEqual([
      "fixtures/engine/errors/cycle.json:6:11 variable 'a' refers to itself (cycle through variables) in [concat(variables('a'), 'x')]",
      "fixtures/engine/errors/huge-copy.json:6:42 copy count 1000000000 exceeds the limit of 800 (ARM's own limit is 800)",
      "fixtures/engine/errors/unknown-function.json:11:34 unknown function 'frobnicate' in [frobnicate('Disabled')]",
    ]);
    expect(r.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(["fixtures/engine/errors/cycle.json BATCH001", "fixtures/engine/errors/unknown-function.json BATCH001"]);
  });
});
