/**
 * The hook as users run it: Debian's real pre-commit installs this repository (npm install, npm pack, a global
 * install into its node environment) and runs the hook on a scratch repository with one bad and one good file.
 * .ci/run installs pre-commit; without it (a developer machine) the test is skipped, never in CI.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
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
  git("add", ".");

  const tryRepo = (...files: string[]) =>
    spawnSync("pre-commit", ["try-repo", repoRoot, "batchlint", "--files", ...files], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: "1", PRE_COMMIT_COLOR: "never" },
      timeout: 240_000,
    });

  test("the bad file fails the hook with the stylish output; the good file passes", { timeout: 300_000 }, () => {
    const bad = tryRepo("bad.json", "good.jsonc", "notes.txt");
    expect(bad.status, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/batchlint \(Azure Batch accounts and pools\)\.+Failed/);
    expect(bad.stdout).toMatch(/^bad\.json:6:5: error BATCH001 /m);
    expect(bad.stdout).not.toContain("good.jsonc:");

    const good = tryRepo("good.jsonc", "notes.txt");
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/batchlint \(Azure Batch accounts and pools\)\.+Passed/);
  });
});
