import { defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH910",
    name: "duplicate-key",
    title: "Duplicate property name",
    severity: "warning",
    tags: ["correctness", "hygiene"],
    resourceTypes: [],
    precision: "very-high",
    docs: {
      summary: "A property written twice in the same object: only the last one counts.",
      rationale:
        "JSON parsers, ARM among them, keep the last of duplicate keys and silently drop the earlier ones. A reviewer " +
        "reading the first occurrence (say `publicNetworkAccess: Disabled`) sees a setting that is not deployed. " +
        "batchlint evaluates the last occurrence, as Azure does, and reports every earlier one.",
      remediation: "Delete the earlier occurrence, keeping the value you mean in a single property.",
      references: ["https://www.rfc-editor.org/rfc/rfc8259#section-4", "https://learn.microsoft.com/azure/azure-resource-manager/templates/syntax"],
    },
    messages: { duplicate: "'{{key}}' is written again later in this object; ARM uses the last occurrence, so this one is ignored." },
  },
  checkDocument(doc, ctx) {
    for (const d of doc.duplicateKeys) ctx.report({ messageId: "duplicate", at: d.ignored, data: { key: d.key }, related: [{ at: d.kept, message: "this occurrence is used" }] });
  },
});
