import { ARM_SCHEMA_VERSIONS, BATCH_ACCOUNT, BATCH_POOL, defineRule, schemaIssues } from "../src/rule.js";

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
        `Microsoft.Batch schemas batchlint ships (${ARM_SCHEMA_VERSIONS.join(", ")}): a property or enum value that the ` +
        "resource's version lacks but a newer shipped schema defines is reported with the oldest shipped schema that has " +
        "it (for example `publicNetworkAccess: SecuredByPerimeter` is in the 2024-07-01 schema and not in 2024-02-01). " +
        "It says only what those schemas show, so it stays silent unless the resource's apiVersion is shipped, or lies " +
        "between two shipped versions and the next shipped one above it lacks the property too, and unless no shipped " +
        "schema older than the one named has it (a property that was dropped and brought back, or renamed). Resources " +
        "whose apiVersion is older or newer than every shipped schema, a preview or unknown are not checked, nor are " +
        "exported resources, which carry no apiVersion.",
      remediation: "Raise the resource's `apiVersion` to the version named in the message or a later one.",
      references: [
        "https://learn.microsoft.com/azure/templates/microsoft.batch/change-log/batchaccounts",
        "https://learn.microsoft.com/azure/templates/microsoft.batch/change-log/batchaccounts/pools",
        "https://github.com/Azure/azure-resource-manager-schemas",
      ],
    },
    messages: { unsupported: "{{what}} is not supported by apiVersion {{version}}; the oldest Microsoft.Batch schema shipped with batchlint that supports it is {{since}}." },
  },
  check(r, ctx) {
    // acceptedFrom is set only for templates whose apiVersion is a date (see schemaIssues).
    const version = r.apiVersion;
    if (version === undefined) return;
    for (const i of schemaIssues(r)) {
      if (!i.acceptedFrom) continue;
      const what = i.kind === "invalid-enum" ? `${i.prop.path.replace(/^properties\./, "")} '${i.name}'` : i.prop.path.replace(/^properties\./, "");
      ctx.report({ messageId: "unsupported", at: i.prop, atKey: i.kind === "unknown-property", data: { what, since: i.acceptedFrom, version } });
    }
  },
});
