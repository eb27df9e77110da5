import { defineRule, type Prop } from "../src/rule.js";

function strings(p: Prop, out: Prop[] = [], depth = 0): Prop[] {
  if (depth > 32) return out;
  if (p.str() !== undefined) out.push(p);
  else if (p.isArray) for (const i of p.items()) strings(i, out, depth + 1);
  else if (p.isObject) for (const [, c] of p.entries()) strings(c, out, depth + 1);
  return out;
}

export default defineRule({
  meta: {
    id: "BATCH902",
    name: "list-keys-in-outputs",
    title: "Outputs must not expose account keys",
    severity: "error",
    tags: ["security", "secrets", "hygiene"],
    resourceTypes: [],
    templateOnly: true,
    precision: "high",
    securitySeverity: 7.5,
    docs: {
      summary: "An output that calls `listKeys()` (or another `list*` function) publishes secrets in the deployment history.",
      rationale:
        "Deployment outputs are stored in plain text and readable by anyone with read access to the resource group's " +
        "deployments. arm-ttk ('Outputs Must Not Contain Secrets') and the Bicep linter (`outputs-should-not-contain-secrets`) " +
        "reject `list*()` calls in outputs; a Batch account's `listKeys` returns its shared keys.",
      remediation: "Remove the output; let consumers read keys where they need them (or better, use Microsoft Entra ID authentication).",
      references: [
        "https://learn.microsoft.com/azure/azure-resource-manager/templates/test-cases#outputs-cant-include-secrets",
        "https://learn.microsoft.com/azure/azure-resource-manager/bicep/linter-rule-outputs-should-not-contain-secrets",
      ],
    },
    messages: { listKeys: "Output '{{name}}' calls {{fn}}(), exposing secrets in the deployment history." },
  },
  checkDocument(doc, ctx) {
    if (!doc.template) return;
    for (const [name, output] of doc.template.outputs.entries()) {
      for (const s of strings(output.get("value"))) {
        const m = /^\[[\s\S]*\b(list[A-Za-z]*)\s*\(/i.exec(s.str()!);
        if (m && !s.str()!.startsWith("[[")) {
          ctx.report({ messageId: "listKeys", at: s, data: { name, fn: m[1]! } });
          break;
        }
      }
    }
  },
});
