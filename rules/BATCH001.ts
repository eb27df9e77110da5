import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH001",
    name: "shared-key-auth-disabled",
    title: "Shared key authentication must be disabled",
    severity: "error",
    tags: ["security", "identity"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    securitySeverity: 7.5,
    fixable: true,
    docs: {
      summary: "A Batch account's data plane should accept Microsoft Entra ID tokens, not shared account keys.",
      rationale:
        "Shared keys are long-lived secrets that grant full data-plane access and sit outside Entra ID RBAC and " +
        "conditional access. Microsoft advises confining the account's authentication modes to Microsoft Entra ID. " +
        "When `allowedAuthenticationModes` is not set the service accepts shared keys.",
      remediation: 'Set `properties.allowedAuthenticationModes` to `["AAD"]` and move clients to Microsoft Entra ID authentication.',
      references: [
        "https://learn.microsoft.com/azure/batch/batch-account-create-portal",
        "https://learn.microsoft.com/azure/batch/security-best-practices",
        "https://learn.microsoft.com/rest/api/batchmanagement/batch-account/update",
      ],
    },
    messages: {
      includesSharedKey: "allowedAuthenticationModes includes '{{mode}}'{{evaluated}}: shared key authentication is enabled.",
      notSet: "allowedAuthenticationModes is not set, so the account accepts shared key authentication.",
    },
  },

  check(account, ctx) {
    const modes = account.get("properties.allowedAuthenticationModes");
    if (modes.missing) {
      ctx.report({ messageId: "notSet", at: modes });
      return;
    }
    const items = modes.items();
    // Safe to fix only when a known, acceptable mode (AAD) remains once the rejected modes are gone.
    const remaining = items.filter((m) => !m.is("SharedKey", "TaskAuthenticationToken"));
    const removable = items.length > 0 && remaining.length > 0 && remaining.every((m) => m.known);
    for (const mode of items) {
      if (!mode.is("SharedKey")) continue;
      ctx.report({
        messageId: "includesSharedKey",
        at: mode,
        data: { mode: mode.str()!, evaluated: modes.evaluated ? ` (evaluates to ${modes.display()})` : "" },
        fix: removable ? { description: "Remove 'SharedKey' from allowedAuthenticationModes", edits: [{ op: "remove", at: mode }] } : undefined,
      });
    }
  },
});
