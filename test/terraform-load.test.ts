/**
 * The Terraform loader (src/input/terraform/load*.ts) through the public pipeline: a .tf file evaluated as part of
 * its directory's module (variables and their values in terraform's precedence, locals, count, for_each, dynamic
 * blocks, references, local modules), fixtures in test/fixtures/terraform/load/, and the real files in
 * test/fixtures/terraform/real/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import type { Finding } from "../src/engine/findings.js";
import { type LintOptions, lintPaths, lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const D = path.join(repoRoot, "test/fixtures/terraform/load");
type TfOptions = Partial<LintOptions> & { terraformVars?: ReadonlyMap<string, string>; terraformVarFiles?: readonly string[] };
const lint = (file: string, o: TfOptions = {}) => lintPaths([path.join(D, file)], { rules, cwd: repoRoot, base: D, ...o } as LintOptions);
/** Findings of the core rules: `file:line:column ruleId message [resource label]`. */
const core = (r: { findings: readonly Finding[] }, ids = /^BATCH00[1-4]$/) =>
  r.findings.filter((f) => ids.test(f.ruleId)).map((f) => `${f.file}:${f.region.startLine}:${f.region.startColumn} ${f.ruleId} ${f.message} [${f.resource.label}]`);
const related = (f: Finding | undefined) => (f?.related ?? []).map((l) => `${l.file}:${l.region.startLine}:${l.region.startColumn}`);
const SHARED = `allowed_authentication_modes includes "SharedKey" (evaluates to ["SharedKey"]): shared key authentication is enabled.`;

describe("variables: defaults, terraform.tfvars, *.auto.tfvars, --var-file, --var (later wins)", () => {
  test("a .tf file is evaluated with its module's variables and the tfvars terraform reads by itself", async () => {
    const r = await lint("vars/main.tf");
    expect(r.errors).toEqual([]);
    expect(core(r)).toEqual([
      `vars/main.tf:3:34 BATCH001 ${SHARED} [azurerm_batch_account.a]`,
      `vars/main.tf:8:34 BATCH001 ${SHARED} [azurerm_batch_account.b]`,
      // c: terraform.tfvars says SharedKey, a.auto.tfvars (later) AAD; d: b.auto.tfvars is read after a.auto.tfvars.
      `vars/main.tf:18:34 BATCH001 ${SHARED} [azurerm_batch_account.d]`,
      `vars/main.tf:23:34 BATCH001 ${SHARED} [azurerm_batch_account.e]`,
    ]);
    // The value's origin: the variable's default, or the tfvars line that sets it.
    const by = (label: string) => r.findings.find((f) => f.ruleId === "BATCH001" && f.resource.label === label);
    expect(related(by("azurerm_batch_account.a"))).toEqual(["vars/variables.tf:3:13"]);
    expect(related(by("azurerm_batch_account.b"))).toEqual(["vars/terraform.tfvars:1:5"]);
    expect(related(by("azurerm_batch_account.d"))).toEqual(["vars/b.auto.tfvars:1:5"]);
    // A variable with no value is unknown: no finding for `unset`; all eight accounts are checked.
    expect(r.resourcesChecked).toBe(8);
  });

  test("--var-file files come after *.auto.tfvars, --var values after them; a complex --var is HCL, a string one text", async () => {
    const r = await lint("vars/main.tf", {
      terraformVarFiles: [path.join(D, "vars/env/prod.tfvars")],
      terraformVars: new Map([
        ["f", '["AAD"]'],
        ["mode", "SharedKey"],
      ]),
    });
    expect(r.errors).toEqual([]);
    expect(core(r)).toEqual([
      `vars/main.tf:3:34 BATCH001 ${SHARED} [azurerm_batch_account.a]`,
      `vars/main.tf:8:34 BATCH001 ${SHARED} [azurerm_batch_account.b]`,
      `vars/main.tf:18:34 BATCH001 ${SHARED} [azurerm_batch_account.d]`,
      'vars/main.tf:33:35 BATCH001 allowed_authentication_modes includes "SharedKey": shared key authentication is enabled. [azurerm_batch_account.mode]',
    ]);
    // Without --var f, the var-file's SharedKey stands.
    const f = await lint("vars/main.tf", { terraformVarFiles: [path.join(D, "vars/env/prod.tfvars")] });
    expect(core(f).filter((x) => x.includes(".f]"))).toEqual([`vars/main.tf:28:34 BATCH001 ${SHARED} [azurerm_batch_account.f]`]);
    expect(related(f.findings.find((x) => x.ruleId === "BATCH001" && x.resource.label === "azurerm_batch_account.f"))).toEqual(["vars/env/prod.tfvars:2:5"]);
  });

  test("linting a .tfvars checks every resource of its directory's module with it as the last var-file", async () => {
    const r = await lint("vars/prod.tfvars");
    expect(r.errors).toEqual([]);
    expect(r.resourcesChecked).toBe(8);
    // prod.tfvars sets a = ["AAD"]: the default's finding is gone; the findings land in main.tf.
    expect(core(r)).toEqual([
      `vars/main.tf:8:34 BATCH001 ${SHARED} [azurerm_batch_account.b]`,
      `vars/main.tf:18:34 BATCH001 ${SHARED} [azurerm_batch_account.d]`,
      `vars/main.tf:23:34 BATCH001 ${SHARED} [azurerm_batch_account.e]`,
    ]);
    // terraform.tfvars keeps its own place (before *.auto.tfvars), as terraform reads it.
    const t = await lint("vars/terraform.tfvars");
    expect(core(t).map((x) => x.slice(x.lastIndexOf(" [") + 2))).toEqual(["azurerm_batch_account.a]", "azurerm_batch_account.b]", "azurerm_batch_account.d]", "azurerm_batch_account.e]"]);
    // A .tfvars with no .tf beside it: a note, nothing checked, no error.
    const lone = await lint("vars/env/prod.tfvars");
    expect([lone.errors, lone.resourcesChecked]).toEqual([[], 0]);
    expect(lone.notes.map((n) => n.message)).toEqual(["no .tf file beside it: the variables it sets are of no module read here; nothing to check"]);
  });
});

describe("locals, count, for_each, dynamic blocks, references", () => {
  test("locals are evaluated lazily; a cycle is unknown with a note, never an error", async () => {
    const r = await lint("locals/main.tf");
    expect(r.errors).toEqual([]);
    expect(core(r)).toEqual([`locals/main.tf:11:34 BATCH001 allowed_authentication_modes includes "SharedKey" (evaluates to ["SharedKey","AAD"]): shared key authentication is enabled. [azurerm_batch_account.chained]`]);
    expect(r.findings.find((f) => f.ruleId === "BATCH001")?.resource.name).toBe("acct-default");
    // The origins: the local read, and the local it reads.
    expect(related(r.findings.find((f) => f.ruleId === "BATCH001"))).toEqual(["locals/main.tf:3:11", "locals/main.tf:2:11"]);
    expect(r.notes.filter((n) => n.message.includes("cycle")).map((n) => `${n.file} ${n.message}`)).toEqual(["locals/main.tf 4:11: local.x refers to itself (a cycle): its value is unknown"]);
    expect(r.resourcesChecked).toBe(2);
  });

  test("count: 0 is not deployed, 2 is two instances named [0] and [1], unknown is one conditional instance; comments are never read", async () => {
    const r = await lint("count/main.tf");
    expect(r.errors).toEqual([]);
    const msg = 'allowed_authentication_modes includes "SharedKey": shared key authentication is enabled.';
    expect(r.findings.filter((f) => f.ruleId === "BATCH001").map((f) => [`${f.region.startLine}:${f.region.startColumn}`, f.resource.label, f.resource.name, f.conditional === true, f.message.startsWith(msg)])).toEqual([
      ["14:35", "azurerm_batch_account.two[0]", "two-0", false, true],
      ["14:35", "azurerm_batch_account.two[1]", "two-1", false, true],
      ["20:35", "azurerm_batch_account.maybe", "maybe", true, true],
    ]);
    expect(r.resourcesChecked).toBe(3);
  });

  test("for_each over a map and over a set: an instance per key, with each.key and each.value", async () => {
    const r = await lint("foreach/main.tf");
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => /^BATCH00[12]$/.test(f.ruleId)).map((f) => `${f.region.startLine}:${f.region.startColumn} ${f.ruleId} ${f.resource.label} ${f.resource.name}`)).toEqual([
      '14:34 BATCH001 azurerm_batch_account.by_map["shared"] shared',
      '20:35 BATCH002 azurerm_batch_account.by_set["east"] acct-east',
      '20:35 BATCH002 azurerm_batch_account.by_set["west"] acct-west',
    ]);
    // The value came from the variable's default (each.value of var.accounts).
    expect(related(r.findings.find((f) => f.ruleId === "BATCH001"))).toEqual(["foreach/main.tf:5:13"]);
    expect(r.resourcesChecked).toBe(4);
  });

  test("dynamic blocks: a known collection makes the blocks (BATCH003, BATCH004); an unknown one is unknown, not absent", async () => {
    const r = await lint("dynamic/main.tf");
    expect(r.errors).toEqual([]);
    expect(core(r)).toEqual([
      "dynamic/main.tf:16:5 BATCH003 encryption.key_vault_key_id is set but identity is not set: no identity can read the key in Key Vault. [azurerm_batch_account.known]",
      "dynamic/main.tf:42:5 BATCH004 network_profile is ignored because public_network_access_enabled is false. [azurerm_batch_account.network]",
    ]);
    expect(r.findings.some((f) => f.resource.label === "azurerm_batch_account.unknown" && /^BATCH00[39]$/.test(f.ruleId))).toBe(false);
  });

  test("a pool's account_name from the account resource: the pool is named <account>/<pool>; a computed id leaves it unknown", async () => {
    const r = await lint("refs/pool.tf");
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === "BATCH108").map((f) => `${f.file}:${f.region.startLine}:${f.region.startColumn} ${f.resource.label} ${f.resource.name}`)).toEqual([
      "refs/pool.tf:1:31 azurerm_batch_pool.p acct01/pool",
      "refs/pool.tf:9:31 azurerm_batch_pool.orphan undefined",
      "refs/pool.tf:16:31 azurerm_batch_pool.indexed many1/indexed",
      // A data source is read at plan time: unknown.
      "refs/pool.tf:23:31 azurerm_batch_pool.from_data undefined",
      "refs/pool.tf:30:31 azurerm_batch_pool.spot acct01/spot",
    ]);
    // Only the resources declared in pool.tf are returned (the accounts in account.tf are read, not checked) ...
    expect(r.resourcesChecked).toBe(5);
    // ... but a pool's account is its parent all the same: BATCH105 reads its pool allocation mode there.
    const spot = r.findings.find((f) => f.ruleId === "BATCH105");
    expect([spot?.file, spot?.region.startLine, spot?.region.startColumn, spot?.resource.label]).toEqual(["refs/pool.tf", 37, 33, "azurerm_batch_pool.spot"]);
    expect(related(spot)).toEqual(["refs/account.tf:1:34"]);
  });
});

describe("modules", () => {
  test("local modules take the caller's inputs (origins at the caller's line), with for_each and count; remote ones are noted", async () => {
    const r = await lint("modules/main.tf");
    expect(r.errors).toEqual([]);
    expect(core(r)).toEqual([
      `modules/modules/batch/main.tf:12:34 BATCH001 ${SHARED} [module.single.azurerm_batch_account.this]`,
      'modules/modules/nested/main.tf:7:35 BATCH002 allowed_authentication_modes includes "TaskAuthenticationToken", retired on 30 September 2024. [module.single.module.nested.azurerm_batch_account.inner]',
      `modules/modules/nested/main.tf:7:35 BATCH002 allowed_authentication_modes includes "TaskAuthenticationToken", retired on 30 September 2024. [module.loop["x"].module.nested.azurerm_batch_account.inner]`,
      `modules/modules/nested/main.tf:7:35 BATCH002 allowed_authentication_modes includes "TaskAuthenticationToken", retired on 30 September 2024. [module.loop["y"].module.nested.azurerm_batch_account.inner]`,
    ]);
    expect(related(r.findings.find((f) => f.ruleId === "BATCH001"))).toEqual(["modules/main.tf:4:12"]);
    expect(r.findings.filter((f) => f.ruleId === "BATCH002").map((f) => f.resource.name)).toEqual(["single-inner", "loop-x-inner", "loop-y-inner"]);
    // single, loop["x"], loop["y"] and the nested module of each; `never` has count = 0.
    expect(r.resourcesChecked).toBe(6);
    expect(r.notes.map((n) => `${n.file} ${n.message}`)).toEqual([
      "modules/main.tf 20:8: module 'remote' (Azure/avm-res-batch-batchaccount/azurerm): a module from a registry or a remote source is not read (batchlint works offline); its resources are not checked",
      "modules/main.tf 25:8: module 'git' (git::https://example.com/batch.git): a module from a registry or a remote source is not read (batchlint works offline); its resources are not checked",
      "modules/modules/nested/main.tf 10:8: module 'again' (./): the module calls itself (a cycle); its resources are not checked",
    ]);
  });

  test("a module outside the linted tree is not read: a note, never an error", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tf-outside-"));
    try {
      mkdirSync(path.join(dir, "root"));
      mkdirSync(path.join(dir, "shared"));
      writeFileSync(path.join(dir, "root/main.tf"), 'module "m" {\n  source = "../shared"\n}\n');
      writeFileSync(path.join(dir, "shared/main.tf"), 'resource "azurerm_batch_account" "x" {\n  name = "x"\n}\n');
      const r = await lintPaths([path.join(dir, "root/main.tf")], { rules, cwd: path.join(dir, "root"), base: dir });
      expect([r.errors, r.resourcesChecked]).toEqual([[], 0]);
      expect(r.notes.map((n) => n.message)).toEqual(["1:8: module 'm' (../shared): it is outside the linted directory and is not read; its resources are not checked"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("secrets, errors, text without a directory", () => {
  test("a sensitive variable's value is never printed", async () => {
    const r = await lint("sensitive/main.tf");
    expect(r.errors).toEqual([]);
    const shown = JSON.stringify([r.findings, r.notes]);
    expect(shown).not.toContain("SharedKeyFromAVerySecretPlace");
    expect(core(r)).toEqual([
      `sensitive/main.tf:9:34 BATCH002 allowed_authentication_modes includes "TaskAuthenticationToken" (evaluates to ["TaskAuthenticationToken","<redacted>"]), retired on 30 September 2024. [azurerm_batch_account.s]`,
    ]);
    // The same variable not marked sensitive is printed (the redaction above is the flag's doing).
    const plain = lintText(
      'variable "mode" {\n  default = "SharedKeyFromAVerySecretPlaceWithALongName"\n}\nresource "azurerm_batch_account" "s" {\n  allowed_authentication_modes = concat(["TaskAuthenticationToken"], [var.mode])\n}\n',
      "plain.tf",
      { rules, cwd: repoRoot, base: repoRoot },
    );
    expect(JSON.stringify(plain.findings)).toContain("SharedKeyFromAVerySecretPlace");
  });

  test("a syntax error in a sibling file is that file's located error; the linted file's findings stand", async () => {
    const r = await lint("syntax/main.tf");
    expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`)).toEqual(["syntax/broken.tf:4:1 Terraform syntax error: expected ',' or ']' after the item, found '}'"]);
    expect(core(r)).toEqual([`syntax/main.tf:3:35 BATCH001 allowed_authentication_modes includes "SharedKey": shared key authentication is enabled. [azurerm_batch_account.ok]`]);
    const own = await lint("syntax/broken.tf");
    expect(own.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code}`)).toEqual(["syntax/broken.tf:4:1 terraform-syntax"]);
  });

  test("text not read from a file is its own module: variables without a value are unknown, nothing else is read", () => {
    const text = 'variable "modes" {}\nresource "azurerm_batch_account" "a" {\n  allowed_authentication_modes = var.modes\n}\nresource "azurerm_batch_account" "b" {\n  allowed_authentication_modes = ["SharedKey"]\n}\n';
    const r = lintText(text, "stdin.tf", { rules, cwd: repoRoot, base: repoRoot });
    expect(r.errors).toEqual([]);
    expect(core(r)).toEqual([`stdin.tf:6:35 BATCH001 allowed_authentication_modes includes "SharedKey": shared key authentication is enabled. [azurerm_batch_account.b]`]);
  });
});

describe("real Terraform files (test/fixtures/terraform/real)", () => {
  const REAL = path.join(repoRoot, "test/fixtures/terraform/real");
  const real = (file: string) => lintPaths([path.join(REAL, file)], { rules, cwd: repoRoot, base: REAL });

  test("azurerm examples: the account and pools load (undeclared variables unknown), the pool named under its account", async () => {
    const r = await real("azurerm-examples-batch/basic/main.tf");
    expect([r.errors, r.notes, r.resourcesChecked]).toEqual([[], [], 3]);
    expect(core(r)).toEqual(["azurerm-examples-batch/basic/main.tf:18:34 BATCH001 allowed_authentication_modes is not set, so the account accepts shared key authentication. [azurerm_batch_account.example]"]);
    // `name = "${var.prefix}batch"` with var.prefix not declared: the names are unknown.
    expect(r.findings.find((f) => f.ruleId === "BATCH106")?.resource).toMatchObject({ label: "azurerm_batch_pool.fixed", name: undefined });
    expect(r.findings.filter((f) => f.ruleId === "BATCH106").map((f) => `${f.region.startLine}:${f.region.startColumn}`)).toEqual(["31:25", "73:25"]);
    const c = await real("azurerm-examples-batch/custom-image/main.tf");
    expect([c.errors, c.notes, c.resourcesChecked]).toEqual([[], [], 2]);
    expect(core(c)).toEqual(["azurerm-examples-batch/custom-image/main.tf:123:34 BATCH001 allowed_authentication_modes is not set, so the account accepts shared key authentication. [azurerm_batch_account.example]"]);
  });

  test("the AVM batch account module: every file of the module read, the account checked, its unknowns reported as nothing", async () => {
    const r = await real("avm-res-batch-batchaccount/main.tf");
    expect([r.errors, r.resourcesChecked]).toEqual([[], 1]);
    // Its inputs (allowed_authentication_modes, encryption ...) are variables the stored variables.tf does not
    // declare, so unknown: the core rules find nothing to say.
    expect(core(r)).toEqual([]);
    for (const f of ["locals.tf", "variables.tf", "main.telemetry.tf"]) {
      const o = await real(`avm-res-batch-batchaccount/${f}`);
      expect([o.errors, o.resourcesChecked]).toEqual([[], 0]);
    }
  });

  test("files without Batch resources, and a .tfvars with no module beside it, load without error", async () => {
    for (const f of ["terraform-azurerm-compute/locals.tf", "terraform-azurerm-compute/outputs.tf", "caf-enterprise-scale/template_file_variables.auto.tfvars"]) {
      const r = await real(f);
      expect([f, r.errors, r.resourcesChecked]).toEqual([f, [], 0]);
    }
  });
});

describe("azapi_resource", () => {
  test("a Microsoft.Batch type is mapped by mapping/azapi.ts; a jsonencode() body is read from its object, located in the .tf", async () => {
    const r = await lint("azapi/main.tf");
    expect(r.errors).toEqual([]);
    expect(core(r)).toEqual([
      // An azapi body is the ARM body: its findings keep the ARM property names, with HCL literals.
      `azapi/main.tf:13:36 BATCH001 allowedAuthenticationModes includes "SharedKey" (evaluates to ["SharedKey"]): shared key authentication is enabled. [azapi_resource.v1]`,
      'azapi/main.tf:25:37 BATCH002 allowedAuthenticationModes includes "TaskAuthenticationToken", retired on 30 September 2024. [azapi_resource.v2]',
    ]);
    expect(related(r.findings.find((f) => f.ruleId === "BATCH001"))).toEqual(["azapi/main.tf:3:13"]);
    expect(r.findings.find((f) => f.ruleId === "BATCH001")?.resource.name).toBe("v1acct");
    expect(r.resourcesChecked).toBe(2);
  });
});

describe("the evaluation budget", () => {
  test("modules nested deeper than the limit and more resources than the limit are located errors", async () => {
    const deep = await lint("modules/main.tf", { evaluationLimits: { maxNesting: 1 } });
    expect(deep.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`)).toEqual(["modules/modules/batch/main.tf:15:1 modules nested deeper than 1 levels"]);
    expect(deep.resourcesChecked).toBe(3);
    const many = await lint("count/main.tf", { evaluationLimits: { maxResources: 1 } });
    expect(many.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`)).toEqual(["count/main.tf:11:1 too complex: more than 1 resources"]);
    expect(many.resourcesChecked).toBe(0);
  });
});
