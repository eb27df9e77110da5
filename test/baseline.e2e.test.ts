/** Baselines: adopt batchlint on a repository with legacy findings; only new findings fail the build. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { account, run, scratch, write } from "./cli-run.js";

/** Five accounts, each with SharedKey and TaskAuthenticationToken: 10 legacy findings. */
function legacyRepo(): string {
  const files: Record<string, string> = {};
  for (let i = 1; i <= 5; i++) files[`infra/acct${i}.json`] = account(`acct${i}`, { allowedAuthenticationModes: ["AAD", "SharedKey", "TaskAuthenticationToken"] });
  return scratch(files);
}

describe("baseline workflow (CLI)", () => {
  test("10 legacy findings: create a baseline, stay green; edits above do not break it; a new violation fails", () => {
    const dir = legacyRepo();
    expect(run(["infra"], { cwd: dir }).code).toBe(1);

    const created = run(["infra", "--baseline-create", ".batchlint-baseline.json"], { cwd: dir });
    expect(created.code).toBe(0);
    expect(created.stderr).toContain("wrote 10 baseline entries to .batchlint-baseline.json");
    const baseline = JSON.parse(fs.readFileSync(path.join(dir, ".batchlint-baseline.json"), "utf8"));
    expect(baseline.version).toBe(1);
    expect(baseline.entries).toHaveLength(10);
    expect(baseline.entries[0]).toMatchObject({ ruleId: "BATCH001", file: "infra/acct1.json", resource: "microsoft.batch/batchaccounts acct1", propertyPath: "properties.allowedAuthenticationModes[1]" });

    const ok = run(["infra", "--baseline", ".batchlint-baseline.json"], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("");

    // Unrelated edits move every line: fingerprints do not use line numbers.
    const f1 = path.join(dir, "infra/acct1.json");
    const moved = JSON.parse(fs.readFileSync(f1, "utf8"));
    fs.writeFileSync(f1, JSON.stringify({ tags: { a: "1", b: "2", c: "3" }, ...moved }, null, 4));
    expect(run(["infra", "--baseline", ".batchlint-baseline.json"], { cwd: dir }).code).toBe(0);

    // A new violation fails the build and is the only thing reported.
    write(dir, "infra/acct6.json", account("acct6", { allowedAuthenticationModes: ["AAD", "SharedKey"] }));
    const fail = run(["infra", "--baseline", ".batchlint-baseline.json"], { cwd: dir });
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/^infra\/acct6\.json:\d+:\d+: error BATCH001 /m);
    expect(fail.stdout).not.toContain("acct1.json");
    expect(fail.stdout).toContain("1 problem (1 error, 0 warnings)");

    // SARIF: baselineState and partialFingerprints.
    const sarif = JSON.parse(run(["infra", "--baseline", ".batchlint-baseline.json", "-f", "sarif"], { cwd: dir }).stdout);
    const states = sarif.runs[0].results.map((r: { baselineState: string }) => r.baselineState);
    expect(states.filter((s: string) => s === "unchanged")).toHaveLength(10);
    expect(states.filter((s: string) => s === "new")).toHaveLength(1);
    for (const r of sarif.runs[0].results) expect(r.partialFingerprints["batchlint/v1"]).toMatch(/^[0-9a-f]{20}:\d+$/);
  });

  test("paid-down debt is listed as no longer matching, on stderr and in json", () => {
    const dir = legacyRepo();
    run(["infra", "--baseline-create", "baseline.json"], { cwd: dir });
    write(dir, "infra/acct2.json", account("acct2", { allowedAuthenticationModes: ["AAD"] }));
    const r = run(["infra", "--baseline", "baseline.json", "-f", "json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("2 baseline entries no longer match");
    expect(r.stderr).toMatch(/infra\/acct2\.json: BATCH001 microsoft\.batch\/batchaccounts acct2 properties\.allowedAuthenticationModes\[1\]/);
    const out = JSON.parse(r.stdout);
    expect(out.baseline.unmatched.map((u: { ruleId: string; file: string }) => `${u.file} ${u.ruleId}`)).toEqual(["infra/acct2.json BATCH001", "infra/acct2.json BATCH002"]);
    // Linting only a subset does not report the rest of the baseline as fixed.
    expect(run(["infra/acct1.json", "--baseline", "baseline.json"], { cwd: dir }).stderr).toBe("");
  });

  test("the baseline works from another working directory (paths are relative to the baseline file)", () => {
    const dir = legacyRepo();
    run(["infra", "--baseline-create", "ci/baseline.json"], { cwd: dir });
    expect(run([".", "--baseline", "../ci/baseline.json"], { cwd: path.join(dir, "infra") }).code).toBe(0);
  });

  test("a missing or malformed baseline is a usage error", () => {
    const dir = legacyRepo();
    expect(run(["infra", "--baseline", "nope.json"], { cwd: dir }).code).toBe(2);
    write(dir, "bad.json", "[]");
    const r = run(["infra", "--baseline", "bad.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a batchlint baseline");
  });
});
