/**
 * Bicep's file functions (src/input/bicep/load-content.ts): loadTextContent, loadJsonContent (with a simple JSONPath),
 * loadYamlContent (YAML through js-yaml: test/bicep-imports.test.ts) and loadFileAsBase64, read beside the .bicep through the bounded reader;
 * a path outside the linted tree, an encoding or a filter not understood is unknown with a note, never a finding.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import type { Finding } from "../src/engine/findings.js";
import { Budget } from "../src/input/budget.js";
import { loadContent, select } from "../src/input/bicep/load-content.js";
import { newObject, type Value } from "../src/model/value.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const brief = (f: Finding) => `${f.ruleId} ${f.region.startLine}:${f.region.startColumn} ${f.resource.name}`;
const core = (fs: readonly Finding[]) => fs.filter((f) => /^BATCH00[125]$/.test(f.ruleId));
/** The authentication-mode rules: the only findings a value loaded into allowedAuthenticationModes can make. */
const modes = (fs: readonly Finding[]) => fs.filter((f) => /^BATCH00[12]$/.test(f.ruleId));
const notes = (r: { notes: readonly { message: string }[] }) => r.notes.map((n) => n.message.replace(/^\d+:\d+: /, "")).filter((m) => m.startsWith("load"));

describe("Bicep load*Content", () => {
  test("text, JSON (whole and through $.a.b[0]) and JSON-shaped YAML are read; the rest is unknown with a note", async () => {
    const r = await lintPaths(["test/fixtures/bicep/load/main.bicep"], { rules, cwd: repoRoot, base: repoRoot });
    expect(r.errors).toEqual([]);
    // The account's name is $.list[0].name of settings.json; its modes and access come from the files.
    expect(core(r.findings).map(brief)).toEqual(["BATCH001 8:33 first", "BATCH005 9:26 first", "BATCH002 17:33 fromyaml"]);
    // `unknowns`: each value is unknown, so none of its properties reports.
    expect(r.findings.filter((f) => f.resource.name === "unknowns").map((f) => f.ruleId)).toEqual(["BATCH021"]);
    expect(notes(r)).toEqual([
      "loadYamlContent(): 'malformed.yaml' is not valid YAML (missed comma between flow collection entries at line 2, column 8); its value is unknown",
      "loadTextContent(): '../../../../../../../../../../etc/passwd' is outside the linted directory; not read; its value is unknown",
      "loadJsonContent(): the path filter '$..modes' is beyond the simple paths batchlint reads ($.a.b, $.a[0]); its value is unknown",
      "loadTextContent(): only UTF-8 content is read; its value is unknown",
    ]);
  });

  test("a path escaping the linted tree (../../etc/passwd, or a symbolic link out of it) is not read", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-load-out-"));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-load-"));
    fs.writeFileSync(path.join(outside, "modes.txt"), "SharedKey");
    fs.symlinkSync(path.join(outside, "modes.txt"), path.join(dir, "link.txt"));
    const account = (name: string, value: string) =>
      [`resource ${name} 'Microsoft.Batch/batchAccounts@2024-07-01' = {`, `  name: '${name}'`, "  location: 'westeurope'", "  properties: {", `    allowedAuthenticationModes: [ ${value} ]`, "  }", "}"].join("\n");
    // ../../etc/passwd from the scratch folder, with as many ../ as it takes to reach the root, so the file exists.
    const up = `${"../".repeat(dir.split(path.sep).length - 1)}etc/passwd`;
    fs.writeFileSync(path.join(dir, "main.bicep"), [account("passwd", `loadTextContent('${up}')`), account("linked", "loadTextContent('link.txt')"), account("missing", "loadTextContent('none.txt')")].join("\n"));
    try {
      const r = await lintPaths([dir], { rules, cwd: dir, base: dir });
      expect(r.errors).toEqual([]);
      expect(modes(r.findings)).toEqual([]);
      expect(notes(r)).toEqual([
        `loadTextContent(): '${up}' is outside the linted directory; not read; its value is unknown`,
        "loadTextContent(): 'link.txt' is outside the linted directory; not read; its value is unknown",
        "loadTextContent(): 'none.txt' could not be read (ENOENT); its value is unknown",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test("text not read from a file has no folder: unknown with a note", () => {
    const text = ["resource a 'Microsoft.Batch/batchAccounts@2024-07-01' = {", "  name: 'stdin'", "  properties: {", "    allowedAuthenticationModes: loadJsonContent('modes.json')", "  }", "}"].join("\n");
    const r = lintText(text, "stdin.bicep", { rules, cwd: repoRoot, base: repoRoot });
    expect(r.errors).toEqual([]);
    expect(modes(r.findings)).toEqual([]);
    expect(notes(r)).toEqual(["loadJsonContent(): the text was not read from a file, so there is no folder to read it from; its value is unknown"]);
  });

  test("loadFileAsBase64 encodes the bytes as read; each function asks the reader for no more than the compiler's limit", () => {
    const asked: [string, number][] = [];
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x00, 0xff, 0x41]);
    const files = {
      absPath: "/tree/main.bicep",
      readBytes: (abs: string, max: number) => {
        asked.push([abs, max]);
        return bytes;
      },
    };
    const budget = new Budget();
    const never = (): Value => {
      throw new Error("not JSON");
    };
    // The byte-order mark and the invalid UTF-8 are kept: base64 is of the bytes, not of a decoded text.
    expect(loadContent("loadFileAsBase64", ["sub/start.sh"], files, budget, never)).toEqual({ value: bytes.toString("base64") });
    expect(loadContent("loadTextContent", ["a.txt"], files, budget, never)).toEqual({ unknown: "'a.txt' is not UTF-8 text (invalid UTF-8 byte sequence at byte 4)" });
    expect(loadContent("loadJsonContent", ["a.json"], files, budget, never)).toEqual({ unknown: "'a.json' is not UTF-8 text (invalid UTF-8 byte sequence at byte 4)" });
    expect(asked).toEqual([
      ["/tree/sub/start.sh", 96 * 1024],
      ["/tree/a.txt", 131_072 * 4],
      ["/tree/a.json", 1_048_576 * 4],
    ]);
    expect(loadContent("loadTextContent", [123], files, budget, never)).toEqual({ unknown: "its path is not a known string" });
    expect(asked).toHaveLength(3);
  });

  test("the JSONPath subset: members exactly as named, indexes, quoted names; anything else unknown", () => {
    const inner = newObject();
    inner["a b"] = [10, 20];
    const root = newObject();
    root.Top = inner;
    expect(select(root, "$")).toEqual({ value: root });
    expect(select(root, "$.Top['a b'][1]")).toEqual({ value: 20 });
    expect(select(root, "$.top")).toEqual({ unknown: "the path filter '$.top' selects nothing" });
    expect(select(root, "$.Top['a b'][2]")).toEqual({ unknown: "the path filter '$.Top['a b'][2]' selects nothing" });
    expect(select(root, "$.Top.*")).toEqual({ unknown: "the path filter '$.Top.*' is beyond the simple paths batchlint reads ($.a.b, $.a[0])" });
    // Without its `$`, as Json.NET's SelectToken reads it (avm/utl/general/naming's catalog.bicep: 'resources').
    expect(select(root, "Top")).toEqual({ value: inner });
    expect(select(root, "Top['a b'][0]")).toEqual({ value: 10 });
    expect(select(root, "['Top']")).toEqual({ value: inner });
  });
});
