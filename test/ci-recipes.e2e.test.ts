/** The CI recipes of docs/ci.md, action.yml and examples/ci/ are run as written (paths pointed at examples/). */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import yaml from "js-yaml";
import { repoRoot } from "./helpers.js";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-ci-"));
const ciPage = fs.readFileSync(path.join(repoRoot, "docs/ci.md"), "utf8");

describe("docs/ci.md recipes", () => {
  test.each([["examples/ci/github-workflow.yml"], ["examples/ci/azure-pipelines.yml"]])("%s appears in docs/ci.md verbatim", (file) => {
    expect(ciPage).toContain(`\`\`\`yaml\n${fs.readFileSync(path.join(repoRoot, file), "utf8")}\`\`\`\n`);
  });
});

describe("GitHub Action (action.yml)", () => {
  const action = yaml.load(fs.readFileSync(path.join(repoRoot, "action.yml"), "utf8")) as {
    runs: { using: string; steps: { id?: string; run?: string; env?: Record<string, string> }[] };
    inputs: Record<string, { default: string }>;
  };
  const lintStep = action.runs.steps.find((s) => s.id === "lint")!;

  function runStep(fail: string, paths = "examples", cwd = repoRoot) {
    const dir = tmp();
    const env = {
      ...process.env,
      GITHUB_ACTION_PATH: repoRoot,
      GITHUB_OUTPUT: path.join(dir, "output"),
      GITHUB_STEP_SUMMARY: path.join(dir, "summary.md"),
      BATCHLINT_PATHS: paths,
      BATCHLINT_SARIF: path.join(dir, "batchlint.sarif"),
      BATCHLINT_ARGS: "",
      BATCHLINT_FAIL: fail,
      NO_COLOR: "1",
    };
    const r = spawnSync("bash", ["-c", lintStep.run!], { cwd, env, encoding: "utf8", maxBuffer: 1 << 26 });
    return { ...r, dir };
  }

  test("is a composite action whose lint step writes SARIF, annotations and a step summary", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(lintStep.env!)).toEqual(["BATCHLINT_PATHS", "BATCHLINT_SARIF", "BATCHLINT_ARGS", "BATCHLINT_FAIL"]);
    const r = runStep("true");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=examples\/export-az-noncompliant\.json,line=6,col=5/m);
    expect(JSON.parse(fs.readFileSync(path.join(r.dir, "batchlint.sarif"), "utf8")).runs[0].results.length).toBe(4);
    expect(fs.readFileSync(path.join(r.dir, "summary.md"), "utf8")).toContain("## batchlint");
    expect(fs.readFileSync(path.join(r.dir, "output"), "utf8")).toBe("exit-code=1\n");
  });

  test("fail-on-findings: false keeps the step green so the SARIF upload gates instead", () => {
    expect(runStep("false").status).toBe(0);
  });

  test("globs in paths reach batchlint unexpanded (** matches the top level too); several paths split on spaces", () => {
    const sarifUris = (r: { dir: string }) => [
      ...new Set(
        JSON.parse(fs.readFileSync(path.join(r.dir, "batchlint.sarif"), "utf8")).runs[0].results.map(
          (x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation.uri,
        ),
      ),
    ];
    // The shell would turn infra/**/*.json* into infra/*/*.json* and miss infra/bad.json.
    const ws = tmp();
    fs.mkdirSync(path.join(ws, "infra/sub"), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"), path.join(ws, "infra/bad.json"));
    fs.copyFileSync(path.join(repoRoot, "examples/template-compliant.jsonc"), path.join(ws, "infra/sub/good.jsonc"));
    expect(sarifUris(runStep("false", "infra/**/*.json*", ws))).toEqual(["infra/bad.json"]);
    expect(sarifUris(runStep("false", "examples/template-compliant.jsonc examples/export-az-noncompliant.json"))).toEqual(["examples/export-az-noncompliant.json"]);
  });

  test("the example workflow uploads the action's SARIF even when linting fails", () => {
    const wf = yaml.load(fs.readFileSync(path.join(repoRoot, "examples/ci/github-workflow.yml"), "utf8")) as {
      jobs: { batchlint: { steps: { uses?: string; if?: string; with?: Record<string, string> }[] } };
      permissions: Record<string, string>;
    };
    const steps = wf.jobs.batchlint.steps;
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"))!;
    const lint = steps.find((s) => s.with?.["sarif-file"])!;
    expect(upload.if).toBe("always()");
    expect(upload.with!.sarif_file).toBe(lint.with!["sarif-file"]);
    expect(wf.permissions["security-events"]).toBe("write");
  });
});

describe("Azure Pipelines example", () => {
  test("the batchlint script writes CodeAnalysisLogs/*.sarif and JUnit results", () => {
    const p = yaml.load(fs.readFileSync(path.join(repoRoot, "examples/ci/azure-pipelines.yml"), "utf8")) as {
      steps: { script?: string; publish?: string; artifact?: string; task?: string; inputs?: Record<string, string> }[];
    };
    const script = p.steps.find((s) => s.script?.includes("batchlint "))!.script!;
    const staging = tmp();
    const cmd = script
      .replace(/\$\(Build\.ArtifactStagingDirectory\)/g, staging)
      .replace(/^npx batchlint/, `node ${JSON.stringify(path.join(repoRoot, "dist/bundle/cli.js"))}`)
      .replace(" infra/ ", " examples/ ");
    const r = spawnSync("bash", ["-c", cmd], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.status).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(staging, "CodeAnalysisLogs/batchlint.sarif"), "utf8")).version).toBe("2.1.0");
    expect(fs.readFileSync(path.join(staging, "batchlint-junit.xml"), "utf8")).toContain('<testsuites name="batchlint"');
    const publish = p.steps.find((s) => s.publish)!;
    expect(publish.artifact).toBe("CodeAnalysisLogs");
    expect(p.steps.find((s) => s.task === "PublishTestResults@2")!.inputs!.testResultsFormat).toBe("JUnit");
  });
});

describe("lint-staged recipe", () => {
  test("absolute paths in, repo-relative paths out", () => {
    const abs = path.join(repoRoot, "examples/export-az-noncompliant.json");
    const r = spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), "--max-warnings", "0", abs], { cwd: path.join(repoRoot, "fixtures"), encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^examples\/export-az-noncompliant\.json:6:5: error BATCH001/m);
    expect(r.stdout).not.toContain(repoRoot);
  });
});

describe("lint-staged (the real tool, version 16 for Node 20)", () => {
  test("staged bad file fails with repo-relative output; a good file passes", { timeout: 60_000 }, () => {
    const dir = tmp();
    const git = (...a: string[]) => spawnSync("git", a, { cwd: dir, encoding: "utf8" });
    git("init", "-q");
    git("config", "user.email", "t@example.com");
    git("config", "user.name", "t");
    const cli = path.join(repoRoot, "dist/bundle/cli.js");
    // The recipe of docs/ci.md, with `batchlint` spelled as this checkout's built CLI.
    const recipe = /```json\n(\{\n {2}"lint-staged"[^`]*)```/.exec(ciPage)![1]!;
    const config: Record<string, string> = JSON.parse(recipe)["lint-staged"];
    expect(Object.values(config).every((cmd) => cmd.startsWith("batchlint "))).toBe(true);
    fs.writeFileSync(path.join(dir, ".lintstagedrc.json"), JSON.stringify(Object.fromEntries(Object.entries(config).map(([glob, cmd]) => [glob, cmd.replace(/^batchlint /, `node ${cli} `)]))));
    fs.mkdirSync(path.join(dir, "infra"));
    fs.copyFileSync(path.join(repoRoot, "examples/template-compliant.jsonc"), path.join(dir, "infra/good.jsonc"));
    git("add", "infra/good.jsonc", ".lintstagedrc.json");
    const lintStaged = path.join(repoRoot, "node_modules/.bin/lint-staged");
    const ok = spawnSync(lintStaged, ["--no-stash"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    fs.copyFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"), path.join(dir, "infra/bad.json"));
    git("add", "infra/bad.json");
    const bad = spawnSync(lintStaged, ["--no-stash"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    expect(bad.status).toBe(1);
    const out = bad.stdout + bad.stderr;
    expect(out).toMatch(/infra\/bad\.json:6:5: error BATCH001/);
    expect(out).not.toContain(`${dir}/infra/bad.json:6:5`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
