/**
 * The Azure Policy alias table (src/generated/batch-aliases.ts, written by `npm run gen` from src/tools/gen-aliases.ts):
 * current against its generator, holding every Microsoft.Batch alias the vendored built-in definitions use
 * (policy/builtin/), with the paths the known aliases have; and the built-in index (policy/builtin/batch.json) matching
 * the vendored files.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { BATCH_ALIASES } from "../src/generated/batch-aliases.js";
import { BATCH_ALIASES_MODULE, batchAliasesModule } from "../src/tools/gen-aliases.js";
import { repoRoot } from "./helpers.js";

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((e) => (e.isFile() && e.name.endsWith(".json") ? [path.join(e.parentPath, e.name)] : []));
}

/** Every `field` value and every `current('...')`/`field('...')` argument of a definition, and Modify operation fields. */
function aliasesIn(x: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(x)) for (const v of x) aliasesIn(v, out);
  else if (x && typeof x === "object") {
    for (const [k, v] of Object.entries(x)) {
      if (k === "field" && typeof v === "string" && !v.startsWith("[")) out.add(v);
      if (typeof v === "string") for (const m of v.matchAll(/\b(?:current|field)\('([^']+)'\)/g)) out.add(m[1]!);
      aliasesIn(v, out);
    }
  }
  return out;
}

const builtinDir = path.join(repoRoot, "policy/builtin");
const definitions = jsonFiles(builtinDir).filter((f) => path.basename(f) !== "batch.json");

describe("Azure Policy aliases of Microsoft.Batch", () => {
  test(`${BATCH_ALIASES_MODULE} is current (npm run build && npm run gen)`, () => {
    expect(fs.readFileSync(path.join(repoRoot, BATCH_ALIASES_MODULE), "utf8") === batchAliasesModule(repoRoot), `${BATCH_ALIASES_MODULE} is stale: run \`npm run gen\``).toBe(true);
  });

  test("keys are lower-cased and sorted, paths start at the resource's properties", () => {
    const keys = Object.keys(BATCH_ALIASES);
    expect(keys.length).toBeGreaterThan(200);
    expect(keys).toEqual([...keys].sort());
    for (const k of keys) {
      expect(k, k).toBe(k.toLowerCase());
      expect(k.startsWith("microsoft.batch/batchaccounts/"), k).toBe(true);
      expect(BATCH_ALIASES[k]!.startsWith("properties."), k).toBe(true);
      // The path ends like the alias, apart from a nested resource's flattened `properties`.
      expect(
        BATCH_ALIASES[k]!.replaceAll(".properties.", ".")
          .toLowerCase()
          .endsWith(k.slice(k.lastIndexOf("/") + 1)),
        k,
      ).toBe(true);
    }
  });

  test.each(definitions.map((f) => path.relative(repoRoot, f)))("every Microsoft.Batch alias %s uses is in the table", (rel) => {
    const def = JSON.parse(fs.readFileSync(path.join(repoRoot, rel), "utf8")) as unknown;
    const used = [...aliasesIn(def, new Set())].filter((a) => a.toLowerCase().startsWith("microsoft.batch/"));
    const missing = used.filter((a) => !(a.toLowerCase() in BATCH_ALIASES));
    expect(missing).toEqual([]);
  });

  test("the built-ins use the Batch aliases expected (the check above sees them)", () => {
    const all = new Set<string>();
    for (const f of definitions) aliasesIn(JSON.parse(fs.readFileSync(f, "utf8")), all);
    const batch = [...all].filter((a) => a.toLowerCase().startsWith("microsoft.batch/")).sort();
    expect(batch).toEqual([
      "Microsoft.Batch/batchAccounts/allowedAuthenticationModes",
      "Microsoft.Batch/batchAccounts/allowedAuthenticationModes[*]",
      "Microsoft.Batch/batchAccounts/encryption.keySource",
      "Microsoft.Batch/batchAccounts/pools/deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets[*]",
      "Microsoft.Batch/batchAccounts/privateEndpointConnections/privateLinkServiceConnectionState.status",
      "Microsoft.Batch/batchAccounts/publicNetworkAccess",
    ]);
  });

  test.each([
    ["Microsoft.Batch/batchAccounts/publicNetworkAccess", "properties.publicNetworkAccess"],
    ["Microsoft.Batch/batchAccounts/networkProfile.AccountAccess.defaultAction", "properties.networkProfile.accountAccess.defaultAction"],
    ["Microsoft.Batch/batchAccounts/networkProfile.accountAccess.ipRules[*].value", "properties.networkProfile.accountAccess.ipRules[*].value"],
    ["Microsoft.Batch/batchAccounts/allowedAuthenticationModes", "properties.allowedAuthenticationModes"],
    ["Microsoft.Batch/batchAccounts/allowedAuthenticationModes[*]", "properties.allowedAuthenticationModes[*]"],
    ["Microsoft.Batch/batchAccounts/encryption.keySource", "properties.encryption.keySource"],
    ["Microsoft.Batch/batchAccounts/encryption.keyVaultProperties.keyIdentifier", "properties.encryption.keyVaultProperties.keyIdentifier"],
    ["Microsoft.Batch/batchAccounts/poolAllocationMode", "properties.poolAllocationMode"],
    ["Microsoft.Batch/batchAccounts/privateEndpointConnections[*].privateLinkServiceConnectionState.status", "properties.privateEndpointConnections[*].properties.privateLinkServiceConnectionState.status"],
    ["Microsoft.Batch/batchAccounts/privateEndpointConnections/privateLinkServiceConnectionState.status", "properties.privateLinkServiceConnectionState.status"],
    [
      "Microsoft.Batch/batchAccounts/pools/deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets",
      "properties.deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets",
    ],
    [
      "Microsoft.Batch/batchAccounts/pools/deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets[*]",
      "properties.deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets[*]",
    ],
    ["Microsoft.Batch/batchAccounts/pools/vmSize", "properties.vmSize"],
    ["Microsoft.Batch/batchAccounts/pools/networkConfiguration.subnetId", "properties.networkConfiguration.subnetId"],
    ["Microsoft.Batch/batchAccounts/pools/startTask.userIdentity.autoUser.elevationLevel", "properties.startTask.userIdentity.autoUser.elevationLevel"],
    ["Microsoft.Batch/batchAccounts/pools/userAccounts[*].elevationLevel", "properties.userAccounts[*].elevationLevel"],
    ["Microsoft.Batch/batchAccounts/certificates/thumbprintAlgorithm", "properties.thumbprintAlgorithm"],
    ["Microsoft.Batch/batchAccounts/applications/allowUpdates", "properties.allowUpdates"],
  ])("%s → %s", (alias, prop) => {
    expect(BATCH_ALIASES[alias.toLowerCase()]).toBe(prop);
  });

  test("no alias for top-level fields or inside maps", () => {
    for (const k of ["microsoft.batch/batchaccounts/name", "microsoft.batch/batchaccounts/location", "microsoft.batch/batchaccounts/tags", "microsoft.batch/batchaccounts/pools/metadata[*].name.foo"]) {
      expect(k in BATCH_ALIASES, k).toBe(false);
    }
  });
});

describe("policy/builtin/batch.json", () => {
  const index = JSON.parse(fs.readFileSync(path.join(builtinDir, "batch.json"), "utf8")) as { definitions: { name: string; file: string; displayName: string; effect: string }[] };
  test("lists every vendored definition once, with its GUID, displayName and default effect", () => {
    expect(index.definitions.map((d) => path.join(builtinDir, d.file)).sort()).toEqual([...definitions].sort());
    for (const d of index.definitions) {
      const def = JSON.parse(fs.readFileSync(path.join(builtinDir, d.file), "utf8")) as { name: string; properties: { displayName: string; parameters: { effect?: { defaultValue?: string } } } };
      expect(d.name).toBe(def.name);
      expect(d.displayName).toBe(def.properties.displayName);
      expect(d.effect).toBe(def.properties.parameters.effect?.defaultValue);
    }
  });
});

describe("test/fixtures/policy", () => {
  const dir = path.join(repoRoot, "test/fixtures/policy");
  const expected = fs.readFileSync(path.join(dir, "EXPECTED.md"), "utf8");
  test.each(definitions.map((f) => path.relative(builtinDir, f)))("EXPECTED.md covers %s", (rel) => {
    const def = JSON.parse(fs.readFileSync(path.join(builtinDir, rel), "utf8")) as { name: string };
    expect(expected).toContain(def.name);
  });
  test("every fixture folder has an ARM template whose names say the result", () => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const template = JSON.parse(fs.readFileSync(path.join(dir, d.name, "template.json"), "utf8")) as { resources: { name: string }[] };
      expect(
        template.resources.some((r) => /(^|\/)(compliant|noncompliant|pe-compliant)/.test(r.name)),
        d.name,
      ).toBe(true);
      expect(expected, d.name).toContain(`\`${d.name}\``);
    }
  });
});
