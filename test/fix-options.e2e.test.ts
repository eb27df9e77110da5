/** BATCH005's fix is offered only when its option says so, and then edits literal values in place. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "./helpers.js";

const TEMPLATE = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Batch/batchAccounts",
      "apiVersion": "2024-07-01",
      "name": "fixbatch",
      "location": "westeurope",
      "properties": {
        // keep this comment
        "publicNetworkAccess": "Enabled",
        "allowedAuthenticationModes": ["AAD"]
      }
    },
    {
      "type": "Microsoft.Batch/batchAccounts",
      "apiVersion": "2024-07-01",
      "name": "fixbatch2",
      "location": "westeurope",
      "properties": {
        "allowedAuthenticationModes": ["AAD"]
      }
    }
  ]
}
`;

function runFix(config: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-fixopt-"));
  fs.writeFileSync(path.join(dir, "t.jsonc"), TEMPLATE);
  if (config) fs.writeFileSync(path.join(dir, "batchlint.config.json"), JSON.stringify(config));
  spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), "t.jsonc", "--fix"], { cwd: dir, encoding: "utf8" });
  const out = fs.readFileSync(path.join(dir, "t.jsonc"), "utf8");
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

test("without fixToDisabled, --fix leaves publicNetworkAccess alone", () => {
  expect(runFix(undefined)).toBe(TEMPLATE);
});

test("with fixToDisabled, --fix sets it to Disabled (replacing a literal, adding a missing one), nothing else changes", () => {
  const fixed = runFix({ rules: { BATCH005: ["warning", { fixToDisabled: true }] } });
  const expected = TEMPLATE.replace('"publicNetworkAccess": "Enabled"', '"publicNetworkAccess": "Disabled"').replace(
    '      "name": "fixbatch2",\n      "location": "westeurope",\n      "properties": {\n        "allowedAuthenticationModes": ["AAD"]\n',
    '      "name": "fixbatch2",\n      "location": "westeurope",\n      "properties": {\n        "allowedAuthenticationModes": ["AAD"],\n        "publicNetworkAccess": "Disabled"\n',
  );
  expect(expected).not.toBe(TEMPLATE);
  expect(fixed).toBe(expected);
});
