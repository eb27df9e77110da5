/**
 * Discovery and per-file resolution: which configuration file applies to a linted file (the nearest one upward,
 * within the lookup root of the trust model in config.ts), the rules and settings its overrides and `--rule` give
 * that file, and --print-config's view of it.
 */
import fs from "node:fs";
import path from "node:path";
import type { RuleSetting } from "../engine/run.js";
import type { Rule, Severity } from "../rule.js";
import { GlobCache } from "./glob.js";
import { CONFIG_FILE_NAMES, findRuleIn, loadConfigFile, type ConfigSuppression, type LoadedConfig, type RuleEntry, type RuleLevel } from "./load.js";
import type { PluginPolicy } from "./plugins.js";

type AnyRule = Rule<string, unknown>;

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
  /** The configurations' patterns, compiled once per run. */
  private readonly globs = new GlobCache();
  private readonly cwd: string;
  /** The configuration whose plugins may load (computed on first load). */
  private trusted: { file: string | undefined } | undefined;
  /** Rules the run adds to the built-ins after configuration (--policy: policy rules), see addRules. */
  private extra: AnyRule[] = [];
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
      p = loadConfigFile(file, this.builtins, this.pluginPolicy(file));
      this.loaded.set(file, p);
    }
    return p;
  }

  async configFor(absFile: string): Promise<LoadedConfig | undefined> {
    const cfg = this.findConfigFile(path.dirname(absFile));
    return cfg ? this.load(cfg) : undefined;
  }

  private readonly sharedConfigs = new Map<string, { rules: Rule<string, unknown>[]; settings: Map<string, RuleSetting> }>();

  /** The resolved configuration for one file. Throws ConfigError when its configuration file is invalid. */
  resolve = async (absFile: string): Promise<FileConfig> => {
    const cfg = await this.configFor(absFile);
    if (cfg) await this.globs.ready();
    const rel = cfg ? toPosixRel(cfg.dir, absFile) : "";
    // Files with the same configuration file and the same overrides share one rules array and one settings map
    // (the engine resolves rules once per configuration it sees, so an audit of 10,000 files resolves them once).
    const matched = cfg ? cfg.overrides.flatMap((o, i) => (this.globs.matchAny(o.files, rel) ? [i] : [])) : [];
    const key = `${cfg?.file ?? ""}\u0000${matched.join(",")}`;
    let shared = this.sharedConfigs.get(key);
    if (!shared) {
      const base = this.builtins;
      // A policy both the configuration and --policy load runs once, as --policy loaded it.
      const policyRules = cfg ? cfg.policyRules.filter((r) => !base.some((b) => b.meta.id === r.meta.id)) : [];
      const rules = cfg ? [...base, ...cfg.pluginRules, ...policyRules] : [...base];
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
      ignored = cfg.ignore.some((g) => this.globs.matchOrParent(g, rel));
      for (const p of cfg.parameters) if (this.globs.matchAny(p.files, rel)) for (const f of p.parameters) parameterFiles.push(f);
      for (const s of cfg.suppressions) if (this.globs.match(s.file, rel)) suppressions.push(s);
    }
    return { configFile: cfg?.file, rules, settings, ignored, parameterFiles, suppressions };
  };

  /** The built-in rules and those added by addRules. */
  get builtins(): readonly AnyRule[] {
    return this.extra.length ? [...this.opts.builtins, ...this.extra] : this.opts.builtins;
  }

  /**
   * Rules every file gets besides the built-ins (the policy rules of --policy), added before the run: files
   * resolved from now on have them (configurations loaded before validated their `rules` without them, see
   * load.ts ruleMap: `policy/...` keys are kept).
   */
  addRules(rules: readonly AnyRule[]): void {
    if (rules.length === 0) return;
    this.extra = [...this.extra, ...rules];
    this.sharedConfigs.clear();
  }

  /** Every rule loaded so far (built-ins first, then plugin and policy rules in load order), for SARIF and catalogues. */
  async allRules(): Promise<AnyRule[]> {
    const out = [...this.builtins];
    for (const p of this.loaded.values()) {
      try {
        const c = await p;
        for (const r of [...c.pluginRules, ...c.policyRules]) if (!out.some((x) => x.meta.id === r.meta.id)) out.push(r);
      } catch {
        // reported where it was loaded
      }
    }
    return out;
  }

  /** `--rule` specs that matched no rule in any configuration used. */
  unmatchedCliRules(): string[] {
    return (this.opts.cliRules ?? []).filter((s) => !this.matchedCli.has(s.rule) && !findRuleIn(this.builtins, s.rule)).map((s) => s.rule);
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
