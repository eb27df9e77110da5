/**
 * The public rule contract and rule kit. One rule = one file in rules/ named by its id, exporting `defineRule({...})`.
 * Rule text lives only in `meta`; README, SARIF descriptors, --list-rules and --explain are generated from it.
 *
 * This is the only module a rule imports (test/meta.test.ts enforces it for rules/), and the package entry
 * (`import ... from "batchlint"`) exports all of it: a plugin rule can do whatever a built-in rule does. The helpers
 * at the end ("Rule kit") wrap engine internals behind signatures that stay put when the engine changes.
 */
import type { Prop } from "./model/prop.js";
import type { Resource } from "./model/resource.js";
import type { Loc } from "./model/tree.js";
import type { Value } from "./model/value.js";
import { closest as closestName } from "./engine/closest.js";
import { ARM_SCHEMA_VERSIONS as SCHEMA_VERSIONS, armProperties, Schemas, type SNode } from "./engine/schema.js";
import { noSchemaFor as noSchemaClause, schemaIssues as classifiedIssues } from "./engine/schema-versions.js";
import { isExpression as isArmExpression } from "./input/arm/expression/parser.js";
import { findEmbeddedSecrets as embeddedSecrets, type EmbeddedSecret } from "./post/secrets.js";
import { splitPointer as splitJsonPointer } from "./model/value.js";

export type { Prop, PropState } from "./model/prop.js";
export type { Resource } from "./model/resource.js";
export type { Loc } from "./model/tree.js";
export type { Value } from "./model/value.js";
export type { EmbeddedSecret, EmbeddedSecretKind } from "./post/secrets.js";
/**
 * The Microsoft.Batch ARM schema as TypeScript types (generated from the newest vendored schema), for typing
 * the literal values a rule compares with: `const CMK: NonNullable<Batch.EncryptionProperties["keySource"]> = "Microsoft.KeyVault"`
 * fails to compile when the schema renames the value.
 */
export type * as Batch from "./generated/batch-types.js";

export type Severity = "error" | "warning" | "note";
export type Tag = "security" | "identity" | "network" | "encryption" | "secrets" | "retirement" | "reliability" | "correctness" | "monitoring" | "cost" | "hygiene";

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
  /**
   * The resource a document-level finding is about (`checkDocument`), so that it is named, counted against its
   * account and marked conditional like a check's; a check's findings are about the resource it checks.
   */
  readonly resource?: Resource;
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
  /** Present for templates: ARM (including nested inline templates) and Bicep (in the ARM shape: parameters, outputs). */
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
  /**
   * Tells something that is not a finding (what the rule could not check, and why): a note of the result
   * (LintResult.notes), which the terminal report prints with --verbose. The rule's id is put before the message
   * ("BATCH904 did not check ..."); `at` places it (by default, the note names the file only).
   */
  note(message: string, at?: Prop | Loc): void;
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

// ---------------------------------------------------------------------------------------------------------
// Rule kit: the helpers built-in rules use, for plugin rules too. Each is a constant of a declared function type
// (no wrapper call on hot paths); the signature is the contract, whatever implements it.

/**
 * The Microsoft.Batch ARM schema versions batchlint ships (the folders of its schema/arm), oldest first: a template
 * is checked against the one equal to its apiVersion. Empty only in an installation that lacks its schemas.
 */
export const ARM_SCHEMA_VERSIONS: readonly string[] = SCHEMA_VERSIONS;

/**
 * A place where a Batch account or pool does not match the Microsoft.Batch schema: a property the schema does not
 * define (`kind: "unknown-property"`, `name` is the property name, `prop` the value, report with `atKey: true`), or
 * an enum-valued property holding a value the schema does not list (`kind: "invalid-enum"`, `name` is the value,
 * `allowed` the values it lists). Names and values compare case-insensitively, as ARM does.
 */
export interface SchemaIssue {
  readonly kind: "unknown-property" | "invalid-enum";
  readonly prop: Prop;
  readonly name: string;
  readonly allowed?: readonly string[];
  /** Identifies the issue's place and kind, stable across schema versions. */
  readonly key: string;
  /** The schema the resource was checked against: one of ARM_SCHEMA_VERSIONS, or "export". */
  readonly checkedAgainst: string;
  /**
   * The oldest shipped schema that accepts the property or value, when it is newer than the resource's apiVersion and
   * no older shipped schema accepts it: the apiVersion is too old rather than the name wrong.
   */
  readonly acceptedFrom?: string;
}

/**
 * The schema issues of a Batch account or pool (empty for any other resource type), in document order. Templates
 * are checked against the shipped schema of their own apiVersion, exported resources against every shipped schema
 * plus the REST API's read-only properties. A template whose apiVersion has no shipped schema (see noSchemaFor)
 * gets only issues with `acceptedFrom`, when its apiVersion lies between two shipped ones. Computed once per
 * resource and shared by every rule that asks: do not modify.
 */
export const schemaIssues: (resource: Resource) => readonly SchemaIssue[] = classifiedIssues;

/**
 * Why a Batch account or pool is not checked against a schema of its own, as a clause for a note ("no
 * Microsoft.Batch schema for apiVersion 2020-03-01 is shipped with batchlint (shipped: ...)"): its apiVersion is
 * older or newer than those shipped, a preview, or unknown. Undefined when it is checked (or is no Batch resource).
 */
export const noSchemaFor: (resource: Resource) => string | undefined = noSchemaClause;

/**
 * The property names the Microsoft.Batch schema defines in the object at `path` of a Batch account or pool, in
 * schema order: for a "did you mean" among the siblings of an unknown property. `path` is a Prop path under
 * `properties` ("properties", "properties.networkProfile", "properties.mountConfiguration[0]"); `schemaVersion` one
 * of ARM_SCHEMA_VERSIONS or "export" (the newest). Empty outside `properties`, where the path leaves the schema, or
 * for other resource types. Given the resource, the schemas its run has read are used; given only its type, they
 * are read for this call.
 */
export function schemaPropertyNames(resource: Resource | string, schemaVersion: string, path: string): string[] {
  const type = (typeof resource === "string" ? resource : resource.type).toLowerCase();
  const kind = type === BATCH_POOL.toLowerCase() ? "pool" : type === BATCH_ACCOUNT.toLowerCase() ? "account" : undefined;
  if (!kind || !path.toLowerCase().startsWith("properties")) return [];
  const schemas = typeof resource === "string" ? new Schemas() : resource;
  let node: SNode | undefined = armProperties(schemaVersion === "export" ? SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]! : schemaVersion, kind, schemas);
  for (const seg of path.split(".").slice(1)) {
    const name = seg.replace(/\[\d+\]$/, "");
    node = node?.props?.get(name.toLowerCase())?.node;
    if (node && /\[\d+\]$/.test(seg)) node = node.items;
  }
  return [...(node?.props?.values() ?? [])].map((p) => p.name);
}

/**
 * The candidate nearest to `value` by edit distance (case-insensitive) when it is near enough to be a typo of it
 * (at most 2 edits, or a third of the value's length), else undefined: for "did you mean '...'?" messages.
 */
export const closest: (value: string, candidates: readonly string[]) => string | undefined = closestName;

/**
 * True for a string ARM evaluates as an expression (`"[parameters('x')]"`); false for plain text and for `"[[..."`,
 * ARM's escape for a literal that starts with `[`. Resource values are evaluated before rules see them, but property
 * names, and a template's raw values (`ctx.document.template`), are as written.
 */
export const isExpression: (s: string) => boolean = isArmExpression;

/**
 * The SAS signatures (`sig=`), connection-string keys (`AccountKey=`, `SharedAccessKey=`) and bare storage account
 * keys written in free text (a command line, a URL, an environment value), in order and without overlaps. Only
 * values that look like key material count: placeholders (`sig=$SIG`, `AccountKey=<key>`) and the published storage
 * emulator key do not. Whatever a rule quotes is redacted in the output anyway.
 */
export const findEmbeddedSecrets: (text: string) => EmbeddedSecret[] = embeddedSecrets;

/** The tokens of a Loc's RFC 6901 JSON pointer (`"/resources/0/properties"` -> `["resources", "0", "properties"]`), unescaped (`~1` is `/`, `~0` is `~`). */
export const splitPointer: (pointer: string) => string[] = splitJsonPointer;

/**
 * A resource as a message names it: `pool 'gpu'`, or, when its name is not known before deployment (an expression
 * of unknown values) or not written, `the pool whose name is not known here` (`start` capitalises it for the start
 * of a sentence). Never the resource's type standing in for a name. It reads no property, so it adds no "could not
 * decide" note under --report-unknown.
 */
export function named(noun: string, resource: Resource, start = false): string {
  if (resource.name !== undefined) return `${noun} '${resource.name}'`;
  return `${start ? "The" : "the"} ${noun} whose name is not known here`;
}
