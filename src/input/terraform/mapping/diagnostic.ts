/**
 * `azurerm_monitor_diagnostic_setting` → a Microsoft.Insights/diagnosticSettings resource, for BATCH021 (an account
 * with no diagnostic setting sending its logs). `target_resource_id` is its `scope`: as written when known; when it
 * is a Batch account's computed `id` (`azurerm_batch_account.a.id`), the loader reads that account's name and the
 * scope is `Microsoft.Batch/batchAccounts/<name>`, the form an ARM template writes (located at the attribute).
 * `enabled_log { category | category_group }` blocks are logs that are enabled; the provider's older
 * `log { category, enabled }` blocks (enabled by default) are read too. Metrics and destinations are not read.
 */
import type { PNode } from "../../../model/tree.js";
import type { MappingRow } from "./account.js";
import { type Obj, ObjTree } from "./spec.js";

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
];

export function mapDiagnosticSetting(block: Obj, accountName?: string): Obj {
  const out = new ObjTree(block.at);
  const name = block.props.get("name");
  if (name) out.member("name", name.node, name.keyAt);
  const target = block.props.get("target_resource_id");
  if (target) {
    const n = target.node;
    const scope: PNode = n.t !== "val" && accountName !== undefined ? { t: "val", value: `Microsoft.Batch/batchAccounts/${accountName}`, at: n.at, origins: n.origins, ev: true } : n;
    out.member("scope", scope, target.keyAt);
  }
  const logs: PNode[] = [];
  let unknown: PNode | undefined;
  for (const [tf, enabledByDefault] of [
    ["enabled_log", true],
    ["log", true],
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
      const enabled = tf === "log" ? b.props.get("enabled")?.node : undefined;
      log.member("enabled", enabled ?? { t: "val", value: enabledByDefault, at: b.at, origins: [], ev: true });
      logs.push(log.build());
    }
  }
  const props = new ObjTree(block.at);
  if (unknown && logs.length === 0) props.member("logs", unknown);
  else if (logs.length > 0) props.member("logs", { t: "arr", items: logs, at: logs[0]!.at, origins: [] });
  out.member("properties", props.build());
  return out.build();
}
