/** --fix and --fix-dry-run on a .bicep file through the built CLI: only the linted file is written, never a module's. */
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { run, scratch } from "./cli-run.js";

const main = `// The account, with a module's pool account beside it.
module other './other.bicep' = {
  name: 'other'
}

resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {
  name: 'acct'
  location: 'westeurope'
  properties: {
    allowedAuthenticationModes: [
      'AAD'
      'SharedKey' // legacy clients
    ]
    publicNetworkAccess: 'Disabled'
    networkProfile: {
      accountAccess: {
        defaultAction: 'Deny'
      }
    }
  }
}
`;
const other = `resource acct2 'Microsoft.Batch/batchAccounts@2024-07-01' = {
  name: 'acct2'
  location: 'westeurope'
  properties: { allowedAuthenticationModes: ['AAD', 'TaskAuthenticationToken'], publicNetworkAccess: 'Disabled' }
}
`;
const expected = main.replace("      'AAD'\n      'SharedKey' // legacy clients\n", "      'AAD'\n").replace("    networkProfile: {\n      accountAccess: {\n        defaultAction: 'Deny'\n      }\n    }\n", "");

test("--fix-dry-run prints the diff of the .bicep and writes nothing; --fix writes it, the module's file stays", () => {
  const dir = scratch({ "main.bicep": main, "other.bicep": other });
  const dry = run(["main.bicep", "--fix-dry-run=-"], { cwd: dir });
  expect(dry.stdout).toContain("--- a/main.bicep\n+++ b/main.bicep\n");
  expect(dry.stdout).toContain("       'AAD'\n-      'SharedKey' // legacy clients\n     ]\n");
  expect(dry.stdout).toContain("-    networkProfile: {\n");
  expect(dry.stdout).not.toContain("--- a/other.bicep");
  expect(fs.readFileSync(path.join(dir, "main.bicep"), "utf8")).toBe(main);

  const r = run(["main.bicep", "--fix", "-f", "json"], { cwd: dir });
  expect(r.stderr).toContain("fixed main.bicep (BATCH001, BATCH004)");
  expect(fs.readFileSync(path.join(dir, "main.bicep"), "utf8")).toBe(expected);
  expect(fs.readFileSync(path.join(dir, "other.bicep"), "utf8")).toBe(other);
  // What remains is the module's finding, in its own file, which no fix of main.bicep touches.
  const after = JSON.parse(run(["main.bicep", "-f", "json"], { cwd: dir }).stdout).findings.map((f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file}`);
  expect(after).toEqual(["BATCH002 other.bicep"]);
  expect(fs.readdirSync(dir).sort()).toEqual(["main.bicep", "other.bicep"]);
});

test("the help line of a Bicep finding names Bicep syntax", () => {
  const dir = scratch({ "main.bicep": "resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {\n  name: 'acct'\n  location: 'westeurope'\n  properties: {}\n}\n" });
  const r = run(["main.bicep"], { cwd: dir });
  expect(r.stdout).toContain("help: Set `properties.allowedAuthenticationModes` to `['AAD']`");
});
