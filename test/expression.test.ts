/**
 * The ARM expression language, function by function. Expected values are the outputs given in the examples of
 * Microsoft's ARM template function reference (learn.microsoft.com/azure/azure-resource-manager/templates/
 * template-functions-*), unless the comment says otherwise.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { EXPR_CACHES, ExprError, InvalidTemplateError, evaluateString, isExpression, parseExpression, referencedNames, type ExprContext } from "../src/input/arm/expression/index.js";
import { Unknown, isUnknown, newObject, type Value } from "../src/model/value.js";
import { RunContext } from "../src/context.js";
import { parseDocument } from "../src/parse/document.js";
import { loadTemplate } from "../src/input/arm/template.js";

function ctx(params: Record<string, Value> = {}, vars: Record<string, Value> = {}): ExprContext {
  return {
    parameter: (n) => {
      if (!(n in params)) throw new InvalidTemplateError(`parameter '${n}' is not declared`, 0);
      return params[n]!;
    },
    variable: (n) => {
      if (!(n in vars)) throw new InvalidTemplateError(`variable '${n}' is not declared`, 0);
      return vars[n]!;
    },
    copyIndex: () => 3,
    userFunction: (ns, name) => (ns === "fn" && name === "double" ? { params: ["x"], output: ([x]) => (x as number) * 2 } : undefined),
    resourceGroup: () => Object.assign(newObject(), { name: "rg1", id: "/subscriptions/sub1/resourceGroups/rg1", location: new Unknown("location") }),
    subscription: () => Object.assign(newObject(), { subscriptionId: "sub1", id: "/subscriptions/sub1" }),
    deployment: () => new Unknown("deployment"),
    environment: () => new Unknown("environment"),
    tenant: () => new Unknown("tenant"),
    managementGroup: () => new Unknown("mg"),
  };
}
const ev = (s: string, c = ctx()) => JSON.parse(JSON.stringify(evaluateString(s, c), (_k, v) => (v instanceof Unknown ? "<unknown>" : v)));
const unknown = (s: string, c = ctx()) => isUnknown(evaluateString(s, c));
/** An expression that cannot be evaluated because of a value: Unknown with the reason, and told (message, offset) to the context. */
function unevaluable(s: string): { reason: string; told: [string, number][] } {
  const told: [string, number][] = [];
  const v = evaluateString(s, { ...ctx(), unevaluable: (message, offset) => told.push([message, offset]) });
  if (!isUnknown(v)) throw new Error(`${s} evaluated to ${JSON.stringify(v)}`);
  return { reason: v.reason, told };
}

describe("syntax", () => {
  test("literals, escapes, nesting, property and index access", () => {
    expect(isExpression("[concat('a')]")).toBe(true);
    expect(isExpression("[[not an expression]")).toBe(false);
    expect(evaluateString("[[literal]", ctx())).toBe("[literal]");
    expect(evaluateString("plain", ctx())).toBe("plain");
    expect(ev("[concat('it''s', ' ', string(-12))]")).toBe("it's -12");
    expect(ev("[createObject('a', createArray(1, 2, createObject('B', 'x'))).a[2].b]")).toBe("x");
    expect(ev("[createObject('a', 1)['A']]")).toBe(1);
    expect(ev("[ toLower( 'ABC' ) ]")).toBe("abc");
    expect(ev("[CONCAT('a', 'b')]")).toBe("ab");
    expect(ev("[fn.double(21)]")).toBe(42);
  });
  test("null-safe access", () => {
    expect(ev("[createObject('a', null()).a?.b]")).toBe(null);
    expect(ev("[createArray(1)?[5]]")).toBe(null);
    // A property of null cannot be read: unknown (where the null may stand for a value given at deployment), no error.
    expect(unevaluable("[createObject('a', null()).a.b]")).toEqual({ reason: "cannot be evaluated: cannot read property 'b' of null", told: [["cannot read property 'b' of null", 28]] });
  });
  test("errors carry offsets", () => {
    const e = (() => {
      try {
        parseExpression("[concat('a', ]");
      } catch (x) {
        return x as ExprError;
      }
    })();
    expect(e).toBeInstanceOf(ExprError);
    expect(e!.offset).toBe(13);
    expect(() => evaluateString("[frobnicate(1)]", ctx())).toThrow(/unknown function 'frobnicate'/);
    // Names of Object.prototype's members are unknown functions too, not a crash of the function table.
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"]) {
      expect(() => evaluateString(`[${name}()]`, ctx())).toThrow(new RegExp(`unknown function '${name}'`));
    }
    expect(() => evaluateString("[concat('a']", ctx())).toThrow(ExprError);
    expect(evaluateString("[concat('a'", ctx())).toBe("[concat('a'"); // not an expression: a literal
    expect(() => evaluateString("[parameters('nope')]", ctx())).toThrow(/not declared/);
    // A malformed % escape is an error of the value (it may come from a parameter): unknown, noted at the function
    // (found by the grammar fuzz).
    for (const bad of ["[uriComponentToString('%')]", "[dataUriToString('data:,%E0%A4%A')]", "[uriComponent('\uD800')]"]) {
      const { told } = unevaluable(bad);
      expect(told.length, bad).toBe(1);
      expect(told[0]![0], bad).toMatch(/not a valid URI component|lone surrogate/);
      expect(told[0]![1], bad).toBe(1);
    }
  });
  test("nesting 10,000 deep is refused cleanly, not a stack overflow", () => {
    const deep = `[${"not(".repeat(10_000)}true()${")".repeat(10_000)}]`;
    expect(() => evaluateString(deep, ctx())).toThrow(/nested deeper than 1000/);
  });
  test("referencedNames", () => {
    expect(referencedNames(parseExpression("[concat(parameters('a'), variables('b'), parameters('c'))]"))).toEqual({ parameters: ["c", "a"], variables: ["b"] });
  });
});

describe("string functions (template-functions-string examples)", () => {
  test.each([
    ["[concat('prefix', '-', 'suffix')]", "prefix-suffix"],
    ["[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]", "Hello, User. Formatted number: 8,175,133"],
    ["[toLower('One Two Three')]", "one two three"],
    ["[toUpper('One Two Three')]", "ONE TWO THREE"],
    ["[trim('    one two three   ')]", "one two three"],
    ["[substring('one two three', 4, 3)]", "two"],
    ["[replace('123-123-1234', '-', '')]", "1231231234"],
    ["[indexOf('test', 't')]", 0],
    ["[indexOf('abcdef', 'CD')]", 2],
    ["[indexOf('abcdef', 'z')]", -1],
    ["[lastIndexOf('test', 't')]", 3],
    ["[startsWith('abcdef', 'ab')]", true],
    ["[startsWith('abcdef', 'A')]", true],
    ["[endsWith('abcdef', 'ef')]", true],
    ["[endsWith('abcdef', 'e')]", false],
    ["[padLeft('123', 10, '0')]", "0000000123"],
    ["[split('one,two,three', ',')]", ["one", "two", "three"]],
    ["[split('one;two,three', createArray(',', ';'))]", ["one", "two", "three"]],
    ["[join(createArray('one', 'two', 'three'), ',')]", "one,two,three"],
    ["[base64('one, two, three')]", "b25lLCB0d28sIHRocmVl"],
    ["[base64ToString('b25lLCB0d28sIHRocmVl')]", "one, two, three"],
    ["[dataUri('Hello')]", "data:text/plain;charset=utf8;base64,SGVsbG8="],
    ["[dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')]", "Hello, World!"],
    ["[uriComponent('http://contoso.com/resources/nested/azuredeploy.json')]", "http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json"],
    ["[uri('http://contoso.org/firstpath', 'myscript.sh')]", "http://contoso.org/myscript.sh"],
    ["[string(createObject('valueA', 10, 'valueB', 'Example Text'))]", '{"valueA":10,"valueB":"Example Text"}'],
    ["[string(createArray('a', 'b', 'c'))]", '["a","b","c"]'],
    ["[string(5)]", "5"],
    ["[first('One Two Three')]", "O"],
    ["[last('One Two Three')]", "e"],
    ["[skip('one two three', 4)]", "two three"],
    ["[take('one two three', 2)]", "on"],
    ["[contains('OneTwoThree', 'e')]", true],
    ["[contains('OneTwoThree', 'z')]", false],
    ["[empty('')]", true],
    ["[length('One Two Three')]", 13],
  ])("%s", (expr, expected) => expect(ev(expr)).toEqual(expected));
});

describe("array, object, logical, comparison and numeric functions", () => {
  test.each([
    ["[array('efgh')]", ["efgh"]],
    ["[concat(createArray('1-1', '1-2'), createArray('2-1', '2-2'))]", ["1-1", "1-2", "2-1", "2-2"]],
    ["[contains(createArray('one', 'two', 'three'), 'two')]", true],
    ["[contains(createObject('one', 'a', 'two', 'b'), 'ONE')]", true],
    ["[first(createArray('one', 'two', 'three'))]", "one"],
    ["[last(createArray('one', 'two', 'three'))]", "three"],
    ["[intersection(createArray('one', 'two', 'three'), createArray('two', 'three'))]", ["two", "three"]],
    ["[intersection(createObject('one', 'a', 'two', 'b', 'three', 'c'), createObject('one', 'a', 'two', 'z', 'three', 'c'))]", { one: "a", three: "c" }],
    ["[union(createArray('one', 'two', 'three'), createArray('three', 'four'))]", ["one", "two", "three", "four"]],
    ["[union(createObject('one', 'a', 'two', 'b', 'three', 'c1'), createObject('three', 'c2', 'four', 'd', 'five', 'e'))]", { one: "a", two: "b", three: "c2", four: "d", five: "e" }],
    ["[union(createObject('nest', createObject('a', 1)), createObject('nest', createObject('b', 2)))]", { nest: { a: 1, b: 2 } }],
    ["[range(1, 5)]", [1, 2, 3, 4, 5]],
    ["[skip(createArray('one', 'two', 'three'), 2)]", ["three"]],
    ["[take(createArray('one', 'two', 'three'), 2)]", ["one", "two"]],
    ["[min(createArray(0, 3, 2, 5, 4))]", 0],
    ["[max(0, 3, 2, 5, 4)]", 5],
    ["[length(createArray('one', 'two', 'three'))]", 3],
    ["[length(createObject('a', 1, 'b', 2))]", 2],
    ["[empty(createObject())]", true],
    ["[coalesce(null(), null(), 'default')]", "default"],
    ["[tryGet(createObject('a', createObject('b', 1)), 'a', 'b')]", 1],
    ["[tryGet(createObject('a', 1), 'missing')]", null],
    [
      "[items(createObject('b', 2, 'a', 1))]",
      [
        { key: "a", value: 1 },
        { key: "b", value: 2 },
      ],
    ],
    ["[json('{\"a\": [1, true, null]}')]", { a: [1, true, null] }],
    ["[and(true(), false())]", false],
    ["[or(true(), false())]", true],
    ["[not(true())]", false],
    ["[if(equals('a', 'a'), 'yes', 'no')]", "yes"],
    ["[bool('TRUE')]", true],
    ["[equals(createArray('a', 'b'), createArray('a', 'b'))]", true],
    ["[equals('A', 'a')]", false],
    ["[greater(10, 5)]", true],
    ["[greater('A', 'a')]", false],
    ["[lessOrEquals(5, 5)]", true],
    ["[add(5, 3)]", 8],
    ["[sub(7, 3)]", 4],
    ["[mul(5, 3)]", 15],
    ["[div(8, 3)]", 2],
    ["[div(-8, 3)]", -2],
    ["[mod(7, 3)]", 1],
    ["[int('4')]", 4],
    ["[filter(createArray(1, 2, 3, 4), lambda('x', greater(lambdaVariables('x'), 2)))]", [3, 4]],
    ["[map(createArray(1, 2), lambda('x', mul(lambdaVariables('x'), 10)))]", [10, 20]],
    ["[reduce(createArray(1, 2, 3), 0, lambda('acc', 'x', add(lambdaVariables('acc'), lambdaVariables('x'))))]", 6],
    ["[sort(createArray(3, 1, 2), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]", [1, 2, 3]],
    ["[toObject(createArray(createObject('n', 'x', 'v', 1)), lambda('e', lambdaVariables('e').n), lambda('e', lambdaVariables('e').v))]", { x: 1 }],
    ["[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'default')]", "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default"],
    ["[resourceId('otherRg', 'Microsoft.Storage/storageAccounts', 'st')]", "/subscriptions/sub1/resourceGroups/otherRg/providers/Microsoft.Storage/storageAccounts/st"],
    ["[resourceId('s2', 'otherRg', 'Microsoft.Storage/storageAccounts', 'st')]", "/subscriptions/s2/resourceGroups/otherRg/providers/Microsoft.Storage/storageAccounts/st"],
    ["[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg2')]", "/subscriptions/sub1/providers/Microsoft.Resources/resourceGroups/rg2"],
    ["[tenantResourceId('Microsoft.Authorization/policyDefinitions', 'p1')]", "/providers/Microsoft.Authorization/policyDefinitions/p1"],
    ["[extensionResourceId('/subscriptions/s/resourceGroups/r', 'Microsoft.Authorization/locks', 'lock1')]", "/subscriptions/s/resourceGroups/r/providers/Microsoft.Authorization/locks/lock1"],
    ["[copyIndex(1)]", 4],
  ])("%s", (expr, expected) => expect(ev(expr)).toEqual(expected));

  test("limits: range count above ARM's 10000 is an error without allocating", () => {
    expect(() => evaluateString("[range(0, 100000000)]", ctx())).toThrow(/count must be between 0 and 10000/);
    // Dividing by zero is an error of the values (a parameter may be 0 only by default): unknown, not an error.
    expect(unevaluable("[div(1, 0)]").reason).toMatch(/division by zero/);
  });
});

describe("unknown propagation", () => {
  const c = ctx({ u: new Unknown("test"), modes: ["AAD", new Unknown("x")] });
  test.each([
    "[reference('x').y]",
    "[newGuid()]",
    "[utcNow()]",
    "[listKeys('id', '2024-07-01').primary]",
    "[concat('a', parameters('u'))]",
    "[if(parameters('u'), 'a', 'b')]",
    "[coalesce(null(), parameters('u'), 'x')]",
    "[equals(parameters('u'), 'x')]",
    "[contains(parameters('modes'), 'SharedKey')]",
    "[empty(parameters('u'))]",
    "[tryGet(parameters('u'), 'a')]",
    "[parameters('u').a.b]",
    "[union(createObject('a', 1), parameters('u'))]",
    "[string(parameters('modes'))]",
    "[resourceGroup().location]",
    "[deployment().name]",
    "[uniqueString(parameters('u'))]",
  ])("%s is unknown", (expr) => expect(unknown(expr, c)).toBe(true));

  test.each([
    ["[if(parameters('u'), 'same', 'same')]", "same"],
    ["[coalesce('a', parameters('u'))]", "a"],
    ["[and(false(), parameters('u'))]", false],
    ["[or(true(), parameters('u'))]", true],
    ["[contains(parameters('modes'), 'AAD')]", true],
    ["[length(parameters('modes'))]", 2],
    ["[if(true(), 'a', parameters('u'))]", "a"],
    ["[if(false(), frobnicate(), 'b')]", "b"],
    ["[resourceGroup().name]", "rg1"],
  ])("%s is known", (expr, expected) => expect(ev(expr, c)).toEqual(expected));

  test("arrays keep known elements beside unknown ones", () => {
    const v = evaluateString("[createArray('a', reference('x'))]", c) as Value[];
    expect(v[0]).toBe("a");
    expect(isUnknown(v[1])).toBe(true);
  });
});

describe("properties", () => {
  const names = fc.constantFrom("concat", "toLower", "coalesce", "createArray", "length", "if", "equals", "not", "union", "format", "string", "empty", "first");
  const leaf = fc.oneof(
    fc.string({ maxLength: 6 }).map((s) => `'${s.replace(/'/g, "''")}'`),
    fc.integer({ min: -50, max: 50 }).map(String),
    fc.constant("true()"),
    fc.constant("null()"),
    fc.constant("reference('x')"),
  );
  const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
    e: fc.oneof(
      { depthSize: "small" },
      leaf,
      fc.tuple(names, fc.array(tie("e") as fc.Arbitrary<string>, { maxLength: 3 })).map(([n, args]) => `${n}(${args.join(", ")})`),
    ),
  })).e as fc.Arbitrary<string>;

  test("random expressions either evaluate or raise ExprError, deterministically", () => {
    fc.assert(
      fc.property(expr, (e) => {
        const run = () => {
          try {
            return JSON.stringify(evaluateString(`[${e}]`, ctx()), (_k, v) => (v instanceof Unknown ? "<u>" : v));
          } catch (x) {
            if (x instanceof ExprError) return `error: ${x.message}`;
            throw x;
          }
        };
        expect(run()).toBe(run());
      }),
      { numRuns: 300 },
    );
  });
});

describe("run-scoped caches", () => {
  test("each run parses into its own syntax-tree cache; without one nothing is cached", () => {
    const doc = parseDocument(JSON.stringify({ resources: [{ type: "Microsoft.Batch/batchAccounts", apiVersion: "2024-02-01", name: "[concat('a', 'b')]" }] }), "t.json");
    const one = new RunContext();
    const two = new RunContext();
    expect(loadTemplate(doc, {}, one).resources[0]!.name).toBe("ab");
    expect([...one.get(EXPR_CACHES).asts.keys()]).toEqual(["[concat('a', 'b')]"]);
    expect(two.get(EXPR_CACHES).asts.size).toBe(0);
    loadTemplate(doc, {}, two);
    expect(two.get(EXPR_CACHES).asts.get("[concat('a', 'b')]")).not.toBe(one.get(EXPR_CACHES).asts.get("[concat('a', 'b')]"));
    expect(parseExpression("[concat('a', 'b')]")).not.toBe(parseExpression("[concat('a', 'b')]"));
  });

  test("an object's lower-cased keys are kept in the run's caches", () => {
    const p = Object.assign(newObject(), { Name: "x" });
    const one = { ...ctx({ p }), caches: new RunContext().get(EXPR_CACHES) };
    const two = { ...ctx({ p }), caches: new RunContext().get(EXPR_CACHES) };
    expect(evaluateString("[parameters('p').NAME]", one)).toBe("x");
    expect(one.caches.lowerKeys.has(p)).toBe(true);
    expect(two.caches.lowerKeys.has(p)).toBe(false);
    expect(evaluateString("[parameters('p').name]", two)).toBe("x");
    expect(two.caches.lowerKeys.has(p)).toBe(true);
  });

  test("functions found by name through the run's cache answer as without it, in any spelling", () => {
    const cached = { ...ctx({ p: "Ab" }), caches: new RunContext().get(EXPR_CACHES) };
    const outcome = (s: string, c: ExprContext) => {
      try {
        return ev(s, c);
      } catch (e) {
        return `${(e as Error).constructor.name}: ${(e as Error).message}`;
      }
    };
    const texts = ["[toLower(parameters('p'))]", "[TOLOWER(parameters('p'))]", "[ToUpper(parameters('p'))]", "[concat('a', 'b')]", "[CONCAT(createArray(1), createArray(2))]"];
    texts.push("[noSuchFunction(1)]", "[NOSUCHFUNCTION(1)]", "[listKeys('x', '2020-01-01')]", "[ListKeys('x', '2020-01-01')]", "[toLower('a', 'b')]", "[TOLOWER()]");
    texts.push("[constructor()]", "[__proto__()]", "[hasOwnProperty('a')]");
    // Twice over: the second time every name is in the cache.
    for (const s of [...texts, ...texts]) expect(outcome(s, cached), s).toEqual(outcome(s, ctx({ p: "Ab" })));
    expect(cached.caches.functions.get("TOLOWER")?.name).toBe("tolower");
  });
});
