/**
 * The public rule contract. One rule = one file in rules/ named by its id, exporting `defineRule({...})`.
 * Rule text lives only in `meta`; README, SARIF descriptors, --list-rules and --explain are generated from it.
 */
import type { Prop } from "./model/prop.js";
import type { Resource } from "./model/resource.js";
import type { Loc } from "./model/tree.js";
import type { Value } from "./model/value.js";

export type Severity = "error" | "warning" | "note";
export type Tag =
  | "security"
  | "identity"
  | "network"
  | "encryption"
  | "secrets"
  | "retirement"
  | "reliability"
  | "correctness"
  | "monitoring"
  | "cost"
  | "hygiene";

export interface RuleOptionSpec {
  readonly type: "string" | "number" | "boolean" | "string[]";
  readonly default: string | number | boolean | readonly string[];
  readonly description: string;
}

export interface RuleMeta<M extends string = string> {
  /** Stable code, never reused: BATCH0xx accounts, BATCH1xx pools, BATCH9xx template hygiene. */
  readonly id: string;
  /** Stable kebab-case name, accepted wherever an id is. */
  readonly name: string;
  /** Sentence case, no trailing period. */
  readonly title: string;
  readonly severity: Severity;
  readonly tags: readonly Tag[];
  /** Resource types checked (case-insensitive). Empty for document-level rules (see `checkDocument`). */
  readonly resourceTypes: readonly string[];
  /** SARIF precision; default "high". */
  readonly precision?: "very-high" | "high" | "medium" | "low";
  /** GitHub security-severity (0.1-10) for security rules. */
  readonly securitySeverity?: number;
  readonly docs: {
    readonly summary: string;
    readonly rationale: string;
    readonly remediation: string;
    /** https URLs: Microsoft docs, REST reference, Azure Policy built-ins, retirement notices. */
    readonly references: readonly string[];
  };
  /** Message templates with {{placeholders}}. */
  readonly messages: Readonly<Record<M, string>>;
  readonly options?: Readonly<Record<string, RuleOptionSpec>>;
  /** True when some reports carry a safe `fix`. */
  readonly fixable?: boolean;
  /** Document-level rules that only make sense for ARM templates (no exported form exists). */
  readonly templateOnly?: boolean;
}

/** A location with an optional message, for SARIF relatedLocations. */
export interface RelatedInput {
  readonly at: Prop | Loc;
  readonly message: string;
}

/** A safe, literal edit. The engine refuses fixes on values that came from an expression or another file. */
export type FixEdit =
  | { readonly op: "remove"; readonly at: Prop | Loc }
  | { readonly op: "replace"; readonly at: Prop | Loc; readonly value: Value }
  | { readonly op: "set"; readonly at: Prop | Loc; readonly key: string; readonly value: Value };

export interface FixInput {
  readonly description: string;
  readonly edits: readonly FixEdit[];
}

export interface ReportInput<M extends string> {
  readonly messageId: M;
  /** Where a person must edit. A Prop reports at its value (or, when missing, its closest ancestor). */
  readonly at: Prop | Loc;
  /** Report at the property name rather than the value (e.g. an unknown property). */
  readonly atKey?: boolean;
  readonly data?: Readonly<Record<string, string | number | boolean>>;
  readonly related?: readonly (Prop | Loc | RelatedInput)[];
  readonly fix?: FixInput;
  /** A lower (or different) severity for this finding; configuration overrides it. */
  readonly severity?: Severity;
}

/** What a document-level rule sees of an ARM template (raw, unevaluated, but located). */
export interface TemplateView {
  readonly file: string;
  /** The template root as written. */
  readonly root: Prop;
  readonly parameters: Prop;
  readonly outputs: Prop;
}

export interface DocumentView {
  readonly file: string;
  /** Present for ARM templates (including nested inline templates). */
  readonly template?: TemplateView;
  /** Every resource found in the document (all types, after evaluation). */
  readonly resources: readonly Resource[];
  /** Keys written more than once in one object: `kept` is the last one (the one ARM and batchlint use). */
  readonly duplicateKeys: readonly { readonly key: string; readonly ignored: Loc; readonly kept: Loc }[];
}

export interface RuleContext<M extends string = string, O = Record<string, unknown>> {
  /** Rule options, defaults merged with configuration. */
  readonly options: O;
  report(r: ReportInput<M>): void;
  /** All resources of the same document, optionally of one type (case-insensitive). */
  resources(type?: string): readonly Resource[];
  /** Helper: the known value of an enum-like Prop, for messages. */
  readonly document: DocumentView;
}

export interface Rule<M extends string = string, O = Record<string, unknown>> {
  readonly meta: RuleMeta<M>;
  /** Called once per resource whose type is in meta.resourceTypes. */
  check?(resource: Resource, ctx: RuleContext<M, O>): void;
  /** Called once per document (templates and exports alike); for cross-resource and template-hygiene rules. */
  checkDocument?(doc: DocumentView, ctx: RuleContext<M, O>): void;
}

// biome-style helper: keeps message ids type-checked.
export function defineRule<M extends string, O = Record<string, unknown>>(rule: Rule<M, O>): Rule<M, O> {
  return rule;
}

export const BATCH_ACCOUNT = "Microsoft.Batch/batchAccounts";
export const BATCH_POOL = "Microsoft.Batch/batchAccounts/pools";
export const BATCH_CERTIFICATE = "Microsoft.Batch/batchAccounts/certificates";
