/**
 * batchlint command line: arguments (cli/args.ts) → configuration → the run (cli/run.ts) → reports and the exit code
 * (cli/report.ts): 0 clean, 1 findings, 2 input or usage error.
 */
import path from "node:path";
import type { ConfigError } from "../config/config.js";
import { jsonText, showLines, showPath, showText } from "../output/escape.js";
import { HELP, lintRequest, parseCommandLine, ruleSpecs, UsageError, type CommandLine } from "./args.js";
import { report } from "./report.js";
import { configurePolicies, runLint, type Configured } from "./run.js";
import { writeOut } from "./stdio.js";

export async function main(argv: string[]): Promise<number> {
  const cl = parseCommandLine(argv);
  if ("error" in cl) {
    process.stderr.write(`batchlint: ${showText(cl.error)}\nRun 'batchlint --help' for usage.\n`);
    return 2;
  }
  if (cl.help) {
    writeOut(HELP);
    return 0;
  }
  if (cl.version) {
    const { VERSION } = await import("../version.js");
    writeOut(`${VERSION}\n`);
    return 0;
  }
  const setup = await configure(cl);
  if (typeof setup === "number") return setup;
  const answered = await answer(cl, setup);
  if (answered !== undefined) return answered;
  try {
    const { FORMATTERS, CARRIES_FIXES } = await import("../output/index.js");
    const req = lintRequest(cl, FORMATTERS, setup.cwd);
    const { result, rules } = await runLint(cl, req, setup, CARRIES_FIXES);
    return await report(result, rules, cl, req, setup.cwd, setup.base);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`batchlint: ${showText(e.message)}\n`);
      return 2;
    }
    process.stderr.write(`batchlint: internal error: ${showLines(String((e as Error).stack ?? e))}\n`);
    return 2;
  }
}

/**
 * The installation checked, and the configuration loaded: the rules known up front (built-ins, pseudo-rules, and
 * plugins of -c FILE or of the configuration above cwd). A number: the exit code of a failure, said on stderr.
 */
async function configure(cl: CommandLine): Promise<Configured | number> {
  const { rules: builtinRules } = await import("../../rules/index.js");
  // An install without its schemas would fail every schema rule on every resource: say so once, before any file.
  const schema = await import("../engine/schema.js");
  if (schema.findSchemaDir() === undefined) {
    process.stderr.write(`batchlint: incomplete installation: the Microsoft.Batch schemas (schema/arm) are in none of ${schema.SCHEMA_PLACES.join(", ")}; reinstall batchlint\n`);
    return 2;
  }
  const { SUPPRESSION_RULES } = await import("../post/suppress.js");
  const configMod = await import("../config/config.js");
  const cwd = process.cwd();
  // Paths in every output are relative to the git work tree when there is one (no git binary needed), else to cwd.
  const base = (await import("../pipeline/discover.js")).repoRoot(cwd) ?? cwd;
  let cliRules: ReturnType<typeof ruleSpecs>;
  let resolver: InstanceType<typeof configMod.ConfigResolver>;
  try {
    cliRules = ruleSpecs(cl);
    resolver = new configMod.ConfigResolver({ builtins: [...builtinRules, ...SUPPRESSION_RULES], cliRules, configFile: cl.config, noLookup: cl.noConfigLookup, noPlugins: cl.noPlugins, cwd });
  } catch (e) {
    process.stderr.write(`batchlint: ${showText((e as Error).message)}\n`);
    return 2;
  }
  try {
    if (cl.config) await resolver.load(path.resolve(cl.config));
    else await resolver.configFor(path.join(cwd, "__batchlint__"));
    // --policy rules join the built-ins before the rules are listed (--list-rules, --explain) or run.
    const policies = await configurePolicies(cl, resolver, cwd);
    return { cwd, base, resolver, rules: await resolver.allRules(), cliRules, policies };
  } catch (e) {
    if (e instanceof configMod.ConfigError) {
      process.stderr.write(configErrorText(e, cwd));
      return 2;
    }
    // A --policy or --policy-param that cannot be used (configurePolicies).
    if (e instanceof UsageError) {
      process.stderr.write(`batchlint: ${showText(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}

/** --print-config, --list-rules and --explain: answered from the configuration, without a run. Undefined: none was asked. */
async function answer(cl: CommandLine, setup: Configured): Promise<number | undefined> {
  if (cl.printConfig !== undefined) {
    const configMod = await import("../config/config.js");
    try {
      const abs = path.resolve(cl.printConfig);
      const fc = await setup.resolver.resolve(abs);
      writeOut(
        `${jsonText(
          JSON.stringify(
            configMod.printableConfig(fc, cl.printConfig, (r) => r.meta.severity),
            null,
            2,
          ),
        )}\n`,
      );
      return 0;
    } catch (e) {
      if (e instanceof configMod.ConfigError) {
        process.stderr.write(configErrorText(e, setup.cwd));
        return 2;
      }
      throw e;
    }
  }
  if (!cl.listRules && cl.explain === undefined) return undefined;
  const catalog = await import("../output/catalog.js");
  if (cl.listRules) {
    writeOut(catalog.listRulesText(setup.rules));
    return 0;
  }
  const rule = catalog.findRule(setup.rules, cl.explain!);
  if (!rule) {
    process.stderr.write(`batchlint: unknown rule '${cl.explain}' (see --list-rules)\n`);
    return 2;
  }
  writeOut(catalog.explainText(rule));
  return 0;
}

function configErrorText(e: ConfigError, cwd: string): string {
  const rel = path.relative(cwd, e.file);
  const shown = rel.startsWith("..") || path.isAbsolute(rel) ? e.file : rel.split(path.sep).join("/");
  // A configuration file can come with the linted tree: its name and the values its messages quote are shown escaped.
  return e.issues.map((i) => `${showPath(shown)}:${i.line}:${i.column}: error ${showText(i.message)}\n`).join("");
}
