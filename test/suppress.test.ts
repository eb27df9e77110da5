/** Suppressions: inline comments, resource metadata, configuration; justification and unused reports; SARIF and stylish. */
import { describe, expect, test } from "vitest";
import { coreRules as rules } from "./cli-run.js";
import { lintText } from "../src/pipeline/run.js";
import { SUPPRESSION_RULES } from "../src/post/suppress.js";
import { template } from "./cli-run.js";

const all = [...rules, ...SUPPRESSION_RULES];

const inline = template(`    {
      "type": "Microsoft.Batch/batchAccounts",
      "apiVersion": "2024-07-01",
      "name": "acct",
      "location": "westeurope",
      "properties": {
        "allowedAuthenticationModes": [
          "AAD",
          // batchlint-disable-next-line BATCH001 -- legacy client until 2026-12; ticket OPS-123
          "SharedKey",
          /* batchlint-disable-next-line task-auth-token-retired */
          "TaskAuthenticationToken"
        ]
      }
    }`);

const ids = (fs: { ruleId: string; suppression?: unknown }[]) => fs.map((f) => `${f.ruleId}${f.suppression ? " (suppressed)" : ""}`);

describe("inline suppressions", () => {
  test("suppress the next line by id or name; missing justification is a BATCH990 warning", () => {
    const r = lintText(inline, "t.jsonc", { rules: all });
    expect(ids(r.findings)).toEqual(["BATCH001 (suppressed)", "BATCH990", "BATCH002 (suppressed)"]);
    const s = r.findings.find((f) => f.ruleId === "BATCH001")!.suppression!;
    expect(s).toMatchObject({ kind: "inSource", justification: "legacy client until 2026-12; ticket OPS-123", source: "t.jsonc:13:11" });
    const w = r.findings.find((f) => f.ruleId === "BATCH990")!;
    expect(w.severity).toBe("warning");
    expect(`${w.region.startLine}:${w.region.startColumn}`).toBe("15:11");
    expect(w.message).toBe("suppression of BATCH002 has no justification.");
  });

  test("a directive only covers the line after it and only the rules it names", () => {
    const text = template(`    {
      "type": "Microsoft.Batch/batchAccounts",
      "name": "acct",
      "properties": {
        // batchlint-disable-next-line BATCH002 -- wrong rule for this line
        "allowedAuthenticationModes": ["AAD", "SharedKey"]
      }
    }`);
    const r = lintText(text, "t.jsonc", { rules: all });
    expect(ids(r.findings)).toEqual(["BATCH001"]);
    const unused = lintText(text, "t.jsonc", { rules: all, reportUnusedSuppressions: true } as never);
    expect(unused.findings.map((f) => `${f.ruleId} ${f.message}`)).toContain("BATCH991 suppression of BATCH002 is unused: no such finding here.");
  });

  test("batchlint-disable-line covers its own line only; a longer word (disable-lines) is not a directive", () => {
    const text = template(`    {
      "type": "Microsoft.Batch/batchAccounts",
      "name": "acct",
      "properties": {
        "allowedAuthenticationModes": ["AAD", "SharedKey", // batchlint-disable-line BATCH001 -- OPS-123
          "TaskAuthenticationToken"] // batchlint-disable-lines BATCH002 -- not a directive
      }
    }`);
    const r = lintText(text, "t.jsonc", { rules: all });
    expect(ids(r.findings)).toEqual(["BATCH001 (suppressed)", "BATCH002"]);
    expect(r.findings[0]!.suppression).toMatchObject({ justification: "OPS-123", source: "t.jsonc:9:60" });
  });

  test("unknown rule names in a directive are reported; a directive inside a string is not a directive", () => {
    const text = template(`    {
      "type": "Microsoft.Batch/batchAccounts",
      "name": "acct",
      "tags": { "note": "// batchlint-disable-next-line BATCH001 -- not a comment" },
      "properties": {
        // batchlint-disable-next-line BATCH001, no-such-rule -- reason
        "allowedAuthenticationModes": ["AAD", "SharedKey"]
      }
    }`);
    const r = lintText(text, "t.jsonc", { rules: all });
    expect(r.findings.map((f) => `${f.ruleId}${f.suppression ? " (suppressed)" : ""} ${f.message}`)).toEqual([
      "BATCH991 suppression names unknown rule 'no-such-rule'.",
      "BATCH001 (suppressed) allowedAuthenticationModes includes 'SharedKey': shared key authentication is enabled.",
    ]);
  });
});

describe("resource metadata suppressions", () => {
  const text = template(`    {
      "type": "Microsoft.Batch/batchAccounts",
      "name": "legacy",
      "metadata": { "batchlint": { "suppress": [
        { "rule": "BATCH001", "justification": "decommissioned in Q3" },
        { "rule": "network-profile-ignored" },
        { "rule": "BATCH003", "justification": "no CMK here" }
      ] } },
      "properties": { "allowedAuthenticationModes": ["AAD", "SharedKey"], "publicNetworkAccess": "Disabled", "networkProfile": { "accountAccess": { "defaultAction": "Deny" } } }
    },
    {
      "type": "Microsoft.Batch/batchAccounts",
      "name": "other",
      "properties": { "allowedAuthenticationModes": ["AAD", "SharedKey"] }
    }`);

  test("apply to that resource only; missing justification and unused entries are reported", () => {
    const r = lintText(text, "t.json", { rules: all, reportUnusedSuppressions: true } as never);
    expect(r.findings.map((f) => `${f.region.startLine} ${f.ruleId}${f.suppression ? ` (${f.suppression.kind}: ${f.suppression.justification ?? "-"})` : ""}`)).toEqual([
      "10 BATCH990",
      "11 BATCH991",
      "13 BATCH001 (inSource: decommissioned in Q3)",
      "13 BATCH004 (inSource: -)",
      "18 BATCH001",
    ]);
  });
});
