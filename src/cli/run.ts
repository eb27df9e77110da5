/**
 * Running a lint from the command line: the checked request and the configuration → the options of lintPaths (and
 * the same as plain data for its worker threads) → the run; then --fix or --fix-dry-run, and a second run when
 * files were fixed.
 */
import type { ConfigResolver, CliRuleSpec } from "../config/config.js";
import type { LintResult } from "../engine/findings.js";
import type { LintOptions } from "../pipeline/run.js";
import type { WorkerSetup } from "../parallel/pool.js";
import type { Rule } from "../rule.js";
import { showLines, showText } from "../output/escape.js";
import { UsageError, type CommandLine, type LintRequest } from "./args.js";
import { progressBar } from "./progress.js";

/** The configuration of the command line, loaded before the run (see main). */
export interface Configured {
  readonly cwd: string;
  /** Paths in every output are relative to it. */
  readonly base: string;
  readonly resolver: ConfigResolver;
  /** Rules known up front: built-ins, pseudo-rules, and plugins of -c FILE or of the configuration above cwd. */
  readonly rules: Rule<string, unknown>[];
  readonly cliRules: readonly CliRuleSpec[];
}

/** A run's result, and the rules to report it with (the run may have loaded plugins of configurations it found). */
export interface Ran {
  readonly result: LintResult;
  readonly rules: Rule<string, unknown>[];
}

/** Lints the inputs of the command line. `carriesFixes`: the formats whose output shows fixes (else they are not worked out). */
export async function runLint(cl: CommandLine, req: LintRequest, setup: Configured, carriesFixes: ReadonlySet<string>): Promise<Ran> {
  const { cwd, base, resolver } = setup;
  const { lintPaths } = await import("../pipeline/run.js");
  const lintOptions: LintOptions = {
    rules: setup.rules,
    cwd,
    base,
    stdinName: req.stdinName,
    resolveConfig: resolver.resolve,
    reportUnusedSuppressions: cl.reportUnusedSuppressions,
    parameterFiles: req.parameterFiles,
    cliParams: req.cliParams,
    terraformVars: req.terraformVars,
    terraformVarFiles: req.terraformVarFiles,
    terraformVarsAfter: req.terraformVarsAfter,
    deployment: req.deployment,
    reportUnknown: cl.reportUnknown,
    onProgress: !cl.quiet && process.stderr.isTTY ? progressBar() : undefined,
    jobs: req.jobs ?? (await import("node:os")).availableParallelism(),
    maxFileSize: req.maxFileSize,
    maxDepth: req.maxDepth,
    evaluationLimits: req.evaluationBudget === undefined ? undefined : (await import("../input/budget.js")).scaledLimits(req.evaluationBudget),
    fixes: cl.fix || cl.fixDryRun || cl.verbose || req.outputs.some((o) => carriesFixes.has(o.format)),
  };
  let stdinText: string | undefined;
  const stdinOnce = async (limit?: number) => (stdinText ??= await readStdin(limit));
  const workerSetup: WorkerSetup = {
    cwd,
    base,
    cliRules: setup.cliRules,
    configFile: cl.config,
    noConfigLookup: cl.noConfigLookup,
    noPlugins: cl.noPlugins,
    parameterFiles: req.parameterFiles,
    cliParams: [...req.cliParams],
    terraformVars: [...req.terraformVars],
    terraformVarFiles: req.terraformVarFiles,
    terraformVarsAfter: [...req.terraformVarsAfter],
    deployment: req.deployment,
    reportUnknown: cl.reportUnknown,
    maxFileSize: lintOptions.maxFileSize,
    maxDepth: lintOptions.maxDepth,
    evaluationLimits: lintOptions.evaluationLimits,
    fixes: lintOptions.fixes,
  };
  let result = await lintPaths(cl.inputs, { ...lintOptions, workerSetup }, stdinOnce);
  const unknownRules = resolver.unmatchedCliRules();
  if (unknownRules.length) throw new UsageError(`--rule: unknown rule '${unknownRules[0]}' (see --list-rules)`);
  const rules = await resolver.allRules();
  // Asked for, but the rules of those plugins did not run: say which, once per configuration.
  for (const w of await resolver.withheldPlugins()) {
    const shown = (await import("../pipeline/discover.js")).displayPath(w.file, cwd);
    process.stderr.write(`batchlint: --no-plugins: ${w.plugins.map((p) => `'${showText(p)}'`).join(", ")} listed in ${showText(shown)} not loaded\n`);
  }

  if (cl.fix || cl.fixDryRun) {
    const { runFixes } = await import("./fix.js");
    // Standard input is never written to a file: its fixed text is printed (see report.ts, stdinFixed).
    const stdin = cl.inputs.includes("-") && stdinText !== undefined ? { name: req.stdinName, text: stdinText } : undefined;
    // The diff goes to standard error or a file (cli/diff-output.ts): standard output is the report's.
    const diff = cl.fix ? undefined : (await import("./diff-output.js")).diffOutput(cl.fixDryRunFile, cwd);
    let fixed: Awaited<ReturnType<typeof runFixes>>;
    try {
      fixed = await runFixes(result, {
        cwd,
        base,
        resolver,
        write: cl.fix,
        // The diff and the messages are shown escaped (tabs and CRLF kept); the fixed text of standard input (--fix) is data.
        out: (t) => (diff ? diff.write(showLines(t)) : process.stdout.write(t)),
        err: (t) => process.stderr.write(showLines(t)),
        stdin,
        cliParams: req.cliParams,
        terraformVars: req.terraformVars,
        terraformVarFiles: req.terraformVarFiles,
        terraformVarsAfter: req.terraformVarsAfter,
        maxFileSize: req.maxFileSize,
      });
    } catch (e) {
      await diff?.abandon();
      throw e;
    }
    await diff?.finish();
    if (fixed.stdinText !== undefined) stdinText = fixed.stdinText; // what remains is reported for the printed text
    if (cl.fix && fixed.changed > 0) result = await lintPaths(cl.inputs, lintOptions, stdinOnce);
  }
  const { checkUnmatchedInputs } = await import("./unmatched.js");
  result = await checkUnmatchedInputs(result, cl.inputs, { cwd, base, errorOnUnmatched: cl.errorOnUnmatchedPattern });
  return { result, rules };
}

/** Standard input, up to `limit` bytes: more (`- < /dev/zero`) is refused as soon as it has been read (pipeline/read.ts). */
async function readStdin(limit = Infinity): Promise<string> {
  const [{ decode }, { readStreamLimited }] = await Promise.all([import("../parse/document.js"), import("../pipeline/read.js")]);
  return decode(await readStreamLimited(process.stdin, "<stdin>", limit), "<stdin>");
}
