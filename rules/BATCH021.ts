import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";
import type { Resource } from "../src/model/resource.js";

const DIAG = "microsoft.insights/diagnosticsettings";

/** True when a diagnostic setting in the template targets this account and enables at least one log. */
function coversAccount(setting: Resource, account: Resource): "yes" | "no" | "unknown" {
  const type = setting.type.toLowerCase();
  let target: string | undefined;
  if (type === DIAG) {
    const scope = setting.get("scope");
    if (scope.unknown) return "unknown";
    target = scope.str();
  } else if (type.endsWith("/providers/diagnosticsettings")) {
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

function logsEnabled(setting: Resource): "yes" | "no" | "unknown" {
  const logs = setting.get("properties.logs");
  if (logs.unknown) return "unknown";
  let unknown = false;
  for (const l of logs.items()) {
    const e = l.get("enabled");
    if (e.unknown) unknown = true;
    else if (e.bool() === true) return "yes";
  }
  return unknown ? "unknown" : "no";
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
      missing: "Batch account '{{name}}' has no diagnostic setting with logs enabled in this template.",
    },
  },

  checkDocument(doc, ctx) {
    const accounts = ctx.resources(BATCH_ACCOUNT);
    const settings = doc.resources.filter((r) => r.type.toLowerCase() === DIAG || r.type.toLowerCase().endsWith("/providers/diagnosticsettings"));
    for (const account of accounts) {
      const verdicts = settings.map((s) => coversAccount(s, account));
      if (verdicts.includes("yes") || verdicts.includes("unknown")) continue;
      if (account.name === undefined && settings.length > 0) continue; // cannot tell which account a setting targets
      ctx.report({ messageId: "missing", at: account.get("type").missing ? account.root : account.get("type"), data: { name: account.name ?? account.label } });
    }
  },
});
