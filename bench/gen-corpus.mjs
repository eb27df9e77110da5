/** Generates N ARM templates with expressions (parameters, variables, copy, conditions, nested) into a folder. */
import fs from "node:fs";
import path from "node:path";

export function template(i) {
  const shared = i % 3 === 0;
  return {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    parameters: {
      name: { type: "string", defaultValue: `batch${i}` },
      location: { type: "string", defaultValue: "westeurope" },
      allowSharedKey: { type: "bool", defaultValue: shared },
      publicAccess: { type: "string", defaultValue: i % 2 ? "Disabled" : "Enabled", allowedValues: ["Enabled", "Disabled"] },
      pools: {
        type: "array",
        defaultValue: [
          { name: "small", size: "Standard_D2s_v3" },
          { name: "large", size: "Standard_D8s_v3" },
        ],
      },
      keyUri: { type: "string", defaultValue: "" },
    },
    variables: {
      modes: "[if(parameters('allowSharedKey'), createArray('AAD', 'SharedKey'), createArray('AAD'))]",
      tags: { costCenter: `[format('cc-{0}', padLeft(string(mod(${i}, 1000)), 4, '0'))]`, env: "[toLower('PROD')]" },
      encryption:
        "[if(empty(parameters('keyUri')), createObject('keySource', 'Microsoft.Batch'), createObject('keySource', 'Microsoft.KeyVault', 'keyVaultProperties', createObject('keyIdentifier', parameters('keyUri'))))]",
    },
    resources: [
      {
        type: "Microsoft.Batch/batchAccounts",
        apiVersion: "2024-07-01",
        name: "[parameters('name')]",
        location: "[parameters('location')]",
        tags: "[variables('tags')]",
        identity: { type: "SystemAssigned" },
        properties: {
          allowedAuthenticationModes: "[variables('modes')]",
          publicNetworkAccess: "[parameters('publicAccess')]",
          networkProfile: { accountAccess: { defaultAction: "Deny", ipRules: [{ action: "Allow", value: `203.0.113.${i % 250}` }] } },
          encryption: "[variables('encryption')]",
          poolAllocationMode: "BatchService",
        },
      },
      {
        copy: { name: "poolLoop", count: "[length(parameters('pools'))]" },
        condition: "[not(equals(parameters('location'), 'nowhere'))]",
        type: "Microsoft.Batch/batchAccounts/pools",
        apiVersion: "2024-07-01",
        name: "[format('{0}/{1}', parameters('name'), parameters('pools')[copyIndex()].name)]",
        dependsOn: ["[resourceId('Microsoft.Batch/batchAccounts', parameters('name'))]"],
        properties: {
          vmSize: "[parameters('pools')[copyIndex()].size]",
          targetNodeCommunicationMode: "Simplified",
          deploymentConfiguration: {
            virtualMachineConfiguration: {
              imageReference: { publisher: "canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
              nodeAgentSkuId: "batch.node.ubuntu 24.04",
            },
          },
          scaleSettings: { fixedScale: { targetDedicatedNodes: "[add(copyIndex(), 1)]", targetLowPriorityNodes: 0 } },
          networkConfiguration: { publicIPAddressConfiguration: { provision: "NoPublicIPAddresses" } },
        },
      },
    ],
  };
}

export function generate(dir, n) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const sub = path.join(dir, String(Math.floor(i / 1000)));
    if (i % 1000 === 0) fs.mkdirSync(sub, { recursive: true });
    const text = JSON.stringify(template(i), null, 2);
    bytes += Buffer.byteLength(text);
    fs.writeFileSync(path.join(sub, `t${i}.json`), text);
  }
  return bytes;
}
