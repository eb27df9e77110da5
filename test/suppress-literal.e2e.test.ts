/** Suppressions must be written literally, through the built CLI (in-process, and why: suppress-literal.test.ts, whose helpers below are copied from). */
import { describe, expect, test } from "vitest";
import { run, scratch, template } from "./cli-run.js";

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");
const hidden = b64([{ rule: "BATCH001", justification: "looks fine" }]);

/** A shared-key account (BATCH001) with the given `metadata` member text and template variables. */
function account(metadata: string, extra = ""): string {
  return template(`    {
      "type": "Microsoft.Batch/batchAccounts",
      "apiVersion": "2024-07-01",
      "name": "acct",
      "location": "westeurope",${extra}
      "metadata": ${metadata},
      "properties": { "allowedAuthenticationModes": ["AAD", "SharedKey"] }
    }`).replace(
    '"contentVersion": "1.0.0.0",',
    `"contentVersion": "1.0.0.0",
  "variables": { "s": [{ "rule": "BATCH001", "justification": "v" }], "m": { "description": "no suppression here" } },`,
  );
}

describe("through the CLI", () => {
  const literal = account(`{ "batchlint": { "suppress": [ { "rule": "BATCH001", "justification": "legacy client" } ] } }`);
  const computed = account(`{ "batchlint": { "suppress": "[json(base64ToString('${hidden}'))]" } }`);

  test("an expression-valued suppression fails the run (exit 1) where the literal one passes (exit 0)", () => {
    const dir = scratch({ "literal.json": literal, "computed.json": computed });
    const ok = run(["literal.json"], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("");
    const bad = run(["computed.json"], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/computed\.json:11:\d+: error BATCH992 metadata\.batchlint\.suppress is an ARM expression/);
    expect(bad.stdout).toMatch(/computed\.json:12:\d+: error BATCH001 /);
    const sarif = JSON.parse(run(["computed.json", "-f", "sarif"], { cwd: dir }).stdout).runs[0];
    expect(sarif.results.map((x: { ruleId: string }) => x.ruleId).sort()).toEqual(["BATCH001", "BATCH992"]);
    const rule = sarif.tool.driver.rules.find((x: { id: string }) => x.id === "BATCH992");
    expect(rule.name).toBe("suppression-not-literal");
    expect(rule.fullDescription.text.length).toBeGreaterThan(20);
  });

  test("BATCH992 is documented and configurable like its siblings", () => {
    expect(run(["--list-rules"]).stdout).toMatch(/^BATCH992 +suppression-not-literal/m);
    const explain = run(["--explain", "suppression-not-literal"]);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain("BATCH992");
    expect(explain.stdout).toContain("Only literal rule ids and names count");
    const dir = scratch({ "computed.json": computed, "batchlint.config.json": '{ "rules": { "BATCH992": "warning" } }' });
    const warned = run(["computed.json"], { cwd: dir });
    expect(warned.stdout).toMatch(/warning BATCH992/);
    expect(warned.code).toBe(1); // BATCH001 is still reported
  });

  test("a configuration-file suppression cannot be an expression either: it is a configuration error (exit 2)", () => {
    const dir = scratch({
      "a.json": literal.replace(/"metadata": .*\n/, ""),
      "batchlint.config.json": JSON.stringify({ suppressions: [{ file: "*.json", rule: `[json(base64ToString('${b64("BATCH001")}'))]`, justification: "x" }] }),
    });
    const r = run(["a.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/suppressions\[0\]\.rule: unknown rule/);
    expect(r.stdout).toBe("");
  });
});
