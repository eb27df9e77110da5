import { BATCH_ACCOUNT, defineRule, type Batch } from "../src/rule.js";

const CUSTOMER_MANAGED: NonNullable<Batch.EncryptionProperties["keySource"]> = "Microsoft.KeyVault";

export default defineRule({
  meta: {
    id: "BATCH009",
    name: "customer-managed-key-not-used",
    title: "Account data is not encrypted with a customer-managed key",
    severity: "note",
    tags: ["encryption", "security"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    docs: {
      summary: "Azure Policy 99e9ccd8 asks Batch accounts to encrypt data with a customer-managed key (`keySource: Microsoft.KeyVault`).",
      rationale:
        "By default Batch encrypts account data with Microsoft-managed keys (`keySource: Microsoft.Batch`, also when " +
        "`encryption` is absent). Regulated workloads often must control key rotation and revocation themselves; the " +
        "built-in policy 'Azure Batch account should use customer-managed keys to encrypt data' audits this. Reported as a " +
        "note by default; raise it to an error in configuration where customer-managed keys are mandatory.",
      remediation:
        'Set `properties.encryption` to `{ "keySource": "Microsoft.KeyVault", "keyVaultProperties": { "keyIdentifier": "https://<vault>.vault.azure.net/keys/<key>" } }` with a SystemAssigned account identity that can wrap and unwrap the key.',
      references: ["https://learn.microsoft.com/azure/batch/batch-customer-managed-key", "https://learn.microsoft.com/azure/batch/policy-reference"],
    },
    messages: {
      notUsed: "encryption.keySource is '{{value}}': account data is encrypted with a Microsoft-managed key.",
      notSet: "encryption is not set: account data is encrypted with a Microsoft-managed key.",
    },
  },

  check(account, ctx) {
    const ks = account.get("properties.encryption.keySource");
    if (ks.missing) ctx.report({ messageId: "notSet", at: ks });
    else if (ks.isNot(CUSTOMER_MANAGED)) ctx.report({ messageId: "notUsed", at: ks, data: { value: ks.str() ?? ks.display() } });
  },
});
