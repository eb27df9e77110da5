/**
 * The ways batchlint reaches a user, each tried in an empty directory outside this repository, as a user would:
 *
 * - the release tarball (`npm pack`) installed into an empty project;
 * - the same tarball as an `additional_dependencies` entry of a pre-commit hook defined with `repo: local`, the
 *   docs/ci.md recipe (when Debian's pre-commit is installed, as .ci/run does; skipped elsewhere, never in CI);
 * - git: a clone of this repository at HEAD (the committed state, not the working tree) installed with
 *   `git+file://`, for which npm runs `prepare` (TypeScript and esbuild from the development dependencies);
 * - the GitHub Action's committed bundle (action/), run as action.yml runs it, from a copy of the files an Action
 *   checkout holds with no node_modules anywhere above it; and that bundle is what `npm run build:action` makes of
 *   this tree, so CI fails when src/ changed and the bundle was not rebuilt.
 *
 * npm installs from its cache (the repository's own `npm ci` filled it): `--prefer-offline`, because `npm ci` caches
 * the locked tarballs but not the registry's package documents that a new project's `^` ranges are resolved with;
 * those are fetched once, then cached too. Skipped only without npm or git.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import yaml from "js-yaml";
import { repoRoot } from "./helpers.js";

const has = (cmd: string) => spawnSync(cmd, ["--version"], { encoding: "utf8", shell: process.platform === "win32" }).status === 0;
const missing = ["npm", "git"].filter((c) => !has(c));
const skipReason = missing.length ? ` (skipped: ${missing.join(" and ")} not found on PATH)` : "";
const hasPreCommit = has("pre-commit");
if (!hasPreCommit && process.env.CI) throw new Error("pre-commit is not installed; .ci/run installs it (apt-get install pre-commit)");
const VERSION: string = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
const EXAMPLE = path.join(repoRoot, "examples/export-az-noncompliant.json");

const tmp = (name: string) => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `batchlint-install-${name}-`)));

/**
 * The environment of a command a user types: without the npm_* variables `npm test` exports to its scripts
 * (npm_config_local_prefix and the like would point a nested npm at this repository), NO_COLOR for plain output.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1" };
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) || /^npm_config_(cache|registry|userconfig)$/i.test(k)) env[k] = v;
  return env;
}

function run(cmd: string, args: string[], cwd: string, options: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { cwd, env: userEnv(), encoding: "utf8", maxBuffer: 1 << 26, timeout: 150_000, ...options });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr), all: `${cmd} ${args.join(" ")} (exit ${r.status ?? r.signal}${r.error ? `, ${r.error}` : ""}):\n${r.stdout}\n${r.stderr}` };
}

/** An empty project, as `npm init -y` leaves it, with the noncompliant example to lint. */
function emptyProject(): string {
  const dir = tmp("project");
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "consumer", version: "1.0.0", private: true }, null, 2)}\n`);
  fs.mkdirSync(path.join(dir, "infra"));
  fs.copyFileSync(EXAMPLE, path.join(dir, "infra/account.json"));
  return dir;
}

function npmInstall(project: string, spec: string) {
  const r = run("npm", ["install", "--save-dev", spec, "--prefer-offline", "--no-audit", "--no-fund"], project);
  expect(r.status, r.all).toBe(0);
}

/** The installed CLI through `npx` (--no: never fetch it): its version, and a finding with exit code 1. */
function expectWorkingCli(project: string): void {
  const version = run("npx", ["--no", "--", "batchlint", "--version"], project);
  expect(version.status, version.all).toBe(0);
  expect(version.stdout.trim()).toBe(VERSION);
  const lint = run("npx", ["--no", "--", "batchlint", "infra/"], project);
  expect(lint.status, lint.all).toBe(1);
  expect(lint.stdout).toMatch(/^infra\/account\.json:6:5: error BATCH001 /m);
}

describe.skipIf(missing.length > 0)(`install routes, in an empty project${skipReason}`, () => {
  /** The release tarball, packed once for the tests that install it. */
  let packed: string | undefined;
  function tarball(): string {
    if (packed) return packed;
    const packDir = tmp("pack");
    // --ignore-scripts: dist/ is already built (test/build-setup.ts); `prepare` would rebuild it under the other tests.
    const pack = run("npm", ["pack", "--ignore-scripts", "--pack-destination", packDir, "--silent"], repoRoot);
    expect(pack.status, pack.all).toBe(0);
    packed = path.join(packDir, pack.stdout.trim().split("\n").at(-1)!);
    expect(fs.existsSync(packed), pack.all).toBe(true);
    return packed;
  }

  test("the release tarball (npm pack), installed with npm install -D", { timeout: 180_000 }, () => {
    const project = emptyProject();
    npmInstall(project, tarball());
    // The package carries the bundle and the schemas, never its development tree.
    const installed = path.join(project, "node_modules/batchlint");
    expect(fs.existsSync(path.join(installed, "dist/bundle/cli.js")) && fs.existsSync(path.join(installed, "schema/arm"))).toBe(true);
    expect(fs.existsSync(path.join(installed, "src"))).toBe(false);
    expectWorkingCli(project);
  });

  test.skipIf(!hasPreCommit)(`pre-commit, repo: local: the docs/ci.md hook with the tarball as its additional dependency${hasPreCommit ? "" : " (skipped: pre-commit not found on PATH)"}`, { timeout: 180_000 }, () => {
    const page = fs.readFileSync(path.join(repoRoot, "docs/ci.md"), "utf8");
    const config = yaml.load(/```yaml\n(# \.pre-commit-config\.yaml, with the hook defined in this repository\n[^`]*)```/.exec(page)![1]!) as {
      repos: { repo: string; hooks: { id: string; additional_dependencies: string[] }[] }[];
    };
    expect(config.repos[0]!.repo).toBe("local");
    expect(config.repos[0]!.hooks[0]!.additional_dependencies).toEqual(["batchlint@0.1.0"]);
    config.repos[0]!.hooks[0]!.additional_dependencies = [tarball()];
    const project = emptyProject();
    const env = { ...userEnv(), PRE_COMMIT_HOME: tmp("pre-commit-home"), PRE_COMMIT_COLOR: "never" };
    const git = (...args: string[]) => run("git", args, project, { env });
    git("init", "-q");
    fs.writeFileSync(path.join(project, ".pre-commit-config.yaml"), yaml.dump(config));
    git("add", ".");
    const r = run("pre-commit", ["run", "--all-files"], project, { env });
    expect(r.status, r.all).toBe(1);
    expect(r.stdout).toMatch(/^infra\/account\.json:6:5: error BATCH001 /m);
  });

  test("git: a clone at HEAD installed as git+file://...#HEAD (npm runs prepare, which builds it)", { timeout: 180_000 }, () => {
    const clone = path.join(tmp("git"), "batchlint");
    const c = run("git", ["clone", "-q", "--no-hardlinks", repoRoot, clone], os.tmpdir());
    expect(c.status, c.all).toBe(0);
    const project = emptyProject();
    npmInstall(project, `git+file://${clone}#HEAD`);
    expect(fs.existsSync(path.join(project, "node_modules/batchlint/dist/bundle/cli.js"))).toBe(true);
    expectWorkingCli(project);
  });
});

describe.skipIf(missing.length > 0)(`the GitHub Action's bundle (action/)${skipReason}`, () => {
  test("is what npm run build:action makes of this tree (rebuild and commit it when this fails)", () => {
    const out = tmp("action-build");
    const r = run(process.execPath, [path.join(repoRoot, "scripts/bundle-action.mjs"), out], repoRoot);
    expect(r.status, r.all).toBe(0);
    const committed = path.join(repoRoot, "action");
    expect(fs.readdirSync(committed).sort()).toEqual(fs.readdirSync(out).sort());
    const stale = fs.readdirSync(out).filter((f) => !fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(committed, f))));
    expect(stale, "action/ differs from a fresh build: run `npm run build:action` and commit action/").toEqual([]);
  });

  test("runs as action.yml runs it, with only the files of an Action checkout and no node_modules", { timeout: 120_000 }, () => {
    // The Action's checkout holds the whole repository; the bundle needs action/, schema/ and package.json of it.
    const checkout = tmp("action");
    fs.cpSync(path.join(repoRoot, "action"), path.join(checkout, "action"), { recursive: true });
    fs.cpSync(path.join(repoRoot, "schema"), path.join(checkout, "schema"), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(checkout, "package.json"));
    const cli = path.join(checkout, "action/batchlint.js");
    const workspace = tmp("workspace");
    fs.mkdirSync(path.join(workspace, "infra"));
    fs.copyFileSync(EXAMPLE, path.join(workspace, "infra/account.json"));

    const version = run(process.execPath, [cli, "--version"], workspace);
    expect(version.stdout.trim(), version.all).toBe(VERSION);
    const lint = run(process.execPath, [cli, "infra/", "-f", "stylish", "-f", "github", "-f", "sarif:out/batchlint.sarif"], workspace);
    expect(lint.status, lint.all).toBe(1);
    expect(lint.stdout).toMatch(/^::error file=infra\/account\.json,line=6,col=5/m);
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, "out/batchlint.sarif"), "utf8"));
    expect(sarif.runs[0].tool.driver.version).toBe(VERSION);
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain("BATCH001");

    // Worker threads (--jobs) start action/worker.js: 2,000 files with 6 jobs are over the pool's threshold
    // (src/parallel/thresholds.ts), and a worker that cannot start turns every file into an internal error.
    const many = path.join(workspace, "many");
    fs.mkdirSync(many);
    for (let i = 0; i < 2000; i++) fs.copyFileSync(EXAMPLE, path.join(many, `a${i}.json`));
    const pooled = run(process.execPath, [cli, "many", "--jobs", "6", "-f", "json:out/many.json"], workspace);
    expect(pooled.status, pooled.all).toBe(1);
    const report = JSON.parse(fs.readFileSync(path.join(workspace, "out/many.json"), "utf8"));
    expect({ files: report.filesLinted, errors: report.errors.slice(0, 1) }).toEqual({ files: 2000, errors: [] });
  });
});
