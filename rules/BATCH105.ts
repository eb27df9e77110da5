import { BATCH_ACCOUNT, BATCH_POOL, defineRule, type Resource, type RuleContext } from "../src/rule.js";

/** The pool's Batch account when it is in the same document: the template parent, or the export whose id prefixes the pool's. */
function accountOf(pool: Resource, ctx: Pick<RuleContext, "resources">): Resource | undefined {
  if (pool.parent) return pool.parent;
  const m = /^(.*\/batchAccounts\/[^/]+)\/pools\/[^/]+$/i.exec(pool.id ?? "");
  if (!m) return undefined;
  const accountId = m[1]!.toLowerCase();
  return ctx.resources(BATCH_ACCOUNT).find((a) => a.id?.toLowerCase() === accountId);
}

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
      summary: "Low-priority VMs in Batch-managed (`poolAllocationMode: BatchService`) accounts are retired; plan preemptible capacity as Spot VMs.",
      rationale:
        "`targetLowPriorityNodes` (and `$TargetLowPriorityNodes` in autoscale formulas) asks for Spot/low-priority nodes: " +
        "accounts in user subscription pool allocation mode always get Spot VMs from it, Batch-managed accounts got the " +
        "legacy low-priority offering. Microsoft retired low-priority VMs (announced for 30 September 2025; the date was " +
        "revised in Azure/Batch#140 on 26 February 2026), so pools of Batch-managed accounts that still ask for them no " +
        "longer get the low-priority offering they were designed for. The rule only reports pools whose account is in the " +
        "same document with `poolAllocationMode` BatchService (the default); pools of user-subscription accounts, or whose " +
        "account is not visible, are not reported.",
      remediation:
        "Move interruptible capacity to Spot VMs (an account in user subscription pool allocation mode) or to dedicated nodes, and set `targetLowPriorityNodes` to 0 (or drop `$TargetLowPriorityNodes` from the autoscale formula) in Batch-managed accounts.",
      references: ["https://learn.microsoft.com/azure/batch/low-priority-vms-retirement-migration-guide", "https://learn.microsoft.com/azure/batch/batch-spot-vms", "https://github.com/Azure/Batch/issues/140"],
    },
    messages: {
      fixed: "scaleSettings.fixedScale.targetLowPriorityNodes is {{count}} in a Batch-managed account ({{mode}}); low-priority VMs are retired.",
      formula: "The autoscale formula assigns $TargetLowPriorityNodes in a Batch-managed account ({{mode}}); low-priority VMs are retired.",
    },
  },
  check(pool, ctx) {
    const n = pool.get("properties.scaleSettings.fixedScale.targetLowPriorityNodes");
    const count = n.num();
    const formulaProp = pool.get("properties.scaleSettings.autoScale.formula");
    const formula = formulaProp.str();
    const fixedHit = count !== undefined && count > 0;
    // An assignment other than a literal 0 (comparisons with == are not assignments).
    const formulaHit = formula !== undefined && /\$TargetLowPriorityNodes\s*=(?!=)(?!\s*0\s*(?:;|$))/im.test(formula);
    if (!fixedHit && !formulaHit) return;
    // Whether these are low-priority or Spot nodes depends on the account's pool allocation mode.
    const account = accountOf(pool, ctx);
    if (!account) return;
    const mode = account.get("properties.poolAllocationMode");
    if (mode.unknown || mode.isNot("BatchService")) return;
    const modeText = mode.missing ? "poolAllocationMode not set, default BatchService" : `poolAllocationMode '${mode.str()}'`;
    const related = [{ at: mode, message: mode.missing ? "the Batch account does not set poolAllocationMode (default BatchService)" : "poolAllocationMode is set here" }];
    if (fixedHit) ctx.report({ messageId: "fixed", at: n, related, data: { count, mode: modeText } });
    if (formulaHit) ctx.report({ messageId: "formula", at: formulaProp, related, data: { mode: modeText } });
  },
});
