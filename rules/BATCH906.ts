import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

/** Properties and values and the first Microsoft.Batch management API version that supports them. */
const SUPPORT: readonly { path: string; value?: string; since: string; source: string }[] = [
  { path: "properties.allowedAuthenticationModes", since: "2021-06-01", source: "Azure Policy 4dbc2f5c applies only from apiVersion 2021-06-01" },
  { path: "properties.publicNetworkAccess", since: "2020-03-01", source: "Microsoft.Batch 2020-03-01 REST API" },
  { path: "properties.networkProfile", since: "2022-10-01", source: "Microsoft.Batch 2022-10-01 REST API" },
  { path: "properties.nodeManagementAccess", since: "2024-02-01", source: "networkProfile.nodeManagementAccess, Microsoft.Batch 2024-02-01 schema" },
  { path: "properties.publicNetworkAccess", value: "SecuredByPerimeter", since: "2026-08-01", source: "Microsoft.Batch 2026-08-01 REST API" },
];

export default defineRule({
  meta: {
    id: "BATCH906",
    name: "property-unsupported-by-api-version",
    title: "Property is not supported by the resource's apiVersion",
    severity: "warning",
    tags: ["correctness", "hygiene"],
    resourceTypes: [BATCH_ACCOUNT],
    templateOnly: true,
    precision: "high",
    docs: {
      summary: "A property (or value) used with an `apiVersion` older than the one that introduced it is ignored or rejected.",
      rationale:
        "ARM validates a resource against the schema of its `apiVersion`. `allowedAuthenticationModes` exists from 2021-06-01, " +
        "`networkProfile` from 2022-10-01, `publicNetworkAccess: SecuredByPerimeter` from 2026-08-01. With an older " +
        "apiVersion the setting is rejected or silently dropped, so the account is not configured as the template reads.",
      remediation: "Raise the resource's `apiVersion` to at least the version named in the message.",
      references: ["https://learn.microsoft.com/azure/templates/microsoft.batch/change-log/batchaccounts", "https://learn.microsoft.com/azure/templates/microsoft.batch/batchaccounts"],
    },
    messages: { unsupported: "{{what}} needs apiVersion {{since}} or later, but the resource uses {{version}}." },
  },
  check(r, ctx) {
    const version = r.get("apiVersion").str();
    if (!version || !/^\d{4}-\d{2}-\d{2}/.test(version)) return;
    for (const s of SUPPORT) {
      if (version.slice(0, 10) >= s.since) continue;
      const p = s.path === "properties.nodeManagementAccess" ? r.get("properties.networkProfile.nodeManagementAccess") : r.get(s.path);
      if (s.value ? p.is(s.value) : !p.missing && !p.unknown) {
        ctx.report({ messageId: "unsupported", at: p, atKey: !s.value, data: { what: s.value ? `${p.path.replace(/^properties\./, "")} '${s.value}'` : p.path.replace(/^properties\./, ""), since: s.since, version } });
      }
    }
  },
});
