import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH018",
    name: "authentication-modes-empty",
    title: "Authentication modes list is empty",
    severity: "warning",
    tags: ["identity", "correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "high",
    docs: {
      summary: "An empty `allowedAuthenticationModes` does not restrict authentication; list `AAD` explicitly.",
      rationale:
        "The REST reference documents `allowedAuthenticationModes` as the list of modes the data plane accepts, but not what " +
        "an empty list means, and an unset list allows every mode. Azure Policy 6f68b69f counts non-AAD entries, so an empty " +
        "list passes the audit without stating any intent. `[\"AAD\"]` is unambiguous; an empty list is not.",
      remediation: 'Set `properties.allowedAuthenticationModes` to `["AAD"]`.',
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create", "https://learn.microsoft.com/azure/batch/policy-reference"],
    },
    messages: {
      empty: "allowedAuthenticationModes is an empty list; list the allowed modes explicitly (\"AAD\").",
    },
  },

  check(account, ctx) {
    const modes = account.get("properties.allowedAuthenticationModes");
    if (modes.isArray && modes.size === 0) ctx.report({ messageId: "empty", at: modes });
  },
});
