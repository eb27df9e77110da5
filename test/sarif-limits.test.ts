/** GitHub's limits on a SARIF upload: results and locations over them are left out, deterministically, and said so. */
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintText } from "../src/pipeline/run.js";
import { sarifLog, MAX_LOCATIONS, MAX_RESULTS } from "../src/output/sarif.js";
import type { Finding, LintResult } from "../src/engine/findings.js";
import { repoRoot } from "./helpers.js";

const ctx = { rules, base: repoRoot, color: false };

describe("GitHub limits", () => {
  test("more than 25,000 results are truncated by severity, deterministically, with a notification", () => {
    const base = lintText('{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{}}', "a.json", { rules }).findings[0]!;
    const many: Finding[] = [];
    for (let i = 0; i < MAX_RESULTS + 10; i++) many.push({ ...base, severity: i % 3 === 0 ? "error" : "note", message: `m${i}` });
    const result: LintResult = { findings: many, errors: [], notes: [], filesLinted: 1, resourcesChecked: 1 };
    const log = sarifLog(result, ctx);
    const run = log.runs[0]!;
    expect(run.results!.length).toBe(MAX_RESULTS);
    expect(run.results!.filter((r) => r.level === "error").length).toBe(many.filter((f) => f.severity === "error").length);
    expect(run.invocations![0]!.toolExecutionNotifications!.map((n) => n.descriptor?.id)).toContain("results-truncated");
    expect(JSON.stringify(sarifLog(result, ctx))).toBe(JSON.stringify(log));
  });

  test("truncation keeps every error, then warnings, then notes, each in file order; the output stays in file order", () => {
    const one = lintText('{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{}}', "a.json", { rules }).findings[0]!;
    const sev = ["note", "warning", "note", "error", "warning", "note", "error", "warning"] as const;
    const findings: Finding[] = sev.map((severity, i) => ({ ...one, severity, message: `m${i}` }));
    const kept = (n: number) => sarifLog({ findings, errors: [], notes: [], filesLinted: 1, resourcesChecked: 1 }, ctx, { results: n, locations: MAX_LOCATIONS }).runs[0]!.results!.map((x) => x.message.text);
    expect(kept(2)).toEqual(["m3", "m6"]);
    expect(kept(4)).toEqual(["m1", "m3", "m4", "m6"]);
    expect(kept(6)).toEqual(["m0", "m1", "m3", "m4", "m6", "m7"]);
    expect(kept(8)).toEqual(findings.map((f) => f.message));
  });

  test("1,000 locations per result: the primary location and 999 related ones", () => {
    const one = lintText('{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{}}', "a.json", { rules }).findings[0]!;
    const related = Array.from({ length: 1500 }, (_, i) => ({ file: "a.json", region: one.region, message: `related ${i}` }));
    const log = sarifLog({ findings: [{ ...one, related }], errors: [], notes: [], filesLinted: 1, resourcesChecked: 1 }, ctx);
    expect(log.runs[0]!.results![0]!.relatedLocations!.length).toBe(MAX_LOCATIONS - 1);
    expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!.message.text).toMatch(/^501 related locations of 1 result were left out/);
  });
});
