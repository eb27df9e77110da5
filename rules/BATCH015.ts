import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH015",
    name: "auto-storage-uses-keys",
    title: "Auto-storage should authenticate with the account's managed identity",
    severity: "warning",
    tags: ["identity", "security", "secrets"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "high",
    securitySeverity: 4.0,
    docs: {
      summary: "`autoStorage.authenticationMode` should be `BatchAccountManagedIdentity`, not `StorageKeys` (the default).",
      rationale:
        "With `StorageKeys` (also when `authenticationMode` is absent) the Batch service holds and syncs the storage account's " +
        "shared keys. Microsoft's security best practices recommend managed identities over keys; " +
        "`BatchAccountManagedIdentity` lets the service reach the auto-storage account with Entra ID instead, and allows " +
        "shared key access to be disabled on the storage account.",
      remediation: 'Set `properties.autoStorage.authenticationMode` to `"BatchAccountManagedIdentity"`, give the account an identity, and grant it a Storage Blob Data role on the storage account.',
      references: ["https://learn.microsoft.com/azure/batch/security-best-practices", "https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create"],
    },
    messages: {
      keys: "autoStorage.authenticationMode is '{{value}}': the service uses the storage account's shared keys.",
      notSet: "autoStorage.authenticationMode is not set, so the service uses the storage account's shared keys (StorageKeys).",
    },
  },

  check(account, ctx) {
    const auto = account.get("properties.autoStorage");
    if (!auto.isObject) return;
    const mode = auto.get("authenticationMode");
    if (mode.missing) ctx.report({ messageId: "notSet", at: mode });
    else if (mode.is("StorageKeys")) ctx.report({ messageId: "keys", at: mode, data: { value: mode.str()! } });
  },
});
