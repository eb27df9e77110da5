/** Suppressions from configuration through the built CLI: SARIF, stylish and exit codes (in-process: suppress.test.ts). */
import { describe, expect, test } from "vitest";
import { account, exampleExport, run, scratch, template } from "./cli-run.js";

describe("configuration suppressions, SARIF and exit codes", () => {
  test("config suppression by file and resource name is 'external'; an unjustified one is reported at the config entry", () => {
    const dir = scratch({
      "batchlint.config.json": JSON.stringify(
        {
          suppressions: [
            { file: "accounts/*.json", resource: "contosobatch", rule: "BATCH003", justification: "CMK identity migrates in PLAT-9" },
            { file: "accounts/*.json", resource: "someone-else", rule: "BATCH001", justification: "other account" },
            { file: "accounts/*.json", rule: "BATCH004" },
          ],
        },
        null,
        2,
      ),
      "accounts/a.json": exampleExport,
    });
    const r = run(["accounts", "-f", "json", "--report-unused-suppressions"], { cwd: dir });
    const out = JSON.parse(r.stdout);
    const by = (id: string) => out.findings.filter((f: { ruleId: string }) => f.ruleId === id);
    expect(by("BATCH003")[0].suppression).toEqual({ kind: "external", justification: "CMK identity migrates in PLAT-9", source: "batchlint.config.json:3:5" });
    expect(by("BATCH001")[0].suppression).toBeUndefined();
    expect(by("BATCH004")[0].suppression.kind).toBe("external");
    expect(by("BATCH990").map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(["batchlint.config.json:15"]);
    expect(by("BATCH991").map((f: { message: string }) => f.message)).toEqual(["suppression of BATCH001 is unused: no such finding here."]);
    expect(r.code).toBe(1); // BATCH001 and BATCH002 still fail
  });

  test("suppressed results appear in SARIF only with --sarif-include-suppressed; stylish hides them; they do not fail the run", () => {
    const text = template(`    {
      "type": "Microsoft.Batch/batchAccounts",
      "name": "acct",
      "properties": {
        // batchlint-disable-next-line BATCH001 -- approved exception EX-42
        "allowedAuthenticationModes": ["AAD", "SharedKey"]
      }
    }`);
    const dir = scratch({ "t.jsonc": text });
    const plain = run(["t.jsonc", "-f", "sarif"], { cwd: dir });
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout).runs[0].results).toEqual([]);
    const incl = run(["t.jsonc", "-f", "sarif", "--sarif-include-suppressed"], { cwd: dir });
    const results = JSON.parse(incl.stdout).runs[0].results;
    expect(results.map((x: { ruleId: string }) => x.ruleId)).toEqual(["BATCH001"]);
    expect(results[0].suppressions).toEqual([{ kind: "inSource", status: "accepted", justification: "approved exception EX-42" }]);
    expect(run(["t.jsonc"], { cwd: dir }).stdout).toBe("");
    expect(run(["t.jsonc", "--verbose"], { cwd: dir }).stdout).toContain("not shown: 1 suppressed");
  });

  test("pseudo-rules are configurable and listed", () => {
    const dir = scratch({
      "batchlint.config.json": '{ "rules": { "suppression-without-justification": "error" } }',
      "a.json": account("a", { allowedAuthenticationModes: ["AAD"] }, { metadata: { batchlint: { suppress: [{ rule: "BATCH001" }] } } }),
    });
    const r = run(["a.json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/a\.json:\d+:\d+: error BATCH990 suppression of BATCH001 has no justification\./);
    expect(run(["--list-rules"]).stdout).toMatch(/^BATCH990 +suppression-without-justification/m);
    expect(run(["--explain", "BATCH991"]).code).toBe(0);
  });
});
