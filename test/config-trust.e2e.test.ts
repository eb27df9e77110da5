/**
 * The configuration trust model (issue 19): lookup stops at the git work-tree root (or the current directory
 * outside git), plugins load only from `-c` or the configuration found from the current directory upward, and
 * `--no-config-lookup` / `--no-plugins` switch lookup and plugins off for audits of untrusted trees.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError, ConfigResolver } from "../src/config/config.js";
import { coreRules, exampleExport, run, scratch, write } from "./cli-run.js";

/** A plugin module that leaves a marker file beside itself when it is imported, and exports one valid rule. */
const MARKER_PLUGIN = `import fs from "node:fs";
fs.writeFileSync(new URL("./MARKER", import.meta.url), "imported");
export const rules = [{
  meta: { id: "ACME001", name: "acme-anything", title: "t", severity: "error", tags: [], resourceTypes: [],
    docs: { summary: "s", rationale: "r", remediation: "m", references: [] }, messages: { m: "m" } },
  checkDocument() {},
}];
`;

function gitInit(dir: string): void {
  const r = spawnSync("git", ["init", "-q", dir], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
}

const ruleIds = (stdout: string): string[] => (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);

describe("plugins load only from trusted configuration", () => {
  /** repo/infra/sub holds a configuration that lists a plugin, and a file to lint. */
  function repoWithNestedPlugin(): { repo: string; sub: string; marker: string } {
    const repo = scratch();
    gitInit(repo);
    const sub = path.join(repo, "infra/sub");
    write(sub, "x.mjs", MARKER_PLUGIN);
    write(sub, "batchlint.config.json", '{\n  "rules": { "BATCH004": "off" },\n  "plugins": ["./x.mjs"]\n}\n');
    write(sub, "a.json", exampleExport);
    return { repo, sub, marker: path.join(sub, "MARKER") };
  }

  test("a configuration inside the linted tree may not load plugins: located error, exit 2, module never imported", () => {
    const { repo, marker } = repoWithNestedPlugin();
    const r = run(["infra"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/infra\/sub\/batchlint\.config\.json:3:15: error plugins: '\.\/x\.mjs' not loaded: a configuration found inside the linted tree cannot load plugins/);
    expect(fs.existsSync(marker)).toBe(false);
    // The same for --print-config.
    const p = run(["--print-config", "infra/sub/a.json"], { cwd: repo });
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/infra\/sub\/batchlint\.config\.json:3:15: error plugins: '\.\/x\.mjs' not loaded/);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test("the same configuration is trusted from its own directory, or given with -c", () => {
    const { repo, sub, marker } = repoWithNestedPlugin();
    expect(run(["a.json"], { cwd: sub }).code).toBe(1);
    expect(fs.existsSync(marker)).toBe(true);
    fs.rmSync(marker);
    expect(run(["infra", "-c", "infra/sub/batchlint.config.json"], { cwd: repo }).code).toBe(1);
    expect(fs.existsSync(marker)).toBe(true);
  });

  test("--no-plugins loads no plugin, even from -c; the run says which were left out and lints with the rest", () => {
    const { repo, sub, marker } = repoWithNestedPlugin();
    // A setting for the plugin's rule is not an "unknown rule" error when its plugin was left out.
    write(sub, "batchlint.config.json", '{ "rules": { "BATCH004": "off", "ACME001": "warning" }, "plugins": ["./x.mjs"] }');
    for (const [cwd, args] of [
      [repo, ["infra", "--no-plugins", "-f", "json"]],
      [sub, ["a.json", "--no-plugins", "-f", "json"]],
      [repo, ["infra", "-c", "infra/sub/batchlint.config.json", "--no-plugins", "-f", "json"]],
    ] as const) {
      const r = run([...args], { cwd });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/--no-plugins: '\.\/x\.mjs' listed in .*batchlint\.config\.json not loaded/);
      const ids = ruleIds(r.stdout);
      expect(ids).toContain("BATCH001");
      expect(ids).not.toContain("BATCH004"); // the rest of the configuration applies
    }
    expect(fs.existsSync(marker)).toBe(false);
  });

  test("--help documents both switches", () => {
    const h = run(["--help"]).stdout;
    expect(h).toMatch(/--no-config-lookup/);
    expect(h).toMatch(/--no-plugins/);
  });
});

describe("configuration lookup stops at the git work-tree root", () => {
  /** parent/.batchlintrc.json switches BATCH001 off; parent/repo is a git work tree with a file to lint. */
  function nested(): { parent: string; repo: string } {
    const parent = scratch({ ".batchlintrc.json": '{ "rules": { "BATCH001": "off" } }' });
    const repo = path.join(parent, "repo");
    fs.mkdirSync(repo);
    gitInit(repo);
    write(repo, "infra/a.json", exampleExport);
    return { parent, repo };
  }

  test("a configuration above the repository is not read, --print-config included", () => {
    const { repo } = nested();
    for (const cwd of [repo, path.join(repo, "infra")]) {
      const r = run([path.join(repo, "infra/a.json"), "-f", "json"], { cwd });
      expect(ruleIds(r.stdout)).toContain("BATCH001");
      const p = run(["--print-config", path.join(repo, "infra/a.json")], { cwd });
      expect(p.code).toBe(0);
      expect(JSON.parse(p.stdout).configFile).toBeNull();
    }
  });

  test("a configuration at the repository root applies (the root is the last directory read)", () => {
    const { repo } = nested();
    write(repo, ".batchlintrc.json", '{ "rules": { "BATCH002": "off" } }');
    const ids = ruleIds(run(["infra", "-f", "json"], { cwd: path.join(repo) }).stdout);
    expect(ids).toContain("BATCH001");
    expect(ids).not.toContain("BATCH002");
    expect(JSON.parse(run(["--print-config", "infra/a.json"], { cwd: repo }).stdout).configFile).toBe(".batchlintrc.json");
  });

  test("a `.git` file (worktree, submodule) is a root too, and a submodule's files stop at it", () => {
    const { repo } = nested();
    write(repo, ".batchlintrc.json", '{ "rules": { "BATCH002": "off" } }');
    write(repo, "mod/.git", "gitdir: ../.git/modules/mod\n");
    write(repo, "mod/a.json", exampleExport);
    const ids = ruleIds(run(["mod/a.json", "-f", "json"], { cwd: repo }).stdout);
    expect(ids).toContain("BATCH002");
  });

  test("outside git, lookup stops at the current directory", () => {
    const parent = scratch({ ".batchlintrc.json": '{ "rules": { "BATCH001": "off" } }', "work/a.json": exampleExport, "work/sub/b.json": exampleExport });
    const work = path.join(parent, "work");
    const ids = ruleIds(run([".", "-f", "json"], { cwd: work }).stdout);
    expect(ids.filter((id) => id === "BATCH001")).toHaveLength(2);
    // Control: from the parent, the same configuration is the current directory's and applies.
    expect(ruleIds(run(["work", "-f", "json"], { cwd: parent }).stdout)).not.toContain("BATCH001");
  });

  test("the resolver (library) applies the same rules", async () => {
    const { parent, repo } = nested();
    write(repo, "infra/sub/batchlint.config.json", '{ "plugins": ["./x.mjs"] }');
    write(repo, "infra/sub/x.mjs", MARKER_PLUGIN);
    write(repo, "infra/sub/b.json", exampleExport);
    const resolver = new ConfigResolver({ builtins: coreRules, cwd: repo });
    expect(resolver.findConfigFile(path.join(repo, "infra"))).toBeUndefined();
    expect(resolver.findConfigFile(parent)).toBe(path.join(parent, ".batchlintrc.json")); // outside the repository: its own
    await expect(resolver.resolve(path.join(repo, "infra/sub/b.json"))).rejects.toBeInstanceOf(ConfigError);
    expect(fs.existsSync(path.join(repo, "infra/sub/MARKER"))).toBe(false);
    // Trusted from its own directory.
    const trusted = new ConfigResolver({ builtins: coreRules, cwd: path.join(repo, "infra/sub") });
    expect((await trusted.resolve(path.join(repo, "infra/sub/b.json"))).rules.map((r) => r.meta.id)).toContain("ACME001");
    expect(fs.existsSync(path.join(repo, "infra/sub/MARKER"))).toBe(true);
  });
});

describe("--no-config-lookup", () => {
  test("uses no configuration file but -c, --print-config included", () => {
    const dir = scratch({ "batchlint.config.json": '{ "rules": { "BATCH001": "off" } }', "other.json": '{ "rules": { "BATCH002": "off" } }', "a.json": exampleExport });
    expect(ruleIds(run(["a.json", "-f", "json"], { cwd: dir }).stdout)).not.toContain("BATCH001"); // control
    const ids = ruleIds(run(["a.json", "--no-config-lookup", "-f", "json"], { cwd: dir }).stdout);
    expect(ids).toContain("BATCH001");
    expect(ids).toContain("BATCH002");
    const withC = ruleIds(run(["a.json", "--no-config-lookup", "-c", "other.json", "-f", "json"], { cwd: dir }).stdout);
    expect(withC).toContain("BATCH001");
    expect(withC).not.toContain("BATCH002");
    expect(JSON.parse(run(["--print-config", "a.json", "--no-config-lookup"], { cwd: dir }).stdout).configFile).toBeNull();
    expect(JSON.parse(run(["--print-config", "a.json"], { cwd: dir }).stdout).configFile).toBe("batchlint.config.json");
  });
});

describe("configuration files are read with bounds", () => {
  test("a FIFO or device given as configuration is refused, not waited on", () => {
    const dir = scratch({ "a.json": exampleExport });
    const r = run(["a.json", "-c", "/dev/zero"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read configuration file: not a regular file/);
    if (process.platform !== "win32") {
      expect(spawnSync("mkfifo", [path.join(dir, "fifo.json")]).status).toBe(0);
      const f = run(["a.json", "-c", "fifo.json"], { cwd: dir });
      expect(f.code).toBe(2);
      expect(f.stderr).toMatch(/fifo\.json:1:1: error cannot read configuration file: not a regular file/);
    }
  });
});
