import { ARM_SCHEMA_VERSIONS, BATCH_ACCOUNT, BATCH_POOL, defineRule, schemaIssues } from "../src/rule.js";

/** For API versions older than the oldest vendored schema (2023-11-01): when account properties appeared. */
const HISTORY: readonly { path: string; since: string }[] = [
  { path: "properties.publicNetworkAccess", since: "2020-03-01" },
  { path: "properties.allowedAuthenticationModes", since: "2021-06-01" },
  { path: "properties.networkProfile", since: "2022-10-01" },
];

export default defineRule({
  meta: {
    id: "BATCH906",
    name: "property-unsupported-by-api-version",
    title: "Property is not supported by the resource's apiVersion",
    severity: "warning",
    tags: ["correctness", "hygiene"],
    resourceTypes: [BATCH_ACCOUNT, BATCH_POOL],
    templateOnly: true,
    precision: "high",
    docs: {
      summary: "A property or value used with an `apiVersion` older than the one that introduced it is ignored or rejected.",
      rationale:
        "ARM validates a resource against the schema of its `apiVersion`. This rule compares the resource with the " +
        "vendored Microsoft.Batch schemas (2023-11-01, 2024-02-01, 2024-07-01, 2025-06-01): a property or enum value that " +
        "the resource's version lacks but a newer one defines is reported with the first version that has it (for example " +
        "`publicNetworkAccess: SecuredByPerimeter` appears in the 2024-07-01 schema). For older versions, the history of " +
        "account properties is kept as data: `publicNetworkAccess` from 2020-03-01, `allowedAuthenticationModes` from " +
        "2021-06-01 (the version Azure Policy 4dbc2f5c requires), `networkProfile` from 2022-10-01. Exported resources " +
        "carry no apiVersion and are not checked.",
      remediation: "Raise the resource's `apiVersion` to at least the version named in the message.",
      references: [
        "https://learn.microsoft.com/azure/templates/microsoft.batch/change-log/batchaccounts",
        "https://github.com/Azure/azure-resource-manager-schemas",
        "https://learn.microsoft.com/azure/batch/policy-reference",
      ],
    },
    messages: { unsupported: "{{what}} needs apiVersion {{since}} or later, but the resource uses {{version}}." },
  },
  check(r, ctx) {
    const version = r.apiVersion;
    if (!version || !/^\d{4}-\d{2}-\d{2}/.test(version)) return;
    for (const i of schemaIssues(r)) {
      if (!i.acceptedFrom) continue;
      const what = i.kind === "invalid-enum" ? `${i.prop.path.replace(/^properties\./, "")} '${i.name}'` : i.prop.path.replace(/^properties\./, "");
      ctx.report({ messageId: "unsupported", at: i.prop, atKey: i.kind === "unknown-property", data: { what, since: i.acceptedFrom, version } });
    }
    if (version.slice(0, 10) >= ARM_SCHEMA_VERSIONS[0]) return;
    for (const h of HISTORY) {
      if (version.slice(0, 10) >= h.since) continue;
      const p = r.get(h.path);
      if (p.missing || p.unknown) continue;
      ctx.report({ messageId: "unsupported", at: p, atKey: true, data: { what: h.path.replace(/^properties\./, ""), since: h.since, version } });
    }
  },
});
