/** escape.ts: what each output shows of hostile text (every format through the CLI: output-escaping.e2e.test.ts). */
import { describe, expect, test } from "vitest";
import { jsonText, showLineStart, showLines, showPath, showText } from "../src/output/escape.js";
import { sarifText } from "../src/output/sarif.js";

/** Every character a terminal or a CI runner acts on, but LF (which ends a line) and TAB (no format writes one). */
const RAW_HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

/**
 * Lines that would be a logging command: GitHub's `::` at the start after leading white space (.NET TrimStart; JS
 * `\s` covers its white space), and `##vso[` / `##[` anywhere (Azure Pipelines and GitHub's runner look for them with
 * IndexOf, which may skip default-ignorable characters: they are removed first). Lines end at CR as well as LF
 * (the runners read lines with .NET's ReadLine). `own` says which lines batchlint wrote itself.
 */
function commandLines(out: string, own: (line: string) => boolean = () => false): string[] {
  return out.split(/\r\n|\r|\n/).filter((line) => (/^\s*::/.test(line) && !own(line)) || /##(vso)?\[/i.test(line.replace(/[\p{Cf}\p{DI}]/gu, "")));
}

describe("escape.ts", () => {
  test("showText: C0, DEL, C1, bidi, format and default-ignorable characters escaped; logging commands broken; the rest kept", () => {
    expect(showText("a\nb\rc\td\u0000\u007f\u0085\u009b")).toBe("a\\nb\\rc\\td\\u0000\\u007f\\u0085\\u009b");
    expect(showText("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")).toBe("\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c");
    expect(showText("\u00ad\u200b\u2060\ufeff\u2028\u2029\u{e0041}")).toBe("\\u00ad\\u200b\\u2060\\ufeff\\u2028\\u2029\\u{e0041}");
    expect(showText("##vso[x] ##VSO[y] ##[z] ###[w]")).toBe("#\\u0023vso[x] #\\u0023VSO[y] #\\u0023[z] ##\\u0023[w]");
    // Ordinary text, including backslashes, non-ASCII letters, emoji and a lone # or ## not before a command, is unchanged (the same string).
    for (const s of ["C:\\dir\\a.json", "[parameters('x')]", "Ünïcödé 中文 עברית", "🙂", "C# and ## heading", ""]) expect(showText(s)).toBe(s);
  });

  test("showPath and showLineStart: a leading :: (after white space) cannot start a workflow command", () => {
    expect(showPath("::a.json")).toBe("./::a.json");
    expect(showPath(" \u00a0::a.json")).toBe("./ \u00a0::a.json");
    expect(showPath("dir/::a.json")).toBe("dir/::a.json");
    expect(showPath("\n::a.json")).toBe("\\n::a.json");
    expect(showLineStart("  ::x::y")).toBe("  \\u003a:x::y");
    expect(showLineStart("a ::x")).toBe("a ::x");
  });

  test("showLines: each line escaped and guarded; tabs and CRLF line ends kept, a lone CR shown", () => {
    expect(showLines("a\tb\r\n::x\r\ny\rz ##[w]\n\u001b[2J")).toBe("a\tb\r\n\\u003a:x\r\ny\\rz #\\u0023[w]\n\\u001b[2J");
    expect(showLines("plain\ntext\n")).toBe("plain\ntext\n");
  });

  test("jsonText: the same values for a JSON reader, nothing hidden or commanding in the text", () => {
    const alphabet = ["a", "#", "[", "vso", "\\", '"', "\n", "\r", "\u001b", "\u0085", "\u009b", "\u202e", "\u2066", "\u200e", "\u00ad", "\u2028", "\u{e0041}", "🙂", "é", ":"];
    let seed = 19;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: rand(12) }, () => alphabet[rand(alphabet.length)]).join("");
      const json = jsonText(JSON.stringify({ [s]: [s, { s }] }, null, 2));
      expect(JSON.parse(json)).toEqual({ [s]: [s, { s }] });
      expect(json.match(RAW_HIDDEN)).toBeNull();
      expect(commandLines(json)).toEqual([]);
    }
    const plain = JSON.stringify({ a: "b", c: ["#", "[x]"] }, null, 2);
    expect(jsonText(plain)).toBe(plain);
  });

  test("sarifText: a link from the input is escaped as SARIF says; text without one is unchanged", () => {
    expect(sarifText("see [here](https://x) and [1](1)")).toBe("see \\[here\\](https://x) and \\[1\\](1)");
    expect(sarifText("a\\](b)")).toBe("a\\\\\\](b)");
    expect(sarifText("allowedAuthenticationModes[] and '[parameters('x')]'")).toBe("allowedAuthenticationModes[] and '[parameters('x')]'");
  });
});
