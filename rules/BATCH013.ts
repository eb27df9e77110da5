import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH013",
    name: "user-subscription-key-vault-missing",
    title: "User subscription pool allocation requires a Key Vault reference",
    severity: "error",
    tags: ["correctness", "security"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    docs: {
      summary: "With `poolAllocationMode: UserSubscription` the account must reference a Key Vault (`keyVaultReference.id` and `url`).",
      rationale:
        "Microsoft's documentation for creating a Batch account in user subscription mode requires associating the account " +
        "with an Azure Key Vault, and the REST reference describes `keyVaultReference` as required when the pool allocation " +
        "mode is UserSubscription. Without it the account cannot be created.",
      remediation: 'Set `properties.keyVaultReference` to `{ "id": "<key vault resource id>", "url": "https://<vault>.vault.azure.net/" }`.',
      references: ["https://learn.microsoft.com/azure/batch/batch-account-create-portal", "https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create"],
    },
    messages: {
      missing: "poolAllocationMode is '{{mode}}' but {{what}} is not set.",
    },
  },

  check(account, ctx) {
    const mode = account.get("properties.poolAllocationMode");
    if (!mode.is("UserSubscription")) return;
    const ref = account.get("properties.keyVaultReference");
    const related = [{ at: mode, message: "poolAllocationMode is set here" }];
    if (ref.unknown) return;
    if (ref.missing) {
      ctx.report({ messageId: "missing", at: ref, data: { mode: mode.str()!, what: "keyVaultReference" }, related });
      return;
    }
    for (const key of ["id", "url"]) {
      const v = ref.get(key);
      if (v.missing || v.str()?.trim() === "") ctx.report({ messageId: "missing", at: v, data: { mode: mode.str()!, what: `keyVaultReference.${key}` }, related });
    }
  },
});
