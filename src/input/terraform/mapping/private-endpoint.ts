/**
 * `azurerm_private_endpoint` → a Microsoft.Network/privateEndpoints resource as an ARM template writes it, for the
 * Azure Policy definitions on Batch private endpoints (the private endpoint connection an endpoint makes, and the
 * private DNS zone group of an endpoint to a Batch account). `private_service_connection` is a connection in
 * `privateLinkServiceConnections` (automatic: approved when created) or, with `is_manual_connection = true`, in
 * `manualPrivateLinkServiceConnections` (pending until approved). `private_connection_resource_id` is its
 * `privateLinkServiceId`: as written when known; a Batch account's computed `id` (`azurerm_batch_account.a.id`) is
 * read as `Microsoft.Batch/batchAccounts/<its name>`, as mapping/diagnostic.ts reads a diagnostic setting's target.
 * A `private_dns_zone_group` block is a child resource Microsoft.Network/privateEndpoints/privateDnsZoneGroups
 * (mapPrivateDnsZoneGroup; the loader makes it).
 */
import type { PNode } from "../../../model/tree.js";
import type { MappingRow } from "./account.js";
import { accountIdNode, type Obj, ObjTree } from "./spec.js";

/** The mapping table (docs/terraform-mapping.md): what mapPrivateEndpoint and mapPrivateDnsZoneGroup read. */
export const PRIVATE_ENDPOINT_TABLE: readonly MappingRow[] = [
  { tf: "name", model: "name", note: "" },
  { tf: "location", model: "location", note: "" },
  { tf: "subnet_id", model: "properties.subnet.id", note: "" },
  {
    tf: "private_service_connection { name, private_connection_resource_id, subresource_names, request_message }",
    model: "properties.privateLinkServiceConnections [{ name, properties: { privateLinkServiceId, groupIds, requestMessage } }]",
    note: "`is_manual_connection = true`: in `properties.manualPrivateLinkServiceConnections` instead; a Batch account's computed `id` (`azurerm_batch_account.a.id`) is read as `Microsoft.Batch/batchAccounts/<its name>`",
  },
  {
    tf: "private_dns_zone_group { name, private_dns_zone_ids }",
    model: "a child Microsoft.Network/privateEndpoints/privateDnsZoneGroups `<endpoint>/<name>`, properties.privateDnsZoneConfigs [{ properties: { privateDnsZoneId } }]",
    note: "one per id",
  },
];

/** The block's `private_service_connection` blocks (the provider allows one), or the node when it is not a list of blocks. */
function blocksOf(block: Obj, name: string): PNode[] | PNode | undefined {
  const n = block.props.get(name)?.node;
  if (n === undefined) return undefined;
  return n.t === "arr" ? n.items : n;
}

export function mapPrivateEndpoint(block: Obj, accountName?: string): Obj {
  const out = new ObjTree(block.at);
  for (const k of ["name", "location"]) {
    const e = block.props.get(k);
    if (e) out.member(k, e.node, e.keyAt);
  }
  const props = new ObjTree(block.at);
  const subnet = block.props.get("subnet_id");
  if (subnet) props.set("subnet.id", subnet.node, subnet.keyAt);
  const conns = blocksOf(block, "private_service_connection");
  if (conns !== undefined && !Array.isArray(conns)) {
    // A dynamic block over an unknown collection: neither list is known.
    props.member("privateLinkServiceConnections", conns);
    props.member("manualPrivateLinkServiceConnections", conns);
  } else if (conns !== undefined) {
    const auto: PNode[] = [];
    const manual: PNode[] = [];
    let undecided: PNode | undefined;
    for (const c of conns) {
      if (c.t !== "obj") {
        undecided ??= c;
        continue;
      }
      const p = new ObjTree(c.at);
      const target = c.props.get("private_connection_resource_id");
      if (target) {
        p.member("privateLinkServiceId", accountIdNode(target.node, accountName), target.keyAt);
      }
      const groups = c.props.get("subresource_names");
      if (groups) p.member("groupIds", groups.node, groups.keyAt);
      const msg = c.props.get("request_message");
      if (msg) p.member("requestMessage", msg.node, msg.keyAt);
      const conn = new ObjTree(c.at).member("name", c.props.get("name")?.node).member("properties", p.build()).build();
      const isManual = c.props.get("is_manual_connection")?.node;
      if (isManual?.t === "val" && isManual.value === true) manual.push(conn);
      else if (isManual === undefined || (isManual.t === "val" && isManual.value === false)) auto.push(conn);
      else undecided ??= isManual; // which list it is in is not known
    }
    const list = (items: PNode[]): PNode => (undecided ? undecided : { t: "arr", items, at: items[0]?.at ?? block.at, origins: [] });
    if (auto.length > 0 || undecided) props.member("privateLinkServiceConnections", list(auto));
    if (manual.length > 0 || undecided) props.member("manualPrivateLinkServiceConnections", list(manual));
  }
  out.member("properties", props.build());
  return out.build();
}

/**
 * A `private_dns_zone_group` block of an endpoint named `endpointName` as its child resource's body (name
 * `<endpoint>/<group>`), or undefined when the block is not an object.
 */
export function mapPrivateDnsZoneGroup(group: PNode, endpointName: string | undefined): Obj | undefined {
  if (group.t !== "obj") return undefined;
  const out = new ObjTree(group.at);
  const name = group.props.get("name");
  if (name && name.node.t === "val" && typeof name.node.value === "string" && endpointName !== undefined) out.member("name", { ...name.node, value: `${endpointName}/${name.node.value}` }, name.keyAt);
  const ids = group.props.get("private_dns_zone_ids");
  if (ids) {
    const n = ids.node;
    const configs: PNode =
      n.t === "arr" ? { t: "arr", items: n.items.map((id) => new ObjTree(id.at).member("properties", new ObjTree(id.at).member("privateDnsZoneId", id).build()).build()), at: n.at, origins: n.origins } : n;
    out.member("properties", new ObjTree(group.at).member("privateDnsZoneConfigs", configs, ids.keyAt).build());
  }
  return out.build();
}

export { blocksOf as privateEndpointBlocks };
