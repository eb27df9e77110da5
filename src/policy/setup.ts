/**
 * The policy rules of a run, from plain data (load.ts PolicySetup): the evaluator (evaluate.ts) and the generated
 * Microsoft.Batch alias table bound to rules.ts. The main thread and every worker thread build them the same way.
 */
import type { Rule } from "../rule.js";
import { BATCH_ALIASES } from "../generated/batch-aliases.js";
import { appliesTo, evaluateConditionOn, evaluateIf, resolveEffect } from "./evaluate.js";
import type { PolicySetup } from "./load.js";
import { type PolicyEvaluator, policyRules } from "./rules.js";

/**
 * The types of the related resources the built-in definitions look for (`then.details.type`) outside Microsoft.Batch,
 * whose aliases the generated table does not hold: their aliases follow the same convention as the table's,
 * `<type>/<path under properties>` (Microsoft.Insights/diagnosticSettings/logs[*].enabled → properties.logs[*].enabled).
 */
const RELATED_TYPES = ["microsoft.insights/diagnosticsettings", "microsoft.insights/alertrules", "microsoft.network/privateendpoints", "microsoft.network/privateendpoints/privatednszonegroups"];

/**
 * Aliases of related types that break the convention: the legacy array aliases of diagnostic settings, written without
 * `[*]` but naming every member (`logs.enabled` is `properties.logs[*].enabled`), which the built-in diagnostic
 * definitions use (Batch_AuditDiagnosticLog_Audit, the Monitoring DeployIfNotExists ones), and the private endpoint
 * connection aliases (Batch_PrivateDnsZones_DeployIfNotExists).
 */
const LEGACY: Readonly<Record<string, string>> = Object.fromEntries([
  ...["logs", "metrics"].flatMap((list) =>
    ["enabled", "category", "categoryGroup", "retentionPolicy", "retentionPolicy.enabled", "retentionPolicy.days", "timeGrain"].map((p) => [
      `microsoft.insights/diagnosticsettings/${list}.${p.toLowerCase()}`,
      `properties.${list}[*].${p}`,
    ]),
  ),
  // A private endpoint's connections keep their settings under their own `properties`, which the alias leaves out.
  ...["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"].flatMap((list) =>
    ["groupIds", "groupIds[*]", "privateLinkServiceId", "requestMessage"].map((p) => [`microsoft.network/privateendpoints/${list.toLowerCase()}[*].${p.toLowerCase()}`, `properties.${list}[*].properties.${p}`]),
  ),
]);

/** The alias table, with the related types' aliases by convention (see RELATED_TYPES). */
class Aliases extends Map<string, string> {
  override get(key: string): string | undefined {
    const hit = super.get(key) ?? LEGACY[key];
    if (hit !== undefined) return hit;
    const type = RELATED_TYPES.filter((t) => key.startsWith(`${t}/`)).sort((a, b) => b.length - a.length)[0];
    if (type === undefined) return undefined;
    const rest = key.slice(type.length + 1);
    return rest && !rest.includes("/") ? `properties.${rest}` : undefined;
  }
  override has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

/**
 * The alias table, lower-cased alias → property path: built when this module is first imported (only by a run with
 * policies), constant after; no state kept between runs.
 */
const ALIASES: ReadonlyMap<string, string> = new Aliases(Object.entries(BATCH_ALIASES).map(([k, v]) => [k.toLowerCase(), v] as [string, string]));

/** The alias table, lower-cased alias → property path. */
export function batchAliases(): ReadonlyMap<string, string> {
  return ALIASES;
}

export const EVALUATOR: PolicyEvaluator = { appliesTo, evaluateIf, resolveEffect, evaluateConditionOn };

/** The rules of loaded policies (PolicyLoadError: an alias the table lacks, an id another rule has). */
export function buildPolicyRules(setup: PolicySetup, existing: readonly Rule<string, unknown>[] = []): Rule<string, unknown>[] {
  return policyRules(setup, EVALUATOR, batchAliases(), existing);
}
