import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH006",
    name: "public-endpoint-unrestricted",
    title: "Public account endpoint accepts traffic from any address",
    severity: "warning",
    tags: ["security", "network"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "high",
    securitySeverity: 5.3,
    docs: {
      summary: "When public network access is enabled, `networkProfile.accountAccess` should deny by default and allow only listed IP ranges.",
      rationale:
        "Reported when the account endpoint accepts traffic from any address, that is when `publicNetworkAccess` is " +
        "`Enabled` or not set (the default is Enabled) AND one of: `networkProfile` is absent, " +
        "`networkProfile.accountAccess` is absent, or `accountAccess.defaultAction` is `Allow`. IP rules can only allow " +
        "(their only action is `Allow`), so with a default action of `Allow` they restrict nothing. The REST reference " +
        "says the network profile and the default action only apply when public network access is enabled, so " +
        "`Disabled` and `SecuredByPerimeter` (access governed by a network security perimeter) are not reported. " +
        "`defaultAction: Deny` with IP rules is the 'Selected networks' setting; BATCH007 checks the rules themselves. " +
        "Checkov's CKV_AZURE_248 checks only an explicit `Allow` and misses the absent cases.",
      remediation: 'Disable public network access, or set `properties.networkProfile.accountAccess` to `{ "defaultAction": "Deny", "ipRules": [ ... ] }` listing the client ranges.',
      references: ["https://learn.microsoft.com/azure/batch/public-network-access", "https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create"],
    },
    messages: {
      allow: "networkProfile.accountAccess.defaultAction is '{{value}}' while public network access is enabled: any address can reach the account endpoint{{rules}}.",
      noProfile: "public network access is enabled and {{what}} is not set, so the account endpoint accepts traffic from any address.",
    },
  },

  check(account, ctx) {
    const pna = account.get("properties.publicNetworkAccess");
    if (!(pna.missing || pna.is("Enabled"))) return;
    const related = pna.missing ? [] : [{ at: pna, message: "publicNetworkAccess is set here" }];
    const profile = account.get("properties.networkProfile");
    if (profile.unknown) return;
    const access = profile.get("accountAccess");
    if (access.unknown) return;
    if (profile.missing || access.missing) {
      ctx.report({ messageId: "noProfile", at: access, data: { what: profile.missing ? "networkProfile" : "networkProfile.accountAccess" }, related });
      return;
    }
    const action = access.get("defaultAction");
    if (action.unknown || action.is("Deny")) return;
    // defaultAction is required by the API when accountAccess is given; a missing one is a schema error, not ours.
    const rules = access.get("ipRules");
    const ineffective = rules.isArray && rules.size > 0 ? " (its ipRules, which can only allow, change nothing)" : "";
    if (action.is("Allow")) ctx.report({ messageId: "allow", at: action, data: { value: action.str()!, rules: ineffective }, related });
  },
});
