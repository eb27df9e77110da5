/**
 * The hook as users run it: Debian's real pre-commit installs this repository (npm install, npm pack, a global
 * install into its node environment) and runs the hook on a scratch repository with one bad and one good file:
 * through `try-repo` (the working tree, uncommitted changes included) and through the README's configuration
 * installed as a git hook (this repository at HEAD).
 * .ci/run installs pre-commit; without it (a developer machine) the test is skipped, never in CI.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import yaml from "js-yaml";
import { repoRoot } from "./helpers.js";

const hasPreCommit = spawnSync("pre-commit", ["--version"], { encoding: "utf8" }).status === 0;
if (!hasPreCommit && process.env.CI) throw new Error("pre-commit is not installed; .ci/run installs it (apt-get install pre-commit)");

describe.skipIf(!hasPreCommit)("pre-commit hook (real pre-commit)", () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-pc-home-"));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-pc-repo-"));
  const git = (...args: string[]) => spawnSync("git", args, { cwd: work, encoding: "utf8" });
  git("init", "-q");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "test");
  fs.copyFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"), path.join(work, "bad.json"));
  fs.copyFileSync(path.join(repoRoot, "examples/template-compliant.jsonc"), path.join(work, "good.jsonc"));
  fs.writeFileSync(path.join(work, "notes.txt"), "not linted\n");
  // The hook's `files:` pattern takes Bicep too: a .bicep with a shared-key account.
  fs.copyFileSync(path.join(repoRoot, "test/fixtures/bicep/core/main.bicep"), path.join(work, "bad.bicep"));
  // ... and Terraform: a .tf with a shared-key account.
  fs.copyFileSync(path.join(repoRoot, "test/fixtures/terraform/e2e/bad/main.tf"), path.join(work, "bad.tf"));
  git("add", ".");

  const tryRepo = (...files: string[]) =>
    spawnSync("pre-commit", ["try-repo", repoRoot, "batchlint", "--files", ...files], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: "1", PRE_COMMIT_COLOR: "never" },
      timeout: 240_000,
    });

  test("the bad files (JSON, Bicep, Terraform) fail the hook with the stylish output; the good file passes", { timeout: 300_000 }, () => {
    const bad = tryRepo("bad.json", "good.jsonc", "notes.txt");
    expect(bad.status, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/batchlint \(Azure Batch accounts and pools\)\.+Failed/);
    expect(bad.stdout).toMatch(/^bad\.json:6:5: error BATCH001 /m);
    expect(bad.stdout).not.toContain("good.jsonc:");

    const bicep = tryRepo("bad.bicep", "notes.txt");
    expect(bicep.status, bicep.stdout + bicep.stderr).toBe(1);
    expect(bicep.stdout).toMatch(/^bad\.bicep:14:33: error BATCH001 /m);

    const terraform = tryRepo("bad.tf", "notes.txt");
    expect(terraform.status, terraform.stdout + terraform.stderr).toBe(1);
    expect(terraform.stdout).toMatch(/^bad\.tf:6:43: error BATCH001 /m);

    const good = tryRepo("good.jsonc", "notes.txt");
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/batchlint \(Azure Batch accounts and pools\)\.+Passed/);
  });

  test("the README's .pre-commit-config.yaml (pointed at this repository's HEAD) blocks a commit of the bad file", { timeout: 300_000 }, () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const config = yaml.load(/```yaml\n(# \.pre-commit-config\.yaml\n[^`]*)```/.exec(readme)![1]!) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
    expect(config.repos.map((r) => r.hooks.map((h) => h.id))).toEqual([["batchlint"]]);
    config.repos[0]!.repo = repoRoot;
    config.repos[0]!.rev = spawnSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).stdout.trim();
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-pc-commit-"));
    const env = { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: "1", PRE_COMMIT_COLOR: "never" };
    const run = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { cwd: repo, encoding: "utf8", env, timeout: 240_000 });
    run("git", "init", "-q");
    run("git", "config", "user.email", "test@example.com");
    run("git", "config", "user.name", "test");
    fs.writeFileSync(path.join(repo, ".pre-commit-config.yaml"), yaml.dump(config));
    const install = run("pre-commit", "install");
    expect(install.status, install.stdout + install.stderr).toBe(0);
    fs.mkdirSync(path.join(repo, "infra"));
    fs.copyFileSync(path.join(repoRoot, "examples/template-compliant.jsonc"), path.join(repo, "infra/good.jsonc"));
    run("git", "add", ".pre-commit-config.yaml", "infra/good.jsonc");
    const ok = run("git", "commit", "-q", "-m", "good");
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    fs.copyFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"), path.join(repo, "infra/bad.json"));
    run("git", "add", "infra/bad.json");
    const bad = run("git", "commit", "-q", "-m", "bad");
    expect(bad.status).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/^infra\/bad\.json:6:5: error BATCH001 /m);
    expect(run("git", "log", "--format=%s").stdout).toBe("good\n");
  });

  test("Terraform through the installed hook: a good module commits; a staged bad .tf, or a .tfvars that makes its module bad, is blocked", { timeout: 300_000 }, () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const config = yaml.load(/```yaml\n(# \.pre-commit-config\.yaml\n[^`]*)```/.exec(readme)![1]!) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
    config.repos[0]!.repo = repoRoot;
    config.repos[0]!.rev = spawnSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).stdout.trim();
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-pc-tf-"));
    const env = { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: "1", PRE_COMMIT_COLOR: "never" };
    const run = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { cwd: repo, encoding: "utf8", env, timeout: 240_000 });
    run("git", "init", "-q");
    run("git", "config", "user.email", "test@example.com");
    run("git", "config", "user.name", "test");
    fs.writeFileSync(path.join(repo, ".pre-commit-config.yaml"), yaml.dump(config));
    const install = run("pre-commit", "install");
    expect(install.status, install.stdout + install.stderr).toBe(0);
    const fixtures = path.join(repoRoot, "test/fixtures/terraform/e2e");
    // A module whose variables.tf default allows SharedKey and whose terraform.tfvars does not: it passes.
    fs.cpSync(path.join(fixtures, "clean"), path.join(repo, "infra/clean"), { recursive: true });
    run("git", "add", ".pre-commit-config.yaml", "infra/clean");
    const ok = run("git", "commit", "-q", "-m", "good");
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    // A staged .tf with a shared-key account: blocked at the attribute.
    fs.cpSync(path.join(fixtures, "bad"), path.join(repo, "infra/bad"), { recursive: true });
    run("git", "add", "infra/bad/main.tf");
    const bad = run("git", "commit", "-q", "-m", "bad");
    expect(bad.status, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/^infra\/bad\/main\.tf:6:43: error BATCH001 /m);
    run("git", "rm", "-q", "--cached", "infra/bad/main.tf");
    // Only the .tfvars staged: its module is evaluated with it, and the finding is at the .tf attribute.
    fs.writeFileSync(path.join(repo, "infra/clean/terraform.tfvars"), 'modes = ["AAD", "SharedKey"]\n');
    run("git", "add", "infra/clean/terraform.tfvars");
    const tfvars = run("git", "commit", "-q", "-m", "tfvars");
    expect(tfvars.status, tfvars.stdout + tfvars.stderr).toBe(1);
    expect(tfvars.stdout + tfvars.stderr).toMatch(/^infra\/clean\/main\.tf:5:35: error BATCH001 .*\n {2}note: infra\/clean\/terraform\.tfvars:1:9: value from terraform\.tfvars$/m);
    expect(run("git", "log", "--format=%s").stdout).toBe("good\n");
  });
});
