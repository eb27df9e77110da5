/** Suppressions: inline comments, resource metadata, configuration; justification and unused reports; SARIF and stylish. */
import { describe, expect, test } from "vitest";
import { coreRules as rules } from "./cli-run.js";
import { lintText } from "../src/pipeline/run.js";
import { SUPPRESSION_RULES } from "../src/post/suppress.js";
import { account, exampleExport, run, scratch, template } from "./cli-run.js";

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
