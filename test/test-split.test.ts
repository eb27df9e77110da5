/**
 * The unit project starts no batchlint process, browser or built file (README, "Development"): a test that needs
 * one belongs in a test/*.e2e.test.ts file, which the e2e project runs after building dist/.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "./helpers.js";

const E2E_ONLY: [RegExp, string][] = [
  [/\bprocess\.execPath\b/, "starts node"],
  [/\bdist\/src\//, "uses the build in dist/"],
  [/\bplaywright/, "starts a browser"],
  [/\bnode:worker_threads\b/, "starts worker threads"],
  [/import\s*\{[^}]*\b(run|bin)\b[^}]*\}\s*from\s*"\.\/cli-run\.js"/, "runs the built CLI (cli-run.js)"],
];

test("unit test files start no CLI, browser or worker and read nothing from dist/", () => {
  const dir = path.join(repoRoot, "test");
  const unit = fs.readdirSync(dir).filter((f) => f.endsWith(".test.ts") && !f.endsWith(".e2e.test.ts") && f !== "test-split.test.ts");
  expect(unit.length).toBeGreaterThan(10);
  const found = unit.flatMap((f) => {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    return E2E_ONLY.filter(([re]) => re.test(text)).map(([, what]) => `${f} ${what}: move those tests to a .e2e.test.ts file`);
  });
  expect(found).toEqual([]);
});
