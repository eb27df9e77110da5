/**
 * `azurerm_batch_pool` → the rules' model (a Microsoft.Batch/batchAccounts/pools body). The provider always makes a
 * virtual-machine pool (it has no cloudServiceConfiguration: BATCH101 has no Terraform counterpart) and has no
 * application licenses (BATCH113 neither). Reference: ../shared/reference/terraform-azurerm/batch_pool.html.markdown.
 */
import type { PNode } from "../../../model/tree.js";
import { mapIdentity } from "./account.js";
import { mapBlock, nameValueList, type Obj, ObjTree, type Spec } from "./spec.js";

const VM = "properties.deploymentConfiguration.virtualMachineConfiguration";

const IDENTITY_REF = "identityReference.resourceId";

const ENV_NOTE = "a map, as a list of { name, value }";

const REGISTRY: Spec = { registry_server: "registryServer", user_name: "username", password: "password", user_assigned_identity_id: IDENTITY_REF };

const RESOURCE_FILE: Spec = {
  auto_storage_container_name: "autoStorageContainerName",
  blob_prefix: "blobPrefix",
  file_mode: "fileMode",
  file_path: "filePath",
  http_url: "httpUrl",
  storage_container_url: "storageContainerUrl",
  user_assigned_identity_id: IDENTITY_REF,
};

const START_TASK: Spec = {
  command_line: "commandLine",
  task_retry_maximum: "maxTaskRetryCount",
  wait_for_success: "waitForSuccess",
  common_environment_properties: { to: "environmentSettings", value: nameValueList, note: ENV_NOTE },
  user_identity: { to: "userIdentity", block: { user_name: "userName", auto_user: { to: "autoUser", block: { elevation_level: "elevationLevel", scope: "scope" } } } },
  resource_file: { to: "resourceFiles", list: true, block: RESOURCE_FILE },
  container: { to: "containerSettings", block: { image_name: "imageName", run_options: "containerRunOptions", working_directory: "workingDirectory", registry: { to: "registry", block: REGISTRY } } },
};

const MOUNT: Spec = {
  azure_blob_file_system: {
    to: "azureBlobFileSystemConfiguration",
    block: {
      account_name: "accountName",
      container_name: "containerName",
      relative_mount_path: "relativeMountPath",
      account_key: "accountKey",
      sas_key: "sasKey",
      identity_id: IDENTITY_REF,
      blobfuse_options: "blobfuseOptions",
    },
  },
  azure_file_share: {
    to: "azureFileShareConfiguration",
    block: { account_name: "accountName", account_key: "accountKey", azure_file_url: "azureFileUrl", relative_mount_path: "relativeMountPath", mount_options: "mountOptions" },
  },
  cifs_mount: { to: "cifsMountConfiguration", block: { user_name: "username", password: "password", source: "source", relative_mount_path: "relativeMountPath", mount_options: "mountOptions" } },
  nfs_mount: { to: "nfsMountConfiguration", block: { source: "source", relative_mount_path: "relativeMountPath", mount_options: "mountOptions" } },
};

const NETWORK: Spec = {
  subnet_id: "subnetId",
  dynamic_vnet_assignment_scope: "dynamicVNetAssignmentScope",
  accelerated_networking_enabled: "enableAcceleratedNetworking",
  public_address_provisioning_type: "publicIPAddressConfiguration.provision",
  public_ips: "publicIPAddressConfiguration.ipAddressIds",
  endpoint_configuration: {
    to: "endpointConfiguration.inboundNatPools",
    list: true,
    block: {
      name: "name",
      backend_port: "backendPort",
      protocol: "protocol",
      network_security_group_rules: {
        to: "networkSecurityGroupRules",
        list: true,
        block: { access: "access", priority: "priority", source_address_prefix: "sourceAddressPrefix", source_port_ranges: "sourcePortRanges" },
      },
    },
  },
};

/** `disk_encryption { disk_encryption_target }` written once per target → `diskEncryptionConfiguration.targets`. */
function targets(n: PNode): PNode {
  if (n.t !== "arr") return n;
  const items = n.items.map((b) => (b.t === "obj" ? (b.props.get("disk_encryption_target")?.node ?? b) : b));
  return { t: "arr", items, at: n.at, origins: [] };
}

export const POOL_SPEC: Spec = {
  display_name: "properties.displayName",
  vm_size: "properties.vmSize",
  node_agent_sku_id: `${VM}.nodeAgentSkuId`,
  license_type: `${VM}.licenseType`,
  storage_image_reference: { to: `${VM}.imageReference`, block: { id: "id", publisher: "publisher", offer: "offer", sku: "sku", version: "version" } },
  disk_encryption: { to: `${VM}.diskEncryptionConfiguration.targets`, value: targets, note: "one block per target: the list of their disk_encryption_target" },
  security_profile: {
    to: `${VM}.securityProfile`,
    block: { host_encryption_enabled: "encryptionAtHost", security_type: "securityType", secure_boot_enabled: "uefiSettings.secureBootEnabled", vtpm_enabled: "uefiSettings.vTpmEnabled" },
  },
  container_configuration: {
    to: `${VM}.containerConfiguration`,
    block: { type: "type", container_image_names: "containerImageNames", container_registries: { to: "containerRegistries", list: true, block: REGISTRY } },
  },
  target_node_communication_mode: "properties.targetNodeCommunicationMode",
  inter_node_communication: "properties.interNodeCommunication",
  max_tasks_per_node: "properties.taskSlotsPerNode",
  fixed_scale: {
    to: "properties.scaleSettings.fixedScale",
    block: { target_dedicated_nodes: "targetDedicatedNodes", target_low_priority_nodes: "targetLowPriorityNodes", resize_timeout: "resizeTimeout", node_deallocation_method: "nodeDeallocationOption" },
  },
  auto_scale: { to: "properties.scaleSettings.autoScale", block: { evaluation_interval: "evaluationInterval", formula: "formula" } },
  start_task: { to: "properties.startTask", block: START_TASK },
  certificate: { to: "properties.certificates", list: true, block: { id: "id", store_location: "storeLocation", store_name: "storeName", visibility: "visibility" } },
  network_configuration: { to: "properties.networkConfiguration", block: NETWORK },
  mount: { to: "properties.mountConfiguration", list: true, block: MOUNT },
  user_accounts: { to: "properties.userAccounts", list: true, block: { name: "name", password: "password", elevation_level: "elevationLevel" } },
  metadata: { to: "properties.metadata", value: nameValueList, note: ENV_NOTE },
};

export function mapBatchPool(block: Obj): Obj {
  const out = new ObjTree(block.at);
  const name = block.props.get("name");
  if (name) out.set("name", name.node, name.keyAt);
  mapBlock(block, POOL_SPEC, out);
  const identity = block.props.get("identity")?.node;
  const first = identity?.t === "arr" ? identity.items[0] : identity;
  if (first) out.set("identity", first.t === "obj" ? mapIdentity(first) : first);
  return out.build();
}
