import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH010",
    name: "cmk-key-identifier-missing",
    title: "Customer-managed key encryption needs a key identifier",
    severity: "error",
    tags: ["encryption", "correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    docs: {
      summary: "`keySource: Microsoft.KeyVault` requires `encryption.keyVaultProperties.keyIdentifier`.",
      rationale:
        "The REST reference states that with key source Microsoft.KeyVault a valid key identifier must be supplied under " +
        "`keyVaultProperties`. Without one the deployment fails, or the account cannot read its own data.",
      remediation: "Set `properties.encryption.keyVaultProperties.keyIdentifier` to the key's URL, e.g. `https://<vault>.vault.azure.net/keys/<key>`.",
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create", "https://learn.microsoft.com/azure/batch/batch-customer-managed-key"],
    },
    messages: {
      missing: "encryption.keySource is '{{keySource}}' but keyVaultProperties.keyIdentifier is {{what}}.",
    },
  },

  check(account, ctx) {
    const ks = account.get("properties.encryption.keySource");
    if (!ks.is("Microsoft.KeyVault")) return;
    const id = account.get("properties.encryption.keyVaultProperties.keyIdentifier");
    if (id.missing || id.str()?.trim() === "") {
      ctx.report({ messageId: "missing", at: id, data: { keySource: ks.str()!, what: id.missing ? "not set" : "empty" }, related: [{ at: ks, message: "keySource is set here" }] });
    }
  },
});
