/**
 * One resource definition deployed more than once (a linked template used by two deployments, a template that links
 * itself) is one place to edit: each of its findings is told once, with where each deployment's value came from.
 * Copy instances and differently named resources stay apart.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths } from "../src/pipeline/run.js";

const SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
type Json = Record<string, unknown>;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function lint(files: Record<string, Json>) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-repeat-")));
  dirs.push(dir);
  for (const [name, value] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), JSON.stringify(value, null, 1));
  return lintPaths(["main.json"], { rules, cwd: dir, base: dir });
}

const child = (accountName: string): Json => ({
  $schema: SCHEMA,
  contentVersion: "1.0.0.0",
  parameters: { modes: { type: "array", defaultValue: ["AAD"] } },
  resources: [{ type: "Microsoft.Batch/batchAccounts", apiVersion: "2024-07-01", name: accountName, location: "westeurope", properties: { allowedAuthenticationModes: "[parameters('modes')]" } }],
});
const deployment = (name: string, modes: string[]): Json => ({
  type: "Microsoft.Resources/deployments",
  apiVersion: "2022-09-01",
  name,
  properties: { mode: "Incremental", templateLink: { relativePath: "child.json" }, parameters: { modes: { value: modes } } },
});
const main = (...resources: Json[]): Json => ({ $schema: SCHEMA, contentVersion: "1.0.0.0", resources });

describe("a definition deployed more than once", () => {
  test("one finding per place and message, with each deployment's value as a related location", async () => {
    const result = await lint({ "main.json": main(deployment("d1", ["SharedKey"]), deployment("d2", ["SharedKey"])), "child.json": child("acct001") });
    const shared = result.findings.filter((f) => f.ruleId === "BATCH001");
    expect(shared).toHaveLength(1);
    expect(shared[0]!.file).toBe("child.json");
    const callers = shared[0]!.related.filter((r) => r.file === "main.json");
    expect(callers).toHaveLength(2);
    expect(new Set(callers.map((r) => r.region.startLine)).size).toBe(2);
    expect(result.errors).toEqual([]);
  });

  test("different values give different messages, and each is kept", async () => {
    const result = await lint({ "main.json": main(deployment("d1", ["SharedKey"]), deployment("d2", ["TaskAuthenticationToken", "SharedKey"])), "child.json": child("acct001") });
    const shared = result.findings.filter((f) => f.ruleId === "BATCH001");
    expect(shared.map((f) => f.message)).toEqual([expect.stringContaining('(evaluates to ["SharedKey"])'), expect.stringContaining('(evaluates to ["TaskAuthenticationToken","SharedKey"])')]);
    expect(result.findings.filter((f) => f.ruleId === "BATCH002")).toHaveLength(1);
  });

  test("differently named resources from one definition stay apart", async () => {
    const c = child("[parameters('name')]");
    (c.parameters as Json).name = { type: "string" };
    const named = (d: string, name: string): Json => {
      const dep = deployment(d, ["SharedKey"]);
      ((dep.properties as Json).parameters as Json).name = { value: name };
      return dep;
    };
    const result = await lint({ "main.json": main(named("d1", "acctd1"), named("d2", "acctd2")), "child.json": c });
    const shared = result.findings.filter((f) => f.ruleId === "BATCH001");
    expect(shared.map((f) => f.resource.name).sort()).toEqual(["acctd1", "acctd2"]);
  });

  test("copy instances stay apart (their messages name the index)", async () => {
    const t = main({ type: "Microsoft.Batch/batchAccounts", apiVersion: "2024-07-01", name: "[concat('acct00', copyIndex())]", location: "westeurope", copy: { name: "accts", count: 3 }, properties: {} });
    const result = await lint({ "main.json": t });
    expect(result.findings.filter((f) => f.ruleId === "BATCH001")).toHaveLength(3);
  });
});
