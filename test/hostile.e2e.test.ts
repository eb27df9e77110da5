/**
 * Hostile and broken input: each case yields a clear, located error for that file (exit 2), the other files'
 * results still come out, and time and memory stay bounded. Large inputs are generated into a temp directory.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintText } from "../src/pipeline/run.js";
import { isSecretName } from "../src/post/secrets.js";
import { repoRoot } from "./helpers.js";

const bin = path.join(repoRoot, "dist/bundle/cli.js");
const good = fs.readFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"));

/** Lints `name` (written with `content`) next to a known-bad good file; returns exit code and output. */
function lintWith(name: string, content: Buffer | string | ((dir: string) => void), args: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-hostile-"));
  fs.writeFileSync(path.join(dir, "account.json"), good);
  if (typeof content === "function") content(dir);
  else fs.writeFileSync(path.join(dir, name), content);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ["--max-old-space-size=512", bin, ".", "-f", "json", ...args], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28, timeout: 60_000 });
  const ms = Date.now() - t0;
  fs.rmSync(dir, { recursive: true, force: true });
  const out = r.stdout ? JSON.parse(r.stdout) : { findings: [], errors: [] };
  return { code: r.status, out, ms, stderr: r.stderr };
}

function expectOtherFileReported(out: { findings: { file: string; ruleId: string }[] }) {
  expect(out.findings.some((f) => f.file === "account.json" && f.ruleId === "BATCH001")).toBe(true);
}

describe("hostile input files", () => {
  test("truncated JSON", () => {
    const r = lintWith("t.json", '{\n  "resources": [\n    {"type": "Microsoft.Batch/batchAccounts",');
    expect(r.code).toBe(2);
    expect(r.out.errors).toEqual([expect.objectContaining({ file: "t.json", line: 3, message: expect.stringMatching(/truncated/) })]);
    expectOtherFileReported(r.out);
  });

  test("invalid UTF-8", () => {
    const r = lintWith("u.json", Buffer.from([0x7b, 0x0a, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
    expect(r.code).toBe(2);
    expect(r.out.errors[0]).toMatchObject({ file: "u.json", line: 2, message: expect.stringMatching(/invalid UTF-8/) });
    expectOtherFileReported(r.out);
  });

  test("UTF-16 with BOM is read like any other file", () => {
    const r = lintWith("u16.json", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good.toString("utf8"), "utf16le")]));
    expect(r.out.errors).toEqual([]);
    expect(r.out.findings.filter((f: { file: string }) => f.file === "u16.json").length).toBe(r.out.findings.filter((f: { file: string }) => f.file === "account.json").length);
  });

  test("NUL bytes", () => {
    const r = lintWith("nul.json", Buffer.from('{"a":\u0000 1}'));
    expect(r.code).toBe(2);
    expect(r.out.errors[0]).toMatchObject({ file: "nul.json", line: 1, column: 6, message: expect.stringMatching(/NUL/) });
    expectOtherFileReported(r.out);
  });

  test("a 200 MB file is refused by its size, fast, without reading it", () => {
    const r = lintWith("huge.json", (dir) => {
      const fd = fs.openSync(path.join(dir, "huge.json"), "w");
      fs.ftruncateSync(fd, 200 * 1024 * 1024);
      fs.closeSync(fd);
    });
    expect(r.code).toBe(2);
    expect(r.out.errors[0]).toMatchObject({ file: "huge.json", message: expect.stringMatching(/200\.0 MiB, over the 64 MiB limit/) });
    expect(r.ms).toBeLessThan(20_000);
    expectOtherFileReported(r.out);
  });

  test("nesting 100,000 deep: a located error, no stack overflow", () => {
    const r = lintWith("deep.json", "[".repeat(100_000) + "]".repeat(100_000));
    expect(r.code).toBe(2);
    expect(r.out.errors[0]).toMatchObject({ file: "deep.json", line: 1, column: 1001, message: expect.stringMatching(/nesting deeper than 1000 levels/) });
    expectOtherFileReported(r.out);
  });

  test("1,000,000-element arrays in an exported list", () => {
    const r = lintWith("big.json", `{"value": [${Array(1_000_000).fill("1").join(",")}]}`);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.out.errors).toEqual([]);
    expectOtherFileReported(r.out);
  });

  test("__proto__, constructor and prototype keys are plain data (no prototype pollution, values preserved)", () => {
    const text = `{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","contentVersion":"1.0.0.0",
      "parameters":{"__proto__":{"type":"array","defaultValue":["SharedKey"]},"constructor":{"type":"string","defaultValue":"Enabled"}},
      "variables":{"__proto__":{"polluted":true,"modes":["SharedKey"]},"prototype":["AAD","SharedKey"],"toString":"x","hasOwnProperty":"y"},
      "resources":[
        {"type":"Microsoft.Batch/batchAccounts","apiVersion":"2024-07-01","name":"protoa","location":"w","properties":{"allowedAuthenticationModes":"[variables('__proto__').modes]","publicNetworkAccess":"[parameters('constructor')]","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}},
        {"type":"Microsoft.Batch/batchAccounts","apiVersion":"2024-07-01","name":"protob","location":"w","properties":{"allowedAuthenticationModes":"[parameters('__proto__')]"}},
        {"type":"Microsoft.Batch/batchAccounts","apiVersion":"2024-07-01","name":"protoc","location":"w","properties":{"allowedAuthenticationModes":"[variables('prototype')]"}}]}`;
    const r = lintText(text, "proto.json", { rules });
    const exported = lintText(
      `{"id":"/x","type":"Microsoft.Batch/batchAccounts","name":"protoe","properties":{"__proto__":{"allowedAuthenticationModes":["AAD"]},"allowedAuthenticationModes":["SharedKey"],"constructor":1}}`,
      "e.json",
      { rules },
    );
    for (const o of [{}, Object.prototype, Array.prototype] as Record<string, unknown>[]) for (const k of ["polluted", "modes", "prototype"]) expect(Object.hasOwn(o, k), k).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.errors).toEqual([]);
    // The values behind __proto__ / constructor / prototype keys are read like any other.
    expect(
      r.findings
        .filter((f) => f.ruleId === "BATCH001")
        .map((f) => f.resource.label)
        .sort(),
    ).toEqual(["protoa", "protob", "protoc"]);
    expect(r.findings.some((f) => f.ruleId === "BATCH005" && /'Enabled'/.test(f.message))).toBe(true);
    expect(r.findings.filter((f) => f.ruleId === "BATCH904").map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringMatching(/'__proto__'/), expect.stringMatching(/'constructor'/)]));
    expect(exported.findings.map((f) => f.ruleId)).toContain("BATCH001");
  });

  test("duplicate keys: the last one wins and the earlier one is reported (BATCH910)", () => {
    const r = lintText('{"id":"/x","name":"dupbatch","type":"Microsoft.Batch/batchAccounts","properties":{"allowedAuthenticationModes":["SharedKey"],"allowedAuthenticationModes":["AAD"]}}', "dup.json", { rules });
    expect(r.findings.map((f) => f.ruleId)).toContain("BATCH910");
    expect(r.findings.map((f) => f.ruleId)).not.toContain("BATCH001");
  });

  const template = (props: string, extra = "", resourceExtra = "") =>
    `{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","contentVersion":"1.0.0.0",${extra}\n"resources":[{${resourceExtra}"type":"Microsoft.Batch/batchAccounts","apiVersion":"2024-07-01","name":"b","location":"w","properties":${props}}]}`;

  test("an expression nested 10,000 deep: a located error, no stack overflow", () => {
    const r = lintWith("deepexpr.json", template(`{"publicNetworkAccess":"[${"not(".repeat(10_000)}true()${")".repeat(10_000)}]"}`));
    expect(r.code).toBe(2);
    expect(r.out.errors).toEqual([expect.objectContaining({ file: "deepexpr.json", line: 2, column: expect.any(Number), message: expect.stringMatching(/nested deeper than 1000 levels/) })]);
    expect(r.ms).toBeLessThan(20_000);
    expectOtherFileReported(r.out);
  });

  test("variables that refer to each other in a cycle: a located error naming the cycle", () => {
    const r = lintWith("cycle.json", template(`{"publicNetworkAccess":"[variables('a')]"}`, `"variables":{"a":"[variables('b')]","b":"[concat(variables('a'), 'x')]"},`));
    expect(r.code).toBe(2);
    expect(r.out.errors[0]).toMatchObject({ file: "cycle.json", line: 1, column: 162, message: expect.stringMatching(/variable 'a' refers to itself \(cycle through variables\) in \[concat\(variables\('a'\), 'x'\)\]/) });
    expectOtherFileReported(r.out);
  });

  test("a copy count of 10^9: a clear limit error, in bounded time", () => {
    const r = lintWith("copy.json", template("{}", "", `"copy":{"name":"c","count":1000000000},`));
    expect(r.code).toBe(2);
    expect(r.out.errors[0]).toMatchObject({ file: "copy.json", line: 2, message: expect.stringMatching(/copy count 1000000000 exceeds the limit of 800/) });
    expect(r.ms).toBeLessThan(20_000);
    expectOtherFileReported(r.out);
  });

  test("range(0, 100000000): a clear limit error, nothing allocated", () => {
    const r = lintWith("range.json", template(`{"publicNetworkAccess":"[string(length(range(0, 100000000)))]"}`));
    expect(r.code).toBe(2);
    expect(r.out.errors[0]).toMatchObject({ file: "range.json", line: 2, message: expect.stringMatching(/count must be between 0 and 10000/) });
    expect(r.ms).toBeLessThan(20_000);
    expectOtherFileReported(r.out);
  });

  test("expressions that build huge strings or arrays stop at the limits", () => {
    const t0 = Date.now();
    const big = lintText(
      template(
        `{"publicNetworkAccess":"[padLeft('x', 1000000000, 'y')]","allowedAuthenticationModes":"[flatten(createArray(range(0,10000),range(0,10000),range(0,10000),range(0,10000)))]"}`,
        `"variables":{"s":"[concat(string(range(0,10000)),string(range(0,10000)))]"},`,
      ),
      "big.json",
      { rules },
    );
    expect(Date.now() - t0).toBeLessThan(10_000);
    // Over a limit of ARM's own (padLeft's 16,000 characters) the value is unknown, with the reason as a note; over
    // batchlint's budgets, a located error.
    const said = [...big.errors, ...big.notes].map((e) => e.message).join("\n");
    expect(said).toMatch(/limit|at most|too long|exceed/i);
  });

  test("an extremely long string (10 MB)", () => {
    const r = lintWith("long.json", `{"id":"/x","name":"longbatch","type":"Microsoft.Batch/batchAccounts","properties":{"allowedAuthenticationModes":["AAD"],"note":"${"x".repeat(10_000_000)}"}}`);
    expect(r.out.errors).toEqual([]);
    expect(r.ms).toBeLessThan(20_000);
    expectOtherFileReported(r.out);
  });

  test("the limits are configurable: --max-file-size and --max-depth; bad values are usage errors", () => {
    const small = lintWith("small.json", '{"a": [[[[1]]]]}', ["--max-file-size", "0.001"]); // 1 KiB: account.json is larger
    expect(small.code).toBe(2);
    expect(small.out.errors).toEqual([expect.objectContaining({ file: "account.json", line: 1, column: 1, message: expect.stringMatching(/over the 0 MiB limit|over the .* limit \(raise it with --max-file-size\)/) })]);
    const shallow = lintWith("nested.json", '{"a": [[[[1]]]]}', ["--max-depth", "3"]);
    expect(shallow.code).toBe(2);
    expect(shallow.out.errors).toContainEqual(expect.objectContaining({ file: "nested.json", line: 1, column: 9, message: "nesting deeper than 3 levels" }));
    // Arrays count one level each, like objects (the fast reader once allowed arrays twice as deep).
    const arrays = lintWith("arrays.json", `${"[".repeat(1001)}${"]".repeat(1001)}`);
    expect(arrays.out.errors[0]).toMatchObject({ file: "arrays.json", line: 1, column: 1001, message: "nesting deeper than 1000 levels" });
    expect(lintWith("arrays.json", `{"value": ${"[".repeat(999)}${"]".repeat(999)}}`).out.errors).toEqual([]);
    for (const bad of ["0", "-1", "x", "", "1001"]) {
      const r = spawnSync(process.execPath, [bin, "--max-depth", bad, "."], { cwd: repoRoot, encoding: "utf8" });
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toMatch(bad === "1001" ? /--max-depth is at most 1000/ : bad === "-1" ? /--max-depth/ : /--max-depth expects a positive number/);
    }
    const size = spawnSync(process.execPath, [bin, "--max-file-size", "none", "."], { cwd: repoRoot, encoding: "utf8" });
    expect(size.status).toBe(2);
    expect(size.stderr).toMatch(/--max-file-size expects a positive number/);
  });

  test("a symlink loop in a scanned directory", () => {
    const r = lintWith("", (dir) => {
      fs.mkdirSync(path.join(dir, "sub"));
      fs.symlinkSync(dir, path.join(dir, "sub", "loop"));
      fs.symlinkSync(path.join(dir, "sub", "loop2"), path.join(dir, "sub", "loop1"));
      fs.symlinkSync(path.join(dir, "sub", "loop1"), path.join(dir, "sub", "loop2"));
    });
    expect(r.code).toBe(1);
    expect(r.out.errors).toEqual([]);
    expectOtherFileReported(r.out);
  });

  test("an unreadable file", () => {
    const asRoot = process.getuid?.() === 0; // root reads a chmod 000 file anyway
    const r = lintWith("", (dir) => {
      fs.writeFileSync(path.join(dir, "secret.json"), good);
      fs.chmodSync(path.join(dir, "secret.json"), 0o000);
    });
    if (!asRoot) {
      expect(r.code).toBe(2);
      expect(r.out.errors[0]).toMatchObject({ file: "secret.json", message: "cannot read file: permission denied" });
    }
    expectOtherFileReported(r.out);
  });

  test("a directory named x.json is searched, not read as a file", () => {
    const r = lintWith("", (dir) => {
      fs.mkdirSync(path.join(dir, "x.json"));
      fs.writeFileSync(path.join(dir, "x.json", "inner.json"), good);
    });
    expect(r.out.errors).toEqual([]);
    expect(r.out.findings.some((f: { file: string }) => f.file === "x.json/inner.json")).toBe(true);
  });
});

describe("secrets are never echoed", () => {
  const FORMATS = ["stylish", "json", "sarif", "github", "markdown", "junit", "html"];
  const MARKERS = ["P@ssw0rd-not-real", "bm90LWEtcmVhbC1rZXk=", "not-a-real-password"];
  test.each(FORMATS)("%s output of the secret-bearing rule fixtures", (format) => {
    const r = spawnSync(process.execPath, [bin, "fixtures/BATCH112", "fixtures/BATCH901", "-f", format], { cwd: repoRoot, encoding: "utf8", maxBuffer: 1 << 26 });
    expect(r.stdout.length).toBeGreaterThan(100);
    for (const m of MARKERS) expect(r.stdout.includes(m), `${format} output contains a secret`).toBe(false);
  });

  // test/fixtures/secrets: every secret value contains "zqx" (secure parameter defaults, a parameters-file value,
  // a key-named parameter, passwords, an ssh private key, account/SAS keys, a SAS signature, a connection string),
  // flowing into names, enum values, an evaluation error, toLower/concat results; echo-plugin.mjs quotes every
  // value it sees in messages, related locations and fix descriptions. The engine redacts them all.
  const fixture = path.join(repoRoot, "test/fixtures/secrets");
  const inputs = fs
    .readdirSync(fixture)
    .filter((f) => f.endsWith(".json"))
    .map((f) => fs.readFileSync(path.join(fixture, f), "utf8"))
    .join("\n");
  const secrets = [...inputs.matchAll(/zqx[\w%=-]*/gi)].map((m) => m[0]);
  test.each(FORMATS)("%s output never contains a secret value, even from a plugin that echoes everything", (format) => {
    expect(new Set(secrets.map((s) => s.slice(0, 4).toLowerCase())).size).toBeGreaterThanOrEqual(13); // zqx1 ... zqxD
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-secrets-"));
    fs.cpSync(fixture, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "batchlint.config.json"), JSON.stringify({ plugins: ["./echo-plugin.mjs"] }));
    const r = spawnSync(process.execPath, [bin, ".", "--report-unknown", "--verbose", "-f", format], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 26 });
    fs.rmSync(dir, { recursive: true, force: true });
    // int() of a secure string cannot be evaluated: an unknown value whose --verbose note quotes the reason (redacted too).
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain("redacted");
    expect(r.stdout).toContain("ECHO001");
    expect(r.stdout).toContain("batchadmin"); // ordinary values are still quoted
    expect(r.stdout.match(/zqx[\w%=-]*/gi) ?? [], `${format} output contains a secret`).toEqual([]);
    expect(r.stderr).not.toMatch(/zqx/i);
  });

  test("redaction leaves ordinary words alone", () => {
    const r = lintText(fs.readFileSync(path.join(repoRoot, "fixtures/BATCH901/invalid/arm-secure-string-default.json"), "utf8"), "t.json", { rules });
    // The secureObject default {"key": "value"} is secret, yet "defaultValue" keeps its word; the type is no secret.
    expect(r.findings.map((f) => f.message)).toContain("Parameter 'settings' is SecureObject but has a literal defaultValue.");
    expect(r.findings.map((f) => f.message)).toContain("Parameter 'adminPassword' is secureString but has a literal defaultValue.");
    for (const [name, secret] of [
      ["adminPassword", true],
      ["accountKey", true],
      ["sasToken", true],
      ["sshPrivateKey", true],
      ["storageKey", true],
      ["keySource", false],
      ["keyVaultReference", false],
      ["keyIdentifier", false],
      ["secretUrl", false],
      ["sshPublicKey", false],
      ["identityReference", false],
    ] as const) {
      expect(isSecretName(name), name).toBe(secret);
    }
  });
});

describe("no network, no code execution", () => {
  // Node modules that reach the network, start processes or compile code. worker_threads is allowed on purpose:
  // --jobs runs batchlint's own parallel/worker.js (a fixed module URL, never code from the input; checked below).
  const FORBIDDEN = /^(?:node:)?(?:http|https|http2|net|tls|dgram|dns|dns\/promises|child_process|vm|cluster|inspector|repl|wasi)(?:\/.*)?$/;
  const ALLOWED_DYNAMIC = /^src\/config\/import\.ts$/; // the documented plugin loading's one import()
  const sources = ["src", "rules"].flatMap((d) => walk(path.join(repoRoot, d))).filter((f) => f.endsWith(".ts"));
  function walk(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  }
  test.each(sources.map((f) => path.relative(repoRoot, f).split(path.sep).join("/")))("%s", (rel) => {
    const text = fs.readFileSync(path.join(repoRoot, rel), "utf8");
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|nodeRequire\s*\(\s*)["']([^"']+)["']/g)) expect(FORBIDDEN.test(m[1]!), `${rel} imports ${m[1]}`).toBe(false);
    expect(/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*["'`]/.test(text), `${rel} evaluates code`).toBe(false);
    expect(/\bfetch\s*\(|\bWebSocket\b|\bXMLHttpRequest\b|process\.binding\s*\(|\beval\s*:\s*true/.test(text), `${rel} reaches the network or evaluates code`).toBe(false);
    // import() and require() of a computed specifier: only in the documented plugin loader.
    const computed = [...text.replace(/(?:import|require|nodeRequire)\s*\(\s*["'][^"']+["']\s*\)/g, "").matchAll(/\b(?:import|require|nodeRequire)\s*\(\s*[^"'\s)]/g)];
    if (!ALLOWED_DYNAMIC.test(rel))
      expect(
        computed.map((m) => m[0]),
        `${rel} imports a computed module`,
      ).toEqual([]);
    // The worker entry starts no thread; any other user of worker_threads starts only that entry.
    if (/worker_threads/.test(text)) expect(text).toMatch(rel === "src/parallel/worker.ts" ? /^(?![\s\S]*new Worker\()/ : /new Worker\(new URL\("\.\/worker\.js", import\.meta\.url\)/);
  });

  test("the plugin loader imports only the modules named by a configuration's plugins", () => {
    const loader = fs.readFileSync(path.join(repoRoot, "src/config/plugins.ts"), "utf8");
    const computed = [...loader.matchAll(/\bimportModule\s*\(\s*([^"'\s)][^)]*\))/g)].map((m) => m[1]);
    expect(computed).toEqual(["url)"]); // url: the spec, resolved against the config's folder as a path or as Node resolves a package
    // importModule (src/config/import.ts: the bundle's code cache needs the one computed import() in a module of its
    // own) is that import() and nothing else, and the plugin loader is its only caller.
    const importer = fs.readFileSync(path.join(repoRoot, "src/config/import.ts"), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    expect([...importer.matchAll(/\bimport\s*\(([^)]*)\)/g)].map((m) => m[1])).toEqual(["specifier"]);
    const callers = fs
      .readdirSync(path.join(repoRoot, "src"), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".ts") && /\bimportModule\b/.test(fs.readFileSync(path.join(repoRoot, "src", f), "utf8")));
    expect(callers.sort()).toEqual(["config/import.ts", "config/plugins.ts"]);
    expect([...loader.matchAll(/\bloadPlugin\(([^)]*)\)/g)].map((m) => m[1])).toEqual(["spec: string, dir: string"]);
    // Its one caller: a configuration's "plugins" entries, after the trust check.
    const text = fs.readFileSync(path.join(repoRoot, "src/config/load.ts"), "utf8");
    expect([...text.matchAll(/\bloadPlugin\(([^)]*)\)/g)].map((m) => m[1])).toEqual(["spec, dir"]);
    // spec: a "plugins" entry, imported only when its configuration is trusted (see test/config-trust.e2e.test.ts)
    expect(text).toMatch(/const spec = c\.value as string;\s+plugins\.push\(spec\);\s+if \(pluginPolicy !== "load"\) \{[^}]{0,250}continue;\s+\}\s+try \{\s+const loaded = await loadPlugin\(spec, dir\)/);
  });
});
