// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are HCL text, whose interpolation is ${...}
/**
 * The HCL parser of Terraform files (src/input/terraform/): every construct of hclsyntax's spec, the spans and
 * positions of what it reads, comments, heredocs and templates, syntax errors located (never a crash or a hang,
 * whatever the input), and real files (test/fixtures/terraform/real, SOURCES.md there) parsed without error.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { Attribute, Block, Body, Expr, TemplateExpr, TemplatePart } from "../src/input/terraform/ast.js";
import { HclSyntaxError, MAX_DEPTH, parseHclText } from "../src/input/terraform/parser.js";
import { parseHcl } from "../src/input/terraform/read.js";
import { InputError, positionIn } from "../src/parse/document.js";
import { repoRoot } from "./helpers.js";

const attrs = (b: Body) => b.items.filter((i): i is Attribute => i.kind === "attr");
const blocks = (b: Body) => b.items.filter((i): i is Block => i.kind === "block");
const valueOf = (text: string, name = "a"): Expr => {
  const a = attrs(parseHclText(text).body).find((x) => x.name === name);
  if (!a) throw new Error(`no attribute ${name}`);
  return a.value;
};
/** The tree without spans: what an expression means. */
const shape = (x: unknown): unknown =>
  Array.isArray(x)
    ? x.map(shape)
    : x && typeof x === "object"
      ? Object.fromEntries(
          Object.entries(x)
            .filter(([k]) => k !== "o" && k !== "e" && k !== "nameSpan")
            .map(([k, v]) => [k, shape(v)]),
        )
      : x;
const at = (text: string, o: number) => {
  const p = positionIn(text, o);
  return `${p.line}:${p.column}`;
};
const src = (text: string, node: { o: number; e: number }) => text.slice(node.o, node.e);
/** The literal value of a template of literal parts only. */
const str = (e: Expr): string => {
  if (e.k !== "template" || e.parts.some((p) => p.p !== "lit")) throw new Error(`not a literal string: ${e.k}`);
  return e.parts.map((p) => (p as Extract<TemplatePart, { p: "lit" }>).v).join("");
};
const parts = (e: Expr) => shape((e as TemplateExpr).parts);
/** The error a text throws: message and line:column. */
const errorOf = (text: string): string => {
  try {
    parseHclText(text);
  } catch (e) {
    if (e instanceof HclSyntaxError) return `${at(text, e.offset)} ${e.message}`;
    throw e;
  }
  throw new Error("parsed without error");
};

describe("bodies", () => {
  test("attributes and blocks with their spans", () => {
    const text = ['resource "azurerm_batch_pool" "p" {', "  name = var.n", "", "  fixed_scale {", "    target_dedicated_nodes = 2", "  }", "}", "terraform_x = 1", ""].join("\n");
    const body = parseHclText(text).body;
    expect(body).toMatchObject({ o: 0, e: text.length });
    const [pool] = blocks(body);
    expect(pool).toMatchObject({
      type: "resource",
      labels: [
        { v: "azurerm_batch_pool", quoted: true },
        { v: "p", quoted: true },
      ],
    });
    expect(src(text, pool!)).toBe(text.slice(0, text.indexOf("}\nterraform_x") + 1));
    expect(src(text, pool!.typeSpan)).toBe("resource");
    expect(pool!.labels.map((l) => [src(text, l), at(text, l.o)])).toEqual([
      ['"azurerm_batch_pool"', "1:10"],
      ['"p"', "1:31"],
    ]);
    const [name] = attrs(pool!.body);
    expect([name!.name, at(text, name!.nameSpan.o), src(text, name!), at(text, name!.value.o)]).toEqual(["name", "2:3", "name = var.n", "2:10"]);
    const [scale] = blocks(pool!.body);
    expect([scale!.type, at(text, scale!.o), scale!.labels]).toEqual(["fixed_scale", "4:3", []]);
    expect(src(text, scale!.body)).toBe("{\n    target_dedicated_nodes = 2\n  }");
    expect(at(text, attrs(scale!.body)[0]!.value.o)).toBe("5:30");
    expect(attrs(body).map((a) => a.name)).toEqual(["terraform_x"]);
  });

  test("naked labels, one-line blocks, dashes in names, no newline at the end", () => {
    const text = 'provider azurerm {\n  features {}\n}\nb { x = 1 }\nlocals { cost-center = "Ops" }';
    const body = parseHclText(text).body;
    const [p, b, l] = blocks(body);
    expect(p!.labels).toMatchObject([{ v: "azurerm", quoted: false }]);
    expect(blocks(p!.body)[0]).toMatchObject({ type: "features", body: { items: [] } });
    expect(attrs(b!.body)).toMatchObject([{ name: "x", value: { k: "num", v: 1 } }]);
    expect(attrs(l!.body)[0]!.name).toBe("cost-center");
  });

  test("a label's escapes are resolved; a label cannot hold a template", () => {
    expect(blocks(parseHclText('a "x\\"y" {\n}\n').body)[0]!.labels[0]!.v).toBe('x"y');
    expect(errorOf('a "${x}" {\n}\n')).toMatch(/^1:4 a block label cannot hold a template sequence/);
  });

  test("CRLF line ends and a leading byte-order mark", () => {
    const text = '\uFEFFa = 1\r\nb {\r\n  c = "x"\r\n}\r\n';
    const body = parseHclText(text).body;
    expect(body.items.map((i) => (i.kind === "attr" ? i.name : i.type))).toEqual(["a", "b"]);
    expect(at(text, attrs(blocks(body)[0]!.body)[0]!.o)).toBe("3:3");
  });

  test("Unicode names and text; columns count UTF-16 units as everywhere in batchlint", () => {
    const text = 'ñame = "😀"\nΔx = ñame\n';
    const [a, b] = attrs(parseHclText(text).body);
    expect([a!.name, str(a!.value), b!.name, shape(b!.value)]).toEqual(["ñame", "😀", "Δx", { k: "var", name: "ñame" }]);
    expect(errorOf('a = "😀" §\n')).toBe("1:10 unexpected character U+00A7");
  });

  test(".tfvars holds attributes only", () => {
    expect(attrs(parseHcl('region = "westeurope"\ntags = { a = 1 }\n', "x.tfvars").body).map((a) => a.name)).toEqual(["region", "tags"]);
    expect(() => parseHcl("a = 1\nb {\n}\n", "x.tfvars")).toThrow(/blocks are not allowed here/);
    expect(() => parseHcl("a = 1\nb {\n}\n", "x.tf")).not.toThrow();
  });
});

describe("expressions", () => {
  test("literals and variables", () => {
    expect(shape(valueOf("a = 42"))).toEqual({ k: "num", v: 42, raw: "42" });
    expect(shape(valueOf("a = 1.5e-3"))).toEqual({ k: "num", v: 0.0015, raw: "1.5e-3" });
    expect(shape(valueOf("a = true"))).toEqual({ k: "bool", v: true });
    expect(shape(valueOf("a = null"))).toEqual({ k: "null" });
    expect(shape(valueOf("a = var.location"))).toEqual({ k: "attr", x: { k: "var", name: "var" }, name: "location" });
  });

  test("operators by HCL precedence, left-associative; unary on a term; the conditional", () => {
    const e = valueOf("a = -1 + 2 * 3 > 4 || !f && g == h ? x : y ? z : w");
    const print = (x: Expr): string =>
      x.k === "binary"
        ? `(${print(x.l)} ${x.op} ${print(x.r)})`
        : x.k === "unary"
          ? `${x.op}${print(x.x)}`
          : x.k === "cond"
            ? `(${print(x.c)} ? ${print(x.a)} : ${print(x.b)})`
            : x.k === "num"
              ? x.raw
              : x.k === "var"
                ? x.name
                : x.k === "attr"
                  ? `${print(x.x)}.${x.name}`
                  : x.k;
    expect(print(e)).toBe("((((-1 + (2 * 3)) > 4) || (!f && (g == h))) ? x : (y ? z : w))");
    expect(print(valueOf("a = 10 - 2 - 3 / 4 % 5"))).toBe("((10 - 2) - ((3 / 4) % 5))");
    expect(print(valueOf("a = -x.y"))).toBe("-x.y");
    expect(print(valueOf("a = (\n  b ?\n  c :\n  d\n)").k === "paren" ? (valueOf("a = (\n  b ?\n  c :\n  d\n)") as { x: Expr }).x : valueOf("a = 1"))).toBe("(b ? c : d)");
  });

  test("a name with a dash is one identifier (a-b), subtraction needs spaces", () => {
    expect(shape(valueOf("a = b-c"))).toEqual({ k: "var", name: "b-c" });
    expect(valueOf("a = b - c")).toMatchObject({ k: "binary", op: "-" });
  });

  test("tuples: commas, newlines ignored, trailing comma", () => {
    const e = valueOf('a = [\n  1,\n  "two"\n  ,\n  [3],\n]');
    expect(e).toMatchObject({ k: "tuple", items: [{ k: "num" }, { k: "template" }, { k: "tuple" }] });
    expect(shape(valueOf("a = []"))).toEqual({ k: "tuple", items: [] });
  });

  test("objects: = and :, newline or comma separators, bare, quoted and parenthesised keys", () => {
    const text = 'a = {\n  name = "n", "quoted key": 2\n  (var.k) = 3\n  "${p}-x" = 4\n  nested = { b = 1 }\n}';
    const e = valueOf(text);
    if (e.k !== "object") throw new Error(e.k);
    expect(e.items.map((i) => [i.bare, i.key.k])).toEqual([
      ["name", "var"],
      [undefined, "template"],
      [undefined, "paren"],
      [undefined, "template"],
      ["nested", "var"],
    ]);
    expect(e.items.map((i) => at(text, i.o))).toEqual(["2:3", "2:15", "3:3", "4:3", "5:3"]);
    expect(at(text, (e.items[4]!.value as Extract<Expr, { k: "object" }>).items[0]!.value.o)).toBe("5:18");
    expect(shape(valueOf("a = {}"))).toEqual({ k: "object", items: [] });
  });

  test("function calls: arguments over lines, trailing comma, expansion, provider functions", () => {
    expect(valueOf('a = coalesce(\n  var.x,\n  "y",\n)')).toMatchObject({ k: "call", name: "coalesce", args: [{ k: "attr" }, { k: "template" }], expand: false });
    expect(valueOf("a = merge(local.maps...)")).toMatchObject({ k: "call", name: "merge", expand: true, args: [{ k: "attr" }] });
    const text = 'a = provider::azapi::build_resource_id(azapi_resource.rg.id, "Microsoft.Batch/batchAccounts", local.name)';
    const e = valueOf(text);
    expect(e).toMatchObject({ k: "call", name: "provider::azapi::build_resource_id" });
    if (e.k === "call") expect(src(text, e.nameSpan)).toBe("provider::azapi::build_resource_id");
    expect(errorOf("a = f(x..., y)")).toMatch(/^1:11 expected '\)' after '\.\.\.'/);
  });

  test("traversals: attribute, index, legacy index, splats", () => {
    expect(shape(valueOf('a = x.y[0]["k"]'))).toMatchObject({ k: "index", i: { k: "template" }, x: { k: "index", i: { k: "num", v: 0 }, legacy: false, x: { k: "attr", name: "y" } } });
    expect(shape(valueOf("a = azurerm_virtual_machine.example.storage_os_disk.0.vhd_uri"))).toMatchObject({ k: "attr", name: "vhd_uri", x: { k: "index", legacy: true, i: { v: 0 } } });
    expect(shape(valueOf("a = x[*].id[0]"))).toEqual({
      k: "splat",
      attrOnly: false,
      x: { k: "var", name: "x" },
      each: { k: "index", legacy: false, i: { k: "num", v: 0, raw: "0" }, x: { k: "attr", name: "id", x: { k: "anon" } } },
    });
    // An attribute-only splat takes attributes only; the [0] indexes its result.
    expect(shape(valueOf("a = x.*.id[0]"))).toMatchObject({ k: "index", x: { k: "splat", attrOnly: true, each: { k: "attr", name: "id", x: { k: "anon" } } } });
    const text = "a = random_password.p[*].result";
    const e = valueOf(text);
    expect(src(text, e)).toBe("random_password.p[*].result");
    if (e.k === "splat") expect(src(text, e.each.k === "attr" ? e.each.x : e)).toBe("[*]");
    expect(errorOf("a = foo.0.1.bar")).toMatch(/^1:9 chained legacy indexes \(\.0\.1\) are not valid: write \[0\]\[1\]/);
    expect(errorOf("a = x.*.*")).toMatch(/^1:9 a splat \(\.\*\) cannot be nested/);
    expect(errorOf('a = x."y"')).toMatch(/^1:7 expected an attribute name after '\.', found a string/);
  });

  test("for expressions: tuple and object, key and value, grouping, condition", () => {
    expect(shape(valueOf("a = [for v in var.list : upper(v)]"))).toMatchObject({ k: "for", obj: false, valVar: { name: "v" }, coll: { k: "attr" }, val: { k: "call" }, group: false });
    const text = "a = {\n  for k, v in var.m :\n  k => v...\n  if v != null\n}";
    const e = valueOf(text);
    expect(e).toMatchObject({ k: "for", obj: true, keyVar: { name: "k" }, valVar: { name: "v" }, key: { k: "var" }, val: { k: "var" }, cond: { k: "binary", op: "!=" }, group: true });
    if (e.k === "for") expect([at(text, e.keyVar!.o), at(text, e.valVar.o)]).toEqual(["2:7", "2:10"]);
    expect(valueOf("a = [for x in y : x if x]")).toMatchObject({ k: "for", cond: { k: "var" } });
    expect(errorOf("a = [for k, v in m : k => v]")).toMatch(/^1:22 a key \(=>\) is only valid/);
    expect(errorOf("a = {for v in m : v}")).toMatch(/^1:19 a 'for' that builds an object needs a key/);
    expect(errorOf("a = {for = 1}")).toMatch(/^1:10 expected a variable name after 'for', found '='/);
    expect(valueOf('a = {"for" = 1}')).toMatchObject({ k: "object" });
  });
});

describe("templates", () => {
  test("escapes, $${ and %%{", () => {
    expect(str(valueOf('a = "tab\\t quote\\" back\\\\ \\u00e9 \\U0001F600 $${x} %%{y} $ %"'))).toBe('tab\t quote" back\\ é 😀 ${x} %{y} $ %');
    expect(str(valueOf('a = ""'))).toBe("");
    expect(errorOf('a = "bad \\q"')).toMatch(/^1:10 invalid escape sequence '\\q'/);
    expect(errorOf('a = "\\u12"')).toMatch(/^1:6 invalid escape sequence: \\u must be followed by 4 hexadecimal digits/);
  });

  test("interpolations with their spans; expressions inside span lines and hold strings and braces", () => {
    const text = 'a = "${var.prefix}-pool-${ {b = "}"}.b }"';
    const e = valueOf(text);
    expect(parts(e)).toEqual([
      { p: "interp", x: { k: "attr", x: { k: "var", name: "var" }, name: "prefix" } },
      { p: "lit", v: "-pool-" },
      { p: "interp", x: { k: "attr", name: "b", x: { k: "object", items: [{ bare: "b", key: { k: "var", name: "b" }, value: { k: "template", parts: [{ p: "lit", v: "}" }] } }] } } },
    ]);
    const [first] = (e as TemplateExpr).parts;
    expect(src(text, first!)).toBe("${var.prefix}");
    expect(parts(valueOf('a = "${\n  x\n}"'))).toEqual([{ p: "interp", x: { k: "var", name: "x" } }]);
  });

  test("if and for directives, nested, with else", () => {
    const e = valueOf('a = "%{ if var.on }on%{ else }off%{ endif }/%{ for i, s in xs }${i}=${s},%{ endfor }"');
    expect(parts(e)).toEqual([
      { p: "if", cond: { k: "attr", name: "on", x: { k: "var", name: "var" } }, a: [{ p: "lit", v: "on" }], b: [{ p: "lit", v: "off" }] },
      { p: "lit", v: "/" },
      {
        p: "for",
        keyVar: { name: "i" },
        valVar: { name: "s" },
        coll: { k: "var", name: "xs" },
        body: [
          { p: "interp", x: { k: "var", name: "i" } },
          { p: "lit", v: "=" },
          { p: "interp", x: { k: "var", name: "s" } },
          { p: "lit", v: "," },
        ],
      },
    ]);
  });

  test("strip markers trim the adjacent literal only", () => {
    expect(parts(valueOf('a = "hello ${~ "world" }  !"'))).toEqual([
      { p: "lit", v: "hello" },
      { p: "interp", x: { k: "template", parts: [{ p: "lit", v: "world" }] } },
      { p: "lit", v: "  !" },
    ]);
    expect(parts(valueOf('a = "%{ if true ~}  hello  %{~ endif }"'))).toEqual([{ p: "if", cond: { k: "bool", v: true }, a: [{ p: "lit", v: "hello" }] }]);
    expect(parts(valueOf('a = "${"hello " ~}${" world"}"'))).toMatchObject([{ p: "interp" }, { p: "interp" }]);
  });

  test("unbalanced or unknown directives are located errors", () => {
    expect(errorOf('a = "%{ if x }y"')).toMatch(/^1:6 %\{ if \} is not closed/);
    expect(errorOf('a = "x%{ endfor }"')).toMatch(/^1:7 %\{ endfor \} without a matching %\{ for \}/);
    expect(errorOf('a = "%{ for x in y }%{ endif }%{ endfor }"')).toMatch(/^1:21 %\{ endif \} without a matching %\{ if \} \(the %\{ for \} before it is not closed\)/);
    expect(errorOf('a = "%{ if x }%{ else }%{ else }%{ endif }"')).toMatch(/^1:24 a second %\{ else \}/);
    expect(errorOf('a = "%{ when x }"')).toMatch(/^1:9 unknown template directive 'when'/);
    expect(errorOf('a = "${x y}"')).toMatch(/^1:10 expected '}' closing the '\$\{', found 'y'/);
  });
});

describe("heredocs", () => {
  test("<<EOT keeps its text; the closing marker may be indented; the newline after it ends the attribute", () => {
    const text = "a = <<EOF\n      startingNumberOfVMs = 1;\n  $TargetDedicatedNodes=min(${x}, 2);\n  EOF\nb = 1\n";
    const e = valueOf(text);
    expect(parts(e)).toEqual([
      { p: "lit", v: "      startingNumberOfVMs = 1;\n  $TargetDedicatedNodes=min(" },
      { p: "interp", x: { k: "var", name: "x" } },
      { p: "lit", v: ", 2);\n" },
    ]);
    expect(e).toMatchObject({ heredoc: { marker: "EOF", flush: false } });
    expect(src(text, e)).toBe("<<EOF\n      startingNumberOfVMs = 1;\n  $TargetDedicatedNodes=min(${x}, 2);\n  EOF");
    expect(attrs(parseHclText(text).body).map((x) => x.name)).toEqual(["a", "b"]);
  });

  test("<<-EOT removes the smallest indent of its lines; blank lines do not count; no escapes but $${", () => {
    const text = ["x {", "  a = <<-EOT", "      first \\n", "", "        second ${v}", "    $${literal}", "      EOT", "}", ""].join("\n");
    const block = blocks(parseHclText(text).body)[0]!;
    expect(parts(attrs(block.body)[0]!.value)).toEqual([
      { p: "lit", v: "  first \\n\n\n    second " },
      { p: "interp", x: { k: "var", name: "v" } },
      { p: "lit", v: "\n${literal}\n" },
    ]);
  });

  test("<<-EOT with directives and strip markers, as hclsyntax reads them", () => {
    const e = valueOf("a = <<-EOT\n  %{ for ip in ips ~}\n  server ${ip}\n  %{ endfor ~}\n  EOT\n");
    // The ~} eats the directive line's newline, so the next line's indent is not at a line start: HCL keeps it.
    expect(parts(e)).toEqual([
      { p: "lit", v: "" },
      {
        p: "for",
        valVar: { name: "ip" },
        coll: { k: "var", name: "ips" },
        body: [
          { p: "lit", v: "  server " },
          { p: "interp", x: { k: "var", name: "ip" } },
          { p: "lit", v: "\n" },
        ],
      },
      { p: "lit", v: "" },
    ]);
  });

  test("a heredoc inside a list and a call, a CRLF heredoc, an empty heredoc", () => {
    const e = valueOf('a = ["bash", "-c", <<-EOT\n    set -e\n    echo "${var.x}"\n  EOT\n]');
    expect(e).toMatchObject({ k: "tuple", items: [{ k: "template" }, { k: "template" }, { k: "template", heredoc: { flush: true } }] });
    expect(parts((e as Extract<Expr, { k: "tuple" }>).items[2]!)).toEqual([
      { p: "lit", v: 'set -e\necho "' },
      { p: "interp", x: { k: "attr", name: "x", x: { k: "var", name: "var" } } },
      { p: "lit", v: '"\n' },
    ]);
    expect(valueOf("a = base64encode(<<EOT\nx\nEOT\n)")).toMatchObject({ k: "call", args: [{ k: "template", parts: [{ p: "lit", v: "x\n" }] }] });
    expect(str(valueOf("a = <<EOT\r\nline\r\nEOT\r\n"))).toBe("line\r\n");
    expect(str(valueOf("a = <<EOT\nEOT\n"))).toBe("");
  });
});

describe("comments", () => {
  test("#, // and /* */ are kept with their offsets; none inside strings or heredocs", () => {
    const text = '# batchlint-disable-next-line BATCH001\na = 1 // trailing\nb = /* inline */ "# not a comment"\nc = <<EOT\n// not one either\nEOT\n/* multi\n line */\n';
    const { comments, body } = parseHclText(text);
    expect(comments.map((c) => [text.slice(c.offset, c.offset + c.length), at(text, c.offset), c.block])).toEqual([
      ["# batchlint-disable-next-line BATCH001", "1:1", false],
      ["// trailing", "2:7", false],
      ["/* inline */", "3:5", true],
      ["/* multi\n line */", "7:1", true],
    ]);
    expect(attrs(body).map((a) => a.name)).toEqual(["a", "b", "c"]);
    expect(str(attrs(body)[1]!.value)).toBe("# not a comment");
  });

  test("a line comment ends the line it is on; a comment inside an expression is space", () => {
    expect(attrs(parseHclText("a = 1 # one\nb = [1, # x\n 2]\nc = f(/* arg */ 1)\n").body).map((a) => a.name)).toEqual(["a", "b", "c"]);
    expect(errorOf("a = 1 /* b = 2 */ c = 3\n")).toMatch(/^1:19 expected a new line after the argument, found 'c'/);
  });
});

describe("syntax errors are located", () => {
  test.each([
    ["unclosed block", 'resource "a" "b" {\n  x = 1\n', "1:18 unclosed block: no '}' for this '{' before the end of the file"],
    ["bad token", "a = 1 @ 2\n", "1:7 unexpected character '@'"],
    ["unterminated string", 'a = "abc\nb = 1\n', "1:9 a quoted string cannot span lines"],
    ["unterminated string at the end", 'a = "abc', "1:5 unterminated string"],
    ["unterminated heredoc", "a = <<EOT\nabc\n", "1:5 unterminated heredoc: no line with only 'EOT'"],
    ["heredoc marker not ending its line", "a = <<EOT x\n", "1:5 invalid heredoc: the marker must end its line"],
    ["missing value", "a =\n", "1:4 expected an expression, found end of line"],
    ["two values", "a = 1 2\n", "1:7 expected a new line after the argument, found '2'"],
    ["attributes on one line", "a = 1 b = 2\n", "1:7 expected a new line after the argument, found 'b'"],
    ["a comma between attributes", "a = 1,\nb = 2\n", "1:6 arguments are separated by new lines, not commas"],
    ["an attribute set twice", "a = 1\nb = 2\na = 3\n", "3:1 argument 'a' is set twice in this body (first on line 1)"],
    ["a quoted attribute name", '"a" = 1\n', "1:1 an argument name cannot be quoted"],
    ["a block's brace on the next line", 'resource "a" "b"\n{\n}\n', "1:17 a block's '{' must be on the same line"],
    ["two attributes in a one-line block", "b { x = 1, y = 2 }\n", "1:10 a one-line block holds one argument"],
    ["a nested block in a one-line block", "b { c {} }\n", "1:7 a one-line block can hold only one argument"],
    ["a block closed on its last attribute's line", "b {\n  x = 1 }\n", "2:9 expected a new line after the argument, found '}'"],
    ["an unclosed tuple", "a = [1, 2\nb = 3\n", "2:1 expected ',' or ']' after the item, found 'b'"],
    ["an unclosed interpolation", 'a = "${x"\n', "1:10 a quoted string cannot span lines"],
    ["an unclosed interpolation at the end", "a = <<EOT\n${x\n", "2:1 unclosed template sequence"],
    ["a missing object separator", "a = { b = 1 c = 2 }\n", "1:13 expected a new line or ',' after the object item, found 'c'"],
    ["a conditional without its false value", "a = x ? 1\n", "1:10 expected ':' and the value of the conditional when false, found end of line"],
    ["an unterminated block comment", "a = 1 /* x\n", "1:7 unterminated comment"],
    ["a stray closing brace", "}\n", "1:1 expected an argument (name = value) or a block, found '}'"],
    ["${ outside a string", "a = ${x}\n", "1:5 '${' is only valid inside a string or heredoc"],
  ])("%s", (_name, text, want) => {
    expect(errorOf(text).startsWith(want), errorOf(text)).toBe(true);
  });

  test("parseHcl throws an InputError with the file, line and column (exit 2), without quoting string values", () => {
    try {
      parseHcl('a = "hunter2-secret" "x"\n', "main.tf");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect(e).toMatchObject({ file: "main.tf", line: 1, column: 22, code: "terraform-syntax", message: "Terraform syntax error: expected a new line after the argument, found a string" });
    }
    expect(() => parseHcl("a = 1\u0000", "x.tf")).toThrow(expect.objectContaining({ code: "invalid-encoding", line: 1, column: 6 }));
  });
});

describe("hostile input", () => {
  test.each([
    ["brackets", "["],
    ["parentheses", "("],
    ["objects", "{a = "],
    ["function calls", "f("],
    ["unary operators", "!"],
    ["interpolations", '"${'],
    ["directives", '"%{ if x }'],
    ["splats", "x[*]"],
  ])("100,000 nested %s: a located error, not a stack overflow", (_name, open) => {
    const text = `a = ${open.repeat(100_000)}`;
    const t = performance.now();
    expect(() => parseHclText(text)).toThrow(HclSyntaxError);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  test("100,000 nested blocks: a located error", () => {
    expect(errorOf("b {\n".repeat(100_000))).toBe("257:1 nested or chained more than 256 levels deep");
  });

  test.each([
    ["operators", "1 + ".repeat(100_000)],
    ["traversals", `x${".a".repeat(100_000)}`],
    ["indexes", `x${"[0]".repeat(100_000)}`],
    ["attribute splats", `x.*${".a".repeat(100_000)}`],
  ])("100,000 chained %s: a located error (the tree would be as deep)", (_name, expr) => {
    expect(() => parseHclText(`a = ${expr}1`)).toThrow(/nested or chained more than 256 levels deep/);
  });

  test(`nesting up to the limit parses (${MAX_DEPTH} levels is far beyond real files)`, () => {
    const depth = 60;
    expect(valueOf(`a = ${"[".repeat(depth)}${"]".repeat(depth)}`).k).toBe("tuple");
    expect(valueOf(`a = ${'"${'.repeat(depth)}x${'}"'.repeat(depth)}`).k).toBe("template");
    const blocksDeep = `${"b {\n".repeat(depth)}${"}\n".repeat(depth)}`;
    expect(parseHclText(blocksDeep).body.items).toHaveLength(1);
  });

  test("1 MB of attributes parses in well under a second", () => {
    const lines: string[] = [];
    for (let i = 0; lines.length * 11 < 1_000_000; i++) lines.push(`a${i.toString(36).padStart(4, "0")} = "x"`);
    const text = `${lines.join("\n")}\n`;
    expect(text.length).toBeGreaterThan(1_000_000);
    const t = performance.now();
    const body = parseHclText(text).body;
    expect(performance.now() - t).toBeLessThan(1000);
    expect(body.items).toHaveLength(lines.length);
  });

  test("every prefix of the real files parses or fails with a located error, never a crash or a hang", () => {
    for (const { text } of realFiles()) {
      for (let cut = 0; cut < text.length; cut += 3) {
        const prefix = text.slice(0, cut);
        try {
          parseHclText(prefix);
        } catch (e) {
          if (!(e instanceof HclSyntaxError)) throw e;
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.offset).toBeLessThanOrEqual(prefix.length);
        }
      }
    }
  });

  test("random bytes mutated into real files never crash or hang", () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pool = ' \n"${}%[]().,:?=<>!~#/*-\\ae0';
    for (const { text } of realFiles()) {
      for (let round = 0; round < 150; round++) {
        const chars = [...text];
        for (let k = 0; k < 3; k++) chars.splice(rand(chars.length), rand(2), pool[rand(pool.length)]!);
        try {
          parseHclText(chars.join(""));
        } catch (e) {
          if (!(e instanceof HclSyntaxError)) throw e;
        }
      }
    }
  });
});

const REAL = path.join(repoRoot, "test/fixtures/terraform/real");
function realFiles(): { file: string; text: string }[] {
  return (fs.readdirSync(REAL, { recursive: true }) as string[])
    .filter((f) => /\.tf(vars)?$/.test(f))
    .sort()
    .map((f) => ({ file: f.split(path.sep).join("/"), text: fs.readFileSync(path.join(REAL, f), "utf8") }));
}

describe("real files", () => {
  test.each(realFiles().map((r) => [r.file, r.text]))("%s parses without error", (file, text) => {
    const { body } = parseHcl(text, file);
    expect(body.items.length).toBeGreaterThan(0);
  });

  test("what the Batch example and the Verified Module hold, where they hold it", () => {
    const basic = realFiles().find((r) => r.file === "azurerm-examples-batch/basic/main.tf")!.text;
    const pools = blocks(parseHclText(basic).body).filter((b) => b.labels[0]?.v === "azurerm_batch_pool");
    expect(pools.map((p) => p.labels[1]!.v)).toEqual(["fixed", "autopool"]);
    const autoScale = blocks(pools[1]!.body).find((b) => b.type === "auto_scale")!;
    const formula = attrs(autoScale.body).find((a) => a.name === "formula")!;
    expect(str(formula.value)).toMatch(/^ {6}startingNumberOfVMs = 1;\n[\s\S]*\$TargetDedicatedNodes=min\(maxNumberofVMs, pendingTaskSamples\);\n$/);
    expect(at(basic, formula.o)).toBe("78:5");

    const avm = realFiles().find((r) => r.file === "avm-res-batch-batchaccount/main.tf")!.text;
    const { body, comments } = parseHclText(avm);
    const account = blocks(body).find((b) => b.labels[0]?.v === "azurerm_batch_account")!;
    const dynamics = blocks(account.body).filter((b) => b.type === "dynamic");
    expect(dynamics.map((d) => d.labels[0]!.v)).toEqual(["encryption", "identity", "key_vault_reference", "network_profile"]);
    const networkContent = blocks(dynamics[3]!.body)[0]!;
    const ipRule = blocks(blocks(blocks(networkContent.body)[0]!.body)[0]!.body)[0]!;
    expect([ipRule.type, ipRule.labels[0]!.v, at(avm, ipRule.o)]).toEqual(["dynamic", "ip_rule", "74:11"]);
    expect(comments).toHaveLength(6);
  });
});
