/** Fixes: text edits that keep comments and layout, refusals, the fix loop, --fix and --fix-dry-run, SARIF fixes. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { coreRules as rules } from "./cli-run.js";
import { lintText } from "../src/pipeline/run.js";
import { applyTextEdits, computeFix, fixLoop, unifiedDiff } from "../src/post/fix.js";
import { parseDocument } from "../src/parse/document.js";
import { Prop } from "../src/model/prop.js";
import { nodeFromValue } from "../src/model/tree.js";
import { modelState } from "../src/model/state.js";
import { RunContext } from "../src/context.js";
import { repoRoot } from "./helpers.js";
import { account, exampleExport, run, scratch, template } from "./cli-run.js";

function fixAll(text: string, file = "t.jsonc"): string {
  return fixLoop(text, (t) => lintText(t, file, { rules }).findings).output;
}

describe("fix edits", () => {
  test("remove from a one-line array, keeping everything else byte for byte", () => {
    const text = template(`    {
      // the account
      "type": "Microsoft.Batch/batchAccounts",
      "name": "acct",
      "properties": { "allowedAuthenticationModes": ["AAD", /* keep */ "SharedKey", "TaskAuthenticationToken"] } // trailing
    }`);
    expect(fixAll(text)).toBe(text.replace(`["AAD", /* keep */ "SharedKey", "TaskAuthenticationToken"]`, `["AAD" /* keep */ ]`));
  });

  test("remove whole lines from a multi-line array, keeping comments on other lines", () => {
    const text = template(`    {
      "type": "Microsoft.Batch/batchAccounts",
      "name": "acct",
      "properties": {
        "allowedAuthenticationModes": [
          "SharedKey", // legacy
          // Entra ID
          "AAD",
          "TaskAuthenticationToken"
        ]
      }
    }`);
    const fixed = fixAll(text);
    expect(fixed).toBe(text.replace(`          "SharedKey", // legacy\n`, "").replace(`"AAD",\n          "TaskAuthenticationToken"`, `"AAD"`));
    expect(lintText(fixed, "t.jsonc", { rules }).findings).toEqual([]);
  });

  test("no fix when AAD would not remain, or when the value comes from an expression", () => {
    const only = lintText(account("a", { allowedAuthenticationModes: ["SharedKey", "TaskAuthenticationToken"] }), "a.json", { rules });
    expect(only.findings.filter((f) => f.fix)).toEqual([]);
    const doc = parseDocument(template(`    { "type": "Microsoft.Batch/batchAccounts", "name": "a", "properties": { "publicNetworkAccess": "[parameters('p')]", "x": ["a"] } }`), "t.json");
    expect(computeFix(doc, { description: "d", edits: [{ op: "replace", at: { file: "t.json", pointer: "/resources/0/properties/publicNetworkAccess" }, value: "Disabled" }] })).toEqual({
      refused: "the value at /resources/0/properties/publicNetworkAccess is an ARM expression",
    });
    expect(computeFix(doc, { description: "d", edits: [{ op: "remove", at: { file: "other.parameters.json", pointer: "/parameters/x" } }] })).toEqual({ refused: "the value lies in another file (other.parameters.json)" });
    const model = modelState(new RunContext());
    const evaluated = Prop.of(model, nodeFromValue(["AAD", "SharedKey"], { file: "t.json", pointer: "/resources/0/properties/x" }), "properties.x").items()[1]!;
    expect(computeFix(doc, { description: "d", edits: [{ op: "remove", at: evaluated }] })).toEqual({ refused: "properties.x[1] is computed by an ARM expression" });
    const fromParam = Prop.of(model, { t: "val", value: "Enabled", at: { file: "t.json", pointer: "/resources/0/properties/x/0" }, origins: [{ file: "t.json", pointer: "/parameters/p/defaultValue" }] }, "properties.x[0]");
    expect(computeFix(doc, { description: "d", edits: [{ op: "replace", at: fromParam, value: "Disabled" }] })).toEqual({ refused: "properties.x[0] comes from a parameter or variable" });
  });

  test("replace and set (the operations BATCH005's fixToDisabled uses) keep comments", () => {
    const text = '{\n  "properties": {\n    "a": 1, // one\n    "publicNetworkAccess": "Enabled" // two\n  }\n}\n';
    const doc = parseDocument(text, "x.json");
    const props = { file: "x.json", pointer: "/properties" };
    const replaced = computeFix(doc, { description: "d", edits: [{ op: "replace", at: { file: "x.json", pointer: "/properties/publicNetworkAccess" }, value: "Disabled" }] });
    expect("fix" in replaced && applyTextEdits(text, replaced.fix.edits)).toBe(text.replace('"Enabled"', '"Disabled"'));
    const set = computeFix(doc, { description: "d", edits: [{ op: "set", at: props, key: "encryption", value: "x" }] });
    expect("fix" in set && applyTextEdits(text, set.fix.edits)).toBe('{\n  "properties": {\n    "a": 1, // one\n    "publicNetworkAccess": "Enabled", // two\n    "encryption": "x"\n  }\n}\n');
    const setExisting = computeFix(doc, { description: "d", edits: [{ op: "set", at: props, key: "PUBLICNETWORKACCESS", value: "Disabled" }] });
    expect("fix" in setExisting && applyTextEdits(text, setExisting.fix.edits)).toBe(text.replace('"Enabled"', '"Disabled"'));
    const empty = parseDocument('{\n  "properties": {}\n}', "e.json");
    const setEmpty = computeFix(empty, { description: "d", edits: [{ op: "set", at: { file: "e.json", pointer: "/properties" }, key: "k", value: true }] });
    expect("fix" in setEmpty && applyTextEdits(empty.text, setEmpty.fix.edits)).toBe('{\n  "properties": {\n    "k": true\n  }\n}');
  });

  test("unified diff", () => {
    expect(unifiedDiff("f", "a\nb\nc\n", "a\nc\n")).toBe("--- a/f\n+++ b/f\n@@ -1,3 +1,2 @@\n a\n-b\n c\n");
    expect(unifiedDiff("f", "x\n", "x\n")).toBe("");
  });
});

describe("--fix on the walking skeleton's exported example", () => {
  test("leaves no BATCH001/002 findings and changes only the intended lines", () => {
    const dir = scratch({ "account.json": exampleExport });
    const r = run(["account.json", "--fix"], { cwd: dir });
    expect(r.stderr).toContain("fixed account.json (BATCH001, BATCH002, BATCH004)");
    expect(r.code).toBe(1); // BATCH003 has no safe fix
    const after = fs.readFileSync(path.join(dir, "account.json"), "utf8");
    const before = exampleExport.split("\n");
    // Expected: line 5 loses its comma, lines 6-7 and the networkProfile block (31-41) are gone, nothing else moves.
    const expected = [...before.slice(0, 4), '    "AAD"', ...before.slice(7, 30), ...before.slice(41)];
    expect(after.split("\n")).toEqual(expected);
    const relinted = JSON.parse(run(["account.json", "-f", "json"], { cwd: dir }).stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(relinted).toEqual(["BATCH003"]);
  });

  test("--fix-dry-run prints a diff and writes nothing; SARIF fixes carry the same edits", () => {
    const dir = scratch({ "account.json": exampleExport });
    const r = run(["account.json", "--fix-dry-run", "--rule", "BATCH004=off"], { cwd: dir });
    expect(r.stdout.startsWith("--- a/account.json\n+++ b/account.json\n@@ -2,9 +2,7 @@\n")).toBe(true);
    expect(r.stdout).toContain('-    "AAD",\n-    "SharedKey",\n-    "TaskAuthenticationToken"\n+    "AAD"\n');
    expect(fs.readFileSync(path.join(dir, "account.json"), "utf8")).toBe(exampleExport);

    const sarif = JSON.parse(run(["account.json", "-f", "sarif"], { cwd: dir }).stdout);
    const fixes = sarif.runs[0].results.filter((x: { fixes?: unknown }) => x.fixes);
    expect(fixes.map((x: { ruleId: string }) => x.ruleId)).toEqual(["BATCH001", "BATCH002", "BATCH004"]);
    // Each SARIF fix applied alone to the original gives the same text as the engine's edit.
    for (const x of fixes) {
      const reps = x.fixes[0].artifactChanges[0].replacements.map((rep: { deletedRegion: { charOffset: number; charLength: number }; insertedContent?: { text: string } }) => ({
        offset: rep.deletedRegion.charOffset,
        length: rep.deletedRegion.charLength,
        content: rep.insertedContent?.text ?? "",
      }));
      const fixedAlone = applyTextEdits(exampleExport, reps);
      expect(() => JSON.parse(fixedAlone)).not.toThrow();
      expect(lintText(fixedAlone, "account.json", { rules }).findings.some((f) => f.ruleId === x.ruleId)).toBe(false);
    }
  });

  test("a value from a parameter default is reported but never edited", () => {
    const text = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "modes": { "type": "array", "defaultValue": ["AAD", "SharedKey"] } },
  "resources": [
    { "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "a",
      "properties": { "allowedAuthenticationModes": "[parameters('modes')]" } }
  ]
}
`;
    const dir = scratch({ "t.json": text });
    const r = run(["t.json", "--fix", "--verbose"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error BATCH001");
    expect(r.stdout).toContain("no automatic fix: properties.allowedAuthenticationModes[1] is computed by an ARM expression");
    expect(fs.readFileSync(path.join(dir, "t.json"), "utf8")).toBe(text);
  });

  test("comments and BOM survive --fix on a JSONC template", () => {
    const text = "\uFEFF" + fs.readFileSync(path.join(repoRoot, "examples/template-compliant.jsonc"), "utf8").replace('["AAD"]', '["AAD", "SharedKey"] /* was ["AAD"] */');
    const dir = scratch({ "t.jsonc": text });
    expect(run(["t.jsonc", "--fix"], { cwd: dir }).code).toBe(0);
    const after = fs.readFileSync(path.join(dir, "t.jsonc"), "utf8");
    expect(after).toBe(text.replace('["AAD", "SharedKey"]', '["AAD"]'));
  });
});

describe("fixes are worked out only when an output carries them", () => {
  test("fixes: false gives the same findings and notes, without edits or refusal notes; -f json still carries them", async () => {
    const { lintPaths } = await import("../src/pipeline/run.js");
    const fromVariable = template(`    { "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "a",
      "properties": { "allowedAuthenticationModes": "[variables('m')]" } }`).replace('"resources"', '"variables": { "m": ["AAD", "SharedKey"] },\n  "resources"');
    const dir = scratch({ "account.json": exampleExport, "t.json": fromVariable });
    const withFixes = await lintPaths([dir], { rules, cwd: dir, base: dir });
    const without = await lintPaths([dir], { rules, cwd: dir, base: dir, fixes: false });
    expect(withFixes.findings.filter((f) => f.fix).length).toBeGreaterThan(2);
    expect(withFixes.notes.some((n) => n.message.includes("no automatic fix"))).toBe(true);
    expect(without.findings.some((f) => f.fix)).toBe(false);
    expect(without.findings.map(({ fix: _fix, ...f }) => f)).toEqual(withFixes.findings.map(({ fix: _fix, ...f }) => f));
    expect(without.notes).toEqual(withFixes.notes.filter((n) => !n.message.includes("no automatic fix")));
    const json = JSON.parse(run([".", "-f", "json"], { cwd: dir }).stdout);
    expect(json.findings.filter((f: { fix?: unknown }) => f.fix).length).toBe(withFixes.findings.filter((f) => f.fix).length);
    expect(run([".", "--verbose"], { cwd: dir }).stdout).toContain("no automatic fix");
  });
});
