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
 *
 * This module is what the rest of batchlint imports; the work is in load.ts (reading and validating one file),
 * plugins.ts (importing and checking plugin rules) and resolve.ts (which configuration applies to each linted
 * file, and the lookup root; ConfigResolver.pluginPolicy decides which configurations are trusted).
 */
export {
  CONFIG_FILE_NAMES,
  LEVELS,
  MAX_CONFIG_SIZE,
  ConfigError,
  findRuleIn,
  loadConfigFile,
  parseConfigText,
  type RuleLevel,
  type ConfigIssue,
  type RuleEntry,
  type ConfigSuppression,
  type LoadedConfig,
} from "./load.js";
export { loadPlugin, validatePluginRules, type PluginPolicy } from "./plugins.js";
export { ConfigResolver, printableConfig, toPosixRel, type FileConfig, type ConfigResolverFn, type CliRuleSpec, type ResolverOptions } from "./resolve.js";
