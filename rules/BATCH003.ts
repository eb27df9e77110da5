import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH003",
    name: "cmk-requires-system-identity",
    title: "Customer-managed key encryption requires a system-assigned identity",
    severity: "error",
    tags: ["encryption", "identity", "correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    securitySeverity: 5.5,
    docs: {
      summary: "`encryption.keySource: Microsoft.KeyVault` only works when the account identity is SystemAssigned.",
      rationale:
        "With `keySource` `Microsoft.KeyVault` the account data is encrypted with a key in your Key Vault, and " +
        "the Batch service reads that key as the account's system-assigned identity. The REST reference states " +
        "that the Batch account identity must then be set to SystemAssigned. With no identity, `None`, or only a " +
        "user-assigned identity, the deployment fails or the key cannot be used.",
      remediation: 'Set `identity.type` to `"SystemAssigned"` and grant that identity Get, Wrap Key and Unwrap Key on the key vault.',
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/update", "https://learn.microsoft.com/azure/batch/batch-customer-managed-key"],
    },
    messages: {
      noSystemIdentity: "encryption.keySource is '{{keySource}}' but the account identity is {{identity}}; it must be SystemAssigned.",
    },
  },

  check(account, ctx) {
    const keySource = account.get("properties.encryption.keySource");
    if (!keySource.is("Microsoft.KeyVault")) return;
    const identity = account.get("identity");
    const type = identity.get("type");
    if (type.unknown || identity.unknown) return;
    // "SystemAssigned" or "SystemAssigned,UserAssigned" (a form some API versions of other providers accept).
    const s = type.str();
    if (s?.split(",").some((p) => p.trim().toLowerCase() === "systemassigned")) return;
    if (type.known && s === undefined) return; // not a string: the schema rule reports it
    ctx.report({
      messageId: "noSystemIdentity",
      at: keySource,
      data: { keySource: keySource.str()!, identity: type.missing ? "not set" : `'${s}'` },
      related: [{ at: type.missing ? (identity.missing ? account.root : identity) : type, message: type.missing ? "identity is not set here" : "identity type" }],
    });
  },
});
