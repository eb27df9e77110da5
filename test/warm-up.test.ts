/**
 * The code cache's warm-up (src/pipeline/warm-up.ts) runs the code of each input language with the rules and the
 * terminal report: every document is recognised and linted with findings, and nothing is read from the disk.
 */
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintText } from "../src/pipeline/run.js";
import { WARM_UP_DOCUMENTS, warmUp } from "../src/pipeline/warm-up.js";

describe("code cache warm-up", () => {
  test.each(WARM_UP_DOCUMENTS.map((d) => [d.file, d.text]))("%s is linted with findings and no error", (file, text) => {
    const base = "/batchlint-warm-up-no-such-folder";
    const result = lintText(text, `${base}/${file}`, { rules, cwd: base, base });
    expect(result.errors).toEqual([]);
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => f.file.endsWith(file))).toBe(true);
  });

  test("warmUp lints them all", async () => {
    expect(await warmUp()).toBeGreaterThanOrEqual(WARM_UP_DOCUMENTS.length);
  });
});
