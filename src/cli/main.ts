/** batchlint command line: arguments → pipeline → formatters → exit code (0 clean, 1 findings, 2 input or usage error). */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { isActive, type LintResult } from "../engine/findings.js";
import type { Rule, Severity } from "../rule.js";
import type { CliRuleSpec, ConfigError } from "../config/config.js";
import { jsonText, showLines, showPath, showText } from "../output/escape.js";

const HELP = `Usage: batchlint [options] [file|dir|glob|-]...

Lints Azure Batch accounts and pools in ARM templates (JSON with comments), Bicep compiled to ARM JSON,
and exported accounts (az batch account show|list, REST GET/List bodies, Resource Graph results).
Directories are searched recursively for *.json and *.jsonc (and exports as *.ndjson, *.jsonl and
*.gz); '-' reads standard input.

Output:
  -f, --format NAME[:FILE]   stylish (default), json, sarif, github, markdown, junit, html; repeatable,
                             e.g. -f stylish -f sarif:out.sarif
  -o, --output-file FILE     write the (first) report to FILE instead of standard output
      --sarif-category NAME  set SARIF runs[0].automationDetails.id to NAME/
      --color, --no-color    force or disable colours (NO_COLOR is respected)
      --quiet                report errors only
      --verbose              also print skipped files and other notes
      --summary              counts per rule, severity, subscription and resource group; accounts that pass
      --jobs N               threads that lint 5,000 files or 40 MiB of lists / NDJSON or more (less with more jobs; default: number of cores)

Configuration:
  -c, --config FILE          use this configuration file for every input (no lookup); otherwise the nearest
                             batchlint.config.json or .batchlintrc.json above each linted file applies,
                             looked up no higher than the git work-tree root (outside git: the current
                             directory)
      --print-config FILE    print the configuration that applies to FILE and exit
      --no-config-lookup     use no configuration file but -c FILE (for audits of untrusted trees)
      --no-plugins           load no plugin, not even from -c FILE (for audits of untrusted trees)
                             Plugins load only from -c FILE or the configuration found from the current
                             directory upward; a configuration inside the linted tree that lists plugins
                             is an error (exit 2), and its plugins are never run

Rules:
      --rule ID=LEVEL        LEVEL is error, warning, note or off; ID is a code or name (repeatable);
                             overrides the configuration
      --max-warnings N       exit 1 when there are more than N warnings
      --list-rules           print the rule catalogue
      --explain RULE         print a rule's documentation

Suppressions, baselines and fixes:
      --report-unused-suppressions  report suppressions that match no finding (BATCH991)
      --sarif-include-suppressed    keep suppressed results in SARIF, with result.suppressions
      --baseline FILE        report only findings not in the baseline; list baseline entries that no longer match
      --baseline-create FILE record the current findings as the baseline (they then do not fail the run)
      --fix                  apply safe fixes to the files, then report what remains; each file is
                             replaced whole (temporary file, then rename); symbolic links are not fixed.
                             With '-' the fixed text (or the input unchanged) is printed on standard
                             output and the report goes to standard error: no file is written, whatever
                             --stdin-filename names
      --fix-dry-run          print the safe fixes as a unified diff instead of writing them (secrets
                             redacted)

Input:
      --stdin-filename NAME  name used for standard input in reports (default <stdin>)
      --parameters FILE      ARM parameters file for the templates (repeatable, later wins); without it,
                             NAME.parameters.json beside NAME.json is used when present
      --param NAME=VALUE     a template parameter value (JSON when it parses, else a string; repeatable)
      --subscription-id ID   values for subscription(), resourceGroup() and deployment(); anything not
      --resource-group NAME  given is unknown, and no rule reports on an unknown value
      --location LOCATION
      --deployment-name NAME
      --report-unknown       list, as notes, values the rules could not decide because they are unknown
      --max-file-size MB     refuse larger files with an error (default 64; large NDJSON and JSON lists of
                             resources are streamed instead, record by record)
      --max-depth N          refuse JSON nested deeper than N arrays/objects (default and maximum 1000)
      --evaluation-budget X  scale the work a template's evaluation may do (steps, array elements and
                             object members made, characters built; default 1 = 3.2 million steps, 2 million
                             elements, 200 million characters per file, over 50 times what large real
                             templates use); a file over it is an error ("too complex"), exit 2

Other:
  -v, --version              print the version
  -h, --help                 print this help

Exit codes: 0 no error-level finding (and warnings within --max-warnings), 1 findings, 2 a file could
not be read or parsed, the configuration is invalid, or the command line is wrong. Files that fail do not
stop the others. Suppressed findings and baseline findings do not count.
`;

class UsageError extends Error {}

/** A one-line progress bar on stderr (TTY only), redrawn at most ten times a second. */
export function progressBar(write: (s: string) => void = (s) => process.stderr.write(s), now: () => number = Date.now): (done: number, total: number) => void {
  /** The first report: rates are measured from it (what came before, discovery and start-up, is no measure). */
  let first: { t: number; done: number } | undefined;
  let last = 0;
  let drawn = 0;
  return (done, total) => {
    const t = now();
    if (done >= total) {
      if (drawn) write(`\r${" ".repeat(drawn)}\r`);
      drawn = 0;
      return;
    }
    // A single file shows a bar only while it is streamed (a fractional `done`): a one-file run stays silent.
    if (total < 2 && Number.isInteger(done)) return;
    if (first && t - last < 100) return;
    last = t;
    first ??= { t, done };
    const width = 24;
    const filled = Math.min(width, Math.floor((done / total) * width));
    let line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor((done / total) * 100)}%  ${Math.floor(done)}/${total} files`;
    const seconds = (t - first.t) / 1000;
    // Rate and ETA once there is something to measure them by: half a second of progress.
    if (seconds >= 0.5 && done > first.done) {
      const rate = (done - first.done) / seconds;
      if (total >= 2) line += `  ${rate.toFixed(0)} files/s`;
      line += `  ETA ${Math.ceil((total - done) / rate)}s`;
    }
    write(`\r${line}${" ".repeat(Math.max(0, drawn - line.length))}`);
    drawn = line.length;
  };
}

function positiveNumber(raw: string | undefined, flag: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} expects a positive number, got '${raw}'`);
  return n;
}

/** Deeper documents would exhaust the stack of the (recursive) model and rules: the depth limit can only go down. */
function atMost(n: number, max: number, flag: string): number {
  if (n > max) throw new UsageError(`${flag} is at most ${max}, got ${n}`);
  return n;
}

/** --param name=value: the value is JSON when it parses (numbers, booleans, arrays, objects), else a string. */
function parseParams(specs: string[]): Map<string, import("../model/value.js").Value> {
  const out = new Map<string, import("../model/value.js").Value>();
  for (const spec of specs) {
    const i = spec.indexOf("=");
    if (i <= 0) throw new UsageError(`--param expects NAME=VALUE, got '${spec}'`);
    let value: import("../model/value.js").Value;
    try {
      value = JSON.parse(spec.slice(i + 1)) as import("../model/value.js").Value;
    } catch {
      value = spec.slice(i + 1);
    }
    out.set(spec.slice(0, i).trim(), value);
  }
  return out;
}

interface Output {
  format: string;
  file?: string;
}

function parseOutputs(formats: string[], outputFile: string | undefined): Output[] {
  const outs: Output[] = formats.map((f) => {
    const i = f.indexOf(":");
    return i > 0 ? { format: f.slice(0, i), file: f.slice(i + 1) } : { format: f };
  });
  if (outs.length === 0) outs.push({ format: "stylish" });
  if (outputFile) {
    const target = outs.find((o) => !o.file);
    if (!target) throw new UsageError("--output-file given but every --format already names a file");
    target.file = outputFile;
  }
  return outs;
}

/** `--rule` specs. Rules not built in may come from a configured plugin: checked once configurations are loaded. */
function parseRuleSpecs(specs: string[]): CliRuleSpec[] {
  const out: CliRuleSpec[] = [];
  for (const spec of specs) {
    const m = /^\s*([^=:\s]+)\s*[=:]\s*(\w+)\s*$/.exec(spec);
    if (!m) throw new UsageError(`--rule expects ID=LEVEL, got '${spec}'`);
    const level = m[2]!.toLowerCase();
    if (!["error", "warning", "note", "off"].includes(level)) throw new UsageError(`--rule: level must be error, warning, note or off, got '${m[2]}'`);
    out.push({ rule: m[1]!, severity: level as Severity | "off" });
  }
  return out;
}

function configErrorText(e: ConfigError, cwd: string): string {
  const rel = path.relative(cwd, e.file);
  const shown = rel.startsWith("..") || path.isAbsolute(rel) ? e.file : rel.split(path.sep).join("/");
  // A configuration file can come with the linted tree: its name and the values its messages quote are shown escaped.
  return e.issues.map((i) => `${showPath(shown)}:${i.line}:${i.column}: error ${showText(i.message)}\n`).join("");
}

/** Standard input, up to `limit` bytes: more (`- < /dev/zero`) is refused as soon as it has been read (pipeline/read.ts). */
async function readStdin(limit = Infinity): Promise<string> {
  const [{ decode }, { readStreamLimited }] = await Promise.all([import("../parse/document.js"), import("../pipeline/read.js")]);
  return decode(await readStreamLimited(process.stdin, "<stdin>", limit), "<stdin>");
}

export async function main(argv: string[]): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string", short: "f", multiple: true },
        "output-file": { type: "string", short: "o" },
        "sarif-category": { type: "string" },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        "no-config-lookup": { type: "boolean" },
        "no-plugins": { type: "boolean" },
        quiet: { type: "boolean" },
        verbose: { type: "boolean" },
        rule: { type: "string", multiple: true },
        "max-warnings": { type: "string" },
        "list-rules": { type: "boolean" },
        explain: { type: "string" },
        "stdin-filename": { type: "string" },
        parameters: { type: "string", multiple: true },
        param: { type: "string", multiple: true },
        "subscription-id": { type: "string" },
        "resource-group": { type: "string" },
        location: { type: "string" },
        "deployment-name": { type: "string" },
        "report-unknown": { type: "boolean" },
        summary: { type: "boolean" },
        jobs: { type: "string" },
        "max-file-size": { type: "string" },
        "max-depth": { type: "string" },
        "evaluation-budget": { type: "string" },
        config: { type: "string", short: "c" },
        "print-config": { type: "string" },
        "report-unused-suppressions": { type: "boolean" },
        "sarif-include-suppressed": { type: "boolean" },
        baseline: { type: "string" },
        "baseline-create": { type: "string" },
        fix: { type: "boolean" },
        "fix-dry-run": { type: "boolean" },
        version: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    process.stderr.write(`batchlint: ${(e as Error).message}\nRun 'batchlint --help' for usage.\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    const { VERSION } = await import("../version.js");
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { rules: builtinRules } = await import("../../rules/index.js");
  // An install without its schemas would fail every schema rule on every resource: say so once, before any file.
  const schema = await import("../engine/schema.js");
  if (schema.findSchemaDir() === undefined) {
    process.stderr.write(`batchlint: incomplete installation: the Microsoft.Batch schemas (schema/arm) are in none of ${schema.SCHEMA_PLACES.join(", ")}; reinstall batchlint\n`);
    return 2;
  }
  const { SUPPRESSION_RULES } = await import("../post/suppress.js");
  const catalog = await import("../output/catalog.js");
  const configMod = await import("../config/config.js");
  const cwd = process.cwd();
  // Paths in every output are relative to the git work tree when there is one (no git binary needed), else to cwd.
  const base = (await import("../pipeline/discover.js")).repoRoot(cwd) ?? cwd;
  let resolver;
  try {
    resolver = new configMod.ConfigResolver({
      builtins: [...builtinRules, ...SUPPRESSION_RULES],
      cliRules: parseRuleSpecs(values.rule ?? []),
      configFile: values.config,
      noLookup: values["no-config-lookup"],
      noPlugins: values["no-plugins"],
      cwd,
    });
  } catch (e) {
    process.stderr.write(`batchlint: ${showText((e as Error).message)}\n`);
    return 2;
  }
  // Rules known up front: built-ins, pseudo-rules, and plugins of -c FILE or of the configuration above cwd.
  let rules: Rule<string, any>[];
  try {
    if (values.config) await resolver.load(path.resolve(values.config));
    else await resolver.configFor(path.join(cwd, "__batchlint__"));
    rules = await resolver.allRules();
  } catch (e) {
    if (e instanceof configMod.ConfigError) {
      process.stderr.write(configErrorText(e, cwd));
      return 2;
    }
    throw e;
  }
  if (values["print-config"] !== undefined) {
    try {
      const abs = path.resolve(values["print-config"]);
      const fc = await resolver.resolve(abs);
      process.stdout.write(jsonText(JSON.stringify(configMod.printableConfig(fc, values["print-config"], (r) => r.meta.severity), null, 2)) + "\n");
      return 0;
    } catch (e) {
      if (e instanceof configMod.ConfigError) {
        process.stderr.write(configErrorText(e, cwd));
        return 2;
      }
      throw e;
    }
  }
  if (values["list-rules"]) {
    process.stdout.write(catalog.listRulesText(rules));
    return 0;
  }
  if (values.explain !== undefined) {
    const rule = catalog.findRule(rules, values.explain);
    if (!rule) {
      process.stderr.write(`batchlint: unknown rule '${values.explain}' (see --list-rules)\n`);
      return 2;
    }
    process.stdout.write(catalog.explainText(rule));
    return 0;
  }
  try {
    const outputs = parseOutputs(values.format ?? [], values["output-file"]);
    const { FORMATTERS, CHUNKED, CARRIES_FIXES } = await import("../output/index.js");
    for (const o of outputs) if (!FORMATTERS[o.format]) throw new UsageError(`unknown format '${o.format}' (${Object.keys(FORMATTERS).join(", ")})`);
    let maxWarnings = -1;
    if (values["max-warnings"] !== undefined) {
      maxWarnings = Number(values["max-warnings"]);
      if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings expects a whole number, got '${values["max-warnings"]}'`);
    }
    if (values.fix && values["fix-dry-run"]) throw new UsageError("--fix and --fix-dry-run cannot be combined");
    if (values.baseline && values["baseline-create"]) throw new UsageError("--baseline and --baseline-create cannot be combined");
    const { lintPaths } = await import("../pipeline/run.js");
    const inputs = positionals.length ? positionals : ["."];
    const stdinName = values["stdin-filename"] ?? "<stdin>";
    const lintOptions = {
      rules,
      cwd,
      base,
      stdinName,
      resolveConfig: resolver.resolve,
      reportUnusedSuppressions: values["report-unused-suppressions"],
      parameterFiles: (values.parameters ?? []).map((f) => path.resolve(cwd, f)),
      cliParams: parseParams(values.param ?? []),
      deployment: {
        subscriptionId: values["subscription-id"],
        resourceGroup: values["resource-group"],
        location: values.location,
        deploymentName: values["deployment-name"],
      },
      reportUnknown: values["report-unknown"],
      onProgress: !values.quiet && process.stderr.isTTY ? progressBar() : undefined,
      jobs: values.jobs !== undefined ? Math.floor(positiveNumber(values.jobs, "--jobs", 1)) : (await import("node:os")).availableParallelism(),
      maxFileSize: positiveNumber(values["max-file-size"], "--max-file-size", 64) * 1024 * 1024,
      maxDepth: atMost(positiveNumber(values["max-depth"], "--max-depth", 1000), 1000, "--max-depth"),
      evaluationLimits: values["evaluation-budget"] === undefined ? undefined : (await import("../input/budget.js")).scaledLimits(positiveNumber(values["evaluation-budget"], "--evaluation-budget", 1)),
      fixes: !!(values.fix || values["fix-dry-run"] || values.verbose) || outputs.some((o) => CARRIES_FIXES.has(o.format)),
    };
    let stdinText: string | undefined;
    const stdinOnce = async (limit?: number) => (stdinText ??= await readStdin(limit));
    const workerSetup = {
      cwd,
      base,
      cliRules: parseRuleSpecs(values.rule ?? []),
      configFile: values.config,
      noConfigLookup: values["no-config-lookup"],
      noPlugins: values["no-plugins"],
      parameterFiles: lintOptions.parameterFiles,
      cliParams: [...lintOptions.cliParams],
      deployment: lintOptions.deployment,
      reportUnknown: lintOptions.reportUnknown,
      maxFileSize: lintOptions.maxFileSize,
      maxDepth: lintOptions.maxDepth,
      evaluationLimits: lintOptions.evaluationLimits,
      fixes: lintOptions.fixes,
    };
    let result: LintResult = await lintPaths(inputs, { ...lintOptions, workerSetup }, stdinOnce);
    const unknownRules = resolver.unmatchedCliRules();
    if (unknownRules.length) throw new UsageError(`--rule: unknown rule '${unknownRules[0]}' (see --list-rules)`);
    rules = await resolver.allRules();
    // Asked for, but the rules of those plugins did not run: say which, once per configuration.
    for (const w of await resolver.withheldPlugins()) {
      const shown = (await import("../pipeline/discover.js")).displayPath(w.file, cwd);
      process.stderr.write(`batchlint: --no-plugins: ${w.plugins.map((p) => `'${showText(p)}'`).join(", ")} listed in ${showText(shown)} not loaded\n`);
    }

    if (values.fix || values["fix-dry-run"]) {
      const { runFixes } = await import("./fix.js");
      // Standard input is never written to a file: its fixed text is printed (see stdinFixed below).
      const stdin = inputs.includes("-") && stdinText !== undefined ? { name: stdinName, text: stdinText } : undefined;
      const fixed = await runFixes(result, {
        cwd,
        base,
        resolver,
        write: !!values.fix,
        // The diff and the messages are shown escaped (tabs and CRLF kept); the fixed text of standard input (--fix) is data.
        out: (t) => process.stdout.write(values.fix ? t : showLines(t)),
        err: (t) => process.stderr.write(showLines(t)),
        stdin,
        cliParams: lintOptions.cliParams,
        maxFileSize: lintOptions.maxFileSize,
      });
      if (fixed.stdinText !== undefined) stdinText = fixed.stdinText; // what remains is reported for the printed text
      if (values.fix && fixed.changed > 0) result = await lintPaths(inputs, lintOptions, stdinOnce);
    }

    const needFingerprints = values.baseline || values["baseline-create"] || outputs.some((o) => o.format === "sarif" || o.format === "json");
    if (needFingerprints) {
      const bl = await import("../post/baseline.js");
      if (values["baseline-create"]) {
        const file = path.resolve(values["baseline-create"]);
        const baseline = bl.createBaseline(result.findings, bl.fileKeyFn(cwd, path.dirname(file)));
        bl.writeBaseline(file, baseline);
        process.stderr.write(`batchlint: wrote ${baseline.entries.length} baseline entr${baseline.entries.length === 1 ? "y" : "ies"} to ${values["baseline-create"]}\n`);
      } else if (values.baseline) {
        const file = path.resolve(values.baseline);
        let baseline;
        try {
          baseline = bl.readBaseline(file);
        } catch (e) {
          if (e instanceof bl.BaselineError) throw new UsageError(e.message);
          throw e;
        }
        const unmatched = bl.applyBaseline(result.findings, baseline, bl.fileKeyFn(cwd, path.dirname(file)), result.files);
        result.baseline = { file: values.baseline, unmatched };
        if (unmatched.length) {
          process.stderr.write(
            `batchlint: ${unmatched.length} baseline entr${unmatched.length === 1 ? "y" : "ies"} no longer match (fixed or moved; remove them from ${values.baseline}):\n` +
              unmatched.map((u) => `  ${showPath(u.file)}: ${showText(u.ruleId)} ${showText(u.resource)} ${showText(u.propertyPath)} (${showText(u.fingerprint)})\n`).join(""),
          );
        }
      } else bl.fingerprintFindings(result.findings.filter((f) => !f.suppression), bl.fileKeyFn(cwd, cwd));
    }
    if (values.quiet) result = { ...result, findings: result.findings.filter((f) => f.severity === "error") };

    // --fix of standard input printed the fixed text on standard output: reports not sent to a file go to stderr.
    const stdinFixed = !!values.fix && inputs.includes("-");
    const color = values["no-color"] ? false : values.color ? true : !process.env.NO_COLOR && (stdinFixed ? process.stderr : process.stdout).isTTY === true;
    for (const o of outputs) {
      const ctx = {
        rules,
        base,
        color: o.file ? false : color,
        sarifCategory: values["sarif-category"],
        sarifIncludeSuppressed: values["sarif-include-suppressed"],
        verbose: values.verbose,
        summary: values.summary,
      };
      // Written piece by piece where the format allows it: no single string of the whole output.
      const chunked = CHUNKED[o.format];
      const pieces: Iterable<string> = chunked ? (await chunked())(result, ctx) : [(await FORMATTERS[o.format]!())(result, ctx)];
      if (o.file) {
        fs.mkdirSync(path.dirname(path.resolve(o.file)), { recursive: true });
        const fd = fs.openSync(o.file, "w");
        try {
          for (const piece of pieces) {
            const bytes = Buffer.from(piece);
            for (let off = 0; off < bytes.length; ) off += fs.writeSync(fd, bytes, off, bytes.length - off);
          }
        } finally {
          fs.closeSync(fd);
        }
      } else for (const piece of pieces) (stdinFixed ? process.stderr : process.stdout).write(piece);
    }
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
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`batchlint: ${showText(e.message)}\n`);
      return 2;
    }
    process.stderr.write(`batchlint: internal error: ${showLines(String((e as Error).stack ?? e))}\n`);
    return 2;
  }
}
