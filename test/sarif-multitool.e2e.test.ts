/**
 * SARIF checked by Microsoft's own validator, `Sarif.Multitool validate --rule-kind "Sarif;Gh"` from the npm
 * package @microsoft/sarif-multitool (its Linux binary ships in @microsoft/sarif-multitool-linux). The tool
 * always exits 0, so its output log is read and error- and warning-level results are counted.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { sarif, sarifLog } from "../src/output/sarif.js";
import type { Finding } from "../src/engine/findings.js";
import { repoRoot } from "./helpers.js";

/**
 * The validator is not a dependency of the project (104 MB that every `npm ci` and every pre-commit install of the
 * hook would fetch): .ci/run installs it, pinned, into a cache folder and names the binary in
 * BATCHLINT_SARIF_MULTITOOL; without the variable the same default folder is looked in. Missing, the tests fail in
 * CI and are skipped elsewhere (a developer machine: run .ci/run, or install it the same way).
 */
const multitool =
  process.env.BATCHLINT_SARIF_MULTITOOL || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "batchlint-ci/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
const hasMultitool = fs.existsSync(multitool);
if (!hasMultitool && process.env.CI) throw new Error(`the SARIF validator is not installed at ${multitool}; .ci/run installs it`);
/** Why the tests are skipped, in their titles: the reporter lists skipped tests by name. */
const skipReason = hasMultitool ? "" : ` (skipped: no validator at ${multitool}; .ci/run installs it)`;

/** The package's postinstall (a chmod) is not run (npm --ignore-scripts), so make the binary executable here. */
function ensureExecutable(): void {
  const mode = fs.statSync(multitool).mode;
  if ((mode & 0o100) === 0) fs.chmodSync(multitool, mode | 0o100);
}

interface Diagnostic {
  level: string;
  ruleId: string;
  text: string;
}

/**
 * SARIF2006 (UrisShouldBeReachable) sends an HTTP GET to every URI in the log (help pages, $schema) and reports
 * only notes; offline it waits ~5 s per log for DNS and time-outs. It is switched off, which the validator notes
 * as WRN999; every other rule of the Sarif and Gh kinds runs.
 */
const CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
`;

/**
 * Runs the validator on a log and returns its results. A log it did not analyse (over its 10 MB default size
 * limit, unreadable, crashed) would give no results at all, so its own notifications and executionSuccessful
 * are checked first: an empty answer must mean "analysed and clean".
 */
function validate(log: string): Diagnostic[] {
  ensureExecutable();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-mt-"));
  const input = path.join(dir, "batchlint.sarif");
  const output = path.join(dir, "validation.sarif");
  const config = path.join(dir, "validation.xml");
  fs.writeFileSync(input, log);
  fs.writeFileSync(config, CONFIG);
  const r = spawnSync(multitool, ["validate", input, "--rule-kind", "Sarif;Gh", "--config", config, "--max-file-size-in-kb", "1000000", "--output", output], {
    encoding: "utf8",
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
  });
  expect(r.error, "the multitool could not be started").toBeUndefined();
  expect(fs.existsSync(output), `no validation log written:\n${r.stdout}\n${r.stderr}`).toBe(true);
  const v = JSON.parse(fs.readFileSync(output, "utf8"));
  fs.rmSync(dir, { recursive: true, force: true });
  const run = v.runs[0];
  const invocation = run.invocations?.[0] ?? {};
  const own = [...(invocation.toolConfigurationNotifications ?? []), ...(invocation.toolExecutionNotifications ?? [])]
    .map((n: { descriptor?: { id?: string }; message?: { text?: string } }) => `${n.descriptor?.id}: ${n.message?.text}`)
    .filter((n: string) => !/^WRN999\.RuleExplicitlyDisabled: Rule 'SARIF2006'/.test(n));
  expect({ executionSuccessful: invocation.executionSuccessful, notifications: own }, r.stdout).toEqual({ executionSuccessful: true, notifications: [] });
  const ruleText = new Map<string, Record<string, { text: string }>>((run.tool.driver.rules ?? []).map((x: { id: string; messageStrings?: Record<string, { text: string }> }) => [x.id, x.messageStrings ?? {}]));
  return (run.results ?? []).map((x: { level?: string; ruleId: string; message: { id?: string; arguments?: string[] } }) => ({
    level: x.level ?? "warning",
    ruleId: x.ruleId,
    text: `${ruleText.get(x.ruleId)?.[x.message.id ?? ""]?.text ?? ""} ${JSON.stringify(x.message.arguments ?? [])}`,
  }));
}

const serious = <T extends { level: string }>(rs: T[]): T[] => rs.filter((x) => x.level === "error" || x.level === "warning");
const ctx = { rules, base: repoRoot, color: false };

describe.skipIf(!hasMultitool)(`Sarif.Multitool validate (Sarif;Gh)${skipReason}`, () => {
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

describe.skipIf(!hasMultitool)(`Sarif.Multitool validate (Sarif;Gh): everything the CLI can put in a log${skipReason}`, () => {
  test("suppressions, baseline states, fixes, related locations, a category, odd file names, files outside the repository, parse failures", () => {
    const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-mt-repo-")));
    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-mt-outside-")));
    fs.mkdirSync(path.join(repo, ".git"));
    fs.mkdirSync(path.join(repo, "infra"));
    const example = fs.readFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"), "utf8");
    const files: Record<string, string> = {
      "infra/old.json": example,
      "infra/we ird#name%_ü.json": example,
      "infra/broken.json": '{ "resources": [ ',
      "infra/suppressed.jsonc": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Batch/batchAccounts",
      "apiVersion": "2024-07-01",
      "name": "acct",
      "location": "westeurope",
      "properties": {
        "allowedAuthenticationModes": [
          "AAD",
          // batchlint-disable-next-line BATCH001 -- legacy client until 2026-12
          "SharedKey",
          /* batchlint-disable-next-line task-auth-token-retired */
          "TaskAuthenticationToken"
        ]
      }
    }
  ]
}
`,
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(repo, name), text);
    fs.writeFileSync(path.join(outside, "account.json"), example);
    fs.writeFileSync(path.join(outside, "broken.json"), "[");
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), ...args], { cwd: path.join(repo, "infra"), encoding: "utf8", maxBuffer: 1 << 26 });
    expect(cli(".", "--baseline-create", "../baseline.json").status).toBe(2); // infra/broken.json
    fs.writeFileSync(path.join(repo, "infra/new.json"), example);
    const r = cli(".", outside, "--baseline", "../baseline.json", "--sarif-include-suppressed", "--report-unused-suppressions", "--report-unknown", "--sarif-category", "ci/batchlint", "-f", "sarif");
    expect(r.status, r.stderr).toBe(2);
    const log = JSON.parse(r.stdout);
    const results: { baselineState?: string; suppressions?: unknown; fixes?: unknown; relatedLocations?: unknown; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] = log.runs[0].results;
    const uris = new Set(results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual([`${pathToFileURL(outside).href}/account.json`, "infra/new.json", "infra/old.json", "infra/suppressed.jsonc", "infra/we%20ird%23name%25_%C3%BC.json"]);
    expect(results.some((x) => x.baselineState === "new") && results.some((x) => x.baselineState === "unchanged")).toBe(true);
    expect(results.some((x) => x.suppressions) && results.some((x) => x.fixes) && results.some((x) => x.relatedLocations)).toBe(true);
    expect(log.runs[0].invocations[0].toolExecutionNotifications.length).toBe(2);
    expect(log.runs[0].automationDetails).toEqual({ id: "ci/batchlint/" });
    expect(serious(validate(r.stdout))).toEqual([]);
  });

  test("Terraform: a module with .tfvars, suppressions, a syntax error and a plan JSON; regions at the .tf lines, help with the Terraform section", () => {
    const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-mt-tf-")));
    fs.mkdirSync(path.join(repo, ".git"));
    for (const name of ["bad", "module", "suppress", "syntax", "plan"]) fs.cpSync(path.join(repoRoot, "test/fixtures/terraform/e2e", name), path.join(repo, "infra", name), { recursive: true });
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), ...args], { cwd: repo, encoding: "utf8", maxBuffer: 1 << 26 });
    const r = cli("infra", "--sarif-include-suppressed", "--report-unused-suppressions", "--report-unknown", "-f", "sarif");
    expect(r.status, r.stderr).toBe(2); // infra/syntax/main.tf
    const log = JSON.parse(r.stdout);
    type Result = { ruleId: string; suppressions?: unknown; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] };
    const results: Result[] = log.runs[0].results;
    const at = (x: Result) => `${x.ruleId} ${x.locations[0]!.physicalLocation.artifactLocation.uri}:${x.locations[0]!.physicalLocation.region.startLine}:${x.locations[0]!.physicalLocation.region.startColumn}`;
    const tf = results.filter((x) => x.locations[0]!.physicalLocation.artifactLocation.uri.endsWith(".tf"));
    expect(tf.filter((x) => ["BATCH001", "BATCH002", "BATCH004"].includes(x.ruleId) && !x.suppressions).map(at)).toEqual([
      "BATCH001 infra/bad/main.tf:6:43",
      "BATCH002 infra/module/main.tf:5:35",
      "BATCH004 infra/module/main.tf:8:3",
    ]);
    expect(tf.filter((x) => x.suppressions).length).toBe(5);
    expect(results.filter((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === "infra/plan/plan.json").map(at)).toEqual(
      expect.arrayContaining(["BATCH001 infra/plan/plan.json:199:13", "BATCH002 infra/plan/plan.json:327:13"]),
    );
    expect(log.runs[0].invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text)).toEqual([expect.stringMatching(/^infra\/syntax\/main\.tf:4:3: Terraform syntax error: /)]);
    const help = (id: string) => log.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === id).help as { text: string; markdown: string };
    expect(help("BATCH001").markdown).toContain('**How to fix in Terraform**: Set `allowed_authentication_modes = ["AAD"]`');
    expect(help("BATCH001").text).toContain('How to fix in Terraform: Set `allowed_authentication_modes = ["AAD"]`');
    expect(serious(validate(r.stdout))).toEqual([]);
    // A plan alone: its log is valid too.
    const plan = cli("infra/plan/plan.json", "--report-unknown", "-f", "sarif");
    expect(plan.status, plan.stderr).toBe(1);
    expect(serious(validate(plan.stdout))).toEqual([]);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test("Azure Policy: built-in and custom definitions with an assignment, a suppression and fixes; rule metadata from the definitions", () => {
    const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-mt-policy-")));
    fs.mkdirSync(path.join(repo, ".git"));
    fs.cpSync(path.join(repoRoot, "test/fixtures/policy-e2e"), path.join(repo, "infra"), { recursive: true });
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), ...args], { cwd: repo, encoding: "utf8", maxBuffer: 1 << 26 });
    const policies = ["--policy", "builtin:batch", "--policy", "infra/custom/pool-vm-size.json", "--policy", "infra/custom/assignment.json"];
    const inputs = ["infra/template.json", "infra/export.json", "infra/main.bicep", "infra/main.tf", "infra/custom/pools.json", "infra/suppress/template.jsonc"];
    const r = cli(...inputs, ...policies, "--sarif-include-suppressed", "--report-unknown", "-f", "sarif");
    expect(r.status, r.stderr).toBe(1);
    const log = JSON.parse(r.stdout);
    type Result = { ruleId: string; level?: string; suppressions?: unknown; fixes?: unknown; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] };
    const results: Result[] = log.runs[0].results;
    const at = (x: Result) =>
      `${x.ruleId} ${x.level ?? "warning"} ${x.locations[0]!.physicalLocation.artifactLocation.uri}:${x.locations[0]!.physicalLocation.region.startLine}:${x.locations[0]!.physicalLocation.region.startColumn}${x.suppressions ? " suppressed" : ""}${x.fixes ? " fix" : ""}`;
    const localAuth = "policy/6f68b69f-05fe-49cd-b361-777ee9ca7e35";
    const modify = "policy/4dbc2f5c-51cf-4e38-9179-c7028eed2274";
    expect(
      results
        .filter((x) => x.ruleId === localAuth || x.ruleId === modify || x.ruleId === "policy/pool-vm-size")
        .map(at)
        .sort(),
    ).toEqual(
      [
        `${modify} warning infra/export.json:13:40 fix`,
        `${localAuth} warning infra/export.json:13:40`,
        `${modify} warning infra/main.bicep:9:7 fix`,
        `${localAuth} warning infra/main.bicep:9:7`,
        `${modify} warning infra/main.tf:5:36 fix`,
        `${localAuth} warning infra/main.tf:5:36`,
        `${modify} warning infra/template.json:12:40 fix`,
        `${localAuth} warning infra/template.json:12:40`,
        `${modify} warning infra/suppress/template.jsonc:13:40 fix`,
        `${localAuth} warning infra/suppress/template.jsonc:13:40 suppressed`,
        "policy/pool-vm-size error infra/custom/pools.json:10:19",
      ].sort(),
    );
    // Each policy rule's descriptions are the definition's displayName and description.
    type Rule = { id: string; shortDescription: { text: string }; fullDescription: { text: string }; defaultConfiguration?: { level: string } };
    const rule = (id: string) => (log.runs[0].tool.driver.rules as Rule[]).find((x) => x.id === id)!;
    expect(rule("policy/pool-vm-size")).toMatchObject({
      shortDescription: { text: "Batch pools should use an approved VM size" },
      fullDescription: { text: "A pool whose VM size is not like the vmSizePattern parameter is not compliant." },
      defaultConfiguration: { level: "error" },
    });
    const builtin = JSON.parse(fs.readFileSync(path.join(repoRoot, "policy/builtin/batch/Batch_DisableLocalAuth_Audit.json"), "utf8")).properties;
    expect(rule(localAuth)).toMatchObject({ shortDescription: { text: builtin.displayName }, fullDescription: { text: builtin.description } });
    expect(serious(validate(r.stdout))).toEqual([]);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test("a truncated log (results and locations over the limits) is valid too", () => {
    const one = lintText('{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{}}', "a.json", { rules }).findings[0]!;
    const related = Array.from({ length: 12 }, (_, i) => ({ file: "a.json", region: one.region, message: `related ${i}` }));
    const findings: Finding[] = Array.from({ length: 30 }, (_, i) => ({ ...one, severity: (["note", "warning", "error"] as const)[i % 3]!, message: `m${i}`, related }));
    const log = sarifLog({ findings, errors: [], notes: [], filesLinted: 1, resourcesChecked: 1 }, ctx, { results: 15, locations: 5 });
    expect(log.runs[0]!.results!.length).toBe(15);
    expect(log.runs[0]!.results!.every((x) => x.relatedLocations!.length === 4)).toBe(true);
    expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications!.map((n) => n.message.text)).toEqual([
      "15 of 30 results were left out: GitHub code scanning accepts at most 15 results per run. Errors were kept first, then warnings, then notes, in file order.",
      "120 related locations of 15 results were left out: at most 5 locations per result are accepted.",
    ]);
    expect(serious(validate(JSON.stringify(log)))).toEqual([]);
  });
});
