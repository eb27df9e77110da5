/** Formatters through the built CLI (in-process: formatters.test.ts). */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { describe, expect, test } from "vitest";
import { repoRoot } from "./helpers.js";

describe("json written piece by piece", () => {
  test("the CLI writes the same bytes to a file as to standard output", () => {
    const cli = (args: string[]) => spawnSync(process.execPath, ["dist/bundle/cli.js", "fixtures", "-f", "json", "--summary", ...args], { cwd: repoRoot, encoding: "utf8", maxBuffer: 1 << 28 });
    const out = cli([]);
    const file = `${os.tmpdir()}/batchlint-json-${process.pid}.json`;
    cli(["-o", file]);
    expect(fs.readFileSync(file, "utf8")).toBe(out.stdout);
    fs.rmSync(file);
    expect(JSON.parse(out.stdout).findings.length).toBeGreaterThan(500);
  });
});
