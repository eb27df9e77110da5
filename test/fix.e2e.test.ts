/** Fixes: text edits that keep comments and layout, refusals, the fix loop, --fix and --fix-dry-run, SARIF fixes. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { coreRules as rules } from "./cli-run.js";
import { lintText } from "../src/pipeline/run.js";
import { applyTextEdits } from "../src/post/fix.js";
import { repoRoot } from "./helpers.js";
import { exampleExport, run, scratch, template } from "./cli-run.js";

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
    const r = run(["account.json", "--fix-dry-run=-", "--rule", "BATCH004=off"], { cwd: dir });
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
    const text = `\uFEFF${fs.readFileSync(path.join(repoRoot, "examples/template-compliant.jsonc"), "utf8").replace('["AAD"]', '["AAD", "SharedKey"] /* was ["AAD"] */')}`;
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
