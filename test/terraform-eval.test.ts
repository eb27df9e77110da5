// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are HCL text, whose interpolation is ${...}
/**
 * The Terraform expression evaluator (src/input/terraform/eval/): operators, templates and heredocs, for and
 * splat, access, functions (normal and edge cases), unknown propagation, and errors reported as an Unknown.
 */
import { describe, expect, test } from "vitest";
import { EvalError } from "../src/input/terraform/eval/values.js";
import { evaluate, mapScope } from "../src/input/terraform/eval/evaluate.js";
import { parseHclText } from "../src/input/terraform/parser.js";
import { isUnknown, newObject, PartialArray, Unknown, type Value } from "../src/model/value.js";

const U = new Unknown("known after apply");

function obj(o: Record<string, Value>): Value {
  const r = newObject();
  for (const [k, v] of Object.entries(o)) r[k] = v;
  return r;
}

const scope = mapScope({
  var: obj({ name: "batch", n: 3, flag: true, list: ["a", "b", "a"], m: obj({ x: 1, y: 2 }), u: U, nul: null, nums: [3, 1, 2] }),
  local: obj({ tags: obj({ env: "prod" }), items: [obj({ id: "1", v: "p" }), obj({ id: "2", v: "q" })] }),
  azurerm_storage_account: obj({ sa: obj({ id: U, name: "sa1" }) }),
  each: obj({ key: "k1", value: "v1" }),
  count: obj({ index: 0 }),
});

function ev(expr: string): Value {
  const body = parseHclText(`x = ${expr}\n`).body;
  const item = body.items[0];
  if (item?.kind !== "attr") throw new Error("no attribute");
  return evaluate(item.value, scope);
}

function show(v: Value): string {
  return v instanceof Unknown ? v.toString() : JSON.stringify(v);
}

/** Asserts a plain (JSON-comparable) value. */
function is(expr: string, want: unknown): void {
  const v = ev(expr);
  expect(isUnknown(v), `${expr} → ${show(v)}`).toBe(false);
  expect(JSON.parse(JSON.stringify(v))).toEqual(want);
}
function unknownNotError(expr: string): void {
  const v = ev(expr);
  expect(v, expr).toBeInstanceOf(Unknown);
  expect(v, expr).not.toBeInstanceOf(EvalError);
}
function error(expr: string, reason?: RegExp): void {
  const v = ev(expr);
  expect(v, `${expr} → ${show(v)}`).toBeInstanceOf(EvalError);
  if (reason) expect((v as Unknown).reason).toMatch(reason);
}

describe("literals and operators", () => {
  test.each([
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["7 % 3", 1],
    ["7 / 2", 3.5],
    ['"5" + 1', 6],
    ["-var.n", -3],
    ["!true", false],
    ["1 < 2", true],
    ["2 <= 2", true],
    ["3 > 4", false],
    ["3 >= 4", false],
    ["true && false", false],
    ["false || true", true],
    ['1 == "1"', false],
    ["[1, {a = [2]}] == [1, {a = [2]}]", true],
    ["{a = 1} != {a = 2}", true],
    ["null == null", true],
    ['var.n > 2 ? "big" : "small"', "big"],
    ['"true" ? 1 : 2', 1],
  ])("%s", (e, want) => is(e, want));
  test("errors", () => {
    error("1 / 0", /division by zero/);
    error('"a" + 1', /number is required/);
    error("null + 1");
    error("1 ? 2 : 3", /bool is required/);
  });
});

describe("unknown propagation", () => {
  test("short-circuit and branches", () => {
    is("false && var.u", false);
    is("var.u && false", false);
    is("true || var.u", true);
    unknownNotError("true && var.u");
    is("true ? 1 : var.u", 1);
    is("false ? var.u.nope : 2", 2);
    unknownNotError("var.u ? 1 : 2");
    unknownNotError("var.u + 1");
    unknownNotError("var.u == 1");
    unknownNotError("var.u.deep[0].x");
    unknownNotError("azurerm_storage_account.sa.id");
    is("azurerm_storage_account.sa.name", "sa1");
  });
  test("what is read from a partly known value is a plain Unknown (the known part does not leak)", () => {
    const s = mapScope({ p: new PartialArray("partly known", ["a"], 1) });
    for (const e of ["p[0]", "p + 1", "tolist(p)", '"a${p}"']) {
      const item = parseHclText(`x = ${e}\n`).body.items[0];
      if (item?.kind !== "attr") throw new Error("no attribute");
      const v = evaluate(item.value, s);
      expect(v, e).toBeInstanceOf(Unknown);
      expect(v, e).not.toBeInstanceOf(PartialArray);
    }
  });
  test("functions", () => {
    is('coalesce("x", var.u)', "x");
    is('coalesce(null, "", "y")', "y");
    unknownNotError('coalesce(var.u, "x")');
    unknownNotError('try(var.u, "d")');
    unknownNotError("can(var.u)");
    is("length([var.u, 1])", 2);
    is('contains([var.u, "a"], "a")', true);
    unknownNotError('contains([var.u], "a")');
    is("alltrue([var.u, false])", false);
    is("anytrue([var.u, true])", true);
    unknownNotError("upper(var.u)");
    unknownNotError("jsonencode({a = var.u})");
    unknownNotError("concat(var.u, [1])");
    is("concat([var.u], [1])[1]", 1);
    unknownNotError("provider::azapi::build_resource_id(1)");
    expect((ev("nosuchfn(1)") as Unknown).reason).toMatch(/nosuchfn/);
    unknownNotError('"a-${var.u}"');
    unknownNotError("[for x in var.u : x]");
    unknownNotError("{ (var.u) = 1 }");
  });
});

describe("access", () => {
  test("attributes, indexes, references", () => {
    is("var.name", "batch");
    is("var.list[1]", "b");
    is("var.list.1", "b");
    is('var.m["y"]', 2);
    is("local.tags.env", "prod");
    is("each.key", "k1");
    is("count.index", 0);
    is('{a = 1}["a"]', 1);
  });
  test("errors are Unknowns with a reason, not throws", () => {
    error("var.missing", /no attribute 'missing'/);
    error("var.list[5]", /out of range/);
    error('var.m["z"]', /no element/);
    error("var.nul.x", /null/);
    error("nope.x", /undeclared name 'nope'/);
    error("var.name[0]", /cannot be indexed/);
  });
});

describe("templates", () => {
  test("interpolation converts numbers and bools", () => {
    is('"${var.name}-${var.n}-${var.flag}-${1.5}"', "batch-3-true-1.5");
    is('"${var.m}"', { x: 1, y: 2 });
    error('"a${var.nul}"', /null/);
    error('"a${var.list}"', /string is required/);
  });
  test("directives", () => {
    is('"%{if var.flag}yes%{else}no%{endif}"', "yes");
    is('"%{if !var.flag}yes%{endif}!"', "!");
    is('"%{for i, x in var.nums}${i}=${x},%{endfor}"', "0=3,1=1,2=2,");
    is('"%{for k, v in var.m}${k}${v}%{endfor}"', "x1y2");
    unknownNotError('"%{if var.u}a%{endif}"');
  });
  test("heredocs", () => {
    is("<<EOT\nhello ${var.name}\nEOT", "hello batch\n");
    is('<<EOT\n%{ for x in ["a", "b"] ~}\n${x}\n%{~ endfor ~}\nEOT', "ab");
    is("<<-EOT\n    a\n      %{if var.flag}b%{endif}\n    EOT", "a\n  b\n");
  });
});

describe("for and splat", () => {
  test("for expressions", () => {
    is("[for x in var.nums : x * 2]", [6, 2, 4]);
    is("[for x in var.nums : x if x > 1]", [3, 2]);
    is("[for i, x in var.list : i]", [0, 1, 2]);
    is("{for k, v in var.m : v => k}", { "1": "x", "2": "y" });
    is("{for x in var.list : x => x...}", { a: ["a", "a"], b: ["b"] });
    is("{for o in local.items : o.id => o.v}", { "1": "p", "2": "q" });
    error("{for x in var.list : x => 1}", /duplicate key/);
    error("[for x in 1 : x]", /list, set, map or object/);
    unknownNotError("[for x in var.nums : x if var.u]");
  });
  test("splats", () => {
    is("local.items[*].id", ["1", "2"]);
    is("local.items.*.v", ["p", "q"]);
    is("var.nul[*]", []);
    is("var.m[*].x", [1]);
    is("length(var.nul[*])", 0);
    error("local.items[*].nope", /no attribute/);
  });
});

describe("functions", () => {
  test.each([
    ['try(var.missing, "d")', "d"],
    ["try(var.list[9], var.m.z, 3)", 3],
    ["can(var.list[9])", false],
    ["can(var.list[0])", true],
    ["coalescelist([], [1])", [1]],
    ['lookup(var.m, "x", 0)', 1],
    ['lookup(var.m, "z", 0)', 0],
    ["merge({a = 1, b = 1}, null, {b = 2})", { a: 1, b: 2 }],
    ["concat([1], [], [2, 3])", [1, 2, 3]],
    ['contains(var.list, "c")', false],
    ['toset(["b", "a", "b"])', ["a", "b"]],
    ["toset([3, 1, 3])", [1, 3]],
    ['toset([1, "a"])', ["1", "a"]],
    ["tolist([1])", [1]],
    ["tomap({a = 1})", { a: 1 }],
    ["tostring(1)", "1"],
    ["tostring(null)", null],
    ['tonumber("2.5")', 2.5],
    ['tobool("true")', true],
    ['jsonencode({b = [1, true, null], a = "<&>"})', '{"a":"\\u003c\\u0026\\u003e","b":[1,true,null]}'],
    ['jsondecode("{\\"a\\": [1, \\"x\\"]}")', { a: [1, "x"] }],
    ['format("%s-%d-%v-%q-%%", "a", 2, true, "q")', 'a-2-true-"q"-%'],
    ['format("%v", [1, "a"])', '[1,"a"]'],
    ['join(",", ["a", "b"], ["c"])', "a,b,c"],
    ['join(",", [])', ""],
    ['split(",", "a,b,,c")', ["a", "b", "", "c"]],
    ['split(",", "")', [""]],
    ['length("héllo")', 5],
    ["length(var.m)", 2],
    ["keys({b = 1, a = 2})", ["a", "b"]],
    ["values({b = 1, a = 2})", [2, 1]],
    ["element([1, 2, 3], 4)", 2],
    ["flatten([[1, [2]], [], 3])", [1, 2, 3]],
    ["distinct([1, 2, 1, 3])", [1, 2, 3]],
    ['distinct([{a = 1, b = [2]}, {b = [2], a = 1}, 1, "1"])', [{ a: 1, b: [2] }, 1, "1"]],
    ['upper("aB")', "AB"],
    ['lower("aB")', "ab"],
    ['replace("a-b-c", "-", "_")', "a_b_c"],
    ['replace("a1b22", "/[0-9]+/", "#")', "a#b#"],
    ['replace("ab", "/(a)(b)/", "$2$1")', "ba"],
    ['replace("ab", "/(a)(?P<x>b)/", "$${x}$${1}")', "ba"],
    ['substr("hello", 1, 3)', "ell"],
    ['substr("hello", -3, -1)', "llo"],
    ['startswith("abc", "ab")', true],
    ['endswith("abc", "bc")', true],
    ['trimspace("  a \\n")', "a"],
    ['trim("?!a?!", "!?")', "a"],
    ['trimprefix("abc", "ab")', "c"],
    ['trimsuffix("abc", "bc")', "a"],
    ["range(3)", [0, 1, 2]],
    ["range(1, 4)", [1, 2, 3]],
    ["range(5, 0, -2)", [5, 3, 1]],
    ["range(3, 0)", [3, 2, 1]],
    ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
    ["one([])", null],
    ["one([4])", 4],
    ['compact(["a", "", null, "b"])', ["a", "b"]],
    ["sum([1, 2, 3.5])", 6.5],
    ["min(3, 1, 2)", 1],
    ["max(var.nums...)", 3],
    ["abs(-2)", 2],
    ["ceil(1.2)", 2],
    ["floor(1.8)", 1],
    ['base64encode("héllo")', "aMOpbGxv"],
    ['base64decode("aMOpbGxv")', "héllo"],
    ["alltrue([])", true],
    ["anytrue([])", false],
    ['setunion(["b"], ["a", "b"])', ["a", "b"]],
    ['setintersection(["a", "b"], ["b", "c"])', ["b"]],
    ['setintersection(["a", "b", "c"], ["b", "c"], ["c"])', ["c"]],
    ["slice([1, 2, 3, 4], 1, 3)", [2, 3]],
    ["reverse([1, 2, 3])", [3, 2, 1]],
    ['sort(["b", "a", "c"])', ["a", "b", "c"]],
    ["sort([10, 9])", ["10", "9"]],
    ['index(["a", "b"], "b")', 1],
    ["min([5, 4]...)", 4],
  ])("%s", (e, want) => is(e, want));

  test.each([
    ["try(var.missing)", /no argument/],
    ['coalesce(null, "")', /no non-null/],
    ['lookup(var.m, "z")', /no key/],
    ["element([], 0)", /empty/],
    ["one([1, 2])", /2 elements/],
    ["sum([])", /empty/],
    ['jsondecode("{")', /jsondecode/],
    ['format("%d", 1.5)', /fractional/],
    ['format("%s")', /not enough/],
    ['format("%s", "a", "b")', /too many/],
    ['base64decode("***")', /base64/],
    ['index(["a"], "z")', /not in the list/],
    ["slice([1], 0, 5)", /invalid/],
    ['zipmap(["a"], [])', /differ/],
    ['tonumber("x")', /number is required/],
    ["upper()", /takes 1/],
    ["max(1...)", /must be a list/],
    ["range(1, 2, 0)", /zero/],
  ])("%s is an error", (e, r) => error(e, r));
});

describe("hostile input", () => {
  test("a regular expression JavaScript cannot compile is unknown, not an error (RE2 may accept it)", () => {
    unknownNotError('replace("a", "/(/", "")');
  });
  test("huge ranges are refused as unknown with a reason", () => {
    const v = ev("range(1e9)");
    expect(v).toBeInstanceOf(Unknown);
    expect((v as Unknown).reason).toMatch(/range/);
    // Terraform's own limit (cty's range: "more than 1024 values were generated")
    is("length(range(1024))", 1024);
    expect(ev("range(1025)")).toBeInstanceOf(Unknown);
  });
  test("deep nesting is bounded (an Unknown, no stack overflow)", () => {
    let e = "1";
    for (let i = 0; i < 150; i++) e = `[${e}]`;
    // nested flatten/jsonencode within the parser's own depth limit still evaluate
    expect(isUnknown(ev(`jsonencode(${e})`))).toBe(false);
    const s = mapScope({ v: 1 });
    const deep = parseHclText(`x = ${"(".repeat(250)}v${")".repeat(250)}\n`).body.items[0];
    if (deep?.kind !== "attr") throw new Error("no attribute");
    expect(evaluate(deep.value, s)).toBeInstanceOf(Unknown);
  });
  test("strings are bounded: exponential replace and long templates are unknown (limit), not errors", () => {
    let e = '"aaaaaaaaaa"';
    for (let i = 0; i < 8; i++) e = `replace(${e}, "a", "aaaaaaaaaa")`;
    const v = ev(e);
    expect(v).toBeInstanceOf(Unknown);
    expect(v).not.toBeInstanceOf(EvalError);
    expect((v as Unknown).reason).toMatch(/limit/);
    unknownNotError(`try(${e}, "d")`);
  });
  test("deeply nested JSON is a limit, not a crash", () => {
    const v = ev(`jsondecode("${"[".repeat(5000)}${"]".repeat(5000)}")`);
    expect(v).toBeInstanceOf(Unknown);
    expect(v).not.toBeInstanceOf(EvalError);
  });
  test("the element budget bounds nested for-expressions", () => {
    const v = ev("[for a in range(1000) : [for b in range(1000) : b]]");
    expect(v).toBeInstanceOf(Unknown);
    expect((v as Unknown).reason).toMatch(/limit/);
  });
});
