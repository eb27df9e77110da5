import { BATCH_POOL, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH113",
    name: "application-licenses-retired",
    title: "Pay-per-use application licenses are retired",
    severity: "error",
    tags: ["retirement", "cost"],
    resourceTypes: [BATCH_POOL],
    precision: "very-high",
    docs: {
      summary: "Pool `applicationLicenses` (Batch pay-per-use rendering licenses) were retired on 29 February 2024.",
      rationale:
        "Batch's rendering VM images and pay-for-use application licensing (Maya, 3ds Max, Arnold, V-Ray, requested through " +
        "the pool's `applicationLicenses`) were deprecated and retired on 29 February 2024. The property is gone from the " +
        "Microsoft.Batch API from 2025-06-01; a pool that still requests licenses gets none, and a license the service does " +
        "not offer makes pool creation fail.",
      remediation:
        "Remove `properties.applicationLicenses`. Build a custom image in an Azure Compute Gallery with the rendering applications and use standard licensing (a license server reachable from the pool's virtual network).",
      references: ["https://learn.microsoft.com/azure/batch/batch-rendering-functionality", "https://github.com/Azure/Batch/issues/140"],
    },
    messages: { retired: "Pool requests {{count}} pay-per-use application license(s) ({{names}}), retired on 29 February 2024" },
  },
  check(pool, ctx) {
    const licenses = pool.get("properties.applicationLicenses");
    if (!licenses.isArray || licenses.size === 0) return;
    const names = licenses.items().map((l) => (l.str() !== undefined ? `'${l.str()}'` : "<unknown>"));
    ctx.report({ messageId: "retired", at: licenses, atKey: true, data: { count: licenses.size, names: names.join(", ") } });
  },
});
