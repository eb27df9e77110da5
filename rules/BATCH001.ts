import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

/**
 * The Batch management API version that introduced `allowedAuthenticationModes` (the Microsoft.Batch
 * batchAccounts change log). A resource at an older API version cannot set it: the service ignores the
 * property and keeps its default, which accepts shared keys.
 */
const MODES_SINCE = "2021-06-01";

/** A literal apiVersion date older than MODES_SINCE (a preview suffix counts as its date); false when unknown. */
function olderThanModes(apiVersion: string | undefined): boolean {
  const date = /^(\d{4}-\d{2}-\d{2})(?:-preview)?$/i.exec(apiVersion ?? "")?.[1];
  return date !== undefined && date < MODES_SINCE;
}

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
        "When `allowedAuthenticationModes` is not set the service accepts shared keys, and so it does at an apiVersion older " +
        "than 2021-06-01, which ignores the property.",
      remediation: 'Set `properties.allowedAuthenticationModes` to `["AAD"]` (apiVersion 2021-06-01 or later: older ones ignore it) and move clients to Microsoft Entra ID authentication.',
      references: [
        "https://learn.microsoft.com/azure/batch/batch-account-create-portal",
        "https://learn.microsoft.com/azure/batch/security-best-practices",
        "https://learn.microsoft.com/rest/api/batchmanagement/batch-account/update",
      ],
    },
    messages: {
      includesSharedKey: "allowedAuthenticationModes includes '{{mode}}'{{evaluated}}: shared key authentication is enabled.",
      notSet: "allowedAuthenticationModes is not set, so the account accepts shared key authentication.",
      notSetOldApi: `allowedAuthenticationModes is not set and apiVersion {{apiVersion}} predates it, so the account accepts shared key authentication; raise the apiVersion to ${MODES_SINCE} or later to set it.`,
      oldApi: `allowedAuthenticationModes is not part of apiVersion {{apiVersion}} (it arrived in ${MODES_SINCE}): the service ignores it and the account accepts shared key authentication.`,
    },
  },

  check(account, ctx) {
    const modes = account.get("properties.allowedAuthenticationModes");
    // The resource's API version: a template's apiVersion, or the api-version of the REST example or recorded
    // request an exported body comes from; written in the resource (a related location) or not.
    const version = account.apiVersion;
    const old = olderThanModes(version);
    const api = account.get("apiVersion");
    const related = api.known ? [{ at: api, message: `apiVersion older than ${MODES_SINCE}` }] : [];
    if (old) {
      // Before 2021-06-01 the pool allocation mode decided: a UserSubscription account accepts only Microsoft Entra ID
      // (the poolAllocationMode description of those API versions), so only a BatchService one has shared keys.
      const allocation = account.get("properties.poolAllocationMode");
      if (allocation.unknown || allocation.is("UserSubscription")) return;
    }
    if (modes.missing) {
      if (old) ctx.report({ messageId: "notSetOldApi", at: modes, data: { apiVersion: version! }, related });
      else ctx.report({ messageId: "notSet", at: modes });
      return;
    }
    if (old) {
      // What is written is not deployed: whatever the modes say, the service keeps its default (shared keys on).
      ctx.report({ messageId: "oldApi", at: modes, data: { apiVersion: version! }, related });
      return;
    }
    // A known SharedKey element decides, also in an array only partly known; `union(createArray('AAD'), parameters('more'))`
    // does not (findItems: undefined), whatever its known part.
    const found = modes.findItems("SharedKey") ?? [];
    if (found.length === 0) return;
    // Found in a partly known array (it has a reason for being unknown, which is no read of it): no fix, no display.
    const partly = modes.reason !== undefined;
    const items = partly ? [] : modes.items();
    // Safe to fix only when a known, acceptable mode (AAD) remains once the rejected modes are gone.
    const remaining = items.filter((m) => !m.is("SharedKey", "TaskAuthenticationToken"));
    const removable = items.length > 0 && remaining.length > 0 && remaining.every((m) => m.known);
    for (const mode of found) {
      ctx.report({
        messageId: "includesSharedKey",
        at: mode,
        data: { mode: mode.str()!, evaluated: modes.evaluated && !partly ? ` (evaluates to ${modes.display()})` : "" },
        fix: removable ? { description: "Remove 'SharedKey' from allowedAuthenticationModes", edits: [{ op: "remove", at: mode }] } : undefined,
      });
    }
  },
});
