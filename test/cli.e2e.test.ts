/** End-to-end: spawn the built binary (npm test builds first) as users and CI do. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { repoRoot } from "./helpers.js";

const bin = path.join(repoRoot, "dist/bundle/cli.js");

function run(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input ?? "",
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-cli-"));
}

describe("batchlint CLI", () => {
  test("the exported az-shape example reports BATCH001-004 at the exact lines and exits 1", () => {
    const r = run(["-f", "sarif", "examples/export-az-noncompliant.json"]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const at = (id: string) =>
      log.runs[0].results
        .filter((x: { ruleId: string }) => x.ruleId === id)
        .map(
          (x: { locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }) =>
            `${x.locations[0]!.physicalLocation.region.startLine}:${x.locations[0]!.physicalLocation.region.startColumn}`,
        );
    expect(at("BATCH001")).toEqual(["6:5"]); // "SharedKey"
    expect(at("BATCH002")).toEqual(["7:5"]); // "TaskAuthenticationToken"
    expect(at("BATCH003")).toEqual(["12:18"]); // keySource value
    expect(at("BATCH004")).toEqual(["31:3"]); // networkProfile
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("examples/export-az-noncompliant.json");
  });

  test("a clean template with comments exits 0 with no output", () => {
    const r = run(["--rule", "BATCH001=error", "examples/template-compliant.jsonc", "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  test("a truncated file exits 2 with file:line:col while the other files are still reported", () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, "broken.json"), '{\n  "resources": [\n    { "type": "Microsoft.Batch/batchAccounts",');
    fs.copyFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"), path.join(dir, "account.json"));
    const r = run([".", "-f", "stylish"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^broken\.json:3:\d+: error invalid JSON: .*truncated/m);
    expect(r.stdout).toMatch(/^account\.json:6:5: error BATCH001 /m);
  });

  test("stdin with --stdin-filename", () => {
    const text = fs.readFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"), "utf8");
    const r = run(["-", "--stdin-filename", "exported.json", "-f", "json"], { input: text });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.every((f: { file: string }) => f.file === "exported.json")).toBe(true);
  });

  test("multiple files, multiple outputs in one run", () => {
    const dir = tmpdir();
    const sarifPath = path.join(dir, "out.sarif");
    const r = run(["examples/export-az-noncompliant.json", "examples/template-compliant.jsonc", "-f", "stylish", "-f", `sarif:${sarifPath}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("BATCH001");
    expect(JSON.parse(fs.readFileSync(sarifPath, "utf8")).version).toBe("2.1.0");
  });

  test("--rule off, --max-warnings and usage errors", () => {
    const off = ["BATCH001", "BATCH002", "BATCH003"].flatMap((id) => ["--rule", `${id}=off`]);
    const onlyWarnings = run(["examples/export-az-noncompliant.json", ...off, "--rule", "BATCH004=warning", "-f", "json"]);
    const parsed = JSON.parse(onlyWarnings.stdout);
    expect(parsed.findings.some((f: { ruleId: string }) => f.ruleId === "BATCH001")).toBe(false);
    expect(run(["--rule", "NOPE=off", "examples"]).code).toBe(2);
    expect(run(["--format", "xml", "examples"]).code).toBe(2);
    expect(run(["--bogus"]).code).toBe(2);
    expect(run(["no/such/file.json"]).code).toBe(2);
  });

  test("--list-rules, --explain, --version, --help", () => {
    const list = run(["--list-rules"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^BATCH001 {2}shared-key-auth-disabled/m);
    const explain = run(["--explain", "shared-key-auth-disabled"]);
    expect(explain.stdout).toContain("BATCH001");
    expect(explain.stdout).toContain("How to fix");
    expect(run(["--explain", "BATCH999x"]).code).toBe(2);
    expect(run(["--version"]).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(run(["--help"]).stdout).toContain("Exit codes");
  });

  test("output is deterministic: same input, same bytes", () => {
    const a = run(["fixtures", "-f", "sarif"]);
    const b = run(["fixtures", "-f", "sarif"]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.length).toBeGreaterThan(1000);
  });

  test("an installation without its schemas exits 2 with one message, before reading any file", () => {
    // A copy of the built package without schema/ and dist/schema (the build's digest of it): the layout an
    // install would have if the folders went missing.
    const dir = tmpdir();
    fs.cpSync(path.join(repoRoot, "dist"), path.join(dir, "dist"), { recursive: true, filter: (src) => src !== path.join(repoRoot, "dist/schema") });
    fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(dir, "package.json"));
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    const r = spawnSync(process.execPath, [path.join(dir, "dist/bundle/cli.js"), "examples/"], { cwd: repoRoot, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^batchlint: incomplete installation: the Microsoft\.Batch schemas \(schema\/arm\) are in none of .*; reinstall batchlint$/)]);
    // The same copy with the schemas lints as the repository does.
    fs.symlinkSync(path.join(repoRoot, "schema"), path.join(dir, "schema"), "dir");
    const ok = spawnSync(process.execPath, [path.join(dir, "dist/bundle/cli.js"), "examples/"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(ok.status).toBe(1);
    expect(ok.stdout).toBe(run(["examples/"]).stdout);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
