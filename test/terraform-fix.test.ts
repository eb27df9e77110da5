// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are HCL text, whose interpolation is ${...}
/**
 * Fixes of .tf files (src/input/terraform/fix.ts): rules' ARM-shaped edits written as HCL through the mapping, on a
 * stand-in for TerraformDoc that registers the pointers the loader documents (doc.ts): `/resource/<type>/<name>`,
 * `/.../<attr>`, a nested block's `/.../<block>/<i>`, a list's `/.../<attr>/<i>`, an object's `/.../<key>`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules as allRules } from "../rules/index.js";
import { runFixes } from "../src/cli/fix.js";
import { ConfigResolver } from "../src/config/config.js";
import { RunContext } from "../src/context.js";
import { parseSource } from "../src/pipeline/lint-file.js";
import { lintPaths } from "../src/pipeline/run.js";
import type { Body, Expr } from "../src/input/terraform/ast.js";
import { TerraformFixer, type TerraformFixTarget } from "../src/input/terraform/fix.js";
import { parseHcl } from "../src/input/terraform/read.js";
import type { PlacedEdit, TextEdit } from "../src/parse/source.js";
import { fixPath } from "./fix-helpers.js";

interface Span {
  readonly o: number;
  readonly e: number;
}

/** A fake TerraformDoc: the spans of the places a loader registers. */
function fakeDoc(text: string, file = "main.tf"): TerraformFixTarget & { readonly places: Map<string, Span> } {
  const places = new Map<string, Span>();
  const expr = (p: string, x: Expr) => {
    places.set(p, { o: x.o, e: x.e });
    if (x.k === "tuple") for (const [i, it] of x.items.entries()) expr(`${p}/${i}`, it);
    if (x.k === "object")
      for (const it of x.items) if (it.bare !== undefined || it.key.k === "template") expr(`${p}/${it.bare ?? (it.key.k === "template" && it.key.parts[0]?.p === "lit" ? it.key.parts[0].v : "?")}`, it.value);
  };
  const body = (p: string, b: Body) => {
    const count = new Map<string, number>();
    for (const item of b.items) {
      if (item.kind === "attr") expr(`${p}/${item.name}`, item.value);
      else {
        const type = item.type === "dynamic" ? item.labels[0]!.v : item.type;
        const i = count.get(type) ?? 0;
        count.set(type, i + 1);
        places.set(`${p}/${type}/${i}`, { o: item.o, e: item.e });
        body(`${p}/${type}/${i}`, item.body);
      }
    }
  };
  for (const item of parseHcl(text, file).body.items) {
    if (item.kind !== "block" || item.type !== "resource") continue;
    const p = `/resource/${item.labels[0]!.v}/${item.labels[1]!.v}`;
    places.set(p, { o: item.o, e: item.e });
    body(p, item.body);
  }
  return { file, text, places, spanOf: (pointer) => places.get(pointer), newline: text.includes("\r\n") ? "\r\n" : "\n", indentUnit: /\n(\t)/.test(text) ? "\t" : "  " };
}

function apply(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
  return out;
}

/** The fixed text, checked to parse; or the refusal. */
function fix(text: string, e: PlacedEdit, file = "main.tf"): string {
  const doc = fakeDoc(text, file);
  const out = new TerraformFixer(doc).edits(e);
  if ("refused" in out) return `refused: ${out.refused}`;
  const fixed = apply(text, out.edits);
  expect(() => parseHcl(fixed, file)).not.toThrow();
  return fixed;
}

const A = "/resource/azurerm_batch_account/a";
const ACCOUNT = `resource "azurerm_batch_account" "a" {
  name                          = "acct"
  location                      = "westeurope"
  allowed_authentication_modes  = ["AAD", "SharedKey"] # keys for the legacy CLI
  public_network_access_enabled = true

  network_profile {
    account_access {
      default_action = "Allow"
    }
  }

  identity {
    type = "SystemAssigned"
  }
}
`;

describe("TerraformFixer: the core rules' edits", () => {
  test("BATCH001/BATCH002: an element removed from a one-line list, its comment kept", () => {
    expect(fix(ACCOUNT, { op: "remove", pointer: `${A}/allowed_authentication_modes/1` })).toBe(ACCOUNT.replace('["AAD", "SharedKey"]', '["AAD"]'));
    expect(fix(ACCOUNT, { op: "remove", pointer: `${A}/allowed_authentication_modes/0` })).toBe(ACCOUNT.replace('["AAD", "SharedKey"]', '["SharedKey"]'));
  });

  test("an element of a multi-line list takes its line; a trailing comma or none", () => {
    const text = `resource "azurerm_batch_account" "a" {\n  allowed_authentication_modes = [\n    "AAD",\n    "TaskAuthenticationToken", # retired\n    "SharedKey"\n  ]\n}\n`;
    expect(fix(text, { op: "remove", pointer: `${A}/allowed_authentication_modes/1` })).toBe(`resource "azurerm_batch_account" "a" {\n  allowed_authentication_modes = [\n    "AAD",\n    "SharedKey"\n  ]\n}\n`);
    expect(fix(text, { op: "remove", pointer: `${A}/allowed_authentication_modes/2` })).toBe(
      `resource "azurerm_batch_account" "a" {\n  allowed_authentication_modes = [\n    "AAD",\n    "TaskAuthenticationToken" # retired\n  ]\n}\n`,
    );
  });

  test("BATCH004: the network_profile block removed with its lines", () => {
    expect(fix(ACCOUNT, { op: "remove", pointer: `${A}/network_profile/0` })).toBe(ACCOUNT.replace(/ {2}network_profile \{\n[\s\S]*?\n {2}\}\n/, ""));
  });

  test("BATCH005: publicNetworkAccess Disabled replaces the literal as false, or is set as a new attribute after the last one", () => {
    expect(fix(ACCOUNT, { op: "replace", pointer: `${A}/public_network_access_enabled`, value: "Disabled" })).toBe(ACCOUNT.replace("public_network_access_enabled = true", "public_network_access_enabled = false"));
    const without = ACCOUNT.replace("  public_network_access_enabled = true\n", "");
    expect(fix(without, { op: "set", pointer: A, key: "publicNetworkAccess", value: "Disabled" })).toBe(
      without.replace("# keys for the legacy CLI\n", "# keys for the legacy CLI\n  public_network_access_enabled = false\n"),
    );
    // A value the provider has no boolean for.
    expect(fix(ACCOUNT, { op: "replace", pointer: `${A}/public_network_access_enabled`, value: "SecuredByPerimeter" })).toBe('refused: "SecuredByPerimeter" has no Terraform value for public_network_access_enabled');
  });

  test('BATCH001 set: allowedAuthenticationModes ["AAD"] as allowed_authentication_modes = ["AAD"], replaced or inserted', () => {
    expect(fix(ACCOUNT, { op: "set", pointer: A, key: "allowedAuthenticationModes", value: ["AAD"] })).toBe(ACCOUNT.replace('["AAD", "SharedKey"]', '["AAD"]'));
    const text = `resource "azurerm_batch_account" "a" {\n\tname = "acct"\n\n\tidentity {\n\t\ttype = "SystemAssigned"\n\t}\n}\n`.replace(/\n/g, "\r\n");
    expect(fix(text, { op: "set", pointer: A, key: "allowedAuthenticationModes", value: ["AAD"] })).toBe(text.replace('\tname = "acct"\r\n', '\tname = "acct"\r\n\tallowed_authentication_modes = ["AAD"]\r\n'));
    // An empty block: the first line of its body, one unit deeper.
    const empty = `resource "azurerm_batch_account" "a" {\n}\n`;
    expect(fix(empty, { op: "set", pointer: A, key: "allowedAuthenticationModes", value: ["AAD"] })).toBe(`resource "azurerm_batch_account" "a" {\n  allowed_authentication_modes = ["AAD"]\n}\n`);
  });

  test("a nested block's attribute: set and replace through the mapping (identity.type, account_access.default_action)", () => {
    expect(fix(ACCOUNT, { op: "replace", pointer: `${A}/identity/0/type`, value: "SystemAssigned, UserAssigned" })).toBe(ACCOUNT.replace('type = "SystemAssigned"', 'type = "SystemAssigned, UserAssigned"'));
    expect(fix(ACCOUNT, { op: "set", pointer: `${A}/network_profile/0/account_access/0`, key: "defaultAction", value: "Deny" })).toBe(ACCOUNT.replace('default_action = "Allow"', 'default_action = "Deny"'));
  });
});

describe("TerraformFixer: literals only, and what has no counterpart", () => {
  test("strings are written with HCL's escapes", () => {
    const out = fix(ACCOUNT, { op: "replace", pointer: `${A}/name`, value: 'a "${x}" %{ y } \\ \n' });
    expect(out).toContain('name                          = "a \\"$${x}\\" %%{ y } \\\\ \\n"');
  });

  test("a reference, an interpolation, a call, a heredoc are not literals", () => {
    const text = `resource "azurerm_batch_account" "a" {\n  public_network_access_enabled = var.public\n  allowed_authentication_modes  = concat(["AAD"], var.more)\n  name = "\${var.prefix}batch"\n  location = <<EOT\nwesteurope\nEOT\n}\n`;
    expect(fix(text, { op: "replace", pointer: `${A}/public_network_access_enabled`, value: "Disabled" })).toBe("refused: the value is a reference to 'var.public'");
    expect(fix(text, { op: "set", pointer: A, key: "allowedAuthenticationModes", value: ["AAD"] })).toBe("refused: the value is computed by concat()");
    expect(fix(text, { op: "replace", pointer: `${A}/name`, value: "x" })).toBe("refused: the value is a template with an interpolation or directive");
    expect(fix(text, { op: "replace", pointer: `${A}/location`, value: "x" })).toBe("refused: the value is a heredoc");
  });

  test("no counterpart, a nested block as a value, a reshaped value, a dynamic block, a one-line block, a .tfvars file", () => {
    expect(fix(ACCOUNT, { op: "set", pointer: A, key: "keySource", value: "Microsoft.KeyVault" })).toBe("refused: keySource has no Terraform attribute");
    expect(fix(ACCOUNT, { op: "set", pointer: A, key: "networkProfile", value: {} })).toBe("refused: networkProfile is the network_profile block in Terraform, not an attribute");
    const pool = `resource "azurerm_batch_pool" "p" {\n  name = "p"\n  metadata = { a = "b" }\n}\n`;
    expect(fix(pool, { op: "set", pointer: "/resource/azurerm_batch_pool/p", key: "metadata", value: [] })).toBe("refused: the provider reshapes metadata: no literal conversion");
    expect(fix(pool, { op: "set", pointer: "/resource/azurerm_batch_pool/p", key: "targetNodeCommunicationMode", value: "Simplified" })).toBe(
      pool.replace('metadata = { a = "b" }\n', 'metadata = { a = "b" }\n  target_node_communication_mode = "Simplified"\n'),
    );
    const dyn = `resource "azurerm_batch_account" "a" {\n  dynamic "identity" {\n    for_each = var.ids\n    content {\n      type = "UserAssigned"\n    }\n  }\n}\n`;
    expect(fix(dyn, { op: "set", pointer: `${A}/identity/0`, key: "type", value: "SystemAssigned" })).toBe("refused: the value is in a block made by `dynamic`");
    const oneLine = `resource "azurerm_batch_account" "a" {\n  identity { type = "UserAssigned" }\n}\n`;
    expect(fix(oneLine, { op: "set", pointer: `${A}/identity/0`, key: "userAssignedIdentities", value: ["x"] })).toBe("refused: the one-line identity block holds one argument only");
    expect(fix(oneLine, { op: "replace", pointer: `${A}/identity/0/type`, value: "SystemAssigned" })).toBe(oneLine.replace("UserAssigned", "SystemAssigned"));
    expect(fix('modes = ["SharedKey"]\n', { op: "remove", pointer: "/modes/0" }, "x.tfvars")).toMatch(/^refused: a \.tfvars file/);
    expect(fix(ACCOUNT, { op: "remove", pointer: "/variable/x/default" })).toBe("refused: /variable/x/default is not in a resource block");
    expect(fix(ACCOUNT, { op: "remove", pointer: `${A}/nothing` })).toBe(`refused: nothing written at ${A}/nothing`);
  });

  test("an azapi_resource body: ARM keys, written as HCL object members", () => {
    const text = `resource "azapi_resource" "acct" {\n  type = "Microsoft.Batch/batchAccounts@2024-07-01"\n  body = {\n    properties = {\n      publicNetworkAccess        = "Enabled"\n      allowedAuthenticationModes = ["AAD", "SharedKey"]\n    }\n  }\n}\n`;
    const B = "/resource/azapi_resource/acct/body/properties";
    expect(fix(text, { op: "replace", pointer: `${B}/publicNetworkAccess`, value: "Disabled" })).toBe(text.replace('"Enabled"', '"Disabled"'));
    expect(fix(text, { op: "remove", pointer: `${B}/allowedAuthenticationModes/1` })).toBe(text.replace('["AAD", "SharedKey"]', '["AAD"]'));
    expect(fix(text, { op: "set", pointer: B, key: "encryption", value: { keySource: "Microsoft.KeyVault" } })).toBe(
      text.replace('["AAD", "SharedKey"]\n', '["AAD", "SharedKey"]\n      encryption = {\n        keySource = "Microsoft.KeyVault"\n      }\n'),
    );
    expect(fix(text, { op: "remove", pointer: `${B}/publicNetworkAccess` })).toBe(text.replace('      publicNetworkAccess        = "Enabled"\n', ""));
  });
});

describe("--fix on a .tf file, through the public fix path (lint, fixLoop, the re-parse, the re-lint)", () => {
  const { lint, fixRun: fixAll } = fixPath("main.tf");
  const acct = (name: string, lines: string) =>
    `resource "azurerm_batch_account" "${name}" {\n  name                          = "${name}"\n  resource_group_name           = "rg"\n  location                      = "westeurope"\n${lines}}\n`;

  test("each fixable rule on literals (BATCH001, BATCH002, BATCH004, BATCH005): applied, parses, and the re-lint reports none", () => {
    const text =
      acct("a", '  allowed_authentication_modes  = ["AAD", "SharedKey", "TaskAuthenticationToken"]\n  public_network_access_enabled = true\n') +
      acct("b", '  allowed_authentication_modes  = ["AAD"]\n  public_network_access_enabled = false\n  network_profile {\n    account_access {\n      default_action = "Deny"\n    }\n  }\n');
    const before = lint(text).findings;
    expect(before.map((f) => f.ruleId).sort()).toEqual(["BATCH001", "BATCH002", "BATCH004", "BATCH005"]);
    // The fixes are described in Terraform terms.
    expect(before.map((f) => f.fix?.description).sort()).toEqual([
      'Remove "SharedKey" from allowed_authentication_modes',
      'Remove "TaskAuthenticationToken" from allowed_authentication_modes',
      "Remove the ignored network_profile",
      "Set public_network_access_enabled to false",
    ]);
    const { output, applied } = fixAll(text);
    expect([...applied.keys()].sort()).toEqual(["BATCH001", "BATCH002", "BATCH004", "BATCH005"]);
    expect(output).toBe(
      acct("a", '  allowed_authentication_modes  = ["AAD"]\n  public_network_access_enabled = false\n') + acct("b", '  allowed_authentication_modes  = ["AAD"]\n  public_network_access_enabled = false\n'),
    );
    expect(() => parseSource(output, "main.tf", new RunContext())).not.toThrow();
    expect(lint(output).findings).toEqual([]);
  });

  test("an azapi_resource body: the ARM names, HCL literals", () => {
    const text = `resource "azapi_resource" "acct" {\n  type      = "Microsoft.Batch/batchAccounts@2024-07-01"\n  name      = "acct"\n  parent_id = "x"\n  location  = "westeurope"\n  body = {\n    properties = {\n      publicNetworkAccess        = "Enabled"\n      allowedAuthenticationModes = ["AAD", "SharedKey"]\n    }\n  }\n}\n`;
    const f = lint(text).findings;
    expect(f.find((x) => x.ruleId === "BATCH001")?.fix?.description).toBe('Remove "SharedKey" from allowedAuthenticationModes');
    const { output } = fixAll(text);
    expect(output).toBe(text.replace('["AAD", "SharedKey"]', '["AAD"]').replace('"Enabled"', '"Disabled"'));
    expect(lint(output).findings.filter((x) => ["BATCH001", "BATCH005"].includes(x.ruleId))).toEqual([]);
  });

  test("declined with a note in Terraform terms: a value from a variable or an expression; nothing written", () => {
    const text =
      'variable "modes" {\n  default = ["SharedKey", "AAD"]\n}\nlocals {\n  on = true\n}\n' +
      acct("a", "  allowed_authentication_modes  = var.modes\n  public_network_access_enabled = local.on\n") +
      acct("b", '  allowed_authentication_modes  = concat(["AAD"], ["SharedKey"])\n  public_network_access_enabled = false\n');
    const r = lint(text);
    expect(r.findings.filter((f) => f.fix)).toEqual([]);
    const notes = r.notes.map((n) => n.message).sort();
    expect(notes).toEqual([
      "BATCH001: no automatic fix: allowed_authentication_modes comes from a variable, a local or a module's input",
      "BATCH001: no automatic fix: allowed_authentication_modes is computed by a Terraform expression",
    ]);
    expect(fixAll(text).output).toBe(text);
  });
});

describe("--fix-dry-run's diff is redacted as lint redacts", () => {
  test("a sensitive variable whose value only terraform.tfvars gives is redacted in the diff of main.tf", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-tf-fix-"));
    try {
      const secret = "Zq8-not-a-real-secret-41";
      fs.writeFileSync(path.join(dir, "variables.tf"), 'variable "registry_password" {\n  type      = string\n  sensitive = true\n}\n');
      fs.writeFileSync(path.join(dir, "terraform.tfvars"), `registry_password = "${secret}"\n`);
      // The value written again in main.tf, next to a line the fix changes.
      fs.writeFileSync(
        path.join(dir, "main.tf"),
        `resource "azurerm_batch_account" "a" {\n  name                          = "a"\n  resource_group_name           = "rg"\n  location                      = "westeurope"\n  tags                          = { note = "${secret}" }\n  allowed_authentication_modes  = ["AAD", "SharedKey"]\n  public_network_access_enabled = false\n}\n`,
      );
      const rules = allRules.filter((r) => r.meta.id === "BATCH001");
      const result = await lintPaths([dir], { rules, cwd: dir, base: dir });
      expect(result.findings.map((f) => f.ruleId)).toEqual(["BATCH001"]);
      let out = "";
      const resolver = new ConfigResolver({ builtins: rules, cwd: dir, noLookup: true });
      const { changed } = await runFixes(result, { cwd: dir, base: dir, resolver, write: false, out: (t) => (out += t), err: () => {} });
      expect(changed).toBe(1);
      expect(out).toContain('+  allowed_authentication_modes  = ["AAD"]');
      expect(out).toContain("tags");
      expect(out).not.toContain(secret);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
