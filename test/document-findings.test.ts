/** Findings of document-level rules name the resource they are about (BATCH021), and count against its account. */
import { expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { summarize } from "../src/output/summary.js";
import { lintPaths } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

test("a BATCH021 finding carries its account, and the account does not pass every rule", async () => {
  const rule = rules.find((r) => r.meta.id === "BATCH021")!;
  const result = await lintPaths(["fixtures/BATCH021/invalid/arm-no-diagnostic-settings.json"], { rules: [rule], cwd: repoRoot, base: repoRoot });
  expect(result.findings).toHaveLength(1);
  expect(result.findings[0]!.resource).toMatchObject({ type: "Microsoft.Batch/batchAccounts", label: "contosobatch", name: "contosobatch", pointer: "/resources/0" });
  expect(summarize(result).accounts).toEqual({ total: 1, passing: 0, failing: 1 });
});

test("naming a resource whose name is not known reads nothing: BATCH020 reports without a contradicting could-not-decide note", async () => {
  const { lintText } = await import("../src/pipeline/run.js");
  const text = JSON.stringify({
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    parameters: { acct: { type: "string" } },
    resources: [{ type: "Microsoft.Batch/batchAccounts/certificates", apiVersion: "2021-01-01", name: "[concat(parameters('acct'), '/SHA1-abc')]", properties: { data: "x", format: "Cer" } }],
  });
  const rule = rules.find((r) => r.meta.id === "BATCH020")!;
  const r = lintText(text, "cert.json", { rules: [rule], reportUnknown: true });
  expect(r.findings.map((f) => f.message)).toEqual(["The Batch account certificate whose name is not known here uses a feature retired on 29 February 2024."]);
  expect(r.notes.filter((n) => n.kind === "unknown")).toEqual([]);
});

test("a value from a variables copy loop is named by the loop's variable, not 'copy'", async () => {
  const { lintText } = await import("../src/pipeline/run.js");
  const text = JSON.stringify(
    {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      variables: { copy: [{ name: "rules", count: 1, input: { action: "Allow", value: "20.1.2.0/24" } }] },
      resources: [
        {
          type: "Microsoft.Batch/batchAccounts",
          apiVersion: "2024-07-01",
          name: "acct1",
          location: "westeurope",
          properties: { publicNetworkAccess: "Disabled", networkProfile: "[createObject('accountAccess', createObject('defaultAction', 'Deny', 'ipRules', variables('rules')))]" },
        },
      ],
    },
    null,
    2,
  );
  const r = lintText(text, "t.json", { rules: rules.filter((x) => x.meta.id === "BATCH004") });
  expect(r.findings.flatMap((f) => f.related.map((x) => x.message))).toContain("value from variable 'rules'");
});
