/**
 * Command-line conventions (issue 22), in process: the argument parser's messages and --fix-dry-run=FILE, the
 * colour decision, the compact format against VS Code's `$eslint-compact` matcher, configuration globs against the
 * command line's, plugin packages resolved as `import` resolves them, and the files a summary counts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { parseCommandLine, useColor, type CommandLine } from "../src/cli/args.js";
import { diffOutput } from "../src/cli/diff-output.js";
import { globMatchers } from "../src/config/glob.js";
import { loadPlugin } from "../src/config/plugins.js";
import { compact } from "../src/output/compact.js";
import { summarize } from "../src/output/summary.js";
import { discover } from "../src/pipeline/discover.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const { matchGlob } = await globMatchers();

const scratchDirs: string[] = [];
function scratch(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-conv-")));
  scratchDirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
afterAll(() => {
  for (const d of scratchDirs) fs.rmSync(d, { recursive: true, force: true });
});

function parsed(argv: string[]): CommandLine {
  const cl = parseCommandLine(argv);
  if ("error" in cl) throw new Error(cl.error);
  return cl;
}
const parseError = (argv: string[]) => {
  const cl = parseCommandLine(argv);
  return "error" in cl ? cl.error : undefined;
};

describe("command-line messages", () => {
  test("a mistyped long option gets the nearest known one", () => {
    expect(parseError(["--formt", "json", "a.json"])).toBe("unknown option '--formt'; did you mean '--format'?");
    expect(parseError(["--no-colour"])).toBe("unknown option '--no-colour'; did you mean '--no-color'?");
    expect(parseError(["--fix-dryrun"])).toBe("unknown option '--fix-dryrun'; did you mean '--fix-dry-run'?");
    expect(parseError(["--Quiet"])).toBe("unknown option '--Quiet'; did you mean '--quiet'?");
    expect(parseError(["--formt=json"])).toBe("unknown option '--formt'; did you mean '--format'?");
  });
  test("no suggestion when nothing is near, nor for a short option", () => {
    expect(parseError(["--zzzzzzzz"])).toBe("unknown option '--zzzzzzzz'");
    expect(parseError(["-z"])).toBe("unknown option '-z'");
    expect(parseError(["-qz"])).toBe("unknown option '-q'");
  });
  test("a value missing, a forgotten value, a value where none is taken", () => {
    expect(parseError(["a.json", "-f"])).toBe("option '-f' needs a value");
    expect(parseError(["--config"])).toBe("option '--config' needs a value");
    expect(parseError(["-f", "--quiet"])).toBe("option '-f' needs a value, got '--quiet' (a value that starts with '-' is written --format=--quiet)");
    expect(parseError(["--quiet=yes"])).toBe("option '--quiet' takes no value, got '--quiet=yes'");
    // '-' is standard input, a value like any other; '--format=-x' is explicit.
    expect(parsed(["--stdin-filename", "-"]).stdinFilename).toBe("-");
    expect(parsed(["--format=-x"]).formats).toEqual(["-x"]);
  });
  test("after '--' everything is an input", () => {
    expect(parsed(["--", "--formt", "-f"]).inputs).toEqual(["--formt", "-f"]);
  });
  test("--fix-dry-run takes an optional =FILE; the next argument stays an input", () => {
    const plain = parsed(["--fix-dry-run", "a.json"]);
    expect([plain.fixDryRun, plain.fixDryRunFile, plain.inputs]).toEqual([true, undefined, ["a.json"]]);
    const file = parsed(["--fix-dry-run=out/fixes.diff", "a.json"]);
    expect([file.fixDryRun, file.fixDryRunFile, file.inputs]).toEqual([true, "out/fixes.diff", ["a.json"]]);
    expect(parseError(["--fix-dry-run="])).toMatch(/^--fix-dry-run= needs a file name/);
  });
  test("--no-error-on-unmatched-pattern", () => {
    expect(parsed(["a"]).errorOnUnmatchedPattern).toBe(true);
    expect(parsed(["a", "--no-error-on-unmatched-pattern"]).errorOnUnmatchedPattern).toBe(false);
  });
  test("the parsed values keep their types: repeated options, short groups, defaults", () => {
    const cl = parsed(["-f", "stylish", "-f", "sarif:o.sarif", "--rule", "BATCH001=off", "--rule", "BATCH002=off", "-hv", "--jobs", "2"]);
    expect([cl.formats, cl.rules, cl.help, cl.version, cl.jobs, cl.quiet, cl.inputs]).toEqual([["stylish", "sarif:o.sarif"], ["BATCH001=off", "BATCH002=off"], true, true, "2", false, ["."]]);
  });
});

describe("colour", () => {
  test("the last of --color / --no-color wins", () => {
    expect(parsed(["--no-color", "--color"]).color).toBe(true);
    expect(parsed(["--color", "--no-color"]).color).toBe(false);
    expect(parsed(["--color", "--no-color", "--color"]).color).toBe(true);
    expect(parsed(["a.json"]).color).toBeUndefined();
  });
  test.each([
    // flag, FORCE_COLOR, NO_COLOR, isTTY -> colour
    [true, "0", "1", false, true],
    [false, "1", undefined, true, false],
    [undefined, "1", undefined, false, true],
    [undefined, "3", "1", false, true],
    [undefined, "true", undefined, false, true],
    [undefined, "0", undefined, true, false],
    [undefined, "false", undefined, true, false],
    [undefined, "", undefined, true, true],
    [undefined, "", "1", true, false],
    [undefined, undefined, "1", true, false],
    [undefined, undefined, "", true, true],
    [undefined, undefined, undefined, true, true],
    [undefined, undefined, undefined, false, false],
  ] as const)("flag %s, FORCE_COLOR=%s, NO_COLOR=%s, terminal %s: %s", (flag, force, no, tty, expected) => {
    const env: NodeJS.ProcessEnv = {};
    if (force !== undefined) env.FORCE_COLOR = force;
    if (no !== undefined) env.NO_COLOR = no;
    expect(useColor(flag, env, tty)).toBe(expected);
  });
});

/** VS Code's `$eslint-compact` pattern (src/vs/workbench/contrib/tasks/common/problemMatcher.ts): file, line, character, severity, message, code. */
const ESLINT_COMPACT = /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/;

describe("compact format", () => {
  const base = repoRoot;
  const example = fs.readFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"), "utf8");

  test("every problem line matches $eslint-compact, with the finding's absolute file, position, severity, message and rule", () => {
    const result = lintText(example, "examples/export-az-noncompliant.json", { rules, base });
    expect(result.findings.length).toBeGreaterThan(2);
    const lines = compact(result, { rules, base, color: false }).split("\n");
    const problems = lines.slice(0, result.findings.length);
    problems.forEach((line, i) => {
      const f = result.findings[i]!;
      const m = ESLINT_COMPACT.exec(line);
      expect(m, line).not.toBeNull();
      const expectedSeverity = { error: "Error", warning: "Warning", note: "Info" }[f.severity];
      expect(m!.slice(1)).toEqual([path.join(repoRoot, "examples/export-az-noncompliant.json"), String(f.region.startLine), String(f.region.startColumn), expectedSeverity, f.message, f.ruleId]);
    });
    // Then a blank line and the count, as ESLint ends it; nothing else.
    expect(lines.slice(result.findings.length)).toEqual(["", `${result.findings.length} problems`, ""]);
  });

  test("notes are Info, file errors Error with their code, and a clean run prints nothing", () => {
    const noteOnly = lintText(example, "a.json", { rules, base, settings: new Map(rules.map((r) => [r.meta.id, { severity: "note" as const }])) });
    for (const line of compact(noteOnly, { rules, base, color: false }).split("\n").slice(0, noteOnly.findings.length)) expect(ESLINT_COMPACT.exec(line)?.[4]).toBe("Info");
    const broken = lintText("{ not json", "b.json", { rules, base });
    const [line] = compact(broken, { rules, base, color: false }).split("\n");
    const m = ESLINT_COMPACT.exec(line!);
    expect(m?.[4]).toBe("Error");
    expect(m?.[6]).toBe(broken.errors[0]!.code);
    expect(compact(lintText('{"a": 1}', "c.json", { rules, base }), { rules, base, color: false })).toBe("");
  });

  test("text from the input is escaped: no line break splits a problem, no CI command starts a line", () => {
    const result = lintText(example, "x\n::error::y\u001b[31m.json", { rules, base });
    const out = compact(result, { rules, base, color: false });
    expect(out).not.toContain("\u001b");
    expect(out).not.toMatch(/^\s*::/m);
    const lines = out.split("\n");
    for (const line of lines.slice(0, result.findings.length)) expect(ESLINT_COMPACT.test(line), line).toBe(true);
  });
});

describe("configuration globs match as the same pattern on the command line", () => {
  const files = ["a/1.json", "a/2.json", "a/3.json", "a/10.json", "a/x.json", "a/y.json", "a/b.json", "a/.hidden.json", "a/*.json", "a/sub/c.json", "ab/z.json", "b/q.json", ".dot/d.json", "c/.e/f.json", "c/g.json"];
  const dir = scratch(Object.fromEntries(files.map((f) => [f, "{}"])));
  test.each([
    "a/{1..3}.json",
    "a/{1..10}.json",
    "a/{x,y}.json",
    "+(a|ab)/*.json",
    "a/@(x|y).json",
    "a/!(x).json",
    "a/[!b].json",
    "a/?.json",
    // A file named a/*.json is one on the command line, whatever else the name would match: escaped, it is a pattern.
    "a/\\*.json",
    "a/**",
    "a/**/*.json",
    "**/*.json",
    "*/*.json",
    "c/**/*.json",
  ])("%s", async (pattern) => {
    const cli = new Set((await discover([pattern], dir)).files.map((f) => path.relative(dir, f).split(path.sep).join("/")));
    expect(cli.size, "the pattern matches something on the command line").toBeGreaterThan(0);
    for (const f of files) expect(matchGlob(pattern, f), `${pattern} ~ ${f}`).toBe(cli.has(f));
  });
  test("configuration's own conventions: base names at any depth, anchoring, a trailing '/', a literal '!'", () => {
    expect(matchGlob("*.json", "a/sub/c.json")).toBe(true);
    expect(matchGlob("./*.json", "a/c.json")).toBe(false);
    expect(matchGlob("/a/*.json", "a/c.json")).toBe(true);
    expect(matchGlob("a/sub/", "a/sub")).toBe(true);
    expect(matchGlob("!x.json", "y.json")).toBe(false);
    expect(matchGlob("!x.json", "!x.json")).toBe(true);
    expect(matchGlob("*.json", "../a.json")).toBe(false);
  });
  test("a brace range too large to expand matches nothing instead of failing the run", () => {
    expect(matchGlob("a/{1..100000}.json", "a/5.json")).toBe(false);
  });
});

describe("plugin packages resolve as `import` resolves them, from the configuration's directory", () => {
  const plugin = (id: string) => `export const rules = [{ meta: { id: ${JSON.stringify(id)} } }];\n`;
  const pkg = (name: string, fields: Record<string, unknown>) => JSON.stringify({ name, type: "module", ...fields });
  const dir = scratch({
    "node_modules/only-import/package.json": pkg("only-import", { exports: { ".": { import: "./x.mjs" } } }),
    "node_modules/only-import/x.mjs": plugin("IMPORT1"),
    "node_modules/sugar/package.json": pkg("sugar", { exports: { import: "./y.mjs", require: "./missing.cjs" } }),
    "node_modules/sugar/y.mjs": plugin("SUGAR1"),
    "node_modules/nested/package.json": pkg("nested", { exports: { ".": { node: { import: "./n.mjs" }, default: "./missing.js" } } }),
    "node_modules/nested/n.mjs": plugin("NESTED1"),
    "node_modules/@acme/rules/package.json": pkg("@acme/rules", { exports: { "./batch": { default: "./lib/batch.js" } } }),
    "node_modules/@acme/rules/lib/batch.js": plugin("SCOPED1"),
    "node_modules/cjs-only/package.json": JSON.stringify({ name: "cjs-only", exports: { require: "./r.cjs" } }),
    "node_modules/cjs-only/r.cjs": 'exports.rules = [{ meta: { id: "CJS1" } }];\n',
    "config/sub/.keep": "",
  });
  test.each([
    ["only-import", "IMPORT1"],
    ["sugar", "SUGAR1"],
    ["nested", "NESTED1"],
    ["@acme/rules/batch", "SCOPED1"],
    ["cjs-only", "CJS1"],
  ])("%s", async (spec, id) => {
    // From a directory below the one holding node_modules, as a configuration in a sub-folder has it.
    const loaded = await loadPlugin(spec, path.join(dir, "config/sub"));
    expect(loaded.map((r) => r.meta.id)).toEqual([id]);
  });
  test("a subpath the package does not export, and a package that is not there, are errors", async () => {
    await expect(loadPlugin("@acme/rules", dir)).rejects.toThrow(/No "exports" main defined|not exported/i);
    await expect(loadPlugin("no-such-plugin", dir)).rejects.toThrow(/Cannot find package 'no-such-plugin'/);
  });
});

describe("--summary counts the files linted", () => {
  test("a file that is neither a template nor an export, or a parameters file, is read but not counted", async () => {
    const dir = scratch({
      "account.json": fs.readFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"), "utf8"),
      "template.json": '{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": [] }',
      "template.parameters.json": '{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": {} }',
      "package.json": '{ "name": "x" }',
      "list.json":
        '[{ "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/b", "name": "b", "type": "Microsoft.Batch/batchAccounts", "location": "x", "properties": { "allowedAuthenticationModes": ["AAD"] } }, { "no": "type" }]',
    });
    const result = await lintPaths(["."], { rules, cwd: dir, base: dir });
    expect(result.files?.length).toBe(5);
    expect(result.notes.filter((n) => n.kind === "skipped").map((n) => n.file)).toEqual(expect.arrayContaining(["package.json", "template.parameters.json", "list.json"]));
    // account, template (no Batch resource, but linted) and the list (one element skipped, not the file).
    expect(result.filesLinted).toBe(3);
    expect(summarize(result).files).toBe(3);
  });
});

describe("--fix-dry-run=FILE", () => {
  test("the diff is written whole, replacing the file, and no temporary file is left", async () => {
    const dir = scratch({ "out/fixes.diff": "old\n" });
    const out = diffOutput("out/fixes.diff", dir);
    out.write("--- a/x\n");
    expect(fs.readFileSync(path.join(dir, "out/fixes.diff"), "utf8")).toBe("old\n"); // nothing shows until it is whole
    out.write("+++ b/x\n");
    await out.finish();
    expect(fs.readFileSync(path.join(dir, "out/fixes.diff"), "utf8")).toBe("--- a/x\n+++ b/x\n");
    expect(fs.readdirSync(path.join(dir, "out"))).toEqual(["fixes.diff"]);
  });
  test("a new folder is made; an abandoned run leaves nothing", async () => {
    const dir = scratch({});
    const out = diffOutput("new/dir/f.diff", dir);
    out.write("partial");
    await out.abandon();
    expect(fs.readdirSync(path.join(dir, "new/dir"))).toEqual([]);
  });
  test("a directory is refused", () => {
    const dir = scratch({ "d/.keep": "" });
    expect(() => diffOutput("d", dir)).toThrow(/is a directory/);
  });
});
