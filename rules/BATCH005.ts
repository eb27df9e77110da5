import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule<"enabled" | "notSet", { fixToDisabled: boolean }>({
  meta: {
    id: "BATCH005",
    name: "public-network-access-enabled",
    title: "Public network access should be disabled",
    severity: "warning",
    tags: ["security", "network"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    securitySeverity: 5.3,
    fixable: true,
    docs: {
      summary: "A Batch account's endpoints should not be reachable from the public internet; use private endpoints.",
      rationale:
        "Azure Policy 74c5a0ae (Public network access should be disabled for Batch accounts) treats every value other " +
        "than `Disabled` as non-compliant, including an absent property, because the service default is `Enabled`. " +
        "Private endpoints only isolate the account when public network access is disabled. `SecuredByPerimeter` " +
        "(API 2026-08-01) delegates access to a network security perimeter and is not reported.",
      remediation:
        'Set `properties.publicNetworkAccess` to `"Disabled"` and reach the account through private endpoints. ' +
        "With the rule option `fixToDisabled: true`, `--fix` sets a literal value to Disabled (off by default, because it cuts off public clients).",
      references: ["https://learn.microsoft.com/azure/batch/private-connectivity", "https://learn.microsoft.com/azure/batch/security-best-practices", "https://learn.microsoft.com/azure/batch/policy-reference"],
    },
    messages: {
      enabled: "publicNetworkAccess is '{{value}}'{{evaluated}}: the account is reachable from the public internet.",
      notSet: "publicNetworkAccess is not set; the service default is Enabled.",
    },
    options: {
      fixToDisabled: { type: "boolean", default: false, description: "Offer a fix that sets a literal publicNetworkAccess to Disabled." },
    },
  },

  check(account, ctx) {
    const pna = account.get("properties.publicNetworkAccess");
    const props = account.get("properties");
    if (pna.missing) {
      const fix =
        ctx.options.fixToDisabled && props.isObject && !props.evaluated
          ? { description: "Set publicNetworkAccess to Disabled", edits: [{ op: "set" as const, at: props, key: "publicNetworkAccess", value: "Disabled" }] }
          : undefined;
      ctx.report({ messageId: "notSet", at: pna, fix });
      return;
    }
    if (!pna.isNot("Disabled", "SecuredByPerimeter")) return;
    ctx.report({
      messageId: "enabled",
      at: pna,
      data: { value: pna.str() ?? pna.display(), evaluated: pna.evaluated ? " (evaluated)" : "" },
      fix: ctx.options.fixToDisabled && !pna.evaluated ? { description: "Set publicNetworkAccess to Disabled", edits: [{ op: "replace", at: pna, value: "Disabled" }] } : undefined,
    });
  },
});
