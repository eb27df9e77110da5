import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH016",
    name: "auto-storage-identity-missing",
    title: "Managed-identity auto-storage needs an account identity",
    severity: "error",
    tags: ["identity", "correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "high",
    docs: {
      summary: "`autoStorage.authenticationMode: BatchAccountManagedIdentity` needs an account identity, and a `nodeIdentityReference` must name one of the account's user-assigned identities.",
      rationale:
        "With `BatchAccountManagedIdentity` the Batch service reaches the storage account as the account's managed identity; " +
        "with identity type `None` (or no identity) there is nothing to authenticate as. `nodeIdentityReference.resourceId` " +
        "names the identity compute nodes use for auto-storage; it must be one of the account's user-assigned identities.",
      remediation: "Give the account an identity (`identity.type` SystemAssigned or UserAssigned) and point `nodeIdentityReference.resourceId` at one of `identity.userAssignedIdentities`.",
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create", "https://learn.microsoft.com/azure/batch/managed-identity-pools"],
    },
    messages: {
      noIdentity: "autoStorage.authenticationMode is '{{mode}}' but the account identity is {{identity}}.",
      notAssigned: "autoStorage.nodeIdentityReference.resourceId '{{id}}' is not one of the account's user-assigned identities.",
    },
  },

  check(account, ctx) {
    const auto = account.get("properties.autoStorage");
    if (!auto.isObject) return;
    const mode = auto.get("authenticationMode");
    const type = account.get("identity.type");
    if (mode.is("BatchAccountManagedIdentity") && (type.missing || type.is("None"))) {
      ctx.report({ messageId: "noIdentity", at: mode, data: { mode: mode.str()!, identity: type.missing ? "not set" : `'${type.str()}'` }, related: type.missing ? [] : [{ at: type, message: "identity type" }] });
    }
    const ref = auto.get("nodeIdentityReference.resourceId");
    const id = ref.str();
    const uai = account.get("identity.userAssignedIdentities");
    if (id === undefined || uai.unknown || (uai.isObject && uai.entries().some(([, v]) => v.unknown))) return;
    const assigned = uai.entries().map(([k]) => k.toLowerCase());
    if (!assigned.includes(id.toLowerCase())) ctx.report({ messageId: "notAssigned", at: ref, data: { id } });
  },
});
