/**
 * Command-line conventions (issue 22) through the built CLI: a directory or glob with nothing to lint exits 2,
 * the --fix-dry-run diff keeps off standard output, unknown options get a suggestion, colour follows the flags and
 * FORCE_COLOR / NO_COLOR, `-f compact` feeds VS Code's matcher, and plugin packages resolve by their exports.
 * (In process: cli-conventions.test.ts.)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { account, bin, exampleExport, run, scratch } from "./cli-run.js";
import { repoRoot } from "./helpers.js";

/** The CLI with a chosen environment (cli-run.ts's `run` always sets NO_COLOR). */
function runEnv(args: string[], cwd: string, env: Record<string, string | undefined>) {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  delete merged.NO_COLOR;
  delete merged.FORCE_COLOR;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: merged });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const UNRECOGNISED = '{ "name": "some-package", "version": "1.0.0" }\n';

describe("no lintable files", () => {
  test("an empty directory, a directory without templates or exports, and a glob matching nothing exit 2 naming the path", () => {
    const dir = scratch({ "docs/readme.txt": "x", "infra/empty/.keep": "" });
    fs.rmSync(path.join(dir, "infra/empty/.keep"));
    for (const input of ["infra/empty", "docs", "infra/*.json"]) {
      const r = run([input], { cwd: dir });
      expect(r.code, input).toBe(2);
      expect(r.stdout).toContain(`${input}:1:1: error no lintable files found in ${input}`);
      const ok = run([input, "--no-error-on-unmatched-pattern"], { cwd: dir });
      expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, "", ""]);
    }
  });

  test("in JSON and SARIF too: the error has no location, and the other inputs are still linted", () => {
    const dir = scratch({ "a.json": account("a", { allowedAuthenticationModes: ["AAD"] }), "empty/x.txt": "" });
    const json = JSON.parse(run(["a.json", "empty", "-f", "json"], { cwd: dir }).stdout);
    expect(json.errors.map((e: { file: string; message: string }) => `${e.file}: ${e.message}`)).toEqual(["empty: no lintable files found in empty"]);
    expect(json.findings.length).toBe(0);
    const r = run(["a.json", "empty", "-f", "sarif"], { cwd: dir });
    expect(r.code).toBe(2);
    const note = JSON.parse(r.stdout).runs[0].invocations[0].toolExecutionNotifications[0];
    expect(note.message.text).toContain("no lintable files found in empty");
  });

  test("the path in the message is shown escaped", () => {
    const name = "e\u001b[2Jx";
    const dir = scratch({ [`${name}/x.txt`]: "" });
    const r = run([name], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("no lintable files found in e\\u001b[2Jx");
    expect(r.stdout).not.toContain("\u001b");
  });

  test("a directory whose files are all ignored by the configuration exits 2, and says why", () => {
    const dir = scratch({ "batchlint.config.json": '{ "ignore": ["legacy"] }', "legacy/a.json": exampleExport, "current/b.json": account("b", { allowedAuthenticationModes: ["AAD"] }) });
    const r = run(["legacy"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("legacy:1:1: error no lintable files found in legacy (1 file ignored by the configuration)");
    expect(run(["legacy", "--no-error-on-unmatched-pattern"], { cwd: dir }).code).toBe(0);
    // The whole tree has a file to lint: the ignored folder within it is no error.
    expect(run(["."], { cwd: dir }).code).toBe(0);
  });

  test("files named one by one keep their behaviour: one that is neither a template nor an export is skipped, exit 0", () => {
    const dir = scratch({ "package.json": UNRECOGNISED, "tsconfig.json": "{}" });
    const r = run(["package.json", "tsconfig.json"], { cwd: dir });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "", ""]);
    // A directory of such files has files to lint: they are read and skipped (not templates), not missing.
    expect(run(["."], { cwd: dir }).code).toBe(0);
    // Standard input is never "no lintable files".
    expect(run(["-"], { cwd: dir, input: UNRECOGNISED }).code).toBe(0);
    // A named file that does not exist is still an error, flag or not.
    const missing = run(["nope.json", "--no-error-on-unmatched-pattern"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain("nope.json:1:1: error no such file or directory");
  });
});

describe("--fix-dry-run keeps standard output for the report", () => {
  test("the diff goes to standard error: -f json stays JSON", () => {
    const dir = scratch({ "account.json": exampleExport });
    const r = run(["account.json", "--fix-dry-run", "-f", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/^--- a\/account\.json\n\+\+\+ b\/account\.json\n@@ /m);
    expect(fs.readFileSync(path.join(dir, "account.json"), "utf8")).toBe(exampleExport);
  });

  test("--fix-dry-run=FILE writes the diff to FILE (folders made), whole; the report stays on standard output", () => {
    const dir = scratch({ "account.json": exampleExport });
    const r = run(["account.json", "--fix-dry-run=out/fixes.diff"], { cwd: dir });
    expect(r.code).toBe(1);
    const diff = fs.readFileSync(path.join(dir, "out/fixes.diff"), "utf8");
    expect(diff.startsWith("--- a/account.json\n+++ b/account.json\n@@ ")).toBe(true);
    expect(r.stdout).toMatch(/^account\.json:\d+:\d+: error BATCH001 /m);
    expect(r.stdout + r.stderr).not.toContain("+++ b/account.json");
    expect(fs.readdirSync(path.join(dir, "out"))).toEqual(["fixes.diff"]);
    expect(fs.readFileSync(path.join(dir, "account.json"), "utf8")).toBe(exampleExport);
    // Outside the current directory: the user's own path.
    const elsewhere = scratch({});
    expect(run(["account.json", `--fix-dry-run=${path.join(elsewhere, "f.diff")}`], { cwd: dir }).code).toBe(1);
    expect(fs.readFileSync(path.join(elsewhere, "f.diff"), "utf8")).toBe(diff);
  });
});

describe("unknown options", () => {
  test("a mistyped flag gets the nearest known one, exit 2", () => {
    const r = run(["--formt", "json", "x.json"], { cwd: scratch({}) });
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("batchlint: unknown option '--formt'; did you mean '--format'?");
    expect(r.stdout).toBe("");
  });
  test("a value missing is said plainly", () => {
    // Not `run`, which appends options: the last one given here must be the one without its value.
    const r = runEnv(["x.json", "--config"], scratch({}), {});
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("batchlint: option '--config' needs a value");
  });
});

describe("colour", () => {
  const ANSI = /\u001b\[\d+m/;
  const dir = scratch({ "account.json": exampleExport });
  test.each([
    [["--no-color", "--color"], {}, true],
    [["--color", "--no-color"], { FORCE_COLOR: "1" }, false],
    [[], { FORCE_COLOR: "1" }, true],
    [[], { FORCE_COLOR: "1", NO_COLOR: "1" }, true],
    [[], { FORCE_COLOR: "0" }, false],
    [["--color"], { FORCE_COLOR: "0" }, true],
    [[], { NO_COLOR: "1" }, false],
    [[], {}, false], // not a terminal
  ] as const)("%j with %j: colour %s", (flags, env, coloured) => {
    const r = runEnv(["account.json", ...flags], dir, env);
    expect(r.code).toBe(1);
    expect(ANSI.test(r.stdout)).toBe(coloured);
  });
});

describe("-f compact", () => {
  test("every problem line matches VS Code's $eslint-compact pattern; absolute paths", () => {
    const dir = scratch({ "account.json": exampleExport });
    const r = runEnv(["account.json", "-f", "compact", "--color"], dir, {});
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    const problems = lines.slice(0, -2);
    expect(problems.length).toBeGreaterThan(2);
    const MATCHER = /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/;
    for (const line of problems) {
      const m = MATCHER.exec(line);
      expect(m, line).not.toBeNull();
      expect(m![1]).toBe(path.join(dir, "account.json"));
      expect(m![6]).toMatch(/^BATCH\d{3}$/);
    }
    expect(lines.slice(-2)).toEqual(["", `${problems.length} problems`]);
  });
});

describe("plugin packages resolve by their exports", () => {
  const entry = JSON.stringify(path.join(repoRoot, "dist/bundle/index.mjs"));
  const source = fs.readFileSync(path.join(repoRoot, "examples/plugins/cost-center-tag.mjs"), "utf8").replace('from "batchlint"', `from ${entry}`);
  test.each([
    ["an 'import' condition only, as the sugar form", { import: "./x.mjs" }],
    ["'.' with an 'import' condition", { ".": { import: "./x.mjs" } }],
    ["nested 'node' / 'import' conditions before 'default'", { ".": { node: { import: "./x.mjs" }, default: "./missing.js" } }],
  ])("%s", (_name, exports) => {
    const dir = scratch({
      "node_modules/acme-rules/package.json": JSON.stringify({ name: "acme-rules", type: "module", exports }),
      "node_modules/acme-rules/x.mjs": source,
      "batchlint.config.json": '{ "plugins": ["acme-rules"] }',
      "a.json": account("a", { allowedAuthenticationModes: ["AAD"] }),
    });
    const r = run(["a.json"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/error ACME001 the Batch account has no 'costCenter' tag/);
    expect(r.code).toBe(1);
  });
});

describe("--summary counts linted files", () => {
  test("a skipped file is not counted", () => {
    const dir = scratch({ "a.json": account("a", { allowedAuthenticationModes: ["AAD"] }), "package.json": UNRECOGNISED });
    const r = run([".", "--summary"], { cwd: dir });
    expect(r.stdout).toMatch(/^Summary: 1 file, 1 resource/m);
  });
});
