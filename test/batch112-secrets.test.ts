/**
 * BATCH112 and the redactor on secrets recognised by their form (issue 19, item 9): SAS signatures, storage account
 * keys and connection strings in a start task's command line, environment and resource-file URLs, also when they
 * arrive through a plain string parameter's default; and no output ever prints them.
 */
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintText } from "../src/pipeline/run.js";
import { findEmbeddedSecrets, Redactor } from "../src/post/secrets.js";

const SIG = "XdJLZAZ3MW325EOZfEQ8wYojuN%2BVGHGxxPq0JjRmwaM%3D";
const KEY = "fjZfd1ZX3A65YOYpWh9Es/Z0efVNXRLF2H5tsjTwcuN+HMVX2kvKFFdxElZURP8/nMH8jjNYyGNZFK9e2Zp5xA==";
const EMULATOR_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const batch112 = rules.filter((r) => r.meta.id === "BATCH112" || r.meta.id === "BATCH901");

describe("findEmbeddedSecrets", () => {
  const kinds = (s: string) => findEmbeddedSecrets(s).map((f) => f.kind);
  test.each([
    [`https://a.blob.core.windows.net/c/f.sh?sv=2022-11-02&sp=r&se=2030-01-01&sig=${SIG}`, ["SAS token"]],
    [`sv=2022-11-02&ss=b&sig=${SIG}`, ["SAS token"]],
    [`sig=${SIG}&se=2030-01-01&sv=2022-11-02`, ["SAS token"]],
    [`azcopy copy 'https://a.blob.core.windows.net/c?se=2030&sp=rl&sig=${SIG}' .`, ["SAS token"]],
    [KEY, ["storage account key"]],
    [`az storage blob list --account-key ${KEY}`, ["storage account key"]],
    [`--env AZURE_STORAGE_KEY=${KEY}`, ["storage account key"]],
    [`DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${KEY};EndpointSuffix=core.windows.net`, ["connection string"]],
    [`BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&sig=${SIG}`, ["connection string"]],
    [`Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=q3Vx0nY6PZ1kE8bTz2m4RfHsLw9Cj5UdAa7KgNoXyEI=`, ["connection string"]],
    [`first ?sig=${SIG} then AccountKey=${KEY}`, ["SAS token", "connection string"]],
  ])("finds the secret in %s", (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  test.each([
    "https://a.blob.core.windows.net/c/f.sh",
    "https://a.blob.core.windows.net/c/f.sh?sv=2022-11-02&se=2030-01-01T00:00:00Z&sp=r",
    "[parameters('sasToken')]",
    "[concat(parameters('url'), '?', parameters('sasToken'))]",
    "sv=2022-11-02&sig=$SAS_SIG",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable written in a template, not a JS template
    "sig=${SIG}",
    "AccountKey=<storage-account-key>",
    "AccountKey=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "AccountKey=%STORAGE_KEY%;",
    "UseDevelopmentStorage=true",
    `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${EMULATOR_KEY}`,
    "config=signature.txt",
    "designature=abcdefghijklmnopqrstuvwxyzABCDEF0123",
    "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/sas/)",
  ])("finds nothing in %s", (text) => {
    expect(findEmbeddedSecrets(text)).toEqual([]);
  });
});

describe("the redactor masks secrets by their form, whatever quotes them", () => {
  const redactor = new Redactor({ docs: new Map(), resources: [] });
  test.each([
    [`commandLine is 'azcopy https://a/c?sv=1&sig=${SIG} .'`, "commandLine is 'azcopy https://a/c?sv=1&sig=<redacted> .'"],
    [`value 'sig=${SIG}&sv=1'`, "value 'sig=<redacted>&sv=1'"],
    [`value 'AccountKey=${KEY};EndpointSuffix=x'`, "value 'AccountKey=<redacted>;EndpointSuffix=x'"],
    [`value '${KEY}'`, "value '<redacted>'"],
    [`--account-key ${KEY} --name x`, "--account-key <redacted> --name x"],
    [`"SharedAccessSignature=sv=1&sig=${SIG}"`, '"SharedAccessSignature=<redacted>"'],
  ])("%s", (text, expected) => {
    expect(redactor.redact(text)).toBe(expected);
  });
  test("ordinary text is unchanged", () => {
    for (const t of ["startTask.commandLine is '/bin/bash -c ./setup.sh'", "a=b", "x==y", "https://a.blob.core.windows.net/c?sv=2022-11-02&se=2030"]) expect(redactor.redact(t)).toBe(t);
  });
});

/** A template with one pool whose start task is `startTask`, with the given parameters and variables. */
function pool(startTask: unknown, parameters: Record<string, unknown> = {}, variables: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      parameters,
      variables,
      resources: [{ type: "Microsoft.Batch/batchAccounts/pools", apiVersion: "2024-07-01", name: "acct/pool1", properties: { vmSize: "Standard_D2s_v3", startTask } }],
    },
    null,
    2,
  );
}

const lint = (text: string) => lintText(text, "t.json", { rules: batch112 });
const at = (text: string, line: number) => text.split("\n")[line - 1]!.trim();

describe("BATCH112 through parameters and expressions", () => {
  test("a plain string parameter's default: reported at the use site, with the default as related location", () => {
    const text = pool(
      { resourceFiles: [{ httpUrl: "[concat(parameters('url'), parameters('sas'))]", filePath: "f" }] },
      { url: { type: "string", defaultValue: "https://a.blob.core.windows.net/c/f" }, sas: { type: "string", defaultValue: `?sv=2022-11-02&sig=${SIG}` } },
    );
    const r = lint(text);
    expect(r.findings.map((f) => f.message)).toEqual(["startTask.resourceFiles[0].httpUrl contains a literal SAS token from the default value of parameter 'sas'."]);
    const f = r.findings[0]!;
    expect(at(text, f.region.startLine)).toBe(`"httpUrl": "[concat(parameters('url'), parameters('sas'))]",`);
    const rel = f.related.find((x) => x.message === "value from the default of parameter 'sas'")!;
    expect(at(text, rel.region.startLine)).toMatch(/^"defaultValue": "\?sv=2022-11-02&sig=/);
  });

  test("a password from a plain string parameter's default, and from a literal variable", () => {
    const text = pool(
      { containerSettings: { imageName: "i", registry: { registryServer: "r.azurecr.io", username: "u", password: "[parameters('pw')]" } }, environmentSettings: [{ name: "K", value: "[variables('key')]" }] },
      { pw: { type: "string", defaultValue: "N0t-a-real-Passw0rd" } },
      { key: KEY },
    );
    expect(lint(text).findings.map((f) => f.message)).toEqual([
      "startTask.containerSettings.registry.password is a literal password from the default value of parameter 'pw'.",
      "startTask.environmentSettings[0].value contains a literal storage account key from variable 'key'.",
    ]);
  });

  test("a secret written inside the expression itself is reported at it", () => {
    const text = pool({ commandLine: `[concat('azcopy copy ''', parameters('url'), '?sv=2022-11-02&sig=${SIG}'' f')]` }, { url: { type: "string", defaultValue: "https://a.blob.core.windows.net/c/f" } });
    expect(lint(text).findings.map((f) => f.message)).toEqual(["startTask.commandLine contains a literal SAS token written in the pool definition."]);
  });

  test("no BATCH112 for secure parameters (a secure default is BATCH901's), parameters without a value, Key Vault or unsigned URLs", () => {
    const text = pool(
      {
        commandLine: "[concat('azcopy copy ''', parameters('url'), '?', parameters('sasToken'), ''' f')]",
        environmentSettings: [
          { name: "A", value: "[parameters('legacy')]" },
          { name: "B", value: "[parameters('plain')]" },
          { name: "C", value: "[parameters('url')]" },
        ],
        resourceFiles: [{ httpUrl: "[parameters('url')]", filePath: "f" }],
        containerSettings: { imageName: "i", registry: { registryServer: "r.azurecr.io", username: "u", password: "[parameters('regPw')]" } },
      },
      {
        url: { type: "string", defaultValue: "https://a.blob.core.windows.net/c/f?sv=2022-11-02&se=2030-01-01&sp=r" },
        sasToken: { type: "secureString" },
        legacy: { type: "secureString", defaultValue: `sv=2022-11-02&sig=${SIG}` },
        plain: { type: "string" },
        regPw: { type: "secureString", defaultValue: "N0t-a-real-Passw0rd" },
      },
    );
    const r = lint(text);
    expect(r.findings.map((f) => f.ruleId).sort()).toEqual(["BATCH901", "BATCH901"]);
  });
});

describe("redaction of very long secrets (a fuzz input: a 20 KB secure value ended its file in an internal error)", () => {
  const nested = `concat(${"concat(".repeat(2500)}'a'${")".repeat(2501)}`;
  test("a secret of 17,500 characters is redacted as written, beside the ordinary ones", () => {
    const r = new Redactor({
      docs: new Map(),
      resources: [],
      cliParams: new Map([
        ["adminPassword", nested],
        ["accountKey", "hunter2-hunter2"],
      ]),
    });
    expect(r.redact(`value '${nested}' and 'hunter2-HUNTER2' end`)).toBe("value '<redacted>' and '<redacted>' end");
  });
  test("more secrets than a pattern can hold are still redacted, each as written", () => {
    const many = Array.from({ length: 3000 }, (_, i) => [`password${i}`, `${String(i).padStart(4, "0")}-${"s".repeat(200)}`] as [string, string]);
    const r = new Redactor({ docs: new Map(), resources: [], cliParams: new Map(many) });
    expect(r.redact(`a ${many[7]![1]} b ${many[2999]![1]} c`)).toBe("a <redacted> b <redacted> c");
  });
});
