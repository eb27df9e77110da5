/**
 * Safe fixes (issue 19): --fix replaces a file atomically (temporary file beside it, then rename, mode kept), never
 * writes through a symbolic link, never touches a file it did not lint; --fix with standard input prints the fixed
 * text; the --fix-dry-run diff is redacted like finding messages.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules as allRules } from "../rules/index.js";
import { account, bin, run, scratch, template } from "./cli-run.js";

/** An exported account whose only core finding is BATCH001, fixed by removing "SharedKey". */
const FIXABLE = account("acct", { allowedAuthenticationModes: ["AAD", "SharedKey"], publicNetworkAccess: "Disabled", poolAllocationMode: "BatchService" });
const FIXED = account("acct", { allowedAuthenticationModes: ["AAD"], publicNetworkAccess: "Disabled", poolAllocationMode: "BatchService" });

/** The same rules off as run() switches off, for CLIs started asynchronously. */
const CORE = new Set(["BATCH001", "BATCH002", "BATCH003", "BATCH004"]);
const OFF = allRules.filter((r) => !CORE.has(r.meta.id)).flatMap((r) => ["--rule", `${r.meta.id}=off`]);

const TEMP = /^\..*\.batchlint-[0-9a-f]{16}\.tmp$/;
const temps = (dir: string) => fs.readdirSync(dir).filter((n) => TEMP.test(n));

test("the fixed text is what FIXED says (the fixture of the tests below)", () => {
  const dir = scratch({ "a.json": FIXABLE });
  expect(run(["a.json", "--fix"], { cwd: dir }).code).toBe(0);
  expect(fs.readFileSync(path.join(dir, "a.json"), "utf8")).toBe(FIXED);
});

describe("--fix replaces a file atomically", () => {
  test("a new file renamed over the old one: mode kept, no temporary file left", () => {
    const dir = scratch({ "a.json": FIXABLE });
    const file = path.join(dir, "a.json");
    fs.chmodSync(file, 0o640);
    const before = fs.statSync(file);
    const r = run(["a.json", "--fix"], { cwd: dir });
    expect(r.stderr).toMatch(/fixed a\.json \(BATCH001\)/);
    const after = fs.statSync(file);
    expect(after.mode & 0o7777).toBe(0o640);
    expect(after.ino).not.toBe(before.ino); // replaced, not rewritten in place
    expect(temps(dir)).toEqual([]);
  });

  test("killing a fix of a multi-MB file at any moment leaves the original or the fixed text, never a truncated file", async () => {
    const dir = scratch();
    const file = path.join(dir, "big.json");
    // About 2 MB: one account with many tags, one fix.
    const tags = Object.fromEntries(Array.from({ length: 9_500 }, (_, i) => [`tag${i}`, "v".repeat(200)]));
    const props = { allowedAuthenticationModes: ["AAD", "SharedKey"], publicNetworkAccess: "Disabled", poolAllocationMode: "BatchService" };
    const original = account("big", props, { tags });
    const fixed = account("big", { ...props, allowedAuthenticationModes: ["AAD"] }, { tags });
    expect(original.length).toBeGreaterThan(2_000_000);

    /**
     * Starts a fix and sends `signal` after `when` ms, or as soon as the temporary file appears ("temp"), or as soon
     * as the target's size is neither the original's nor the fixed text's ("torn": a write in place, halfway).
     */
    const torn = (f: string) => {
      const size = fs.statSync(f, { throwIfNoEntry: false })?.size;
      return size !== Buffer.byteLength(original) && size !== Buffer.byteLength(fixed);
    };
    const fixAndKill = (signal: NodeJS.Signals, when: number | "temp" | "torn") =>
      new Promise<void>((resolve) => {
        const child = spawn(process.execPath, [bin, "big.json", "--fix", ...OFF], { cwd: dir, stdio: "ignore" });
        let timer: NodeJS.Timeout;
        if (typeof when === "string") {
          timer = setInterval(() => {
            if (when === "temp" ? temps(dir).length > 0 : torn(file)) {
              child.kill(signal);
              clearInterval(timer);
            }
          }, 1);
        } else timer = setTimeout(() => child.kill(signal), when);
        child.on("exit", () => {
          clearInterval(timer);
          clearTimeout(timer);
          resolve();
        });
      });

    fs.writeFileSync(file, original);
    const started = Date.now();
    await fixAndKill("SIGKILL", 600_000); // not killed: how long a whole fix takes here
    const whole = Date.now() - started;
    expect(fs.readFileSync(file, "utf8")).toBe(fixed);

    // Random moments spread over a whole fix, the moment the temporary file appears (the write itself), and the
    // moment the file is seen half written (never, when the fix is atomic).
    const plan: [NodeJS.Signals, number | "temp" | "torn"][] = [
      ...Array.from({ length: 4 }, (_, i): [NodeJS.Signals, number] => ["SIGKILL", Math.floor(((i + Math.random()) / 4) * whole)]),
      ["SIGKILL", "temp"],
      ["SIGKILL", "temp"],
      ["SIGTERM", "temp"],
      ["SIGKILL", "torn"],
      ["SIGKILL", "torn"],
    ];
    for (const [signal, when] of plan) {
      fs.writeFileSync(file, original);
      await fixAndKill(signal, when);
      const text = fs.readFileSync(file, "utf8");
      expect(text === original || text === fixed, `${signal} at ${when}: ${text.length} characters`).toBe(true);
      const left = temps(dir);
      // SIGKILL cannot be caught: at most the one file being written is left. SIGTERM is acted on between files.
      expect(left.length, `${signal} at ${when}: ${left.join(", ")}`).toBeLessThanOrEqual(signal === "SIGKILL" ? 1 : 0);
      for (const t of left) fs.rmSync(path.join(dir, t));
    }
  });
});

describe("--fix never writes through a symbolic link, nor outside the linted files", () => {
  test.skipIf(process.platform === "win32")("a linted link is not fixed, nor the file it points to; a file under a linked directory neither", () => {
    const root = scratch({ "outside/target.json": FIXABLE, "tree/real.json": FIXABLE, "tree/inside.json": FIXABLE });
    const tree = path.join(root, "tree");
    fs.symlinkSync("../outside/target.json", path.join(tree, "link.json"));
    fs.symlinkSync("inside.json", path.join(tree, "inlink.json"));
    fs.symlinkSync("../outside", path.join(tree, "ldir"));
    const r = run(["link.json", "inlink.json", "ldir/target.json", "real.json", "--fix"], { cwd: tree });
    expect(r.stderr).toMatch(/batchlint: link\.json: a symbolic link .*; fixes not applied/);
    expect(r.stderr).toMatch(/batchlint: inlink\.json: a symbolic link .*; fixes not applied/);
    expect(r.stderr).toMatch(/batchlint: ldir\/target\.json: lies under a symbolic link \(ldir\)/);
    expect(fs.readFileSync(path.join(root, "outside/target.json"), "utf8")).toBe(FIXABLE);
    expect(fs.readFileSync(path.join(tree, "inside.json"), "utf8")).toBe(FIXABLE); // not linted under its own name
    expect(fs.lstatSync(path.join(tree, "link.json")).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(path.join(tree, "inlink.json")).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(tree, "real.json"), "utf8")).toBe(FIXED);
    expect(r.code).toBe(1); // the findings of the files not fixed remain
    // A link's target inside the linted paths is fixed under its own name.
    expect(run(["inlink.json", "inside.json", "--fix"], { cwd: tree }).stderr).toMatch(/fixed inside\.json/);
    expect(fs.readFileSync(path.join(tree, "inside.json"), "utf8")).toBe(FIXED);
    expect(fs.lstatSync(path.join(tree, "inlink.json")).isSymbolicLink()).toBe(true);
  });

  test("a linked template is not written when only its parent is linted", () => {
    const linked = template(`    { "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "l", "location": "westeurope",
      "properties": { "allowedAuthenticationModes": ["AAD", "SharedKey"], "publicNetworkAccess": "Disabled" } }`);
    const main = template(`    { "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "d",
      "properties": { "mode": "Incremental", "templateLink": { "relativePath": "linked.json" } } }`);
    const dir = scratch({ "main.json": main, "linked.json": linked });
    run(["main.json", "--fix"], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, "linked.json"), "utf8")).toBe(linked);
    expect(fs.readFileSync(path.join(dir, "main.json"), "utf8")).toBe(main);
  });
});

describe("--fix with standard input prints the fixed text", () => {
  test("even when --stdin-filename names an existing file, which is left untouched; the report goes to stderr", () => {
    const dir = scratch({ "a.json": '{ "unrelated": true }\n' });
    const before = fs.statSync(path.join(dir, "a.json"));
    const r = run(["-", "--stdin-filename", "a.json", "--fix"], { cwd: dir, input: FIXABLE });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toBe(FIXED);
    expect(r.code).toBe(0); // what remains of the printed text: nothing
    expect(fs.readFileSync(path.join(dir, "a.json"), "utf8")).toBe('{ "unrelated": true }\n');
    expect(fs.statSync(path.join(dir, "a.json")).mtimeMs).toBe(before.mtimeMs);
    // What remains is reported on stderr, for the printed text.
    const cmk = { keySource: "Microsoft.KeyVault", keyVaultProperties: { keyIdentifier: "https://v.vault.azure.net/keys/k/1" } };
    const identity = { type: "UserAssigned", userAssignedIdentities: { "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u": {} } };
    const remains = account("acct", { allowedAuthenticationModes: ["AAD", "SharedKey"], publicNetworkAccess: "Disabled", poolAllocationMode: "BatchService", encryption: cmk }, { identity });
    const r2 = run(["-", "--stdin-filename", "a.json", "--fix", "-f", "json"], { cwd: dir, input: remains });
    expect(r2.stdout).not.toMatch(/SharedKey/);
    expect(JSON.parse(r2.stderr.slice(r2.stderr.indexOf("{"))).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["BATCH003"]);
    expect(r2.code).toBe(1);
  });

  test("a text with nothing to fix is printed unchanged (a filter never empties its output)", () => {
    const text = '// nothing here\n{ "x": [1, 2] }';
    const r = run(["-", "--fix"], { input: text });
    expect(r.stdout).toBe(text);
  });

  test("--fix-dry-run of standard input diffs the text read, not the file named", () => {
    const dir = scratch({ "a.json": '{ "unrelated": true }\n' });
    const r = run(["-", "--stdin-filename", "a.json", "--fix-dry-run=-"], { cwd: dir, input: FIXABLE });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toMatch(/^--- a\/a\.json\n\+\+\+ b\/a\.json\n@@ [^\n]+ @@\n/);
    expect(r.stdout).toMatch(/^- +"SharedKey"$/m);
    expect(fs.readFileSync(path.join(dir, "a.json"), "utf8")).toBe('{ "unrelated": true }\n');
  });
});

describe("the --fix-dry-run diff is redacted", () => {
  test("secret values in context lines of an export: password, accountKey, sasToken, AccountKey=", () => {
    const text = `{
  "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct",
  "name": "acct",
  "type": "Microsoft.Batch/batchAccounts",
  "location": "westeurope",
  "properties": {
    "password": "PwMarker0001xyz",
    "accountKey": "KeyMarker0002xyz",
    "allowedAuthenticationModes": [
      "AAD",
      "SharedKey"
    ],
    "sasToken": "sv=2020-01-01&sig=SigMarker0003xyz",
    "connection": "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=ConnMarker0004xyz;EndpointSuffix=core",
    "publicNetworkAccess": "Disabled"
  }
}
`;
    const dir = scratch({ "a.json": text });
    const r = run(["a.json", "--fix-dry-run=-"], { cwd: dir });
    expect(r.stdout).toMatch(/^- +"SharedKey"$/m);
    expect(r.stdout).toMatch(/^ +"password": "<redacted>",$/m);
    expect(r.stdout).toMatch(/^ +"connection": ".*AccountKey=<redacted>;EndpointSuffix=core",$/m);
    for (const marker of ["PwMarker0001xyz", "KeyMarker0002xyz", "SigMarker0003xyz", "ConnMarker0004xyz"]) expect(r.stdout + r.stderr).not.toContain(marker);
    expect(fs.readFileSync(path.join(dir, "a.json"), "utf8")).toBe(text); // a dry run writes nothing
  });

  test("in a template: a secure parameter's default, and a variable that reaches a password", () => {
    const text = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "adminPw": { "type": "secureString", "defaultValue": "DefaultMarker0005xyz" } },
  "variables": { "plain": "VariableMarker0006xyz" },
  "resources": [ { "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "acct", "location": "westeurope",
      "properties": { "allowedAuthenticationModes": ["AAD", "SharedKey"], "x": { "password": "[variables('plain')]" } } } ]
}
`;
    const dir = scratch({ "t.json": text });
    const r = run(["t.json", "--fix-dry-run=-"], { cwd: dir });
    expect(r.stdout).toMatch(/^\+ +"properties": \{ "allowedAuthenticationModes": \["AAD"\]/m);
    expect(r.stdout).toMatch(/^ +"variables": \{ "plain": "<redacted>" \},$/m);
    for (const marker of ["DefaultMarker0005xyz", "VariableMarker0006xyz"]) expect(r.stdout + r.stderr).not.toContain(marker);
  });
});
