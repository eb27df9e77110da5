/** Auditing exported accounts: every export shape in one folder, summary counts, NDJSON and gzip, progress. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths } from "../src/pipeline/run.js";
import { summarize, parseResourceId } from "../src/output/summary.js";
import { progressBar } from "../src/cli/progress.js";
import { repoRoot } from "./helpers.js";

describe("audit of a folder mixing every export shape", () => {
  test("one command: exact summary", async () => {
    const r = await lintPaths(["fixtures/audit"], { rules, cwd: repoRoot, base: repoRoot });
    expect(r.errors).toEqual([]);
    const s = summarize(r);
    expect(s.files).toBe(10);
    expect(s.accounts).toEqual({ total: 17, passing: 8, failing: 9 });
    expect(s.bySeverity).toEqual({ error: 9, warning: 0, note: 1 });
    expect(s.byRule.map((x) => [x.ruleId, x.count])).toEqual([
      ["BATCH001", 9],
      ["BATCH021", 1],
    ]);
    expect(s.bySubscription.map((x) => [x.subscription, x.count])).toEqual([
      ["11111111-1111-1111-1111-111111111111", 5],
      ["22222222-2222-2222-2222-222222222222", 3],
      ["(no subscription)", 2],
    ]);
    const failing = s.failingAccounts.map((k) => k.split("/").pop()!.split("|").pop());
    expect(failing.sort()).toEqual(["azlistbad", "exportedbatch", "graph1", "grapharray", "gzbad", "ndjson1", "ndjson3", "restgetbad", "restlist2"]);
    // Each account is identified by its resource id as well as its file position.
    const gz = r.findings.find((f) => f.file.endsWith("accounts.json.gz"))!;
    expect(parseResourceId(gz.resource.id)).toEqual({ subscription: "22222222-2222-2222-2222-222222222222", resourceGroup: "rg-h" });
    expect(r.findings.filter((f) => f.file.endsWith("accounts.ndjson")).map((f) => f.region.startLine)).toEqual([2, 4]);
  });

  test("summary rules: pools count toward their account, suppressed and unchanged findings do not, accounts without an id are named by file", () => {
    const ACCOUNT = "Microsoft.Batch/batchAccounts";
    const id = (rg: string, name: string) => `/subscriptions/s1/resourceGroups/${rg}/providers/${ACCOUNT}/${name}`;
    const checked = [
      { file: "a.json", type: ACCOUNT, label: "a", id: id("rg1", "a") },
      { file: "a.json", type: ACCOUNT, label: "b", id: id("rg1", "b") },
      { file: "a.json", type: ACCOUNT, label: "c", id: id("rg2", "c") },
      { file: "t.json", type: ACCOUNT, label: "d" },
      { file: "x.json", type: ACCOUNT, label: "e" },
      { file: "a.json", type: ACCOUNT, label: "f", id: id("rg2", "f") },
      { file: "t.json", type: ACCOUNT, label: "g" },
      { file: "a.json", type: `${ACCOUNT}/pools`, label: "a/p", id: `${id("rg1", "a")}/pools/p` },
    ];
    // Findings of one resource share its summary object, as the engine and the worker merge give them.
    const pool = { type: `${ACCOUNT}/pools`, label: "a/p", id: `${id("rg1", "a")}/pools/p` };
    const b = { type: ACCOUNT, label: "b", id: id("rg1", "b") };
    const c = { type: ACCOUNT, label: "c", id: id("rg2", "c") };
    const dPool = { type: `${ACCOUNT}/pools`, label: "d/p1" };
    const e = { type: ACCOUNT, label: "e" };
    const cert = { type: `${ACCOUNT}/certificates`, label: "f/c", id: `${id("rg2", "f")}/certificates/c` };
    // Named like account g in its file, but not a Batch account or pool: it does not make g fail.
    const diagnostics = { type: "Microsoft.Insights/diagnosticSettings", label: "g" };
    const finding = (resource: object, file: string, more: object = {}) => ({
      ruleId: "BATCH001",
      ruleName: "r",
      severity: "error",
      message: "m",
      messageId: "x",
      file,
      region: {},
      pointer: "",
      related: [],
      resource,
      propertyPath: "p",
      ...more,
    });
    const findings = [
      finding(pool, "a.json"),
      finding(b, "a.json", { suppression: { kind: "inline", justification: "j" } }),
      finding(c, "a.json", { baselineState: "unchanged" }),
      finding(dPool, "t.json"),
      finding(dPool, "t.json"),
      finding(e, "y.json"), // the same label in another file: another (unchecked) account
      finding(e, "x.json"),
      finding(cert, "a.json"),
      finding(diagnostics, "t.json"),
    ];
    const s = summarize({ findings, errors: [], notes: [], filesLinted: 4, resourcesChecked: checked.length, checkedResources: checked } as unknown as Parameters<typeof summarize>[0]);
    expect(s.accounts).toEqual({ total: 7, passing: 4, failing: 3 });
    expect(s.failingAccounts).toEqual([id("rg1", "a").toLowerCase(), "t.json|d", "x.json|e"]);
    expect(s.bySeverity).toEqual({ error: 7, warning: 0, note: 0 });
    expect(s.bySubscription).toEqual([
      { subscription: "(no subscription)", count: 5, resourceGroups: [{ resourceGroup: "(no resource group)", count: 5 }] },
      {
        subscription: "s1",
        count: 2,
        resourceGroups: [
          { resourceGroup: "rg1", count: 1 },
          { resourceGroup: "rg2", count: 1 },
        ],
      },
    ]);
  });
});

describe("large exports are streamed", () => {
  test("an NDJSON file of 20,000 accounts, gzip-compressed: exact count, file line numbers", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-ndjson-"));
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const modes = i % 10 === 0 ? ["AAD", "SharedKey"] : ["AAD"];
      lines.push(
        JSON.stringify({
          id: `/subscriptions/s${i % 7}/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct${i}`,
          name: `acct${i}`,
          type: "microsoft.batch/batchaccounts",
          properties: { allowedAuthenticationModes: modes, publicNetworkAccess: "Disabled" },
        }),
      );
    }
    fs.writeFileSync(path.join(dir, "accounts.ndjson.gz"), zlib.gzipSync(`${lines.join("\n")}\n`));
    const core = rules.filter((r) => r.meta.id === "BATCH001");
    const r = await lintPaths([dir], { rules: core, cwd: dir, base: dir });
    expect(r.errors).toEqual([]);
    expect(r.resourcesChecked).toBe(20_000);
    expect(r.findings.length).toBe(2_000);
    expect(r.findings.slice(0, 3).map((f) => f.region.startLine)).toEqual([1, 11, 21]);
    expect(r.findings[1]!.region.startColumn).toBe(lines[10]!.indexOf('"SharedKey"') + 1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a broken line in NDJSON is a located error; the other lines are still checked", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-ndjson-"));
    fs.writeFileSync(
      path.join(dir, "a.jsonl"),
      '{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{"allowedAuthenticationModes":["SharedKey"]}}\n{"id": \n{"id":"/y","type":"Microsoft.Batch/batchAccounts","properties":{"allowedAuthenticationModes":["SharedKey"]}}\n',
    );
    const r = await lintPaths([dir], { rules: rules.filter((x) => x.meta.id === "BATCH001"), cwd: dir, base: dir });
    expect(r.errors.map((e) => `${e.file}:${e.line}`)).toEqual(["a.jsonl:2"]);
    expect(r.findings.map((f) => f.region.startLine)).toEqual([1, 3]);
  });
});

describe("large JSON lists are streamed element by element", () => {
  test("streaming gives exactly the findings and positions of a whole-file read", async () => {
    for (const f of ["resource-graph.json", "rest-list.json", "az-batch-account-list.json", "resource-graph-array.json", "accounts.json.gz"]) {
      const whole = await lintPaths([`fixtures/audit/${f}`], { rules, cwd: repoRoot, base: repoRoot });
      const streamed = await lintPaths([`fixtures/audit/${f}`], { rules, cwd: repoRoot, base: repoRoot, streamThreshold: 0 });
      const key = (r: typeof whole) => JSON.stringify(r.findings.map((x) => [x.ruleId, x.region, x.message, x.related.map((y) => y.region)]));
      expect(streamed.errors).toEqual([]);
      expect(key(streamed), f).toBe(key(whole));
    }
  });

  test("a 20 MB Resource Graph result: every account checked, file positions kept", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-graph-"));
    const rows: string[] = [];
    for (let i = 0; i < 40_000; i++)
      rows.push(
        JSON.stringify({
          id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a${i}`,
          name: `a${i}`,
          type: "microsoft.batch/batchaccounts",
          location: "westeurope",
          tags: { owner: "x".repeat(300) },
          properties: { allowedAuthenticationModes: i % 4 ? ["AAD"] : ["SharedKey"] },
        }),
      );
    const text = `{"count": ${rows.length}, "data": [\n  ${rows.join(",\n  ")}\n], "skip_token": null}\n`;
    fs.writeFileSync(path.join(dir, "graph.json"), text);
    expect(text.length).toBeGreaterThan(8 * 1024 * 1024);
    const r = await lintPaths([dir], { rules: rules.filter((x) => x.meta.id === "BATCH001"), cwd: dir, base: dir });
    expect(r.errors).toEqual([]);
    expect(r.resourcesChecked).toBe(40_000);
    expect(r.findings.length).toBe(10_000);
    expect(r.findings[1]!.region.startLine).toBe(6); // rows start on line 2; a4 is on line 6
    expect(
      text
        .split("\n")[5]!
        .slice(r.findings[1]!.region.startColumn - 1)
        .startsWith('"SharedKey"'),
    ).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("records across read chunks, multi-byte text after ASCII chunks, escapes, comments, indentation: the same positions as a whole-file read", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-chunks-"));
    const rows: string[] = [];
    for (let i = 0; i < 3000; i++) {
      // The first half is plain ASCII (read without decoding), the second has multi-byte characters.
      const wide = i >= 1500;
      const acct = {
        id: `/subscriptions/s/resourceGroups/rg-${wide ? "é" : "e"}/providers/Microsoft.Batch/batchAccounts/a${i}`,
        name: `a${i}`,
        type: "Microsoft.Batch/batchAccounts",
        tags: { note: wide ? "😀é".repeat(i % 200) : "ascii", pad: "x".repeat(i % 977), esc: `${'"q" \\ /'.repeat(i % 7) + "\\".repeat(i % 4)}[{` },
        properties: { publicNetworkAccess: i % 2 ? "Enabled" : "Disabled", allowedAuthenticationModes: i % 3 ? ["AAD"] : ["AAD", "SharedKey"] },
      };
      rows.push(JSON.stringify(acct, null, i % 2 ? 2 : 0).replace(/\n/g, "\n    "));
    }
    const text = `\uFEFF{\n  // exported with az\n  "value": [\n    ${rows.join(",\n    /* next */ ")}\n  ],\n  "nextLink": null\n}\n`;
    fs.writeFileSync(path.join(dir, "list.json"), text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 * (1 << 20)); // several 1 MiB read chunks
    expect(Buffer.byteLength(text.slice(0, text.indexOf("é")))).toBeGreaterThan(1 << 20); // the first chunk is ASCII
    const some = rules.filter((x) => ["BATCH001", "BATCH005", "BATCH009"].includes(x.meta.id));
    const whole = await lintPaths([dir], { rules: some, cwd: dir, base: dir, maxFileSize: 1 << 30 });
    const streamed = await lintPaths([dir], { rules: some, cwd: dir, base: dir, streamThreshold: 0 });
    expect(whole.errors).toEqual([]);
    expect(streamed.errors).toEqual([]);
    expect(streamed.findings.length).toBe(whole.findings.length);
    expect(whole.findings.length).toBeGreaterThan(4000);
    expect(JSON.stringify(streamed.findings)).toBe(JSON.stringify(whole.findings));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a large file that is not a list is read whole within the size limit, else refused clearly", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-big-"));
    fs.writeFileSync(
      path.join(dir, "big.json"),
      JSON.stringify({
        $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        contentVersion: "1.0.0.0",
        resources: [{ type: "Microsoft.Batch/batchAccounts", apiVersion: "2024-07-01", name: "bigbatch", location: "w", properties: { allowedAuthenticationModes: ["SharedKey"] } }],
        variables: { blob: "x".repeat(200) },
      }),
    );
    const core = rules.filter((x) => x.meta.id === "BATCH001");
    const whole = await lintPaths([dir], { rules: core, cwd: dir, base: dir, streamThreshold: 10 });
    expect(whole.errors).toEqual([]);
    expect(whole.findings.length).toBe(1);
    const refused = await lintPaths([dir], { rules: core, cwd: dir, base: dir, streamThreshold: 10, maxFileSize: 100 });
    expect(refused.errors[0]!.message).toMatch(/over the 0 MiB limit/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("progress bar", () => {
  const recorder = () => {
    const out: string[] = [];
    let t = 0;
    const bar = progressBar(
      (s) => out.push(s),
      () => t,
    );
    return { out, bar, at: (ms: number) => (t = ms) };
  };
  test("renders share, files done/total, rate and ETA, at most ten times a second, and clears itself", () => {
    const { out, bar, at } = recorder();
    at(5000); // start-up and discovery: no measure of the rate
    bar(10, 100);
    at(5050);
    bar(11, 100); // within 100 ms: not redrawn
    at(6000);
    bar(20, 100);
    bar(100, 100);
    // The first frame has nothing to measure a rate by; the next measures from it: 10 files in 1 s.
    const second = "[####--------------------] 20%  20/100 files  10 files/s  ETA 8s";
    expect(out).toEqual(["\r[##----------------------] 10%  10/100 files", `\r${second}`, `\r${" ".repeat(second.length)}\r`]);
  });
  test("one large streamed file: the share of it read, with an ETA; a run of one small file draws nothing", () => {
    const { out, bar, at } = recorder();
    at(1000);
    bar(0.25, 1);
    at(3000);
    bar(0.5, 1); // a quarter of the file in 2 s: 4 s to go
    bar(1, 1);
    const second = "[############------------] 50%  0/1 files  ETA 4s";
    expect(out).toEqual(["\r[######------------------] 25%  0/1 files", `\r${second}`, `\r${" ".repeat(second.length)}\r`]);
    const one = recorder();
    one.bar(1, 1);
    expect(one.out).toEqual([]);
  });
  test("a shorter frame blanks what is left of the longer one before it", () => {
    const { out, bar, at } = recorder();
    bar(10, 100);
    at(1000);
    bar(15, 100); // 5 files/s: ETA 17s
    at(10_000);
    bar(60, 100); // still 50 files in 10 s: ETA 8s, one character shorter
    expect(out[1]).toBe("\r[###---------------------] 15%  15/100 files  5 files/s  ETA 17s");
    expect(out[2]).toBe("\r[##############----------] 60%  60/100 files  5 files/s  ETA 8s ");
  });
  test("lintPaths reports the share read of each streamed list and NDJSON file, rising to the file count", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-progress-"));
    const acct = (i: number) =>
      JSON.stringify({
        id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a${i}`,
        type: "Microsoft.Batch/batchAccounts",
        tags: { pad: "x".repeat(700) },
        properties: { publicNetworkAccess: "Disabled" },
      });
    fs.writeFileSync(path.join(dir, "a-list.json"), `{"value": [\n${Array.from({ length: 4000 }, (_, i) => acct(i)).join(",\n")}\n]}\n`);
    fs.writeFileSync(path.join(dir, "b.ndjson"), `${Array.from({ length: 1500 }, (_, i) => acct(10_000 + i)).join("\n")}\n`);
    const seen: number[] = [];
    const r = await lintPaths([dir], {
      rules: rules.filter((x) => x.meta.id === "BATCH001"),
      cwd: dir,
      base: dir,
      streamThreshold: 1024,
      onProgress: (done, total) => {
        expect(total).toBe(2);
        seen.push(done);
      },
    });
    expect(r.resourcesChecked).toBe(5500);
    expect(seen.filter((d) => d > 0 && d < 1).length).toBeGreaterThanOrEqual(2); // the 3 MB list, read 1 MiB at a time
    expect(seen.filter((d) => d > 1 && d < 2).length).toBeGreaterThanOrEqual(2); // the NDJSON file, 64 KiB at a time
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen.filter(Number.isInteger))).toEqual(new Set([1, 2])); // a file read to its end is 1 before its last records are linted
    expect(seen.at(-1)).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
