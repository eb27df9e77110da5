/**
 * Batch resources in other wrappers through the built CLI (test/wrappers.test.ts has the cases): a recording's
 * JSON-string body is linted at the string's line, and a file naming Microsoft.Batch with nothing to lint is told on
 * the terminal without --verbose, and in `-f json`.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { NOTHING_TO_LINT } from "../src/input/export/wrapped.js";
import { run, scratch } from "./cli-run.js";
import { repoRoot } from "./helpers.js";

const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, "test/fixtures/wrappers", name), "utf8");

test("a recording's string body is linted at its line; a file with nothing to lint gets a notice, without --verbose", () => {
  const dir = scratch({ "recording.json": fixture("recording-http-recorder.json"), "policy.json": fixture("policy-rule.json"), "storage.json": fixture("storage-recording.json") });
  const r = run(["."], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("recording.json:24:23: error BATCH001 allowedAuthenticationModes includes 'SharedKey'");
  expect(r.stdout).toContain(`policy.json: notice ${NOTHING_TO_LINT}`);
  // No Microsoft.Batch in it: skipped as before, listed only with --verbose.
  expect(r.stdout).not.toContain("storage.json");
  // --quiet reports errors only: not the notice.
  const quiet = run([".", "--quiet"], { cwd: dir });
  expect(quiet.stdout).toContain("recording.json:24:23: error BATCH001");
  expect(quiet.stdout).not.toContain("notice");
  const j = JSON.parse(run([".", "-f", "json"], { cwd: dir }).stdout);
  expect(j.notices).toEqual([{ file: "policy.json", message: NOTHING_TO_LINT }]);
  expect(j.findings.map((f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(["recording.json:24 BATCH001"]);
});
