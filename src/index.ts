/**
 * The package's public API: `import { defineRule, lintPaths } from "batchlint"`.
 * Plugins (see README, "Custom rules") use `defineRule` and the types below, exactly as the built-in rules do.
 */
export { defineRule, BATCH_ACCOUNT, BATCH_POOL, BATCH_CERTIFICATE } from "./rule.js";
export type {
  Rule,
  RuleMeta,
  RuleContext,
  RuleOptionSpec,
  ReportInput,
  RelatedInput,
  FixEdit,
  FixInput,
  Severity,
  Tag,
  DocumentView,
  TemplateView,
} from "./rule.js";
export type { Prop, PropState } from "./model/prop.js";
export type { Resource } from "./model/resource.js";
export type { Loc } from "./model/tree.js";
export type { Value } from "./model/value.js";
export type { Finding, Fix, TextEdit, Suppression, FileError, Note, LintResult } from "./engine/findings.js";
export type { RuleSetting, EngineConfig } from "./engine/run.js";
export { lintPaths, lintText, type LintOptions } from "./pipeline/run.js";
export { ConfigResolver, ConfigError, loadConfigFile, type FileConfig, type LoadedConfig, type ConfigSuppression } from "./config/config.js";
export { SUPPRESSION_RULES } from "./post/suppress.js";
export { rules as builtinRules } from "../rules/index.js";
