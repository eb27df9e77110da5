import { BATCH_POOL, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH103",
    name: "classic-node-communication",
    title: "Classic node communication mode is retired",
    severity: "error",
    tags: ["retirement", "network"],
    resourceTypes: [BATCH_POOL],
    precision: "very-high",
    docs: {
      summary: "`targetNodeCommunicationMode: Classic` was retired on 31 March 2026; use Simplified.",
      rationale:
        "Azure Batch retired the classic compute node communication model on 31 March 2026. The simplified model needs fewer inbound and outbound rules and is the only supported mode. An absent value or `Default` is not reported: the schema documents `Default` as the value when omitted, with the classic model retired the service uses simplified, and the property is gone from the Microsoft.Batch API from 2025-06-01.",
      remediation: 'Set `properties.targetNodeCommunicationMode` to `"Simplified"` and update network security rules as described in the migration guide.',
      references: ["https://learn.microsoft.com/azure/batch/batch-pools-to-simplified-compute-node-communication-model-migration-guide", "https://learn.microsoft.com/azure/batch/simplified-compute-node-communication"],
    },
    messages: { classic: "targetNodeCommunicationMode is '{{value}}', retired on 31 March 2026." },
  },
  check(pool, ctx) {
    const mode = pool.get("properties.targetNodeCommunicationMode");
    if (mode.is("Classic")) ctx.report({ messageId: "classic", at: mode, data: { value: mode.str()! } });
  },
});
