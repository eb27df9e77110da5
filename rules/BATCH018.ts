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
      summary: 'An empty `allowedAuthenticationModes` list states no authentication policy; list the allowed modes explicitly (`["AAD"]`).',
      rationale:
        "The REST reference describes `allowedAuthenticationModes` as the list of modes that can be used to authenticate " +
        "with the data plane, but does not say what an empty list means. Read literally it allows no data-plane " +
        "authentication at all; if the service treats it like an absent list, it restricts nothing. Either way it is not a deliberate configuration, and it escapes the checks meant to catch it: Azure Policy " +
        "6f68b69f only counts entries other than `AAD` (so an empty list is compliant), and BATCH001/BATCH002 only report " +
        'listed modes or a missing list. `["AAD"]` says what is intended and is what the built-in Modify policy 4dbc2f5c sets.',
      remediation: 'Set `properties.allowedAuthenticationModes` to `["AAD"]`.',
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create", "https://learn.microsoft.com/azure/batch/policy-reference"],
    },
    messages: {
      empty: 'allowedAuthenticationModes is an empty list; list the allowed modes explicitly ("AAD").',
    },
  },

  check(account, ctx) {
    const modes = account.get("properties.allowedAuthenticationModes");
    if (modes.isArray && modes.size === 0) ctx.report({ messageId: "empty", at: modes });
  },
});
