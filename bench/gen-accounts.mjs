/** Exported Batch accounts as Resource Graph returns them: one in five breaks the account rules. */
export function account(i) {
  const sub = `0000000${i % 9}-0000-0000-0000-000000000000`;
  const bad = i % 5 === 0;
  return {
    id: `/subscriptions/${sub}/resourceGroups/rg-${i % 50}/providers/Microsoft.Batch/batchAccounts/acct${i}`,
    name: `acct${i}`,
    type: "microsoft.batch/batchaccounts",
    location: "westeurope",
    tenantId: "11111111-1111-1111-1111-111111111111",
    subscriptionId: sub,
    resourceGroup: `rg-${i % 50}`,
    tags: { costCenter: String(i % 100), owner: "platform" },
    identity: { type: bad ? "None" : "SystemAssigned" },
    properties: {
      accountEndpoint: `acct${i}.westeurope.batch.azure.com`,
      provisioningState: "Succeeded",
      poolAllocationMode: "BatchService",
      publicNetworkAccess: bad ? "Enabled" : "Disabled",
      allowedAuthenticationModes: bad ? ["AAD", "SharedKey"] : ["AAD"],
      encryption: { keySource: "Microsoft.Batch" },
      dedicatedCoreQuota: 500,
      lowPriorityCoreQuota: 0,
      poolQuota: 100,
      activeJobAndJobScheduleQuota: 300,
    },
  };
}
