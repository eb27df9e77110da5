import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH004",
    name: "network-profile-ignored",
    title: "Network profile has no effect when public network access is Disabled",
    severity: "warning",
    tags: ["network", "correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    fixable: true,
    docs: {
      summary: "`networkProfile` only takes effect when `publicNetworkAccess` is Enabled.",
      rationale:
        "The REST reference states that the network profile only takes effect when publicNetworkAccess is enabled. " +
        "With public access Disabled, IP rules and default actions in `networkProfile` are ignored, which misleads " +
        "reviewers into thinking they restrict something.",
      remediation: "Remove `properties.networkProfile`, or set `publicNetworkAccess` to `Enabled` if the IP rules are meant to apply.",
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/update", "https://learn.microsoft.com/azure/batch/public-network-access"],
    },
    messages: {
      ignored: "networkProfile is ignored because publicNetworkAccess is '{{access}}'.",
    },
  },

  check(account, ctx) {
    const access = account.get("properties.publicNetworkAccess");
    if (!access.is("Disabled")) return;
    const profile = account.get("properties.networkProfile");
    if (!profile.isObject || profile.size === 0) return;
    ctx.report({
      messageId: "ignored",
      at: profile,
      atKey: true,
      data: { access: access.str()! },
      related: [{ at: access, message: "publicNetworkAccess is set here" }],
      fix: profile.evaluated ? undefined : { description: "Remove the ignored networkProfile", edits: [{ op: "remove", at: profile }] },
    });
  },
});
