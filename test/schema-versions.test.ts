/**
 * The schema rules judge each resource by the schema of its own apiVersion (issue 21): BATCH903 and BATCH904 only
 * when that schema is shipped (else a --verbose note), BATCH906 only from what the shipped schemas show.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { ARM_SCHEMA_VERSIONS, armSchemaVersionsIn } from "../src/engine/schema.js";
import { acceptedFromOf } from "../src/engine/schema-versions.js";
import type { LintResult } from "../src/engine/findings.js";
import { stylish } from "../src/output/stylish.js";
import { lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const SCHEMA_RULES = new Set(["BATCH903", "BATCH904", "BATCH906"]);
const SHIPPED = "shipped: 2023-11-01, 2024-02-01, 2024-07-01, 2025-06-01";

/** A template of one resource, with the parameters it needs (none, or `apiVersion` without a value). */
function template(resource: Record<string, unknown>, parameters: Record<string, unknown> = {}): string {
  return JSON.stringify({ $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", contentVersion: "1.0.0.0", parameters, resources: [resource] }, null, 2);
}

const IMAGE = { imageReference: { publisher: "canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" }, nodeAgentSkuId: "batch.node.ubuntu 24.04" };

function pool(apiVersion: string, properties: Record<string, unknown>): string {
  return template({ type: "Microsoft.Batch/batchAccounts/pools", apiVersion, name: "contosobatch/pool1", properties: { vmSize: "Standard_D2s_v3", ...properties } });
}

function lint(text: string): LintResult {
  return lintText(text, "template.json", { rules, cwd: repoRoot, base: repoRoot });
}

/** The schema rules' findings, as "rule message". */
function schemaFindings(r: LintResult): string[] {
  expect(r.errors).toEqual([]);
  return r.findings.filter((f) => SCHEMA_RULES.has(f.ruleId)).map((f) => `${f.ruleId} ${f.message}`);
}

function infoNotes(r: LintResult): string[] {
  return r.notes.filter((n) => n.kind === "info").map((n) => n.message);
}

describe("a resource whose apiVersion has a shipped schema is judged by that schema", () => {
  test("an unknown property at 2024-07-01: BATCH904 names the 2024-07-01 schema", () => {
    const r = lint(pool("2024-07-01", { maxTasksPerNode: 4, deploymentConfiguration: { virtualMachineConfiguration: IMAGE } }));
    expect(schemaFindings(r)).toEqual(["BATCH904 'maxTasksPerNode' is not a property of 'properties' in the Microsoft.Batch schema (apiVersion 2024-07-01)."]);
    expect(infoNotes(r)).toEqual([]);
  });

  test("an invalid enum value at 2023-11-01: BATCH903", () => {
    const r = lint(pool("2023-11-01", { interNodeCommunication: "Disabeld", deploymentConfiguration: { virtualMachineConfiguration: IMAGE } }));
    expect(schemaFindings(r)).toEqual(["BATCH903 'Disabeld' is not a valid interNodeCommunication; did you mean 'Disabled'?"]);
  });

  test("a property its own version has and the newest has dropped is not reported (cloudServiceConfiguration at 2024-02-01)", () => {
    const r = lint(pool("2024-02-01", { deploymentConfiguration: { cloudServiceConfiguration: { osFamily: "6", osVersion: "*" } } }));
    expect(schemaFindings(r)).toEqual([]);
  });

  test("a property its own version lacks though an older one had it is BATCH904's, never BATCH906's (certificates at 2025-06-01)", () => {
    const r = lint(pool("2025-06-01", { certificates: [{ id: "x" }], deploymentConfiguration: { virtualMachineConfiguration: IMAGE } }));
    expect(schemaFindings(r)).toEqual(["BATCH904 'certificates' is not a property of 'properties' in the Microsoft.Batch schema (apiVersion 2025-06-01)."]);
  });

  test("a value whose property a newer schema drops is invalid, not 'supported from' that schema (targetNodeCommunicationMode at 2024-07-01)", () => {
    const r = lint(pool("2024-07-01", { targetNodeCommunicationMode: "Simple", deploymentConfiguration: { virtualMachineConfiguration: IMAGE } }));
    expect(schemaFindings(r)).toEqual(["BATCH903 'Simple' is not a valid targetNodeCommunicationMode; allowed: Default, Classic, Simplified."]);
  });
});

describe("a resource whose apiVersion has no shipped schema is not judged by another version's", () => {
  test("maxTasksPerNode at 2020-03-01 (valid then; taskSlotsPerNode from 2021-01-01): no finding", () => {
    const r = lint(pool("2020-03-01", { maxTasksPerNode: 4, deploymentConfiguration: { virtualMachineConfiguration: IMAGE } }));
    expect(schemaFindings(r)).toEqual([]);
  });

  test("targetOSVersion and blobSource at 2017-09-01: no finding", () => {
    const r = lint(
      pool("2017-09-01", {
        deploymentConfiguration: { cloudServiceConfiguration: { osFamily: "5", targetOSVersion: "*" } },
        startTask: { commandLine: "cmd /c setup.cmd", resourceFiles: [{ blobSource: "https://contoso.blob.core.windows.net/setup/setup.cmd", filePath: "setup.cmd" }] },
      }),
    );
    expect(schemaFindings(r)).toEqual([]);
  });

  test("the note says which apiVersion has no schema and names the shipped ones, at the apiVersion, once per rule", () => {
    const text = pool("2020-03-01", { maxTasksPerNode: 4, deploymentConfiguration: { virtualMachineConfiguration: IMAGE } });
    const r = lint(text);
    const clause = `did not check this resource: no Microsoft.Batch schema for apiVersion 2020-03-01 is shipped with batchlint (${SHIPPED})`;
    expect(infoNotes(r)).toEqual([`BATCH903 ${clause}`, `BATCH904 ${clause}`]);
    const line = text.split("\n").findIndex((l) => l.includes('"apiVersion"')) + 1;
    for (const n of r.notes) expect({ file: n.file, line: n.line }).toEqual({ file: "template.json", line });
  });

  test("the terminal report prints the note with --verbose only", () => {
    const r = lint(pool("2020-03-01", { deploymentConfiguration: { virtualMachineConfiguration: IMAGE } }));
    const ctx = { rules, base: repoRoot, color: false };
    expect(stylish(r, { ...ctx, verbose: true })).toContain("BATCH904 did not check this resource: no Microsoft.Batch schema for apiVersion 2020-03-01 is shipped");
    expect(stylish(r, ctx)).not.toContain("did not check");
  });

  test("an apiVersion that is an unknown expression: silent, and the note says why", () => {
    const text = template(
      {
        type: "Microsoft.Batch/batchAccounts/pools",
        apiVersion: "[parameters('apiVersion')]",
        name: "contosobatch/pool1",
        properties: { vmSize: "Standard_D2s_v3", maxTasksPerNod: 4, interNodeCommunication: "Disabeld" },
      },
      { apiVersion: { type: "string" } },
    );
    const r = lint(text);
    expect(schemaFindings(r)).toEqual([]);
    expect(infoNotes(r)).toEqual([
      `BATCH903 did not check this resource: the resource's apiVersion cannot choose a Microsoft.Batch schema (it is unknown: parameter 'apiVersion' has no value; ${SHIPPED})`,
      `BATCH904 did not check this resource: the resource's apiVersion cannot choose a Microsoft.Batch schema (it is unknown: parameter 'apiVersion' has no value; ${SHIPPED})`,
    ]);
  });

  test.each(["2027-01-01", "2024-07-01-preview", "2019-08-01"])("apiVersion %s (newer than every shipped schema, a preview, older): a typo and a bad value go unreported", (apiVersion) => {
    const r = lint(pool(apiVersion, { maxTasksPerNod: 4, interNodeCommunication: "Disabeld", upgradePolicy: { mode: "manual" } }));
    expect(schemaFindings(r)).toEqual([]);
    expect(infoNotes(r)).toHaveLength(2);
  });
});

describe("BATCH906 says only what the shipped schemas show", () => {
  test("a shipped apiVersion: the property's oldest shipped schema is named", () => {
    const r = lint(pool("2024-07-01", { taskSchedulingPolicy: { nodeFillType: "Spread", jobDefaultOrder: "CreationTime" }, deploymentConfiguration: { virtualMachineConfiguration: IMAGE } }));
    expect(schemaFindings(r)).toEqual([
      "BATCH906 taskSchedulingPolicy.jobDefaultOrder is not supported by apiVersion 2024-07-01; the oldest Microsoft.Batch schema shipped with batchlint that supports it is 2025-06-01.",
    ]);
  });

  test("an apiVersion between two shipped ones, whose next shipped version lacks the property too: reported", () => {
    const r = lint(pool("2024-05-01", { taskSchedulingPolicy: { nodeFillType: "Spread", jobDefaultOrder: "CreationTime" }, deploymentConfiguration: { virtualMachineConfiguration: IMAGE } }));
    expect(schemaFindings(r)).toEqual([
      "BATCH906 taskSchedulingPolicy.jobDefaultOrder is not supported by apiVersion 2024-05-01; the oldest Microsoft.Batch schema shipped with batchlint that supports it is 2025-06-01.",
    ]);
  });

  test("an apiVersion between two shipped ones, the upper of which has the property: nothing (the version may have it)", () => {
    const r = lint(pool("2023-12-01", { upgradePolicy: { mode: "manual" }, deploymentConfiguration: { virtualMachineConfiguration: IMAGE } }));
    expect(schemaFindings(r)).toEqual([]);
  });

  test("an apiVersion older than every shipped schema: nothing, even for a property the oldest shipped schema lacks", () => {
    const r = lint(pool("2022-06-01", { upgradePolicy: { mode: "manual" }, deploymentConfiguration: { virtualMachineConfiguration: IMAGE } }));
    expect(schemaFindings(r)).toEqual([]);
  });
});

describe("which shipped schema BATCH906 may name (acceptedFromOf)", () => {
  const V = ["2021-01-01", "2022-01-01", "2023-01-01", "2024-01-01"];
  /** Each version's issue keys, as schemaIssues would find them for one resource. */
  const at = (keys: Record<string, string[]>) => (v: string) => new Set(keys[v] ?? []);
  const key = "prop|properties.a.b";

  test("the oldest version that accepts it, when every version before it lacks it", () => {
    expect(acceptedFromOf(key, "2022-01-01", V, at({ "2021-01-01": [key], "2022-01-01": [key], "2023-01-01": [key] }))).toBe("2024-01-01");
  });
  test("a version lacking what holds it lacks it too: `a` unknown there is not `a.b` accepted", () => {
    expect(acceptedFromOf(key, "2022-01-01", V, at({ "2021-01-01": [key], "2022-01-01": [key], "2023-01-01": ["prop|properties.a"] }))).toBe("2024-01-01");
    expect(acceptedFromOf("enum|properties.mode", "2022-01-01", V, at({ "2021-01-01": ["enum|properties.mode"], "2022-01-01": ["enum|properties.mode"], "2023-01-01": ["prop|properties.mode"] }))).toBe("2024-01-01");
  });
  test("nothing when an older version had it (dropped and brought back, or renamed)", () => {
    expect(acceptedFromOf(key, "2022-01-01", V, at({ "2022-01-01": [key], "2023-01-01": [key] }))).toBeUndefined();
  });
  test("nothing when no newer version accepts it", () => {
    expect(acceptedFromOf(key, "2022-01-01", V, at({ "2021-01-01": [key], "2022-01-01": [key], "2023-01-01": [key], "2024-01-01": [key] }))).toBeUndefined();
  });
});

describe("the shipped versions come from the schema folder", () => {
  test("ARM_SCHEMA_VERSIONS lists schema/arm", () => {
    expect(ARM_SCHEMA_VERSIONS).toEqual(["2023-11-01", "2024-02-01", "2024-07-01", "2025-06-01"]);
  });

  test("a version folder dropped in is found; previews, empty folders and stray files are not", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-schema-"));
    try {
      for (const v of ["2021-06-01", "2017-09-01", "2024-07-01-preview"]) {
        fs.mkdirSync(path.join(dir, "arm", v), { recursive: true });
        fs.writeFileSync(path.join(dir, "arm", v, "Microsoft.Batch.json"), "{}");
      }
      fs.mkdirSync(path.join(dir, "arm", "2020-03-01"));
      fs.writeFileSync(path.join(dir, "arm", "README.md"), "");
      expect(armSchemaVersionsIn(dir)).toEqual(["2017-09-01", "2021-06-01"]);
      expect(armSchemaVersionsIn(undefined)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
