import { defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH901",
    name: "secure-parameter-default",
    title: "Secure parameters must not have a literal default value",
    severity: "error",
    tags: ["security", "secrets", "hygiene"],
    resourceTypes: [],
    templateOnly: true,
    precision: "very-high",
    securitySeverity: 7.5,
    docs: {
      summary: "A `secureString` or `secureObject` parameter with a literal `defaultValue` puts the secret in the template.",
      rationale:
        "ARM's template best practices and the arm-ttk test 'Secure String Parameters Cannot Have Default' forbid literal " +
        "defaults for secure parameters: the value is stored in source control and in every deployment's template. " +
        "An empty string or an expression (e.g. `[newGuid()]`) is not a secret and is not reported.",
      remediation: "Remove the `defaultValue` and supply the value at deployment time from a Key Vault reference in the parameters file.",
      references: [
        "https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#parameters",
        "https://learn.microsoft.com/azure/azure-resource-manager/templates/test-cases#secure-parameters-cant-have-hard-coded-default",
      ],
    },
    messages: { literal: "Parameter '{{name}}' is {{type}} but has a literal defaultValue." },
  },
  checkDocument(doc, ctx) {
    if (!doc.template) return;
    for (const [name, param] of doc.template.parameters.entries()) {
      const type = param.get("type").str();
      if (!type || !/^secure(string|object)$/i.test(type)) continue;
      const def = param.get("defaultValue");
      if (!def.known) continue;
      const s = def.str();
      if (s !== undefined && (s === "" || (s.startsWith("[") && s.endsWith("]") && !s.startsWith("[[")))) continue;
      if (def.isObject && def.size === 0) continue;
      ctx.report({ messageId: "literal", at: def, atKey: !def.str(), data: { name, type } });
    }
  },
});
