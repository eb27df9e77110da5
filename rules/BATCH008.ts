import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH008",
    name: "node-management-access-open",
    title: "Node management endpoint is open to any address",
    severity: "note",
    tags: ["network", "security"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "medium",
    docs: {
      summary: "With public network access enabled, `networkProfile.nodeManagementAccess` should deny by default.",
      rationale:
        "The node management endpoint is the one compute nodes use under the simplified communication model. An absent " +
        "`nodeManagementAccess` counts as open: Microsoft's public network access article says Batch accounts have public, " +
        "publicly accessible endpoints by default ('All networks' = no restriction), and the REST reference gives no default " +
        "for `EndpointAccessProfile` other than the required `defaultAction`, which only applies when public network access " +
        "is enabled. So with public network access `Enabled` (or not set) the endpoint accepts any address unless " +
        "`defaultAction` is `Deny`. `SecuredByPerimeter` and `Disabled` are not reported. A note, because nodes in pools " +
        "without fixed egress addresses need the open endpoint; restricting it to the pools' egress ranges, or using a " +
        "private endpoint (group `nodeManagement`), narrows the attack surface.",
      remediation:
        'Set `properties.networkProfile.nodeManagementAccess` to `{ "defaultAction": "Deny", "ipRules": [ ... ] }` with the pools\' public egress ranges, or disable public network access and add a `nodeManagement` private endpoint.',
      references: ["https://learn.microsoft.com/azure/batch/public-network-access", "https://learn.microsoft.com/azure/batch/simplified-compute-node-communication"],
    },
    messages: {
      open: "nodeManagementAccess {{what}} while public network access is enabled: the node management endpoint accepts any address.",
    },
  },

  check(account, ctx) {
    const pna = account.get("properties.publicNetworkAccess");
    if (!(pna.missing || pna.is("Enabled"))) return;
    const profile = account.get("properties.networkProfile");
    const nm = profile.get("nodeManagementAccess");
    if (profile.unknown || nm.unknown) return;
    const action = nm.get("defaultAction");
    if (action.unknown || action.is("Deny")) return;
    if (nm.missing) ctx.report({ messageId: "open", at: nm, data: { what: "is not set" } });
    else if (action.is("Allow")) ctx.report({ messageId: "open", at: action, data: { what: "defaultAction is 'Allow'" } });
  },
});
