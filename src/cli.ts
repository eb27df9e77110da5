#!/usr/bin/env node
/** batchlint command line: arguments → pipeline → formatters → exit code (0 clean, 1 findings, 2 input or usage error). */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { LintResult } from "./findings.js";
import type { Severity } from "./rule.js";
import type { RuleSetting } from "./engine.js";

const HELP = `Usage: batchlint [options] [file|dir|glob|-]...

Lints Azure Batch accounts and pools in ARM templates (JSON with comments), Bicep compiled to ARM JSON,
and exported accounts (az batch account show|list, REST GET/List bodies, Resource Graph results).
Directories are searched recursively for *.json and *.jsonc; '-' reads standard input.

Output:
  -f, --format NAME[:FILE]   stylish (default), json, sarif; repeatable, e.g. -f stylish -f sarif:out.sarif
  -o, --output-file FILE     write the (first) report to FILE instead of standard output
      --sarif-category NAME  set SARIF runs[0].automationDetails.id to NAME/
      --color, --no-color    force or disable colours (NO_COLOR is respected)
      --quiet                report errors only
      --verbose              also print skipped files and other notes

Rules:
      --rule ID=LEVEL        LEVEL is error, warning, note or off; ID is a code or name (repeatable)
      --max-warnings N       exit 1 when there are more than N warnings
      --list-rules           print the rule catalogue
      --explain RULE         print a rule's documentation

Input:
      --stdin-filename NAME  name used for standard input in reports (default <stdin>)

Other:
  -v, --version              print the version
  -h, --help                 print this help

Exit codes: 0 no error-level finding (and warnings within --max-warnings), 1 findings, 2 a file could
not be read or parsed, or the command line is wrong. Files that fail do not stop the others.
`;

class UsageError extends Error {}

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

function parseRuleSettings(specs: string[], find: (id: string) => string | undefined): Map<string, RuleSetting> {
  const map = new Map<string, RuleSetting>();
  for (const spec of specs) {
    const m = /^\s*([^=:\s]+)\s*[=:]\s*(\w+)\s*$/.exec(spec);
    if (!m) throw new UsageError(`--rule expects ID=LEVEL, got '${spec}'`);
    const id = find(m[1]!);
    if (!id) throw new UsageError(`--rule: unknown rule '${m[1]}' (see --list-rules)`);
    const level = m[2]!.toLowerCase();
    if (!["error", "warning", "note", "off"].includes(level)) throw new UsageError(`--rule: level must be error, warning, note or off, got '${m[2]}'`);
    map.set(id, { ...map.get(id), severity: level as Severity | "off" });
  }
  return map;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const { decode } = await import("./parse/document.js");
  return decode(Buffer.concat(chunks), "<stdin>");
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
        quiet: { type: "boolean" },
        verbose: { type: "boolean" },
        rule: { type: "string", multiple: true },
        "max-warnings": { type: "string" },
        "list-rules": { type: "boolean" },
        explain: { type: "string" },
        "stdin-filename": { type: "string" },
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
    const { VERSION } = await import("./version.js");
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { rules } = await import("../rules/index.js");
  const catalog = await import("./catalog.js");
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
    const { FORMATTERS } = await import("./formatters/index.js");
    for (const o of outputs) if (!FORMATTERS[o.format]) throw new UsageError(`unknown format '${o.format}' (stylish, json, sarif)`);
    let maxWarnings = -1;
    if (values["max-warnings"] !== undefined) {
      maxWarnings = Number(values["max-warnings"]);
      if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings expects a whole number, got '${values["max-warnings"]}'`);
    }
    const settings = parseRuleSettings(values.rule ?? [], (id) => catalog.findRule(rules, id)?.meta.id);
    const cwd = process.cwd();
    const { lintPaths } = await import("./lint.js");
    const inputs = positionals.length ? positionals : ["."];
    const stdinName = values["stdin-filename"] ?? "<stdin>";
    let result: LintResult = await lintPaths(inputs, { rules, settings, cwd, base: cwd, stdinName }, readStdin);
    if (values.quiet) result = { ...result, findings: result.findings.filter((f) => f.severity === "error") };

    const color = values["no-color"] ? false : values.color ? true : !process.env.NO_COLOR && process.stdout.isTTY === true;
    for (const o of outputs) {
      const fmt = await FORMATTERS[o.format]!();
      const text = fmt(result, {
        rules,
        base: cwd,
        color: o.file ? false : color,
        sarifCategory: values["sarif-category"],
        verbose: values.verbose,
      });
      if (o.file) {
        fs.mkdirSync(path.dirname(path.resolve(o.file)), { recursive: true });
        fs.writeFileSync(o.file, text);
      } else process.stdout.write(text);
    }
    const active = result.findings.filter((f) => !f.suppression && f.baselineState !== "unchanged");
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
      process.stderr.write(`batchlint: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`batchlint: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`batchlint: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  },
);
