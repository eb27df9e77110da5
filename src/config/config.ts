/**
 * Configuration: `batchlint.config.json` / `.batchlintrc.json` (JSON with comments), found upward from each
 * linted file (the nearest one wins; no merging), or given with `-c FILE`. Validated by hand so that every
 * problem names file:line:col; the same contract is published as schema/batchlint.config.schema.json for
 * editors (test/config.test.ts checks that the two agree).
 *
 * Trust model (the input of a CI run is written by whoever opens the pull request):
 *   - lookup stops at the git work-tree root (the nearest directory holding `.git`), or at the current directory
 *     outside git; a file outside both is looked up in its own directory only. A configuration above the
 *     repository (a shared parent, /tmp) never applies;
 *   - plugins (code) load only from a trusted configuration: the one given with `-c`, or the one found from the
 *     current directory upward. A configuration found from a linted file below it may set rules, options,
 *     overrides, ignore, parameters and suppressions, but a `plugins` entry in it is a located configuration
 *     error, and the module is never imported;
 *   - `noPlugins` (--no-plugins) loads no plugin at all; `noLookup` (--no-config-lookup) uses `-c` only.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Node, ParseError } from "jsonc-parser";
import { jsonc } from "../parse/jsonc.js";
import { LineIndex, type Region } from "../parse/document.js";
import type { RuleSetting } from "../engine/run.js";
import type { Rule, Severity } from "../rule.js";
import { matchAny, matchGlobOrParent } from "./glob.js";
import { readFd } from "../pipeline/read.js";

export const CONFIG_FILE_NAMES = ["batchlint.config.json", ".batchlintrc.json"] as const;
export const LEVELS = ["error", "warning", "note", "off"] as const;
export type RuleLevel = (typeof LEVELS)[number];

type AnyRule = Rule<string, any>;

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
}

/**
 * What to do with a configuration's `plugins`: import them (a trusted configuration), leave them out because
 * plugins are switched off (`skip`), or report each as an error without importing it (`refuse`: a configuration
 * found inside the linted tree). When plugins are not loaded, settings that name a rule no built-in rule
 * answers to are taken as meant for a plugin rule and left out, instead of one "unknown rule" error each.
 */
export type PluginPolicy = "load" | "skip" | "refuse";

/** Everything the pipeline needs to lint one file. */
export interface FileConfig {
  /** Absolute path of the configuration file used, if any. */
  readonly configFile?: string;
  /** Built-in and plugin rules. */
  readonly rules: readonly AnyRule[];
  /** Per rule id: config, then matching overrides, then `--rule`. */
  readonly settings: ReadonlyMap<string, RuleSetting>;
  /** Matched by the configuration's `ignore`. */
  readonly ignored: boolean;
  /** Parameters files (absolute) for this template, from `parameters` entries whose `files` match it. */
  readonly parameterFiles: readonly string[];
  /** Config suppressions whose `file` glob matches this file. */
  readonly suppressions: readonly ConfigSuppression[];
}

export type ConfigResolverFn = (absFile: string) => Promise<FileConfig>;

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

const TOP_KEYS = ["$schema", "rules", "ignore", "overrides", "parameters", "suppressions", "plugins"];

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
    return readFd(fd, st.size).toString("utf8").replace(/^\uFEFF/, "");
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
  const known = [...builtins, ...pluginRules];

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
  return { file: abs, dir, rules, ignore, overrides, parameters, suppressions, plugins, pluginRules, withheldPlugins };
}

/** Why a plugin of a configuration found inside the linted tree is not imported, and what to do instead. */
function refusedPluginMessage(spec: string): string {
  return (
    `plugins: '${spec}' not loaded: a configuration found inside the linted tree cannot load plugins (they load only ` +
    `from -c FILE or the configuration found from the current directory upward); pass this file with -c, run ` +
    `batchlint from its directory, or use --no-plugins`
  );
}

// ---------------------------------------------------------------------------------------------------------
// Plugins

/** Resolves a package name from `dir` (ESM-only packages too) without Node's experimental resolve flag. */
function resolvePackage(spec: string, dir: string): string {
  try {
    return createRequire(path.join(dir, "__batchlint__.cjs")).resolve(spec);
  } catch (requireError) {
    // ESM-only package ("exports" with only an "import" condition): read its package.json ourselves.
    const parts = spec.split("/");
    const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
    const sub = parts.slice(spec.startsWith("@") ? 2 : 1).join("/");
    for (let d = dir; ; d = path.dirname(d)) {
      const pkgDir = path.join(d, "node_modules", name);
      const pkgJson = path.join(pkgDir, "package.json");
      if (fs.existsSync(pkgJson)) {
        const pkg = JSON.parse(fs.readFileSync(pkgJson, "utf8")) as { exports?: unknown; module?: string; main?: string };
        const key = sub ? `./${sub}` : ".";
        let target: unknown = typeof pkg.exports === "string" && key === "." ? pkg.exports : (pkg.exports as Record<string, unknown> | undefined)?.[key];
        while (target && typeof target === "object") {
          const t = target as Record<string, unknown>;
          target = t.import ?? t.node ?? t.default;
        }
        const rel = typeof target === "string" ? target : sub || pkg.module || pkg.main || "index.js";
        return path.join(pkgDir, rel);
      }
      if (path.dirname(d) === d) break;
    }
    throw requireError;
  }
}

export async function loadPlugin(spec: string, dir: string): Promise<AnyRule[]> {
  const isPath = spec.startsWith(".") || path.isAbsolute(spec);
  const target = isPath ? path.resolve(dir, spec) : resolvePackage(spec, dir);
  if (isPath && !fs.existsSync(target)) throw new Error(`no such file ${target}`);
  const mod = (await import(pathToFileURL(target).href)) as { rules?: unknown; default?: { rules?: unknown } };
  const rules = mod.rules ?? mod.default?.rules;
  if (!Array.isArray(rules)) throw new Error("a plugin must export `rules`: an array of rules made with defineRule (see README, Custom rules)");
  return rules as AnyRule[];
}

const ID_RE = /^[A-Z][A-Z0-9_-]*[0-9]+$/i;
const NAME_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Problems with plugin rules: same contract as built-ins, ids outside the BATCH namespace, no collisions. */
export function validatePluginRules(rules: readonly AnyRule[], existing: readonly AnyRule[]): string[] {
  const problems: string[] = [];
  const seen = [...existing];
  rules.forEach((r, i) => {
    const m = (r as { meta?: AnyRule["meta"] })?.meta;
    const label = m?.id ? `rule ${m.id}` : `rules[${i}]`;
    if (!m || typeof m !== "object") {
      problems.push(`${label}: missing meta`);
      return;
    }
    if (typeof m.id !== "string" || !ID_RE.test(m.id) || m.id.includes("/")) problems.push(`${label}: id must look like ACME001 (letters then digits, no '/')`);
    else if (/^BATCH/i.test(m.id)) problems.push(`${label}: the BATCH prefix is reserved for built-in rules; use your own prefix, e.g. ACME001`);
    if (typeof m.name !== "string" || !NAME_RE.test(m.name)) problems.push(`${label}: name must be kebab-case`);
    const clash = seen.find((s) => s.meta.id.toLowerCase() === String(m.id).toLowerCase() || s.meta.name.toLowerCase() === String(m.name).toLowerCase() || s.meta.name.toLowerCase() === String(m.id).toLowerCase());
    if (clash) problems.push(`${label}: id or name collides with ${clash.meta.id} (${clash.meta.name})`);
    if (typeof m.title !== "string" || !m.title.trim()) problems.push(`${label}: meta.title is required`);
    if (!["error", "warning", "note"].includes(m.severity as string)) problems.push(`${label}: meta.severity must be error, warning or note`);
    if (!Array.isArray(m.tags)) problems.push(`${label}: meta.tags must be an array`);
    if (!Array.isArray(m.resourceTypes)) problems.push(`${label}: meta.resourceTypes must be an array`);
    if (!m.docs || typeof m.docs.summary !== "string" || typeof m.docs.rationale !== "string" || typeof m.docs.remediation !== "string" || !Array.isArray(m.docs.references))
      problems.push(`${label}: meta.docs needs summary, rationale, remediation and references`);
    if (!m.messages || typeof m.messages !== "object" || Object.keys(m.messages).length === 0) problems.push(`${label}: meta.messages must name at least one message`);
    if (typeof r.check !== "function" && typeof r.checkDocument !== "function") problems.push(`${label}: needs check() or checkDocument()`);
    else if (Array.isArray(m.resourceTypes) && m.resourceTypes.length > 0 && typeof r.check !== "function") problems.push(`${label}: meta.resourceTypes is set but check() is missing`);
    seen.push(r);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Discovery and per-file resolution

export function toPosixRel(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join("/");
}

export interface CliRuleSpec {
  /** Id or name as typed. */
  readonly rule: string;
  readonly severity: RuleLevel;
}

export interface ResolverOptions {
  /** Built-in rules (plus built-in pseudo-rules). */
  readonly builtins: readonly AnyRule[];
  /** `--rule` settings, applied last. */
  readonly cliRules?: readonly CliRuleSpec[];
  /** `-c FILE`: use this configuration for every file, no lookup. Trusted: its plugins load. */
  readonly configFile?: string;
  /** Do not look for configuration files: only `configFile`, if any (--no-config-lookup; library use, tests). */
  readonly noLookup?: boolean;
  /** Load no plugin from any configuration, `-c` included (--no-plugins): see LoadedConfig.withheldPlugins. */
  readonly noPlugins?: boolean;
  /**
   * The directory the run starts from (default: process.cwd()). The configuration found from it upward is the
   * trusted one whose plugins load; outside a git work tree, lookup stops here.
   */
  readonly cwd?: string;
}

export class ConfigResolver {
  private readonly dirCache = new Map<string, string | undefined>();
  private readonly gitRoots = new Map<string, string | null>();
  private readonly loaded = new Map<string, Promise<LoadedConfig>>();
  private readonly matchedCli = new Set<string>();
  private readonly cwd: string;
  /** The configuration whose plugins may load (computed on first load). */
  private trusted: { file: string | undefined } | undefined;
  constructor(readonly opts: ResolverOptions) {
    this.cwd = path.resolve(opts.cwd ?? process.cwd());
  }

  /** The configuration file that applies to a file in `dir` (nearest upward, within the lookup root), cached per directory. */
  findConfigFile(dir: string): string | undefined {
    if (this.opts.configFile) return path.resolve(this.cwd, this.opts.configFile);
    if (this.opts.noLookup) return undefined;
    const start = path.resolve(dir);
    const cached = this.dirCache.get(start);
    if (cached !== undefined || this.dirCache.has(start)) return cached;
    const stop = this.lookupRoot(start);
    // Every directory walked has the same lookup root as `start` (no `.git` between them), so each caches the answer.
    const visited: string[] = [];
    let found: string | undefined;
    for (let d = start; ; d = path.dirname(d)) {
      if (d !== start && this.dirCache.has(d)) {
        found = this.dirCache.get(d);
        break;
      }
      visited.push(d);
      const hit = CONFIG_FILE_NAMES.map((n) => path.join(d, n)).find((f) => isFile(f));
      if (hit) {
        found = hit;
        break;
      }
      if (d === stop || path.dirname(d) === d) break;
    }
    for (const d of visited) this.dirCache.set(d, found);
    return found;
  }

  /**
   * The last directory lookup from `dir` reads: its git work-tree root; outside git, the current directory when
   * `dir` is inside it, else `dir` itself (a configuration in a shared parent, such as /tmp, never applies).
   */
  private lookupRoot(dir: string): string {
    const git = this.gitRoot(dir);
    if (git !== null) return git;
    const rel = path.relative(this.cwd, dir);
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel)) ? this.cwd : dir;
  }

  /** The nearest directory at or above `dir` holding `.git` (a directory, or a file for worktrees and submodules). */
  private gitRoot(dir: string): string | null {
    let root = this.gitRoots.get(dir);
    if (root !== undefined) return root;
    const parent = path.dirname(dir);
    root = fs.existsSync(path.join(dir, ".git")) ? dir : parent === dir ? null : this.gitRoot(parent);
    this.gitRoots.set(dir, root);
    return root;
  }

  /** Whether a configuration file may load plugins: `-c FILE`, or the one found from the current directory. */
  pluginPolicy(file: string): PluginPolicy {
    if (this.opts.noPlugins) return "skip";
    this.trusted ??= { file: this.findConfigFile(this.cwd) };
    return file === this.trusted.file ? "load" : "refuse";
  }

  load(file: string): Promise<LoadedConfig> {
    let p = this.loaded.get(file);
    if (!p) {
      p = loadConfigFile(file, this.opts.builtins, this.pluginPolicy(file));
      this.loaded.set(file, p);
    }
    return p;
  }

  async configFor(absFile: string): Promise<LoadedConfig | undefined> {
    const cfg = this.findConfigFile(path.dirname(absFile));
    return cfg ? this.load(cfg) : undefined;
  }

  private readonly sharedConfigs = new Map<string, { rules: Rule<string, any>[]; settings: Map<string, RuleSetting> }>();

  /** The resolved configuration for one file. Throws ConfigError when its configuration file is invalid. */
  resolve = async (absFile: string): Promise<FileConfig> => {
    const cfg = await this.configFor(absFile);
    const rel = cfg ? toPosixRel(cfg.dir, absFile) : "";
    // Files with the same configuration file and the same overrides share one rules array and one settings map
    // (the engine resolves rules once per configuration it sees, so an audit of 10,000 files resolves them once).
    const matched = cfg ? cfg.overrides.flatMap((o, i) => (matchAny(o.files, rel) ? [i] : [])) : [];
    const key = `${cfg?.file ?? ""}\u0000${matched.join(",")}`;
    let shared = this.sharedConfigs.get(key);
    if (!shared) {
      const rules = cfg ? [...this.opts.builtins, ...cfg.pluginRules] : [...this.opts.builtins];
      const settings = new Map<string, RuleSetting>();
      const apply = (m: ReadonlyMap<string, RuleEntry>) => {
        for (const [id, e] of m) {
          const prev = settings.get(id);
          settings.set(id, { severity: e.severity ?? prev?.severity, options: e.options ? { ...prev?.options, ...e.options } : prev?.options });
        }
      };
      if (cfg) {
        apply(cfg.rules);
        for (const i of matched) apply(cfg.overrides[i]!.rules);
      }
      for (const spec of this.opts.cliRules ?? []) {
        const r = findRuleIn(rules, spec.rule);
        if (!r) continue;
        this.matchedCli.add(spec.rule);
        const prev = settings.get(r.meta.id);
        settings.set(r.meta.id, { ...prev, severity: spec.severity });
      }
      this.sharedConfigs.set(key, (shared = { rules, settings }));
    }
    const { rules, settings } = shared;
    let ignored = false;
    const parameterFiles: string[] = [];
    const suppressions: ConfigSuppression[] = [];
    if (cfg) {
      ignored = cfg.ignore.some((g) => matchGlobOrParent(g, rel));
      for (const p of cfg.parameters) if (matchAny(p.files, rel)) for (const f of p.parameters) parameterFiles.push(f);
      for (const s of cfg.suppressions) if (matchAny([s.file], rel)) suppressions.push(s);
    }
    return { configFile: cfg?.file, rules, settings, ignored, parameterFiles, suppressions };
  };

  /** Every rule loaded so far (built-ins first, then plugin rules in load order), for SARIF and catalogues. */
  async allRules(): Promise<AnyRule[]> {
    const out = [...this.opts.builtins];
    for (const p of this.loaded.values()) {
      try {
        for (const r of (await p).pluginRules) if (!out.some((x) => x.meta.id === r.meta.id)) out.push(r);
      } catch {
        // reported where it was loaded
      }
    }
    return out;
  }

  /** `--rule` specs that matched no rule in any configuration used. */
  unmatchedCliRules(): string[] {
    return (this.opts.cliRules ?? []).filter((s) => !this.matchedCli.has(s.rule) && !findRuleIn(this.opts.builtins, s.rule)).map((s) => s.rule);
  }

  /** Configurations loaded whose plugins were left out by `noPlugins`, with those plugins, by file name. */
  async withheldPlugins(): Promise<{ file: string; plugins: readonly string[] }[]> {
    const out: { file: string; plugins: readonly string[] }[] = [];
    for (const p of this.loaded.values()) {
      try {
        const c = await p;
        if (c.withheldPlugins.length) out.push({ file: c.file, plugins: c.withheldPlugins });
      } catch {
        // reported where it was loaded
      }
    }
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  /** Config suppressions of every configuration loaded (for --report-unused-suppressions). */
  async allSuppressions(): Promise<ConfigSuppression[]> {
    const out: ConfigSuppression[] = [];
    for (const p of this.loaded.values()) {
      try {
        for (const s of (await p).suppressions) out.push(s); // not push(...): a configuration may list very many
      } catch {
        // reported elsewhere
      }
    }
    return out;
  }
}

function isFile(f: string): boolean {
  try {
    return fs.statSync(f).isFile();
  } catch {
    return false;
  }
}

/** Plain-data view of a file's configuration, for --print-config. */
export function printableConfig(fc: FileConfig, file: string, severityOf: (r: AnyRule) => Severity, cwd = process.cwd()): Record<string, unknown> {
  const show = (abs: string) => {
    const rel = path.relative(cwd, abs);
    return rel.startsWith("..") || path.isAbsolute(rel) ? abs.split(path.sep).join("/") : rel.split(path.sep).join("/");
  };
  const rules: Record<string, unknown> = {};
  for (const r of fc.rules) {
    const s = fc.settings.get(r.meta.id);
    const defaults = Object.fromEntries(Object.entries(r.meta.options ?? {}).map(([k, o]) => [k, o.default]));
    const options = { ...defaults, ...s?.options };
    rules[r.meta.id] = Object.keys(options).length ? [s?.severity ?? severityOf(r), options] : (s?.severity ?? severityOf(r));
  }
  return {
    file,
    configFile: fc.configFile ? show(fc.configFile) : null,
    ignored: fc.ignored,
    rules,
    parameterFiles: fc.parameterFiles.map(show),
    suppressions: fc.suppressions.map((s) => ({ file: s.file, resource: s.resource, rule: s.rule, justification: s.justification, source: `${show(s.source.file)}:${s.source.line}:${s.source.column}` })),
  };
}
