/**
 * The azapi_resource mapping (src/input/terraform/mapping/azapi.ts): an evaluated block in, the Batch type, API version
 * and ARM-shaped body out, read through Prop as rules read it.
 */
import { describe, expect, test } from "vitest";
import { RunContext } from "../src/context.js";
import { mapAzapi } from "../src/input/terraform/mapping/azapi.js";
import { Prop } from "../src/model/prop.js";
import { modelState } from "../src/model/state.js";
import type { Loc, PNode, PropEntry } from "../src/model/tree.js";

const at = (p: string): Loc => ({ file: "main.tf", pointer: p });
type Obj = Extract<PNode, { t: "obj" }>;
const val = (p: string, value: string | number | boolean | null): PNode => ({ t: "val", value, at: at(p), origins: [] });
const unk = (p: string): PNode => ({ t: "unk", reason: "known after apply", at: at(p), origins: [] });
const arr = (p: string, items: PNode[]): PNode => ({ t: "arr", items, at: at(p), origins: [] });
function obj(p: string, members: Record<string, PNode>): Obj {
  const props = new Map<string, PropEntry>();
  for (const [k, n] of Object.entries(members)) props.set(k.toLowerCase(), { key: k, keyAt: { ...at(`${p}/${k}`), key: true }, node: n });
  return { t: "obj", props, at: at(p), origins: [] };
}
const A = "/resource/azapi_resource/acct";
const ACCOUNT_ID = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/acct1";
const block = (type: PNode | undefined, members: Record<string, PNode>) => obj(A, { ...(type ? { type } : {}), name: val(`${A}/name`, "acct1"), ...members });
const read = (b: Obj) => {
  const m = mapAzapi(b);
  if (!m) throw new Error("not mapped");
  return { ...m, r: Prop.of(modelState(new RunContext()), m.body) };
};

describe("azapi_resource", () => {
  test("type gives the canonical Batch type and the API version; other types, an unknown or missing type: undefined", () => {
    const m = read(block(val(`${A}/type`, "Microsoft.Batch/batchAccounts@2024-07-01"), {}));
    expect([m.type, m.apiVersion]).toEqual(["Microsoft.Batch/batchAccounts", "2024-07-01"]);
    expect(read(block(val(`${A}/type`, "microsoft.batch/BATCHACCOUNTS/pools@2023-05-01"), { parent_id: val(`${A}/parent_id`, ACCOUNT_ID) })).type).toBe("Microsoft.Batch/batchAccounts/pools");
    expect(mapAzapi(block(val(`${A}/type`, "Microsoft.Storage/storageAccounts@2023-01-01"), {}))).toBeUndefined();
    expect(mapAzapi(block(val(`${A}/type`, "Microsoft.BatchAI/workspaces@2018-05-01"), {}))).toBeUndefined();
    expect(mapAzapi(block(val(`${A}/type`, "Microsoft.Batch/batchAccounts"), {}))).toBeUndefined();
    expect(mapAzapi(block(unk(`${A}/type`), {}))).toBeUndefined();
    expect(mapAzapi(block(undefined, {}))).toBeUndefined();
  });

  test("an object body (azapi v2, or v1 with an HCL object) is kept as written; name, location and tags come from the block", () => {
    const body = obj(`${A}/body`, {
      properties: obj(`${A}/body/properties`, {
        allowedAuthenticationModes: arr(`${A}/body/properties/allowedAuthenticationModes`, [val(`${A}/body/properties/allowedAuthenticationModes/0`, "AAD")]),
        publicNetworkAccess: unk(`${A}/body/properties/publicNetworkAccess`),
      }),
      location: val(`${A}/body/location`, "ignored"),
    });
    const { r } = read(
      block(val(`${A}/type`, "Microsoft.Batch/batchAccounts@2024-07-01"), {
        body,
        location: val(`${A}/location`, "westeurope"),
        tags: obj(`${A}/tags`, { env: val(`${A}/tags/env`, "prod") }),
      }),
    );
    expect(r.get("name").str()).toBe("acct1");
    expect([r.get("location").str(), r.get("location").at.pointer]).toEqual(["westeurope", `${A}/location`]);
    expect(r.get("tags.env").str()).toBe("prod");
    const modes = r.get("properties.allowedAuthenticationModes");
    expect(modes.items().map((m) => m.str())).toEqual(["AAD"]);
    expect(modes.items()[0]!.at.pointer).toBe(`${A}/body/properties/allowedAuthenticationModes/0`);
    expect(r.get("properties.publicNetworkAccess").unknown).toBe(true);
    expect(r.get("properties.encryption").missing).toBe(true);
  });

  test("a JSON string body (v1 jsonencode) is parsed, every value located at the body attribute", () => {
    const json = JSON.stringify({ properties: { allowedAuthenticationModes: ["SharedKey", "AAD"], encryption: { keySource: "Microsoft.KeyVault" } } });
    const { r } = read(block(val(`${A}/type`, "Microsoft.Batch/batchAccounts@2024-07-01"), { body: val(`${A}/body`, json) }));
    expect(
      r
        .get("properties.allowedAuthenticationModes")
        .items()
        .map((m) => m.str()),
    ).toEqual(["SharedKey", "AAD"]);
    expect(r.get("properties.allowedAuthenticationModes").items()[0]!.at.pointer).toBe(`${A}/body`);
    expect(r.get("properties.encryption.keySource").str()).toBe("Microsoft.KeyVault");
    expect(r.get("properties.encryption.keySource").at.pointer).toBe(`${A}/body`);
    // Not JSON, or not an object: the properties are not known (never a finding for "not set").
    for (const bad of ["{not json", "[1]"]) expect(read(block(val(`${A}/type`, "Microsoft.Batch/batchAccounts@2024-07-01"), { body: val(`${A}/body`, bad) })).r.get("properties.encryption").unknown).toBe(true);
    // An unknown body: unknown properties. No body: no properties.
    expect(read(block(val(`${A}/type`, "Microsoft.Batch/batchAccounts@2024-07-01"), { body: unk(`${A}/body`) })).r.get("properties.allowedAuthenticationModes").unknown).toBe(true);
    expect(read(block(val(`${A}/type`, "Microsoft.Batch/batchAccounts@2024-07-01"), { body: val(`${A}/body`, null) })).r.get("properties.allowedAuthenticationModes").missing).toBe(true);
  });

  test("a pool is named <account>/<pool> from a known parent_id; unknown when the parent id is", () => {
    const type = val(`${A}/type`, "Microsoft.Batch/batchAccounts/pools@2024-07-01");
    const pool = (parent: PNode | undefined) => read(obj(A, { type, name: val(`${A}/name`, "pool1"), ...(parent ? { parent_id: parent } : {}) })).r.get("name");
    const known = pool(val(`${A}/parent_id`, ACCOUNT_ID));
    expect([known.str(), known.at.pointer]).toEqual(["acct1/pool1", `${A}/name`]);
    expect(pool(val(`${A}/parent_id`, `${ACCOUNT_ID}/`)).str()).toBe("acct1/pool1");
    expect(pool(unk(`${A}/parent_id`)).unknown).toBe(true);
    expect(pool(undefined).unknown).toBe(true);
    // An account's name is its own, whatever its parent (a resource group).
    expect(
      read(block(val(`${A}/type`, "Microsoft.Batch/batchAccounts@2024-07-01"), { parent_id: val(`${A}/parent_id`, "/subscriptions/s/resourceGroups/g") }))
        .r.get("name")
        .str(),
    ).toBe("acct1");
  });

  test("identity { type, identity_ids } becomes the ARM identity; an unknown identity block stays unknown", () => {
    const id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u";
    const identity = arr(`${A}/identity`, [
      obj(`${A}/identity/0`, { type: val(`${A}/identity/0/type`, "SystemAssigned, UserAssigned"), identity_ids: arr(`${A}/identity/0/identity_ids`, [val(`${A}/identity/0/identity_ids/0`, id)]) }),
    ]);
    const { r } = read(block(val(`${A}/type`, "Microsoft.Batch/batchAccounts@2024-07-01"), { identity }));
    expect(r.get("identity.type").str()).toBe("SystemAssigned, UserAssigned");
    expect(
      r
        .get("identity.userAssignedIdentities")
        .entries()
        .map(([k]) => k),
    ).toEqual([id]);
    expect(read(block(val(`${A}/type`, "Microsoft.Batch/batchAccounts@2024-07-01"), { identity: unk(`${A}/identity`) })).r.get("identity.type").unknown).toBe(true);
    expect(read(block(val(`${A}/type`, "Microsoft.Batch/batchAccounts@2024-07-01"), {})).r.get("identity").missing).toBe(true);
  });
});
