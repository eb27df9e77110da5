// An example batchlint plugin: a company rule requiring a cost-center tag on every Batch account.
// Enable it in batchlint.config.json:  { "plugins": ["./examples/plugins/cost-center-tag.mjs"] }
import { BATCH_ACCOUNT, defineRule } from "batchlint";

const costCenterTag = defineRule({
  meta: {
    // Plugin rule ids must not start with BATCH (reserved for built-ins): use your own prefix.
    id: "ACME001",
    name: "cost-center-tag",
    title: "Batch accounts must carry a cost center tag",
    severity: "error",
    tags: ["cost"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    docs: {
      summary: "Every Batch account carries a non-empty cost center tag so that its spend can be charged back.",
      rationale: "Finance allocates compute spend by the cost center tag; untagged accounts end up in a shared overhead bucket nobody owns.",
      remediation: 'Add `"tags": { "costCenter": "<your cost center>" }` to the account.',
      references: ["https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources"],
    },
    messages: {
      missing: "the Batch account has no '{{tag}}' tag.",
      empty: "the '{{tag}}' tag is empty.",
    },
    options: {
      tagName: { type: "string", default: "costCenter", description: "Name of the required tag (compared case-insensitively)." },
    },
  },

  check(account, ctx) {
    const tagName = String(ctx.options.tagName);
    const tags = account.get("tags");
    if (tags.unknown) return; // computed by an expression we cannot evaluate: stay silent
    const entry = tags.entries().find(([k]) => k.toLowerCase() === tagName.toLowerCase());
    if (!entry) {
      ctx.report({ messageId: "missing", at: tags, data: { tag: tagName } });
      return;
    }
    const value = entry[1];
    if (value.known && (value.str() ?? "").trim() === "") ctx.report({ messageId: "empty", at: value, data: { tag: tagName } });
  },
});

export const rules = [costCenterTag];
