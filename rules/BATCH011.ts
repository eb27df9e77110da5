import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

const KEY_URL =
  /^https:\/\/[a-z0-9-]{3,24}\.(vault\.azure\.net|vault\.azure\.cn|vault\.usgovcloudapi\.net|vault\.microsoftazure\.de|managedhsm\.azure\.net|managedhsm\.azure\.cn|managedhsm\.usgovcloudapi\.net)(:443)?\/keys\/[A-Za-z0-9-]{1,127}(\/[0-9a-fA-F]{32})?\/?$/i;

export default defineRule({
  meta: {
    id: "BATCH011",
    name: "key-identifier-malformed",
    title: "Key identifier is not a Key Vault key URL",
    severity: "warning",
    tags: ["encryption", "correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "high",
    docs: {
      summary: "`keyVaultProperties.keyIdentifier` must be `https://<vault>.vault.azure.net/keys/<name>[/<version>]`.",
      rationale:
        "The REST reference gives the key identifier as the full path to the key, with or without version, for example " +
        "`https://mykeyvault.vault.azure.net/keys/testkey/6e34a81fef704045975661e297a4c053`. A secret URL, a vault URL " +
        "without `/keys/`, or plain HTTP is rejected when the account is created or updated.",
      remediation: "Use the key's identifier as shown by `az keyvault key show --query key.kid` (optionally without the version).",
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create", "https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates"],
    },
    messages: {
      malformed: "keyIdentifier '{{value}}' is not a Key Vault key URL (https://<vault>.vault.azure.net/keys/<name>[/<version>]).",
    },
  },

  check(account, ctx) {
    const id = account.get("properties.encryption.keyVaultProperties.keyIdentifier");
    const s = id.str();
    if (s === undefined || s.trim() === "" || KEY_URL.test(s)) return;
    ctx.report({ messageId: "malformed", at: id, data: { value: s } });
  },
});
