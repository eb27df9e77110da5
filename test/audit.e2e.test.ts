/** Auditing through the built CLI: --summary, --fix on NDJSON, and worker threads (--jobs) giving the bytes of one thread. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths } from "../src/pipeline/run.js";
import { minFilesForWorkers, minListBytesForWorkers } from "../src/parallel/thresholds.js";
import { repoRoot } from "./helpers.js";

describe("audit of a folder mixing every export shape", () => {
  test("--summary on the command line (stylish and json)", () => {
    const run = (...a: string[]) =>
      spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), "fixtures/audit", "--summary", ...a], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    const text = run().stdout;
    expect(text).toContain("Summary: 10 files, 18 resources, 17 Batch accounts: 8 pass every rule, 9 do not.");
    expect(text).toContain("  by severity: 9 errors, 0 warnings, 1 note\n");
    expect(JSON.parse(run("-f", "json").stdout).summary.accounts.passing).toBe(8);
    // One of each is said in the singular.
    const one = spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), "fixtures/audit/rest-get.json", "--summary"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } }).stdout;
    expect(one).toContain("Summary: 1 file, 1 resource, 1 Batch account: 0 pass every rule, 1 does not.");
    expect(one).toContain("  by severity: 1 error, 0 warnings, 0 notes\n");
  });
});

describe("large exports are streamed", () => {
  test("fixes of NDJSON records carry file offsets; --fix leaves NDJSON files alone and says so", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-ndjson-fix-"));
    const line = (n: string, modes: string) =>
      `{"id":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/${n}","type":"Microsoft.Batch/batchAccounts","properties":{"allowedAuthenticationModes":[${modes}]}}`;
    const text = `${line("a", '"AAD","SharedKey"')}\n\n${line("bé", '"SharedKey", "AAD"')}\n`;
    fs.writeFileSync(path.join(dir, "a.ndjson"), text);
    const r = await lintPaths([dir], { rules: rules.filter((x) => x.meta.id === "BATCH001"), cwd: dir, base: dir });
    const edits = r.findings.flatMap((f) => f.fix?.edits ?? []).sort((a, b) => b.offset - a.offset);
    expect(edits).toHaveLength(2);
    let fixed = text;
    for (const e of edits) fixed = fixed.slice(0, e.offset) + e.content + fixed.slice(e.offset + e.length);
    expect(fixed).toBe(`${line("a", '"AAD"')}\n\n${line("bé", '"AAD"')}\n`);
    const cli = spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), "a.ndjson", "--fix"], { cwd: dir, encoding: "utf8" });
    expect(cli.stderr).toMatch(/a\.ndjson: NDJSON and compressed files are not rewritten/);
    expect(fs.readFileSync(path.join(dir, "a.ndjson"), "utf8")).toBe(text);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("worker threads (--jobs)", () => {
  test("2,400 files: --jobs 4 (the main thread and three workers) gives the same bytes as --jobs 1", { timeout: 120_000 }, () => {
    expect([2, 3, 4, 8].map(minFilesForWorkers)).toEqual([5000, 2500, 2000, 2000]); // 2,400 files: workers with --jobs 4
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-jobs-"));
    for (let i = 0; i < 2400; i++) {
      const bad = i % 3 === 0;
      fs.writeFileSync(
        path.join(dir, `a${i}.json`),
        JSON.stringify(
          {
            id: `/subscriptions/s${i % 4}/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a${i}`,
            name: `a${i}`,
            type: "Microsoft.Batch/batchAccounts",
            properties: { allowedAuthenticationModes: bad ? ["SharedKey"] : ["AAD"], publicNetworkAccess: "Disabled" },
          },
          null,
          2,
        ),
      );
    }
    fs.writeFileSync(path.join(dir, "broken.json"), "{");
    // A configuration suppression without a justification: BATCH990 once, whatever the number of jobs.
    fs.writeFileSync(path.join(dir, "batchlint.config.json"), JSON.stringify({ suppressions: [{ file: "a*.json", rule: "BATCH001" }] }));
    const run = (jobs: string) => spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), ".", "-f", "sarif", "--jobs", jobs], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28 });
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
    const acct = (i: number) => ({
      id: `/subscriptions/s${i % 3}/resourceGroups/rg${i % 7}/providers/Microsoft.Batch/batchAccounts/a${i}`,
      name: `a${i}`,
      type: "microsoft.batch/batchaccounts",
      tags: { pad: "é".repeat(200 + (i % 50)) },
      properties: { allowedAuthenticationModes: i % 4 ? ["AAD"] : ["SharedKey"], publicNetworkAccess: i % 5 ? "Disabled" : "Enabled" },
    });
    const rows = Array.from({ length: 36_000 }, (_, i) => JSON.stringify(acct(i)));
    fs.writeFileSync(path.join(dir, "graph.json"), `{"count": ${rows.length}, "data": [\n  ${rows.join(",\n  ")}\n], "skip_token": null}\n`);
    expect(fs.statSync(path.join(dir, "graph.json")).size).toBeGreaterThan(16 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, "more.ndjson"), `${Array.from({ length: 3000 }, (_, i) => JSON.stringify(acct(100_000 + i))).join("\n")}\n{"broken": \n`);
    fs.writeFileSync(path.join(dir, "one.json"), JSON.stringify(acct(200_000)));
    // A truncated list, streamed first: what reading it finds at its end is reported with either number of jobs.
    const cut = Array.from({ length: 25_000 }, (_, i) => JSON.stringify(acct(300_000 + i)));
    fs.writeFileSync(path.join(dir, "a-cut.json"), `[\n${cut.join(",\n")},\n{"id": "/subscriptions/x`);
    const run = (jobs: string) => spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), ".", "-f", "json", "--summary", "--jobs", jobs], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30 });
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
