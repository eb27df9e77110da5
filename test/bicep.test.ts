/**
 * Bicep end to end (src/input/bicep/): the quickstart files get the findings their compiled templates get, at the
 * Bicep lines a person edits; loops, conditions, modules, .bicepparam and unknown values.
 */
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import type { Finding } from "../src/engine/findings.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const dir = "test/fixtures/bicep";
const lint = (...files: string[]) =>
  lintPaths(
    files.map((f) => `${dir}/${f}`),
    { rules, cwd: repoRoot, base: repoRoot },
  );
const brief = (f: Finding) => `${f.ruleId} ${f.propertyPath} ${f.region.startLine}:${f.region.startColumn}`;
/**
 * Rules whose findings differ between a quickstart's main.bicep and its published azuredeploy.json for a reason
 * outside the language: the apiVersions differ (BATCH903-905).
 */
const NOT_COMPARED = new Set(["BATCH903", "BATCH904", "BATCH905"]);
const compared = (fs: readonly Finding[]) =>
  fs
    .filter((f) => !NOT_COMPARED.has(f.ruleId))
    .map((f) => `${f.ruleId} ${f.resource.type} ${f.propertyPath}`)
    .sort();

describe("Bicep quickstarts", () => {
  test("batchaccount-with-storage: findings at the Bicep lines, as the compiled template's", async () => {
    const bicep = await lint("quickstarts/batchaccount-with-storage/main.bicep");
    const json = await lint("quickstarts/batchaccount-with-storage/azuredeploy.json");
    expect(bicep.errors).toEqual([]);
    expect(bicep.findings.filter((f) => f.ruleId === "BATCH001").map(brief)).toEqual(["BATCH001 properties.allowedAuthenticationModes 37:3"]);
    expect(bicep.findings.filter((f) => f.ruleId === "BATCH905").map(brief)).toEqual(["BATCH905 apiVersion 31:54"]);
    expect(compared(bicep.findings)).toEqual(compared(json.findings));
    expect(compared(bicep.findings).length).toBeGreaterThan(3);
  });

  test("batch-pool-no-public-ip: account and pool (parent:) findings at the Bicep lines, as the compiled template's", async () => {
    const bicep = await lint("quickstarts/batch-pool-no-public-ip/main.bicep");
    const json = await lint("quickstarts/batch-pool-no-public-ip/azuredeploy.json");
    expect(bicep.errors).toEqual([]);
    expect(bicep.findings.filter((f) => ["BATCH001", "BATCH005", "BATCH007", "BATCH106"].includes(f.ruleId)).map(brief)).toEqual([
      "BATCH001 properties.allowedAuthenticationModes 25:3",
      "BATCH005 properties.publicNetworkAccess 26:26",
      "BATCH007 properties.networkProfile.accountAccess.ipRules[0].value 33:20",
      "BATCH106 properties.deploymentConfiguration.virtualMachineConfiguration.nodeAgentSkuId 164:25",
    ]);
    expect(compared(bicep.findings)).toEqual(compared(json.findings));
    const pool = bicep.findings.find((f) => f.ruleId === "BATCH106")!;
    expect(pool.resource).toMatchObject({ type: "Microsoft.Batch/batchAccounts/pools" });
  });

  test("the four core rules, as on the same template written in JSON; a @secure() value is redacted", async () => {
    const bicep = await lint("core/main.bicep");
    const json = await lint("core/main.json");
    expect(bicep.findings.filter((f) => /^BATCH00[1-4]$/.test(f.ruleId)).map(brief)).toEqual([
      "BATCH001 properties.allowedAuthenticationModes[0] 14:33",
      "BATCH002 properties.allowedAuthenticationModes[1] 14:33",
      "BATCH004 properties.networkProfile 16:5",
      "BATCH003 properties.encryption.keySource 28:18",
    ]);
    expect(compared(bicep.findings)).toEqual(compared(json.findings));
    const b001 = bicep.findings.find((f) => f.ruleId === "BATCH001")!;
    expect(b001.related.map((r) => `${r.region.startLine} ${r.message}`)).toEqual(["6 value from variable 'modes'"]);
    const b011 = bicep.findings.find((f) => f.ruleId === "BATCH011")!;
    expect(b011.message).toContain("<redacted>");
    expect(b011.message).not.toContain("0123456789abcdef");
  });
});

describe("real modules", () => {
  const avm = "avm/batch-account";
  const core = (fs: readonly Finding[]) => fs.filter((f) => f.ruleId !== "BATCH903" && f.ruleId !== "BATCH904").map(brief);

  test("the Verified Modules batch account, with its defaults: the findings of its compiled template, at the Bicep lines", async () => {
    const bicep = await lint(`${avm}/main.bicep`);
    expect(bicep.errors).toEqual([]);
    expect(core(bicep.findings)).toEqual([
      "BATCH021 type 174:23",
      "BATCH905 apiVersion 174:54",
      "BATCH001 properties.allowedAuthenticationModes 180:5",
      "BATCH015 properties.autoStorage.authenticationMode 182:27",
      "BATCH009 properties.encryption.keySource 190:5",
      "BATCH006 properties.networkProfile.accountAccess 208:5",
      "BATCH008 properties.networkProfile.nodeManagementAccess 208:5",
      "BATCH005 properties.publicNetworkAccess 225:5",
    ]);
    // The compiled main.json (named alone, so linted): the same rules at the same property paths.
    const json = await lint(`${avm}/main.json`);
    expect(json.errors).toEqual([]);
    const ids = (fs: readonly Finding[]) => fs.map((f) => `${f.ruleId} ${f.propertyPath}`).sort();
    expect(ids(bicep.findings)).toEqual(ids(json.findings));
  });

  test("its end-to-end tests: the module followed with the values each passes", async () => {
    const e2e = async (name: string) => {
      const r = await lint(`${avm}/tests/e2e/${name}/main.test.bicep`);
      expect(r.errors, name).toEqual([]);
      return r.findings.filter((f) => /^BATCH0(0[1-9]|15)$/.test(f.ruleId)).map((f) => `${f.ruleId} ${f.file.slice(dir.length + 1)}:${f.region.startLine}`);
    };
    // customerManagedKey given (Key Vault keySource), storage by managed identity: no BATCH009, no BATCH015.
    expect(await e2e("encr")).toEqual([`BATCH001 ${avm}/main.bicep:180`, `BATCH003 ${avm}/main.bicep:190`, `BATCH006 ${avm}/main.bicep:208`, `BATCH008 ${avm}/main.bicep:208`, `BATCH005 ${avm}/main.bicep:225`]);
    // A network profile with IP rules: no BATCH006/BATCH008.
    expect(await e2e("max")).toEqual([`BATCH001 ${avm}/main.bicep:180`, `BATCH009 ${avm}/main.bicep:190`, `BATCH005 ${avm}/main.bicep:225`]);
    // Private endpoints and no network profile: publicNetworkAccess is 'Disabled'.
    expect(await e2e("waf-aligned")).toEqual([`BATCH001 ${avm}/main.bicep:180`, `BATCH009 ${avm}/main.bicep:190`]);
    expect(await e2e("defaults")).toContain(`BATCH015 ${avm}/main.bicep:182`);
  });

  test("the Resource Modules batch account and pool parse and evaluate without error", async () => {
    const r = await lint("real/resourcemodules-batchaccounts");
    expect(r.errors).toEqual([]);
    expect(r.files).toHaveLength(2);
    expect(r.findings.filter((f) => f.ruleId === "BATCH018").map(brief)).toEqual(["BATCH018 properties.allowedAuthenticationModes 207:33"]);
  });
});

describe("Bicep evaluation", () => {
  test("loops, conditions and unknowns", async () => {
    const r = await lint("loops/main.bicep");
    expect(r.errors).toEqual([]);
    const b001 = r.findings.filter((f) => f.ruleId === "BATCH001");
    // accts[1] (a loop instance) and `maybe` (an unknown condition); never `skipped` (if false) nor `unknownModes`.
    expect(b001.map((f) => `${f.region.startLine} ${f.message.replace(/^.*enabled\. ?/, "")} ${f.resource.name}`)).toEqual(["14 [copy 'accts' index 1] second1", "31 (if the resource's condition holds) maybe"]);
    expect(r.findings.some((f) => f.resource.name === "never")).toBe(false);
  });

  test("a local module is followed with the values passed; registry and missing modules are notes", async () => {
    const r = await lint("modules/main.bicep");
    expect(r.errors).toEqual([]);
    const b001 = r.findings.find((f) => f.ruleId === "BATCH001")!;
    expect(`${b001.file}:${b001.region.startLine}`).toBe(`${dir}/modules/account.bicep:8`);
    expect(b001.related.map((x) => `${x.file}:${x.region.startLine} ${x.message}`)).toEqual([`${dir}/modules/main.bicep:7 value passed to parameter 'modes' by the nested deployment in main.bicep`]);
    const pool = r.findings.find((f) => f.resource.type === "Microsoft.Batch/batchAccounts/pools")!;
    expect(pool.resource.name).toBe("modacct/pool1");
    const notes = r.notes.map((n) => n.message);
    expect(notes.some((n) => n.includes("module 'remote'") && n.includes("registry module is not followed"))).toBe(true);
    expect(notes.some((n) => n.includes("module 'missing'") && n.includes("could not be read"))).toBe(true);
  });

  test("a .bicepparam applies to its template: the finding in the .bicep, related at the .bicepparam", async () => {
    const withParams = await lint("params/main.bicepparam");
    expect(withParams.errors).toEqual([]);
    const b002 = withParams.findings.filter((f) => f.ruleId === "BATCH002");
    expect(b002.map((f) => `${f.file}:${f.region.startLine}`)).toEqual([`${dir}/params/main.bicep:7`]);
    expect(b002[0]!.related.map((x) => `${x.file}:${x.region.startLine} ${x.message}`)).toEqual([`${dir}/params/main.bicepparam:3 value from parameters file, parameter 'modes' in main.bicepparam`]);
    // The template alone, with its default: no TaskAuthenticationToken.
    const alone = await lint("params/main.bicep");
    expect(alone.findings.filter((f) => f.ruleId === "BATCH002")).toEqual([]);
  });

  test("values that cannot be known give no finding", () => {
    const text = [
      "param modes array",
      "param cfg object",
      "resource a 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
      "  name: 'unk'",
      "  location: 'westeurope'",
      "  properties: {",
      "    allowedAuthenticationModes: cfg.?modes ?? modes",
      "    publicNetworkAccess: loadTextContent('access.txt')",
      "    poolAllocationMode: reference('x').mode",
      "  }",
      "}",
    ].join("\n");
    const r = lintText(text, "unk.bicep", { rules, cwd: repoRoot, base: repoRoot });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => ["BATCH001", "BATCH002", "BATCH005"].includes(f.ruleId))).toEqual([]);
  });

  test("operators, interpolation and functions evaluate as the compiled ARM expressions would", () => {
    const text = [
      "param env string = 'Prod'",
      "var base = { mode: 'SharedKey' }",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
      "var list = [for (m, i) in [ 'AAD', base.mode ]: '${m}']",
      "resource a 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
      "  name: toLower('${env}acct')",
      "  location: 'westeurope'",
      "  properties: {",
      "    allowedAuthenticationModes: env =~ 'prod' && length(list) > 1 ? filter(list, x => x != 'AAD') : [ 'AAD' ]",
      "    publicNetworkAccess: 'Disabled'",
      "  }",
      "}",
    ].join("\n");
    const r = lintText(text, "ops.bicep", { rules, cwd: repoRoot, base: repoRoot });
    expect(r.errors).toEqual([]);
    const b001 = r.findings.filter((f) => f.ruleId === "BATCH001");
    expect(b001.map((f) => `${f.region.startLine}:${f.region.startColumn} ${f.resource.name}`)).toEqual(["8:33 prodacct"]);
  });

  test("an interpolated property name is evaluated; unknown, it is kept as written in brackets, an ARM expression key", () => {
    const pool = (uai: string, ref: string) =>
      [
        `param uai string${uai}`,
        "resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' existing = { name: 'acct' }",
        "resource p 'Microsoft.Batch/batchAccounts/pools@2024-07-01' = {",
        "  parent: acct",
        "  name: 'p'",
        "  identity: {",
        "    type: 'UserAssigned'",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
        "    userAssignedIdentities: { '${uai}': {} }",
        "  }",
        "  properties: {",
        "    vmSize: 'STANDARD_D2S_V3'",
        `    mountConfiguration: [ { azureBlobFileSystemConfiguration: { accountName: 'a', containerName: 'c', relativeMountPath: 'm', identityReference: { resourceId: '${ref}' } } } ]`,
        "  }",
        "}",
      ].join("\n");
    const b111 = (text: string) => lintText(text, "keys.bicep", { rules, cwd: repoRoot, base: repoRoot });
    // Known: the key is the identity's id, so a reference to another id is reported and one to it is not.
    const other = b111(pool(" = '/ids/one'", "/ids/two"));
    expect(other.errors).toEqual([]);
    expect(other.findings.filter((f) => f.ruleId === "BATCH111").map((f) => f.region.startLine)).toEqual([12]);
    expect(b111(pool(" = '/ids/one'", "/ids/one")).findings.filter((f) => f.ruleId === "BATCH111")).toEqual([]);
    // Unknown (no value): the identity cannot be known, so no reference is said to be missing.
    const unknown = b111(pool("", "/ids/two"));
    expect(unknown.errors).toEqual([]);
    expect(unknown.findings.filter((f) => f.ruleId === "BATCH111")).toEqual([]);
  });

  test("a syntax error is a located error of the file (exit 2), not a crash", () => {
    const r = lintText("resource a 'Microsoft.Batch/batchAccounts@2024-07-01' = {\n  name: 'x'\n  properties: {\n", "bad.bicep", { rules, cwd: repoRoot, base: repoRoot });
    expect(r.findings).toEqual([]);
    expect(r.errors).toEqual([{ file: "bad.bicep", line: 4, column: 1, message: "Bicep syntax error: expected a property name, found end of file", code: "bicep-syntax" }]);
  });

  test("an undeclared name is a located evaluation error; the rest of the file is still checked", () => {
    const text = ["resource a 'Microsoft.Batch/batchAccounts@2024-07-01' = {", "  name: nope", "  properties: {", "    allowedAuthenticationModes: [ 'SharedKey' ]", "  }", "}"].join("\n");
    const r = lintText(text, "undeclared.bicep", { rules, cwd: repoRoot, base: repoRoot });
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(["2:9 'nope' is not declared"]);
    expect(r.findings.filter((f) => f.ruleId === "BATCH001").map(brief)).toEqual(["BATCH001 properties.allowedAuthenticationModes[0] 4:35"]);
  });
});

describe("template-level rules on Bicep", () => {
  const run = (text: string, name = "tpl.bicep") => lintText(text, name, { rules, cwd: repoRoot, base: repoRoot });
  const of = (r: { findings: readonly Finding[] }, id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.region.startLine}:${f.region.startColumn} ${f.message}`);
  const account = ["resource acct 'Microsoft.Batch/batchAccounts@2024-07-01' = {", "  name: 'acct'", "  location: 'westeurope'", "  properties: { allowedAuthenticationModes: [ 'AAD' ] }", "}"];
  const setting = (logs: string) => [
    "resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {",
    "  name: 'd'",
    "  scope: acct",
    `  properties: { workspaceId: 'w', logs: [ { categoryGroup: 'allLogs', enabled: ${logs} } ] }`,
    "}",
  ];

  test("BATCH021: `scope: acct` names the account, as the compiled scope does", () => {
    expect(of(run(account.join("\n")), "BATCH021")).toEqual(["1:15 Batch account 'acct' has no diagnostic setting in this template."]);
    expect(of(run([...account, ...setting("true")].join("\n")), "BATCH021")).toEqual([]);
    // Read as the account's (not an unknown target, which would say nothing): its disabled logs are reported.
    expect(of(run([...account, ...setting("false")].join("\n")), "BATCH021")).toEqual(["1:15 Batch account 'acct' has diagnostic settings in this template but none enables a log category."]);
    // A setting whose scope is not a resource of this file: unknown, nothing said.
    const elsewhere = [...account, ...setting("true")].join("\n").replace("scope: acct", "scope: resourceGroup()");
    expect(of(run(elsewhere), "BATCH021")).toEqual([]);
    // A setting under a false condition is named as not deployed, with its condition.
    const off = run([...account, ...setting("true")].join("\n").replace("= {\n  name: 'd'", "= if (false) {\n  name: 'd'"));
    expect(of(off, "BATCH021")).toEqual(["1:15 Batch account 'acct' has no diagnostic setting deployed by this template: diagnostic setting 'd' is not deployed because its condition is false."]);
  });

  test("BATCH901: a @secure() parameter's literal default, at the Bicep default; an expression or '' is not one", () => {
    const text = [
      "@secure()",
      "param key string = 'hunter22'",
      "@secure()",
      "param none string = ''",
      "@secure()",
      "param gen string = newGuid()",
      "@secure()",
      "param obj object = { a: 'b' }",
      "param open string = 'visible'",
      ...account,
    ].join("\n");
    const r = run(text);
    expect(of(r, "BATCH901")).toEqual(["2:20 Parameter 'key' is securestring but has a literal defaultValue.", "8:7 Parameter 'obj' is secureObject but has a literal defaultValue."]);
    expect(r.findings.find((f) => f.ruleId === "BATCH901")!.propertyPath).toBe("parameters.key.defaultValue");
  });

  test("BATCH902: an output calling a list* function; the name in a string is not a call", () => {
    const text = [...account, "output keys object = acct.listKeys()", "output k string = listKeys(acct.id, '2024-07-01').primary", "output text string = 'listKeys() is documented'"].join("\n");
    expect(of(run(text), "BATCH902")).toEqual(["6:22 Output 'keys' calls listKeys(), exposing secrets in the deployment history.", "7:19 Output 'k' calls listKeys(), exposing secrets in the deployment history."]);
  });
});

describe("Bicep discovery", () => {
  const skippedNotes = (r: { notes: readonly { kind: string; file: string; message: string }[] }) => r.notes.filter((n) => n.kind === "skipped").map((n) => `${n.file}: ${n.message}`);

  test("NAME.json compiled from NAME.bicep is not linted twice; named alone, it is", async () => {
    const r = await lint("compiled");
    expect(r.files).toEqual([`${dir}/compiled/account.bicep`]);
    expect(skippedNotes(r)).toEqual([`${dir}/compiled/account.json: compiled by Bicep from ${dir}/compiled/account.bicep, which is linted; not linted again`]);
    const json = await lint("compiled/account.json");
    expect(json.files).toEqual([`${dir}/compiled/account.json`]);
  });

  test("the quickstart layout (main.bicep beside azuredeploy.json compiled from it): the .bicep only, also when both are named", async () => {
    const qs = "quickstarts/batchaccount-with-storage";
    expect((await lint(qs)).files).toEqual([`${dir}/${qs}/main.bicep`]);
    const both = await lint(`${qs}/azuredeploy.json`, `${qs}/main.bicep`);
    expect(both.files).toEqual([`${dir}/${qs}/main.bicep`]);
    expect(skippedNotes(both)).toEqual([`${dir}/${qs}/azuredeploy.json: compiled by Bicep from ${dir}/${qs}/main.bicep, which is linted; not linted again`]);
    // The Verified Modules layout: main.json beside main.bicep.
    expect((await lint("avm/batch-account/main.bicep", "avm/batch-account/main.json")).files).toEqual([`${dir}/avm/batch-account/main.bicep`]);
  });

  test("a .bicep and the .bicepparam using it, in one run: the template is linted once, with the .bicepparam's values", async () => {
    for (const r of [await lint("params"), await lint("params/main.bicep", "params/main.bicepparam")]) {
      expect(r.files).toEqual([`${dir}/params/main.bicepparam`]);
      // Once: each finding at its place in main.bicep a single time, BATCH002 with the .bicepparam's value.
      const places = r.findings.map((f) => `${f.ruleId} ${f.file}:${f.region.startLine}:${f.region.startColumn}`);
      expect(new Set(places).size).toBe(places.length);
      const b002 = r.findings.filter((f) => f.ruleId === "BATCH002");
      expect(b002.map((f) => `${f.file}:${f.region.startLine}`)).toEqual([`${dir}/params/main.bicep:7`]);
      expect(b002[0]!.related.map((x) => `${x.file}:${x.region.startLine}`)).toEqual([`${dir}/params/main.bicepparam:3`]);
      expect(r.notes.filter((n) => n.file === `${dir}/params/main.bicep` && !n.message.includes("no automatic fix")).map((n) => n.message)).toEqual([
        `linted with the values of ${dir}/params/main.bicepparam, which uses it; not on its own`,
      ]);
    }
  });

  test("a template used by several .bicepparam files: a finding they give alike is told once, related to each", async () => {
    const r = await lint("params-shared");
    const p = `${dir}/params-shared`;
    expect(r.files).toEqual([`${p}/dev.bicepparam`, `${p}/prod.bicepparam`, `${p}/test.bicepparam`]);
    const b001 = r.findings.filter((f) => f.ruleId === "BATCH001");
    // dev and prod give the same modes: one finding, related to both; test's value differs, and so does its message.
    expect(b001.map((f) => `${f.file}:${f.region.startLine} ${f.message.split("):")[0]}`)).toEqual([
      `${p}/main.bicep:8 allowedAuthenticationModes includes 'SharedKey' (evaluates to ["AAD","SharedKey"]`,
      `${p}/main.bicep:8 allowedAuthenticationModes includes 'SharedKey' (evaluates to ["SharedKey"]`,
    ]);
    expect(b001[0]!.related.map((x) => `${x.file}:${x.region.startLine}`)).toEqual([`${p}/dev.bicepparam:4`, `${p}/prod.bicepparam:3`]);
    expect(b001[1]!.related.map((x) => `${x.file}:${x.region.startLine}`)).toEqual([`${p}/test.bicepparam:3`]);
    // A finding that no parameter decides, once.
    expect(r.findings.filter((f) => f.ruleId === "BATCH021")).toHaveLength(1);
  });

  test("a template beside a .bicep that Bicep did not write is linted (core/main.json has no _generator)", async () => {
    expect((await lint("core")).files).toEqual([`${dir}/core/main.bicep`, `${dir}/core/main.json`]);
  });
});
