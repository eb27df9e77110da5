import { ARM_SCHEMA_VERSIONS, BATCH_ACCOUNT, BATCH_POOL, closest, defineRule, noSchemaFor, schemaIssues } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH903",
    name: "invalid-enum-value",
    title: "Value is not one the Microsoft.Batch schema allows",
    severity: "error",
    tags: ["correctness"],
    resourceTypes: [BATCH_ACCOUNT, BATCH_POOL],
    precision: "very-high",
    docs: {
      summary: "Enum-valued properties (publicNetworkAccess, keySource, poolAllocationMode, identity type, ...) must hold one of the values the schema lists.",
      rationale:
        "ARM validates each property against the Microsoft.Batch schema of the resource's apiVersion. A typo such as " +
        "`Disbaled` fails the deployment, or in an exported definition shows a value the rules cannot reason about, which " +
        "would otherwise hide a real problem. Values are compared case-insensitively, as ARM does; a value that only a " +
        "newer apiVersion accepts is reported by BATCH906 instead. A template resource is checked against the schema " +
        `of its own apiVersion when batchlint ships it (${ARM_SCHEMA_VERSIONS.join(", ")}); with any other apiVersion ` +
        "(older, newer, a preview, or an expression that cannot be evaluated) it is not checked, and `--verbose` notes " +
        "so: enum values differ between versions, and another version's list would call valid values invalid. " +
        "Exported resources are checked against every shipped schema plus the REST API specification.",
      remediation: "Use one of the allowed values named in the message (usually the suggested one).",
      references: [
        "https://learn.microsoft.com/azure/templates/microsoft.batch/batchaccounts",
        "https://learn.microsoft.com/azure/templates/microsoft.batch/batchaccounts/pools",
        "https://github.com/Azure/azure-resource-manager-schemas",
      ],
    },
    messages: {
      invalid: "'{{value}}' is not a valid {{property}}; allowed: {{allowed}}.",
      didYouMean: "'{{value}}' is not a valid {{property}}; did you mean '{{suggestion}}'?",
    },
  },
  check(r, ctx) {
    const unchecked = noSchemaFor(r);
    if (unchecked !== undefined) {
      ctx.note(`did not check this resource: ${unchecked}`, r.get("apiVersion"));
      return; // what schemaIssues holds then is BATCH906's
    }
    for (const i of schemaIssues(r)) {
      if (i.kind !== "invalid-enum" || i.acceptedFrom) continue; // accepted by a newer apiVersion: BATCH906
      const property = i.prop.path.replace(/^properties\./, "").replace(/\[\d+\]/g, "[]");
      const suggestion = closest(i.name, i.allowed ?? []);
      if (suggestion) ctx.report({ messageId: "didYouMean", at: i.prop, data: { value: i.name, property, suggestion } });
      else ctx.report({ messageId: "invalid", at: i.prop, data: { value: i.name, property, allowed: (i.allowed ?? []).join(", ") } });
    }
  },
});
