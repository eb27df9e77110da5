/** The Bicep parser (src/input/bicep/parser.ts): the grammar's constructs, and syntax errors located, never a crash. */
import { describe, expect, test } from "vitest";
import type { Decl, Expr } from "../src/input/bicep/ast.js";
import { MAX_DEPTH, parseBicep } from "../src/input/bicep/parser.js";
import { parseBicepDoc, usingPath } from "../src/input/bicep/read.js";
import { RunContext } from "../src/context.js";
import { InputError } from "../src/parse/document.js";

const valueOf = (text: string, name = "x"): Expr => {
  const d = parseBicep(text).decls.find((x): x is Extract<Decl, { kind: "var" }> => x.kind === "var" && x.name === name);
  if (!d) throw new Error(`no var ${name}`);
  return d.value;
};

describe("Bicep parser", () => {
  test("declarations of every kind", () => {
    const text = [
      "metadata name = 'm'",
      "targetScope = 'resourceGroup'",
      "import { lockType, other as renamed } from 'br/public:avm/utl/types/avm-common-types:0.4.0'",
      "import * as shared from './shared.bicep'",
      "extension microsoftGraphV1",
      "@export()",
      "type t = { a: ('Allow' | 'Deny')?, b: string[] }",
      "@secure()",
      "param p string",
      "param q lockType?",
      "var v int = 1",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
      "func f(a string, b int) string => '${a}${b}'",
      "resource r 'Microsoft.Batch/batchAccounts@2024-07-01' existing = { name: 'n' }",
      "module m './m.bicep' = { name: 'm' }",
      "output o string = r.name",
      "assert ok = true",
    ].join("\n");
    const decls = parseBicep(text).decls;
    expect(decls.map((d) => (d.kind === "other" ? d.keyword : d.kind))).toEqual([
      "metadata",
      "targetScope",
      "import",
      "import",
      "extension",
      "type",
      "param",
      "param",
      "var",
      "func",
      "resource",
      "module",
      "output",
      "assert",
    ]);
    expect(decls[2]).toMatchObject({ names: ["lockType", "renamed"] });
    expect(decls[3]).toMatchObject({ names: ["shared"] });
    expect(decls[6]).toMatchObject({ kind: "param", name: "p", nullable: false, decorators: [{ k: "call", name: "secure" }] });
    expect(decls[7]).toMatchObject({ kind: "param", name: "q", nullable: true });
    expect(decls[9]).toMatchObject({ kind: "func", name: "f", params: ["a", "b"] });
    expect(decls[10]).toMatchObject({ kind: "resource", existing: true, type: "Microsoft.Batch/batchAccounts@2024-07-01" });
  });

  test("strings: escapes, interpolation with nested strings, multi-line", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
    expect(valueOf("var x = 'it\\'s \\${not} a\\nb'")).toMatchObject({ k: "str", parts: ["it's ${not} a\nb"], holes: [] });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
    const s = valueOf("var x = 'a${b}c${'d${e}'}f'");
    expect(s).toMatchObject({
      k: "str",
      parts: ["a", "c", "f"],
      holes: [
        { k: "id", name: "b" },
        { k: "str", parts: ["d", ""] },
      ],
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
    expect(valueOf("var x = '''\nline ${no}\n'''")).toMatchObject({ k: "str", parts: ["line ${no}\n"] });
  });

  test("objects and arrays: newline- or comma-separated, spread, nested resources", () => {
    expect(valueOf("var x = {\n  a: 1\n  'b-c': [\n    1\n    2\n  ]\n  ...rest\n}")).toMatchObject({
      k: "obj",
      members: [
        { m: "prop", key: "a" },
        { m: "prop", key: "b-c", value: { k: "arr", items: [{ v: 1 }, { v: 2 }] } },
        { m: "spread", x: { name: "rest" } },
      ],
    });
    expect(valueOf("var x = { a: 1, b: [1, 2, ...more] }")).toMatchObject({ k: "obj", members: [{ key: "a" }, { key: "b", value: { items: [{}, {}, { k: "spread" }] } }] });
    const r = parseBicep("resource a 'Microsoft.Batch/batchAccounts@2024-07-01' = {\n  name: 'a'\n  resource p 'pools' = {\n    name: 'p'\n  }\n}").decls[0];
    expect(r).toMatchObject({ kind: "resource", body: { k: "obj", members: [{ m: "prop" }, { m: "resource", decl: { name: "p", type: "pools" } }] } });
  });

  test("operators, precedence and continuation lines", () => {
    expect(valueOf("var x = a || b && c == d")).toMatchObject({ k: "bin", op: "||", r: { op: "&&", r: { op: "==" } } });
    expect(valueOf("var x = 1 + 2 * 3 - -4")).toMatchObject({ op: "-", l: { op: "+", r: { op: "*" } }, r: { k: "num", v: -4 } });
    expect(valueOf("var x = a =~ 'A' ? 'y' : b ?? 'z'")).toMatchObject({ k: "tern", c: { op: "=~" }, b: { op: "??" } });
    expect(valueOf("var x = !empty(a)\n  ? {\n      k: 1\n    }\n  : null")).toMatchObject({ k: "tern", c: { k: "un", op: "!" }, a: { k: "obj" }, b: { k: "null" } });
    expect(valueOf("var x = a.?b[?0].c!.d::e")).toMatchObject({
      k: "child",
      name: "e",
      x: { k: "prop", name: "d", x: { k: "nonnull", x: { k: "prop", name: "c", x: { k: "index", safe: true, x: { k: "prop", safe: true } } } } },
    });
  });

  test("calls with namespaces, lambdas, loops, conditions", () => {
    expect(valueOf("var x = sys.concat('a', az.resourceGroup().name)")).toMatchObject({ k: "call", ns: "sys", name: "concat", args: [{}, { k: "prop", x: { k: "call", ns: "az", name: "resourceGroup" } }] });
    expect(valueOf("var x = reduce(\n  map(xs, (v, i) => v.y),\n  {},\n  (cur, next) => union(cur, next)\n)")).toMatchObject({
      k: "call",
      args: [{ k: "call", args: [{}, { k: "lambda", params: ["v", "i"] }] }, { k: "obj" }, { k: "lambda", params: ["cur", "next"] }],
    });
    expect(valueOf("var x = map(xs, v => v)")).toMatchObject({ args: [{}, { k: "lambda", params: ["v"] }] });
    expect(valueOf("var x = [for (v, i) in range(0, 3): {\n  n: i\n}]")).toMatchObject({ k: "for", item: "v", index: "i", src: { k: "call", name: "range" }, body: { k: "obj" } });
    const r = parseBicep("resource r 'a/b@1' = [for v in xs: if (v != 'x') {\n  name: v\n}]").decls[0];
    expect(r).toMatchObject({ body: { k: "for", item: "v", body: { k: "if", cond: { op: "!=" }, body: { k: "obj" } } } });
    expect(parseBicep("resource r 'a/b@1' = if (deploy) {\n  name: 'n'\n}").decls[0]).toMatchObject({ body: { k: "if", cond: { name: "deploy" } } });
  });

  test("interpolated property names: the key expression is parsed, the name kept as written in brackets", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
    expect(valueOf("var x = { '${id}': {}, 'plain': 1 }")).toMatchObject({
      members: [
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep text, whose interpolation is ${...}
        { m: "prop", key: "['${id}']", keyExpr: { k: "str", holes: [{ k: "id", name: "id" }] } },
        { m: "prop", key: "plain", keyExpr: undefined },
      ],
    });
  });

  test("a .bicepparam's template, from the start of its text", () => {
    expect(usingPath("// params\n\nusing './main.bicep'\nparam a = 1")).toBe("./main.bicep");
    expect(usingPath("/* c */ using 'x.bicep' with { }")).toBe("x.bicep");
    expect(usingPath("using none")).toBeUndefined();
    expect(usingPath("using 'br/public:avm/x:1.0'")).toBeUndefined();
    expect(usingPath("param a = 1\nusing './main.bicep'")).toBeUndefined();
    expect(usingPath("using 'cut off")).toBeUndefined();
  });

  test("comments and pragmas: kept for directives, strings never mistaken for them", () => {
    const p = parseBicep("// one\nvar x = 'https://a/b' /* two */\n#disable-next-line no-unused-vars\nvar y = 1");
    expect(p.comments.map((c) => c.block)).toEqual([false, true]);
    expect(p.decls).toHaveLength(2);
  });

  const errorAt = (text: string) => {
    try {
      parseBicepDoc(text, "x.bicep", new RunContext(), "bicep");
    } catch (e) {
      if (e instanceof InputError) return `${e.line}:${e.column} ${e.message}`;
      throw e;
    }
    return "parsed";
  };

  test("syntax errors are located (line, column), never a crash", () => {
    expect(errorAt("param a string\nvar b = {\n  c: 1\n")).toBe("4:1 Bicep syntax error: expected a property name, found end of file");
    expect(errorAt("var a = 'unterminated\nvar b = 1")).toBe("1:9 Bicep syntax error: unterminated string");
    expect(errorAt("var a = 1 var b = 2")).toBe("1:11 Bicep syntax error: expected a new line, found 'var'");
    expect(errorAt("resource r 'a@b' = 5")).toBe("1:20 Bicep syntax error: expected '{', 'if' or '[for', found '5'");
    expect(errorAt("var a = 'x${b'")).toBe("1:14 Bicep syntax error: unterminated string");
    expect(errorAt("what x = 1")).toBe("1:1 Bicep syntax error: unknown declaration 'what'");
    expect(errorAt("var a = 1.5")).toBe("1:9 Bicep syntax error: Bicep numbers are integers");
  });

  test("nesting is bounded: deep input is a located error, not a stack overflow", () => {
    expect(errorAt(`var a = ${"[".repeat(50_000)}`)).toMatch(new RegExp(`^1:\\d+ Bicep syntax error: nested more than ${MAX_DEPTH} levels deep`));
    expect(errorAt(`var a = x${".y".repeat(50_000)}`)).toMatch(/nested more than/);
    expect(errorAt(`var a = 1${" + 1".repeat(50_000)}`)).toMatch(/nested more than/);
    expect(errorAt(`var a = ${"'${".repeat(5_000)}`)).toMatch(/^1:\d+ Bicep syntax error: /);
  });
});
