/**
 * Reading a configuration file (JSON with comments) and validating it by hand, so that every problem names
 * file:line:col: rules and their options, ignore, overrides, parameters, suppressions and plugins (imported here
 * when the PluginPolicy allows, see plugins.ts).
 */
import fs from "node:fs";
import path from "node:path";
import type { Node, ParseError } from "jsonc-parser";
import { jsonc } from "../parse/jsonc.js";
import { LineIndex, type Region } from "../parse/document.js";
import type { Rule } from "../rule.js";
import { readFd } from "../pipeline/read.js";
import { loadPlugin, refusedPluginMessage, validatePluginRules, type PluginPolicy } from "./plugins.js";

export const CONFIG_FILE_NAMES = ["batchlint.config.json", ".batchlintrc.json"] as const;
export const LEVELS = ["error", "warning", "note", "off"] as const;
export type RuleLevel = (typeof LEVELS)[number];

type AnyRule = Rule<string, unknown>;

export interface ConfigIssue {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A configuration file that cannot be used. `file` is absolute; every issue has a position in it. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(
    readonly file: string,
    issues: readonly ConfigIssue[],
  ) {
    super(issues.map((i) => `${file}:${i.line}:${i.column}: ${i.message}`).join("\n"));
    this.issues = [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

export interface RuleEntry {
  readonly severity?: RuleLevel;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface ConfigSuppression {
  /** Glob relative to the configuration file's directory. */
  readonly file: string;
  /** Resource name, label or id (case-insensitive, `*` wildcards); all resources when absent. */
  readonly resource?: string;
  /** Rule id after resolution. */
  readonly rule: string;
  readonly justification?: string;
  /** Configuration file (absolute) and position, for reports. */
  readonly source: { readonly file: string; readonly line: number; readonly column: number; readonly region: Region };
  /** The directory globs are relative to. */
  readonly base: string;
}

export interface LoadedConfig {
  /** Absolute path of the configuration file. */
  readonly file: string;
  readonly dir: string;
  readonly rules: ReadonlyMap<string, RuleEntry>;
  readonly ignore: readonly string[];
  readonly overrides: readonly { readonly files: readonly string[]; readonly rules: ReadonlyMap<string, RuleEntry> }[];
  readonly parameters: readonly { readonly files: readonly string[]; readonly parameters: readonly string[] }[];
  readonly suppressions: readonly ConfigSuppression[];
  /** Plugin specifiers as written, and the rules they contributed. */
  readonly plugins: readonly string[];
  readonly pluginRules: readonly AnyRule[];
  /** Plugin specifiers not loaded because plugins were switched off (`--no-plugins`). */
  readonly withheldPlugins: readonly string[];
  /**
   * `policies` as written (paths relative to the configuration file, or `builtin:batch`), and the rules of the
   * Azure Policy definitions they load (docs/policy.md). Policies are data, not code: any configuration may list them.
   */
  readonly policies: readonly string[];
  readonly policyRules: readonly AnyRule[];
}

// ---------------------------------------------------------------------------------------------------------
// Parsing and validation

interface Ctx {
  file: string;
  text: string;
  lines: LineIndex;
  issues: ConfigIssue[];
  /** Plugins were listed but not loaded: unknown non-built-in rule names are theirs (see PluginPolicy). */
  pluginsWithheld?: boolean;
}

/** A rule name that may belong to a plugin that was not loaded: not a BATCH id, not a built-in name. */
function maybePluginRule(ctx: Ctx, key: string, builtins: readonly AnyRule[]): boolean {
  return ctx.pluginsWithheld === true && !/^batch\d/i.test(key.trim()) && !findRuleIn(builtins, key);
}

function regionOf(lines: LineIndex, offset: number, length: number): Region {
  const s = lines.position(offset);
  const e = lines.position(offset + length);
  return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column, charOffset: offset, charLength: length };
}

function issue(ctx: Ctx, node: Node | number, message: string): void {
  const p = ctx.lines.position(typeof node === "number" ? node : node.offset);
  ctx.issues.push({ line: p.line, column: p.column, message });
}

function props(node: Node): [string, Node, Node][] {
  return (node.children ?? []).filter((p) => p.children?.length === 2).map((p) => [String(p.children![0]!.value), p.children![0]!, p.children![1]!]);
}

function expectType(ctx: Ctx, node: Node, type: Node["type"], what: string): boolean {
  if (node.type === type) return true;
  issue(ctx, node, `${what} must be ${type === "array" ? "an array" : type === "object" ? "an object" : `a ${type}`}, got ${node.type === "null" ? "null" : node.type}`);
  return false;
}

function stringList(ctx: Ctx, node: Node, what: string, allowSingle = false): string[] {
  if (allowSingle && node.type === "string") return [node.value as string];
  if (!expectType(ctx, node, "array", what)) return [];
  const out: string[] = [];
  for (const c of node.children ?? []) {
    if (c.type !== "string" || (c.value as string).trim() === "") issue(ctx, c, `${what}: each entry must be a non-empty string`);
    else out.push(c.value as string);
  }
  if (out.length === 0 && (node.children ?? []).length === 0) issue(ctx, node, `${what} must not be empty`);
  return out;
}

export function findRuleIn(rules: readonly AnyRule[], idOrName: string): AnyRule | undefined {
  const k = idOrName.trim().toLowerCase();
  return rules.find((r) => r.meta.id.toLowerCase() === k || r.meta.name.toLowerCase() === k);
}

function optionMatches(type: string, v: Node): boolean {
  switch (type) {
    case "string":
      return v.type === "string";
    case "number":
      return v.type === "number";
    case "boolean":
      return v.type === "boolean";
    case "string[]":
      return v.type === "array" && (v.children ?? []).every((c) => c.type === "string");
    default:
      return true;
  }
}

function nodeValue(n: Node): unknown {
  switch (n.type) {
    case "object":
      return Object.fromEntries(props(n).map(([k, , v]) => [k, nodeValue(v)]));
    case "array":
      return (n.children ?? []).map(nodeValue);
    default:
      return n.value;
  }
}

function ruleMap(ctx: Ctx, node: Node, rules: readonly AnyRule[], where: string): Map<string, RuleEntry> {
  const out = new Map<string, RuleEntry>();
  if (!expectType(ctx, node, "object", where)) return out;
  for (const [key, keyNode, v] of props(node)) {
    const rule = findRuleIn(rules, key);
    if (!rule) {
      if (maybePluginRule(ctx, key, rules)) continue;
      // A policy rule of --policy (loaded after the configuration): kept by its id, which policy rules lower-case.
      if (/^policy\//i.test(key.trim()) && (v.type === "string" || v.type === "array")) {
        const level = v.type === "string" ? v : v.children?.[0];
        if (level?.type === "string" && (LEVELS as readonly string[]).includes(level.value as string)) {
          out.set(key.trim().toLowerCase(), { severity: level.value as RuleLevel });
          continue;
        }
      }
      issue(ctx, keyNode, `${where}: unknown rule '${key}' (see batchlint --list-rules; plugin rules need their plugin in "plugins")`);
      continue;
    }
    let levelNode: Node | undefined;
    let optionsNode: Node | undefined;
    if (v.type === "string") levelNode = v;
    else if (v.type === "array") {
      const items = v.children ?? [];
      levelNode = items[0];
      optionsNode = items[1];
      if (!levelNode) issue(ctx, v, `${where}.${key}: expected [level] or [level, options]`);
      if (items.length > 2) issue(ctx, items[2]!, `${where}.${key}: expected [level] or [level, options], got ${items.length} entries`);
    } else {
      issue(ctx, v, `${where}.${key}: expected "error" | "warning" | "note" | "off" or [level, options]`);
      continue;
    }
    let severity: RuleLevel | undefined;
    if (levelNode) {
      if (levelNode.type === "string" && (LEVELS as readonly string[]).includes(levelNode.value as string)) severity = levelNode.value as RuleLevel;
      else issue(ctx, levelNode, `${where}.${key}: level must be one of error, warning, note, off; got ${JSON.stringify(nodeValue(levelNode))}`);
    }
    let options: Record<string, unknown> | undefined;
    if (optionsNode && expectType(ctx, optionsNode, "object", `${where}.${key} options`)) {
      options = {};
      const specs = rule.meta.options ?? {};
      for (const [ok, okNode, ov] of props(optionsNode)) {
        const spec = specs[ok];
        if (!spec) {
          const known = Object.keys(specs);
          issue(ctx, okNode, `${where}.${key}: rule ${rule.meta.id} has no option '${ok}'${known.length ? ` (options: ${known.join(", ")})` : " (it takes no options)"}`);
          continue;
        }
        if (!optionMatches(spec.type, ov)) {
          issue(ctx, ov, `${where}.${key}: option '${ok}' must be ${spec.type === "string[]" ? "an array of strings" : `a ${spec.type}`}`);
          continue;
        }
        options[ok] = nodeValue(ov);
      }
    }
    out.set(rule.meta.id, { severity, options });
  }
  return out;
}

const TOP_KEYS = ["$schema", "rules", "ignore", "overrides", "parameters", "suppressions", "plugins", "policies"];

/** Larger configuration files are refused: a configuration found in the linted tree is input like any other. */
export const MAX_CONFIG_SIZE = 8 * 1024 * 1024;

/**
 * Reads and validates a configuration file. `builtins` are the rules known without plugins; `plugins` says
 * whether its plugins may be imported (a file named by the caller is trusted by default).
 */
export async function loadConfigFile(file: string, builtins: readonly AnyRule[], plugins: PluginPolicy = "load"): Promise<LoadedConfig> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = readConfigText(abs);
  } catch (e) {
    throw new ConfigError(abs, [{ line: 1, column: 1, message: `cannot read configuration file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return parseConfigText(text, abs, builtins, plugins);
}

/** A regular file of at most MAX_CONFIG_SIZE bytes (a FIFO or device would block or never end). */
function readConfigText(abs: string): string {
  const fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new Error("not a regular file");
    if (st.size > MAX_CONFIG_SIZE) throw new Error(`larger than ${MAX_CONFIG_SIZE / 1048576} MiB`);
    return readFd(fd, st.size)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
  } finally {
    fs.closeSync(fd);
  }
}

export async function parseConfigText(text: string, abs: string, builtins: readonly AnyRule[], pluginPolicy: PluginPolicy = "load"): Promise<LoadedConfig> {
  const ctx: Ctx = { file: abs, text, lines: new LineIndex(text), issues: [] };
  const errors: ParseError[] = [];
  const root = jsonc().parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !root) {
    const seenAt = new Set<number>();
    for (const e of errors.slice(0, 5)) if (!seenAt.has(e.offset) && seenAt.add(e.offset)) issue(ctx, e.offset, `invalid JSON: ${jsonc().printParseErrorCode(e.error)}`);
    if (!errors.length) issue(ctx, 0, "empty configuration file");
    throw new ConfigError(abs, ctx.issues);
  }
  const dir = path.dirname(abs);
  if (!expectType(ctx, root, "object", "configuration")) throw new ConfigError(abs, ctx.issues);
  const top = new Map<string, Node>();
  for (const [k, kn, v] of props(root)) {
    if (!TOP_KEYS.includes(k)) issue(ctx, kn, `unknown property '${k}' (allowed: ${TOP_KEYS.filter((x) => x !== "$schema").join(", ")})`);
    else top.set(k, v);
  }

  // Plugins first: their rules may be configured below.
  const plugins: string[] = [];
  const pluginRules: AnyRule[] = [];
  const withheldPlugins: string[] = [];
  const pNode = top.get("plugins");
  if (pNode && expectType(ctx, pNode, "array", "plugins")) {
    for (const c of pNode.children ?? []) {
      if (c.type !== "string" || !(c.value as string).trim()) {
        issue(ctx, c, "plugins: each entry must be a module path or package name");
        continue;
      }
      const spec = c.value as string;
      plugins.push(spec);
      if (pluginPolicy !== "load") {
        ctx.pluginsWithheld = true;
        if (pluginPolicy === "skip") withheldPlugins.push(spec);
        else issue(ctx, c, refusedPluginMessage(spec));
        continue;
      }
      try {
        const loaded = await loadPlugin(spec, dir);
        for (const msg of validatePluginRules(loaded, [...builtins, ...pluginRules])) issue(ctx, c, `plugin '${spec}': ${msg}`);
        pluginRules.push(...loaded);
      } catch (e) {
        issue(ctx, c, `plugin '${spec}' could not be loaded: ${(e as Error).message.split("\n")[0]}`);
      }
    }
  }
  // Policies: data, not code (no trust needed, as `parameters`); their rules may be configured below.
  const policies: string[] = [];
  const policyRules: AnyRule[] = [];
  const polNode = top.get("policies");
  if (polNode && expectType(ctx, polNode, "array", "policies")) {
    const entries: Node[] = [];
    for (const c of polNode.children ?? []) {
      if (c.type !== "string" || !(c.value as string).trim()) issue(ctx, c, "policies: each entry must be a path (relative to the configuration file) or builtin:batch");
      else {
        policies.push(c.value as string);
        entries.push(c);
      }
    }
    if (policies.length > 0) {
      const [{ loadPolicies, PolicyLoadError }, { buildPolicyRules }] = await Promise.all([import("../policy/load.js"), import("../policy/setup.js")]);
      try {
        // Ids may collide with built-in and plugin rules, not with the policy rules of --policy: the same definition
        // loaded both ways runs once, as --policy loaded it (ConfigResolver.resolve).
        const others = [...builtins, ...pluginRules].filter((r) => !r.meta.id.startsWith("policy/"));
        policyRules.push(...buildPolicyRules(loadPolicies(policies, { cwd: dir }), others));
      } catch (e) {
        if (!(e instanceof PolicyLoadError)) throw e;
        // The entry the file came from, when it can be told (a file, or a file in a directory it names).
        const at = entries.find((n) => e.file === n.value || e.file.startsWith(`${n.value as string}/`) || e.file.startsWith(`${n.value as string}${path.sep}`)) ?? polNode;
        issue(ctx, at, `policies: ${e.message}`);
      }
    }
  }
  const known = [...builtins, ...pluginRules, ...policyRules];

  const rules = top.has("rules") ? ruleMap(ctx, top.get("rules")!, known, "rules") : new Map<string, RuleEntry>();

  const ignore = top.has("ignore") ? stringList(ctx, top.get("ignore")!, "ignore") : [];

  const overrides: LoadedConfig["overrides"][number][] = [];
  const oNode = top.get("overrides");
  if (oNode && expectType(ctx, oNode, "array", "overrides")) {
    (oNode.children ?? []).forEach((o, i) => {
      const where = `overrides[${i}]`;
      if (!expectType(ctx, o, "object", where)) return;
      let files: string[] = [];
      let r = new Map<string, RuleEntry>();
      for (const [k, kn, v] of props(o)) {
        if (k === "files") files = stringList(ctx, v, `${where}.files`, true);
        else if (k === "rules") r = ruleMap(ctx, v, known, `${where}.rules`);
        else issue(ctx, kn, `${where}: unknown property '${k}' (allowed: files, rules)`);
      }
      if (!props(o).some(([k]) => k === "files")) issue(ctx, o, `${where}: "files" is required`);
      overrides.push({ files, rules: r });
    });
  }

  const parameters: LoadedConfig["parameters"][number][] = [];
  const parNode = top.get("parameters");
  if (parNode && expectType(ctx, parNode, "array", "parameters")) {
    (parNode.children ?? []).forEach((o, i) => {
      const where = `parameters[${i}]`;
      if (!expectType(ctx, o, "object", where)) return;
      let files: string[] = [];
      let params: string[] = [];
      for (const [k, kn, v] of props(o)) {
        if (k === "files") files = stringList(ctx, v, `${where}.files`, true);
        else if (k === "parameters") {
          params = stringList(ctx, v, `${where}.parameters`, true);
          for (const [j, p] of params.entries()) {
            if (!fs.existsSync(path.resolve(dir, p))) issue(ctx, v.type === "array" ? v.children![j]! : v, `${where}.parameters: no such file '${p}' (paths are relative to the configuration file)`);
          }
        } else issue(ctx, kn, `${where}: unknown property '${k}' (allowed: files, parameters)`);
      }
      for (const req of ["files", "parameters"]) if (!props(o).some(([k]) => k === req)) issue(ctx, o, `${where}: "${req}" is required`);
      parameters.push({ files, parameters: params.map((p) => path.resolve(dir, p)) });
    });
  }

  const suppressions: ConfigSuppression[] = [];
  const sNode = top.get("suppressions");
  if (sNode && expectType(ctx, sNode, "array", "suppressions")) {
    (sNode.children ?? []).forEach((o, i) => {
      const where = `suppressions[${i}]`;
      if (!expectType(ctx, o, "object", where)) return;
      const entry: { file?: string; resource?: string; rule?: string; justification?: string } = {};
      for (const [k, kn, v] of props(o)) {
        if (!["file", "resource", "rule", "justification"].includes(k)) {
          issue(ctx, kn, `${where}: unknown property '${k}' (allowed: file, resource, rule, justification)`);
          continue;
        }
        if (v.type !== "string") {
          issue(ctx, v, `${where}.${k} must be a string`);
          continue;
        }
        if (k === "rule") {
          const r = findRuleIn(known, v.value as string);
          // A rule of a plugin that was not loaded has nothing to suppress: the entry is left out.
          if (r) entry.rule = r.meta.id;
          else if (!maybePluginRule(ctx, v.value as string, known)) issue(ctx, v, `${where}.rule: unknown rule '${v.value}'`);
        } else entry[k as "file" | "resource" | "justification"] = v.value as string;
      }
      for (const req of ["file", "rule"]) if (!props(o).some(([k]) => k === req)) issue(ctx, o, `${where}: "${req}" is required`);
      const p = ctx.lines.position(o.offset);
      if (entry.file && entry.rule) {
        suppressions.push({
          file: entry.file,
          resource: entry.resource,
          rule: entry.rule,
          justification: entry.justification?.trim() || undefined,
          source: { file: abs, line: p.line, column: p.column, region: regionOf(ctx.lines, o.offset, 1) },
          base: dir,
        });
      }
    });
  }

  if (ctx.issues.length) throw new ConfigError(abs, ctx.issues);
  return { file: abs, dir, rules, ignore, overrides, parameters, suppressions, plugins, pluginRules, withheldPlugins, policies, policyRules };
}
