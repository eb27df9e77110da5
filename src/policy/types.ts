/**
 * The shapes of the Azure Policy evaluator (evaluate.ts): a definition, the context it is evaluated in (aliases,
 * assignment parameters) and its verdict. Plain data in, a three-valued answer out: never a match from an unknown value.
 */
import type { Prop } from "../model/prop.js";
import type { Resource } from "../model/resource.js";
import type { Value } from "../model/value.js";

export interface PolicyDefinition {
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  /** "All" | "Indexed" | a resource provider mode ("Microsoft.KeyVault.Data" ...). */
  readonly mode: string;
  readonly parameters: Readonly<Record<string, { readonly type?: string; readonly defaultValue?: unknown; readonly allowedValues?: readonly unknown[] }>>;
  readonly policyRule: { readonly if: unknown; readonly then: { readonly effect: string; readonly details?: unknown } };
}

export interface PolicyContext {
  /** lower-cased alias name → property path from the resource root, `[*]` for array members ("properties.publicNetworkAccess"). */
  readonly aliases: ReadonlyMap<string, string>;
  /** Assignment parameter values (already merged with defaults by the caller, or not: fall back to defaultValue). */
  readonly parameters: ReadonlyMap<string, unknown>;
  /**
   * While an existenceCondition is evaluated over a related resource: the resource the `if` matched. `field` conditions
   * read the related resource; field() in a value reads this one ("use field() to check equivalence with values in
   * the if condition", definition-structure-policy-rule, AuditIfNotExists).
   */
  readonly subject?: Resource;
}

export type Verdict =
  /** The `if` holds: the effect applies; `at` is the value a person edits (the field that decided, else the resource root). */
  { readonly kind: "match"; readonly at: Prop } | { readonly kind: "nomatch" } | { readonly kind: "unknown"; readonly reason: string; readonly at?: Prop };

/** A field that is neither a documented field name nor an alias of the table: a configuration error naming it. */
export class PolicyAliasError extends Error {
  constructor(readonly alias: string) {
    super(`Azure Policy alias '${alias}' is not in the alias table`);
  }
}

/** A policy rule that is not well formed (an unknown operator, a condition without a field or value). */
export class PolicyRuleError extends Error {}

/**
 * One value a condition reads: `v` undefined when the field is absent (or null), an Unknown where it cannot be known
 * statically (possibly partly known: model/value.ts); `at` where it is (a missing value: its closest ancestor).
 */
export interface Val {
  readonly v: Value | undefined;
  readonly at?: Prop;
}

/** A three-valued result: undefined is unknown. `at` is the value that decided it; `reason` why it is unknown. */
export interface Tri {
  readonly t: boolean | undefined;
  readonly at?: Prop;
  readonly reason?: string;
}
