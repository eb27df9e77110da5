/**
 * Suppressions must be written literally (issue 19, item 8): a resource-metadata suppression computed by an ARM
 * expression hides from a reviewer which rule it silences, so it suppresses nothing and is reported as BATCH992.
 */
import { describe, expect, test } from "vitest";
import { coreRules as rules, template } from "./cli-run.js";
import { lintText } from "../src/pipeline/run.js";
import { SUPPRESSION_RULES } from "../src/post/suppress.js";

const all = [...rules, ...SUPPRESSION_RULES];
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");
const hidden = b64([{ rule: "BATCH001", justification: "looks fine" }]);

/** A shared-key account (BATCH001) with the given `metadata` member text and template variables. */
function account(metadata: string, extra = ""): string {
  return template(`    {
      "type": "Microsoft.Batch/batchAccounts",
      "apiVersion": "2024-07-01",
      "name": "acct",
      "location": "westeurope",${extra}
      "metadata": ${metadata},
      "properties": { "allowedAuthenticationModes": ["AAD", "SharedKey"] }
    }`).replace(
    '"contentVersion": "1.0.0.0",',
    `"contentVersion": "1.0.0.0",
  "variables": { "s": [{ "rule": "BATCH001", "justification": "v" }], "m": { "description": "no suppression here" } },`,
  );
}

const show = (text: string, opts: Record<string, unknown> = {}) =>
  lintText(text, "t.json", { rules: all, ...opts } as never).findings.map((f) => `${f.region.startLine}:${f.region.startColumn} ${f.ruleId}${f.suppression ? " (suppressed)" : ""} ${f.severity} ${f.message}`);

const finding = (path: string) => `${path} is an ARM expression: a suppression must be written literally, so this one suppresses nothing.`;

describe("a suppression computed by an expression suppresses nothing and is reported", () => {
  const cases: [string, string, string, string][] = [
    ["suppress list from base64", `{ "batchlint": { "suppress": "[json(base64ToString('${hidden}'))]" } }`, "metadata.batchlint.suppress", `"[json(`],
    ["whole metadata from base64", `"[json(base64ToString('${b64({ batchlint: { suppress: [{ rule: "BATCH001", justification: "x" }] } })}'))]"`, "metadata", `"[json(`],
    ["batchlint object from a variable", `{ "batchlint": "[createObject('suppress', variables('s'))]" }`, "metadata.batchlint", `"[createObject`],
    ["suppress list from a variable", `{ "batchlint": { "suppress": "[variables('s')]" } }`, "metadata.batchlint.suppress", `"[variables`],
    ["entry from a variable", `{ "batchlint": { "suppress": [ "[first(variables('s'))]" ] } }`, "metadata.batchlint.suppress[0]", `"[first`],
    ["rule id by concat", `{ "batchlint": { "suppress": [ { "rule": "[concat('BATCH', '001')]", "justification": "x" } ] } }`, "metadata.batchlint.suppress[0].rule", `"[concat`],
    ["rule name by toLower", `{ "batchlint": { "suppress": [ { "rule": "[toLower('SHARED-KEY-AUTH-DISABLED')]", "justification": "x" } ] } }`, "metadata.batchlint.suppress[0].rule", `"[toLower`],
    ["justification by expression", `{ "batchlint": { "suppress": [ { "rule": "BATCH001", "justification": "[variables('m').description]" } ] } }`, "metadata.batchlint.suppress[0].justification", `"[variables`],
    ["suppress list from a parameter without a value", `{ "batchlint": { "suppress": "[parameters('p')]" } }`, "metadata.batchlint.suppress", `"[parameters`],
  ];
  for (const [name, metadata, path, at] of cases) {
    test(name, () => {
      const text = account(metadata).replace('"resources": [', '"parameters": { "p": { "type": "array" } },\n  "resources": [');
      const r = lintText(text, "t.json", { rules: all });
      expect(r.errors).toEqual([]);
      const ids = r.findings.map((f) => `${f.ruleId}${f.suppression ? " (suppressed)" : ""}`).sort();
      expect(ids).toEqual(["BATCH001", "BATCH992"]);
      const f = r.findings.find((x) => x.ruleId === "BATCH992")!;
      expect(f.severity).toBe("error");
      expect(f.message).toBe(finding(path));
      // At the expression itself, so a reviewer sees what was written.
      const line = text.split("\n")[f.region.startLine - 1]!;
      expect(line.slice(f.region.startColumn - 1).startsWith(at), line).toBe(true);
    });
  }

  test("written literally, the same suppression still works, by id and by name", () => {
    expect(show(account(`{ "batchlint": { "suppress": [ { "rule": "BATCH001", "justification": "legacy client" } ] } }`))).toEqual([
      "12:61 BATCH001 (suppressed) error allowedAuthenticationModes includes 'SharedKey': shared key authentication is enabled.",
    ]);
    const byName = show(account(`{ "batchlint": { "suppress": [ { "rule": "shared-key-auth-disabled", "justification": "legacy client" } ] } }`));
    expect(byName.map((l) => l.split(" ").slice(1, 3).join(" "))).toEqual(["BATCH001 (suppressed)"]);
  });

  test("an escaped string ('[[...') is literal text, not an expression: an unknown rule, not BATCH992", () => {
    expect(show(account(`{ "batchlint": { "suppress": [ { "rule": "[[BATCH001]", "justification": "x" } ] } }`)).map((l) => l.split(" ").slice(1).join(" "))).toEqual([
      "BATCH991 warning suppression names unknown rule '[BATCH001]'.",
      "BATCH001 error allowedAuthenticationModes includes 'SharedKey': shared key authentication is enabled.",
    ]);
  });

  test("metadata computed by an expression without a batchlint member is ordinary metadata: no finding", () => {
    expect(show(account(`"[variables('m')]"`)).map((l) => l.split(" ")[1])).toEqual(["BATCH001"]);
    expect(show(account(`"[parameters('p')]"`).replace('"resources": [', '"parameters": { "p": { "type": "object" } },\n  "resources": [')).map((l) => l.split(" ")[1])).toEqual(["BATCH001"]);
  });

  test("a copied resource reports its expression once; BATCH992 is configurable but never makes the suppression count", () => {
    const text = account(`{ "batchlint": { "suppress": "[variables('s')]" } }`, `\n      "copy": { "name": "c", "count": 3 },`).replace('"name": "acct"', `"name": "[concat('acct', copyIndex())]"`);
    const r = lintText(text, "t.json", { rules: all });
    expect(r.findings.map((f) => `${f.ruleId}${f.suppression ? " (suppressed)" : ""}`).sort()).toEqual(["BATCH001", "BATCH001", "BATCH001", "BATCH992"]);
    const off = lintText(text, "t.json", { rules: all, settings: new Map([["BATCH992", { severity: "off" }]]) } as never);
    expect(off.findings.map((f) => `${f.ruleId}${f.suppression ? " (suppressed)" : ""}`)).toEqual(["BATCH001", "BATCH001", "BATCH001"]);
  });
});
