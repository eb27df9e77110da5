/** Every SARIF output validates against the official SARIF 2.1.0 schema (ajv), with GitHub's essentials. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { rules } from "../rules/index.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { sarifLog } from "../src/output/sarif.js";
import type { LintResult } from "../src/engine/findings.js";
import { repoRoot } from "./helpers.js";

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "test/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

function check(result: LintResult) {
  const log = JSON.parse(JSON.stringify(sarifLog(result, { rules, base: repoRoot, color: false })));
  const ok = validate(log);
  expect(validate.errors ?? [], "SARIF schema errors").toEqual([]);
  expect(ok).toBe(true);
  return log;
}

describe("SARIF output", () => {
  test("empty run is valid and has results: []", () => {
    const log = check({ findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0 });
    expect(log.runs[0].results).toEqual([]);
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.runs[0].tool.driver.rules.length).toBe(rules.length);
  });

  test("every fixture produces valid SARIF with full regions and explicit levels", async () => {
    const result = await lintPaths(["fixtures"], { rules, cwd: repoRoot, base: repoRoot });
    expect(result.findings.length).toBeGreaterThan(0);
    const log = check(result);
    for (const r of log.runs[0].results) {
      expect(["error", "warning", "note"]).toContain(r.level);
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe("%SRCROOT%");
      expect(loc.artifactLocation.uri).not.toMatch(/\\|^\//);
      for (const k of ["startLine", "startColumn", "endLine", "endColumn"]) expect(loc.region[k]).toBeGreaterThanOrEqual(1);
      expect(r.ruleId).not.toContain("/");
    }
    expect(log.runs[0].columnKind).toBe("utf16CodeUnits");
  });

  test("rule descriptors carry what GitHub requires", () => {
    const log = check({ findings: [], errors: [], notes: [], filesLinted: 0, resourcesChecked: 0 });
    for (const d of log.runs[0].tool.driver.rules) {
      expect(d.shortDescription.text.length).toBeGreaterThan(0);
      expect(d.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(d.help.text.length).toBeGreaterThan(0);
      expect(d.help.markdown.length).toBeGreaterThan(0);
      expect(["error", "warning", "note"]).toContain(d.defaultConfiguration.level);
      if (d.properties["security-severity"] !== undefined) expect(Number(d.properties["security-severity"])).toBeGreaterThan(0);
    }
  });

  test("parse failures become toolExecutionNotifications and the run stays valid", () => {
    const result = lintText('{ "resources": [ ', "broken.json", { rules });
    expect(result.errors.length).toBe(1);
    const log = check(result);
    const n = log.runs[0].invocations[0].toolExecutionNotifications;
    expect(n[0].level).toBe("error");
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
  });
});
