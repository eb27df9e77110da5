/**
 * The evaluation work budget through the built CLI, memory capped (the attacks in-process: eval-budget.test.ts, whose
 * helpers below are copied from).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { repoRoot } from "./helpers.js";

const bin = path.join(repoRoot, "dist/bundle/cli.js");
const SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
type Json = Record<string, unknown>;

const template = (extra: Json): Json => ({ $schema: SCHEMA, contentVersion: "1.0.0.0", ...extra });
const account = (properties: unknown, name = "acct001"): Json => ({ type: "Microsoft.Batch/batchAccounts", apiVersion: "2024-07-01", name, location: "westeurope", properties });
/** A file every run lints beside the attack: its BATCH001 must still be reported. */
const NORMAL = template({ resources: [account({ poolAllocationMode: "BatchService" }, "normal001")] });

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A temp directory with normal.json and the given files (JSON values are written as JSON). */
function tree(files: Record<string, Json>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-budget-")));
  dirs.push(dir);
  for (const [name, value] of Object.entries({ "normal.json": NORMAL, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), JSON.stringify(value, null, 1));
  }
  return dir;
}

/** User-defined functions each calling the previous one twice, 40 levels (about 2^40 calls). */
function udfChain(levels = 40): Json {
  const members: Json = { f0: { parameters: [{ name: "x", type: "string" }], output: { type: "string", value: "[parameters('x')]" } } };
  for (let i = 1; i <= levels; i++) members[`f${i}`] = { parameters: [{ name: "x", type: "string" }], output: { type: "string", value: `[a.f${i - 1}(a.f${i - 1}(parameters('x')))]` } };
  return template({ functions: [{ namespace: "a", members }], resources: [account({ poolAllocationMode: `[a.f${levels}('BatchService')]` })] });
}

/** Variables each built from the previous one twice, 40 levels: objects (a DAG of 80 objects, a tree of 2^40). */
function objectVariables(): Json {
  const variables: Json = { v0: { a: 1 } };
  for (let i = 1; i <= 40; i++) variables[`v${i}`] = `[createObject('a', variables('v${i - 1}'), 'b', variables('v${i - 1}'))]`;
  return template({ variables, resources: [{ ...account({}), properties: "[variables('v40')]" }] });
}

describe("through the built CLI, memory capped at 512 MB", () => {
  function cli(files: Record<string, Json>, args: string[] = []) {
    const dir = tree(files);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ["--max-old-space-size=512", bin, ".", "-f", "json", ...args], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28, timeout: 60_000 });
    return { code: r.status, out: JSON.parse(r.stdout || "{}") as { errors: { file: string; line: number; message: string }[]; findings: { file: string; ruleId: string }[] }, ms: Date.now() - t0, stderr: r.stderr };
  }

  test.each([
    ["user-defined functions", udfChain()],
    ["object variables used as properties", objectVariables()],
  ])("%s: exit 2, one located error, the other file reported", (_name, attack) => {
    const r = cli({ "t.json": attack });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(2);
    expect(r.out.errors).toEqual([expect.objectContaining({ file: "t.json", message: expect.stringMatching(/^too complex to evaluate/) })]);
    expect(r.out.findings.some((f) => f.file === "normal.json" && f.ruleId === "BATCH001")).toBe(true);
    expect(r.ms).toBeLessThan(30_000);
  });

  test("--evaluation-budget changes the outcome: a tiny budget refuses a normal template", () => {
    const tiny = cli({}, ["--evaluation-budget", "0.000001"]);
    expect(tiny.code).toBe(2);
    expect(tiny.out.errors).toEqual([expect.objectContaining({ file: "normal.json", message: expect.stringMatching(/more than 3 evaluation steps|more than 2 array elements/) })]);
    const bad = cli({}, ["--evaluation-budget", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--evaluation-budget expects a positive number/);
  });
});
