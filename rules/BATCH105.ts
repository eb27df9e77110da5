import { BATCH_POOL, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH105",
    name: "low-priority-nodes-retired",
    title: "Low-priority nodes are retired",
    severity: "warning",
    tags: ["retirement", "cost", "reliability"],
    resourceTypes: [BATCH_POOL],
    precision: "high",
    docs: {
      summary: "Low-priority VMs in Batch-managed pools were retired on 30 September 2025; use Spot VMs.",
      rationale:
        "Microsoft retired low-priority VMs for Azure Batch (migration guide: low-priority VMs retirement). Pools asking for " +
        "`targetLowPriorityNodes`, or autoscale formulas setting `$TargetLowPriorityNodes`, no longer get those nodes. Spot VMs " +
        "in user subscription pool allocation mode replace them.",
      remediation: "Set `targetLowPriorityNodes` to 0 (or drop it from the autoscale formula) and move interruptible capacity to Spot VMs as described in the migration guide.",
      references: ["https://learn.microsoft.com/azure/batch/low-priority-vms-retirement-migration-guide", "https://learn.microsoft.com/azure/batch/batch-spot-vms"],
    },
    messages: {
      fixed: "scaleSettings.fixedScale.targetLowPriorityNodes is {{count}}; low-priority VMs are retired.",
      formula: "The autoscale formula assigns $TargetLowPriorityNodes; low-priority VMs are retired.",
    },
  },
  check(pool, ctx) {
    const n = pool.get("properties.scaleSettings.fixedScale.targetLowPriorityNodes");
    const count = n.num();
    if (count !== undefined && count > 0) ctx.report({ messageId: "fixed", at: n, data: { count } });
    const formula = pool.get("properties.scaleSettings.autoScale.formula").str();
    if (formula !== undefined && /\$TargetLowPriorityNodes\s*=(?!=)(?!\s*0\s*(?:;|$))/im.test(formula)) ctx.report({ messageId: "formula", at: pool.get("properties.scaleSettings.autoScale.formula") });
  },
});
