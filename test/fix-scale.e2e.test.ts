/** --fix through the built CLI stays linear in the number of fixes (in-process: fix-scale.test.ts). */
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { exampleExport, run, scratch } from "./cli-run.js";

test("--fix of 2,000 exported accounts in one list (6,000 fixes) ends in seconds with every fix applied", () => {
  const one = JSON.parse(exampleExport) as Record<string, unknown>;
  const list = Array.from({ length: 2000 }, (_, i) => ({ ...one, name: `acct${i}`, id: `${String(one.id)}${i}` }));
  const dir = scratch({ "list.json": JSON.stringify(list, null, 2) });
  const started = Date.now();
  const r = run(["list.json", "--fix"], { cwd: dir });
  expect(Date.now() - started).toBeLessThan(50_000); // was about two minutes
  expect(r.stderr).toContain("fixed list.json (BATCH001 x2000, BATCH002 x2000, BATCH004 x2000)");
  const fixed = JSON.parse(fs.readFileSync(path.join(dir, "list.json"), "utf8")) as { allowedAuthenticationModes: string[] }[];
  expect(fixed).toHaveLength(2000);
  expect(fixed.every((a) => !a.allowedAuthenticationModes.includes("SharedKey"))).toBe(true);
});
