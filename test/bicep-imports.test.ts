/**
 * Bicep compile-time imports (src/input/bicep/imports.ts): exported variables and functions of local files evaluated
 * in their own files, with their origins there; what is not followed (registry, JSON template, missing, invalid,
 * outside the tree, a cycle, a name not exported) unknown with a note. loadYamlContent of YAML beyond JSON
 * (yaml.ts, js-yaml's core schema). Children of `existing` resources named and typed under them (load.ts). Resource
 * metadata suppressions have no Bicep form (the compiler refuses `metadata` in a resource body): nothing to test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { RunContext } from "../src/context.js";
import type { Finding } from "../src/engine/findings.js";
import { Budget } from "../src/input/budget.js";
import { loadContent } from "../src/input/bicep/load-content.js";
import { loadBicep } from "../src/input/bicep/load.js";
import { parseBicepDoc } from "../src/input/bicep/read.js";
import { parseYaml } from "../src/input/bicep/yaml.js";
import { isUnknown, type Value } from "../src/model/value.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const dir = "test/fixtures/bicep";
const lint = (file: string) => lintPaths([`${dir}/${file}`], { rules, cwd: repoRoot, base: repoRoot });
const at = (f: Finding) => `${f.ruleId} ${f.resource.name} ${f.file}:${f.region.startLine}:${f.region.startColumn}`;
const related = (f: Finding) => f.related.map((r) => `${r.file}:${r.region.startLine}:${r.region.startColumn} ${r.message}`);
/** Load notes without their `line:column: ` place. */
const noteTexts = (r: { notes: readonly { file?: string; message: string }[] }, prefix: RegExp) =>
  r.notes.map((n) => `${n.file} ${n.message.replace(/^\d+:\d+: /, "")}`).filter((m) => prefix.test(m.slice(m.indexOf(" ") + 1)));

describe("Bicep compile-time imports", () => {
  test("exported variables and functions are evaluated in their files; findings relate to the declarations there", async () => {
    const r = await lint("imports/main.bicep");
    expect(r.errors).toEqual([]);
    const core = r.findings.filter((f) => /^BATCH00[125]$/.test(f.ruleId) || f.ruleId === "BATCH013");
    expect(core.map(at)).toEqual([
      `BATCH001 sharedacct ${dir}/imports/main.bicep:16:33`,
      `BATCH005 sharedacct ${dir}/imports/main.bicep:17:26`,
      `BATCH013 wildcard ${dir}/imports/main.bicep:24:3`,
      `BATCH002 wildcard ${dir}/imports/main.bicep:25:33`,
    ]);
    // The account's name: `'shared${suffix}'` of settings.bicep, whose `suffix` it imports from lib.bicep (chained).
    const [b001, b005, b013, b002] = core as [Finding, Finding, Finding, Finding];
    expect(related(b001)).toEqual([`${dir}/imports/shared/settings.bicep:6:3 value from variable 'modes' in settings.bicep`]);
    // `net.access` of the exported `network`, itself read from the file's own (not exported) `defaultAccess`.
    expect(related(b005)).toEqual([
      `${dir}/imports/shared/settings.bicep:13:15 value from variable 'network' in settings.bicep`,
      `${dir}/imports/shared/settings.bicep:15:21 value from variable 'defaultAccess' in settings.bicep`,
    ]);
    expect(related(b002)).toEqual([`${dir}/imports/shared/settings.bicep:10:27 value from variable 'tokenModes' in settings.bicep`]);
    // lib.allocation('user') through the wildcard import: 'UserSubscription' needs a key vault (BATCH013).
    expect(b013.message).toContain("'UserSubscription'");
    // lib.access(false): 'Disabled', so no BATCH005 on the wildcard account.
    expect(r.findings.filter((f) => f.resource.name === "wildcard" && f.ruleId === "BATCH005")).toEqual([]);
    // Everything `unknowns` reads is imported from where it is not followed: unknown, so nothing reports but BATCH021.
    expect(r.findings.filter((f) => f.resource.name === "unknowns").map((f) => f.ruleId)).toEqual(["BATCH021"]);
    expect(noteTexts(r, /^import/)).toEqual([
      `${dir}/imports/cycle-a.bicep import from 'cycle-b.bicep': the files import each other (a cycle, which the compiler refuses); the names it imports are unknown`,
      `${dir}/imports/main.bicep import from 'shared/settings.bicep': 'secret' is not exported there (@export()); its value is unknown`,
      `${dir}/imports/main.bicep import from 'br/public:avm/utils/types:0.1.0': a registry import is not followed; the names it imports are unknown`,
      `${dir}/imports/main.bicep import from 'missing.bicep': the file could not be read (ENOENT); the names it imports are unknown`,
      `${dir}/imports/main.bicep import from 'broken.bicep': ${dir}/imports/broken.bicep:3:1: Bicep syntax error: expected a property name, found end of file; the names it imports are unknown`,
      `${dir}/imports/main.bicep import from 'compiled.json': only .bicep files are followed (the exports of a compiled JSON template are not read); the names it imports are unknown`,
    ]);
  });

  test("an import outside the linted tree is not read; a .bicepparam's imports are followed", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-import-out-"));
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-import-"));
    fs.writeFileSync(path.join(outside, "vars.bicep"), "@export()\nvar modes = [ 'SharedKey' ]\n");
    fs.symlinkSync(path.join(outside, "vars.bicep"), path.join(tree, "linked.bicep"));
    fs.writeFileSync(path.join(tree, "vars.bicep"), "@export()\nvar tokenModes = [\n  'TaskAuthenticationToken'\n]\n");
    const account = ["resource a 'Microsoft.Batch/batchAccounts@2024-07-01' = {", "  name: 'acct'", "  location: 'westeurope'", "  properties: {", "    allowedAuthenticationModes: modes", "  }", "}"];
    fs.writeFileSync(path.join(tree, "main.bicep"), ["import { modes as linked } from 'linked.bicep'", "param modes array = linked", ...account].join("\n"));
    fs.writeFileSync(path.join(tree, "main.bicepparam"), "using 'main.bicep'\nimport { tokenModes } from 'vars.bicep'\nparam modes = tokenModes\n");
    try {
      const alone = await lintPaths([path.join(tree, "main.bicep")], { rules, cwd: tree, base: tree });
      expect(alone.errors).toEqual([]);
      expect(alone.findings.filter((f) => /^BATCH00[12]$/.test(f.ruleId))).toEqual([]);
      expect(noteTexts(alone, /^import/)).toEqual(["main.bicep import from 'linked.bicep': the file is outside the linted directory and is not read; the names it imports are unknown"]);
      const withParams = await lintPaths([path.join(tree, "main.bicepparam")], { rules, cwd: tree, base: tree });
      expect(withParams.errors).toEqual([]);
      const b002 = withParams.findings.filter((f) => f.ruleId === "BATCH002");
      expect(b002.map((f) => `${f.file}:${f.region.startLine}`)).toEqual(["main.bicep:7"]);
      // The value given is the exported variable's literal: the finding relates to its element there.
      expect(related(b002[0]!)).toEqual(["vars.bicep:3:3 value from variable 'tokenModes' in vars.bicep"]);
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test("each file is read once per load, whether imported, imported again, chained or a module", () => {
    const files: Record<string, string> = {
      "/t/main.bicep": [
        "import { a } from 'lib.bicep'",
        "import * as lib from 'lib.bicep'",
        "import { c } from 'sub/chain.bicep'",
        "module m 'lib.bicep' = { name: 'm' }",
        "resource x 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
        "  name: '${a}-${lib.b}-${c}-${lib.twice(2)}'",
        "}",
      ].join("\n"),
      "/t/lib.bicep": "@export()\nvar a = 'A'\n@export()\nvar b = 'B'\n@export()\nfunc twice(n int) int => n * 2\n",
      "/t/sub/chain.bicep": "import { a } from '../lib.bicep'\n@export()\nvar c = toLower(a)\n",
    };
    const reads: string[] = [];
    const readFile = (abs: string) => {
      reads.push(abs);
      const text = files[abs];
      if (text === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
      return text;
    };
    const doc = parseBicepDoc(files["/t/main.bicep"]!, "main.bicep", new RunContext(), "bicep");
    const r = loadBicep(doc, { absPath: "/t/main.bicep", readFile, display: (p) => path.relative("/t", p) }, new RunContext());
    expect(r.errors).toEqual([]);
    expect(r.notes).toEqual([]);
    expect(r.resources.map((x) => x.name)).toEqual(["A-B-a-4"]);
    expect(reads.sort()).toEqual(["/t/lib.bicep", "/t/sub/chain.bicep"]);
    expect(r.documents.map((d) => d.file).sort()).toEqual(["lib.bicep", "sub/chain.bicep"]);
  });

  test("what the compiler would refuse is unknown with a note, never an error; text not read from a file follows none", () => {
    const files: Record<string, string> = {
      "/t/lib.bicep": "@export()\ntype Kind = 'a' | 'b'\nvar hidden = [ 'SharedKey' ]\n@export()\nfunc f() string => 'x'\n",
    };
    const text = [
      "import { Kind, hidden } from 'lib.bicep'",
      "import * as lib from 'lib.bicep'",
      "resource x 'Microsoft.Batch/batchAccounts@2024-07-01' = {",
      "  name: 'acct'",
      "  location: 'westeurope'",
      "  properties: {",
      "    allowedAuthenticationModes: hidden",
      "    publicNetworkAccess: Kind",
      "    poolAllocationMode: lib.hidden",
      "    encryption: { keySource: lib.nothing() }",
      "  }",
      "}",
    ].join("\n");
    const doc = parseBicepDoc(text, "main.bicep", new RunContext(), "bicep");
    const r = loadBicep(doc, { absPath: "/t/main.bicep", readFile: (abs) => files[abs] ?? "", display: (p) => path.basename(p) }, new RunContext());
    expect(r.errors).toEqual([]);
    const props = r.resources[0]!.properties;
    for (const p of ["allowedAuthenticationModes", "publicNetworkAccess", "poolAllocationMode", "encryption.keySource"]) expect(props.get(p).unknown).toBe(true);
    // One note per import statement and name: `hidden` by name, then `lib.hidden` through the wildcard.
    expect(r.notes.map((n) => n.message.replace(/^\d+:\d+: /, ""))).toEqual([
      "import from 'lib.bicep': 'hidden' is not exported there (@export()); its value is unknown",
      "import from 'lib.bicep': 'hidden' is not exported there (@export()); its value is unknown",
      "import from 'lib.bicep': 'nothing' is not exported there (@export()); its value is unknown",
    ]);
    // The same text on standard input: no folder to read from.
    const stdin = lintText(text, "main.bicep", { rules, cwd: repoRoot, base: repoRoot });
    expect(stdin.errors).toEqual([]);
    expect(stdin.findings.filter((f) => /^BATCH00[15]$/.test(f.ruleId))).toEqual([]);
    // One note per import statement (both name lib.bicep).
    expect(noteTexts(stdin, /^import/)).toEqual(Array(2).fill("main.bicep import from 'lib.bicep': an import in text not read from a file is not followed; the names it imports are unknown"));
  });
});

describe("loadYamlContent", () => {
  test("YAML beyond JSON is read (anchors, aliases, comments, a path filter); what is not valid YAML is unknown with a note", async () => {
    const r = await lint("yaml/main.bicep");
    expect(r.errors).toEqual([]);
    const found = r.findings.filter((f) => /^BATCH00[125]$/.test(f.ruleId) || f.ruleId === "BATCH019");
    expect(found.map(at)).toEqual([`BATCH019 yaml-account ${dir}/yaml/main.bicep:5:9`, `BATCH001 yaml-account ${dir}/yaml/main.bicep:8:33`, `BATCH005 yaml-account ${dir}/yaml/main.bicep:9:26`]);
    expect(r.findings.filter((f) => f.resource.name === "unknowns").map((f) => f.ruleId)).toEqual(["BATCH021", "BATCH009"]);
    expect(noteTexts(r, /^loadYamlContent/).map((n) => n.slice(n.indexOf(" ") + 1))).toEqual([
      "loadYamlContent(): 'tags.yaml' is not valid YAML (unknown tag !<tag:yaml.org,2002:js/function> at line 2, column 96); its value is unknown",
      "loadYamlContent(): 'twice.yaml' is not valid YAML (duplicated mapping key at line 2, column 1); its value is unknown",
      "loadYamlContent(): the path filter '$.pool.*' is beyond the simple paths batchlint reads ($.a.b, $.a[0]); its value is unknown",
    ]);
    // The tag was refused, not run.
    expect((globalThis as { batchlintYamlRan?: unknown }).batchlintYamlRan).toBeUndefined();
  });

  test("the core schema: YAML 1.2 scalars, no timestamps, no tags; aliases shared, cycles and non-JSON numbers unknown", () => {
    const budget = new Budget();
    const value = (text: string): Value => {
      const r = parseYaml(text, budget);
      if (!("value" in r)) throw new Error(r.invalid);
      return r.value;
    };
    expect(value("a: yes\nb: 0x1F\nc: 2024-01-01\nd: ~\ne: TRUE\nf: 1.5")).toEqual({ a: "yes", b: 31, c: "2024-01-01", d: null, e: true, f: 1.5 });
    const shared = value("x: &list [ AAD ]\ny: *list") as Record<string, Value>;
    expect(shared.y).toBe(shared.x);
    expect(isUnknown((value("a: &self\n  b: *self") as Record<string, Record<string, Value>>).a!.b)).toBe(true);
    expect(isUnknown((value("n: .inf") as Record<string, Value>).n)).toBe(true);
    // A `__proto__` key is a member like any other, not the object's prototype.
    const proto = value("__proto__: { polluted: true }") as Record<string, Value>;
    expect(Object.getPrototypeOf(proto)).toBeNull();
    expect(Object.keys(proto)).toEqual(["__proto__"]);
    expect(parseYaml("", budget)).toEqual({ invalid: "holds no YAML document" });
    expect(parseYaml("a: 1\n---\nb: 2\n", budget)).toEqual({ invalid: "is not valid YAML (expected a single document in the stream, but found more)" });
    expect(parseYaml("a: !custom 1", budget)).toMatchObject({ invalid: expect.stringMatching(/^is not valid YAML \(unknown tag !<!custom>/) });
    expect(parseYaml(`a: ${"[".repeat(500)}`, budget)).toMatchObject({ invalid: expect.stringMatching(/^is not valid YAML \(nesting exceeded maxDepth/) });
    expect(
      parseYaml("a: 1", budget, () => {
        throw new Error("Cannot find module 'js-yaml'");
      }),
    ).toEqual({ invalid: "cannot be read: the YAML reader (the js-yaml package) is not installed" });
  });

  test("through loadContent: JSON-shaped YAML as JSON, other YAML by js-yaml, the path filter on both", () => {
    const texts: Record<string, string> = { "/t/a.yaml": "modes:\n  - SharedKey\n", "/t/b.yaml": '{ "modes": [ "AAD" ] }' };
    const files = { absPath: "/t/main.bicep", readBytes: (abs: string) => Buffer.from(texts[abs] ?? "") };
    let jsonCalls = 0;
    const json = (t: string): Value => {
      jsonCalls++;
      return JSON.parse(t) as Value;
    };
    expect(loadContent("loadYamlContent", ["a.yaml", "$.modes[0]"], files, new Budget(), json)).toEqual({ value: "SharedKey" });
    expect(jsonCalls).toBe(0);
    expect(loadContent("loadYamlContent", ["b.yaml", "$.modes"], files, new Budget(), json)).toEqual({ value: ["AAD"] });
    expect(jsonCalls).toBe(1);
    expect(loadContent("loadYamlContent", ["a.yaml", "$.nothing"], files, new Budget(), json)).toEqual({ unknown: "the path filter '$.nothing' selects nothing" });
    // A YAML bomb (aliases of aliases) is one shared value here; the budget stops it where it is written out in full.
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ..."bcdefghij".split("").map((k, i) => `${k}: &${k} [${Array(10).fill(`*${"abcdefghij"[i]}`).join(", ")}]`)].join("\n");
    texts["/t/bomb.yaml"] = bomb;
    const r = loadContent("loadYamlContent", ["bomb.yaml"], files, new Budget(), json);
    expect("value" in r).toBe(true);
  });
});

describe("children of existing resources", () => {
  test("a child of an `existing` account (parent: or nested) is named and typed under it; its account's properties are not known", async () => {
    const r = await lint("parent-existing/main.bicep");
    expect(r.errors).toEqual([]);
    const pools = [...new Map(r.findings.filter((f) => f.resource.type === "Microsoft.Batch/batchAccounts/pools").map((f) => [f.resource.pointer, f.resource])).values()];
    expect(pools.map((p) => `${p.type} ${p.name}`)).toEqual([
      "Microsoft.Batch/batchAccounts/pools shared/nested",
      "Microsoft.Batch/batchAccounts/pools shared/byparent",
      "Microsoft.Batch/batchAccounts/pools undefined",
      "Microsoft.Batch/batchAccounts/pools deployed/lowpri",
    ]);
    // BATCH105 needs the account's poolAllocationMode: known for the deployed account, never for an existing one.
    expect(r.findings.filter((f) => f.ruleId === "BATCH105").map(at)).toEqual([`BATCH105 deployed/lowpri ${dir}/parent-existing/main.bicep:50:60`]);
    // The nested `'pools'` (no version of its own) has its parent's apiVersion: the schema rules check it.
    expect(r.notes.filter((n) => /BATCH90[34]/.test(n.message))).toEqual([]);
    // Only the deployed account is an account of this template.
    expect([...new Set(r.findings.filter((f) => f.resource.type === "Microsoft.Batch/batchAccounts").map((f) => f.resource.name))]).toEqual(["deployed"]);
  });
});
