/**
 * Every temporary directory of a test run (the tests' own, and those of the CLIs, git, pre-commit and Chromium
 * they start) goes into one directory, removed when the run ends: TMPDIR is what os.tmpdir() and those tools read.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-test-run-"));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
