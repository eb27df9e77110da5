/**
 * The plain-JSON fast path (parse/plain.ts) must give the same answers as the full reader: the same regions for
 * every pointer (keys, anchors, missing paths), the same findings, and no fast path where it would be wrong
 * (comments, trailing commas, duplicate keys, too deep).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import type { Node } from "jsonc-parser";
import fg from "fast-glob";
import { rules } from "../rules/index.js";
import { lintDocument } from "../src/engine/run.js";
import { LineIndex, parseDocument, type ParsedDoc } from "../src/parse/document.js";
import { countKeys, countMembers, indexMembers as indexWith, locate, ScanBuffers } from "../src/parse/plain.js";
import { escapePointerToken } from "../src/model/value.js";
import { member, recognise } from "../src/input/recognise.js";
import { childNode } from "../src/model/literal.js";
import { collectSecrets } from "../src/post/secrets.js";
import { lintText } from "../src/pipeline/run.js";
import { computeFix } from "../src/post/fix.js";
import { loadExport } from "../src/input/export/resources.js";
import { schemaIssues } from "../src/engine/schema-versions.js";
import { RunContext } from "../src/context.js";

const repo = path.resolve(import.meta.dirname, "..");
/** One run's scan buffers, shared by the indexes these tests make (as a run's documents share them). */
const buffers = new ScanBuffers();
const indexMembers = (text: string) => indexWith(text, buffers);

/** Every pointer of a document (from the full reader's tree), plus paths that do not exist below each. */
function pointers(root: Node): string[] {
  const out: string[] = [];
  const walk = (n: Node, p: string) => {
    out.push(p, `${p}/missing`, `${p}/0`, `${p}/7/x`);
    if (n.type === "object") for (const prop of n.children ?? []) walk(prop.children![1]!, `${p}/${escapePointerToken(String(prop.children![0]!.value))}`);
    if (n.type === "array") for (const [i, c] of (n.children ?? []).entries()) walk(c, `${p}/${i}`);
  };
  walk(root, "");
  return out;
}

function sameRegions(text: string, file = "x.json"): number {
  const full = parseDocument(text, file);
  const plain = parseDocument(text, file, { plain: true });
  expect(plain.reader, "read as plain JSON").toBe("plain");
  expect(full.reader).toBe("tree");
  // The tree's value is JSON.parse's, keys in the same order.
  expect(JSON.stringify(full.value)).toBe(JSON.stringify(plain.value));
  let n = 0;
  for (const p of pointers(full.root)) {
    expect(JSON.stringify(plain.valueAt(p)), p).toBe(JSON.stringify(full.valueAt(p)));
    for (const [key, anchor] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      expect(plain.region(p, key, anchor), `${p} key=${key} anchor=${anchor}`).toEqual(full.region(p, key, anchor));
      n++;
    }
  }
  return n;
}

describe("plain JSON fast path", () => {
  test("regions match the full reader for every pointer of every plain fixture", () => {
    const files = fg.sync("fixtures/**/*.json", { cwd: repo, absolute: true });
    let plainFiles = 0;
    let checked = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      if (parseDocument(text, f, { plain: true }).reader !== "plain") continue;
      plainFiles++;
      checked += sameRegions(text, f);
    }
    expect(plainFiles).toBeGreaterThan(50);
    expect(checked).toBeGreaterThan(10_000);
  });

  test("findings match the full reader for every exported fixture, with every rule", () => {
    const files = fg.sync("fixtures/**/*.json", { cwd: repo, absolute: true });
    let compared = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      const shown = path.relative(repo, f);
      const plain = parseDocument(text, shown, { plain: true });
      if (plain.reader !== "plain") continue;
      const full = parseDocument(text, shown);
      const a = lintDocument(new RunContext(), plain, { rules });
      const b = lintDocument(new RunContext(), full, { rules });
      const strip = (o: object) => JSON.parse(JSON.stringify(o, (k, v) => (k === "fixInput" || k === "redact" || k === "resources" ? undefined : v)));
      expect(strip(a), shown).toEqual(strip(b));
      // Fixes too: the plain document reads only the resource's subtree, the full one the whole tree.
      a.findings.forEach((f, i) => {
        if (f.fixInput) expect(computeFix(plain, f.fixInput), `${shown} ${f.ruleId}`).toEqual(computeFix(full, b.findings[i]!.fixInput!));
      });
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });

  test("the schema check over parsed values finds what the walk of the full reader's tree finds", () => {
    // Keys differing only in case are one property (the last spelling and value, at the first one's place); an
    // issue inside an array element is reported at the element, not at the array's key.
    const text = JSON.stringify(
      {
        value: [
          {
            id: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/a0",
            type: "Microsoft.Batch/batchAccounts",
            name: "a0",
            bogusTop: 1,
            properties: {
              publicNetworkAccess: "Sometimes",
              PublicNetworkAccess: "Never",
              allowedAuthenticationModes: ["AAD", "Bogus"],
              networkProfile: {
                accountAccess: {
                  defaultAction: "Deny",
                  ipRules: [
                    { action: "Allow", value: "1.2.3.4", bogusRule: true },
                    { action: "Maybe", value: "5.6.7.8" },
                  ],
                },
              },
              poolAllocationMode: "batchservice",
              extra: { nested: ["x"] },
              Extra: 2,
            },
          },
        ],
      },
      null,
      2,
    );
    const plain = parseDocument(text, "graph.json", { plain: true });
    expect(plain.reader).toBe("plain");
    const full = parseDocument(text, "graph.json");
    const strip = (o: object) => JSON.parse(JSON.stringify(o, (k, v) => (k === "fixInput" || k === "redact" || k === "resources" ? undefined : v)));
    const a = lintDocument(new RunContext(), plain, { rules });
    const b = lintDocument(new RunContext(), full, { rules });
    expect(strip(a)).toEqual(strip(b));
    const schema = a.findings.filter((f) => f.ruleId === "BATCH903" || f.ruleId === "BATCH904").map((f) => `${f.ruleId} ${f.propertyPath} ${f.region.startLine}:${f.region.startColumn}`);
    expect(schema).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^BATCH903 properties\.PublicNetworkAccess /),
        expect.stringMatching(/^BATCH903 properties\.allowedAuthenticationModes\[1\] /),
        expect.stringMatching(/^BATCH903 properties\.networkProfile\.accountAccess\.ipRules\[1\]\.action /),
      ]),
    );
    expect(schema.filter((s) => s.includes("publicNetworkAccess") || s.includes("PublicNetworkAccess"))).toHaveLength(1);
    // The issues themselves: the same values, paths, and key locations (none for an array element).
    const issues = (d: ParsedDoc) =>
      loadExport(d)
        .resources.flatMap((r) => schemaIssues(r))
        .map((i) => ({ kind: i.kind, name: i.name, key: i.key, at: i.prop.at, keyAt: i.prop.keyAt, value: i.prop.value }));
    expect(issues(plain)).toEqual(issues(full));
    expect(issues(plain).find((i) => i.key === "enum|properties.allowedAuthenticationModes[1]")).toMatchObject({ keyAt: undefined, value: "Bogus" });
  });

  test("fixes in a list of exported accounts equal the full reader's, and leave the tree unbuilt", () => {
    const acct = (i: number, modes: string) =>
      `    {\n      "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/a${i}",\n      "type": "Microsoft.Batch/batchAccounts",\n      "name": "a${i}",\n      "properties": {\n        "allowedAuthenticationModes": [${modes}],\n        "publicNetworkAccess": "Enabled"\n      }\n    }`;
    const text = `{\n  "value": [\n${[acct(0, '"AAD", "SharedKey"'), acct(1, '"SharedKey"'), acct(2, '"SharedKey", "AAD"')].join(",\n")}\n  ]\n}\n`;
    const plain = parseDocument(text, "list.json", { plain: true });
    const full = parseDocument(text, "list.json");
    const settings = new Map([["BATCH005", { options: { fixToDisabled: true } }]]);
    const a = lintDocument(new RunContext(), plain, { rules, settings });
    const b = lintDocument(new RunContext(), full, { rules, settings });
    let fixes = 0;
    a.findings.forEach((f, i) => {
      if (!f.fixInput) return;
      const fix = computeFix(plain, f.fixInput);
      expect(fix).toEqual(computeFix(full, b.findings[i]!.fixInput!));
      if ("fix" in fix) fixes++;
    });
    expect(fixes).toBeGreaterThanOrEqual(5);
    expect((plain as unknown as { tree: unknown }).tree).toBeUndefined();
  });

  test("escaped keys, strings with brackets and quotes, numbers, padding, __proto__", () => {
    sameRegions('{"a\\/b": {"\\u0061": [1, -2.5e3, true, null]}, "q\\"}": "x]}\\\\", "__proto__": {"k": "v"}, "type": "t"}');
    sameRegions(`${" ".repeat(17)}{"x": [ [ ], { }, "\\"" ,{"y" : 1 } ] }   `);
    sameRegions('[{"a": 1}, [2, [3, {"b": "c"}]]]');
    sameRegions('{\n\t"a" :\r\n [\r\n1\r\n]\r\n}');
  });

  test("a replacing fix on a record of a list edits the record's own value, with either reader", async () => {
    const { lintPaths } = await import("../src/pipeline/run.js");
    const dir = fs.mkdtempSync(path.join((await import("node:os")).tmpdir(), "batchlint-record-fix-"));
    const acct = (i: number) =>
      JSON.stringify({
        id: `/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/a${i}`,
        type: "Microsoft.Batch/batchAccounts",
        properties: { publicNetworkAccess: "Enabled", allowedAuthenticationModes: ["AAD"] },
      });
    // The third record has a comment: the full reader reads it.
    const text = `{"value": [\n  ${acct(0)},\n  ${acct(1)},\n  ${acct(2).replace("{", "{ /* c */")}\n]}\n`;
    fs.writeFileSync(path.join(dir, "l.json"), text);
    const settings = new Map([["BATCH005", { options: { fixToDisabled: true } }]]);
    const some = rules.filter((r) => r.meta.id === "BATCH005");
    const edits = async (streamThreshold?: number) => (await lintPaths([dir], { rules: some, settings, cwd: dir, base: dir, streamThreshold })).findings.map((f) => f.fix?.edits);
    const whole = await edits();
    expect(whole).toHaveLength(3);
    for (const e of whole) expect(e).toEqual([{ offset: expect.any(Number), length: 9, content: '"Disabled"' }]);
    expect(await edits(0)).toEqual(whole);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a record's pointer prefix is taken off once (the record may have a data array of its own)", () => {
    const text = '{"data": [{"y": 1}, {"x": 2}], "x": 3}';
    for (const plain of [false, true]) {
      const d = parseDocument(text, "r.json", { plain });
      d.base = { line: 0, offset: 0, pointer: "/data/1" };
      expect(d.region("/data/1/data/1/x").charOffset, `plain=${plain}`).toBe(text.indexOf('"x": 2') + 5);
      expect(d.node("/data/1/data/1/x")?.value, `plain=${plain}`).toBe(2);
      expect(d.region("/data/1/x").charOffset, `plain=${plain}`).toBe(text.lastIndexOf("3"));
    }
  });

  test("not taken where it would be wrong", () => {
    expect(parseDocument('{"a": 1, // c\n "b": 2}', "c.json", { plain: true }).reader).toBe("tree");
    expect(parseDocument('{"a": [1, 2,]}', "t.json", { plain: true }).reader).toBe("tree");
    expect(parseDocument('{"a": 1, "a": 2}', "d.json", { plain: true }).reader).toBe("tree");
    expect(parseDocument('{"o": {"a": 1, "b": {"a": 2, "a": 3}}}', "d.json", { plain: true }).reader).toBe("tree");
    expect(parseDocument('{"a": 1, "A": 2}', "case.json", { plain: true }).reader).toBe("plain"); // distinct keys; lookups pick the last
    const deep = `${"[".repeat(30)}${"]".repeat(30)}`;
    expect(() => parseDocument(deep, "deep.json", { maxDepth: 20, plain: true })).toThrow(/nesting deeper than 20/);
    expect(parseDocument(deep, "deep.json", { maxDepth: 30, plain: true }).reader).toBe("plain");
  });

  test("a duplicate key in an exported file is still reported (BATCH910)", () => {
    const text =
      '{"type": "Microsoft.Batch/batchAccounts", "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/a", "name": "a", "properties": {"publicNetworkAccess": "Enabled", "publicNetworkAccess": "Disabled"}}';
    const r = lintText(text, "dup.json", { rules });
    expect(r.findings.filter((f) => f.ruleId === "BATCH910").map((f) => [f.region.startLine, f.region.startColumn])).toEqual([[1, text.indexOf('"publicNetworkAccess"') + 1]]);
    expect(r.findings.some((f) => f.ruleId === "BATCH005")).toBe(false); // the last value counts
  });

  test("member and key counts agree exactly when no key is written twice", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 4 }), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        if (text === undefined) return;
        expect(countMembers(text).members).toBe(countKeys(JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });

  test("element starts noted while counting members are the ones locate finds by reading", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.integer({ min: 0, max: 3 }), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        if (text === undefined) return;
        const { lists } = indexMembers(text);
        for (const [offset, starts] of lists) {
          expect(text[offset]).toBe("[");
          // Read by locate itself: a fresh map of element starts, not the one the scan filled.
          const fresh = new Map();
          const sub = text.slice(offset);
          const read = starts.map((_, i) => locate(sub, [String(i)], indexMembers(sub), 0, fresh)?.offset);
          expect(starts).toEqual(read.map((o) => (o === undefined ? o : o + offset)));
          expect(locate(sub, [String(starts.length)], indexMembers(sub), 0, new Map())).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
    const { lists } = indexMembers('{"value": [ {"a": [1, 2]}, [], "x" ], "data": [], "more": [[3]]}');
    expect([...lists]).toEqual([
      [10, [12, 27, 31]],
      [46, []],
      [58, [59]],
    ]);
  });

  test("objects with more members than locate walks (found through a map of their keys) match the full reader", () => {
    // Escaped keys, a key that is a prefix of another, __proto__, keys looked up before and after the map is made.
    const keys = Array.from({ length: 150 }, (_, i) => (i % 7 === 0 ? `e\\u00${(0x41 + (i % 26)).toString(16)}${i}` : i % 11 === 0 ? `q\\"${i}` : `k${i}`));
    keys.push("__proto__", "k1", "k1x", "constructor", "");
    const unique = [...new Set(keys)];
    const obj = (depth: number): string => `{${unique.map((k, i) => `"${k}": ${depth > 0 && i % 50 === 0 ? obj(depth - 1) : i}`).join(", ")}}`;
    const text = `{"big": ${obj(1)}, "list": [${obj(0)}, ${obj(0)}]}`;
    expect(sameRegions(text)).toBeGreaterThan(4 * 4 * 3 * unique.length);
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 40, maxKeys: 120 }), (v) => {
        if (Object.keys(v).length <= 32) return;
        sameRegions(JSON.stringify({ v }));
      }),
      { numRuns: 30 },
    );
  });

  test("random JSON: regions match the full reader", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 0, max: 3 }), (v, indent) => {
        if (v === null || typeof v !== "object") return;
        sameRegions(JSON.stringify(v, null, indent));
      }),
      { numRuns: 200 },
    );
  });

  test("a text with more members and objects than the scan's first buffers, then a small one after it", () => {
    // 600 accounts: about 3,000 objects and 6,000 members, past the scan's starting room for each (it keeps its
    // buffers from one text to the next, so the small text read afterwards must not see the large one's).
    const accounts = Array.from({ length: 600 }, (_, i) => ({
      id: `a${i}`,
      tags: { n: i },
      properties: { encryption: { keySource: "Microsoft.Batch" }, networkProfile: { accountAccess: { ipRules: [{ value: `10.0.${i % 250}.0/24` }] } } },
    }));
    const big = JSON.stringify({ value: accounts }, null, 1);
    const index = indexMembers(big);
    expect(index.objectCount).toBeGreaterThan(3000);
    expect(index.memberCount).toBe(countKeys(JSON.parse(big)));
    for (const i of [0, 299, 599]) {
      const found = locate(big, ["value", String(i), "properties", "networkProfile", "accountAccess", "ipRules", "0", "value"], index);
      expect(JSON.parse(big.slice(found!.offset, found!.offset + found!.length))).toBe(`10.0.${i % 250}.0/24`);
    }
    sameRegions(JSON.stringify({ value: accounts.slice(0, 60) }));
    sameRegions('{"a": {"b": [ {"c": 1} ]}, "d": {}}');
    // So large that the scan lets go of its buffers afterwards: the next texts are read with fresh ones.
    const huge = JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, { v: i }])));
    const hugeIndex = indexMembers(huge);
    expect(hugeIndex.memberCount).toBe(200_000);
    const last = locate(huge, ["k99999", "v"], hugeIndex)!;
    expect(huge.slice(last.offset, last.offset + last.length)).toBe("99999");
    sameRegions(JSON.stringify({ value: accounts.slice(0, 60) }));
  });

  test("an index whose scan buffers a later text has written over scans its own text again", () => {
    // Each index points into the scan's buffers until another text is scanned; then `locate` must not read the
    // other text's members (a template and its parameters file are both located while findings are made).
    const a = '{"x": {"y": 1, "z": [true, {"w": "a"}]}, "v": 2}';
    const b = '{"p": 1, "q": {"r": {"s": null}}, "t": [], "u": {"x": 3}}';
    const ia = indexMembers(a);
    const ib = indexMembers(b);
    const read = (text: string, tokens: string[], index: ReturnType<typeof indexMembers>) => {
      const at = locate(text, tokens, index)!;
      return JSON.parse(text.slice(at.offset, at.offset + at.length));
    };
    for (let round = 0; round < 3; round++) {
      expect(read(a, ["x", "z", "1", "w"], ia)).toBe("a");
      expect(read(b, ["q", "r", "s"], ib)).toBeNull();
      expect(read(a, ["v"], ia)).toBe(2);
      expect(read(b, ["u", "x"], ib)).toBe(3);
      expect(locate(a, ["p"], ia)).toBeUndefined();
      expect(locate(b, ["x"], ib)).toBeUndefined();
      indexMembers(JSON.stringify({ other: Array.from({ length: 50 }, (_, i) => ({ i })) }));
    }
    // The one scanned last reads the shared buffers; the others have copies of their own.
    expect(ia.scan).toBe(-1);
    expect(ib.scan).toBe(-1);
  });

  test("the line starts the member scan notes are the line index's (\\n, \\r\\n, lone \\r); a stale scan gives none", () => {
    const texts = [
      '{"a": 1}',
      '{\n  "a": [1,\n 2],\r\n  "b": {"c": "x"}\r  }\n',
      '\r\n\r\n[ {"k": "v"},\r\r{"k": "w"}\n\n]\r\n',
      JSON.stringify({ value: Array.from({ length: 400 }, (_, i) => ({ i, s: "x".repeat(i % 7) })) }, null, 2),
    ];
    for (const text of texts) {
      const index = indexMembers(text);
      const starts = index.lineStarts()!;
      const whole = new LineIndex(text);
      expect(starts.length).toBe(whole.lineCount);
      for (let line = 0; line < whole.lineCount; line++) expect(starts[line]).toBe(whole.start(line));
      const fromScan = new LineIndex(text, starts);
      for (let o = 0; o <= Math.min(text.length, 2000); o++) expect(fromScan.position(o)).toEqual(whole.position(o));
    }
    const first = indexMembers(texts[1]!);
    indexMembers(texts[2]!);
    expect(first.lineStarts()).toBeUndefined();
    // More lines than the scan keeps room for: it lets go of its buffers after this text, and the document's
    // line index must still be this text's.
    const tall = JSON.stringify({ value: Array.from({ length: 100_000 }, (_, i) => ({ i })) }, null, 1);
    const doc = parseDocument(tall, "tall.json", { plain: true });
    expect(doc.reader).toBe("plain");
    const whole = new LineIndex(tall);
    expect(doc.lineIndex.lineCount).toBe(whole.lineCount);
    expect(whole.lineCount).toBeGreaterThan(1 << 18);
    for (const o of [0, 5, 1000, tall.length >> 1, tall.length - 3]) expect(doc.lineIndex.position(o)).toEqual(whole.position(o));
  });

  test("locate returns undefined for paths that do not exist", () => {
    const at = (text: string, tokens: string[]) => locate(text, tokens, indexMembers(text));
    expect(at('{"a": [1]}', ["a", "1"])).toBeUndefined();
    expect(at('{"a": [1]}', ["b"])).toBeUndefined();
    expect(at('{"a": [1]}', ["a", "x"])).toBeUndefined();
    expect(at('{"a": "s"}', ["a", "x"])).toBeUndefined();
    expect(at('{"a": {}, "b": {"c": 1}}', ["a", "c"])).toBeUndefined();
    expect(at('{"a": [1]}', ["a", "0"])).toMatchObject({ offset: 7, length: 1 });
    expect(at('{"a": {}, "b": {"c": 1}}', ["b", "c"])).toMatchObject({ offset: 21, keyOffset: 16 });
  });
});

describe("one document, either reader", () => {
  test("a key written twice: the value keeps the last member, at its place; the ignored ones are listed with their values", () => {
    const text = '{"a": 1, "b": {"x": [1], "x": [2], "y": {"z": 0, "z": 9}}, "Type": "t", "a": {"k": "v"}, "type": "Microsoft.Batch/batchAccounts", "Type": "u"}';
    const doc = parseDocument(text, "dup.json", { plain: true });
    expect(doc.reader).toBe("tree");
    expect(JSON.stringify(doc.value)).toBe('{"b":{"x":[2],"y":{"z":9}},"a":{"k":"v"},"type":"Microsoft.Batch/batchAccounts","Type":"u"}');
    // A case-insensitive look-up of the value takes what the walk of the nodes takes (the last member written).
    for (const key of ["type", "a", "b"]) expect(JSON.stringify(member(doc.value as Record<string, unknown>, key))).toBe(JSON.stringify(childNode(doc.root, key)?.value ?? valueOfNode(childNode(doc.root, key))));
    // "Type": "u" is the type, as the nodes say: not an exported resource, but a document naming Microsoft.Batch (searched for wrapped resources).
    expect(recognise(doc)).toBe("wrapped");
    const dups = doc.duplicateKeys().map((d) => ({ key: d.key, kept: d.keptPointer, at: text.slice(d.offset, d.offset + d.length), value: d.value }));
    expect(dups).toEqual(
      expect.arrayContaining([
        { key: "x", kept: "/b/x", at: '"x"', value: [1] },
        { key: "z", kept: "/b/y/z", at: '"z"', value: 0 },
        { key: "a", kept: "/a", at: '"a"', value: 1 },
        { key: "Type", kept: "/Type", at: '"Type"', value: "t" },
      ]),
    );
    expect(dups).toHaveLength(4);
    expect(doc.valueAt("/b/x/0")).toBe(2);
    expect(doc.valueAt("/a/k")).toBe("v");
    doc.base = { line: 0, offset: 0, pointer: "/data/3" };
    expect(doc.duplicateKeys().map((d) => d.keptPointer)).toContain("/data/3/b/x");
    expect(doc.valueAt("/data/3/b/y/z")).toBe(9);
  });

  test("a secret written in an ignored member is still a secret (as the walk of the nodes found it)", () => {
    const text = `{
      "parameters": { "pw": { "type": "secureObject", "defaultValue": { "k": "first-secret-value", "k": "second-secret-value" } } },
      "adminPassword": "hidden-by-a-later-key", "adminPassword": "kept-password-value",
      "p": { "pw": { "value": { "v": "passed-secret-one" }, "value": { "v": "passed-secret-two" } } }
    }`;
    const doc = parseDocument(text, "s.json");
    const secrets = collectSecrets({ docs: new Map([[doc.file, doc]]), resources: [] });
    for (const s of ["first-secret-value", "second-secret-value", "hidden-by-a-later-key", "kept-password-value", "passed-secret-two"]) expect(secrets, s).toContain(s);
    // The value ARM ignores is not passed to the secure parameter.
    expect(secrets).not.toContain("passed-secret-one");
  });

  test("comments: listed by the tree's document, none in plain JSON; a member named __proto__ is an own member", () => {
    const tree = parseDocument('{"a": 1, // one\n "s": "// not a comment", /* two */ "__proto__": {"b": 2}}', "c.json", { plain: true });
    expect(tree.comments().map((c) => [tree.text.slice(c.offset, c.offset + c.length), c.block])).toEqual([
      ["// one", false],
      ["/* two */", true],
    ]);
    expect(Object.hasOwn(tree.value as object, "__proto__")).toBe(true);
    expect(tree.valueAt("/__proto__/b")).toBe(2);
    expect(Object.getPrototypeOf(tree.value)).toBe(Object.prototype);
    const plain = parseDocument('{"a": "/* no */", "__proto__": {"b": 2}}', "p.json", { plain: true });
    expect(plain.reader).toBe("plain");
    expect(plain.comments()).toEqual([]);
    expect(plain.valueAt("/__proto__/b")).toBe(2);
    expect(plain.valueAt("/constructor")).toBeUndefined();
  });
});

/** The value of a node as JSON.parse would read its text (for a key written twice, the last one). */
function valueOfNode(n: Node | undefined): unknown {
  if (!n) return undefined;
  if (n.type === "array") return (n.children ?? []).map(valueOfNode);
  if (n.type !== "object") return n.value;
  return Object.fromEntries((n.children ?? []).map((p) => [p.children![0]!.value, valueOfNode(p.children![1])]));
}
