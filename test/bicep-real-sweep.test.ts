/**
 * Gaps found by sweeping real Bicep files (Azure/bicep-registry-modules, Azure/azure-quickstart-templates): each a
 * minimal reproduction of a valid construct that the reader must accept (never exit 2) and evaluate, or leave unknown.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import type { Finding } from "../src/engine/findings.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const run = (text: string, name = "sweep.bicep") => lintText(text, name, { rules, cwd: repoRoot, base: repoRoot });
const of = (r: { findings: readonly Finding[] }, id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.region.startLine}:${f.region.startColumn} ${f.message}`);

describe("Bicep constructs seen in real files", () => {
  test("typed lambda parameters, `(x int) => ...`, parse and evaluate like untyped ones", () => {
    const text = [
      "var modes = map(['aad', 'sharedkey'], (m string) => toUpper(m))",
      "var pairs = reduce([1, 2], 0, (acc int, n int) => acc + n)",
      "var kept = filter(modes, (m string) => m != 'AAD')",
      "resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
      "  name: 'acct${pairs}'",
      "  location: 'westeurope'",
      "  properties: { allowedAuthenticationModes: kept }",
      "}",
    ].join("\n");
    const r = run(text);
    expect(r.errors).toEqual([]);
    expect(of(r, "BATCH001")).toEqual([`7:45 allowedAuthenticationModes includes 'SHAREDKEY' (evaluates to ["SHAREDKEY"]): shared key authentication is enabled.`]);
  });

  test("a .bicepparam that `extends` a base file: accepted; what the base may set (and `base`) is unknown", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bicep-extends-"));
    try {
      const main = [
        "param modes array = [ 'SharedKey' ]",
        "param access string = 'Enabled'",
        "param tags object = {}",
        "resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
        "  name: 'acct'",
        "  location: 'westeurope'",
        "  tags: tags",
        "  properties: { allowedAuthenticationModes: modes, publicNetworkAccess: access }",
        "}",
      ].join("\n");
      writeFileSync(path.join(dir, "main.bicep"), main);
      writeFileSync(path.join(dir, "base.bicepparam"), "using none\nparam modes = [ 'AAD' ]\nparam tags = { env: 'dev' }\n");
      writeFileSync(path.join(dir, "derived.bicepparam"), "using 'main.bicep'\nextends 'base.bicepparam'\n\nparam access = 'Disabled'\nparam tags = {\n  ...base.tags\n  env: 'prod'\n}\n");
      const r = await lintPaths([path.join(dir, "derived.bicepparam")], { rules, cwd: dir, base: dir });
      expect(r.errors).toEqual([]);
      // `modes` may come from the base file: its default ('SharedKey') is not said to apply.
      expect(of(r, "BATCH001")).toEqual([]);
      expect(of(r, "BATCH005")).toEqual([]);
      expect(r.notes.some((n) => n.message.includes("extends is not read"))).toBe(true);
      // A file that only extends, with no `using`: still parsed, not an error.
      const only = lintText("using none\nextends './base.bicepparam'\nparam x = base.y\n", "only.bicepparam", { rules, cwd: repoRoot, base: repoRoot });
      expect(only.errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a resource-typed parameter, `param x resource 'T@v'` (as outputs already are): accepted, its value unknown", () => {
    const text = [
      "param store resource 'Microsoft.Storage/storageAccounts@2023-01-01'",
      "resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
      "  name: 'acct'",
      "  location: 'westeurope'",
      "  properties: { allowedAuthenticationModes: [ 'AAD' ], autoStorage: { storageAccountId: store.id, authenticationMode: store.properties.mode } }",
      "}",
      "output same resource 'Microsoft.Storage/storageAccounts@2023-01-01' = store",
    ].join("\n");
    const r = run(text);
    expect(r.errors).toEqual([]);
    expect(of(r, "BATCH015")).toEqual([]);
  });

  test("a user-defined function whose body starts on the line after `=>`, with nullable typed parameters", () => {
    const text = [
      "func bounded(value string, maximum int?) string =>",
      "  maximum == null ? value : take(value, max(0, maximum!))",
      "func shout(value string) string =>",
      "  toUpper(value)",
      "resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
      "  name: bounded('acct-long-name', 4)",
      "  location: 'westeurope'",
      "  properties: { allowedAuthenticationModes: [ shout('sharedKey') ] }",
      "}",
    ].join("\n");
    const r = run(text);
    expect(r.errors).toEqual([]);
    expect(of(r, "BATCH001")).toEqual(["8:47 allowedAuthenticationModes includes 'SHAREDKEY': shared key authentication is enabled."]);
    expect(r.findings.filter((f) => f.ruleId === "BATCH019")).toEqual([]);
  });

  test("loadJsonContent(path, 'resources'): a JSONPath without its `$` selects, in an imported file as well", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bicep-jsonpath-"));
    try {
      writeFileSync(path.join(dir, "modes.json"), JSON.stringify({ resources: { modes: ["SharedKey"] } }));
      writeFileSync(path.join(dir, "catalog.bicep"), "@export()\nvar catalog = shallowMerge([\n  loadJsonContent('./modes.json', 'resources')\n])\n");
      const main = [
        "import { catalog } from './catalog.bicep'",
        "resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
        "  name: 'acct'",
        "  location: 'westeurope'",
        "  properties: { allowedAuthenticationModes: catalog.modes, publicNetworkAccess: 'Disabled' }",
        "}",
      ].join("\n");
      writeFileSync(path.join(dir, "main.bicep"), main);
      const r = await lintPaths([path.join(dir, "main.bicep")], { rules, cwd: dir, base: dir });
      expect(r.errors).toEqual([]);
      expect(r.findings.filter((f) => f.ruleId === "BATCH001").map((f) => f.message)).toEqual([`allowedAuthenticationModes includes 'SharedKey' (evaluates to ["SharedKey"]): shared key authentication is enabled.`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a note about an unknown value is placed at line:column of its file (an imported one too), not at a raw offset", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bicep-noteplace-"));
    try {
      writeFileSync(path.join(dir, "modes.json"), JSON.stringify({ resources: { modes: ["AAD"] } }));
      writeFileSync(path.join(dir, "catalog.bicep"), "@export()\nvar catalog = {\n  all: loadJsonContent('./modes.json', '$..modes')\n}\n");
      const main = [
        "import { catalog } from './catalog.bicep'",
        "resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
        "  name: 'acct'",
        "  location: 'westeurope'",
        "  properties: { allowedAuthenticationModes: catalog.all, publicNetworkAccess: 'Disabled' }",
        "}",
      ].join("\n");
      writeFileSync(path.join(dir, "main.bicep"), main);
      const r = await lintPaths([path.join(dir, "main.bicep")], { rules, cwd: dir, base: dir });
      expect(r.errors).toEqual([]);
      expect(of(r, "BATCH001")).toEqual([]);
      const notes = r.notes.filter((n) => n.message.includes("loadJsonContent")).map((n) => `${path.basename(n.file)} ${n.message}`);
      expect(notes).toEqual(["catalog.bicep 3:8: loadJsonContent(): the path filter '$..modes' is beyond the simple paths batchlint reads ($.a.b, $.a[0]); its value is unknown"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
