import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH017",
    name: "user-assigned-identity-missing",
    title: "Account identity type and user-assigned identities must agree",
    severity: "error",
    tags: ["identity", "correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    docs: {
      summary: "`identity.type: UserAssigned` needs at least one entry in `userAssignedIdentities`; identities listed with type `None` or `SystemAssigned` are not assigned.",
      rationale:
        "The REST reference's BatchAccountIdentity has `type` (None, SystemAssigned, UserAssigned) and `userAssignedIdentities`, " +
        "the identities associated with the account. UserAssigned with no identities is rejected by the service; identities " +
        "listed under another type are silently not assigned, so anything relying on them fails at run time.",
      remediation: "List the identities' resource ids under `identity.userAssignedIdentities` (each mapped to `{}`), or change `identity.type` to match what you list.",
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create", "https://learn.microsoft.com/azure/batch/managed-identity-pools"],
    },
    messages: {
      none: "identity.type is '{{type}}' but userAssignedIdentities is {{what}}.",
      ignored: "userAssignedIdentities is set but identity.type is '{{type}}', so these identities are not assigned.",
    },
  },

  check(account, ctx) {
    const type = account.get("identity.type");
    const uai = account.get("identity.userAssignedIdentities");
    if (type.is("UserAssigned")) {
      if (uai.missing || (uai.isObject && uai.size === 0)) ctx.report({ messageId: "none", at: uai.missing ? type : uai, data: { type: type.str()!, what: uai.missing ? "not set" : "empty" } });
    } else if (type.is("None", "SystemAssigned") && uai.isObject && uai.size > 0) {
      ctx.report({ messageId: "ignored", at: uai, atKey: true, data: { type: type.str()! }, related: [{ at: type, message: "identity type" }] });
    }
  },
});
