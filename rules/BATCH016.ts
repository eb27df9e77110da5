import { BATCH_ACCOUNT, BATCH_POOL, defineRule, isExpression, type Resource, type RuleContext, named } from "../src/rule.js";

/** The account's pools in the same document: nested or "acct/pool" children (parent), or exported pools under the account's id. */
function poolsOf(account: Resource, ctx: RuleContext): Resource[] {
  const prefix = account.id ? `${account.id.toLowerCase()}/pools/` : undefined;
  return ctx.resources(BATCH_POOL).filter((p) => p.parent === account || (prefix !== undefined && p.id?.toLowerCase().startsWith(prefix)));
}

/** The pool's user-assigned identity ids (lower case), or undefined when they cannot be known. */
function poolIdentities(pool: Resource): string[] | undefined {
  const type = pool.get("identity.type");
  const uai = pool.get("identity.userAssignedIdentities");
  if (pool.conditional || type.unknown || uai.unknown) return undefined;
  // ARM evaluates expressions in property names ("[resourceId(...)]": {}); batchlint keeps them as written.
  if (uai.entries().some(([k, v]) => v.unknown || isExpression(k))) return undefined;
  return type.is("UserAssigned") ? uai.entries().map(([k]) => k.toLowerCase()) : [];
}

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
      summary: "`autoStorage.authenticationMode: BatchAccountManagedIdentity` needs an account identity; `autoStorage.nodeIdentityReference` must name an identity assigned to the account's pools.",
      rationale:
        "With `BatchAccountManagedIdentity` the Batch service authenticates to the auto-storage account as the Batch " +
        "account's managed identity (REST reference, AutoStorageAuthenticationMode); with identity type `None` or no " +
        "identity there is nothing to authenticate as. `nodeIdentityReference` is a different identity: the one compute " +
        "nodes use to reach auto-storage, which the REST reference says 'must be assigned to pools which have compute nodes " +
        "that need access to auto-storage'. It does not have to be an identity of the account, so it is checked against " +
        "the account's pools in the same document (nested, `acct/pool` children, or exported pools under the account's id): " +
        "when pools are present and none of them has the identity, the nodes cannot use it (reported as a warning, since a " +
        "pool that never reads auto-storage does not need it). Without pools in the document this part is not checked.",
      remediation:
        "Give the account an identity (`identity.type` SystemAssigned or UserAssigned). Add the identity named by " +
        "`nodeIdentityReference.resourceId` to `identity.userAssignedIdentities` of the pools whose nodes use auto-storage.",
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create", "https://learn.microsoft.com/azure/batch/managed-identity-pools"],
    },
    messages: {
      noIdentity: "autoStorage.authenticationMode is '{{mode}}' but the account identity is {{identity}}.",
      notOnPools: "autoStorage.nodeIdentityReference.resourceId '{{id}}' is not assigned to any of the account's {{count}} pool(s) in this document.",
    },
  },

  check(account, ctx) {
    const auto = account.get("properties.autoStorage");
    if (!auto.isObject) return;
    const mode = auto.get("authenticationMode");
    const type = account.get("identity.type");
    if (mode.is("BatchAccountManagedIdentity") && (type.missing || type.is("None"))) {
      ctx.report({
        messageId: "noIdentity",
        at: mode,
        data: { mode: mode.str()!, identity: type.missing ? "not set" : `'${type.str()}'` },
        related: type.missing ? [] : [{ at: type, message: "identity type" }],
      });
    }

    const ref = auto.get("nodeIdentityReference.resourceId");
    const id = ref.str();
    if (id === undefined || id.trim() === "") return;
    const pools = poolsOf(account, ctx);
    if (pools.length === 0) return;
    const assigned = pools.map(poolIdentities);
    if (assigned.some((a) => a === undefined || a.includes(id.toLowerCase()))) return;
    ctx.report({
      messageId: "notOnPools",
      at: ref,
      severity: "warning",
      data: { id, count: pools.length },
      related: pools.map((p) => ({ at: p.get("identity").missing ? p.root : p.get("identity"), message: `identity of ${named("pool", p)}` })),
    });
  },
});
