/** Auditing exported accounts: every export shape in one folder, summary counts, NDJSON and gzip, progress. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths } from "../src/pipeline/run.js";
import { minFilesForWorkers, minListBytesForWorkers } from "../src/parallel/thresholds.js";
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
    expect(s.byRule.map((x) => [x.ruleId, x.count])).toEqual([["BATCH001", 9], ["BATCH021", 1]]);
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
    const finding = (resource: object, file: string, more: object = {}) => ({ ruleId: "BATCH001", ruleName: "r", severity: "error", message: "m", messageId: "x", file, region: {}, pointer: "", related: [], resource, propertyPath: "p", ...more });
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
      { subscription: "s1", count: 2, resourceGroups: [{ resourceGroup: "rg1", count: 1 }, { resourceGroup: "rg2", count: 1 }] },
    ]);
  });

  test("--summary on the command line (stylish and json)", () => {
    const run = (...a: string[]) => spawnSync(process.execPath, [path.join(repoRoot, "dist/src/cli.js"), "fixtures/audit", "--summary", ...a], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    const text = run().stdout;
    expect(text).toContain("Summary: 10 files, 18 resources, 17 Batch accounts: 8 pass every rule, 9 do not.");
    expect(text).toContain("  by severity: 9 errors, 0 warnings, 1 note\n");
    expect(JSON.parse(run("-f", "json").stdout).summary.accounts.passing).toBe(8);
    // One of each is said in the singular.
    const one = spawnSync(process.execPath, [path.join(repoRoot, "dist/src/cli.js"), "fixtures/audit/rest-get.json", "--summary"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } }).stdout;
    expect(one).toContain("Summary: 1 file, 1 resource, 1 Batch account: 0 pass every rule, 1 does not.");
    expect(one).toContain("  by severity: 1 error, 0 warnings, 0 notes\n");
  });
});

describe("large exports are streamed", () => {
  test("an NDJSON file of 20,000 accounts, gzip-compressed: exact count, file line numbers", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-ndjson-"));
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const modes = i % 10 === 0 ? ["AAD", "SharedKey"] : ["AAD"];
      lines.push(JSON.stringify({ id: `/subscriptions/s${i % 7}/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct${i}`, name: `acct${i}`, type: "microsoft.batch/batchaccounts", properties: { allowedAuthenticationModes: modes, publicNetworkAccess: "Disabled" } }));
    }
    fs.writeFileSync(path.join(dir, "accounts.ndjson.gz"), zlib.gzipSync(lines.join("\n") + "\n"));
    const core = rules.filter((r) => r.meta.id === "BATCH001");
    const r = await lintPaths([dir], { rules: core, cwd: dir, base: dir });
    expect(r.errors).toEqual([]);
    expect(r.resourcesChecked).toBe(20_000);
    expect(r.findings.length).toBe(2_000);
    expect(r.findings.slice(0, 3).map((f) => f.region.startLine)).toEqual([1, 11, 21]);
    expect(r.findings[1]!.region.startColumn).toBe(lines[10]!.indexOf('"SharedKey"') + 1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("fixes of NDJSON records carry file offsets; --fix leaves NDJSON files alone and says so", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-ndjson-fix-"));
    const line = (n: string, modes: string) => `{"id":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/${n}","type":"Microsoft.Batch/batchAccounts","properties":{"allowedAuthenticationModes":[${modes}]}}`;
    const text = `${line("a", '"AAD","SharedKey"')}\n\n${line("bé", '"SharedKey", "AAD"')}\n`;
    fs.writeFileSync(path.join(dir, "a.ndjson"), text);
    const r = await lintPaths([dir], { rules: rules.filter((x) => x.meta.id === "BATCH001"), cwd: dir, base: dir });
    const edits = r.findings.flatMap((f) => f.fix?.edits ?? []).sort((a, b) => b.offset - a.offset);
    expect(edits).toHaveLength(2);
    let fixed = text;
    for (const e of edits) fixed = fixed.slice(0, e.offset) + e.content + fixed.slice(e.offset + e.length);
    expect(fixed).toBe(`${line("a", '"AAD"')}\n\n${line("bé", '"AAD"')}\n`);
    const cli = spawnSync(process.execPath, [path.join(repoRoot, "dist/src/cli.js"), "a.ndjson", "--fix"], { cwd: dir, encoding: "utf8" });
    expect(cli.stderr).toMatch(/a\.ndjson: NDJSON and compressed files are not rewritten/);
    expect(fs.readFileSync(path.join(dir, "a.ndjson"), "utf8")).toBe(text);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a broken line in NDJSON is a located error; the other lines are still checked", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-ndjson-"));
    fs.writeFileSync(path.join(dir, "a.jsonl"), '{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{"allowedAuthenticationModes":["SharedKey"]}}\n{"id": \n{"id":"/y","type":"Microsoft.Batch/batchAccounts","properties":{"allowedAuthenticationModes":["SharedKey"]}}\n');
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
    for (let i = 0; i < 40_000; i++) rows.push(JSON.stringify({ id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a${i}`, name: `a${i}`, type: "microsoft.batch/batchaccounts", location: "westeurope", tags: { owner: "x".repeat(300) }, properties: { allowedAuthenticationModes: i % 4 ? ["AAD"] : ["SharedKey"] } }));
    const text = `{"count": ${rows.length}, "data": [\n  ${rows.join(",\n  ")}\n], "skip_token": null}\n`;
    fs.writeFileSync(path.join(dir, "graph.json"), text);
    expect(text.length).toBeGreaterThan(8 * 1024 * 1024);
    const r = await lintPaths([dir], { rules: rules.filter((x) => x.meta.id === "BATCH001"), cwd: dir, base: dir });
    expect(r.errors).toEqual([]);
    expect(r.resourcesChecked).toBe(40_000);
    expect(r.findings.length).toBe(10_000);
    expect(r.findings[1]!.region.startLine).toBe(6); // rows start on line 2; a4 is on line 6
    expect(text.split("\n")[5]!.slice(r.findings[1]!.region.startColumn - 1).startsWith('"SharedKey"')).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("records across read chunks, multi-byte text after ASCII chunks, escapes, comments, indentation: the same positions as a whole-file read", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-chunks-"));
    const rows: string[] = [];
    for (let i = 0; i < 3000; i++) {
      // The first half is plain ASCII (read without decoding), the second has multi-byte characters.
      const wide = i >= 1500;
      const acct = { id: `/subscriptions/s/resourceGroups/rg-${wide ? "é" : "e"}/providers/Microsoft.Batch/batchAccounts/a${i}`, name: `a${i}`, type: "Microsoft.Batch/batchAccounts", tags: { note: wide ? "😀é".repeat(i % 200) : "ascii", pad: "x".repeat(i % 977), esc: '"q" \\ /'.repeat(i % 7) + "\\".repeat(i % 4) + "[{" }, properties: { publicNetworkAccess: i % 2 ? "Enabled" : "Disabled", allowedAuthenticationModes: i % 3 ? ["AAD"] : ["AAD", "SharedKey"] } };
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
    fs.writeFileSync(path.join(dir, "big.json"), JSON.stringify({ $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", contentVersion: "1.0.0.0", resources: [{ type: "Microsoft.Batch/batchAccounts", apiVersion: "2024-07-01", name: "bigbatch", location: "w", properties: { allowedAuthenticationModes: ["SharedKey"] } }], variables: { blob: "x".repeat(200) } }));
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
    const bar = progressBar((s) => out.push(s), () => t);
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
    const acct = (i: number) => JSON.stringify({ id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a${i}`, type: "Microsoft.Batch/batchAccounts", tags: { pad: "x".repeat(700) }, properties: { publicNetworkAccess: "Disabled" } });
    fs.writeFileSync(path.join(dir, "a-list.json"), `{"value": [\n${Array.from({ length: 4000 }, (_, i) => acct(i)).join(",\n")}\n]}\n`);
    fs.writeFileSync(path.join(dir, "b.ndjson"), `${Array.from({ length: 1500 }, (_, i) => acct(10_000 + i)).join("\n")}\n`);
    const seen: number[] = [];
    const r = await lintPaths([dir], { rules: rules.filter((x) => x.meta.id === "BATCH001"), cwd: dir, base: dir, streamThreshold: 1024, onProgress: (done, total) => (expect(total).toBe(2), seen.push(done)) });
    expect(r.resourcesChecked).toBe(5500);
    expect(seen.filter((d) => d > 0 && d < 1).length).toBeGreaterThanOrEqual(2); // the 3 MB list, read 1 MiB at a time
    expect(seen.filter((d) => d > 1 && d < 2).length).toBeGreaterThanOrEqual(2); // the NDJSON file, 64 KiB at a time
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen.filter(Number.isInteger))).toEqual(new Set([1, 2])); // a file read to its end is 1 before its last records are linted
    expect(seen.at(-1)).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("worker threads (--jobs)", () => {
  test("2,400 files: --jobs 4 (the main thread and three workers) gives the same bytes as --jobs 1", { timeout: 120_000 }, () => {
    expect([2, 3, 4, 8].map(minFilesForWorkers)).toEqual([5000, 2500, 2000, 2000]); // 2,400 files: workers with --jobs 4
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-jobs-"));
    for (let i = 0; i < 2400; i++) {
      const bad = i % 3 === 0;
      fs.writeFileSync(path.join(dir, `a${i}.json`), JSON.stringify({ id: `/subscriptions/s${i % 4}/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a${i}`, name: `a${i}`, type: "Microsoft.Batch/batchAccounts", properties: { allowedAuthenticationModes: bad ? ["SharedKey"] : ["AAD"], publicNetworkAccess: "Disabled" } }, null, 2));
    }
    fs.writeFileSync(path.join(dir, "broken.json"), "{");
    // A configuration suppression without a justification: BATCH990 once, whatever the number of jobs.
    fs.writeFileSync(path.join(dir, "batchlint.config.json"), JSON.stringify({ suppressions: [{ file: "a*.json", rule: "BATCH001" }] }));
    const run = (jobs: string) => spawnSync(process.execPath, [path.join(repoRoot, "dist/src/cli.js"), ".", "-f", "sarif", "--jobs", jobs], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28 });
    const one = run("1");
    const two = run("4");
    expect(one.status).toBe(2);
    expect(two.status).toBe(2);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).runs[0].results.length).toBeGreaterThan(800);
    expect(JSON.parse(two.stdout).runs[0].results.filter((r: { ruleId: string }) => r.ruleId === "BATCH990")).toHaveLength(1);
    // A broken configuration file in a folder of 200 files (several worker batches): one located error.
    fs.mkdirSync(path.join(dir, "sub"));
    for (let i = 0; i < 200; i++) fs.renameSync(path.join(dir, `a${i}.json`), path.join(dir, "sub", `a${i}.json`));
    fs.writeFileSync(path.join(dir, "sub", "batchlint.config.json"), '{ "rules": { "BATCH001": "loud" } }');
    const badOne = run("1");
    const badTwo = run("4");
    expect(badTwo.stdout).toBe(badOne.stdout);
    const text = JSON.stringify(JSON.parse(badTwo.stdout).runs[0].invocations);
    expect(text.match(/level must be one of/g)).toHaveLength(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a 20 MB list and an NDJSON file split across three workers: the same bytes as --jobs 1", { timeout: 120_000 }, () => {
    expect([2, 3, 4].map(minListBytesForWorkers)).toEqual([40, 20, 16].map((m) => m * 1024 * 1024)); // 29 MB of lists: workers with --jobs 3
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-jobs-list-"));
    const acct = (i: number) => ({ id: `/subscriptions/s${i % 3}/resourceGroups/rg${i % 7}/providers/Microsoft.Batch/batchAccounts/a${i}`, name: `a${i}`, type: "microsoft.batch/batchaccounts", tags: { pad: "é".repeat(200 + (i % 50)) }, properties: { allowedAuthenticationModes: i % 4 ? ["AAD"] : ["SharedKey"], publicNetworkAccess: i % 5 ? "Disabled" : "Enabled" } });
    const rows = Array.from({ length: 36_000 }, (_, i) => JSON.stringify(acct(i)));
    fs.writeFileSync(path.join(dir, "graph.json"), `{"count": ${rows.length}, "data": [\n  ${rows.join(",\n  ")}\n], "skip_token": null}\n`);
    expect(fs.statSync(path.join(dir, "graph.json")).size).toBeGreaterThan(16 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, "more.ndjson"), `${Array.from({ length: 3000 }, (_, i) => JSON.stringify(acct(100_000 + i))).join("\n")}\n{"broken": \n`);
    fs.writeFileSync(path.join(dir, "one.json"), JSON.stringify(acct(200_000)));
    // A truncated list, streamed first: what reading it finds at its end is reported with either number of jobs.
    const cut = Array.from({ length: 25_000 }, (_, i) => JSON.stringify(acct(300_000 + i)));
    fs.writeFileSync(path.join(dir, "a-cut.json"), `[\n${cut.join(",\n")},\n{"id": "/subscriptions/x`);
    const run = (jobs: string) => spawnSync(process.execPath, [path.join(repoRoot, "dist/src/cli.js"), ".", "-f", "json", "--summary", "--jobs", jobs], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30 });
    const one = run("1");
    const two = run("3");
    expect(one.status).toBe(2); // the broken NDJSON line
    expect(two.status).toBe(2);
    expect(two.stdout).toBe(one.stdout);
    const out = JSON.parse(one.stdout);
    expect(out.errors.map((e: { file: string; line: number }) => `${e.file}:${e.line}`)).toEqual(["a-cut.json:25002", "more.ndjson:3001"]);
    expect(out.summary.accounts.total).toBe(64_001);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
