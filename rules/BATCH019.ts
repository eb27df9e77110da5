import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH019",
    name: "account-name-invalid",
    title: "Batch account name must be 3-24 lowercase letters and digits",
    severity: "error",
    tags: ["correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    docs: {
      summary: "A Batch account name is 3 to 24 characters of lowercase letters and digits, unique within its region.",
      rationale:
        "The Batch naming rules (Azure resource naming restrictions for Microsoft.Batch) allow only lowercase letters and " +
        "numbers, 3 to 24 characters. Any other name fails at deployment time, after the rest of the template has started " +
        "to deploy.",
      remediation: "Rename the account, e.g. with `toLower()` and without hyphens: `[toLower(format('{0}batch', parameters('prefix')))]`.",
      references: ["https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftbatch", "https://learn.microsoft.com/azure/batch/batch-account-create-portal"],
    },
    messages: {
      invalid: "Batch account name '{{name}}' {{why}}.",
    },
  },

  check(account, ctx) {
    const name = account.get("name");
    const s = name.str();
    if (s === undefined) return;
    const why = s.length < 3 || s.length > 24 ? `has ${s.length} characters (3-24 allowed)` : !/^[a-z0-9]+$/.test(s) ? "may contain only lowercase letters and digits" : undefined;
    if (why) ctx.report({ messageId: "invalid", at: name, data: { name: s, why } });
  },
});
