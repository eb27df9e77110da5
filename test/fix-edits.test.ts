/** Fix edits in-process: text edits that keep comments and layout, refusals, the fix loop, diffs (--fix through the CLI: fix.e2e.test.ts). */
import { describe, expect, test } from "vitest";
import { coreRules as rules } from "./cli-run.js";
import { lintText } from "../src/pipeline/run.js";
import { applyTextEdits, computeFix, fixLoop, unifiedDiff } from "../src/post/fix.js";
import { parseDocument } from "../src/parse/document.js";
import { Prop } from "../src/model/prop.js";
import { nodeFromValue } from "../src/model/tree.js";
import { modelState } from "../src/model/state.js";
import { RunContext } from "../src/context.js";
import { account, template } from "./cli-run.js";

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
    expect(computeFix(doc, { description: "d", edits: [{ op: "remove", at: { file: "other.parameters.json", pointer: "/parameters/x" } }] })).toEqual({
      refused: "the value is written in other.parameters.json, not in t.json, the file linted here",
    });
    const model = modelState(new RunContext());
    const evaluated = Prop.of(model, nodeFromValue(["AAD", "SharedKey"], { file: "t.json", pointer: "/resources/0/properties/x" }), "properties.x").items()[1]!;
    expect(computeFix(doc, { description: "d", edits: [{ op: "remove", at: evaluated }] })).toEqual({ refused: "properties.x[1] is computed by an ARM expression" });
    const fromParam = Prop.of(
      model,
      { t: "val", value: "Enabled", at: { file: "t.json", pointer: "/resources/0/properties/x/0" }, origins: [{ file: "t.json", pointer: "/parameters/p/defaultValue" }] },
      "properties.x[0]",
    );
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
