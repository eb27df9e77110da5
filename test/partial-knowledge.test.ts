/**
 * Unknown values in templates as Microsoft writes them (issue 21): an expression that cannot be evaluated is unknown,
 * not an error; unknown flows through coalesce, tryGet, `.?`, if and empty; a partly known array or object keeps its
 * known part (union, concat, if, contains, length, empty, Prop.findItems), and BATCH001/BATCH002 decide on it when,
 * and only when, the known part decides. The unknowns come as they do in real templates: parameters without a value,
 * reference() outputs, nullable parameters.
 */
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintText } from "../src/pipeline/run.js";
import { ExprError, evaluateString, type ExprContext } from "../src/input/arm/expression/index.js";
import { loadTemplate } from "../src/input/arm/template.js";
import { parseDocument } from "../src/parse/document.js";
import { Unknown, isPartial, isUnknown, newObject, type Value } from "../src/model/value.js";

const batch = rules.filter((r) => ["BATCH001", "BATCH002"].includes(r.meta.id));

/** Parameters `u` (unknown), `n` (null), `arr` (unknown array) for expressions evaluated alone. */
function ctx(): ExprContext {
  const params: Record<string, Value> = { u: new Unknown("parameter 'u' has no value"), n: null };
  return {
    parameter: (n) => params[n]!,
    variable: () => null,
    copyIndex: () => 0,
    userFunction: () => undefined,
    resourceGroup: () => newObject(),
    subscription: () => newObject(),
    deployment: () => new Unknown("deployment"),
    environment: () => new Unknown("environment"),
    tenant: () => new Unknown("tenant"),
    managementGroup: () => new Unknown("mg"),
  };
}
const ev = (s: string): Value => evaluateString(s, ctx());
/** The value as JSON, every Unknown (a partly known one too) as "<unknown>". */
const shown = (s: string): unknown => JSON.parse(JSON.stringify(ev(s), (_k, v) => (v instanceof Unknown ? "<unknown>" : v)));

/** An account template whose properties, parameters and variables are given. */
function account(properties: Record<string, unknown>, parameters: Record<string, unknown> = {}, variables: Record<string, unknown> = {}): string {
  const resource = { type: "Microsoft.Batch/batchAccounts", apiVersion: "2024-07-01", name: "acct", location: "westeurope", properties };
  return JSON.stringify({ $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", contentVersion: "1.0.0.0", parameters, variables, resources: [resource] }, null, 2);
}

/** 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  expect(i).toBeGreaterThanOrEqual(0);
  return text.slice(0, i).split("\n").length;
}

describe("an expression that cannot be evaluated is unknown, not an error", () => {
  // As AVM modules compiled from Bicep write it: a nullable object parameter, read with tryGet and coalesce.
  const chain = (config: Record<string, unknown>) =>
    account(
      { publicNetworkAccess: "[variables('subnets')]", poolAllocationMode: "[variables('batch')]" },
      { config },
      {
        network: "[coalesce(tryGet(parameters('config'), 'network'), createObject())]",
        subnets: "[variables('network').subnets]",
        batch: "[tryGet(variables('network'), 'pools').batch]",
      },
    );

  test("coalesce(tryGet(nullable, 'network'), createObject()).subnets: no error, the values are unknown with the reason", () => {
    const text = chain({ type: "object", nullable: true });
    const r = lintText(text, "t.json", { rules, reportUnknown: true });
    expect(r.errors).toEqual([]);
    const notes = r.notes.map((n) => n.message);
    // --verbose: where (the variable whose expression fails) and why, once per place.
    expect(notes).toContain("/variables/subnets: cannot be evaluated, its value is unknown: property 'subnets' does not exist on the object in [variables('network').subnets]");
    expect(notes).toContain("/variables/batch: cannot be evaluated, its value is unknown: cannot read property 'batch' of null in [tryGet(variables('network'), 'pools').batch]");
    // --report-unknown: the rules that read them could not decide, and say why.
    expect(notes).toContain("BATCH005 could not decide: properties.publicNetworkAccess is unknown (cannot be evaluated: property 'subnets' does not exist on the object)");
    expect(r.findings.filter((f) => ["properties.publicNetworkAccess", "properties.poolAllocationMode"].includes(f.propertyPath))).toEqual([]);
  });

  test("the same chain over a parameter without a value stays unknown all along: no error, nothing to note", () => {
    const r = lintText(chain({ type: "object" }), "t.json", { rules, reportUnknown: true });
    expect(r.errors).toEqual([]);
    expect(r.notes.filter((n) => n.kind === "info")).toEqual([]);
    expect(r.notes.map((n) => n.message)).toContain("BATCH005 could not decide: properties.publicNetworkAccess is unknown (parameter 'config' has no value)");
  });

  test("errors ARM rejects whatever the values still are errors (exit 2): unknown function, argument count, undeclared parameter, cycle", () => {
    const cases: [string, RegExp][] = [
      ["[frobnicate(parameters('x'))]", /unknown function 'frobnicate'/],
      ["[toLower(parameters('x'), 'b')]", /toLower\(\) takes 1 argument/],
      ["[parameters('nope')]", /parameter 'nope' is not declared/],
      ["[variables('a')]", /variable 'a' refers to itself/],
      ["[concat('a']", /expected/],
    ];
    for (const [expr, message] of cases) {
      const r = lintText(account({ publicNetworkAccess: expr }, { x: { type: "string" } }, { a: "[variables('a')]" }), "t.json", { rules: batch });
      expect(
        r.errors.map((e) => e.message),
        expr,
      ).toEqual([expect.stringMatching(message)]);
    }
  });

  test("a value error inside a lambda or a user function's arguments is unknown too", () => {
    expect(shown("[map(createArray(1, 2), lambda('x', createObject().missing))]")).toEqual(["<unknown>", "<unknown>"]);
    expect(shown("[filter(createArray('a', 1), lambda('x', greater(lambdaVariables('x'), 0)))]")).toBe("<unknown>");
  });
});

describe("unknown flows through coalesce, tryGet, .?, if and empty", () => {
  test.each([
    ["[coalesce(parameters('u'), 'x')]", "<unknown>"],
    ["[coalesce(parameters('n'), parameters('u'), 'x')]", "<unknown>"],
    ["[coalesce('a', parameters('u'))]", "a"],
    ["[coalesce(parameters('n'), 'b')]", "b"],
    ["[tryGet(parameters('u'), 'network')]", "<unknown>"],
    ["[tryGet(createObject('a', 1), parameters('u'))]", "<unknown>"],
    ["[tryGet(createObject('a', 1), 'network')]", null],
    ["[tryGet(createObject('a', createObject('b', 2)), 'a', 'b')]", 2],
    // Safe access, as the parser reads it: `?.` and `?[` (parser.ts).
    ["[parameters('u')?.network]", "<unknown>"],
    ["[createObject('a', 1)?.network]", null],
    ["[parameters('u')?['network']]", "<unknown>"],
    ["[union(parameters('u'), createObject('a', 1))?.a]", 1],
    ["[union(parameters('u'), createObject('a', 1))?.b]", "<unknown>"],
    ["[if(parameters('u'), 'same', 'same')]", "same"],
    ["[if(parameters('u'), 'a', 'b')]", "<unknown>"],
    ["[empty(createObject('a', parameters('u')))]", false],
    ["[empty(createArray(parameters('u')))]", false],
    ["[empty(parameters('u'))]", "<unknown>"],
    ["[empty(createArray())]", true],
  ])("%s is %j", (expr, expected) => expect(shown(expr)).toEqual(expected));

  test("`??` is Bicep's (compiled to coalesce()): in a template it is a syntax error, which stays an error", () => {
    expect(() => ev("[parameters('u') ?? 'x']")).toThrow(ExprError);
  });
});

describe("partly known arrays and objects keep their known part", () => {
  test.each([
    // union(): its known start in order, the elements it certainly has.
    ["[contains(union(createArray('AAD', 'TaskAuthenticationToken'), parameters('u')), 'TaskAuthenticationToken')]", true],
    ["[contains(union(createArray('AAD'), parameters('u')), 'SharedKey')]", "<unknown>"],
    ["[union(createArray('a', 'b'), parameters('u'))[1]]", "b"],
    ["[union(createArray('a', 'b'), parameters('u'))[2]]", "<unknown>"],
    ["[first(union(createArray('a'), parameters('u')))]", "a"],
    ["[contains(array(union(createArray('a'), parameters('u'))), 'a')]", true],
    ["[contains(union(parameters('u'), createArray('x')), 'x')]", true],
    ["[union(parameters('u'), createArray('x'))[0]]", "<unknown>"],
    // An unknown element may equal a known one: union() may be shorter than it looks, and not even known to be longer.
    ["[contains(union(createArray(parameters('u')), createArray('a')), 'a')]", true],
    ["[equals(length(union(createArray(parameters('u')), createArray('a'))), 2)]", "<unknown>"],
    ["[length(union(createArray(parameters('u')), createArray(1)))]", "<unknown>"],
    ["[length(union(createArray(createObject('a', 1)), createArray(createObject('a', 1))))]", 1],
    // concat(): the elements before the first unknown one are its start.
    ["[concat(createArray('x', 'y'), parameters('u'))[1]]", "y"],
    ["[contains(concat(parameters('u'), createArray('x')), 'x')]", true],
    ["[concat(parameters('u'), createArray('x'))[0]]", "<unknown>"],
    ["[contains(concat(parameters('u'), createArray('x')), 'y')]", "<unknown>"],
    // if() with an unknown condition: what both branches have.
    ["[contains(if(parameters('u'), createArray('a', 'b'), createArray('b')), 'b')]", true],
    ["[contains(if(parameters('u'), createArray('a', 'b'), createArray('b')), 'a')]", "<unknown>"],
    ["[if(parameters('u'), createArray('a', 'b'), createArray('a'))[0]]", "a"],
    ["[contains(if(parameters('u'), createObject('k', 1, 'x', 2), createObject('k', 3)), 'k')]", true],
    ["[contains(if(parameters('u'), createObject('k', 1, 'x', 2), createObject('k', 3)), 'x')]", "<unknown>"],
    // length() bounds: decided when the known part decides.
    ["[greater(length(union(createArray('a', 'b'), parameters('u'))), 0)]", true],
    ["[less(length(union(createArray('a', 'b'), parameters('u'))), 2)]", false],
    ["[greaterOrEquals(length(concat(createArray('a'), parameters('u'))), 1)]", true],
    ["[greater(length(union(createArray('a', 'b'), parameters('u'))), 2)]", "<unknown>"],
    ["[equals(length(union(createArray('a'), parameters('u'))), 0)]", false],
    ["[equals(length(union(createArray('a'), parameters('u'))), 1)]", "<unknown>"],
    ["[greater(length(parameters('u')), 0)]", "<unknown>"],
    // empty(): a known element or member makes it non-empty.
    ["[empty(union(createArray('a'), parameters('u')))]", false],
    ["[empty(concat(parameters('u'), parameters('u')))]", "<unknown>"],
    ["[empty(union(createObject('a', 1), parameters('u')))]", false],
    // Objects: keys certainly present; a member an unknown object after it may replace is unknown.
    ["[contains(union(createObject('a', 1), parameters('u')), 'a')]", true],
    ["[contains(union(createObject('a', 1), parameters('u')), 'b')]", "<unknown>"],
    ["[union(parameters('u'), createObject('a', 1)).a]", 1],
    ["[union(createObject('a', 1), parameters('u')).a]", "<unknown>"],
    ["[tryGet(union(parameters('u'), createObject('a', 1)), 'a')]", 1],
    ["[tryGet(union(parameters('u'), createObject('a', 1)), 'b')]", "<unknown>"],
    ["[union(parameters('u'), createObject('n', createObject('x', 1))).n.x]", 1],
    ["[contains(union(parameters('u'), createObject('n', createObject('x', 1))).n, 'y')]", "<unknown>"],
  ])("%s is %j", (expr, expected) => expect(shown(expr)).toEqual(expected));

  test("a function that does not read the known part hands on a plain Unknown, never the argument's known part", () => {
    // tryGet() of a key the known part lacks: the member may be anything, not the object itself.
    expect(shown("[contains(tryGet(union(parameters('u'), createObject('a', 'x')), 'b'), 'a')]")).toBe("<unknown>");
    // skip() leaves out elements, string() is a string, flatten() joins: none is the array they were given.
    for (const expr of [
      "[skip(union(createArray('a'), parameters('u')), 1)]",
      "[string(union(createArray('a'), parameters('u')))]",
      "[flatten(createArray(union(createArray('a'), parameters('u')), createArray('b')))]",
      "[equals(union(createArray('a'), parameters('u')), createArray('a'))]",
      "[last(union(createArray('a'), parameters('u')))]",
      "[concat('x', createObject('k', union(createArray('a'), parameters('u'))))]",
      "[concat(union(createObject('a', 1), parameters('u')), createArray('b'))]",
    ]) {
      const v = ev(expr);
      expect(isUnknown(v), expr).toBe(true);
      expect(isPartial(v), expr).toBe(false);
    }
    expect(shown("[contains(skip(union(createArray('a'), parameters('u')), 1), 'a')]")).toBe("<unknown>");
  });
});

describe("BATCH001 and BATCH002 decide on the known part, and only then", () => {
  const modes = (expr: string, extra: Record<string, unknown> = {}) => account({ allowedAuthenticationModes: expr }, { extra: { type: "array" }, flag: { type: "bool" }, ...extra });

  test("union(createArray('AAD','TaskAuthenticationToken'), if(<unknown>, createArray('SharedKey'), createArray())): BATCH002 reports where TaskAuthenticationToken is written", () => {
    const text = modes("[union(createArray('AAD','TaskAuthenticationToken'), if(parameters('flag'), createArray('SharedKey'), createArray()))]");
    const r = lintText(text, "t.json", { rules: batch, reportUnknown: true });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => [f.ruleId, f.message, f.region.startLine, f.propertyPath, f.fix])).toEqual([
      ["BATCH002", "allowedAuthenticationModes includes 'TaskAuthenticationToken', retired on 30 September 2024.", lineOf(text, "TaskAuthenticationToken"), "properties.allowedAuthenticationModes[1]", undefined],
    ]);
    // SharedKey may be in it or not: BATCH001 could not decide, and says so; BATCH002 decided and says nothing of it.
    const undecided = r.notes.filter((n) => n.kind === "unknown").map((n) => n.message.split(" ")[0]);
    expect(undecided).toContain("BATCH001");
    expect(undecided).not.toContain("BATCH002");
  });

  test("a known element after the unknown part is found too (its index unknown), and so is the one both branches of if() have", () => {
    const after = lintText(modes("[union(parameters('extra'), createArray('TaskAuthenticationToken'))]"), "t.json", { rules: batch });
    expect(after.findings.map((f) => [f.ruleId, f.propertyPath])).toEqual([["BATCH002", "properties.allowedAuthenticationModes[?]"]]);
    const both = lintText(modes("[if(parameters('flag'), createArray('AAD', 'TaskAuthenticationToken'), createArray('TaskAuthenticationToken'))]"), "t.json", { rules: batch });
    expect(both.findings.map((f) => f.ruleId)).toEqual(["BATCH002"]);
    const shared = lintText(modes("[concat(createArray('AAD', 'SharedKey'), parameters('extra'))]"), "t.json", { rules: batch });
    expect(shared.findings.map((f) => [f.ruleId, f.message])).toEqual([["BATCH001", "allowedAuthenticationModes includes 'SharedKey': shared key authentication is enabled."]]);
  });

  test.each([
    "[union(createArray('AAD'), parameters('extra'))]",
    "[concat(parameters('extra'), createArray('AAD'))]",
    "[if(parameters('flag'), createArray('TaskAuthenticationToken', 'SharedKey'), createArray('AAD'))]",
    "[skip(union(createArray('TaskAuthenticationToken', 'SharedKey'), parameters('extra')), 1)]",
    "[union(createArray(parameters('flag')), parameters('extra'))]",
  ])("no finding when TaskAuthenticationToken or SharedKey could only be in the unknown part: %s", (expr) => {
    const r = lintText(modes(expr), "t.json", { rules: batch, reportUnknown: true });
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual([]);
    const undecided = new Set(r.notes.filter((n) => n.kind === "unknown").map((n) => n.message.split(" ")[0]));
    expect([...undecided]).toEqual(["BATCH001", "BATCH002"]);
  });

  test("known arrays are read as before: every SharedKey and TaskAuthenticationToken element, with the evaluated value", () => {
    const r = lintText(modes("[createArray('SharedKey', 'TaskAuthenticationToken')]"), "t.json", { rules: batch });
    expect(r.findings.map((f) => f.message)).toEqual([
      `allowedAuthenticationModes includes 'SharedKey' (evaluates to ["SharedKey","TaskAuthenticationToken"]): shared key authentication is enabled.`,
      `allowedAuthenticationModes includes 'TaskAuthenticationToken' (evaluates to ["SharedKey","TaskAuthenticationToken"]), retired on 30 September 2024.`,
    ]);
  });
});

describe("the rules' view of a partly known value (Prop)", () => {
  function props(properties: Record<string, unknown>) {
    const text = account(properties, { extra: { type: "array" }, tags: { type: "object" } });
    const t = loadTemplate(parseDocument(text, "t.json"));
    expect(t.errors).toEqual([]);
    return t.resources[0]!.properties;
  }

  test("knownItems, findItems, includes, sizeRange of a partly known array; items() and size stay those of a known array", () => {
    const p = props({ modes: "[union(createArray('AAD', 'TaskAuthenticationToken'), parameters('extra'), createArray('x'))]", whole: ["a"], text: "abc" });
    const modes = p.get("modes");
    expect(modes.unknown).toBe(true);
    expect(modes.knownItems().map((i) => [i.path, i.str()])).toEqual([
      ["properties.modes[0]", "AAD"],
      ["properties.modes[1]", "TaskAuthenticationToken"],
      ["properties.modes[?]", "x"],
    ]);
    expect(modes.findItems("taskauthenticationtoken")?.map((i) => i.path)).toEqual(["properties.modes[1]"]);
    expect(modes.findItems("SharedKey")).toBeUndefined();
    expect([modes.includes("AAD"), modes.includes("SharedKey")]).toEqual([true, undefined]);
    expect(modes.sizeRange).toEqual({ min: 3, max: Number.POSITIVE_INFINITY });
    expect([modes.items(), modes.size, modes.isArray]).toEqual([[], 0, false]);
    expect(modes.display()).toBe(`"<unknown>"`);
    // Known and missing values answer exactly.
    expect([p.get("whole").includes("a"), p.get("whole").includes("b"), p.get("none").includes("a"), p.get("text").includes("a")]).toEqual([true, false, false, false]);
    expect([p.get("whole").sizeRange, p.get("none").sizeRange, p.get("text").sizeRange]).toEqual([{ min: 1, max: 1 }, undefined, undefined]);
  });

  test("knownEntries of a partly known object; a plain unknown knows nothing", () => {
    const p = props({ tags: "[union(parameters('tags'), createObject('env', 'prod'))]", other: "[parameters('tags')]" });
    const tags = p.get("tags");
    expect(tags.knownEntries().map(([k, v]) => [k, v.str()])).toEqual([["env", "prod"]]);
    expect(tags.entries()).toEqual([]);
    expect(tags.sizeRange).toEqual({ min: 1, max: Number.POSITIVE_INFINITY });
    const other = p.get("other");
    expect([other.knownItems(), other.knownEntries(), other.sizeRange, other.findItems("a")]).toEqual([[], [], undefined, undefined]);
  });
});
