/**
 * The GitHub Action and the documented workflows use current majors of the actions they call: a major on the Node 20
 * action runtime (checkout and setup-node before v5) or a deprecated CodeQL Action (upload-sarif before v4) warns
 * on every run, then stops working when GitHub removes it. The e2e side of the Action (its bundle, its lint step)
 * is in test/install.e2e.test.ts and test/ci-recipes.e2e.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import yaml from "js-yaml";
import { repoRoot } from "./helpers.js";

/** The lowest accepted major of each action the Action or a recipe calls. */
const MIN_MAJOR: Record<string, number> = {
  "actions/checkout": 5,
  "actions/setup-node": 5,
  "github/codeql-action/upload-sarif": 4,
};

/** Where `uses:` lines live: the Action, the CI page and the example workflow it shows. */
const FILES = ["action.yml", "docs/ci.md", "examples/ci/github-workflow.yml"];

/** Every `uses: owner/repo[/path]@ref` of a text, YAML or a Markdown page's YAML blocks alike. */
function usesLines(text: string): { action: string; ref: string; line: string }[] {
  return [...text.matchAll(/^\s*(?:-\s+)?uses:\s*["']?([^@\s"']+)@([^\s"'#]+)/gm)].map((m) => ({ action: m[1]!, ref: m[2]!, line: m[0].trim() }));
}

/** Why a use is out of date, or undefined: a tag's major (v4, v4.2.1) is compared; a commit SHA is not judged. */
function outdated(use: { action: string; ref: string }): string | undefined {
  const min = MIN_MAJOR[use.action];
  const major = /^v(\d+)(?:\.|$)/.exec(use.ref);
  if (min === undefined || !major) return undefined;
  return Number(major[1]) < min ? `${use.action}@${use.ref} is older than v${min}` : undefined;
}

describe("actions used by action.yml and the CI recipes", () => {
  test("the check reads uses: lines and rejects older majors (it can fail)", () => {
    const uses = usesLines("steps:\n  - uses: actions/checkout@v4\n  - uses: 'actions/setup-node@v5.0.1'\n  - uses: github/codeql-action/upload-sarif@v3 # old\n  - uses: actions/checkout@0123abc\n");
    expect(uses.map((u) => `${u.action}@${u.ref}`)).toEqual(["actions/checkout@v4", "actions/setup-node@v5.0.1", "github/codeql-action/upload-sarif@v3", "actions/checkout@0123abc"]);
    expect(uses.map(outdated)).toEqual(["actions/checkout@v4 is older than v5", undefined, "github/codeql-action/upload-sarif@v3 is older than v4", undefined]);
  });

  test.each(FILES)("%s uses current majors of checkout, setup-node and upload-sarif", (file) => {
    const uses = usesLines(fs.readFileSync(path.join(repoRoot, file), "utf8"));
    expect(uses.length, `${file} has no uses: line`).toBeGreaterThan(0);
    expect(uses.map(outdated).filter((x) => x !== undefined)).toEqual([]);
  });

  test("every one of the three actions is used somewhere, so the check has something to guard", () => {
    const used = new Set(FILES.flatMap((f) => usesLines(fs.readFileSync(path.join(repoRoot, f), "utf8")).map((u) => u.action)));
    expect([...Object.keys(MIN_MAJOR)].filter((a) => !used.has(a))).toEqual([]);
  });
});

describe("action.yml", () => {
  const action = yaml.load(fs.readFileSync(path.join(repoRoot, "action.yml"), "utf8")) as {
    inputs: Record<string, { default: string }>;
    runs: { steps: { uses?: string; run?: string; if?: string; with?: Record<string, unknown> }[] };
  };

  test("installs nothing: it runs the committed bundle in action/", () => {
    const runs = action.runs.steps.map((s) => s.run ?? "").join("\n");
    expect(runs).not.toMatch(/\bnpm\s+(ci|i|install)\b/);
    expect(runs).toContain('node "$GITHUB_ACTION_PATH/action/batchlint.js"');
    expect(fs.existsSync(path.join(repoRoot, "action/batchlint.js"))).toBe(true);
  });

  test("sets up a Node.js LTS line in support by default, and skips the setup when node-version is empty", () => {
    expect(action.inputs["node-version"]!.default).toBe("24");
    const setup = action.runs.steps.find((s) => s.uses?.startsWith("actions/setup-node@"))!;
    expect(setup.if).toBe("inputs.node-version != ''");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, meant literally
    expect(setup.with).toMatchObject({ "node-version": "${{ inputs.node-version }}", "package-manager-cache": false });
  });
});
