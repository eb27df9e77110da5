/**
 * SARIF checked by Microsoft's own validator, `Sarif.Multitool validate --rule-kind "Sarif;Gh"` from the npm
 * package @microsoft/sarif-multitool (its Linux binary ships in @microsoft/sarif-multitool-linux). The tool
 * always exits 0, so its output log is read and error- and warning-level results are counted.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths, lintText } from "../src/lint.js";
import { sarif, sarifLog, MAX_RESULTS } from "../src/formatters/sarif.js";
import type { Finding, LintResult } from "../src/findings.js";
import { repoRoot } from "./helpers.js";

const multitool = path.join(repoRoot, "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");

/** npm 11 does not run the package's postinstall (chmod), so make the binary executable here. */
function ensureExecutable(): void {
  const mode = fs.statSync(multitool).mode;
  if ((mode & 0o100) === 0) fs.chmodSync(multitool, mode | 0o100);
}

function validate(log: string): { level: string; ruleId: string; text: string }[] {
  ensureExecutable();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-mt-"));
  const input = path.join(dir, "batchlint.sarif");
  const output = path.join(dir, "validation.sarif");
  fs.writeFileSync(input, log);
  const r = spawnSync(multitool, ["validate", input, "--rule-kind", "Sarif;Gh", "--output", output], {
    encoding: "utf8",
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
  });
  expect(r.error, "the multitool could not be started").toBeUndefined();
  expect(fs.existsSync(output), `no validation log written:\n${r.stdout}\n${r.stderr}`).toBe(true);
  const v = JSON.parse(fs.readFileSync(output, "utf8"));
  fs.rmSync(dir, { recursive: true, force: true });
  const ruleText = new Map<string, Record<string, { text: string }>>((v.runs[0].tool.driver.rules ?? []).map((x: { id: string; messageStrings?: Record<string, { text: string }> }) => [x.id, x.messageStrings ?? {}]));
  return (v.runs[0].results ?? []).map((x: { level?: string; ruleId: string; message: { id?: string; arguments?: string[] } }) => ({
    level: x.level ?? "warning",
    ruleId: x.ruleId,
    text: `${ruleText.get(x.ruleId)?.[x.message.id ?? ""]?.text ?? ""} ${JSON.stringify(x.message.arguments ?? [])}`,
  }));
}

const serious = <T extends { level: string }>(rs: T[]): T[] => rs.filter((x) => x.level === "error" || x.level === "warning");
const ctx = { rules, base: repoRoot, color: false };

describe("Sarif.Multitool validate (Sarif;Gh)", () => {
  test("the validator itself catches a broken log (the check can fail)", () => {
    const log = sarifLog(lintText('{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{}}', "a.json", { rules }), ctx);
    delete (log.runs[0]!.tool.driver.rules![0] as { fullDescription?: unknown }).fullDescription;
    expect(serious(validate(JSON.stringify(log))).map((x) => x.ruleId)).toContain("GH2012");
  });

  test("empty run: no errors or warnings", () => {
    expect(serious(validate(sarif({ findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0 }, ctx)))).toEqual([]);
  });

  test("every fixture, the corpus and the examples: no errors or warnings", async () => {
    const r = await lintPaths(["fixtures", "examples"], { rules, cwd: repoRoot, base: repoRoot });
    expect(r.findings.length).toBeGreaterThan(100);
    expect(serious(validate(sarif(r, ctx)))).toEqual([]);
  });

  test("a run with parse failures: no errors or warnings", async () => {
    const r = lintText('{ "resources": [ ', "broken.json", { rules });
    expect(r.errors.length).toBe(1);
    expect(serious(validate(sarif(r, { ...ctx, sarifCategory: "batchlint" })))).toEqual([]);
  });
});

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
});
