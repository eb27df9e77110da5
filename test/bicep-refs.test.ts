/**
 * Resource symbolic names as values (src/input/bicep/refs.ts): `.id` as ARM's resourceId() in the deployment's
 * context (unknown without --subscription-id and --resource-group, or when a part is unknown), `.name` of loop
 * instances, `a::b` children, `.type` and `.apiVersion`; and BATCH111 deciding once an identity's id is known.
 */
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { RunContext } from "../src/context.js";
import type { DeploymentContext } from "../src/input/arm/scope.js";
import { loadBicep } from "../src/input/bicep/load.js";
import { parseBicepDoc } from "../src/input/bicep/read.js";
import { lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const context: DeploymentContext = { subscriptionId: "0000-sub", resourceGroup: "rg1" };

/** The tags of the resource named `tagged`, as evaluated: each tag one reference expression. */
function tags(lines: readonly string[], deployment?: DeploymentContext): Record<string, string | undefined> {
  const doc = parseBicepDoc(lines.join("\n"), "refs.bicep", new RunContext(), "bicep");
  const r = loadBicep(doc, { deployment }, new RunContext());
  expect(r.errors).toEqual([]);
  const tagged = r.resources.find((x) => x.name === "tagged")!;
  const t = tagged.root.get("tags");
  return Object.fromEntries(t.entries().map(([k, v]) => [k, v.str()]));
}

const declarations = [
  "param unknownName string",
  "resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
  "  name: 'acct1'",
  "  location: 'westeurope'",
  "  resource nested 'pools@2024-07-01' = { name: 'inner' }",
  "}",
  "resource pool 'Microsoft.Batch/batchAccounts/pools@2024-07-01' = {",
  "  parent: acct",
  "  name: 'pool1'",
  "}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
  "resource ids 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = [for n in [ 'a', 'b' ]: { name: 'id-${n}', location: 'westeurope' }]",
  "resource nameless 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = { name: unknownName, location: 'westeurope' }",
  "resource other 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = { name: 'far', scope: resourceGroup('rg2'), location: 'westeurope' }",
];
const tagged = [
  "resource tagged 'Microsoft.Storage/storageAccounts@2023-05-01' = {",
  "  name: 'tagged'",
  "  location: 'westeurope'",
  "  tags: {",
  "    acctId: acct.id",
  "    poolId: pool.id",
  "    poolName: pool.name",
  "    poolType: pool.type",
  "    poolApi: pool.apiVersion",
  "    nestedId: acct::nested.id",
  "    nestedType: acct::nested.type",
  "    loopName: ids[1].name",
  "    loopId: ids[0].id",
  "    namelessId: nameless.id",
  "    otherId: other.id",
  "  }",
  "}",
];

describe("Bicep resource references", () => {
  test("ids in the deployment's context, names of loop instances, nested children, type and apiVersion", () => {
    const rg = "/subscriptions/0000-sub/resourceGroups/rg1/providers";
    expect(tags([...declarations, ...tagged], context)).toEqual({
      acctId: `${rg}/Microsoft.Batch/batchAccounts/acct1`,
      poolId: `${rg}/Microsoft.Batch/batchAccounts/acct1/pools/pool1`,
      poolName: "pool1",
      poolType: "Microsoft.Batch/batchAccounts/pools",
      poolApi: "2024-07-01",
      nestedId: `${rg}/Microsoft.Batch/batchAccounts/acct1/pools/inner`,
      nestedType: "Microsoft.Batch/batchAccounts/pools",
      loopName: "id-b",
      loopId: `${rg}/Microsoft.ManagedIdentity/userAssignedIdentities/id-a`,
      // An unknown name, another scope: not known.
      namelessId: undefined,
      otherId: undefined,
    });
  });

  test("without the subscription and resource group every id is unknown; names and types stay known", () => {
    const t = tags([...declarations, ...tagged]);
    expect(Object.entries(t).filter(([, v]) => v !== undefined)).toEqual([
      ["poolName", "pool1"],
      ["poolType", "Microsoft.Batch/batchAccounts/pools"],
      ["poolApi", "2024-07-01"],
      ["nestedType", "Microsoft.Batch/batchAccounts/pools"],
      ["loopName", "id-b"],
    ]);
  });

  test("a file deployed to a subscription has no resource-group ids", () => {
    expect(tags(["targetScope = 'subscription'", ...declarations, ...tagged], context).acctId).toBeUndefined();
  });

  test("BATCH111: a pool (parent: acct) referring to its identity by uami.id decides once the id is known", () => {
    const pool = (ref: string) =>
      [
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = { name: 'pool-identity', location: 'westeurope' }",
        "resource stranger 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = { name: 'stranger', location: 'westeurope' }",
        "resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' existing = { name: 'acct' }",
        "resource p 'Microsoft.Batch/batchAccounts/pools@2024-07-01' = {",
        "  parent: acct",
        "  name: 'p'",
        "  identity: {",
        "    type: 'UserAssigned'",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
        "    userAssignedIdentities: { '${uami.id}': {} }",
        "  }",
        "  properties: {",
        "    vmSize: 'STANDARD_D2S_V3'",
        `    startTask: { commandLine: 'run', resourceFiles: [ { storageContainerUrl: 'https://s.blob.core.windows.net/c', identityReference: { resourceId: ${ref} } } ] }`,
        "  }",
        "}",
      ].join("\n");
    const b111 = (ref: string, deployment?: DeploymentContext) => {
      const r = lintText(pool(ref), "refs.bicep", { rules, cwd: repoRoot, base: repoRoot, deployment });
      expect(r.errors).toEqual([]);
      return r.findings.filter((f) => f.ruleId === "BATCH111").map((f) => `${f.region.startLine} ${f.resource.type}`);
    };
    expect(b111("stranger.id", context)).toEqual(["13 Microsoft.Batch/batchAccounts/pools"]);
    expect(b111("uami.id", context)).toEqual([]);
    // Unknown ids (no subscription or resource group given): nothing is said to be missing.
    expect(b111("stranger.id")).toEqual([]);
  });
});
