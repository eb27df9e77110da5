/**
 * The work done before the bundle's code cache is written (scripts/loader.cjs), so that the cache holds the code of
 * every kind of run and not only of the first one: V8 caches the functions a run has compiled, and a cache made by
 * a run on one template left an export's code to be compiled on every later run (about 4 ms).
 *
 * It lints, in memory, one small document of each input language the pre-commit case meets (an ARM template with
 * parameters, variables, a copy loop and functions; an exported account; a Bicep file; a Terraform file) with every
 * built-in rule, each with findings, and formats them as the terminal report does. Nothing is read or written: the
 * texts are here, and the paths are names only (a Terraform document's folder is one that does not exist, so its
 * module is the document alone). The results are dropped.
 */
import { rules as builtinRules } from "../../rules/index.js";
import { lintText } from "./run.js";

const TEMPLATE = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "name": { "type": "string", "defaultValue": "batchwarm" },
    "allowSharedKey": { "type": "bool", "defaultValue": true },
    "pools": { "type": "array", "defaultValue": [{ "name": "small", "size": "Standard_D2s_v3" }] }
  },
  "variables": {
    "modes": "[if(parameters('allowSharedKey'), createArray('AAD', 'SharedKey'), createArray('AAD'))]",
    "tag": "[format('cc-{0}', padLeft(string(mod(7, 1000)), 4, '0'))]"
  },
  "resources": [
    {
      "type": "Microsoft.Batch/batchAccounts",
      "apiVersion": "2024-07-01",
      "name": "[parameters('name')]",
      "location": "[resourceGroup().location]",
      "tags": { "cc": "[variables('tag')]" },
      "properties": {
        "allowedAuthenticationModes": "[variables('modes')]",
        "publicNetworkAccess": "Enabled",
        "encryption": { "keySource": "Microsoft.Batch" }
      }
    },
    {
      "type": "Microsoft.Batch/batchAccounts/pools",
      "apiVersion": "2024-07-01",
      "name": "[format('{0}/{1}', parameters('name'), parameters('pools')[copyIndex()].name)]",
      "copy": { "name": "pools", "count": "[length(parameters('pools'))]" },
      "dependsOn": ["[resourceId('Microsoft.Batch/batchAccounts', parameters('name'))]"],
      "properties": {
        "vmSize": "[parameters('pools')[copyIndex()].size]",
        "deploymentConfiguration": {
          "virtualMachineConfiguration": {
            "imageReference": { "publisher": "canonical", "offer": "ubuntu-24_04-lts", "sku": "server", "version": "latest" },
            "nodeAgentSkuId": "batch.node.ubuntu 24.04"
          }
        }
      }
    }
  ]
}
`;

const EXPORT = `{
  "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/warm",
  "name": "warm",
  "type": "Microsoft.Batch/batchAccounts",
  "location": "westeurope",
  "allowedAuthenticationModes": ["AAD", "SharedKey", "TaskAuthenticationToken"],
  "encryption": { "keySource": "Microsoft.KeyVault", "keyVaultProperties": { "keyIdentifier": "https://kv.vault.azure.net/keys/k" } },
  "identity": { "type": "UserAssigned", "userAssignedIdentities": { "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u": {} } },
  "networkProfile": { "accountAccess": { "defaultAction": "Deny", "ipRules": [{ "action": "Allow", "value": "203.0.113.0/24" }] } },
  "poolAllocationMode": "BatchService",
  "provisioningState": "Succeeded",
  "publicNetworkAccess": "Disabled"
}
`;

const BICEP = `param name string = 'batchwarm'
param allowSharedKey bool = true

var modes = allowSharedKey ? ['AAD', 'SharedKey'] : ['AAD']

resource account 'Microsoft.Batch/batchAccounts@2024-07-01' = {
  name: name
  location: resourceGroup().location
  properties: {
    allowedAuthenticationModes: modes
    publicNetworkAccess: 'Enabled'
  }
}

resource pools 'Microsoft.Batch/batchAccounts/pools@2024-07-01' = [for p in ['small', 'large']: {
  parent: account
  name: p
  properties: {
    vmSize: 'Standard_D2s_v3'
  }
}]
`;

const TERRAFORM = `variable "shared_key" {
  type    = bool
  default = true
}

locals {
  modes = var.shared_key ? ["AAD", "SharedKey"] : ["AAD"]
}

resource "azurerm_batch_account" "warm" {
  name                          = "batchwarm"
  resource_group_name           = "rg"
  location                      = "westeurope"
  allowed_authentication_modes  = local.modes
  public_network_access_enabled = true
}

resource "azurerm_batch_pool" "warm" {
  name                = "small"
  resource_group_name = "rg"
  account_name        = azurerm_batch_account.warm.name
  node_agent_sku_id   = "batch.node.ubuntu 24.04"
  vm_size             = "Standard_D2s_v3"
  storage_image_reference {
    publisher = "canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
  fixed_scale {
    target_dedicated_nodes = 1
  }
}
`;

/** The documents and the names they are linted under. */
export const WARM_UP_DOCUMENTS: readonly { readonly file: string; readonly text: string }[] = [
  { file: "warm-up/template.json", text: TEMPLATE },
  { file: "warm-up/export.json", text: EXPORT },
  { file: "warm-up/main.bicep", text: BICEP },
  { file: "batchlint-warm-up-no-such-folder/main.tf", text: TERRAFORM },
];

/** Lints and formats the warm-up documents; returns the number of findings (for the tests). */
export async function warmUp(): Promise<number> {
  const rules = builtinRules;
  const base = "/batchlint-warm-up-no-such-folder";
  let findings = 0;
  const { stylish } = await import("../output/stylish.js");
  for (const { file, text } of WARM_UP_DOCUMENTS) {
    const result = lintText(text, `${base}/${file}`, { rules, cwd: base, base });
    findings += result.findings.length;
    void stylish(result, { rules, base, color: false });
  }
  return findings;
}
