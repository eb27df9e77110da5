import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule<"noIdentity" | "userAssignedOnly" | "noUserIdentities", { allowUserAssigned: boolean }>({
  meta: {
    id: "BATCH003",
    name: "cmk-requires-system-identity",
    title: "Customer-managed key encryption requires a system-assigned identity",
    severity: "error",
    tags: ["security", "encryption", "identity", "correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    securitySeverity: 5.5,
    docs: {
      summary: "`encryption.keySource: Microsoft.KeyVault` needs an account identity that can read the key: SystemAssigned by the REST contract; " + "a user-assigned identity with the option `allowUserAssigned`.",
      rationale:
        "With `keySource` `Microsoft.KeyVault` the account data is encrypted with a key in your Key Vault, which the Batch service reads " +
        "as one of the account's managed identities. With no identity, or `None`, no identity can read the key and the account cannot " +
        "use it. The Batch management REST reference (keyVaultProperties.keyIdentifier) states that the account must have a " +
        "SystemAssigned identity, and that is this rule's default. Batch's customer-managed-key guide also documents a user-assigned " +
        "identity that has been granted Get, Wrap Key and Unwrap Key on the key, and real configurations use one; teams that follow " +
        "the guide set `allowUserAssigned: true`, and then only an account with no usable identity is reported.",
      remediation:
        'Set `identity.type` to `"SystemAssigned"` and grant that identity Get, Wrap Key and Unwrap Key on the key vault; or, ' +
        "following the customer-managed-key guide, give the account a user-assigned identity with those permissions and set the rule " +
        "option `allowUserAssigned: true`.",
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create", "https://learn.microsoft.com/azure/batch/batch-customer-managed-key"],
    },
    messages: {
      noIdentity: "encryption.keySource is '{{keySource}}' but the account identity is {{identity}}: no identity can read the key in Key Vault.",
      userAssignedOnly:
        "encryption.keySource is '{{keySource}}' and the account identity is '{{identity}}': the REST contract requires a SystemAssigned identity; " +
        "Batch's customer-managed-key guide allows a user-assigned identity with access to the key (rule option allowUserAssigned).",
      noUserIdentities: "encryption.keySource is '{{keySource}}' and the account identity is '{{identity}}' but it lists no user-assigned identity: no identity can read the key in Key Vault.",
    },
    options: {
      allowUserAssigned: {
        type: "boolean",
        default: false,
        description: "Accept a user-assigned identity (as Batch's customer-managed-key guide documents) instead of requiring SystemAssigned (the REST contract).",
      },
    },
  },

  check(account, ctx) {
    const keySource = account.get("properties.encryption.keySource");
    if (!keySource.is("Microsoft.KeyVault")) return;
    const identity = account.get("identity");
    const type = identity.get("type");
    if (type.unknown || identity.unknown) return;
    const s = type.str();
    if (type.known && s === undefined) return; // not a string: the schema rule reports it
    // "SystemAssigned" or "SystemAssigned, UserAssigned" (both kinds at once).
    const kinds = new Set((s ?? "").split(",").map((p) => p.trim().toLowerCase()));
    if (kinds.has("systemassigned")) return;
    const data = { keySource: keySource.str()!, identity: type.missing ? "not set" : s! };
    const where = type.missing ? (identity.missing ? account.root : identity) : type;
    const related = [{ at: where, message: type.missing ? "identity is not set here" : "identity type" }];
    if (!kinds.has("userassigned")) {
      ctx.report({ messageId: "noIdentity", at: keySource, data: { ...data, identity: type.missing ? "not set" : `'${s}'` }, related });
      return;
    }
    const users = identity.get("userAssignedIdentities");
    // Only identities listed can read the key; none listed is a definite defect in either mode. An unknown list
    // decides nothing about it, but the type alone already breaks the REST contract.
    if (!users.unknown && (users.missing || (users.isObject && users.size === 0))) {
      ctx.report({ messageId: "noUserIdentities", at: keySource, data, related: [...related, ...(users.missing ? [] : [{ at: users, message: "no identity listed" }])] });
      return;
    }
    if (ctx.options.allowUserAssigned) return;
    ctx.report({ messageId: "userAssignedOnly", at: keySource, data, related });
  },
});
