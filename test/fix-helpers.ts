/**
 * The public fix path as the fix tests of each language drive it (test/bicep-fix.test.ts, test/terraform-fix.test.ts):
 * the core fixable rules linted in-process, and fixLoop with its re-parse and re-lint.
 */
import { rules as allRules } from "../rules/index.js";
import { RunContext } from "../src/context.js";
import { parseSource } from "../src/pipeline/lint-file.js";
import { lintText } from "../src/pipeline/run.js";
import { fixLoop } from "../src/post/fix.js";

/** The rules with literal fixes (BATCH001, BATCH002, BATCH004, BATCH005), BATCH005 fixing to Disabled. */
export const fixRules = allRules.filter((r) => ["BATCH001", "BATCH002", "BATCH004", "BATCH005"].includes(r.meta.id));
const settings = new Map([["BATCH005", { options: { fixToDisabled: true } }]]);

/** `lint` (the fix rules on a text) and `fixRun` (fixLoop over it), for files named `file` unless told. */
export function fixPath(file: string) {
  const lint = (text: string, name = file) => lintText(text, name, { rules: fixRules, settings });
  const fixRun = (text: string, name = file) =>
    fixLoop(
      text,
      (t) => lint(t, name).findings,
      10,
      undefined,
      (t) => parseSource(t, name, new RunContext()),
    );
  return { lint, fixRun };
}
