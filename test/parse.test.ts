import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { decode, InputError, LineIndex, parseDocument, positionIn } from "../src/parse/document.js";
import { recognise } from "../src/input/recognise.js";

describe("parseDocument", () => {
  test("accepts comments, trailing commas and a BOM; positions are 1-based UTF-16", () => {
    const text = '\uFEFF{\n  // c\n  "a": [1, 2,], /* b */\n  "é😀": "x",\n}';
    const doc = parseDocument(text, "t.json");
    expect(doc.region("/a/1")).toMatchObject({ startLine: 3, startColumn: 12, endLine: 3, endColumn: 13 });
    expect(doc.region("/é😀")).toMatchObject({ startLine: 4, startColumn: 10, endColumn: 13 });
    expect(doc.region("/é😀", true)).toMatchObject({ startLine: 4, startColumn: 3 });
  });

  test("missing pointers fall back to the closest ancestor", () => {
    const doc = parseDocument('{"a": {"b": 1}}', "t.json");
    expect(doc.region("/a/x/y")).toEqual(doc.region("/a"));
  });

  test("duplicate keys: the last one wins, as in ARM", () => {
    const doc = parseDocument('{"a": 1, "a": {"b": 2}}', "t.json");
    expect(doc.node("/a")?.type).toBe("object");
    expect(doc.node("/a/b")?.value).toBe(2);
  });

  test("malformed JSON is an InputError with line and column", () => {
    try {
      parseDocument('{\n  "a": 1\n  "b": 2\n}', "bad.json");
      expect.fail("should throw");
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).line).toBe(3);
      expect((e as InputError).column).toBe(3);
      expect((e as InputError).message).toMatch(/',' expected/);
    }
  });

  test("deep nesting is refused without a stack overflow", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(() => parseDocument(deep, "deep.json")).toThrow(/nesting deeper than 1000/);
  });

  test("NUL bytes and invalid UTF-8 are clear errors; UTF-16 with BOM is decoded", () => {
    expect(() => parseDocument('{"a": "\u0000"}', "nul.json")).toThrow(/NUL/);
    expect(() => decode(Uint8Array.from([0x7b, 0x0a, 0x22, 0xff, 0x22, 0x7d]), "bad.json")).toThrow(/invalid UTF-8.*byte 3/);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', "utf16le")]);
    expect(decode(utf16, "u16.json")).toBe('{"a":1}');
  });

  test("LineIndex handles CRLF and CR", () => {
    const idx = new LineIndex("a\r\nb\rc\nd");
    expect(idx.position(3)).toEqual({ line: 2, column: 1 });
    expect(idx.position(5)).toEqual({ line: 3, column: 1 });
    expect(idx.position(7)).toEqual({ line: 4, column: 1 });
  });

  test("positionIn (an error's position, without a line index) is LineIndex's for every offset", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "\r", "\n", "\r\n", " "), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        const idx = new LineIndex(text);
        for (let o = 0; o <= text.length; o++) expect(positionIn(text, o), `${JSON.stringify(text)} @${o}`).toEqual(idx.position(o));
      }),
      { numRuns: 500 },
    );
  });
});

describe("parse errors quote structure, never a secret", () => {
  const message = (text: string) => {
    try {
      parseDocument(text, "t.json", { plain: true });
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).message;
    }
    return "parsed";
  };

  test("keys, bare words and punctuation are quoted; string values and comments are not", () => {
    expect(message('{"a": 1 "b": 2}')).toBe(`invalid JSON: ',' expected near '"b"'`);
    expect(message('{"a": tru}')).toBe("invalid JSON: unexpected character near 'tru'");
    expect(message('{"a": 1}}')).toBe("invalid JSON: end of file expected near '}'");
    expect(message('["x" "y"]')).toBe("invalid JSON: ',' expected near a string value");
    expect(message('{"a" "value"}')).toBe("invalid JSON: ':' expected near a string value");
    expect(message('{"a": "cut\n"}')).toBe("invalid JSON: unterminated string (the file may be truncated)");
    expect(message('{"a": "tab\there"}')).toBe("invalid JSON: invalid character in string");
    expect(message('{"a": "\\q"}')).toBe("invalid JSON: invalid escape character");
    expect(message('{"a": 1} /* not closed')).toBe("invalid JSON: unterminated comment near '/*'");
    // A key is a name: quoted even when a comment stands before its colon, but redacted by pattern.
    expect(message('{"a": 1 "b" /* c */ : 2}')).toBe(`invalid JSON: ',' expected near '"b"'`);
    expect(message('{"a": 1 "sig=abcdefgh": 2}')).toBe(`invalid JSON: ',' expected near '"sig=<redacted>"'`);
  });

  test("a bare word is redacted after a key named as a secret, and by the patterns of messages", () => {
    expect(message('{"adminPassword": hunter2}')).toBe("invalid JSON: unexpected character near '<redacted>'");
    expect(message('{"p": {"accountKey": [1, abc]}}')).toBe("invalid JSON: unexpected character near '<redacted>'");
    // The last key before the error counts, also past comments and strings holding colons and quotes.
    expect(message('{"password": "x", /* "k": */ "name": "a:\\"b", "other": abc}')).toBe("invalid JSON: unexpected character near 'abc'");
    expect(message('{"storage": AccountKey=abcdefgh}')).toBe("invalid JSON: unexpected character near 'AccountKey=<redacted>'");
    expect(message('{"u": https?sv=1&sig=abcdefgh}')).toBe("invalid JSON: unexpected character near 'https?sv=1&sig=<redacted>'");
  });
});

describe("recognise", () => {
  const kind = (s: string) => recognise(parseDocument(s, "x.json"));
  test("document kinds", () => {
    expect(kind('{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[]}')).toBe("arm-template");
    expect(kind('{"contentVersion":"1.0.0.0","languageVersion":"2.0","resources":{}}')).toBe("arm-template");
    expect(kind('{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#","parameters":{}}')).toBe("arm-parameters");
    expect(kind('{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{}}')).toBe("export");
    expect(kind('[{"type":"Microsoft.Batch/batchAccounts","name":"a"}]')).toBe("export");
    expect(kind('{"value":[{"type":"Microsoft.Batch/batchAccounts"}]}')).toBe("export");
    expect(kind('{"count":1,"data":[{"type":"microsoft.batch/batchaccounts"}],"skip_token":null}')).toBe("export");
    expect(kind('{"name":"package","version":"1.0.0"}')).toBe("unknown");
    expect(kind("42")).toBe("unknown");
  });
});

describe("fast parser agrees with jsonc-parser", () => {
  const strip = (n: unknown): unknown => JSON.parse(JSON.stringify(n, (k, v) => (k === "parent" ? undefined : v)));
  test("on random JSON, with comments and trailing commas", async () => {
    const fc = (await import("fast-check")).default;
    const { parseTree } = await import("jsonc-parser");
    const { fastParseTree } = await import("../src/parse/fast.js");
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.boolean(), (v, decorate) => {
        let text = JSON.stringify(v, null, decorate ? 2 : undefined);
        if (decorate) text = `// lead\n${text.replace(/,\n/g, ", /* c */\n").replace(/(\]|\})$/, "$1 // end")}`;
        const expected = parseTree(text, [], { allowTrailingComma: true });
        expect(strip(fastParseTree(text, 1000))).toEqual(strip(expected));
      }),
      { numRuns: 300 },
    );
    for (const text of ['{"a": [1, 2,], "b": {"c": null,},}', "[]", "{}", '"x"', "-1.5e3", '{"a\\"b": "\\u00e9"}']) {
      expect(strip(fastParseTree(text, 1000))).toEqual(strip(parseTree(text, [], { allowTrailingComma: true })));
    }
    for (const bad of ['{"a" 1}', "[1 2]", '{"a": }', "[", '{"a": tru}', "01", '{"a": 1} x', '"\\q"']) expect(fastParseTree(bad, 1000)).toBeUndefined();
  });
});
