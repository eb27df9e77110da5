/** Audit summary: counts per rule, severity, subscription and resource group, and accounts that pass every rule. */
import { isActive, type Finding, type LintResult } from "../engine/findings.js";
import type { Severity } from "../rule.js";

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
function accountKey(f: { file: string; resource: { id?: string; label: string; type: string } }): string {
  if (f.resource.id) return f.resource.id.replace(/\/pools\/[^/]+$/i, "").toLowerCase();
  const label = /\/pools$/i.test(f.resource.type) ? f.resource.label.split("/")[0]! : f.resource.label;
  return `${f.file}|${label}`.toLowerCase();
}

/**
 * The files that could not be linted, as "N files could not be linted": a file with several errors (a template
 * with eight bad expressions) counts once, and the number of errors follows when it differs.
 */
export function failedFilesText(result: Pick<LintResult, "errors">): string {
  const files = new Set(result.errors.map((e) => e.file)).size;
  return `${files} file${files === 1 ? "" : "s"} could not be linted${result.errors.length > files ? ` (${result.errors.length} errors)` : ""}`;
}

/** The heading count of the files that could not be linted: "3", or "1 file, 8 errors". */
export function failedCount(result: Pick<LintResult, "errors">): string {
  const files = new Set(result.errors.map((e) => e.file)).size;
  return result.errors.length > files ? `${files} file${files === 1 ? "" : "s"}, ${result.errors.length} errors` : String(files);
}

export function summarize(result: LintResult): Summary {
  return audit(result).summary;
}

/** A Batch account of the run (a checked resource) and the findings that count against it. */
export interface AuditedAccount {
  readonly label: string;
  readonly file: string;
  readonly id?: string;
  readonly findings: Finding[];
}

/**
 * The summary and, with `lists`, every Batch account with its findings (first seen first), from one pass over the
 * findings. An audit has hundreds of thousands of findings, and each resource's summary object is shared by its
 * findings: what is derived from a resource (its account's number, its resource group's counter) is worked out
 * once per resource, so a finding touches no string look-up (long resource ids, scattered over a large heap, made
 * those the cost of the summary). The lists are made only when asked for (the HTML report).
 */
export function audit(result: LintResult, lists = false): { summary: Summary; accounts: AuditedAccount[] } {
  const numbers = new Map<string, number>();
  const keys: string[] = [];
  const accounts: AuditedAccount[] = [];
  for (const r of result.checkedResources ?? []) {
    if (!ACCOUNT.test(r.type)) continue;
    const key = accountKey({ file: r.file, resource: r });
    if (numbers.has(key)) continue;
    numbers.set(key, keys.length);
    keys.push(key);
    if (lists) accounts.push({ label: r.label, file: r.file, id: r.id, findings: [] });
  }
  const failed = new Uint8Array(keys.length);
  let failing = 0;
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const rules = new Map<string, { ruleId: string; ruleName: string; count: number }>();
  const subs = new Map<string, Map<string, { count: number }>>();
  const derived = new Map<Finding["resource"], Derived>();
  for (const f of result.findings) {
    if (!isActive(f)) continue;
    bySeverity[f.severity]++;
    let r = rules.get(f.ruleId);
    if (!r) rules.set(f.ruleId, (r = { ruleId: f.ruleId, ruleName: f.ruleName, count: 0 }));
    r.count++;
    let d = derived.get(f.resource);
    // Without an id, the account is named by the finding's file too.
    if (!d || (d.file !== f.file && f.resource.id === undefined)) derived.set(f.resource, (d = derive(f, numbers, subs)));
    d.group.count++;
    const a = d.account;
    if (a < 0) continue;
    if (lists) accounts[a]!.findings.push(f);
    if (d.accountOrPool && failed[a] === 0) {
      failed[a] = 1;
      failing++;
    }
  }
  const summary: Summary = {
    files: result.filesLinted,
    resources: result.resourcesChecked,
    accounts: { total: keys.length, passing: keys.length - failing, failing },
    bySeverity,
    byRule: [...rules.values()].sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1)),
    bySubscription: [...subs]
      .map(([subscription, rgs]) => ({
        subscription,
        count: [...rgs.values()].reduce((a, b) => a + b.count, 0),
        resourceGroups: [...rgs].map(([resourceGroup, c]) => ({ resourceGroup, count: c.count })).sort((a, b) => b.count - a.count || (a.resourceGroup < b.resourceGroup ? -1 : 1)),
      }))
      .sort((a, b) => b.count - a.count || (a.subscription < b.subscription ? -1 : 1)),
    failingAccounts: keys.filter((_, i) => failed[i] === 1).sort(),
  };
  return { summary, accounts };
}

const ACCOUNT = /^microsoft\.batch\/batchaccounts$/i;
const ACCOUNT_OR_POOL = /^microsoft\.batch\/batchaccounts(\/pools)?$/i;

/** What the summary needs of a finding's resource. */
interface Derived {
  readonly file: string;
  /** Its subscription's and resource group's count of findings. */
  readonly group: { count: number };
  /** The number of the account it belongs to (accountKey), or -1 when that account was not checked. */
  readonly account: number;
  /** A Batch account or pool: its findings make the account fail. */
  readonly accountOrPool: boolean;
}
function derive(f: Finding, numbers: ReadonlyMap<string, number>, subs: Map<string, Map<string, { count: number }>>): Derived {
  const { subscription = "(no subscription)", resourceGroup = "(no resource group)" } = parseResourceId(f.resource.id);
  let rgs = subs.get(subscription);
  if (!rgs) subs.set(subscription, (rgs = new Map()));
  let group = rgs.get(resourceGroup);
  if (!group) rgs.set(resourceGroup, (group = { count: 0 }));
  return { file: f.file, group, account: numbers.get(accountKey(f)) ?? -1, accountOrPool: ACCOUNT_OR_POOL.test(f.resource.type) };
}

/** "1 file", "2 files". */
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function summaryText(s: Summary): string {
  const a = s.accounts;
  const lines = [
    "",
    `Summary: ${count(s.files, "file")}, ${count(s.resources, "resource")}, ${count(a.total, "Batch account")}: ${a.passing} ${a.passing === 1 ? "passes" : "pass"} every rule, ${a.failing} ${a.failing === 1 ? "does" : "do"} not.`,
    `  by severity: ${count(s.bySeverity.error, "error")}, ${count(s.bySeverity.warning, "warning")}, ${count(s.bySeverity.note, "note")}`,
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
  return `${lines.join("\n")}\n`;
}
