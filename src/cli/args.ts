/**
 * The command line, parsed: argv → a `CommandLine` (what was asked, as typed values) or a usage error. The values
 * that only a lint run uses are checked by `lintRequest`, where the run starts: a command that exits before (--help,
 * --list-rules, --explain, --print-config) is not refused for them.
 */
import fs from "node:fs";
import path from "node:path";
// `util.parseArgs`, not a named import: it is an accessor of node:util, which the bundle does not import by name
// (scripts/bundle-options.mjs, builtins).
import util, { type ParseArgsConfig } from "node:util";
import type { CliRuleSpec } from "../config/config.js";
import type { DeploymentContext } from "../input/arm/scope.js";
import type { Value } from "../model/value.js";
import { closest, type Severity } from "../rule.js";

export const HELP = `Usage: batchlint [options] [file|dir|glob|-]...

Lints Azure Batch accounts and pools in ARM templates (JSON with comments), Bicep, Terraform (.tf,
.tfvars, plan JSON) and exported accounts (az batch account show|list, REST GET/List bodies, Resource
Graph results). Directories are searched recursively for *.json, *.jsonc, *.bicep, *.bicepparam, *.tf
and *.tfvars (and exports as *.ndjson, *.jsonl and *.gz), skipping node_modules, .git and .terraform;
'-' reads standard input.

Output:
  -f, --format NAME[:FILE]   stylish (default), json, sarif, github, markdown, junit, html, compact;
                             repeatable, e.g. -f stylish -f sarif:out.sarif
  -o, --output-file FILE     write the (first) report to FILE instead of standard output
      --sarif-category NAME  set SARIF runs[0].automationDetails.id to NAME/
      --color, --no-color    force or disable colours (the last one given wins); else FORCE_COLOR (0: off),
                             then NO_COLOR, then whether the output is a terminal
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

Azure Policy:
      --policy PATH          evaluate Azure Policy definitions, policy sets (initiatives) and assignments:
                             a JSON file or a directory of *.json (repeatable); builtin:batch for the
                             built-in Batch definitions. Findings have rule ids policy/<definition name>;
                             Deny is an error, other effects warnings (docs/policy.md)
      --policy-param NAME=VALUE
                             a policy parameter value for every definition or set that declares NAME (JSON
                             when it parses, else a string; repeatable); wins over assignment files

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
      --fix-dry-run[=FILE]   print the safe fixes as a unified diff on standard error (standard output
                             keeps the report), or write it to FILE ('-': standard output), instead of
                             writing them (secrets redacted)

Input:
      --stdin-filename NAME  name used for standard input in reports (default <stdin>)
      --no-error-on-unmatched-pattern
                             a directory or glob with no file to lint is not an error (it is by default:
                             "no lintable files found in PATH", exit 2)
      --parameters FILE      ARM parameters file for the templates (repeatable, later wins); without it,
                             NAME.parameters.json beside NAME.json is used when present
      --param NAME=VALUE     a template parameter value (JSON when it parses, else a string; repeatable)
      --var NAME=VALUE       a Terraform input variable, as terraform -var takes it (repeatable)
      --var-file FILE        a Terraform variables file (.tfvars), as terraform -var-file takes it
                             (repeatable, later wins); a file that cannot be read is an error (exit 2)
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
not be read or parsed, a directory or glob has no file to lint, the configuration is invalid, or the
command line is wrong. Files that fail do not stop the others. Suppressed findings and baseline findings
do not count.
`;

/** A command line that is wrong: `batchlint: MESSAGE`, exit 2. */
export class UsageError extends Error {}

/** The options of the command line, as given (see HELP). */
export interface CommandLine {
  readonly help: boolean;
  readonly version: boolean;
  /** Files, directories, globs and '-' (the current directory when none is given). */
  readonly inputs: readonly string[];
  readonly formats: readonly string[];
  readonly outputFile?: string;
  readonly sarifCategory?: string;
  /** The last of --color / --no-color; undefined: neither (see useColor). */
  readonly color?: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly summary: boolean;
  readonly jobs?: string;
  readonly config?: string;
  readonly printConfig?: string;
  readonly noConfigLookup: boolean;
  readonly noPlugins: boolean;
  /** --rule specs, unchecked (see ruleSpecs). */
  readonly rules: readonly string[];
  readonly maxWarnings?: string;
  readonly listRules: boolean;
  readonly explain?: string;
  readonly reportUnusedSuppressions: boolean;
  readonly sarifIncludeSuppressed: boolean;
  readonly baseline?: string;
  readonly baselineCreate?: string;
  readonly fix: boolean;
  readonly fixDryRun: boolean;
  /** --fix-dry-run=FILE: the diff goes to FILE (else to standard error). */
  readonly fixDryRunFile?: string;
  /** False with --no-error-on-unmatched-pattern. */
  readonly errorOnUnmatchedPattern: boolean;
  readonly stdinFilename?: string;
  readonly parameters: readonly string[];
  readonly params: readonly string[];
  /** --var specs, unchecked (see lintRequest). */
  readonly vars: readonly string[];
  /** --var-file paths as given. */
  readonly varFiles: readonly string[];
  /** For each --var NAME (its last occurrence), how many --var-file options came before it. */
  readonly varsAfter: ReadonlyMap<string, number>;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  readonly location?: string;
  readonly deploymentName?: string;
  readonly reportUnknown: boolean;
  /** --policy paths (or builtin:NAME), as given. */
  readonly policies: readonly string[];
  /** --policy-param specs, unchecked (see lintRequest). */
  readonly policyParams: readonly string[];
  readonly maxFileSize?: string;
  readonly maxDepth?: string;
  readonly evaluationBudget?: string;
}

/** The options node's argument parser knows (values are checked in lintRequest). */
const OPTIONS = {
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
  "no-error-on-unmatched-pattern": { type: "boolean" },
  parameters: { type: "string", multiple: true },
  param: { type: "string", multiple: true },
  var: { type: "string", multiple: true },
  "var-file": { type: "string", multiple: true },
  "subscription-id": { type: "string" },
  "resource-group": { type: "string" },
  location: { type: "string" },
  "deployment-name": { type: "string" },
  "report-unknown": { type: "boolean" },
  policy: { type: "string", multiple: true },
  "policy-param": { type: "string", multiple: true },
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
} as const satisfies ParseArgsConfig["options"];

/** Long option names, for "did you mean". */
const LONG_NAMES = Object.keys(OPTIONS);

/**
 * argv → the command line, or what is wrong with it. Node's parser runs leniently (tokens, no throwing) and the
 * tokens are checked here: its own messages name no suggestion and quote unevenly, and `--fix-dry-run` takes an
 * optional `=FILE`, which its strict mode cannot express.
 */
export function parseCommandLine(argv: string[]): CommandLine | { readonly error: string } {
  const { values, positionals, tokens } = util.parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options: OPTIONS });
  let color: boolean | undefined;
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const problem = optionProblem(t);
    if (problem) return { error: problem };
    // Later flags override earlier ones (an alias or wrapper script prepends its defaults).
    if (t.name === "color") color = true;
    else if (t.name === "no-color") color = false;
  }
  const v = values as Record<string, string | boolean | (string | boolean)[] | undefined>;
  const str = (name: keyof typeof OPTIONS) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const strs = (name: keyof typeof OPTIONS) => (Array.isArray(v[name]) ? (v[name] as string[]) : []);
  const flag = (name: keyof typeof OPTIONS) => v[name] !== undefined;
  // terraform applies -var and -var-file in the order given: where each --var stands among the --var-file options.
  const varsAfter = new Map<string, number>();
  let varFilesSeen = 0;
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    if (t.name === "var-file") varFilesSeen++;
    else if (t.name === "var" && typeof t.value === "string" && t.value.includes("=")) varsAfter.set(t.value.slice(0, t.value.indexOf("=")), varFilesSeen);
  }
  return {
    help: flag("help"),
    version: flag("version"),
    inputs: positionals.length ? positionals : ["."],
    formats: strs("format"),
    outputFile: str("output-file"),
    sarifCategory: str("sarif-category"),
    color,
    quiet: flag("quiet"),
    verbose: flag("verbose"),
    summary: flag("summary"),
    jobs: str("jobs"),
    config: str("config"),
    printConfig: str("print-config"),
    noConfigLookup: flag("no-config-lookup"),
    noPlugins: flag("no-plugins"),
    rules: strs("rule"),
    maxWarnings: str("max-warnings"),
    listRules: flag("list-rules"),
    explain: str("explain"),
    reportUnusedSuppressions: flag("report-unused-suppressions"),
    sarifIncludeSuppressed: flag("sarif-include-suppressed"),
    baseline: str("baseline"),
    baselineCreate: str("baseline-create"),
    fix: flag("fix"),
    fixDryRun: flag("fix-dry-run"),
    fixDryRunFile: str("fix-dry-run"),
    errorOnUnmatchedPattern: !flag("no-error-on-unmatched-pattern"),
    stdinFilename: str("stdin-filename"),
    parameters: strs("parameters"),
    params: strs("param"),
    vars: strs("var"),
    varFiles: strs("var-file"),
    varsAfter,
    subscriptionId: str("subscription-id"),
    resourceGroup: str("resource-group"),
    location: str("location"),
    deploymentName: str("deployment-name"),
    reportUnknown: flag("report-unknown"),
    policies: strs("policy"),
    policyParams: strs("policy-param"),
    maxFileSize: str("max-file-size"),
    maxDepth: str("max-depth"),
    evaluationBudget: str("evaluation-budget"),
  };
}

type OptionToken = { readonly name: string; readonly rawName: string; readonly value?: string; readonly inlineValue?: boolean };

/** What is wrong with one option as given, if anything: unknown, a value missing, or a value it does not take. */
function optionProblem(t: OptionToken): string | undefined {
  // The name as typed comes from the command line: quoted as given, and shown escaped by the caller.
  if (!Object.hasOwn(OPTIONS, t.name)) {
    const near = t.rawName.startsWith("--") ? closest(t.name, LONG_NAMES) : undefined;
    return `unknown option '${t.rawName}'${near ? `; did you mean '--${near}'?` : ""}`;
  }
  const spec: { readonly type: "string" | "boolean" } = OPTIONS[t.name as keyof typeof OPTIONS];
  if (spec.type === "string") {
    if (t.value === undefined) return `option '${t.rawName}' needs a value`;
    // The next argument taken as the value is another option: most likely the value was forgotten (node's rule).
    if (!t.inlineValue && t.value.length > 1 && t.value.startsWith("-")) {
      return `option '${t.rawName}' needs a value, got '${t.value}' (a value that starts with '-' is written --${t.name}=${t.value})`;
    }
    return undefined;
  }
  if (t.value === undefined) return undefined;
  if (t.name === "fix-dry-run") return t.value === "" ? "--fix-dry-run= needs a file name (or no '=': the diff goes to standard error)" : undefined;
  return `option '${t.rawName}' takes no value, got '${t.rawName}=${t.value}'`;
}

/**
 * Whether the report on a stream is coloured: the last of --color / --no-color; else FORCE_COLOR when set and not
 * empty ("0" and "false" turn colours off, any other value on, as chalk and Node read it); else NO_COLOR when set
 * and not empty (https://no-color.org) turns them off; else colours when the stream is a terminal.
 */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR) return false;
  return isTTY;
}

/** `--rule` specs. Rules not built in may come from a configured plugin: checked once configurations are loaded. */
export function ruleSpecs(cl: CommandLine): CliRuleSpec[] {
  const out: CliRuleSpec[] = [];
  for (const spec of cl.rules) {
    const m = /^\s*([^=:\s]+)\s*[=:]\s*(\w+)\s*$/.exec(spec);
    if (!m) throw new UsageError(`--rule expects ID=LEVEL, got '${spec}'`);
    const level = m[2]!.toLowerCase();
    if (!["error", "warning", "note", "off"].includes(level)) throw new UsageError(`--rule: level must be error, warning, note or off, got '${m[2]}'`);
    out.push({ rule: m[1]!, severity: level as Severity | "off" });
  }
  return out;
}

/** A report to write: a format, and the file it goes to (standard output when none). */
export interface Output {
  readonly format: string;
  readonly file?: string;
}

/** What a lint run was asked for, checked. */
export interface LintRequest {
  readonly outputs: readonly Output[];
  /** --max-warnings; -1: no limit. */
  readonly maxWarnings: number;
  /** The name of standard input in reports. */
  readonly stdinName: string;
  /** --parameters, absolute. */
  readonly parameterFiles: readonly string[];
  readonly cliParams: Map<string, Value>;
  /** --var NAME=VALUE, the values as written (later wins). */
  readonly terraformVars: Map<string, string>;
  /** --var-file, absolute, in the order given; each was a readable file when checked. */
  readonly terraformVarFiles: readonly string[];
  /** For each --var, how many --var-file files came before it. */
  readonly terraformVarsAfter: ReadonlyMap<string, number>;
  readonly deployment: DeploymentContext;
  /** --jobs; undefined: one per core. */
  readonly jobs?: number;
  /** Bytes. */
  readonly maxFileSize: number;
  readonly maxDepth: number;
  /** --evaluation-budget, the factor; undefined: the default limits. */
  readonly evaluationBudget?: number;
  /** --policy-param NAME=VALUE: values JSON when they parse, else strings (later wins). */
  readonly policyParams: ReadonlyMap<string, unknown>;
}

/**
 * The values of a lint run, checked in the order the run needs them (the first wrong one is the error). `formatters`:
 * the formats there are, by name; `cwd` resolves --parameters and --var-file.
 */
export function lintRequest(cl: CommandLine, formatters: Readonly<Record<string, unknown>>, cwd: string): LintRequest {
  const outputs = parseOutputs(cl.formats, cl.outputFile);
  for (const o of outputs) if (!Object.hasOwn(formatters, o.format)) throw new UsageError(`unknown format '${o.format}' (${Object.keys(formatters).join(", ")})`);
  let maxWarnings = -1;
  if (cl.maxWarnings !== undefined) {
    maxWarnings = Number(cl.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings expects a whole number, got '${cl.maxWarnings}'`);
  }
  if (cl.fix && cl.fixDryRun) throw new UsageError("--fix and --fix-dry-run cannot be combined");
  if (cl.baseline && cl.baselineCreate) throw new UsageError("--baseline and --baseline-create cannot be combined");
  return {
    outputs,
    maxWarnings,
    stdinName: cl.stdinFilename ?? "<stdin>",
    parameterFiles: cl.parameters.map((f) => path.resolve(cwd, f)),
    cliParams: parseParams(cl.params),
    terraformVars: parseVars(cl.vars),
    terraformVarFiles: cl.varFiles.map((f) => readableFile(path.resolve(cwd, f), f)),
    terraformVarsAfter: cl.varsAfter,
    deployment: { subscriptionId: cl.subscriptionId, resourceGroup: cl.resourceGroup, location: cl.location, deploymentName: cl.deploymentName },
    jobs: cl.jobs !== undefined ? Math.floor(positiveNumber(cl.jobs, "--jobs", 1)) : undefined,
    maxFileSize: positiveNumber(cl.maxFileSize, "--max-file-size", 64) * 1024 * 1024,
    maxDepth: atMost(positiveNumber(cl.maxDepth, "--max-depth", 1000), 1000, "--max-depth"),
    evaluationBudget: cl.evaluationBudget === undefined ? undefined : positiveNumber(cl.evaluationBudget, "--evaluation-budget", 1),
    policyParams: parsePolicyParams(cl.policyParams),
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
function parseParams(specs: readonly string[]): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const spec of specs) {
    const i = spec.indexOf("=");
    if (i <= 0) throw new UsageError(`--param expects NAME=VALUE, got '${spec}'`);
    let value: Value;
    try {
      value = JSON.parse(spec.slice(i + 1)) as Value;
    } catch {
      value = spec.slice(i + 1);
    }
    out.set(spec.slice(0, i).trim(), value);
  }
  return out;
}

/** --policy-param NAME=VALUE: as --param (JSON when it parses, else a string). */
export function parsePolicyParams(specs: readonly string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const spec of specs) {
    const i = spec.indexOf("=");
    if (i <= 0 || spec.slice(0, i).trim() === "") throw new UsageError(`--policy-param expects NAME=VALUE, got '${spec}'`);
    let value: unknown;
    try {
      value = JSON.parse(spec.slice(i + 1));
    } catch {
      value = spec.slice(i + 1);
    }
    out.set(spec.slice(0, i).trim(), value);
  }
  return out;
}

/**
 * --var NAME=VALUE, as Terraform's -var reads it: the name is what comes before the first '=', an HCL identifier
 * (letters, digits, '_' and '-', not starting with a digit or '-'); the value is the rest, kept as written (Terraform
 * reads it as HCL for a variable of a complex type, else as a string: the loader knows the type).
 */
function parseVars(specs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const spec of specs) {
    const i = spec.indexOf("=");
    if (i < 0) throw new UsageError(`--var expects NAME=VALUE, got '${spec}'`);
    const name = spec.slice(0, i);
    if (!/^[\p{ID_Start}_][\p{ID_Continue}-]*$/u.test(name)) throw new UsageError(`--var: '${name}' is not a variable name (in '${spec}')`);
    out.set(name, spec.slice(i + 1));
  }
  return out;
}

/** A --var-file: a regular file that can be read (checked before the run, so that a mistyped name fails it). */
function readableFile(abs: string, given: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
    fs.accessSync(abs, fs.constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--var-file: cannot read '${given}': ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (code ?? String(e))}`);
  }
  if (!stat.isFile()) throw new UsageError(`--var-file: '${given}' is not a file`);
  return abs;
}

function parseOutputs(formats: readonly string[], outputFile: string | undefined): Output[] {
  const outs: { format: string; file?: string }[] = formats.map((f) => {
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
