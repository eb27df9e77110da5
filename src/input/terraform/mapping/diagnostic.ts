/**
 * `azurerm_monitor_diagnostic_setting` → a Microsoft.Insights/diagnosticSettings resource, for BATCH021 (an account
 * with no diagnostic setting sending its logs). `target_resource_id` is its `scope`: as written when known; when it
 * is a Batch account's computed `id` (`azurerm_batch_account.a.id`), the loader reads that account's name and the
 * scope is `Microsoft.Batch/batchAccounts/<name>`, the form an ARM template writes (located at the attribute).
 * `enabled_log { category | category_group }` blocks are logs that are enabled; the provider's older
 * `log { category, enabled }` blocks (enabled by default) are read too; `metric`/`enabled_metric` blocks are metrics,
 * and the destinations are the ARM properties they set (for Azure Policy definitions that test them).
 */
import type { PNode } from "../../../model/tree.js";
import type { MappingRow } from "./account.js";
import { accountIdNode, type Obj, ObjTree } from "./spec.js";

/** Where the setting sends its data: Terraform attribute → ARM property. */
const DESTINATIONS: Readonly<Record<string, string>> = {
  log_analytics_workspace_id: "workspaceId",
  log_analytics_destination_type: "logAnalyticsDestinationType",
  eventhub_authorization_rule_id: "eventHubAuthorizationRuleId",
  eventhub_name: "eventHubName",
  storage_account_id: "storageAccountId",
  partner_solution_id: "marketplacePartnerId",
};

/** The mapping table (docs/terraform-mapping.md): what mapDiagnosticSetting reads. */
export const DIAGNOSTIC_TABLE: readonly MappingRow[] = [
  { tf: "name", model: "name", note: "" },
  {
    tf: "target_resource_id",
    model: "scope",
    note: "as written; a Batch account's computed `id` (`azurerm_batch_account.a.id`) is read as `Microsoft.Batch/batchAccounts/<its name>`",
  },
  { tf: "enabled_log { category, category_group }", model: "properties.logs [{ category, categoryGroup, enabled: true }]", note: "one per block" },
  { tf: "log { category, enabled }", model: "properties.logs [{ category, enabled }]", note: "the provider's older block; enabled defaults to true" },
  { tf: "enabled_metric { category }", model: "properties.metrics [{ category, enabled: true }]", note: "one per block" },
  { tf: "metric { category, enabled }", model: "properties.metrics [{ category, enabled }]", note: "the provider's older block; enabled defaults to true" },
  ...Object.entries(DESTINATIONS).map(([tf, model]) => ({ tf, model: `properties.${model}`, note: "" })),
];

export function mapDiagnosticSetting(block: Obj, accountName?: string): Obj {
  const out = new ObjTree(block.at);
  const name = block.props.get("name");
  if (name) out.member("name", name.node, name.keyAt);
  const target = block.props.get("target_resource_id");
  if (target) {
    out.member("scope", accountIdNode(target.node, accountName), target.keyAt);
  }
  const props = new ObjTree(block.at);
  for (const [tf, model] of Object.entries(DESTINATIONS)) {
    const e = block.props.get(tf);
    if (e && !(e.node.t === "val" && e.node.value === null)) props.member(model, e.node, e.keyAt);
  }
  entries(block, "logs", ["enabled_log", "log"], props);
  entries(block, "metrics", ["enabled_metric", "metric"], props);
  out.member("properties", props.build());
  return out.build();
}

/** `enabled_x { category }` and the older `x { category, enabled }` blocks as the `logs` or `metrics` list. */
function entries(block: Obj, model: string, [current, older]: readonly [string, string], props: ObjTree): void {
  const logs: PNode[] = [];
  let unknown: PNode | undefined;
  for (const [tf, enabledByDefault] of [
    [current, true],
    [older, true],
  ] as const) {
    const blocks = block.props.get(tf)?.node;
    if (blocks === undefined) continue;
    if (blocks.t !== "arr") {
      unknown ??= blocks; // a dynamic block over an unknown collection
      continue;
    }
    for (const b of blocks.items) {
      if (b.t !== "obj") {
        logs.push(b);
        continue;
      }
      const log = new ObjTree(b.at).member("category", b.props.get("category")?.node).member("categoryGroup", b.props.get("category_group")?.node);
      const enabled = tf === older ? b.props.get("enabled")?.node : undefined;
      log.member("enabled", enabled ?? { t: "val", value: enabledByDefault, at: b.at, origins: [], ev: true });
      logs.push(log.build());
    }
  }
  if (unknown && logs.length === 0) props.member(model, unknown);
  else if (logs.length > 0) props.member(model, { t: "arr", items: logs, at: logs[0]!.at, origins: [] });
}
