import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH014",
    name: "key-vault-reference-unused",
    title: "Key Vault reference has no effect in Batch service allocation mode",
    severity: "note",
    tags: ["correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "high",
    docs: {
      summary: "`keyVaultReference` is only used by accounts in `UserSubscription` pool allocation mode; it is not encryption.",
      rationale:
        "The REST reference describes `keyVaultReference` as the Key Vault associated with the account for user subscription " +
        "mode. With `BatchService` (the default) it does nothing. It is also not how account data is encrypted: that is " +
        "`encryption.keySource`, which some scanners confuse with it.",
      remediation: "Remove `keyVaultReference`, or set `poolAllocationMode` to `UserSubscription` if that is intended. For customer-managed keys use `properties.encryption`.",
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create", "https://learn.microsoft.com/azure/batch/batch-customer-managed-key"],
    },
    messages: {
      unused: "keyVaultReference is set but poolAllocationMode is {{mode}}, so it has no effect.",
    },
  },

  check(account, ctx) {
    const ref = account.get("properties.keyVaultReference");
    if (!ref.isObject || ref.size === 0) return;
    const mode = account.get("properties.poolAllocationMode");
    if (mode.missing) ctx.report({ messageId: "unused", at: ref, atKey: true, data: { mode: "not set (BatchService)" } });
    else if (mode.is("BatchService")) ctx.report({ messageId: "unused", at: ref, atKey: true, data: { mode: `'${mode.str()}'` }, related: [{ at: mode, message: "poolAllocationMode is set here" }] });
  },
});
