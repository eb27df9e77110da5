import { BATCH_POOL, defineRule } from "../src/rule.js";

/** Node agent SKUs past or near end of support: [prefix, retired?, date, source]. */
const NODE_AGENTS: readonly { sku: string; severity: "error" | "warning"; when: string; source: string }[] = [
  { sku: "batch.node.centos 7", severity: "error", when: "no new pools after 31 December 2024", source: "Azure/Batch#180" },
  { sku: "batch.node.centos 8", severity: "error", when: "no new pools after 31 December 2024", source: "Azure/Batch#180" },
  { sku: "batch.node.debian 8", severity: "error", when: "no new pools after 31 December 2024", source: "Azure/Batch#180" },
  { sku: "batch.node.debian 9", severity: "error", when: "no new pools after 31 December 2024", source: "Azure/Batch#180" },
  { sku: "batch.node.debian 10", severity: "error", when: "no new pools after 31 December 2024", source: "Azure/Batch#180" },
  { sku: "batch.node.ubuntu 14.04", severity: "error", when: "no new pools after 31 December 2024", source: "Azure/Batch#180" },
  { sku: "batch.node.ubuntu 16.04", severity: "error", when: "no new pools after 31 December 2024", source: "Azure/Batch#180" },
  { sku: "batch.node.ubuntu 18.04", severity: "error", when: "no new pools after 31 December 2024", source: "Azure/Batch#180" },
  { sku: "batch.node.ubuntu 20.04", severity: "warning", when: "announced for retirement", source: "Azure/Batch#140" },
];

export default defineRule({
  meta: {
    id: "BATCH106",
    name: "node-agent-sku-retired",
    title: "Node agent SKU is retired or retiring",
    severity: "error",
    tags: ["retirement", "reliability"],
    resourceTypes: [BATCH_POOL],
    precision: "very-high",
    docs: {
      summary: "`virtualMachineConfiguration.nodeAgentSkuId` names a node agent that Azure Batch no longer supports (or has announced it will stop supporting).",
      rationale:
        "Azure Batch ended support for the CentOS 7/8, Debian 8/9/10 and Ubuntu 14.04/16.04/18.04 node agents: no new pools " +
        "after 31 December 2024 and existing pools are scaled to zero (Azure/Batch#180). Ubuntu 20.04 is announced for " +
        "retirement (Azure/Batch#140) and is reported as a warning regardless of the configured severity of this rule.",
      remediation: "Move to a supported image and node agent, e.g. `canonical/ubuntu-24_04-lts` with `batch.node.ubuntu 24.04` (list them with `az batch pool supported-images list`).",
      references: ["https://github.com/Azure/Batch/issues/180", "https://github.com/Azure/Batch/issues/140", "https://learn.microsoft.com/azure/batch/batch-linux-nodes"],
    },
    messages: {
      retired: "nodeAgentSkuId '{{sku}}' is retired ({{when}}; {{source}}).",
      retiring: "nodeAgentSkuId '{{sku}}' is {{when}} ({{source}}).",
    },
  },
  check(pool, ctx) {
    const skuProp = pool.get("properties.deploymentConfiguration.virtualMachineConfiguration.nodeAgentSkuId");
    const sku = skuProp.str()?.toLowerCase().replace(/\s+/g, " ").trim();
    if (sku === undefined) return;
    const hit = NODE_AGENTS.find((n) => sku === n.sku);
    if (!hit) return;
    ctx.report({
      messageId: hit.severity === "error" ? "retired" : "retiring",
      severity: hit.severity === "error" ? undefined : "warning",
      at: skuProp,
      data: { sku: skuProp.str()!, when: hit.when, source: hit.source },
    });
  },
});
