import { BATCH_POOL, defineRule, isExpression, type Prop } from "../src/rule.js";

/** Every `identityReference` object under a value (mounts, container registries, resource files, start task ...). */
function identityReferences(p: Prop, out: Prop[] = [], depth = 0): Prop[] {
  if (depth > 32) return out;
  if (p.isArray) for (const item of p.items()) identityReferences(item, out, depth + 1);
  else if (p.isObject)
    for (const [key, child] of p.entries()) {
      // Lower-casing keeps the length of a key that becomes ASCII: only keys of its length are lower-cased.
      if (key.length === 17 && key.toLowerCase() === "identityreference") out.push(child);
      else identityReferences(child, out, depth + 1);
    }
  return out;
}

export default defineRule({
  meta: {
    id: "BATCH111",
    name: "identity-reference-not-assigned",
    title: "Identity reference names an identity the pool does not have",
    severity: "error",
    tags: ["identity", "correctness"],
    resourceTypes: [BATCH_POOL],
    precision: "high",
    docs: {
      summary: "Every `identityReference.resourceId` in a pool (mounts, container registries, resource files, start task) must be one of the pool's `identity.userAssignedIdentities`.",
      rationale:
        "Microsoft's pool managed identity guide: when a user-assigned identity is used by the pool, the pool's Identity " +
        "property must be set; an incorrect Identity setting causes access and upload errors. A reference to an identity not " +
        "assigned to the pool cannot obtain a token on the nodes, so the mount, image pull or download fails at run time.",
      remediation: "Add the referenced identity to the pool's `identity.userAssignedIdentities` (with `identity.type: UserAssigned`), or reference one that is assigned.",
      references: ["https://learn.microsoft.com/azure/batch/managed-identity-pools"],
    },
    messages: { notAssigned: "identityReference '{{id}}' is not among the pool's user-assigned identities{{assigned}}." },
  },
  check(pool, ctx) {
    const refs = identityReferences(pool.get("properties"));
    if (refs.length === 0) return;
    const type = pool.get("identity.type");
    const uai = pool.get("identity.userAssignedIdentities");
    // ARM evaluates expressions in property names ("[resourceId(...)]": {}), batchlint keeps them as written: such a
    // key names an identity we cannot know, so no reference can be said to be missing.
    if (type.unknown || uai.unknown || uai.entries().some(([k, v]) => v.unknown || isExpression(k))) return;
    const assigned = type.is("UserAssigned") ? uai.entries().map(([k]) => k.toLowerCase()) : [];
    for (const ref of refs) {
      const id = ref.get("resourceId");
      const s = id.str();
      if (s === undefined || assigned.includes(s.toLowerCase())) continue;
      ctx.report({ messageId: "notAssigned", at: id, data: { id: s, assigned: assigned.length ? "" : " (the pool has none)" } });
    }
  },
});
