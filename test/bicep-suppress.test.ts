/**
 * Inline suppressions in Bicep (src/post/suppress.ts through BicepDoc.comments()): `//` and `/* *\/` comments,
 * `batchlint-disable-next-line` and `batchlint-disable-line`, with the pseudo-rules BATCH990 and BATCH991.
 */
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import type { Finding } from "../src/engine/findings.js";
import { json } from "../src/output/json.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const file = "test/fixtures/bicep/suppress/main.bicep";
const brief = (f: Finding) => `${f.ruleId} ${f.region.startLine} ${f.resource.name ?? ""}`.trim();

describe("Bicep inline suppressions", () => {
  test("next-line, same-line and block comments suppress; unjustified, unused and unknown ones are reported", async () => {
    const r = await lintPaths([file], { rules, cwd: repoRoot, base: repoRoot, reportUnusedSuppressions: true });
    expect(r.errors).toEqual([]);
    const suppressed = r.findings.filter((f) => f.suppression);
    expect(suppressed.map((f) => `${brief(f)} ${f.suppression!.source} ${f.suppression!.justification ?? "-"}`)).toEqual([
      `BATCH001 7 suppressed ${file}:6:5 batch-cli 1.x still signs with the key; OPS-123`,
      `BATCH005 8 suppressed ${file}:8:36 behind the firewall until PLAT-7`,
      `BATCH001 19 unsuppressed ${file}:18:5 -`,
    ]);
    const pseudo = r.findings.filter((f) => /^BATCH99/.test(f.ruleId));
    expect(pseudo.map((f) => `${f.ruleId} ${f.region.startLine} ${f.message}`)).toEqual([
      "BATCH991 9 suppression of BATCH003 is unused: no such finding here.",
      "BATCH990 18 suppression of BATCH001 has no justification.",
      "BATCH991 20 suppression names unknown rule 'BATCH00X'.",
    ]);
    // The JSON report carries the suppression with the finding, as for a JSONC template.
    const out = JSON.parse(json(r, { rules, base: repoRoot, color: false }));
    const b001 = out.findings.filter((f: { ruleId: string }) => f.ruleId === "BATCH001");
    expect(b001.map((f: { line: number; suppression?: { kind: string } }) => `${f.line} ${f.suppression?.kind}`)).toEqual(["7 inSource", "19 inSource"]);
  });

  test("without --report-unused-suppressions an unused directive is not reported; a directive in a string is not one", () => {
    const text = [
      "resource a 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
      "  name: 'strings'",
      "  location: 'westeurope'",
      "  properties: {",
      "    note: '// batchlint-disable-next-line BATCH001 -- in a string, not a comment'",
      "    allowedAuthenticationModes: [ 'SharedKey' ]",
      "    // batchlint-disable-next-line BATCH002 -- no TaskAuthenticationToken here",
      "    publicNetworkAccess: 'Disabled'",
      "  }",
      "}",
    ].join("\n");
    const r = lintText(text, "strings.bicep", { rules, cwd: repoRoot, base: repoRoot });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === "BATCH001").map((f) => `${f.region.startLine} ${f.suppression === undefined}`)).toEqual(["6 true"]);
    expect(r.findings.filter((f) => /^BATCH99/.test(f.ruleId))).toEqual([]);
  });
});
