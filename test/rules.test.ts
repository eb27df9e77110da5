/**
 * One runner for every rule: fixtures/<ID>/valid/*.json must give no finding of that rule, fixtures/<ID>/invalid/*.json
 * at least one, rendered into a reviewed snapshot beside the fixture (<name>.findings.txt).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths } from "../src/pipeline/run.js";
import { renderFindings, repoRoot } from "./helpers.js";

const fixturesDir = path.join(repoRoot, "fixtures");
const isFixture = (f: string) => /\.jsonc?$/.test(f) && !/\.parameters\.jsonc?$/.test(f);

for (const rule of rules) {
  const id = rule.meta.id;
  describe(`${id} ${rule.meta.name}`, () => {
    for (const kind of ["valid", "invalid"] as const) {
      const dir = path.join(fixturesDir, id, kind);
      const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter(isFixture).sort() : [];
      if (files.length === 0) test(`${id} has ${kind} fixtures`, () => expect.fail(`no fixtures in fixtures/${id}/${kind}`));
      for (const file of files) {
        test(`${id} ${kind}/${file}`, async () => {
          const rel = path.relative(repoRoot, path.join(dir, file));
          const result = await lintPaths([rel], { rules: [rule], cwd: repoRoot, base: repoRoot });
          expect(result.errors, "fixture must parse and evaluate").toEqual([]);
          const mine = result.findings.filter((f) => f.ruleId === id);
          if (kind === "valid") {
            expect(mine.map((f) => `${f.region.startLine}:${f.region.startColumn} ${f.message}`)).toEqual([]);
          } else {
            expect(mine.length, "an invalid fixture must produce at least one finding").toBeGreaterThan(0);
            await expect(renderFindings({ ...result, findings: mine })).toMatchFileSnapshot(path.join(dir, file.replace(/\.jsonc?$/, ".findings.txt")));
          }
        });
      }
    }
  });
}
