/**
 * Batch resources inside other wrappers (input/export/wrapped.ts): REST API example files, SDK test recordings
 * (bodies as JSON and as JSON strings), nested dumps; the notice for a file that names Microsoft.Batch but holds
 * nothing to lint, in every output that shows it; the limits of the search. Fixtures: test/fixtures/wrappers
 * (SOURCES.md names where each comes from).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { RunContext } from "../src/context.js";
import type { LintResult } from "../src/engine/findings.js";
import { lintDocument } from "../src/engine/run.js";
import { MAX_NOTICES, MAX_STRING_LEVELS, NOTHING_TO_LINT } from "../src/input/export/wrapped.js";
import { recognise } from "../src/input/recognise.js";
import { github } from "../src/output/github.js";
import { html } from "../src/output/html.js";
import { json } from "../src/output/json.js";
import { junit } from "../src/output/junit.js";
import { markdown } from "../src/output/markdown.js";
import { sarif } from "../src/output/sarif.js";
import { stylish } from "../src/output/stylish.js";
import { parseDocument } from "../src/parse/document.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const DIR = "test/fixtures/wrappers";
const read = (name: string) => fs.readFileSync(path.join(repoRoot, DIR, name), "utf8");
const only = (...ids: string[]) => rules.filter((r) => ids.includes(r.meta.id));
const lint = (name: string, ...ids: string[]) => lintText(read(name), `${DIR}/${name}`, { rules: ids.length ? only(...ids) : rules, base: repoRoot });
/** Findings as `line:column rule pointer`. */
const places = (r: LintResult) => r.findings.map((f) => `${f.region.startLine}:${f.region.startColumn} ${f.ruleId} ${f.pointer}`);
const notices = (r: LintResult) => r.notes.filter((n) => n.kind === "notice").map((n) => n.message);
const ctx = { rules, base: repoRoot, color: false };

const ACCOUNT = "/subscriptions/12345678-1234-1234-1234-123456789012/resourceGroups/default-azurebatch-japaneast/providers/Microsoft.Batch/batchAccounts/sampleacct";

describe("REST API example files (Azure/azure-rest-api-specs)", () => {
  test("the request body (typed by the URL parameters) and the response body are two resources, each with its findings", () => {
    const r = lint("BatchAccountCreate_SystemAssignedIdentity.json", "BATCH001", "BATCH005");
    expect(r.errors).toEqual([]);
    expect(r.resourcesChecked).toBe(2);
    // Neither body sets allowedAuthenticationModes: reported on each body's `properties` key (lines 10 and 31).
    expect(places(r)).toEqual([
      "10:7 BATCH001 /parameters/parameters/properties",
      "10:7 BATCH005 /parameters/parameters/properties",
      "31:9 BATCH001 /responses/200/body/properties",
      "43:34 BATCH005 /responses/200/body/properties/publicNetworkAccess",
    ]);
    // The request body has no id: it is named by the example's URL parameters, as the response names itself.
    expect(new Set(r.findings.map((f) => f.resource.id))).toEqual(new Set([ACCOUNT]));
    expect(notices(r)).toEqual([]);
  });

  test("a pool's request body has no type: poolName makes it a pool", () => {
    const r = lint("PoolCreate_PublicIPs.json", "BATCH107");
    expect(r.resourcesChecked).toBe(2);
    expect(places(r)).toEqual([
      "20:26 BATCH107 /parameters/parameters/properties/networkConfiguration/publicIPAddressConfiguration/provision",
      "58:28 BATCH107 /responses/200/body/properties/networkConfiguration/publicIPAddressConfiguration/provision",
    ]);
    expect(r.findings.map((f) => f.resource.id)).toEqual([`${ACCOUNT}/pools/testpool`, `${ACCOUNT}/pools/testpool`]);
  });

  test("the same positions from the reader of JSON with comments", () => {
    const text = `// an example, annotated\n${read("BatchAccountCreate_SystemAssignedIdentity.json")}`;
    expect(parseDocument(text, "x.json", { plain: true }).reader).toBe("tree");
    const r = lintText(text, "annotated.json", { rules: only("BATCH001") });
    expect(places(r)).toEqual(["11:7 BATCH001 /parameters/parameters/properties", "32:9 BATCH001 /responses/200/body/properties"]);
  });

  test("URL parameters naming something under the account (a version) do not type the body", () => {
    // As ApplicationPackage_Create: the response is an application package (a type batchlint does not lint).
    const version = { id: `${ACCOUNT}/applications/app/versions/1`, type: "Microsoft.Batch/batchAccounts/applications/versions", properties: { state: "Pending" } };
    const example = { parameters: { accountName: "sampleacct", applicationName: "app", versionName: "1", parameters: { properties: { state: "Active" } } }, responses: { "200": { body: version } } };
    const r = lintText(JSON.stringify(example), "v.json", { rules });
    expect(r.resourcesChecked).toBe(0);
    expect(notices(r)).toEqual([NOTHING_TO_LINT]);
  });
});

describe("SDK test recordings", () => {
  test("test-proxy shape (Azure.ResourceManager.Batch): bodies as JSON, the request body typed by RequestUri", () => {
    const r = lint("recording-test-proxy.json", "BATCH001");
    expect(r.errors).toEqual([]);
    // The PUT's body (allowedAuthenticationModes AAD) and the GET's response; not the resource group, the storage
    // account or the listKeys response.
    expect(r.resourcesChecked).toBe(2);
    expect(places(r)).toEqual(["122:13 BATCH001 /Entries/2/ResponseBody/properties/allowedAuthenticationModes/0"]);
    const f = r.findings[0]!;
    expect(f.resource.id).toBe("/subscriptions/db1ab6f0-4769-4b27-930e-01e2ef9c123c/resourceGroups/testRG-1245/providers/Microsoft.Batch/batchAccounts/testaccount7879");
    // Values written in the file's own JSON are fixed in place.
    const text = read("recording-test-proxy.json");
    expect(f.fix?.edits.map((e) => text.slice(e.offset, e.offset + e.length).trim())).toEqual(['"SharedKey",']);
  });

  test("HttpRecorder shape (Microsoft.Azure.Management.Batch): bodies as JSON strings; findings point at the string", () => {
    const text = read("recording-http-recorder.json");
    const r = lint("recording-http-recorder.json", "BATCH001", "BATCH107");
    expect(r.errors).toEqual([]);
    expect(r.resourcesChecked).toBe(2);
    const response = text.indexOf('"{', text.indexOf('"ResponseBody"'));
    const request = text.indexOf('"{', text.indexOf('"RequestBody": "{'));
    expect(r.findings.map((f) => [f.ruleId, f.region.startLine, f.region.charOffset, f.pointer])).toEqual([
      ["BATCH001", 24, response, "/Entries/0/ResponseBody/properties/allowedAuthenticationModes/0"],
      ["BATCH107", 31, request, "/Entries/1/RequestBody/properties/networkConfiguration/publicIPAddressConfiguration/provision"],
    ]);
    // The region is the whole string value: nothing smaller in the file holds the value.
    const account = r.findings[0]!.region;
    expect(text.slice(account.charOffset, account.charOffset + account.charLength)).toMatch(/^"\{\\r\\n {2}\\"id\\".*\}"$/);
    // The pool's body has no type or id: RequestUri names it.
    expect(r.findings[1]!.resource.id).toBe("/subscriptions/21abd678-18c5-4660-9fdd-8c5ba6b6fe1f/resourceGroups/batchtestrg/providers/Microsoft.Batch/batchAccounts/batchtestacct/pools/testpool");
    // Nothing in a string can be edited in place: the fix is refused, and said so with --verbose.
    expect(r.findings[0]!.fix).toBeUndefined();
    expect(r.notes.map((n) => [n.kind, n.line])).toEqual([["info", 24]]);
  });

  test("secrets inside a JSON string are redacted like any other", () => {
    const body = { type: "Microsoft.Batch/batchAccounts", properties: { autoStorage: { accountKey: "n0t-a-real-key-but-secret" } } };
    const text = JSON.stringify({ Entries: [{ RequestUri: "/x", ResponseBody: JSON.stringify(body) }] });
    const doc = parseDocument(text, "rec.json", { plain: true });
    const out = lintDocument(new RunContext(), doc, { rules: [] });
    expect(out.resources).toHaveLength(1);
    expect(out.redactor?.redact("key n0t-a-real-key-but-secret here")).toBe("key <redacted> here");
  });
});

describe("nested dumps", () => {
  test("a Resource Graph result and a List body nested in an inventory: typed by type (any case) or by id", () => {
    const r = lint("nested-dump.json", "BATCH001", "BATCH104");
    expect(r.errors).toEqual([]);
    expect(r.resourcesChecked).toBe(2); // not the storage account
    expect(places(r)).toEqual([
      "23:21 BATCH001 /tenants/0/subscriptions/0/graph/data/0/properties/allowedAuthenticationModes/1",
      "41:23 BATCH104 /tenants/0/subscriptions/0/inventory/pools/value/0/properties/deploymentConfiguration/virtualMachineConfiguration",
    ]);
    expect(r.findings.map((f) => f.resource.type)).toEqual(["Microsoft.Batch/batchAccounts", "Microsoft.Batch/batchAccounts/pools"]);
  });
});

describe("records of a streamed list", () => {
  test("each record is searched on its own, with the file's positions and pointers", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-wrapped-"));
    const body = JSON.stringify({ type: "Microsoft.Batch/batchAccounts", properties: { allowedAuthenticationModes: ["SharedKey"] } });
    const record = JSON.stringify({ Entries: [{ RequestUri: "/x", ResponseBody: body }] }, null, 2);
    fs.writeFileSync(path.join(dir, "list.json"), `{"value": [\n${record},\n{"note": "Microsoft.Batch"}\n]}\n`);
    try {
      const r = await lintPaths(["list.json"], { rules: only("BATCH001"), cwd: dir, base: dir, streamThreshold: 10 });
      expect(r.errors).toEqual([]);
      // The string value: its line in the file, its column on that line.
      const at = record.split("\n").findIndex((l) => l.includes('"ResponseBody"'));
      const column = record.split("\n")[at]!.indexOf('"{') + 1;
      expect(places(r)).toEqual([`${at + 2}:${column} BATCH001 /value/0/Entries/0/ResponseBody/properties/allowedAuthenticationModes/0`]);
      expect(notices(r)).toEqual([`/value/1: ${NOTHING_TO_LINT}`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("nothing is dropped silently", () => {
  test("a file naming Microsoft.Batch with nothing to lint: a notice on the terminal and in JSON, SARIF and GitHub output", () => {
    const r = lint("policy-rule.json");
    expect(r.findings).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.notes).toEqual([{ file: `${DIR}/policy-rule.json`, kind: "notice", message: NOTHING_TO_LINT }]);
    expect(stylish(r, ctx)).toContain(`${DIR}/policy-rule.json: notice ${NOTHING_TO_LINT}`);
    expect(JSON.parse(json(r, ctx)).notices).toEqual([{ file: `${DIR}/policy-rule.json`, message: NOTHING_TO_LINT }]);
    const notifications = JSON.parse(sarif(r, ctx)).runs[0].invocations[0].toolExecutionNotifications;
    expect(notifications).toEqual([
      {
        level: "note",
        message: { text: `${DIR}/policy-rule.json: ${NOTHING_TO_LINT}` },
        descriptor: { id: "not-linted" },
        locations: [{ physicalLocation: { artifactLocation: { uri: `${DIR}/policy-rule.json`, uriBaseId: "%SRCROOT%" } } }],
      },
    ]);
    expect(github(r, ctx)).toContain(`::notice file=${DIR}/policy-rule.json,title=batchlint%3A not linted::mentions Microsoft.Batch`);
    // The reports for people: a table, a section, a skipped test case.
    const md = markdown(r, ctx);
    expect(md).toContain("No problems in 1 file.");
    expect(md).toContain(`### Batch content not linted\n\n| Location | Why |\n| --- | --- |\n| \`${DIR}/policy-rule.json\` | mentions Microsoft.Batch but holds`);
    expect(html(r, ctx)).toMatch(new RegExp(`<section id="notices"><h2>Batch content not linted \\(1\\)</h2><ul><li><code>${DIR}/policy-rule\\.json</code> `));
    const xml = junit(r, ctx);
    expect(xml).toContain('<testsuites name="batchlint" tests="1" failures="0" errors="0" skipped="1">');
    expect(xml).toContain(`<testcase name="not linted ${DIR}/policy-rule.json" classname="${DIR}/policy-rule.json"><skipped message="`);
  });

  test("a JSON file that does not name Microsoft.Batch is skipped as before: a note for --verbose only", () => {
    const r = lint("storage-recording.json");
    expect(r.notes).toEqual([{ file: `${DIR}/storage-recording.json`, kind: "skipped", message: "not an ARM template or exported Azure resource; skipped" }]);
    expect(stylish(r, ctx)).toBe("");
    expect(JSON.parse(json(r, ctx))).not.toHaveProperty("notices");
    expect(JSON.parse(sarif(r, ctx)).runs[0].invocations[0].toolExecutionNotifications).toEqual([]);
  });

  test("recognition: the provider's name, not a longer one, makes a file a wrapper", () => {
    const kind = (text: string) => recognise(parseDocument(text, "k.json", { plain: true }));
    expect(kind('{"log": "created Microsoft.Batch/batchAccounts/x"}')).toBe("wrapped");
    expect(kind('[{"provider": "microsoft.batch"}]')).toBe("wrapped");
    expect(kind('{"provider": "Microsoft.BatchAI"}')).toBe("unknown");
    expect(kind('{"type": "Microsoft.Batch/batchAccounts", "properties": {}}')).toBe("export");
    expect(kind('"Microsoft.Batch"')).toBe("unknown");
  });
});

describe("limits: the input is attacker-controlled", () => {
  const account = { type: "Microsoft.Batch/batchAccounts", properties: { allowedAuthenticationModes: ["SharedKey"] } };

  test(`JSON in strings is read ${MAX_STRING_LEVELS} strings deep, and no deeper`, () => {
    let v: unknown = account;
    for (let i = 0; i < MAX_STRING_LEVELS; i++) v = { body: JSON.stringify(v) };
    expect(lintText(JSON.stringify(v), "s.json", { rules: only("BATCH001") }).findings).toHaveLength(1);
    const deeper = JSON.stringify({ body: JSON.stringify(v) });
    const r = lintText(deeper, "s.json", { rules: only("BATCH001") });
    expect(r.findings).toEqual([]);
    expect(notices(r)).toEqual([`/body/body/body/body: JSON in a string inside ${MAX_STRING_LEVELS} levels of JSON strings; not read`, NOTHING_TO_LINT]);
  });

  test("the JSON of a string may not nest deeper than the readers' limit", () => {
    const deep = `{"type":"Microsoft.Batch/batchAccounts","properties":{"x":${"[".repeat(1000)}${"]".repeat(1000)}}}`;
    const r = lintText(JSON.stringify({ log: [deep] }), "d.json", { rules: only("BATCH001") });
    expect(r.findings).toEqual([]);
    expect(notices(r)).toEqual(["/log/0: the JSON in this string is nested deeper than 1000 levels in all; not read", NOTHING_TO_LINT]);
  });

  test("at most 20,000 resources from one document, and a notice for the rest", () => {
    const text = JSON.stringify({ dump: { accounts: Array.from({ length: 20_001 }, () => account) } });
    const r = lintText(text, "many.json", { rules: only("BATCH001") });
    expect(r.resourcesChecked).toBe(20_000);
    expect(notices(r)).toEqual(["/dump/accounts/20000: more than 20,000 Batch resources in one document; this one and the rest not linted"]);
  });

  test("templates and template resources inside a wrapper are not read as literal values", () => {
    const template = {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [{ ...account, apiVersion: "2024-07-01", name: "[parameters('n')]" }],
    };
    const r = lintText(JSON.stringify({ deployment: { template }, snippet: { name: "[parameters('n')]", ...account } }), "t.json", { rules: only("BATCH001") });
    expect(r.findings).toEqual([]);
    expect(notices(r)).toEqual([
      "/deployment/template: an ARM template inside the document; not linted here (lint it as a file of its own)",
      "/snippet: a Microsoft.Batch/batchAccounts written with ARM template expressions; not linted here (lint the template it comes from)",
      NOTHING_TO_LINT,
    ]);
  });

  test(`at most ${MAX_NOTICES} notices from one document, and their count beyond`, () => {
    const strings = Array.from({ length: MAX_NOTICES + 50 }, (_, i) => `{ Microsoft.Batch log line ${i}`);
    const r = lintText(JSON.stringify({ log: strings }), "n.json", { rules });
    const listed = notices(r);
    expect(listed).toHaveLength(MAX_NOTICES + 2);
    expect(listed[0]).toBe("/log/0: a string that mentions Microsoft.Batch starts like JSON but is not JSON; not read");
    expect(listed.slice(-2)).toEqual(["50 more notices like these left out", NOTHING_TO_LINT]);
  });

  test("a Batch request's body that is not JSON is noticed, not dropped", () => {
    const rec = { Entries: [{ RequestUri: `${ACCOUNT}?api-version=2024-07-01`, RequestBody: "{ truncated" }] };
    const r = lintText(JSON.stringify(rec), "b.json", { rules });
    expect(notices(r)).toEqual(["/Entries/0/RequestBody: the body of a request for Microsoft.Batch/batchAccounts is a string that is not JSON; not read", NOTHING_TO_LINT]);
  });
});

describe("the API version of a wrapper judges its bodies", () => {
  // The 2017-09-01 REST example shape (PoolCreate of that version's examples): maxTasksPerNode and
  // cloudServiceConfiguration.targetOSVersion are valid there, and no shipped schema is of that version.
  const example = (apiVersion: string) =>
    JSON.stringify(
      {
        parameters: {
          accountName: "sampleacct",
          poolName: "testpool",
          "api-version": apiVersion,
          parameters: { properties: { vmSize: "STANDARD_D4", maxTasksPerNode: 13, deploymentConfiguration: { cloudServiceConfiguration: { osFamily: "4", targetOSVersion: "WA-GUEST-OS-4.45_201708-01" } } } },
        },
        responses: { "200": { body: { type: "Microsoft.Batch/batchAccounts/pools", name: "testpool", properties: { vmSize: "STANDARD_D4", maxTasksPerNode: 13, bogusSetting: 1 } } } },
      },
      null,
      2,
    );
  test("a 2017-09-01 example gets no schema finding, and a verbose note says why", () => {
    const r = lintText(example("2017-09-01"), "PoolCreate.json", { rules: only("BATCH904", "BATCH903", "BATCH101"), base: repoRoot });
    expect(r.findings.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual(["BATCH101 /parameters/parameters/properties/deploymentConfiguration/cloudServiceConfiguration"]);
    expect(r.notes.filter((n) => n.kind === "info").map((n) => n.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^BATCH904 did not check this resource: no Microsoft.Batch schema for apiVersion 2017-09-01 is shipped/)]),
    );
  });
  test("at a shipped version the bodies are checked as exports", () => {
    const r = lintText(example("2025-06-01"), "PoolCreate.json", { rules: only("BATCH904"), base: repoRoot });
    expect(r.findings.map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringContaining("'bogusSetting'")]));
  });
});

describe("BATCH001 by the wrapper's API version", () => {
  const example = (apiVersion: string, mode: string) =>
    JSON.stringify(
      {
        parameters: { accountName: "sampleacct", "api-version": apiVersion, parameters: { location: "japaneast", properties: { poolAllocationMode: mode } } },
        responses: { "200": { body: { type: "Microsoft.Batch/batchAccounts", name: "sampleacct", properties: { poolAllocationMode: mode } } } },
      },
      null,
      2,
    );
  test("before 2021-06-01 a UserSubscription account accepts only Microsoft Entra ID: no finding", () => {
    expect(lintText(example("2017-05-01", "UserSubscription"), "BYOS.json", { rules: only("BATCH001"), base: repoRoot }).findings).toEqual([]);
  });
  test("before 2021-06-01 a BatchService account keeps shared keys, and the message names the example's api-version", () => {
    const r = lintText(example("2017-05-01", "BatchService"), "Create.json", { rules: only("BATCH001"), base: repoRoot });
    expect(r.findings.map((f) => f.message)).toEqual([
      "allowedAuthenticationModes is not set and apiVersion 2017-05-01 predates it, so the account accepts shared key authentication; raise the apiVersion to 2021-06-01 or later to set it.",
      "allowedAuthenticationModes is not set and apiVersion 2017-05-01 predates it, so the account accepts shared key authentication; raise the apiVersion to 2021-06-01 or later to set it.",
    ]);
  });
  test("at a current version the same body is reported as not set", () => {
    const r = lintText(example("2025-06-01", "BatchService"), "Create.json", { rules: only("BATCH001"), base: repoRoot });
    expect(r.findings.map((f) => f.messageId)).toEqual(["notSet", "notSet"]);
  });
});
