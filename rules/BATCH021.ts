import { BATCH_ACCOUNT, defineRule, isExpression, named, type Prop, type Resource, type TemplateView } from "../src/rule.js";

const DIAG = "microsoft.insights/diagnosticsettings";

type Verdict = "yes" | "nologs" | "no" | "unknown";

/** "yes" when a diagnostic setting targets this account and enables a log, "nologs" when it targets it without, "no" when it targets something else. */
function coversAccount(setting: Resource, account: Resource): Verdict {
  const type = setting.type.toLowerCase();
  let target: string | undefined;
  if (type === DIAG) {
    const scope = setting.get("scope");
    if (scope.unknown) return "unknown";
    target = scope.str();
  } else if (type === "microsoft.batch/batchaccounts/providers/diagnosticsettings") {
    // Child form: "<account>/Microsoft.Insights/<name>", or nested in the account's resources.
    if (setting.parent === account) return logsEnabled(setting);
    const name = setting.name;
    if (name === undefined) return "unknown";
    target = name.split("/")[0];
  } else return "no";
  if (target === undefined) return setting.parent === account ? logsEnabled(setting) : "no";
  const acct = account.name;
  if (acct === undefined) return "unknown";
  const t = target.toLowerCase();
  const matches = t === acct.toLowerCase() || t.endsWith(`/microsoft.batch/batchaccounts/${acct.toLowerCase()}`) || t === `microsoft.batch/batchaccounts/${acct.toLowerCase()}`;
  return matches ? logsEnabled(setting) : "no";
}

function logsEnabled(setting: Resource): Verdict {
  const logs = setting.get("properties.logs");
  if (logs.unknown) return "unknown";
  let unknown = false;
  for (const l of logs.items()) {
    const e = l.get("enabled");
    if (e.unknown) unknown = true;
    else if (e.bool() === true) return "yes";
  }
  return unknown ? "unknown" : "nologs";
}

export default defineRule({
  meta: {
    id: "BATCH021",
    name: "diagnostic-settings-missing",
    title: "Batch account has no diagnostic settings with logs",
    severity: "note",
    tags: ["monitoring"],
    resourceTypes: [],
    templateOnly: true,
    precision: "medium",
    docs: {
      summary: "A template that deploys a Batch account should also deploy diagnostic settings that send its resource logs somewhere.",
      rationale:
        "Azure Policy 428256e6 (Resource logs in Batch accounts should be enabled) audits accounts without a diagnostic " +
        "setting that enables logs; without them there is no record of pool, job and task activity for investigations. " +
        "This rule only looks at the same template (deployed settings elsewhere are not visible here), so it is a note; " +
        "turn it off where diagnostic settings are applied by policy.",
      remediation:
        'Add a `Microsoft.Insights/diagnosticSettings` resource with `"scope"` set to the account (or the child form `<account>/Microsoft.Insights/<name>`) and `logs: [{ "categoryGroup": "allLogs", "enabled": true }]`.',
      references: ["https://learn.microsoft.com/azure/batch/batch-diagnostics", "https://learn.microsoft.com/azure/batch/policy-reference"],
    },
    messages: {
      missing: "{{account}} has no diagnostic setting in this template.",
      notDeployed: "{{account}} has no diagnostic setting deployed by this template: {{settings}} not deployed because {{verb}} condition is false.",
      logsDisabled: "{{account}} has diagnostic settings in this template but none enables a log category.",
    },
  },

  checkDocument(doc, ctx) {
    const accounts = ctx.resources(BATCH_ACCOUNT);
    const settings = doc.resources.filter((r) => r.type.toLowerCase() === DIAG || r.type.toLowerCase().endsWith("/providers/diagnosticsettings"));
    for (const account of accounts) {
      const verdicts = settings.map((s) => coversAccount(s, account));
      if (verdicts.includes("yes") || verdicts.includes("unknown")) continue;
      if (account.name === undefined && settings.length > 0) continue; // cannot tell which account a setting targets
      const at = account.get("type").missing ? account.root : account.get("type");
      const data = { account: named("Batch account", account, true) };
      const disabled = settings.filter((_, i) => verdicts[i] === "nologs");
      if (disabled.length > 0) {
        const related = disabled.map((d) => {
          const logs = d.get("properties.logs");
          return { at: logs.missing ? d.root : logs, message: `${named("diagnostic setting", d)} enables no logs` };
        });
        ctx.report({ messageId: "logsDisabled", at, data, related, resource: account });
        continue;
      }
      const skipped = doc.template ? notDeployed(doc.template, doc.resources) : [];
      if (skipped.length === 0) {
        ctx.report({ messageId: "missing", at, data, resource: account });
        continue;
      }
      const names = skipped.map((c) => (c.name ? `'${c.name}'` : "one")).join(", ");
      ctx.report({
        messageId: "notDeployed",
        at,
        data: { ...data, settings: `${skipped.length === 1 ? "diagnostic setting" : "diagnostic settings"} ${names} ${skipped.length === 1 ? "is" : "are"}`, verb: skipped.length === 1 ? "its" : "their" },
        related: skipped.map((c) => ({ at: c.condition, message: "condition that is false" })),
        resource: account,
      });
    }
  },
});

/**
 * Diagnostic settings written at the top level of the template with a `condition` that did not deploy them (the
 * condition evaluated to false: a setting whose condition is unknown is deployed, marked conditional). Read from
 * the template as written: a resource that was not deployed is not among the document's resources. Settings whose
 * type is an expression are not recognised here (nothing is claimed about them).
 */
function notDeployed(template: TemplateView, deployed: readonly Resource[]): { name: string | undefined; condition: Prop }[] {
  const places = new Set(deployed.map((r) => r.at.pointer));
  const list = template.root.get("resources");
  const written = list.isArray ? list.items() : list.entries().map(([, r]) => r);
  const out: { name: string | undefined; condition: Prop }[] = [];
  for (const r of written) {
    const type = r.get("type").str()?.toLowerCase();
    if (type === undefined || !(type === DIAG || type.endsWith("/providers/diagnosticsettings"))) continue;
    const condition = r.get("condition");
    if (condition.missing || places.has(r.at.pointer)) continue;
    const name = r.get("name").str();
    out.push({ name: name === undefined || isExpression(name) ? undefined : name, condition });
  }
  return out;
}
