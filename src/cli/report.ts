/**
 * Reporting a run: baselines (--baseline, --baseline-create) and fingerprints, --quiet, each requested format
 * written to its file or to standard output, and the exit code (0 clean, 1 findings, 2 a file or the input failed).
 */
import fs from "node:fs";
import path from "node:path";
import { isActive, type LintResult } from "../engine/findings.js";
import type { Rule } from "../rule.js";
import { showPath, showText } from "../output/escape.js";
import { UsageError, useColor, type CommandLine, type LintRequest } from "./args.js";
import { isTerminal, writeAll, writeOut } from "./stdio.js";

/** Writes the reports of `result` and gives the exit code. `base`: paths in reports are relative to it. */
export async function report(result: LintResult, rules: Rule<string, unknown>[], cl: CommandLine, req: LintRequest, cwd: string, base: string): Promise<number> {
  const { FORMATTERS, CHUNKED } = await import("../output/index.js");
  const needFingerprints = cl.baseline || cl.baselineCreate || req.outputs.some((o) => o.format === "sarif" || o.format === "json");
  if (needFingerprints) {
    const bl = await import("../post/baseline.js");
    if (cl.baselineCreate) {
      const file = path.resolve(cl.baselineCreate);
      const baseline = bl.createBaseline(result.findings, bl.fileKeyFn(cwd, path.dirname(file)));
      bl.writeBaseline(file, baseline);
      process.stderr.write(`batchlint: wrote ${baseline.entries.length} baseline entr${baseline.entries.length === 1 ? "y" : "ies"} to ${cl.baselineCreate}\n`);
    } else if (cl.baseline) {
      const file = path.resolve(cl.baseline);
      let baseline: ReturnType<typeof bl.readBaseline>;
      try {
        baseline = bl.readBaseline(file);
      } catch (e) {
        if (e instanceof bl.BaselineError) throw new UsageError(e.message);
        throw e;
      }
      const unmatched = bl.applyBaseline(result.findings, baseline, bl.fileKeyFn(cwd, path.dirname(file)), result.files);
      result.baseline = { file: cl.baseline, unmatched };
      if (unmatched.length) {
        process.stderr.write(
          `batchlint: ${unmatched.length} baseline entr${unmatched.length === 1 ? "y" : "ies"} no longer match (fixed or moved; remove them from ${cl.baseline}):\n` +
            unmatched.map((u) => `  ${showPath(u.file)}: ${showText(u.ruleId)} ${showText(u.resource)} ${showText(u.propertyPath)} (${showText(u.fingerprint)})\n`).join(""),
        );
      }
    } else
      bl.fingerprintFindings(
        result.findings.filter((f) => !f.suppression),
        bl.fileKeyFn(cwd, cwd),
      );
  }
  // --quiet: errors only; a notice (Batch content that was not linted) is not one.
  const shown = cl.quiet ? { ...result, findings: result.findings.filter((f) => f.severity === "error"), notes: result.notes.filter((n) => n.kind !== "notice") } : result;

  // --fix of standard input printed the fixed text on standard output: reports not sent to a file go to stderr.
  const stdinFixed = cl.fix && cl.inputs.includes("-");
  const color = useColor(cl.color, process.env, isTerminal(stdinFixed ? 2 : 1));
  for (const o of req.outputs) {
    const ctx = {
      rules,
      base,
      color: o.file ? false : color,
      sarifCategory: cl.sarifCategory,
      sarifIncludeSuppressed: cl.sarifIncludeSuppressed,
      verbose: cl.verbose,
      summary: cl.summary,
    };
    // Written piece by piece where the format allows it: no single string of the whole output.
    const chunked = CHUNKED[o.format];
    const pieces: Iterable<string> = chunked ? (await chunked())(shown, ctx) : [(await FORMATTERS[o.format]!())(shown, ctx)];
    if (o.file) {
      fs.mkdirSync(path.dirname(path.resolve(o.file)), { recursive: true });
      const fd = fs.openSync(o.file, "w");
      try {
        for (const piece of pieces) writeAll(fd, piece);
      } finally {
        fs.closeSync(fd);
      }
    } else for (const piece of pieces) stdinFixed ? process.stderr.write(piece) : writeOut(piece);
  }
  return exitCode(shown, req.maxWarnings);
}

/** 2 when a file or the input failed; 1 with an error-level finding, or more warnings than --max-warnings (said on stderr); else 0. */
function exitCode(result: LintResult, maxWarnings: number): number {
  const active = result.findings.filter(isActive);
  if (result.errors.length) return 2;
  const errors = active.filter((f) => f.severity === "error").length;
  const warnings = active.filter((f) => f.severity === "warning").length;
  if (errors > 0) return 1;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    process.stderr.write(`batchlint: ${warnings} warnings exceed --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
