/**
 * The package's public API: `import { defineRule, lintPaths } from "batchlint"`.
 * Plugins (see README, "Custom rules") use `defineRule`, the types and the rule kit of src/rule.ts, exactly as the
 * built-in rules do (they import nothing else).
 */
// Everything a rule can use: defineRule, the rule contract's types, Prop, Resource, Loc, Value, the Batch schema
// types and the rule kit (schema issues, name suggestions, expressions, embedded secrets, pointers).
export * from "./rule.js";
export type { Finding, Fix, TextEdit, Suppression, FileError, Note, LintResult } from "./engine/findings.js";
export type { RuleSetting, EngineConfig } from "./engine/run.js";
export { lintPaths, lintText, type LintOptions } from "./pipeline/run.js";
export { ConfigResolver, ConfigError, loadConfigFile, type FileConfig, type LoadedConfig, type ConfigSuppression } from "./config/config.js";
export { SUPPRESSION_RULES } from "./post/suppress.js";
export { rules as builtinRules } from "../rules/index.js";
