/**
 * The Azure Policy evaluator: a definition's `if` over one resource of the model (three-valued: an unknown value never
 * gives a match), its effect, and whether its mode evaluates a resource type at all. A pure module: it reads the
 * model and the ARM expression engine, and nothing reads it but the policy rules built from it.
 *
 * Source of the semantics: learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule
 * (conditions, fields, count, policy functions) and definition-structure-basics ("Mode").
 */
import type { Resource } from "../model/resource.js";
import { Unknown, isUnknown } from "../model/value.js";
import { evaluateCondition, parameterValue } from "./conditions.js";
import { evaluateValue } from "./expressions.js";
import type { PolicyContext, PolicyDefinition, Tri, Verdict } from "./types.js";

export { PolicyAliasError, PolicyRuleError, type PolicyContext, type PolicyDefinition, type Verdict } from "./types.js";

/**
 * Whether the definition's `if` holds for `resource`: "match" (the effect applies) located at the field that decided
 * (else the resource root), "nomatch", or "unknown" with the reason. Throws PolicyAliasError for an alias the table
 * does not have, PolicyRuleError for a rule that is not well formed.
 */
export function evaluateIf(def: PolicyDefinition, resource: Resource, ctx: PolicyContext): Verdict {
  return verdict(evaluateCondition(def.policyRule.if, { def, resource, ctx, scopes: [] }), resource);
}

/**
 * Any condition of the definition's language over `resource`: an `existenceCondition` over a related resource (the
 * diagnostic setting of an account, for AuditIfNotExists), with the definition's parameters.
 */
export function evaluateConditionOn(condition: unknown, def: PolicyDefinition, resource: Resource, ctx: PolicyContext): Verdict {
  return verdict(evaluateCondition(condition, { def, resource, ctx, scopes: [] }), resource);
}

function verdict(r: Tri, resource: Resource): Verdict {
  if (r.t === true) return { kind: "match", at: r.at ?? resource.root };
  if (r.t === false) return { kind: "nomatch" };
  return r.at === undefined ? { kind: "unknown", reason: r.reason ?? "not known before deployment" } : { kind: "unknown", reason: r.reason ?? "not known before deployment", at: r.at };
}

/**
 * The effect, lower-cased ("audit", "deny", "disabled", "modify", "append", "auditifnotexists", "deployifnotexists",
 * "denyaction", "manual"): as written, or from the parameter it names (the assignment's value, else its default).
 * "unknown" when it cannot be worked out (a parameter without a value): the caller reports a configuration error.
 */
export function resolveEffect(def: PolicyDefinition, ctx: PolicyContext): string {
  const notHere = () => new Unknown("an effect does not read the resource");
  const v = evaluateValue(def.policyRule.then.effect, { field: notHere, current: notHere, parameter: (name) => parameterValue(def, ctx, name) });
  return typeof v === "string" && !isUnknown(v) ? v.toLowerCase() : "unknown";
}

/**
 * Mode "All" evaluates every resource type; "Indexed" only types that support tags and location
 * (definition-structure-basics, "Resource manager modes"). Which types do is Azure's metadata, not in a template: a
 * top-level type (Namespace/type) does, except extension and management types (diagnostic settings, locks, role and
 * policy assignments, deployments); a child type (Namespace/type/child: Batch pools, certificates, applications,
 * private endpoint connections) does not, except the few known to carry both (SQL databases and elastic pools, App
 * Service slots). Resource provider modes ("Microsoft.KeyVault.Data" ...) evaluate data-plane objects: none here.
 */
export function appliesTo(def: PolicyDefinition, resource: Resource): boolean {
  const mode = def.mode.toLowerCase();
  if (mode === "all") return true;
  if (mode !== "indexed") return false;
  const type = resource.type.toLowerCase();
  const segs = type.split("/");
  if (INDEXED_CHILDREN.has(type)) return true;
  if (segs.length !== 2) return false;
  return !NOT_INDEXED.has(type) && !NOT_INDEXED.has(`${segs[0]}/*`);
}

const INDEXED_CHILDREN: ReadonlySet<string> = new Set(["microsoft.sql/servers/databases", "microsoft.sql/servers/elasticpools", "microsoft.web/sites/slots"]);
const NOT_INDEXED: ReadonlySet<string> = new Set(["microsoft.insights/diagnosticsettings", "microsoft.authorization/*", "microsoft.resources/*", "microsoft.policyinsights/*"]);
