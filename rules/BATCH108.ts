import { BATCH_POOL, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH108",
    name: "pool-not-in-vnet",
    title: "Pool is not deployed into a virtual network",
    severity: "note",
    tags: ["network", "security"],
    resourceTypes: [BATCH_POOL],
    precision: "high",
    docs: {
      summary: "Deploy pools into a subnet you control (`networkConfiguration.subnetId`).",
      rationale:
        "Without `subnetId` the nodes live in a network managed by Batch, out of reach of your network security groups, " +
        "private endpoints and firewalls. The Batch security best practices and the Azure security baseline for Batch " +
        "recommend pools in a virtual network.",
      remediation: "Set `properties.networkConfiguration.subnetId` to a subnet's resource id, with the NSG rules the simplified communication mode needs.",
      references: ["https://learn.microsoft.com/azure/batch/batch-virtual-network", "https://learn.microsoft.com/azure/batch/security-best-practices"],
    },
    messages: { notSet: "networkConfiguration.subnetId is not set: the pool is not in your virtual network." },
  },
  check(pool, ctx) {
    const subnet = pool.get("properties.networkConfiguration.subnetId");
    if (subnet.missing) ctx.report({ messageId: "notSet", at: subnet });
  },
});
