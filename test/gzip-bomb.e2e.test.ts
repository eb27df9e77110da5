/**
 * Decompression bombs of valid JSON (issue 19: bounded reads). The size limit alone let a 50 KB `.json.gz` of
 * `1,` make 50 MB and 26 million list elements (33 s, 1.2 GB), and a streamed list or NDJSON file has no size
 * limit as a whole; gzip data that inflates more than MAX_GZIP_RATIO times is refused, and the notes of records
 * that are not resources no longer pile up one per record.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { expect, test } from "vitest";
import { lintPaths } from "../src/pipeline/run.js";
import { MAX_GZIP_RATIO } from "../src/pipeline/read.js";
import { rules } from "../rules/index.js";
import { exampleExport, run, scratch } from "./cli-run.js";

/** gzip of `head`, then `unit` repeated to about `mib` MiB, then `tail` (compressed a chunk at a time). */
function gzipOf(head: string, unit: string, mib: number, tail: string): Buffer {
  const chunk = Buffer.from(unit.repeat(Math.ceil(1048576 / unit.length)));
  const parts: Buffer[] = [Buffer.from(head)];
  for (let i = 0; i < mib; i++) parts.push(chunk);
  parts.push(Buffer.from(tail));
  return zlib.gzipSync(Buffer.concat(parts), { level: 9 });
}

test.each([
  ["a list read whole (under the size limit)", "bomb.json.gz", gzipOf('{"data":[', "1,", 50, "1]}")],
  ["a streamed list (over the streaming threshold)", "bomb.json.gz", gzipOf('{"data":[', "{},", 200, "{}]}")],
  ["an NDJSON file", "bomb.ndjson.gz", gzipOf("", "{}\n", 200, "")],
])("a gzip bomb of valid JSON, %s, is refused in bounded time; the other file is still reported", (_what, name, bytes) => {
  expect(bytes.length).toBeLessThan(1024 * 1024);
  const dir = scratch({ "account.json": exampleExport });
  fs.writeFileSync(path.join(dir, name), bytes);
  const started = Date.now();
  const r = run([".", "-f", "json"], { cwd: dir });
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(r.code).toBe(2);
  const out = JSON.parse(r.stdout) as { errors: { file: string; message: string }[]; findings: { file: string; ruleId: string }[] };
  expect(out.errors).toHaveLength(1);
  expect(out.errors[0]!.file).toBe(name);
  expect(out.errors[0]!.message).toMatch(new RegExp(`inflates more than ${MAX_GZIP_RATIO} times.*decompression bomb`));
  expect(out.findings.some((f) => f.file === "account.json" && f.ruleId === "BATCH001")).toBe(true);
});

test("an ordinary gzip-compressed export is read as before", () => {
  const dir = scratch();
  fs.writeFileSync(path.join(dir, "account.json.gz"), zlib.gzipSync(exampleExport));
  const r = run(["account.json.gz", "-f", "json"], { cwd: dir });
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout).findings.some((f: { ruleId: string }) => f.ruleId === "BATCH001")).toBe(true);
});

test("records of a streamed list that are not resources leave one note, not one each", async () => {
  const dir = scratch({ "list.json": `{"data":[${Array.from({ length: 50_000 }, () => "{}").join(",")}]}` });
  const r = await lintPaths(["list.json"], { rules, cwd: dir, base: dir, streamThreshold: 1000 });
  expect(r.errors).toEqual([]);
  expect(r.notes).toEqual([{ file: "list.json", kind: "skipped", message: "not an ARM template or exported Azure resource; skipped" }]);
});
