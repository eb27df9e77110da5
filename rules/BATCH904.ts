import { ARM_SCHEMA_VERSIONS, BATCH_ACCOUNT, BATCH_POOL, closest, defineRule, noSchemaFor, schemaIssues, schemaPropertyNames } from "../src/rule.js";

/** Suggestions for an unknown property at the top of a resource (outside `properties`). */
const TOP_LEVEL = ["properties", "identity", "location", "tags", "name", "type", "apiVersion", "dependsOn", "condition", "copy"];

export default defineRule({
  meta: {
    id: "BATCH904",
    name: "unknown-property",
    title: "Property is not in the Microsoft.Batch schema",
    severity: "warning",
    tags: ["correctness"],
    resourceTypes: [BATCH_ACCOUNT, BATCH_POOL],
    precision: "high",
    docs: {
      summary: "A property name that the Microsoft.Batch schema of the resource's apiVersion does not define is a typo or belongs elsewhere.",
      rationale:
        "ARM ignores or rejects properties it does not know, so a misspelt or misplaced setting (for example " +
        "`publicNetworkAcess`, or `allowedAuthenticationModes` outside `properties`) silently does nothing: the account " +
        "keeps the default the author meant to change. Names compare case-insensitively, as ARM does. A template " +
        `resource is checked against the schema of its own apiVersion when batchlint ships it (${ARM_SCHEMA_VERSIONS.join(", ")}); ` +
        "with any other apiVersion (older, newer, a preview, or an expression that cannot be evaluated) it is not " +
        "checked, and `--verbose` notes so: properties come and go between versions (`maxTasksPerNode` became " +
        "`taskSlotsPerNode` in 2021-01-01), and another version's schema would call valid ones unknown. Exported " +
        "resources are checked against every shipped schema plus the REST API's read-only properties. A property that " +
        "only a newer apiVersion defines is reported by BATCH906 instead.",
      remediation: "Fix the spelling or the nesting of the property (the message suggests the closest known name), or remove it.",
      references: [
        "https://learn.microsoft.com/azure/templates/microsoft.batch/batchaccounts",
        "https://learn.microsoft.com/azure/templates/microsoft.batch/batchaccounts/pools",
        "https://github.com/Azure/azure-resource-manager-schemas",
      ],
    },
    messages: {
      unknown: "'{{name}}' is not a property of {{where}} in the Microsoft.Batch schema ({{schema}}).",
      didYouMean: "'{{name}}' is not a property of {{where}} in the Microsoft.Batch schema ({{schema}}); did you mean '{{suggestion}}'?",
    },
  },
  check(r, ctx) {
    const unchecked = noSchemaFor(r);
    if (unchecked !== undefined) {
      ctx.note(`did not check this resource: ${unchecked}`, r.get("apiVersion"));
      return; // what schemaIssues holds then is BATCH906's
    }
    for (const i of schemaIssues(r)) {
      if (i.kind !== "unknown-property" || i.acceptedFrom) continue;
      const parentPath = i.prop.path.slice(0, Math.max(0, i.prop.path.length - i.name.length - 1));
      const where = parentPath ? `'${parentPath.replace(/\[\d+\]/g, "[]")}'` : "the resource";
      const siblings = parentPath === "" ? TOP_LEVEL : schemaPropertyNames(r, i.checkedAgainst, parentPath);
      const suggestion = closest(i.name, siblings);
      const schema = i.checkedAgainst === "export" ? "exported resource" : `apiVersion ${i.checkedAgainst}`;
      ctx.report(
        suggestion ? { messageId: "didYouMean", at: i.prop, atKey: true, data: { name: i.name, where, schema, suggestion } } : { messageId: "unknown", at: i.prop, atKey: true, data: { name: i.name, where, schema } },
      );
    }
  },
});
