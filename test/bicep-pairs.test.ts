/**
 * Bicep against its compiled template, construct by construct: each folder of test/fixtures/bicep/pairs/ holds a
 * main.bicep (with the modules or files it reads) and main.json, that Bicep compiled by hand the way the Bicep CLI
 * compiles it (ARM expressions, copy loops, conditions, nested deployments, languageVersion 2.0 where the compiler
 * emits it). Both are linted in-process and must agree:
 *
 * - the same findings, as a multiset of (rule, resource label, message), but for the differences listed in
 *   DIFFERENCES, each with its reason;
 * - every finding of the Bicep side in a .bicep file of the folder, on the line a `// expect: RULE` comment marks
 *   (`RULE*N` for N findings, `// expect-next-line: RULE` above a line that cannot hold a comment): findings land
 *   where a person edits;
 * - no error (what makes the CLI exit 2) on either side.
 *
 * The folder list is CONSTRUCTS below; a folder added or removed without it fails the test.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import type { Finding, LintResult } from "../src/engine/findings.js";
import { type LintOptions, lintPaths, lintText } from "../src/pipeline/run.js";
import { markerRules, minus, repoRoot } from "./helpers.js";

const dir = "test/fixtures/bicep/pairs";

/** Each folder and the construct its findings depend on (the file's own header comment says how). */
const CONSTRUCTS: Record<string, string> = {
  access: "property and index access: `.x`, `['x']`, `[0]`, `[^1]`, `[?5]`",
  bicepparam: "a .bicepparam against an ARM parameters file (a Key Vault secret in both)",
  "child-resources": "child resources: nested, `parent:`, `::`",
  conditions: "`if (...)`: false, unknown and true conditions",
  decorators: "decorators: @secure(), @sys.description, @minLength, @allowed, @batchSize",
  existing: "`existing` (languageVersion 2.0 `existing: true`), its pools nested and by `parent:`",
  functions: "user-defined functions (`func`, the `__bicep` namespace)",
  "import-local": "`import { a, b as c, f } from` a local file: its exported variables (built from its own) and functions",
  "import-registry": "`import ... from` a registry: unknown",
  lambdas: "lambdas: filter, map, sort, reduce, toObject",
  "load-functions": "loadJsonContent, loadTextContent, loadFileAsBase64",
  loops: "`[for ...]` with an index: resource, property and variable loops",
  modules: "local modules followed with their parameters, `scope:`, a module loop",
  namespaces: "the `sys.` and `az.` namespaces",
  nullable: "nullable types `?`, `.?`, `??`, `!`",
  operators: "ternaries and operators",
  "params-vars": "parameters with defaults, variables",
  refs: "symbolic references: `res.id`, `res.name` known, `res.properties.x` unknown",
  spread: "spread `...` in objects and arrays",
  strings: "interpolation and multi-line `'''` strings",
  "target-scope": "`targetScope = 'subscription'`, a module scoped to a resource group it creates",
  types: "user-defined types, `resourceInput<>`/`resourceOutput<>` (languageVersion 2.0)",
};

/** Options a pair needs on both sides, beyond the rules. */
const OPTIONS: Record<string, Partial<LintOptions>> = {
  // A resource id is known only in a known subscription and resource group (src/input/bicep/refs.ts, resourceId()).
  refs: { deployment: { subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "batch-rg" } },
};

/**
 * The findings allowed on one side only (`RULE label: message`), and why. Nothing else may differ.
 */
const DIFFERENCES: Record<string, { why: string; onlyBicep?: string[]; onlyJson?: string[] }> = {
  "import-registry": {
    why: "batchlint does not fetch a registry: what `import` takes from one is unknown, and decides nothing; the Bicep CLI fetched the file and inlined its values into the compiled template, which reports them.",
    onlyJson: [
      `BATCH001 importacct: allowedAuthenticationModes includes 'SharedKey' (evaluates to ["AAD","SharedKey"]): shared key authentication is enabled.`,
      "BATCH005 importacct: publicNetworkAccess is 'Enabled' (evaluated): the account is reachable from the public internet.",
      "BATCH006 importacct: public network access is enabled and networkProfile is not set, so the account endpoint accepts traffic from any address.",
      "BATCH008 importacct: nodeManagementAccess is not set while public network access is enabled: the node management endpoint accepts any address.",
    ],
  },
  refs: {
    why:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
      "Bicep evaluates an interpolated key (`'${uai.id}': {}`), the ARM reader keeps an expression key as written " +
      "(`\"[format('{0}', resourceId(...))]\": {}`, rules/BATCH111.ts): the pool's identity is known only on the Bicep side.",
    onlyBicep: [
      "BATCH111 refsacct/refsacctpool: identityReference '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/batch-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other-identity' is not among the pool's user-assigned identities.",
    ],
  },
  spread: {
    why: "`publicNetworkAccess: 'Enabled'` after `...base` is a literal in Bicep; the compiler makes the whole object one shallowMerge() expression, whose members the message calls evaluated.",
    onlyBicep: ["BATCH005 openedacct: publicNetworkAccess is 'Enabled': the account is reachable from the public internet."],
    onlyJson: ["BATCH005 openedacct: publicNetworkAccess is 'Enabled' (evaluated): the account is reachable from the public internet."],
  },
};

const folders = fs
  .readdirSync(path.join(repoRoot, dir), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const key = (f: Finding) => `${f.ruleId} ${f.resource.label}: ${f.message}`;

/** `file:line RULE` for each finding the `// expect:` comments of the folder's .bicep files announce. */
function markers(folder: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(path.join(repoRoot, folder)).sort()) {
    if (!name.endsWith(".bicep")) continue;
    const file = `${folder}/${name}`;
    fs.readFileSync(path.join(repoRoot, file), "utf8")
      .split("\n")
      .forEach((text, i) => {
        const m = /\/\/ expect(-next-line)?: ((?:BATCH\d{3}(?:\*\d+)?\s*)+)/.exec(text);
        if (!m) return;
        const line = i + 1 + (m[1] ? 1 : 0);
        for (const rule of markerRules(m[2]!)) out.push(`${file}:${line} ${rule}`);
      });
  }
  return out.sort();
}

async function lintPair(folder: string): Promise<{ bicep: LintResult; json: LintResult }> {
  const abs = (f: string) => path.join(repoRoot, folder, f);
  const options: LintOptions = { rules, cwd: repoRoot, base: repoRoot, ...OPTIONS[path.basename(folder)] };
  // A .bicepparam is linted (with its template); the compiled template with the parameters file built from it.
  const entry = fs.existsSync(abs("main.bicepparam")) ? "main.bicepparam" : "main.bicep";
  const parameterFiles = fs.existsSync(abs("main.parameters.json")) ? [abs("main.parameters.json")] : [];
  const bicep = await lintPaths([`${folder}/${entry}`], options);
  const json = await lintPaths([`${folder}/main.json`], { ...options, parameterFiles });
  // (c) Neither side is an error (exit 2); each is linted, on its own.
  expect(bicep.errors, "errors of the Bicep side").toEqual([]);
  expect(json.errors, "errors of the JSON side").toEqual([]);
  expect(bicep.files).toEqual([`${folder}/${entry}`]);
  expect(json.files).toEqual([`${folder}/main.json`]);
  return { bicep, json };
}

describe("Bicep and compiled JSON pairs", () => {
  test("every folder is a listed construct with a main.bicep and a main.json", () => {
    expect(folders).toEqual(Object.keys(CONSTRUCTS).sort());
    for (const f of folders) for (const file of ["main.bicep", "main.json"]) expect(fs.existsSync(path.join(repoRoot, dir, f, file)), `${f}/${file}`).toBe(true);
  });

  test.each(folders)("%s: the same findings, the Bicep ones on the lines marked", async (name) => {
    const folder = `${dir}/${name}`;
    const { bicep, json } = await lintPair(folder);
    // (a) The same findings, but for the differences explained above.
    const b = bicep.findings.map(key).sort();
    const j = json.findings.map(key).sort();
    const allowed = DIFFERENCES[name];
    expect(minus(b, j), "only in the Bicep findings").toEqual([...(allowed?.onlyBicep ?? [])].sort());
    expect(minus(j, b), "only in the JSON findings").toEqual([...(allowed?.onlyJson ?? [])].sort());
    // (b) Every Bicep finding in a .bicep of the folder, on its marked line.
    expect(bicep.findings.map((f) => `${f.file}:${f.region.startLine} ${f.ruleId}`).sort()).toEqual(markers(folder));
    // A pair is about its construct: some finding (of either side: an unknown import gives none on the Bicep one)
    // other than the ones most resources get (no diagnostic setting, Microsoft-managed key, a pool's public IP and subnet).
    expect([...bicep.findings, ...json.findings].some((f) => !["BATCH009", "BATCH021", "BATCH107", "BATCH108"].includes(f.ruleId))).toBe(true);
  });

  test("the test fails on a pair that disagrees or a finding off its marked line", async () => {
    // The check above, on a copy of a pair read as text: the JSON side says SharedKey, the Bicep side does not.
    const folder = `${dir}/params-vars`;
    const text = fs.readFileSync(path.join(repoRoot, folder, "main.bicep"), "utf8");
    const changed = lintText(text.replace("param allowShared bool = true", "param allowShared bool = false"), `${folder}/main.bicep`, { rules, cwd: repoRoot, base: repoRoot });
    const { json } = await lintPair(folder);
    expect(minus(json.findings.map(key), changed.findings.map(key))).toEqual([
      `BATCH001 paramsacct: allowedAuthenticationModes includes 'SharedKey' (evaluates to ["AAD","SharedKey"]): shared key authentication is enabled.`,
    ]);
    const lines = changed.findings.map((f) => `${f.file}:${f.region.startLine} ${f.ruleId}`).sort();
    expect(lines).not.toEqual(markers(folder));
  });
});

describe("Bicep evaluation bugs the pairs found", () => {
  const run = (text: string) => lintText(text, "pair.bicep", { rules, cwd: repoRoot, base: repoRoot });
  const at = (r: LintResult, id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.region.startLine}:${f.region.startColumn} ${f.resource.label}`);
  const account = (name: string, modes: string) =>
    [
      `resource ${name} 'Microsoft.Batch/batchAccounts@2024-07-01' = {`,
      `  name: '${name}'`,
      "  location: 'westeurope'",
      "  properties: {",
      `    allowedAuthenticationModes: ${modes}`,
      "    publicNetworkAccess: 'Disabled'",
      "  }",
      "}",
    ].join("\n");

  test("`x[^n]` reads from the end (indexFromEnd), `x[?^n]` safely (tryIndexFromEnd); it was a syntax error", () => {
    const text = ["var sets = [", "  [ 'AAD' ]", "  [ 'AAD', 'SharedKey' ]", "]", account("last", "sets[^1]"), account("first", "sets[^2]"), account("beyond", "sets[?^3] ?? [ 'TaskAuthenticationToken' ]")].join("\n");
    const r = run(text);
    expect(r.errors).toEqual([]);
    expect(at(r, "BATCH001")).toEqual(["9:33 last"]);
    expect(at(r, "BATCH002")).toEqual(["25:33 beyond"]);
  });

  test("members of an object with a spread land where they are written; a spread member at its `...`", () => {
    const text = [
      "param more object",
      "var base = {",
      "  allowedAuthenticationModes: [ 'SharedKey' ]",
      "  publicNetworkAccess: 'Disabled'",
      "}",
      "resource late 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
      "  name: 'late'",
      "  location: 'westeurope'",
      "  properties: {",
      "    ...base",
      "    publicNetworkAccess: 'Enabled'",
      "  }",
      "}",
      "resource unknown 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
      "  name: 'unknown'",
      "  location: 'westeurope'",
      "  properties: {",
      "    allowedAuthenticationModes: [ 'SharedKey' ]",
      "    ...more",
      "  }",
      "}",
    ].join("\n");
    const r = run(text);
    expect(r.errors).toEqual([]);
    // The SharedKey of `base` at `...base`, related to the variable; the later 'Enabled' at its own line, wins.
    expect(at(r, "BATCH001")).toEqual(["10:5 late"]);
    expect(r.findings.find((f) => f.ruleId === "BATCH001")!.related.map((x) => `${x.region.startLine} ${x.message}`)).toEqual(["3 value from variable 'base'"]);
    expect(at(r, "BATCH005")).toEqual(["11:26 late"]);
    // A spread of an unknown object after the modes: it could replace them, so nothing is said of them.
    expect(r.findings.filter((f) => f.resource.label === "unknown" && f.ruleId !== "BATCH021")).toEqual([]);
  });
});
