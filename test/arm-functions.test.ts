/**
 * The ARM template function library against Microsoft's reference: every documented function is either evaluated
 * (FUNCTIONS) or deliberately unknown (RUNTIME: known only at deployment time), and the functions added or fixed for
 * issue 21 give the outputs of the reference's examples. The reference is
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions and its per-category pages
 * (template-functions-<category>); a vector from elsewhere names its source.
 */
import { describe, expect, test } from "vitest";
import { ExprError, evaluateString, type ExprContext } from "../src/input/arm/expression/index.js";
import { FUNCTIONS } from "../src/input/arm/expression/functions/index.js";
import { RUNTIME } from "../src/input/arm/expression/evaluate.js";
import { Unknown, isUnknown, newObject, type Value } from "../src/model/value.js";

function ctx(params: Record<string, Value> = {}): ExprContext {
  return {
    parameter: (n) => {
      if (!(n in params)) throw new ExprError(`parameter '${n}' is not declared`, 0);
      return params[n]!;
    },
    variable: (n) => {
      throw new ExprError(`variable '${n}' is not declared`, 0);
    },
    copyIndex: () => 0,
    userFunction: () => undefined,
    resourceGroup: () => Object.assign(newObject(), { name: "rg1", id: "/subscriptions/sub1/resourceGroups/rg1" }),
    subscription: () => Object.assign(newObject(), { subscriptionId: "sub1", id: "/subscriptions/sub1" }),
    deployment: () => new Unknown("deployment"),
    environment: () => new Unknown("environment"),
    tenant: () => new Unknown("tenant"),
    managementGroup: () => new Unknown("mg"),
  };
}
const ev = (s: string, c = ctx()) => JSON.parse(JSON.stringify(evaluateString(s, c), (_k, v) => (v instanceof Unknown ? "<unknown>" : v)));
const unknown = (s: string, c = ctx()) => isUnknown(evaluateString(s, c));

/**
 * The error an expression's arguments make: thrown as an ExprError, or (where the evaluator makes an error that
 * depends on values Unknown, with a note to the context) the note of the Unknown result. Undefined if none.
 */
function errorOf(s: string): string | undefined {
  const notes: string[] = [];
  // Assigned, not declared in the literal: the note callback is optional in the context's type.
  const c = Object.assign(ctx(), { unevaluable: (message: string) => notes.push(message) });
  try {
    const v = evaluateString(s, c);
    return isUnknown(v) ? notes.at(-1) : undefined;
  } catch (e) {
    if (e instanceof ExprError) return e.message;
    throw e;
  }
}

/** Every function of the reference's index and category pages, by category. */
const DOCUMENTED: Record<string, string[]> = {
  // template-functions (the any function is documented with Bicep's: bicep-functions-any)
  any: ["any"],
  // template-functions-array
  array: [
    "array",
    "concat",
    "contains",
    "createArray",
    "empty",
    "first",
    "flatten",
    "indexFromEnd",
    "indexOf",
    "intersection",
    "last",
    "lastIndexOf",
    "length",
    "max",
    "min",
    "range",
    "skip",
    "take",
    "tryGet",
    "tryIndexFromEnd",
    "union",
  ],
  // template-functions-cidr
  cidr: ["parseCidr", "cidrSubnet", "cidrHost"],
  // template-functions-comparison
  comparison: ["coalesce", "equals", "greater", "greaterOrEquals", "less", "lessOrEquals"],
  // template-functions-date
  date: ["dateTimeAdd", "dateTimeFromEpoch", "dateTimeToEpoch", "utcNow"],
  // template-functions-deployment
  deployment: ["deployer", "deployment", "environment", "parameters", "variables"],
  // template-functions-lambda
  lambda: ["filter", "groupBy", "lambda", "lambdaVariables", "map", "mapValues", "reduce", "sort", "toObject"],
  // template-functions-logical
  logical: ["and", "bool", "false", "if", "not", "or", "true"],
  // template-functions-numeric
  numeric: ["add", "copyIndex", "div", "float", "int", "max", "min", "mod", "mul", "sub"],
  // template-functions-object
  object: ["contains", "createObject", "empty", "intersection", "items", "json", "length", "null", "objectKeys", "shallowMerge", "tryGet", "union"],
  // template-functions-resource (list* stands for every list function: listKeys, listSecrets, listAccountSas...)
  resource: [
    "extensionResourceId",
    "listAccountSas",
    "listKeys",
    "listSecrets",
    "managementGroupResourceId",
    "pickZones",
    "providers",
    "reference",
    "references",
    "resourceId",
    "subscriptionResourceId",
    "tenantResourceId",
  ],
  // template-functions-scope
  scope: ["managementGroup", "resourceGroup", "subscription", "tenant"],
  // template-functions-string
  string: [
    "base64",
    "base64ToJson",
    "base64ToString",
    "concat",
    "contains",
    "dataUri",
    "dataUriToString",
    "empty",
    "endsWith",
    "first",
    "format",
    "guid",
    "indexOf",
    "join",
    "json",
    "last",
    "lastIndexOf",
    "length",
    "newGuid",
    "padLeft",
    "replace",
    "skip",
    "split",
    "startsWith",
    "string",
    "substring",
    "take",
    "toLower",
    "toUpper",
    "trim",
    "uniqueString",
    "uri",
    "uriComponent",
    "uriComponentToString",
  ],
};

describe("every documented function", () => {
  const names = [...new Set(Object.values(DOCUMENTED).flat())];
  test.each(names)("%s is evaluated or deliberately unknown", (name) => {
    const key = name.toLowerCase();
    const evaluated = Object.hasOwn(FUNCTIONS, key);
    const runtime = RUNTIME.has(key) || key.startsWith("list");
    expect(evaluated || runtime, name).toBe(true);
    // Never both: a function in the table would shadow the deployment-time rule.
    expect(evaluated && RUNTIME.has(key), name).toBe(false);
  });
  test("deployment-time functions are unknown, their arguments still checked", () => {
    for (const e of ["[utcNow()]", "[utcNow('u')]", "[newGuid()]", "[references('x')]", "[deployer().objectId]", "[pickZones('Microsoft.Compute', 'virtualMachines', 'westus2')]", "[listKeys('id', '2024-01-01')]"]) {
      expect(unknown(e), e).toBe(true);
    }
    expect(() => evaluateString("[references(frobnicate())]", ctx())).toThrow(/unknown function 'frobnicate'/);
  });
  test("any() returns its argument, unknown or not", () => {
    expect(ev("[any(createObject('a', 1))]")).toEqual({ a: 1 });
    expect(unknown("[any(utcNow())]")).toBe(true);
  });
});

describe("CIDR (template-functions-cidr examples)", () => {
  test("parseCidr", () => {
    expect(ev("[parseCidr('10.144.0.0/20')]")).toEqual({ network: "10.144.0.0", netmask: "255.255.240.0", broadcast: "10.144.15.255", firstUsable: "10.144.0.1", lastUsable: "10.144.15.254", cidr: 20 });
    expect(ev("[parseCidr('fdad:3236:5555::/48')]")).toEqual({
      network: "fdad:3236:5555::",
      netmask: "ffff:ffff:ffff::",
      firstUsable: "fdad:3236:5555::",
      lastUsable: "fdad:3236:5555:ffff:ffff:ffff:ffff:ffff",
      cidr: 48,
    });
    // Host bits of the address given are cleared.
    expect(ev("[parseCidr('10.144.3.7/20').network]")).toBe("10.144.0.0");
  });
  test("cidrSubnet", () => {
    expect([0, 1, 2, 3, 4].map((i) => ev(`[cidrSubnet('10.144.0.0/20', 24, ${i})]`))).toEqual(["10.144.0.0/24", "10.144.1.0/24", "10.144.2.0/24", "10.144.3.0/24", "10.144.4.0/24"]);
    expect([0, 1, 2, 3, 4].map((i) => ev(`[cidrSubnet('fdad:3236:5555::/48', 52, ${i})]`))).toEqual([
      "fdad:3236:5555::/52",
      "fdad:3236:5555:1000::/52",
      "fdad:3236:5555:2000::/52",
      "fdad:3236:5555:3000::/52",
      "fdad:3236:5555:4000::/52",
    ]);
    expect(ev("[cidrSubnet('10.144.0.0/20', 20, 0)]")).toBe("10.144.0.0/20");
  });
  test("cidrHost", () => {
    expect([0, 1, 2, 3, 4].map((i) => ev(`[cidrHost('10.144.3.0/24', ${i})]`))).toEqual(["10.144.3.1", "10.144.3.2", "10.144.3.3", "10.144.3.4", "10.144.3.5"]);
    expect([0, 1, 2, 3, 4].map((i) => ev(`[cidrHost('fdad:3236:5555:3000::/52', ${i})]`))).toEqual([
      "fdad:3236:5555:3000::1",
      "fdad:3236:5555:3000::2",
      "fdad:3236:5555:3000::3",
      "fdad:3236:5555:3000::4",
      "fdad:3236:5555:3000::5",
    ]);
    // The reference's own illustration: 192.168.1.0/24 has the usable hosts .1 to .254.
    expect(ev("[cidrHost('192.168.1.0/24', 253)]")).toBe("192.168.1.254");
  });
  test("invalid arguments are the template's errors", () => {
    for (const [e, msg] of [
      ["[cidrSubnet('10.144.0.0/20', 16, 0)]", /newCIDR must be between 20 and 32/],
      ["[cidrSubnet('10.144.0.0/20', 24, 16)]", /subnetIndex must be between 0 and 15/],
      ["[cidrSubnet('10.144.0.0/20', 24, -1)]", /subnetIndex/],
      ["[cidrHost('192.168.1.0/24', 254)]", /hostIndex must be between 0 and 253/],
      ["[parseCidr('10.144.0.0')]", /not in CIDR notation/],
      ["[parseCidr('10.144.0.256/20')]", /not an IPv4 address/],
      ["[parseCidr('10.144.0.0/33')]", /longer than the 32 bits/],
      ["[parseCidr('fdad::3236::/48')]", /not an IPv6 address/],
      ["[parseCidr('fdad:3236:5555:1:2:3:4:5:6/48')]", /not an IPv6 address/],
    ] as const) {
      expect(errorOf(e), e).toMatch(msg);
    }
  });
  test("what the reference does not settle is unknown", () => {
    expect(unknown("[parseCidr('10.0.0.4/31')]")).toBe(true);
    expect(unknown("[cidrHost('10.0.0.4/32', 0)]")).toBe(true);
    // ::ffff:a.b.c.d may be written by .NET in its dotted form.
    expect(unknown("[parseCidr('::ffff:10.0.0.0/104')]")).toBe(true);
  });
});

describe("dates (template-functions-date examples)", () => {
  test.each([
    // The remarks: P1Y is 365 days and P1M 30 days, leap year or not.
    ["[dateTimeAdd('2023-01-01 00:00:00Z', 'P1Y')]", "2024-01-01T00:00:00Z"],
    ["[dateTimeAdd('2024-01-01 00:00:00Z', 'P1Y')]", "2024-12-31T00:00:00Z"],
    ["[dateTimeAdd('2023-02-01 00:00:00Z', 'P1M')]", "2023-03-03T00:00:00Z"],
    ["[dateTimeAdd('2024-02-01 00:00:00Z', 'P1M')]", "2024-03-02T00:00:00Z"],
    // The example deployed with a base time of 2020-04-07 14:53:14Z (its table shows them as 4/7/2023 2:53:14 PM...).
    ["[dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y')]", "2023-04-07T14:53:14Z"],
    ["[dateTimeAdd('2020-04-07 14:53:14Z', '-P9D')]", "2020-03-29T14:53:14Z"],
    ["[dateTimeAdd('2020-04-07 14:53:14Z', 'PT1H')]", "2020-04-07T15:53:14Z"],
    ["[dateTimeAdd('2020-04-07T14:53:14Z', 'P1DT2H3M4.5S', 'o')]", "2020-04-08T16:56:18.5000000Z"],
    // Formats in the invariant culture (utcNow's examples: 'd' is 03/05/2019, 'M d' is 3 5).
    ["[dateTimeAdd('2019-03-05T17:53:18Z', 'PT0S', 'd')]", "03/05/2019"],
    ["[dateTimeAdd('2019-03-05T17:53:18Z', 'PT0S', 'M d')]", "3 5"],
    ["[dateTimeAdd('2019-03-05T17:53:18Z', 'PT0S', 'yyyyMMddTHHmmssZ')]", "20190305T175318Z"],
    ["[dateTimeAdd('2019-03-05T17:53:18Z', 'PT0S', 'u')]", "2019-03-05 17:53:18Z"],
    ["[dateTimeAdd('2019-03-05T17:53:18+02:00', 'PT0S', 's')]", "2019-03-05T15:53:18"],
    ["[dateTimeFromEpoch(1683040573)]", "2023-05-02T15:16:13Z"],
    ["[dateTimeToEpoch('2023-05-02T15:16:13Z')]", 1683040573],
    ["[dateTimeToEpoch(dateTimeFromEpoch(0))]", 0],
  ])("%s", (expr, expected) => expect(ev(expr)).toEqual(expected));

  test("formats and bases whose output is not settled are unknown, not guessed", () => {
    for (const e of [
      "[dateTimeAdd('2019-03-05T17:53:18Z', 'PT0S', 'MMMM')]",
      "[dateTimeAdd('2019-03-05T17:53:18Z', 'PT0S', 'G')]",
      "[dateTimeAdd('2019-03-05T17:53:18.25Z', 'PT1H')]",
      "[dateTimeAdd('2019-03-05T17:53:18+01:00', 'PT1H')]",
      "[dateTimeAdd('2019-03-05', 'P1D')]",
      "[dateTimeToEpoch('2019-03-05T17:53:18')]",
      "[dateTimeAdd(utcNow(), 'P1Y')]",
    ]) {
      expect(unknown(e), e).toBe(true);
    }
  });
  test("malformed dates and durations are errors", () => {
    expect(errorOf("[dateTimeAdd('2019-02-30T00:00:00Z', 'P1D')]")).toMatch(/not a valid date/);
    expect(errorOf("[dateTimeAdd('yesterday', 'P1D')]")).toMatch(/not an ISO 8601 date/);
    expect(errorOf("[dateTimeAdd('2019-03-05T00:00:00Z', '1 day')]")).toMatch(/not an ISO 8601 duration/);
    expect(errorOf("[dateTimeAdd('2019-03-05T00:00:00Z', 'P')]")).toMatch(/not an ISO 8601 duration/);
    expect(errorOf("[dateTimeFromEpoch(999999999999)]")).toMatch(/outside years 1 to 9999/);
    expect(errorOf("[dateTimeAdd('2019-03-05T00:00:00Z', 'P1D')]")).toBeUndefined();
  });
});

describe("uniqueString and guid, as ARM computes them", () => {
  test.each([
    // Azure/terraform-provider-azapi, internal/services/functions/unique_string_function_test.go (checked against Bicep's output, PR #653).
    [["/subscriptions/00000000-0000-0000-0000-000000000000", "resource-id"], "cwvxuqg24sifi"],
    // smokedlinq/powershell-az, powershell-az.tests.ps1 (Get-AzUniqueString).
    [["fu"], "6rkxbspxjmsho"],
    [["fubar"], "cj2xpqsiwjfne"],
    [["fu", "bar"], "q5wxoscxs5j6k"],
    // Stack Overflow question 43295720, computed with Microsoft's Azure.Deployments.Expression package.
    [["tyeth"], "zcztcwvu6iyg6"],
    // JasonWhall/go-azure-uniquestring README.
    [["hello", "world"], "a7wkljktk6wne"],
  ])("uniqueString(%j) = %s", (args, expected) => {
    expect(ev(`[uniqueString(${args.map((x) => `'${x}'`).join(", ")})]`)).toBe(expected);
  });
  test("uniqueString of the resource group id is known, 13 characters of a-z and 2-7", () => {
    expect(ev("[uniqueString(resourceGroup().id)]")).toMatch(/^[a-z2-7]{13}$/);
    expect(unknown("[uniqueString(resourceGroup().id, utcNow())]")).toBe(true);
    expect(errorOf("[uniqueString(1)]")).toMatch(/must be a string/);
  });
  test("guid: a version-5 UUID of the parts joined with '-' in ARM's namespace", () => {
    // uuid.uuid5(UUID('11fb06fb-712d-4ddd-98c7-e71bbd588830'), 'a-b') by Python's uuid module, an independent
    // implementation of RFC 4122 §4.3 (no guid() output of a real deployment was found to record).
    expect(ev("[guid('a', 'b')]")).toBe("2d796349-8c7e-55ec-9624-54ece82ed031");
    expect(ev("[guid('ab')]")).not.toBe(ev("[guid('a', 'b')]"));
    expect(ev("[guid(resourceGroup().id)]")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("json() as ARM parses it", () => {
  test.each([
    // template-functions-object json examples.
    ['[json(\'{"a": "b"}\')]', { a: "b" }],
    ["[json('null')]", null],
    ["[json('[1, 2, 3]')]", [1, 2, 3]],
    ["[json('\"demo\"')]", "demo"],
    ["[json('true')]", true],
    ["[json(concat('{\"a\": \"', 'demo value', '\"}'))]", { a: "demo value" }],
    // Comments, trailing commas, single quotes and unquoted names, as Newtonsoft.Json reads them (base64ToJson's
    // example in template-functions-string decodes {'one': 'a', 'two': 'b'}).
    ['[json(\'{"a": 1, // one\n /* two */ "b": [2, 3,],}\')]', { a: 1, b: [2, 3] }],
    ["[json('{''one'': ''a'', two: ''b''}')]", { one: "a", two: "b" }],
    ["[base64ToJson(base64('{''one'': ''a'', ''two'': ''b''}'))]", { one: "a", two: "b" }],
    ['[json(\'{"s": "\\u0041\\n", "n": -1.5e2}\')]', { s: "A\n", n: -150 }],
  ])("%s", (expr, expected) => expect(ev(expr)).toEqual(expected));

  test("malformed JSON is the template's error", () => {
    for (const bad of ["{", "[1 2]", '{"a" 1}', "tru", "/* open", '"unterminated', '{"a": 1} x']) {
      expect(errorOf(`[json('${bad.replace(/'/g, "''")}')]`), bad).toMatch(/not valid JSON/);
    }
  });
  test("nesting is limited, not a stack overflow", () => {
    expect(() => evaluateString(`[json('${"[".repeat(100_000)}')]`, ctx())).toThrow(/nested deeper/);
  });
});

describe("indexOf and lastIndexOf of arrays (template-functions-array examples) and strings", () => {
  const c = ctx({ names: ["one", "two", "three"], numbers: [4, 5, 6], duplicates: [1, 2, 3, 1], u: ["a", new Unknown("x"), "b"] });
  test.each([
    ["[indexOf(parameters('names'), 'two')]", 1],
    ["[indexOf(parameters('names'), 'Three')]", -1],
    ["[indexOf(parameters('numbers'), 4)]", 0],
    ["[indexOf(parameters('numbers'), '4')]", -1],
    ["[indexOf(createArray(parameters('names'), parameters('numbers')), parameters('numbers'))]", 1],
    ["[indexOf(parameters('duplicates'), 1)]", 0],
    ["[lastIndexOf(parameters('duplicates'), 1)]", 3],
    ["[lastIndexOf(parameters('names'), 'Three')]", -1],
    ["[indexOf('test', 't')]", 0],
    ["[lastIndexOf('test', 't')]", 3],
    ["[indexOf('abcdef', 'CD')]", 2],
    // An unknown element before the match may be the match; one after it cannot.
    ["[indexOf(parameters('u'), 'a')]", 0],
    ["[indexOf(parameters('u'), 'b')]", "<unknown>"],
    ["[lastIndexOf(parameters('u'), 'b')]", 2],
  ])("%s", (expr, expected) => expect(ev(expr, c)).toEqual(expected));
  test("other containers are errors", () => {
    expect(errorOf("[indexOf(createObject('a', 1), 'a')]")).toMatch(/string or an array/);
  });
});
