/** Audit summary: counts per rule, severity, subscription and resource group, and accounts that pass every rule. */
import type { Finding, LintResult } from "./findings.js";
import type { Severity } from "./rule.js";

export interface Summary {
  files: number;
  resources: number;
  accounts: { total: number; passing: number; failing: number };
  bySeverity: Record<Severity, number>;
  byRule: { ruleId: string; ruleName: string; count: number }[];
  bySubscription: { subscription: string; count: number; resourceGroups: { resourceGroup: string; count: number }[] }[];
  failingAccounts: string[];
}

/** Subscription and resource group of an Azure resource id. */
export function parseResourceId(id: string | undefined): { subscription?: string; resourceGroup?: string } {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?/i.exec(id ?? "");
  return m ? { subscription: m[1], resourceGroup: m[2] } : {};
}

/** The account a finding belongs to: its id, else file and label (pools count toward their account). */
export function accountKey(f: { file: string; resource: { id?: string; label: string; type: string } }): string {
  if (f.resource.id) return f.resource.id.replace(/\/pools\/[^/]+$/i, "").toLowerCase();
  const label = /\/pools$/i.test(f.resource.type) ? f.resource.label.split("/")[0]! : f.resource.label;
  return `${f.file}|${label}`.toLowerCase();
}

export function summarize(result: LintResult): Summary {
  const active = result.findings.filter((f: Finding) => !f.suppression && f.baselineState !== "unchanged");
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const rules = new Map<string, { ruleId: string; ruleName: string; count: number }>();
  const subs = new Map<string, Map<string, number>>();
  for (const f of active) {
    bySeverity[f.severity]++;
    const r = rules.get(f.ruleId) ?? rules.set(f.ruleId, { ruleId: f.ruleId, ruleName: f.ruleName, count: 0 }).get(f.ruleId)!;
    r.count++;
    const { subscription = "(no subscription)", resourceGroup = "(no resource group)" } = parseResourceId(f.resource.id);
    const rg = subs.get(subscription) ?? subs.set(subscription, new Map()).get(subscription)!;
    rg.set(resourceGroup, (rg.get(resourceGroup) ?? 0) + 1);
  }
  const accounts = (result.checkedResources ?? []).filter((r) => /^microsoft\.batch\/batchaccounts$/i.test(r.type));
  const accountKeys = new Set(accounts.map((r) => accountKey({ file: r.file, resource: r })));
  const failing = new Set(active.filter((f) => /^microsoft\.batch\/batchaccounts(\/pools)?$/i.test(f.resource.type)).map(accountKey).filter((k) => accountKeys.has(k)));
  return {
    files: result.filesLinted,
    resources: result.resourcesChecked,
    accounts: { total: accountKeys.size, passing: accountKeys.size - failing.size, failing: failing.size },
    bySeverity,
    byRule: [...rules.values()].sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1)),
    bySubscription: [...subs]
      .map(([subscription, rgs]) => ({
        subscription,
        count: [...rgs.values()].reduce((a, b) => a + b, 0),
        resourceGroups: [...rgs].map(([resourceGroup, count]) => ({ resourceGroup, count })).sort((a, b) => b.count - a.count || (a.resourceGroup < b.resourceGroup ? -1 : 1)),
      }))
      .sort((a, b) => b.count - a.count || (a.subscription < b.subscription ? -1 : 1)),
    failingAccounts: [...failing].sort(),
  };
}

export function summaryText(s: Summary): string {
  const lines = [
    "",
    `Summary: ${s.files} files, ${s.resources} resources, ${s.accounts.total} Batch accounts: ${s.accounts.passing} pass every rule, ${s.accounts.failing} do not.`,
    `  by severity: ${s.bySeverity.error} errors, ${s.bySeverity.warning} warnings, ${s.bySeverity.note} notes`,
  ];
  if (s.byRule.length) {
    lines.push("  by rule:");
    for (const r of s.byRule) lines.push(`    ${String(r.count).padStart(6)}  ${r.ruleId} ${r.ruleName}`);
  }
  if (s.bySubscription.length) {
    lines.push("  by subscription / resource group:");
    for (const sub of s.bySubscription) {
      lines.push(`    ${String(sub.count).padStart(6)}  ${sub.subscription}`);
      for (const rg of sub.resourceGroups) lines.push(`    ${String(rg.count).padStart(6)}    ${rg.resourceGroup}`);
    }
  }
  return lines.join("\n") + "\n";
}
