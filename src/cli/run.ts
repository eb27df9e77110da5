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
import type { PolicySetup } from "../policy/load.js";
import { showLines, showText } from "../output/escape.js";
import { UsageError, type CommandLine, type LintRequest } from "./args.js";
import { progressBar } from "./progress.js";
import { isTerminal, writeOut } from "./stdio.js";

/** The configuration of the command line, loaded before the run (see main). */
export interface Configured {
  readonly cwd: string;
  /** Paths in every output are relative to it. */
  readonly base: string;
  readonly resolver: ConfigResolver;
  /** Rules known up front: built-ins, pseudo-rules, and plugins of -c FILE or of the configuration above cwd. */
  readonly rules: Rule<string, unknown>[];
  readonly cliRules: readonly CliRuleSpec[];
  /** --policy: the policies loaded (their rules are among the resolver's built-ins); undefined without --policy. */
  readonly policies?: PolicySetup;
}

/** A run's result, and the rules to report it with (the run may have loaded plugins of configurations it found). */
export interface Ran {
  readonly result: LintResult;
  readonly rules: Rule<string, unknown>[];
}

/**
 * --policy and --policy-param: the policies loaded and their rules added to the resolver's built-ins, before
 * --list-rules, --explain and a run (main.ts configure(), once). Undefined: no --policy. A policy that cannot be
 * loaded is a usage error (exit 2) naming the file, and line:column for invalid JSON.
 */
export async function configurePolicies(cl: CommandLine, resolver: ConfigResolver, cwd: string): Promise<PolicySetup | undefined> {
  if (cl.policies.length === 0) {
    if (cl.policyParams.length > 0) throw new UsageError("--policy-param given without --policy");
    return undefined;
  }
  const [{ loadPolicies, PolicyLoadError }, { buildPolicyRules }, { parsePolicyParams }] = await Promise.all([import("../policy/load.js"), import("../policy/setup.js"), import("./args.js")]);
  try {
    const setup = loadPolicies(cl.policies, { cwd, params: parsePolicyParams(cl.policyParams) });
    resolver.addRules(buildPolicyRules(setup, resolver.builtins));
    if (cl.verbose) for (const x of setup.skipped ?? []) process.stderr.write(`batchlint: --policy: ${showText(x.source)} (${showText(x.name)}) not run: ${showText(x.reason)}\n`);
    return setup;
  } catch (e) {
    if (e instanceof PolicyLoadError) throw new UsageError(`--policy: ${e.message}`);
    throw e;
  }
}

/** Lints the inputs of the command line. `carriesFixes`: the formats whose output shows fixes (else they are not worked out). */
export async function runLint(cl: CommandLine, req: LintRequest, setup: Configured, carriesFixes: ReadonlySet<string>): Promise<Ran> {
  const { cwd, base, resolver } = setup;
  const { lintPaths } = await import("../pipeline/run.js");
  const policies = setup.policies;
  const lintOptions: LintOptions = {
    rules: policies ? [...resolver.builtins, ...setup.rules.filter((r) => !resolver.builtins.includes(r))] : setup.rules,
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
    onProgress: !cl.quiet && isTerminal(2) ? progressBar() : undefined,
    jobs: req.jobs ?? process.getBuiltinModule("node:os").availableParallelism(),
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
    policies,
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
        out: (t) => (diff ? diff.write(showLines(t)) : writeOut(t)),
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
