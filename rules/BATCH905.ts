import { BATCH_ACCOUNT, BATCH_POOL, defineRule } from "../src/rule.js";

export default defineRule<"old", { minimumApiVersion: string }>({
  meta: {
    id: "BATCH905",
    name: "api-version-outdated",
    title: "Batch API version is older than the configured minimum",
    severity: "warning",
    tags: ["hygiene", "reliability"],
    resourceTypes: [BATCH_ACCOUNT, BATCH_POOL],
    templateOnly: true,
    precision: "very-high",
    docs: {
      summary: "Batch accounts and pools should be deployed with a recent `apiVersion` (default minimum 2024-07-01).",
      rationale:
        "Older API versions lack current properties and defaults; in particular pools created with an API version before " +
        "2024-07-01 allow remote access (RDP/SSH) to nodes by default, per the Batch security best practices, and Azure/Batch#140 " +
        "announces the retirement of management API versions before 2025-06-01. Exported accounts carry no apiVersion, so " +
        "only templates are checked.",
      remediation: "Use `apiVersion` 2024-07-01 or later (2025-06-01 is current), and review the changed defaults.",
      references: ["https://learn.microsoft.com/azure/batch/security-best-practices", "https://github.com/Azure/Batch/issues/140", "https://learn.microsoft.com/azure/templates/microsoft.batch/batchaccounts"],
    },
    messages: { old: "apiVersion {{version}} is older than the minimum {{minimum}}." },
    options: { minimumApiVersion: { type: "string", default: "2024-07-01", description: "Oldest accepted apiVersion (YYYY-MM-DD)." } },
  },
  check(r, ctx) {
    const v = r.get("apiVersion");
    const s = v.str();
    if (!s || !/^\d{4}-\d{2}-\d{2}/.test(s)) return;
    if (s.slice(0, 10) < ctx.options.minimumApiVersion) ctx.report({ messageId: "old", at: v, data: { version: s, minimum: ctx.options.minimumApiVersion } });
  },
});
