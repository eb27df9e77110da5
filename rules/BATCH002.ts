import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH002",
    name: "task-auth-token-retired",
    title: "TaskAuthenticationToken authentication mode is retired",
    severity: "error",
    tags: ["security", "identity", "retirement"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    securitySeverity: 5.0,
    fixable: true,
    docs: {
      summary: "The TaskAuthenticationToken authentication mode was retired on 30 September 2024.",
      rationale:
        "Task authentication tokens let tasks call the Batch service with a token scoped to the job. The mode " +
        "retired on 30 September 2024; accounts that still list it depend on a feature that no longer works. " +
        "Microsoft recommends a user-assigned managed identity on the pool instead.",
      remediation: "Remove `TaskAuthenticationToken` from `properties.allowedAuthenticationModes` and give the pool a " + "user-assigned managed identity that tasks use to call the Batch service.",
      references: [
        "https://learn.microsoft.com/azure/batch/batch-account-create-portal",
        "https://learn.microsoft.com/azure/batch/managed-identity-pools",
        "https://learn.microsoft.com/rest/api/batchmanagement/batch-account/update",
      ],
    },
    messages: {
      retired: "allowedAuthenticationModes includes '{{mode}}'{{evaluated}}, retired on 30 September 2024.",
    },
  },

  check(account, ctx) {
    const modes = account.get("properties.allowedAuthenticationModes");
    // A known element is enough, also of an array only partly known (`union(createArray('TaskAuthenticationToken'),
    // parameters('more'))`); one that could only be in the unknown part decides nothing (findItems: undefined).
    const found = modes.findItems("TaskAuthenticationToken") ?? [];
    if (found.length === 0) return;
    // Found in a partly known array (it has a reason for being unknown, which is no read of it): no fix, no display.
    const partly = modes.reason !== undefined;
    const items = partly ? [] : modes.items();
    const remaining = items.filter((m) => !m.is("SharedKey", "TaskAuthenticationToken"));
    const removable = remaining.length > 0 && remaining.every((m) => m.known);
    for (const mode of found) {
      ctx.report({
        messageId: "retired",
        at: mode,
        data: { mode: mode.str()!, evaluated: modes.evaluated && !partly ? ` (evaluates to ${modes.display()})` : "" },
        fix: removable ? { description: "Remove 'TaskAuthenticationToken' from allowedAuthenticationModes", edits: [{ op: "remove", at: mode }] } : undefined,
      });
    }
  },
});
