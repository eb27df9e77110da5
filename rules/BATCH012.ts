import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH012",
    name: "key-identifier-unused",
    title: "Key identifier has no effect with Microsoft-managed keys",
    severity: "note",
    tags: ["encryption", "correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "high",
    docs: {
      summary: "`keyVaultProperties` is only used when `keySource` is `Microsoft.KeyVault`.",
      rationale:
        "The REST reference describes `keyVaultProperties` as the Key Vault configuration used with key source " +
        "Microsoft.KeyVault. With `Microsoft.Batch` (or no key source) the key is ignored, which suggests a customer-managed " +
        "key is in use when it is not.",
      remediation: 'Set `encryption.keySource` to `"Microsoft.KeyVault"` if the key is meant to be used, or remove `keyVaultProperties`.',
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create"],
    },
    messages: {
      unused: "keyIdentifier is set but encryption.keySource is {{keySource}}, so the key is not used.",
    },
  },

  check(account, ctx) {
    const id = account.get("properties.encryption.keyVaultProperties.keyIdentifier");
    if (!id.known || id.str() === "") return;
    const ks = account.get("properties.encryption.keySource");
    if (ks.missing) ctx.report({ messageId: "unused", at: id, data: { keySource: "not set (Microsoft.Batch)" } });
    else if (ks.is("Microsoft.Batch")) ctx.report({ messageId: "unused", at: id, data: { keySource: `'${ks.str()}'` }, related: [{ at: ks, message: "keySource is set here" }] });
  },
});
