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
