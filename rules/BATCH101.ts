import { BATCH_POOL, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH101",
    name: "cloud-service-configuration-retired",
    title: "CloudServiceConfiguration pools are retired",
    severity: "error",
    tags: ["retirement"],
    resourceTypes: [BATCH_POOL],
    precision: "very-high",
    docs: {
      summary: "Pools using `deploymentConfiguration.cloudServiceConfiguration` were retired on 29 February 2024.",
      rationale: "Azure Batch retired CloudServiceConfiguration pools on 29 February 2024; such pools can no longer be created or scaled. Only VirtualMachineConfiguration is supported.",
      remediation: "Use `deploymentConfiguration.virtualMachineConfiguration` with a Marketplace or Azure Compute Gallery image and a matching `nodeAgentSkuId`.",
      references: ["https://learn.microsoft.com/azure/batch/batch-pool-cloud-service-to-virtual-machine-configuration-migration-guide", "https://learn.microsoft.com/azure/batch/batch-certificate-migration-guide"],
    },
    messages: { retired: "Pool uses cloudServiceConfiguration, retired on 29 February 2024." },
  },
  check(pool, ctx) {
    const csc = pool.get("properties.deploymentConfiguration.cloudServiceConfiguration");
    if (csc.isObject) ctx.report({ messageId: "retired", at: csc, atKey: true });
  },
});
