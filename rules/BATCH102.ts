import { BATCH_POOL, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH102",
    name: "certificate-references-retired",
    title: "Pool certificate references are retired",
    severity: "error",
    tags: ["retirement", "secrets"],
    resourceTypes: [BATCH_POOL],
    precision: "very-high",
    docs: {
      summary: "Pool `certificates` references were retired with Batch account certificates on 29 February 2024.",
      rationale: "Batch account certificates and the pool certificate references that install them on nodes were retired on 29 February 2024. Pools that still list certificates fail to deploy or get no certificates.",
      remediation: "Remove `properties.certificates`; install certificates from Azure Key Vault with the Key Vault VM extension and a user-assigned identity on the pool.",
      references: ["https://learn.microsoft.com/azure/batch/batch-certificate-migration-guide"],
    },
    messages: { retired: "Pool lists {{count}} certificate reference(s), a feature retired on 29 February 2024." },
  },
  check(pool, ctx) {
    const certs = pool.get("properties.certificates");
    if (certs.isArray && certs.size > 0) ctx.report({ messageId: "retired", at: certs, atKey: true, data: { count: certs.size } });
  },
});
