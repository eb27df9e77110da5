/**
 * Azure Policy through the built CLI (issue 25, docs/policy.md), as users run it: `--policy builtin:batch` on an ARM
 * template, an export, a Bicep file and a Terraform file (ids `policy/<guid>` at the value to edit, severities, exit
 * codes), `--policy-param`, a custom definition with an assignment, an initiative with set parameters,
 * `--explain` and `--list-rules`, the configuration key `policies`, inline suppressions, baselines, `--fix` of a
 * Modify definition, worker threads, unknown values and the load errors. The fixtures are in
 * test/fixtures/policy-e2e/; each test lints a scratch copy, so paths in the output are short and `--fix` never
 * writes a fixture. run() of cli-run.ts leaves the four core rules and every policy rule on; BATCH001 (the same
 * problem as two of the built-in definitions) is turned off where a test is about the policy findings alone. The
 * SARIF validator's case is in sarif-multitool.e2e.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { minFilesForWorkers } from "../src/parallel/thresholds.js";
import { run, scratch, write } from "./cli-run.js";
import { repoRoot } from "./helpers.js";

const FIXTURES = path.join(repoRoot, "test/fixtures/policy-e2e");

/**
 * A scratch directory with a copy of every fixture (test/fixtures/policy-e2e), as a git work tree: configurations
 * are looked up no higher than its root (without one, no higher than cwd).
 */
function copy(): string {
  const dir = scratch();
  fs.cpSync(FIXTURES, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, ".git"));
  return dir;
}

const LOCAL_AUTH = "policy/6f68b69f-05fe-49cd-b361-777ee9ca7e35";
const LOCAL_AUTH_MODIFY = "policy/4dbc2f5c-51cf-4e38-9179-c7028eed2274";
const DISK_ENCRYPTION = "policy/1760f9d4-7206-436e-a28f-d9f3a5c8a227";
const NO_BATCH001 = ["--rule", "BATCH001=off"];

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
  resource: { label: string };
  suppression?: { kind: string; justification?: string; source: string };
  baselineState?: string;
}
interface JsonReport {
  findings: JsonFinding[];
  errors: { file: string; line: number; column: number; message: string }[];
}

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;
/** A finding as one line: where, severity, rule and resource. */
const brief = (f: JsonFinding) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.resource.label}`;
/** The policy findings of a JSON report, as brief lines. */
const policyFindings = (stdout: string) =>
  json(stdout)
    .findings.filter((f) => f.ruleId.startsWith("policy/"))
    .map(brief);

const MODIFY_HELP = "  help: Apply the policy's operations (batchlint --fix writes them where the value is a literal).";
const AUDIT_HELP = "  help: Change the resource so that the policy's condition no longer matches it.";
const modifyLine = (at: string, q = "'") =>
  `${at}: warning ${LOCAL_AUTH_MODIFY} Batch account ${q}sharedkeyacct${q} is not compliant with policy ${q}Configure Batch accounts to disable local authentication${q} (Modify: Azure Policy would change it on deployment) (the same problem as BATCH001). [policy-4dbc2f5c-51cf-4e38-9179-c7028eed2274]`;
const localAuthLine = (at: string, severity: string, effect: string, q = "'") =>
  `${at}: ${severity} ${LOCAL_AUTH} Batch account ${q}sharedkeyacct${q} is not compliant with policy ${q}Batch accounts should have local authentication methods disabled${q} (${effect}) (the same problem as BATCH001). [policy-6f68b69f-05fe-49cd-b361-777ee9ca7e35]`;

describe("--policy builtin:batch on the four inputs", () => {
  test("an ARM template: policy/<guid> findings at the value to edit, Audit and Modify as warnings, beside BATCH001 (exit 1 for it alone)", () => {
    const dir = copy();
    const r = run(["template.json", "--policy", "builtin:batch"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        "template.json:12:40: error BATCH001 allowedAuthenticationModes includes 'SharedKey': shared key authentication is enabled. [shared-key-auth-disabled]",
        '  help: Set `properties.allowedAuthenticationModes` to `["AAD"]` (apiVersion 2021-06-01 or later: older ones ignore it) and move clients to Microsoft Entra ID authentication.',
        modifyLine("template.json:12:40"),
        MODIFY_HELP,
        localAuthLine("template.json:12:40", "warning", "Audit"),
        AUDIT_HELP,
        "",
        "✖ 3 problems (1 error, 2 warnings) in 1 file",
        "",
      ].join("\n"),
    );
    // Column 40 is the opening quote of "SharedKey", the value the definitions read.
    expect(fs.readFileSync(path.join(dir, "template.json"), "utf8").split("\n")[11]!.slice(39)).toBe('"SharedKey", "AAD"],');
    // Warnings alone exit 0.
    const warnings = run(["template.json", "--policy", "builtin:batch", ...NO_BATCH001], { cwd: dir });
    expect(warnings.code).toBe(0);
    expect(warnings.stdout).toMatch(/^✖ 2 problems \(0 errors, 2 warnings\) in 1 file$/m);
    // Without --policy, no policy rule runs.
    expect(run(["template.json", ...NO_BATCH001], { cwd: dir })).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  test("an export, a Bicep file and a Terraform file: the same two findings, each at its format's 'SharedKey'", () => {
    const dir = copy();
    const lint = (file: string) => {
      const r = run([file, "--policy", "builtin:batch", ...NO_BATCH001, "-f", "json"], { cwd: dir });
      expect(r.stderr).toBe("");
      expect(r.code, file).toBe(0);
      expect(json(r.stdout).errors).toEqual([]);
      return policyFindings(r.stdout);
    };
    // An exported resource is labelled by its id.
    const id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/sharedkeyacct";
    expect(lint("export.json")).toEqual([`export.json:13:40 warning ${LOCAL_AUTH_MODIFY} ${id}`, `export.json:13:40 warning ${LOCAL_AUTH} ${id}`]);
    expect(lint("main.bicep")).toEqual([`main.bicep:9:7 warning ${LOCAL_AUTH_MODIFY} sharedkeyacct`, `main.bicep:9:7 warning ${LOCAL_AUTH} sharedkeyacct`]);
    expect(lint("main.tf")).toEqual([`main.tf:5:36 warning ${LOCAL_AUTH_MODIFY} azurerm_batch_account.sharedkeyacct`, `main.tf:5:36 warning ${LOCAL_AUTH} azurerm_batch_account.sharedkeyacct`]);
    const line = (file: string, n: number) => fs.readFileSync(path.join(dir, file), "utf8").split("\n")[n - 1]!;
    expect(line("export.json", 13).slice(39)).toBe('"SharedKey", "AAD"],');
    expect(line("main.bicep", 9).slice(6)).toBe("'SharedKey'");
    expect(line("main.tf", 5).slice(35)).toBe('"SharedKey", "AAD"]');
    // Terraform's messages quote as Terraform does.
    const tf = run(["main.tf", "--policy", "builtin:batch", ...NO_BATCH001], { cwd: dir });
    expect(tf.stdout).toBe([modifyLine("main.tf:5:36", '"'), MODIFY_HELP, localAuthLine("main.tf:5:36", "warning", "Audit", '"'), AUDIT_HELP, "", "✖ 2 problems (0 errors, 2 warnings) in 1 file", ""].join("\n"));
  });

  test("--policy-param effect=Deny: the Audit definitions become errors (exit 1), the Modify one (which does not allow Deny) stays a warning", () => {
    const dir = copy();
    const r = run(["template.json", "--policy", "builtin:batch", "--policy-param", "effect=Deny", ...NO_BATCH001], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe([modifyLine("template.json:12:40"), MODIFY_HELP, localAuthLine("template.json:12:40", "error", "Deny"), AUDIT_HELP, "", "✖ 2 problems (1 error, 1 warning) in 1 file", ""].join("\n"));
    // The same on every input.
    for (const file of ["export.json", "main.bicep", "main.tf"]) {
      const x = run([file, "--policy", "builtin:batch", "--policy-param", "effect=Deny", ...NO_BATCH001, "-f", "json"], { cwd: dir });
      expect(x.code, file).toBe(1);
      expect(
        json(x.stdout).findings.map((f) => `${f.severity} ${f.ruleId}`),
        file,
      ).toEqual([`warning ${LOCAL_AUTH_MODIFY}`, `error ${LOCAL_AUTH}`]);
    }
  });
});

describe("custom definitions, assignments and initiatives", () => {
  test("a definition with a parameterised effect: its default (Audit), an assignment's values (Deny, another pattern), and --policy-param", () => {
    const dir = copy();
    const lint = (...args: string[]) => {
      const r = run(["custom/pools.json", "--policy", "custom/pool-vm-size.json", ...args, "-f", "json"], { cwd: dir });
      expect(r.stderr).toBe("");
      return { code: r.code, findings: policyFindings(r.stdout) };
    };
    // Defaults: effect Audit, vmSizePattern standard_d*: the E-series pool is reported, as a warning.
    expect(lint()).toEqual({ code: 0, findings: ["custom/pools.json:18:19 warning policy/pool-vm-size acct/epool"] });
    // The assignment: effect Deny, vmSizePattern standard_e*: the D-series pool, as an error.
    expect(lint("--policy", "custom/assignment.json")).toEqual({ code: 1, findings: ["custom/pools.json:10:19 error policy/pool-vm-size acct/dpool"] });
    // --policy-param gives the same values, and wins over the assignment's.
    expect(lint("--policy-param", "effect=Deny", "--policy-param", "vmSizePattern=standard_e*")).toEqual({ code: 1, findings: ["custom/pools.json:10:19 error policy/pool-vm-size acct/dpool"] });
    expect(lint("--policy", "custom/assignment.json", "--policy-param", "effect=Audit")).toEqual({ code: 0, findings: ["custom/pools.json:10:19 warning policy/pool-vm-size acct/dpool"] });
    // The text names the definition's displayName and the effect.
    const text = run(["custom/pools.json", "--policy", "custom/pool-vm-size.json", "--policy", "custom/assignment.json"], { cwd: dir });
    expect(text.stdout).toContain("custom/pools.json:10:19: error policy/pool-vm-size pool 'acct/dpool' is not compliant with policy 'Batch pools should use an approved VM size' (Deny). [policy-pool-vm-size]\n");
  });

  test("an initiative over a built-in and a custom definition: the set's parameters mapped into each member", () => {
    const dir = copy();
    const off = ["--rule", `${DISK_ENCRYPTION}=off`, "--rule", `${LOCAL_AUTH_MODIFY}=off`, ...NO_BATCH001];
    const lint = (...args: string[]) => {
      const r = run(["template.json", "custom/pools.json", "--policy", "builtin:batch", "--policy", "custom/pool-vm-size.json", "--policy", "custom/initiative.json", ...off, ...args, "-f", "json"], { cwd: dir });
      expect(r.stderr).toBe("");
      return { code: r.code, findings: policyFindings(r.stdout) };
    };
    // The set's defaults: effect Deny into 6f68b69f (an error), sizes standard_e* into vmSizePattern (the D pool,
    // with the member's literal effect Audit: a warning).
    expect(lint()).toEqual({
      code: 1,
      findings: ["custom/pools.json:10:19 warning policy/pool-vm-size acct/dpool", `template.json:12:40 error ${LOCAL_AUTH} sharedkeyacct`],
    });
    // The set's parameters given on the command line; --policy-param effect also reaches the custom member, which
    // declares effect too (--policy-param comes before a set's mapping and a member's literal).
    expect(lint("--policy-param", "sizes=standard_d*", "--policy-param", "effect=Audit")).toEqual({
      code: 0,
      findings: ["custom/pools.json:18:19 warning policy/pool-vm-size acct/epool", `template.json:12:40 warning ${LOCAL_AUTH} sharedkeyacct`],
    });
    expect(lint("--policy-param", "effect=Disabled")).toEqual({ code: 0, findings: [] });
    expect(lint("--policy-param", "sizes=standard_*")).toEqual({ code: 1, findings: [`template.json:12:40 error ${LOCAL_AUTH} sharedkeyacct`] });
  });

  test("a set member that is not loaded is an error naming it", () => {
    const dir = copy();
    const r = run(["template.json", "--policy", "builtin:batch", "--policy", "custom/initiative.json"], { cwd: dir });
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "batchlint: --policy: custom/initiative.json: policy set 'batch-baseline' names '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/policyDefinitions/pool-vm-size', which is not loaded (give its definition with --policy, or use builtin:batch for the built-in ones)\n",
    });
  });
});

describe("--explain and --list-rules", () => {
  test("--explain policy/<guid> with --policy builtin:batch: the definition's displayName, description, effect and the BATCH rule it matches", () => {
    const r = run(["--explain", LOCAL_AUTH, "--policy", "builtin:batch"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `${LOCAL_AUTH} policy-6f68b69f-05fe-49cd-b361-777ee9ca7e35 (warning; security)`,
        "Batch accounts should have local authentication methods disabled",
        "",
        "Severity:          warning",
        "Tags:              security",
        "Resource types:    Microsoft.Batch/batchAccounts",
        "Inputs:            templates and configurations (ARM, Bicep, Terraform, plan JSON) and exported resources",
        "Precision:         high",
        "Fixable:           no",
        "",
        "Disabling local authentication methods improves security by ensuring that Batch accounts require Azure Active Directory identities exclusively for authentication. Learn more at: https://aka.ms/batch/auth.",
        "",
        "Why: Azure Policy definition '6f68b69f-05fe-49cd-b361-777ee9ca7e35', effect Audit; the same problem as BATCH001 reports.",
        "",
        "How to fix: Change the resource so that the policy's condition no longer matches it.",
        "",
        "References:",
        "  https://portal.azure.com/#blade/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F6f68b69f-05fe-49cd-b361-777ee9ca7e35",
        "",
      ].join("\n"),
    );
    // The Modify definition is fixable.
    expect(run(["--explain", LOCAL_AUTH_MODIFY, "--policy", "builtin:batch"]).stdout).toMatch(/^Fixable: {11}yes \(--fix\)$/m);
    // Without --policy the id is not a rule.
    const unknown = run(["--explain", LOCAL_AUTH]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`batchlint: unknown rule '${LOCAL_AUTH}' (see --list-rules)\n`);
  });

  test("--explain of a custom definition: the assignment's effect gives the severity; no empty References section", () => {
    const dir = copy();
    const r = run(["--explain", "policy/pool-vm-size", "--policy", "custom/pool-vm-size.json", "--policy", "custom/assignment.json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^policy\/pool-vm-size policy-pool-vm-size \(error; security\)\nBatch pools should use an approved VM size\n/);
    expect(r.stdout).toContain("\nA pool whose VM size is not like the vmSizePattern parameter is not compliant.\n");
    expect(r.stdout).toContain("\nWhy: Azure Policy definition 'pool-vm-size', effect Deny.\n");
    // A definition with no link has nothing to list: no "References:" heading with nothing under it.
    expect(r.stdout).not.toMatch(/References:\n*$/);
  });

  test("--list-rules --policy builtin:batch lists the built-in definitions that run, with their displayName, after the BATCH rules", () => {
    const r = run(["--list-rules", "--policy", "builtin:batch"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const policy = lines.filter((l) => l.startsWith("policy/"));
    expect(policy.map((l) => l.replace(/ {2,}/g, " | "))).toEqual([
      "policy/428256e6-1fac-4f48-a757-df34c2b3336d | policy-428256e6-1fac-4f48-a757-df34c2b3336d | warning | Resource logs in Batch accounts should be enabled",
      "policy/99e9ccd8-3db9-4592-b0d1-14b1715a4d8a | policy-99e9ccd8-3db9-4592-b0d1-14b1715a4d8a | warning | Azure Batch account should use customer-managed keys to encrypt data",
      "policy/6f68b69f-05fe-49cd-b361-777ee9ca7e35 | policy-6f68b69f-05fe-49cd-b361-777ee9ca7e35 | warning | Batch accounts should have local authentication methods disabled",
      "policy/4dbc2f5c-51cf-4e38-9179-c7028eed2274 | policy-4dbc2f5c-51cf-4e38-9179-c7028eed2274 | warning | Configure Batch accounts to disable local authentication",
      "policy/74c5a0ae-5e48-4738-b093-65e23a060488 | policy-74c5a0ae-5e48-4738-b093-65e23a060488 | warning | Public network access should be disabled for Batch accounts",
      "policy/c520cefc-285f-40f3-86e2-2efc38ef1f64 | policy-c520cefc-285f-40f3-86e2-2efc38ef1f64 | warning | Configure Batch accounts to disable public network access",
      "policy/1760f9d4-7206-436e-a28f-d9f3a5c8a227 | policy-1760f9d4-7206-436e-a28f-d9f3a5c8a227 | warning | Azure Batch pools should have disk encryption enabled",
      "policy/009a0c92-f5b4-4776-9b66-4ed2b4775563 | policy-009a0c92-f5b4-4776-9b66-4ed2b4775563 | warning | Private endpoint connections on Batch accounts should be enabled",
    ]);
    // The built-in definitions whose parameters have no default (the metric alert and DeployIfNotExists ones) are left out.
    expect(r.stdout).not.toContain("26ee67a2");
    expect(lines.findIndex((l) => l.startsWith("policy/"))).toBeGreaterThan(lines.findLastIndex((l) => l.startsWith("BATCH")));
    // An assignment's effect gives a custom definition's listed level.
    const dir = copy();
    const custom = run(["--list-rules", "--policy", "custom/pool-vm-size.json", "--policy", "custom/assignment.json"], { cwd: dir });
    expect(custom.stdout.split("\n").filter((l) => l.startsWith("policy/"))).toEqual([expect.stringMatching(/^policy\/pool-vm-size +policy-pool-vm-size +error +Batch pools should use an approved VM size$/)]);
    expect(run(["--list-rules"]).stdout).not.toContain("policy/");
  });
});

describe("configuration, suppressions and baselines", () => {
  test("a configuration's policies (paths relative to it, with an assignment) and rules levels for policy/<name>", () => {
    const dir = copy();
    write(
      dir,
      "batchlint.config.json",
      `${JSON.stringify(
        {
          policies: ["builtin:batch", "./custom/pool-vm-size.json", "./custom/assignment.json"],
          rules: { [LOCAL_AUTH_MODIFY]: "off", [LOCAL_AUTH]: "error", [DISK_ENCRYPTION]: "off", BATCH001: "off" },
        },
        null,
        2,
      )}\n`,
    );
    fs.mkdirSync(path.join(dir, "sub"));
    const r = run(["template.json", "custom/pools.json", "-f", "json"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(policyFindings(r.stdout)).toEqual(["custom/pools.json:10:19 error policy/pool-vm-size acct/dpool", `template.json:12:40 error ${LOCAL_AUTH} sharedkeyacct`]);
    // From another directory: the paths are the configuration's, not cwd's.
    const sub = run(["../template.json", "../custom/pools.json", "-f", "json"], { cwd: path.join(dir, "sub") });
    expect(sub.code).toBe(1);
    expect(
      json(sub.stdout)
        .findings.filter((f) => f.ruleId.startsWith("policy/"))
        .map((f) => `${f.severity} ${f.ruleId}`),
    ).toEqual(["error policy/pool-vm-size", `error ${LOCAL_AUTH}`]);
  });

  test("a configuration's policies entry that cannot be loaded: exit 2 at the entry", () => {
    const dir = copy();
    write(dir, "batchlint.config.json", '{ "policies": ["builtin:batch", "./nope.json"] }\n');
    const r = run(["template.json"], { cwd: dir });
    expect(r).toEqual({ code: 2, stdout: "", stderr: "batchlint.config.json:1:33: error policies: ./nope.json: cannot read policy file: no such file or directory\n" });
  });

  test("// batchlint-disable-next-line policy/<guid> -- reason in a JSONC template suppresses that finding only", () => {
    const dir = copy();
    const r = run(["suppress/template.jsonc", "--policy", "builtin:batch", ...NO_BATCH001], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([modifyLine("suppress/template.jsonc:13:40"), MODIFY_HELP, "", "✖ 1 problem (0 errors, 1 warning) in 1 file", "  (not shown: 1 suppressed)", ""].join("\n"));
    const report = json(run(["suppress/template.jsonc", "--policy", "builtin:batch", ...NO_BATCH001, "-f", "json"], { cwd: dir }).stdout);
    const suppressed = report.findings.filter((f) => f.suppression);
    expect(suppressed.map((f) => [brief(f), f.suppression])).toEqual([
      [`suppress/template.jsonc:13:40 warning ${LOCAL_AUTH} sharedkeyacct`, { kind: "inSource", justification: "legacy client until 2027-01", source: "suppress/template.jsonc:12:9" }],
    ]);
    // With Deny the suppressed finding is an error, still suppressed: exit 0.
    expect(run(["suppress/template.jsonc", "--policy", "builtin:batch", "--policy-param", "effect=Deny", ...NO_BATCH001], { cwd: dir }).code).toBe(0);
    // Unused when the policy is not loaded.
    const unused = run(["suppress/template.jsonc", "--report-unused-suppressions", ...NO_BATCH001], { cwd: dir });
    expect(unused.stdout).toContain(LOCAL_AUTH);
  });

  test("a baseline takes policy findings like any other: --baseline-create, then only new ones are reported", () => {
    const dir = copy();
    const args = ["template.json", "--policy", "builtin:batch", "--policy-param", "effect=Deny", ...NO_BATCH001];
    const created = run([...args, "--baseline-create", "baseline.json"], { cwd: dir });
    expect(created.code, created.stderr).toBe(0);
    const entries = JSON.parse(fs.readFileSync(path.join(dir, "baseline.json"), "utf8")).entries as { ruleId: string; file: string; propertyPath: string }[];
    expect(entries.map((e) => `${e.ruleId} ${e.file} ${e.propertyPath}`).sort()).toEqual([
      `${LOCAL_AUTH_MODIFY} template.json properties.allowedAuthenticationModes[0]`,
      `${LOCAL_AUTH} template.json properties.allowedAuthenticationModes[0]`,
    ]);
    const clean = run([...args, "--baseline", "baseline.json"], { cwd: dir });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe("");
    // A second account with the same problem is new.
    const text = fs.readFileSync(path.join(dir, "template.json"), "utf8");
    const resource = text.slice(text.indexOf("    {\n"), text.lastIndexOf("    }\n") + 6);
    write(dir, "template.json", text.replace(resource, `${resource.trimEnd()},\n${resource.replace("sharedkeyacct", "secondacct")}`));
    const r = run([...args, "--baseline", "baseline.json", "-f", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => `${f.baselineState} ${f.severity} ${f.ruleId} ${f.resource.label}`)).toEqual([
      `unchanged warning ${LOCAL_AUTH_MODIFY} sharedkeyacct`,
      `unchanged error ${LOCAL_AUTH} sharedkeyacct`,
      `new warning ${LOCAL_AUTH_MODIFY} secondacct`,
      `new error ${LOCAL_AUTH} secondacct`,
    ]);
    const textReport = run([...args, "--baseline", "baseline.json"], { cwd: dir });
    expect(textReport.stdout).toMatch(/^✖ 2 problems \(1 error, 1 warning\) in 1 file\n {2}\(not shown: 2 in baseline\)\n$/m);
    expect(textReport.stdout).not.toContain("'sharedkeyacct'");
  });
});

describe("--fix with a Modify definition", () => {
  test("--fix-dry-run shows the operation's edit; --fix writes it in ARM, Bicep and Terraform; re-linting is clean", () => {
    const dir = copy();
    const args = ["--policy", "builtin:batch", ...NO_BATCH001];
    const dry = run(["template.json", ...args, "--fix-dry-run=-", "--rule", `${LOCAL_AUTH}=off`], { cwd: dir });
    expect(dry.code).toBe(0);
    // The diff (on stdout with =-), then the report.
    expect(dry.stdout).toBe(
      [
        "--- a/template.json",
        "+++ b/template.json",
        "@@ -9,7 +9,7 @@",
        '       "location": "westeurope",',
        '       "identity": { "type": "SystemAssigned" },',
        '       "properties": {',
        '-        "allowedAuthenticationModes": ["SharedKey", "AAD"],',
        '+        "allowedAuthenticationModes": ["AAD"],',
        '         "publicNetworkAccess": "Disabled",',
        '         "encryption": {',
        '           "keySource": "Microsoft.KeyVault",',
        modifyLine("template.json:12:40"),
        MODIFY_HELP,
        "",
        "✖ 1 problem (0 errors, 1 warning) in 1 file",
        "",
      ].join("\n"),
    );
    expect(fs.readFileSync(path.join(dir, "template.json"), "utf8")).toBe(fs.readFileSync(path.join(FIXTURES, "template.json"), "utf8"));
    const before = Object.fromEntries(["template.json", "main.bicep", "main.tf"].map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
    const fixed = run(["template.json", "main.bicep", "main.tf", ...args, "--fix"], { cwd: dir });
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toBe(["main.bicep", "main.tf", "template.json"].map((f) => `batchlint: fixed ${f} (${LOCAL_AUTH_MODIFY})\n`).join(""));
    expect(fs.readFileSync(path.join(dir, "template.json"), "utf8")).toBe(before["template.json"]!.replace('["SharedKey", "AAD"]', '["AAD"]'));
    expect(fs.readFileSync(path.join(dir, "main.bicep"), "utf8")).toBe(before["main.bicep"]!.replace("      'SharedKey'\n", ""));
    expect(fs.readFileSync(path.join(dir, "main.tf"), "utf8")).toBe(before["main.tf"]!.replace('["SharedKey", "AAD"]', '["AAD"]'));
    // Re-lint: neither the Modify nor the Audit definition (nor BATCH001) reports anything.
    expect(run(["template.json", "main.bicep", "main.tf", "--policy", "builtin:batch"], { cwd: dir })).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("worker threads", () => {
  test("--jobs 2 (worker threads over 5,000 templates, Bicep and Terraform files) gives the bytes of --jobs 1 with policies", { timeout: 240_000 }, () => {
    expect(minFilesForWorkers(2)).toBeLessThanOrEqual(5000);
    const dir = copy();
    const template = fs.readFileSync(path.join(FIXTURES, "template.json"), "utf8");
    const bicep = fs.readFileSync(path.join(FIXTURES, "main.bicep"), "utf8");
    const tf = fs.readFileSync(path.join(FIXTURES, "main.tf"), "utf8");
    for (let i = 0; i < 5000; i++) {
      const n = String(i).padStart(4, "0");
      const bad = i % 3 === 0;
      const modes = (s: string) => (bad ? s : s.replace("SharedKey", "AAD"));
      if (i % 5 === 3) write(dir, `many/b${n}/main.bicep`, modes(bicep).replaceAll("sharedkeyacct", `acct${n}`));
      else if (i % 5 === 4) write(dir, `many/t${n}/main.tf`, modes(tf).replaceAll("sharedkeyacct", `acct${n}`));
      else write(dir, `many/a${n}.json`, modes(template).replaceAll("sharedkeyacct", `acct${n}`));
    }
    const lint = (jobs: string) =>
      run(["many", "custom/pools.json", "--policy", "builtin:batch", "--policy", "custom/pool-vm-size.json", "--policy", "custom/assignment.json", "-f", "sarif", "--jobs", jobs], { cwd: dir });
    const one = lint("1");
    const two = lint("2");
    expect(one.code, one.stderr).toBe(1);
    expect(two.stderr).toBe(one.stderr);
    expect(two.code).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    const counts: Record<string, number> = {};
    for (const x of JSON.parse(one.stdout).runs[0].results as { ruleId: string }[]) counts[x.ruleId] = (counts[x.ruleId] ?? 0) + 1;
    // Every third file allows SharedKey: 1,667 of 5,000.
    expect(counts).toEqual({ BATCH001: 1667, [LOCAL_AUTH]: 1667, [LOCAL_AUTH_MODIFY]: 1667, "policy/pool-vm-size": 1, [DISK_ENCRYPTION]: 2 });
  });
});

describe("unknown values", () => {
  test("a reference() value gives no policy finding; --report-unknown lists what the policies could not decide", () => {
    const dir = copy();
    const r = run(["unknown/template.json", "--policy", "builtin:batch", "--policy-param", "effect=Deny"], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    const unknown = run(["unknown/template.json", "--policy", "builtin:batch", "--report-unknown"], { cwd: dir });
    expect(unknown.code).toBe(0);
    const policyLines = unknown.stdout.split("\n").filter((l) => l.includes(" policy/"));
    expect(policyLines).toEqual([
      `unknown/template.json:12:39: unknown ${LOCAL_AUTH} could not decide: properties.allowedAuthenticationModes is unknown (reference() is only known at deployment time)`,
      `unknown/template.json:12:39: unknown ${LOCAL_AUTH_MODIFY} could not decide: properties.allowedAuthenticationModes is unknown (reference() is only known at deployment time)`,
      "unknown/template.json:13:32: unknown policy/74c5a0ae-5e48-4738-b093-65e23a060488 could not decide: properties.publicNetworkAccess is unknown (reference() is only known at deployment time)",
      "unknown/template.json:13:32: unknown policy/c520cefc-285f-40f3-86e2-2efc38ef1f64 could not decide: properties.publicNetworkAccess is unknown (reference() is only known at deployment time)",
    ]);
  });
});

describe("policies that cannot be loaded: exit 2 before any file is linted, naming the file", () => {
  const usage = (stderr: string) => ({ code: 2, stdout: "", stderr });

  test("a missing policy file, and an unknown builtin: set", () => {
    const dir = copy();
    expect(run(["template.json", "--policy", "nope/missing.json"], { cwd: dir })).toEqual(usage("batchlint: --policy: nope/missing.json: cannot read policy file: no such file or directory\n"));
    expect(run(["template.json", "--policy", "builtin:nope"], { cwd: dir })).toEqual(usage("batchlint: --policy: builtin:nope: unknown built-in policy set (available: builtin:batch)\n"));
  });

  test("invalid JSON: file:line:col, in every output format (nothing on stdout)", () => {
    const dir = copy();
    for (const format of ["text", "json", "sarif"]) {
      expect(run(["template.json", "--policy", "bad/invalid.json", "-f", format], { cwd: dir }), format).toEqual(usage("batchlint: --policy: bad/invalid.json:3:33: invalid JSON: CommaExpected\n"));
    }
  });

  test("an alias not in batchlint's Microsoft.Batch alias table: named, with the definition", () => {
    const dir = copy();
    expect(run(["template.json", "--policy", "bad/alias.json"], { cwd: dir })).toEqual(
      usage("batchlint: --policy: bad/alias.json: policy 'bad-alias' uses the alias 'Microsoft.Batch/batchAccounts/noSuchProperty', which batchlint does not know (not in its Microsoft.Batch alias table)\n"),
    );
  });

  test("--policy-param without --policy, with a name no policy declares, with a value none allows", () => {
    const dir = copy();
    expect(run(["template.json", "--policy-param", "effect=Deny"], { cwd: dir })).toEqual(usage("batchlint: --policy-param given without --policy\n"));
    expect(run(["template.json", "--policy", "builtin:batch", "--policy-param", "nosuch=1"], { cwd: dir })).toEqual(
      usage("batchlint: --policy: --policy-param nosuch: no loaded policy definition or set declares this parameter\n"),
    );
    const bogus = run(["template.json", "--policy", "custom/pool-vm-size.json", "--policy-param", "effect=Bogus"], { cwd: dir });
    expect(bogus).toEqual(usage('batchlint: --policy: --policy-param effect: "Bogus" is not among the allowedValues of any loaded policy that declares it (pool-vm-size)\n'));
  });
});
