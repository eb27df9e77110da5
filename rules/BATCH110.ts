import { BATCH_POOL, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH110",
    name: "pool-user-identity-missing",
    title: "Pool identity type UserAssigned needs user-assigned identities",
    severity: "error",
    tags: ["identity", "correctness"],
    resourceTypes: [BATCH_POOL],
    precision: "very-high",
    docs: {
      summary: "A pool with `identity.type: UserAssigned` must list at least one identity in `userAssignedIdentities`.",
      rationale:
        "Pools support only user-assigned managed identities (`identity.type` UserAssigned or None). Microsoft's pool managed identity documentation sets the identity's resource id under `userAssignedIdentities`; with none listed the pool has no identity and the deployment fails.",
      remediation: "Add the identities' resource ids under `identity.userAssignedIdentities`, each mapped to `{}`.",
      references: ["https://learn.microsoft.com/azure/batch/managed-identity-pools"],
    },
    messages: { none: "Pool identity.type is '{{type}}' but userAssignedIdentities is {{what}}." },
  },
  check(pool, ctx) {
    const type = pool.get("identity.type");
    if (!type.is("UserAssigned")) return;
    const uai = pool.get("identity.userAssignedIdentities");
    if (uai.missing || (uai.isObject && uai.size === 0))
      ctx.report({ messageId: "none", at: uai, related: [{ at: type, message: "identity.type is set here" }], data: { type: type.str()!, what: uai.missing ? "not set" : "empty" } });
  },
});
