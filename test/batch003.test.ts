/**
 * BATCH003 by identity kind: the REST contract (SystemAssigned) by default, the customer-managed-key guide's
 * user-assigned identity with `allowUserAssigned`, and no identity able to read the key in either mode.
 */
import { describe, expect, test } from "vitest";
import { RunContext } from "../src/context.js";
import { lintDocument } from "../src/engine/run.js";
import { parseDocument } from "../src/parse/document.js";
import { rules } from "../rules/index.js";

const UAMI = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/batch-cmk";

function template(identity: unknown, parameters: Record<string, unknown> = {}): string {
  const account = {
    type: "Microsoft.Batch/batchAccounts",
    apiVersion: "2024-07-01",
    name: "cmkbatch",
    location: "westeurope",
    ...(identity === undefined ? {} : { identity }),
    properties: { encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: { keyIdentifier: "https://kv.vault.azure.net/keys/k" } } },
  };
  return JSON.stringify({ $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", contentVersion: "1.0.0.0", parameters, resources: [account] }, null, 2);
}

function lint(text: string, allowUserAssigned?: boolean) {
  const rule = rules.find((r) => r.meta.id === "BATCH003")!;
  const settings = allowUserAssigned === undefined ? undefined : new Map([["BATCH003", { options: { allowUserAssigned } }]]);
  const r = lintDocument(new RunContext(), parseDocument(text, "t.json"), { rules: [rule], ...(settings ? { settings } : {}) });
  return r.findings.map((f) => ({ message: f.message, line: f.region.startLine, related: f.related.map((x) => x.message) }));
}

const keySourceLine = (text: string) => text.split("\n").findIndex((l) => l.includes('"keySource"')) + 1;

describe("BATCH003 cmk-requires-system-identity", () => {
  test("a user-assigned identity breaks the REST contract by default, and the message says what the guide allows", () => {
    const text = template({ type: "UserAssigned", userAssignedIdentities: { [UAMI]: {} } });
    const found = lint(text);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(keySourceLine(text));
    expect(found[0]!.message).toBe(
      "encryption.keySource is 'Microsoft.KeyVault' and the account identity is 'UserAssigned': the REST contract requires a SystemAssigned identity; " +
        "Batch's customer-managed-key guide allows a user-assigned identity with access to the key (rule option allowUserAssigned).",
    );
    expect(found[0]!.message).not.toMatch(/cannot|unusable/);
  });

  test("allowUserAssigned accepts a user-assigned identity", () => {
    expect(lint(template({ type: "UserAssigned", userAssignedIdentities: { [UAMI]: {} } }), true)).toEqual([]);
    expect(lint(template({ type: "UserAssigned", userAssignedIdentities: { [UAMI]: {} } }), false)).toHaveLength(1);
  });

  test("no identity, or None, means no identity can read the key, in either mode", () => {
    for (const allow of [false, true]) {
      const none = lint(template({ type: "None" }), allow);
      expect(none.map((f) => f.message)).toEqual(["encryption.keySource is 'Microsoft.KeyVault' but the account identity is 'None': no identity can read the key in Key Vault."]);
      const unset = lint(template(undefined), allow);
      expect(unset.map((f) => f.message)).toEqual(["encryption.keySource is 'Microsoft.KeyVault' but the account identity is not set: no identity can read the key in Key Vault."]);
      expect(unset[0]!.related).toEqual(["identity is not set here"]);
    }
  });

  test("UserAssigned with no identity listed is reported in either mode", () => {
    for (const allow of [false, true]) {
      const found = lint(template({ type: "UserAssigned", userAssignedIdentities: {} }), allow);
      expect(found.map((f) => f.message)).toEqual([
        "encryption.keySource is 'Microsoft.KeyVault' and the account identity is 'UserAssigned' but it lists no user-assigned identity: no identity can read the key in Key Vault.",
      ]);
      expect(found[0]!.related).toEqual(["identity type", "no identity listed"]);
    }
  });

  test("SystemAssigned, both kinds, and unknown identities are never reported", () => {
    expect(lint(template({ type: "SystemAssigned" }))).toEqual([]);
    expect(lint(template({ type: "SystemAssigned, UserAssigned", userAssignedIdentities: { [UAMI]: {} } }))).toEqual([]);
    expect(lint(template({ type: "[parameters('identityType')]" }, { identityType: { type: "string" } }))).toEqual([]);
    // The list is unknown: with the option nothing can be decided; by default the type alone breaks the contract.
    const unknownList = template({ type: "UserAssigned", userAssignedIdentities: "[parameters('ids')]" }, { ids: { type: "object" } });
    expect(lint(unknownList, true)).toEqual([]);
    expect(lint(unknownList)).toHaveLength(1);
  });
});
