/**
 * Exports written on one line (REST bodies, `jq -c`, minified Resource Graph results) cost what the same data
 * costs with line breaks. Two costs grew with the column: a streamed list element was padded with spaces up to
 * its column (a 14 MB list on one line took minutes and gigabytes), and each fix walked back to its line start
 * (4,000 fixes on one 4.7 MB line: 69 s).
 */
import { expect, test } from "vitest";
import { lintPaths } from "../src/pipeline/run.js";
import { rules } from "../rules/index.js";
import { exampleExport, scratch } from "./cli-run.js";

function oneLineList(n: number): string {
  const one = JSON.parse(exampleExport) as Record<string, unknown>;
  return JSON.stringify({ data: Array.from({ length: n }, (_, i) => ({ ...one, name: `acct${i}`, id: `${String(one.id)}${i}` })) });
}

const shape = (r: Awaited<ReturnType<typeof lintPaths>>) => JSON.stringify(r.findings.map((f) => [f.ruleId, f.region, f.message, f.related, f.fix]));

test("a list on one line, streamed, gives the findings, regions and fixes of reading it whole, in linear time", async () => {
  const dir = scratch({ "one-line.json": oneLineList(3000) });
  const started = process.cpuUsage();
  const streamed = await lintPaths(["one-line.json"], { rules, cwd: dir, base: dir, streamThreshold: 100_000 });
  const cpu = process.cpuUsage(started);
  const whole = await lintPaths(["one-line.json"], { rules, cwd: dir, base: dir, streamThreshold: 1e12 });
  expect(streamed.errors).toEqual([]);
  expect(streamed.findings.length).toBeGreaterThanOrEqual(3000 * 4);
  expect(shape(streamed)).toBe(shape(whole));
  // Columns count from the file's line start: the last account's findings sit millions of columns in.
  expect(Math.max(...streamed.findings.map((f) => f.region.startColumn))).toBeGreaterThan(3_000_000);
  // Linear: about 1 s of CPU here; padded elements took about 2 minutes for 3,000 accounts.
  expect((cpu.user + cpu.system) / 1e6).toBeLessThan(25);
});

test("thousands of fixes on one line are worked out in linear time", async () => {
  const dir = scratch({ "one-line.json": oneLineList(4000) });
  const started = process.cpuUsage();
  const r = await lintPaths(["one-line.json"], { rules, cwd: dir, base: dir, streamThreshold: 1e12 });
  const cpu = process.cpuUsage(started);
  expect(r.findings.filter((f) => f.fix).length).toBeGreaterThanOrEqual(4000 * 3);
  expect((cpu.user + cpu.system) / 1e6).toBeLessThan(25); // about 2 s here; 69 s before
});
