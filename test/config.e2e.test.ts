/** Configuration through the built CLI: discovery, --rule, -c, --print-config, errors with positions (in-process: config.test.ts). */
import { describe, expect, test } from "vitest";
import { account, exampleExport, run, scratch, write } from "./cli-run.js";

describe("configuration on the command line", () => {
  test("discovered config applies, --rule overrides it, -c replaces lookup", () => {
    const dir = scratch({ "batchlint.config.json": '{ "rules": { "BATCH001": "off", "BATCH002": "off", "BATCH003": "off" } }', "a.json": exampleExport, "other.json": '{ "rules": {} }' });
    expect(run(["a.json"], { cwd: dir }).code).toBe(0); // only the BATCH004 warning left
    const overridden = run(["a.json", "--rule", "BATCH001=error", "-f", "json"], { cwd: dir });
    expect(overridden.code).toBe(1);
    expect(JSON.parse(overridden.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["BATCH001", "BATCH004"]);
    const explicit = run(["a.json", "-c", "other.json", "-f", "json"], { cwd: dir });
    expect(JSON.parse(explicit.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["BATCH001", "BATCH002", "BATCH003", "BATCH004"]);
  });

  test("rule options from configuration reach the rule (--print-config shows the result)", () => {
    const dir = scratch({
      "batchlint.config.json": '{ "rules": { "BATCH001": ["note"] }, "overrides": [{ "files": "prod/*.json", "rules": { "BATCH001": "error" } }] }',
      "prod/a.json": exampleExport,
    });
    const printed = run(["--print-config", "prod/a.json"], { cwd: dir });
    expect(printed.code).toBe(0);
    const cfg = JSON.parse(printed.stdout);
    expect(cfg.configFile).toBe("batchlint.config.json");
    expect(cfg.rules.BATCH001).toBe("error");
    expect(cfg.rules.BATCH004).toBe("warning");
    expect(JSON.parse(run(["--print-config", "x.json"], { cwd: dir }).stdout).rules.BATCH001).toBe("note");
  });

  test("an invalid configuration exits 2 naming file:line:col", () => {
    const dir = scratch({ "a.json": exampleExport });
    write(dir, "batchlint.config.json", '{\n  "rules": {\n    "BATCH001": "warn"\n  }\n}\n');
    const r = run(["a.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("batchlint.config.json:3:17: error rules.BATCH001: level must be one of error, warning, note, off");

    // A broken configuration further down the tree: reported as an error for those files, the rest still linted.
    const dir2 = scratch({ "a.json": exampleExport, "sub/b.json": exampleExport, "sub/.batchlintrc.json": '{ "rules": [] }' });
    const r2 = run([".", "-f", "json"], { cwd: dir2 });
    expect(r2.code).toBe(2);
    const out = JSON.parse(r2.stdout);
    expect(out.errors).toEqual([{ file: "sub/.batchlintrc.json", line: 1, column: 12, message: "rules must be an object, got array", code: "config-error" }]);
    expect(out.findings.every((f: { file: string }) => f.file === "a.json")).toBe(true);

    const r3 = run(["a.json", "-c", "missing.json"], { cwd: dir });
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/missing\.json:1:1: error cannot read configuration file: ENOENT/);
  });

  test("account file from the README example passes with the documented configuration", () => {
    const dir = scratch({
      "batchlint.config.json": '{ "rules": { "BATCH004": "off" } }',
      "ok.json": account("ok", { allowedAuthenticationModes: ["AAD"], publicNetworkAccess: "Disabled", networkProfile: { accountAccess: { defaultAction: "Deny" } } }),
    });
    expect(run(["ok.json"], { cwd: dir }).stdout).toBe("");
  });
});
