/** Configuration: discovery, validation with positions, rules/overrides/ignore/parameters, --rule, --print-config, schema. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { coreRules as rules } from "./cli-run.js";
import { ConfigError, ConfigResolver, parseConfigText } from "../src/config/config.js";
import { SUPPRESSION_RULES } from "../src/post/suppress.js";
import { lintPaths } from "../src/pipeline/run.js";
import { globMatchers } from "../src/config/glob.js";
import { repoRoot } from "./helpers.js";
import { exampleExport, scratch } from "./cli-run.js";

const { matchGlob, matchGlobOrParent } = await globMatchers();

const builtins = [...rules, ...SUPPRESSION_RULES];
const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "schema/batchlint.config.schema.json"), "utf8"));
const validateSchema = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

async function configIssues(text: string): Promise<string[]> {
  try {
    await parseConfigText(text, "/x/batchlint.config.json", builtins);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.issues.map((i) => `${i.line}:${i.column} ${i.message}`);
  }
}

describe("globs", () => {
  test("gitignore-like matching", () => {
    expect(matchGlob("*.json", "a/b/c.json")).toBe(true);
    expect(matchGlob("./*.json", "a/c.json")).toBe(false);
    expect(matchGlob("./*.json", "c.json")).toBe(true);
    expect(matchGlob("legacy/**", "legacy/x/y.json")).toBe(true);
    expect(matchGlob("**/prod/*.{json,jsonc}", "infra/prod/a.jsonc")).toBe(true);
    expect(matchGlob("**/prod/*.{json,jsonc}", "prod/a.json")).toBe(true);
    expect(matchGlob("infra/*.json", "infra/sub/a.json")).toBe(false);
    expect(matchGlobOrParent("legacy", "legacy/x/y.json")).toBe(true);
    expect(matchGlob("*.json", "../outside.json")).toBe(false);
  });
});

describe("configuration validation", () => {
  test("a valid configuration with comments and trailing commas loads", async () => {
    const issues = await configIssues(`{
      // comments are fine
      "rules": { "BATCH001": "warning", "network-profile-ignored": "off", "BATCH003": ["error"], },
      "ignore": ["legacy/**"],
      "overrides": [{ "files": "dev/**", "rules": { "BATCH002": "note" } }],
      "suppressions": [{ "file": "a.json", "rule": "BATCH001", "justification": "x" }],
    }`);
    expect(issues).toEqual([]);
  });

  test("every problem is reported with line:column", async () => {
    const issues = await configIssues(`{
  "rules": {
    "BATCH0999": "error",
    "BATCH001": "fatal",
    "BATCH002": ["error", { "nope": 1 }]
  },
  "ignore": "legacy",
  "overrides": [{ "rules": {} }],
  "suppressions": [{ "file": "a.json", "rule": "no-such-rule" }],
  "extends": "x"
}`);
    expect(issues).toEqual([
      "3:5 rules: unknown rule 'BATCH0999' (see batchlint --list-rules; plugin rules need their plugin in \"plugins\")",
      '4:17 rules.BATCH001: level must be one of error, warning, note, off; got "fatal"',
      "5:29 rules.BATCH002: rule BATCH002 has no option 'nope' (it takes no options)",
      "7:13 ignore must be an array, got string",
      '8:17 overrides[0]: "files" is required',
      "9:48 suppressions[0].rule: unknown rule 'no-such-rule'",
      "10:3 unknown property 'extends' (allowed: rules, ignore, overrides, parameters, suppressions, plugins, policies)",
    ]);
  });

  test("invalid JSON names the position", async () => {
    expect(await configIssues('{\n  "rules": {\n    "BATCH001": "error"\n  \n')).toEqual(["5:1 invalid JSON: CloseBraceExpected"]);
  });

  test("the shipped JSON schema agrees with the validator", async () => {
    const good = [
      { rules: { BATCH001: "off", "shared-key-auth-disabled": ["error"], BATCH004: ["warning", {}] } },
      { ignore: ["a/**"], overrides: [{ files: ["x/*.json"], rules: { BATCH001: "note" } }] },
      { suppressions: [{ file: "a.json", resource: "acct", rule: "BATCH001", justification: "why" }] },
      { plugins: [], $schema: "./node_modules/batchlint/schema/batchlint.config.schema.json" },
    ];
    const bad = [{ rules: { BATCH001: "fatal" } }, { ignore: "a" }, { overrides: [{ rules: {} }] }, { suppressions: [{ file: "a.json" }] }, { unknown: 1 }, { rules: { BATCH001: ["error", {}, 1] } }];
    for (const c of good) {
      expect(validateSchema(c), JSON.stringify(validateSchema.errors)).toBe(true);
      expect(await configIssues(JSON.stringify(c)), JSON.stringify(c)).toEqual([]);
    }
    for (const c of bad) {
      expect(validateSchema(c), JSON.stringify(c)).toBe(false);
      expect((await configIssues(JSON.stringify(c))).length, JSON.stringify(c)).toBeGreaterThan(0);
    }
  });
});

describe("per-file configuration", () => {
  test("nearest configuration wins, .batchlintrc.json too; overrides, ignore and parameters resolve per file", async () => {
    const dir = scratch({
      "batchlint.config.json": JSON.stringify({
        rules: { BATCH001: "warning" },
        overrides: [{ files: "dev/**", rules: { BATCH002: "off" } }],
        ignore: ["legacy"],
        parameters: [{ files: "templates/main.json", parameters: ["env/prod.parameters.json", "env/extra.parameters.json"] }],
      }),
      "env/prod.parameters.json": "{}",
      "env/extra.parameters.json": "{}",
      "a.json": exampleExport,
      "dev/a.json": exampleExport,
      "legacy/a.json": exampleExport,
      "sub/.batchlintrc.json": '{ "rules": { "BATCH001": "off" } }',
      "sub/a.json": exampleExport,
      "templates/main.json": "{}",
    });
    const resolver = new ConfigResolver({ builtins, cwd: dir }); // lookup stops at the current directory outside git
    const main = await resolver.resolve(path.join(dir, "templates/main.json"));
    expect(main.parameterFiles).toEqual([path.join(dir, "env/prod.parameters.json"), path.join(dir, "env/extra.parameters.json")]);
    expect((await resolver.resolve(path.join(dir, "legacy/a.json"))).ignored).toBe(true);

    const result = await lintPaths(["."], { rules: builtins, cwd: dir, base: dir, resolveConfig: resolver.resolve });
    const seen = result.findings.filter((f) => ["BATCH001", "BATCH002"].includes(f.ruleId)).map((f) => `${f.file} ${f.ruleId} ${f.severity}`);
    expect(seen).toEqual(["a.json BATCH001 warning", "a.json BATCH002 error", "dev/a.json BATCH001 warning", "sub/a.json BATCH002 error"]);
    expect(result.notes.some((n) => n.file === "legacy/a.json" && n.kind === "skipped")).toBe(true);
  });

  test("without a resolver, lintPaths behaves as before (no lookup)", async () => {
    const dir = scratch({ "batchlint.config.json": '{ "rules": { "BATCH001": "off" } }', "a.json": exampleExport });
    const result = await lintPaths(["."], { rules, cwd: dir, base: dir });
    expect(result.findings.some((f) => f.ruleId === "BATCH001")).toBe(true);
  });
});
