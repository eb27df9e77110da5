/**
 * Paths in every output: relative to the git work-tree root with '/' (the root found by walking up to `.git`, a
 * directory or, in a worktree, a file; no git binary), else relative to the current directory; absolute inputs
 * accepted (lint-staged passes them); files outside the root shown absolute.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { repoRoot as findRoot } from "../src/pipeline/discover.js";
import { repoRoot } from "./helpers.js";

const example = fs.readFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"), "utf8");
const FORMATS = ["stylish", "json", "sarif", "github", "markdown", "junit"] as const;

function scratch(gitEntry: "dir" | "file" | "none"): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-paths-")));
  if (gitEntry === "dir") fs.mkdirSync(path.join(root, ".git"));
  if (gitEntry === "file") fs.writeFileSync(path.join(root, ".git"), "gitdir: /elsewhere/.git/worktrees/feature\n");
  fs.mkdirSync(path.join(root, "infra/accounts"), { recursive: true });
  fs.writeFileSync(path.join(root, "infra/accounts/prod.json"), example);
  fs.writeFileSync(path.join(root, "infra/broken.json"), '{ "resources": [ ');
  return root;
}

/** Every format's output for the given inputs, run from `cwd`; SARIF's originalUriBaseIds (the root URI) removed. */
function outputs(cwd: string, inputs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const format of FORMATS) {
    const r = spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), ...inputs, "-f", format], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.status, r.stderr).toBe(2);
    let text = r.stdout;
    if (format === "sarif") {
      const log = JSON.parse(text);
      delete log.runs[0].originalUriBaseIds;
      text = JSON.stringify(log);
    }
    out[format] = text;
  }
  return out;
}

function expectRelative(out: Record<string, string>, root: string, shown: { account: string; broken: string }): void {
  for (const format of FORMATS) expect(out[format], format).not.toContain(root);
  expect(out.stylish).toMatch(new RegExp(`^${shown.account}:6:5: error BATCH001 `, "m"));
  expect(out.stylish).toMatch(new RegExp(`^${shown.broken}:1:18: error invalid JSON`, "m"));
  expect(JSON.parse(out.json!).findings[0].file).toBe(shown.account);
  const sarif = JSON.parse(out.sarif!);
  expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: shown.account, uriBaseId: "%SRCROOT%" });
  expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri).toBe(shown.broken);
  expect(out.github).toContain(`::error file=${shown.account},line=6,col=5,`);
  expect(out.markdown).toContain(`\`${shown.account}:6:5\``);
  expect(out.junit).toContain(`<testsuite name="${shown.account}"`);
}

describe("displayed paths", () => {
  test.each([["dir" as const], ["file" as const]])("inside a git work tree (.git %s): relative to its root, from a subdirectory, relative and absolute inputs", (git) => {
    const root = scratch(git);
    expect(findRoot(path.join(root, "infra/accounts"))).toBe(root);
    const cwd = path.join(root, "infra");
    const shown = { account: "infra/accounts/prod.json", broken: "infra/broken.json" };
    expectRelative(outputs(cwd, ["accounts/prod.json", "broken.json"]), root, shown);
    expectRelative(outputs(cwd, [path.join(root, "infra/accounts/prod.json"), path.join(root, "infra/broken.json")]), root, shown);
    expectRelative(outputs(root, ["infra"]), root, shown);
  });

  test("outside any git work tree: relative to the current directory", () => {
    const root = scratch("none");
    if (findRoot(root)) return; // the temporary directory itself is inside a work tree: nothing to check here
    const cwd = path.join(root, "infra");
    expectRelative(outputs(cwd, [path.join(cwd, "accounts/prod.json"), "broken.json"]), root, { account: "accounts/prod.json", broken: "broken.json" });
  });

  test("a file outside the root is shown with its absolute path (a file:// URI in SARIF)", () => {
    const root = scratch("dir");
    const other = scratch("none");
    const r = spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), path.join(other, "infra/accounts/prod.json"), "-f", "stylish", "-f", "sarif:out.sarif"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(r.stdout).toMatch(new RegExp(`^${other}/infra/accounts/prod\\.json:6:5: error BATCH001`, "m"));
    const uri = JSON.parse(fs.readFileSync(path.join(root, "out.sarif"), "utf8")).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(uri).toEqual({ uri: `file://${other}/infra/accounts/prod.json` });
  });
});

describe("output into a pipe closed early (batchlint … | head -1)", () => {
  test("stops quietly instead of crashing with EPIPE", () => {
    const cli = JSON.stringify(path.join(repoRoot, "dist/bundle/cli.js"));
    const r = spawnSync("bash", ["-c", `node ${cli} fixtures examples --verbose | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.stderr).toMatch(/status=(2|0|1)\n/);
  });
});

describe("standard output: a terminal, a pipe, a file (cli/stdio.ts)", () => {
  const cli = JSON.stringify(path.join(repoRoot, "dist/bundle/cli.js"));
  const env = { ...process.env, NO_COLOR: "", FORCE_COLOR: "", BATCHLINT_NO_CACHE: "1" };
  // util-linux's script(1) runs the command on a pseudo-terminal: the report is coloured there and only there.
  const hasScript = spawnSync("script", ["--version"]).status === 0;
  test.skipIf(!hasScript)("coloured on a terminal; plain into a pipe or a file; the same text", () => {
    const tty = spawnSync("script", ["-qec", `node ${cli} examples/export-az-noncompliant.json`, "/dev/null"], { cwd: repoRoot, encoding: "utf8", env });
    expect(tty.status).toBe(1);
    expect(tty.stdout).toMatch(/\x1b\[31merror\x1b\[39m/);
    const pipe = spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), "examples/export-az-noncompliant.json"], { cwd: repoRoot, encoding: "utf8", env });
    expect(pipe.status).toBe(1);
    expect(pipe.stdout).not.toMatch(/\x1b\[/);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-stdio-")), "report.txt");
    const file = spawnSync("bash", ["-c", `node ${cli} examples/export-az-noncompliant.json > ${JSON.stringify(out)}`], { cwd: repoRoot, encoding: "utf8", env });
    expect(file.status).toBe(1);
    expect(fs.readFileSync(out, "utf8")).toBe(pipe.stdout);
    expect(tty.stdout.replace(/\x1b\[[0-9;]*m/g, "").replace(/\r\n/g, "\n")).toBe(pipe.stdout);
  });
});
