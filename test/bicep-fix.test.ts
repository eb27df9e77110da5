/**
 * Fixes of .bicep files (input/bicep/fix.ts through post/fix.ts) and rule text in Bicep syntax for findings in Bicep
 * (model/syntax.ts): each edit kind in one-line and multi-line forms, CRLF and tabs, refusals, the fixed text
 * re-linted; --fix through the CLI: bicep-fix.e2e.test.ts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules as allRules } from "../rules/index.js";
import { RunContext } from "../src/context.js";
import type { Finding } from "../src/engine/findings.js";
import { lintDocument } from "../src/engine/run.js";
import { parseBicepDoc } from "../src/input/bicep/read.js";
import { parseBicep } from "../src/input/bicep/parser.js";
import { bicepCodeSpans, bicepString, bicepValue, jsonSnippetToBicep } from "../src/model/syntax.js";
import { explainText, sarifDescriptor } from "../src/output/catalog.js";
import { github } from "../src/output/github.js";
import { html } from "../src/output/html.js";
import { junit } from "../src/output/junit.js";
import { sarif } from "../src/output/sarif.js";
import { stylish } from "../src/output/stylish.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { account } from "./cli-run.js";
import { fixPath, fixRules } from "./fix-helpers.js";

const rules = fixRules;
const { lint, fixRun } = fixPath("t.bicep");
const fixAll = (text: string, file?: string) => fixRun(text, file).output;
const fixed = (fs: readonly Finding[]) => fs.filter((f) => f.fix).map((f) => f.ruleId);

/** A Batch account declaration with the given `properties` body lines (two-space indented, as written). */
const acct = (props: string, nl = "\n") => ["resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {", "  name: 'acct'", "  location: 'westeurope'", props, "}", ""].join(nl);

/** A loaded Bicep document (its places registered), to ask its fixer directly. */
function loaded(text: string) {
  const ctx = new RunContext();
  const doc = parseBicepDoc(text, "t.bicep", ctx, "bicep");
  lintDocument(ctx, doc, { rules: [] });
  return doc;
}

describe("remove", () => {
  test("from a one-line array: the item and its separating comma", () => {
    const text = acct("  properties: {\n    allowedAuthenticationModes: ['AAD', 'SharedKey', 'TaskAuthenticationToken']\n    publicNetworkAccess: 'Disabled'\n  }");
    const out = fixAll(text);
    expect(out).toBe(text.replace("['AAD', 'SharedKey', 'TaskAuthenticationToken']", "['AAD']"));
    expect(lint(out).findings).toEqual([]);
    const first = acct("  properties: {\n    allowedAuthenticationModes: [ 'SharedKey', 'AAD' ]\n    publicNetworkAccess: 'Disabled'\n  }");
    expect(fixAll(first)).toBe(first.replace("[ 'SharedKey', 'AAD' ]", "[ 'AAD' ]"));
  });

  test("from a multi-line array: whole lines, a trailing comment with its line, the comma before a last item", () => {
    const text = acct("  properties: {\n    allowedAuthenticationModes: [\n      'SharedKey' // legacy\n      // Entra ID\n      'AAD',\n      'TaskAuthenticationToken'\n    ]\n    publicNetworkAccess: 'Disabled'\n  }");
    const out = fixAll(text);
    expect(out).toBe(acct("  properties: {\n    allowedAuthenticationModes: [\n      // Entra ID\n      'AAD'\n    ]\n    publicNetworkAccess: 'Disabled'\n  }"));
    expect(lint(out).findings).toEqual([]);
  });

  test("an object property: its lines (multi-line), or itself and a comma (one line)", () => {
    const text = acct("  properties: {\n    allowedAuthenticationModes: ['AAD']\n    publicNetworkAccess: 'Disabled'\n    networkProfile: {\n      accountAccess: {\n        defaultAction: 'Deny'\n      }\n    }\n  }");
    expect(fixAll(text)).toBe(acct("  properties: {\n    allowedAuthenticationModes: ['AAD']\n    publicNetworkAccess: 'Disabled'\n  }"));
    const one = acct("  properties: { allowedAuthenticationModes: ['AAD'], networkProfile: { accountAccess: { defaultAction: 'Deny' } }, publicNetworkAccess: 'Disabled' }");
    expect(fixAll(one)).toBe(acct("  properties: { allowedAuthenticationModes: ['AAD'], publicNetworkAccess: 'Disabled' }"));
  });

  test("in a resource loop (one edit for every instance) and under a condition", () => {
    const text =
      "resource accts 'Microsoft.Batch/batchAccounts@2024-07-01' = [for n in ['a', 'b']: {\n  name: n\n  location: 'westeurope'\n  properties: {\n    allowedAuthenticationModes: ['AAD', 'SharedKey']\n    publicNetworkAccess: 'Disabled'\n  }\n}]\n";
    expect(lint(text).findings.filter((f) => f.ruleId === "BATCH001")).toHaveLength(2);
    const out = fixAll(text);
    expect(out).toBe(text.replace("['AAD', 'SharedKey']", "['AAD']"));
    expect(lint(out).findings).toEqual([]);
    const conditional = `param deploy bool\n${acct("  properties: {\n    allowedAuthenticationModes: ['SharedKey', 'AAD']\n    publicNetworkAccess: 'Disabled'\n  }").replace("= {", "= if (deploy) {")}`;
    expect(fixAll(conditional)).toBe(conditional.replace("['SharedKey', 'AAD']", "['AAD']"));
  });
});

describe("replace and set", () => {
  test("replace a literal string (BATCH005 with fixToDisabled)", () => {
    const text = acct("  properties: {\n    allowedAuthenticationModes: ['AAD']\n    publicNetworkAccess: 'Enabled' // was open\n  }");
    expect(fixAll(text)).toBe(text.replace("'Enabled'", "'Disabled'"));
  });

  test("set a missing property: a line after the last one, one-line objects, and an empty {} opened up", () => {
    const multi = acct("  properties: {\n    allowedAuthenticationModes: ['AAD'] // Entra ID only\n  }");
    const out = fixAll(multi);
    expect(out).toBe(acct("  properties: {\n    allowedAuthenticationModes: ['AAD'] // Entra ID only\n    publicNetworkAccess: 'Disabled'\n  }"));
    expect(lint(out).findings).toEqual([]);
    const one = acct("  properties: { allowedAuthenticationModes: ['AAD'] }");
    expect(fixAll(one)).toBe(acct("  properties: { allowedAuthenticationModes: ['AAD'], publicNetworkAccess: 'Disabled' }"));
    const comma = acct("  properties: { allowedAuthenticationModes: ['AAD'], }");
    expect(fixAll(comma)).toBe(acct("  properties: { allowedAuthenticationModes: ['AAD'], publicNetworkAccess: 'Disabled', }"));
    const doc = loaded(acct("  properties: {}"));
    expect(doc.fixer.edits({ op: "set", pointer: "/resources/acct/properties", key: "publicNetworkAccess", value: "Disabled" })).toEqual({
      edits: [{ offset: doc.text.indexOf("{}"), length: 2, content: "{\n    publicNetworkAccess: 'Disabled'\n  }" }],
    });
  });

  test("arrays and objects written one-line where the value was, else a line per element; keys quoted when not identifiers", () => {
    const text = acct("  properties: {\n    allowedAuthenticationModes: ['SharedKey']\n    poolAllocationMode: [\n      'x'\n    ]\n    tags: {}\n  }");
    const doc = loaded(text);
    const edit = (pointer: string, value: unknown) => {
      const r = doc.fixer.edits({ op: "replace", pointer, value });
      if (!("edits" in r)) throw new Error(r.refused);
      return r.edits[0]!.content;
    };
    expect(edit("/resources/acct/properties/allowedAuthenticationModes", ["AAD", "x"])).toBe("['AAD', 'x']");
    expect(edit("/resources/acct/properties/poolAllocationMode", ["AAD", { a: 1 }])).toBe("[\n      'AAD'\n      {\n        a: 1\n      }\n    ]");
    const r = doc.fixer.edits({ op: "set", pointer: "/resources/acct/properties", key: "my-key", value: { "odd key": true, ok: null } });
    expect(r).toEqual({ edits: [{ offset: doc.text.indexOf("\n  }"), length: 0, content: "\n    'my-key': {\n      'odd key': true\n      ok: null\n    }" }] });
  });

  test("CRLF: edits keep the file's line breaks", () => {
    const text = acct("  properties: {\r\n    allowedAuthenticationModes: [\r\n      'AAD'\r\n      'SharedKey'\r\n    ]\r\n  }", "\r\n");
    const out = fixAll(text);
    expect(out).toBe(acct("  properties: {\r\n    allowedAuthenticationModes: [\r\n      'AAD'\r\n    ]\r\n    publicNetworkAccess: 'Disabled'\r\n  }", "\r\n"));
    expect(out.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  test("tabs: a new line is indented as its siblings, an opened {} with the file's tab", () => {
    const text = "resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {\n\tname: 'acct'\n\tproperties: {\n\t\tallowedAuthenticationModes: ['AAD']\n\t}\n}\n";
    expect(fixAll(text)).toBe(text.replace("['AAD']\n", "['AAD']\n\t\tpublicNetworkAccess: 'Disabled'\n"));
    const doc = loaded("resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {\n\tname: 'acct'\n\tproperties: {}\n}\n");
    expect(doc.fixer.edits({ op: "set", pointer: "/resources/acct/properties", key: "a", value: [1] })).toMatchObject({ edits: [{ content: "{\n\t\ta: [\n\t\t\t1\n\t\t]\n\t}" }] });
  });

  test("strings are written with Bicep's escapes, and read back as they were", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
    const s = "it's ${x} \\ \n\r\t $ done\u0001";
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
    expect(bicepString(s)).toBe("'it\\'s \\${x} \\\\ \\n\\r\\t $ done\\u{1}'");
    const decl = parseBicep(`var v = ${bicepString(s)}\n`).decls[0]!;
    expect(decl.kind === "var" && decl.value.k === "str" && decl.value.holes.length === 0 && decl.value.parts[0]).toBe(s);
    expect(bicepValue(1.5, { multiline: false, indent: "", unit: "  ", newline: "\n" })).toBeUndefined();
  });
});

describe("refused", () => {
  test("a value from a parameter or a variable, or computed by an expression (interpolation): reported, never edited", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
    const text = `param modes array = ['AAD', 'SharedKey']\nparam suffix string = 'abled'\n${acct("  properties: {\n    allowedAuthenticationModes: modes\n    publicNetworkAccess: 'En${suffix}'\n  }")}`;
    const r = lint(text);
    expect(r.findings.map((f) => f.ruleId).sort()).toEqual(["BATCH001", "BATCH005"]);
    expect(fixed(r.findings)).toEqual([]);
    // BATCH005 offers no fix for an evaluated value.
    expect(r.notes.map((n) => n.message)).toEqual(["BATCH001: no automatic fix: properties.allowedAuthenticationModes[1] comes from a parameter or variable"]);
    expect(r.findings.find((f) => f.ruleId === "BATCH005")?.message).toContain("(evaluated)");
    const fromVar = lint(`var modes = ['AAD', 'SharedKey']\n${acct("  properties: {\n    allowedAuthenticationModes: modes\n    publicNetworkAccess: 'Disabled'\n  }")}`);
    expect(fixed(fromVar.findings)).toEqual([]);
    expect(fromVar.notes.map((n) => n.message)).toEqual(["BATCH001: no automatic fix: properties.allowedAuthenticationModes[1] comes from a parameter or variable"]);
  });

  test("a value computed by an expression", () => {
    const r = lint(acct("  properties: {\n    allowedAuthenticationModes: concat(['AAD'], ['SharedKey'])\n    publicNetworkAccess: 'Disabled'\n  }"));
    expect(r.findings.map((f) => f.ruleId)).toEqual(["BATCH001"]);
    expect(r.notes.map((n) => n.message)).toEqual(["BATCH001: no automatic fix: properties.allowedAuthenticationModes[1] is computed by a Bicep expression"]);
  });

  test("what the fixer cannot write as a literal", () => {
    const text = `var base = {}\n${acct("  properties: {\n    a: '''\n    multi\n    '''\n    b: toLower('X')\n    c: base\n    d: { ...base, e: 1 }\n    f: { e: 1, ...base }\n  }")}`;
    const doc = loaded(text);
    const refusal = (op: "replace" | "set", pointer: string, value: unknown = "v") => {
      const r = doc.fixer.edits(op === "set" ? { op, pointer, key: "k", value } : { op, pointer, value });
      return "refused" in r ? r.refused : "no refusal";
    };
    expect(refusal("replace", "/resources/acct/properties/a")).toBe("the value is a multi-line ''' string");
    expect(refusal("replace", "/resources/acct/properties/b")).toBe("the value is an expression");
    expect(refusal("replace", "/resources/acct/properties/c")).toBe("the value is a reference to 'base'");
    expect(doc.fixer.edits({ op: "remove", pointer: "/resources/acct/properties/d/e" })).toEqual({ refused: "a spread (...) before property e may set it too" });
    expect(doc.fixer.edits({ op: "set", pointer: "/resources/acct/properties/f", key: "E", value: 2 })).toEqual({ refused: "a spread (...) after property e may set it too" });
    // A new property goes after every spread: it wins.
    expect(doc.fixer.edits({ op: "set", pointer: "/resources/acct/properties/d", key: "g", value: 2 })).toMatchObject({ edits: [{ content: ", g: 2" }] });
    expect(refusal("set", "/resources/acct/properties/b")).toBe("'set' needs an object literal at /resources/acct/properties/b");
    expect(refusal("replace", "/resources/acct/properties/nothere")).toBe("nothing written at /resources/acct/properties/nothere");
    expect(refusal("set", "/resources/acct/properties", 1.5)).toBe("Bicep has no literal for the new value (its numbers are integers)");
    expect(doc.fixer.edits({ op: "remove", pointer: "/resources/acct/name" })).toMatchObject({ edits: [{ content: "" }] });
  });

  test("a module's values and a .bicepparam's template: another file, never edited", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-bicep-fix-"));
    try {
      fs.writeFileSync(path.join(dir, "mod.bicep"), acct("  properties: {\n    allowedAuthenticationModes: ['AAD', 'SharedKey']\n    publicNetworkAccess: 'Disabled'\n  }"));
      fs.writeFileSync(path.join(dir, "main.bicep"), "module m './mod.bicep' = {\n  name: 'm'\n}\n");
      fs.writeFileSync(path.join(dir, "main.bicepparam"), "using './mod.bicep'\n");
      const r = await lintPaths(["main.bicep", "main.bicepparam"], { rules, cwd: dir, base: dir });
      const b001 = r.findings.filter((f) => f.ruleId === "BATCH001");
      expect(b001.map((f) => f.file)).toEqual(["mod.bicep"]);
      expect(fixed(b001)).toEqual([]);
      expect(r.notes.filter((n) => n.message.includes("no automatic fix")).map((n) => `${n.file} ${n.message}`)).toEqual([
        "mod.bicep BATCH001: no automatic fix: the value is written in mod.bicep, not in main.bicep, the file linted here",
        "mod.bicep BATCH001: no automatic fix: the value is written in mod.bicep, not in main.bicepparam, the file linted here",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("rule text in Bicep syntax for a finding in Bicep", () => {
  test("JSON snippets in code spans become Bicep; paths, expressions and prose stay", () => {
    expect(bicepCodeSpans('Set `properties.allowedAuthenticationModes` to `["AAD"]`.')).toBe("Set `properties.allowedAuthenticationModes` to `['AAD']`.");
    expect(jsonSnippetToBicep('"publicNetworkAccess": "Disabled"')).toBe("publicNetworkAccess: 'Disabled'");
    expect(jsonSnippetToBicep('{ "defaultAction": "Deny", "ipRules": [ ... ] }')).toBe("{ defaultAction: 'Deny', ipRules: [ ... ] }");
    expect(jsonSnippetToBicep('logs: [{ "categoryGroup": "allLogs", "enabled": true }]')).toBe("logs: [{ categoryGroup: 'allLogs', enabled: true }]");
    expect(jsonSnippetToBicep('{ "odd-key": "it\'s" }')).toBe("{ 'odd-key': 'it\\'s' }");
    for (const same of ["[toLower(format('{0}batch', parameters('prefix')))]", "ipRules[].value", "{}", "https://<vault>.vault.azure.net/keys/<name>[/<version>]", '"x": 1.5'])
      expect(jsonSnippetToBicep(same)).toBeUndefined();
    // Each code span of a built-in remediation that changes is Bicep: a value, or `key: value` inside an object.
    let changed = 0;
    for (const r of allRules) {
      const before = r.meta.docs.remediation.split("`");
      const after = bicepCodeSpans(r.meta.docs.remediation).split("`");
      expect(after.length).toBe(before.length);
      for (let i = 1; i < after.length; i += 2) {
        if (after[i] === before[i]) continue;
        changed++;
        const code = after[i]!.replaceAll("...", "");
        expect(() => parseBicep(`var v = ${/^\w+:/.test(code) ? `{ ${code} }` : code}\n`), `${r.meta.id}: ${code}`).not.toThrow();
      }
    }
    expect(changed).toBeGreaterThanOrEqual(12);
  });

  const text = acct("  properties: {\n    publicNetworkAccess: 'Disabled'\n  }");
  const fmt = { rules: allRules, base: process.cwd(), color: false };

  test("a Bicep finding says so; its help (stylish, SARIF rule help, HTML) names Bicep syntax; a JSON finding's is unchanged", () => {
    const bicep = lintText(text, "t.bicep", { rules });
    const json = lintText(account("acct", { publicNetworkAccess: "Disabled" }), "a.json", { rules });
    expect(bicep.findings.map((f) => [f.ruleId, f.syntax])).toEqual([["BATCH001", "bicep"]]);
    expect(json.findings.map((f) => [f.ruleId, f.syntax])).toEqual([["BATCH001", undefined]]);
    expect(stylish(bicep, fmt)).toContain("help: Set `properties.allowedAuthenticationModes` to `['AAD']` (apiVersion");
    expect(stylish(json, fmt)).toContain('help: Set `properties.allowedAuthenticationModes` to `["AAD"]` (apiVersion');
    const rule = allRules.find((r) => r.meta.id === "BATCH001")!;
    const sarifRules = (r: typeof bicep) => JSON.parse(sarif(r, fmt)).runs[0].tool.driver.rules;
    expect(sarifRules(json)).toEqual(allRules.map((x) => sarifDescriptor(x)));
    const withBicep = sarifRules(bicep).find((d: { id: string }) => d.id === "BATCH001");
    expect(withBicep.help.text).toContain("\n\nHow to fix in Bicep: Set `properties.allowedAuthenticationModes` to `['AAD']`");
    expect(withBicep.help.markdown).toContain("**How to fix in Bicep**: Set `properties.allowedAuthenticationModes` to `['AAD']`");
    // Rules whose remediation has no JSON snippet have no Bicep form.
    expect(sarifRules(bicep).find((d: { id: string }) => d.id === "BATCH002").help).toEqual(sarifDescriptor(allRules.find((r) => r.meta.id === "BATCH002")!).help);
    expect(html(bicep, fmt)).toContain("<p>In Bicep: Set `properties.allowedAuthenticationModes` to `[&#39;AAD&#39;]`");
    expect(html(json, fmt)).not.toContain("In Bicep");
    expect(explainText(rule)).toContain("How to fix in Bicep: Set `properties.allowedAuthenticationModes` to `['AAD']`");
    expect(github(bicep, fmt)).toContain("['AAD']");
    expect(junit(bicep, fmt)).toContain("[&apos;AAD&apos;]");
  });
});
