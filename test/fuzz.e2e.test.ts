/**
 * Property-based tests over the parser, the expression evaluator and the whole pipeline (lintText, lintPaths and
 * the CLI). `npm test` runs a bounded number of cases (FUZZ_RUNS, default 150 per property: a few seconds);
 * `npm run fuzz` raises it (20,000 per property by default there).
 *
 * The last part lints a sample of the mutated real templates of the fuzz runner (bench/fuzz.mjs, which runs
 * 100,000 of them through the library and the CLI with time and memory limits): the same inputs, in process.
 *
 * Invariants: no uncaught exception (a parse or evaluation problem is a located error, never a throw), the same
 * input gives the same findings and errors, every region (finding, related location, error) lies inside its file,
 * and the CLI exits 0, 1 or 2.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { rules } from "../rules/index.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { decode, InputError, LineIndex, parseDocument } from "../src/parse/document.js";
import { ExprError, evaluateString, type ExprContext } from "../src/input/arm/expression/index.js";
import { newObject, Unknown, type Value } from "../src/model/value.js";
import type { LintResult } from "../src/engine/findings.js";
import type { Region } from "../src/parse/document.js";
import { repoRoot } from "./helpers.js";
import { FORMATTERS } from "../src/output/index.js";
import { loadSeeds } from "../bench/fuzz/seeds.mjs";
import { build, describe as describePlan, plan } from "../bench/fuzz/mutate.mjs";
import { checkOutput } from "../bench/fuzz/checks.mjs";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** The pipeline properties are slower (a full lint, twice, per case). */
const PIPELINE_RUNS = Math.max(1, Math.round(RUNS * (process.env.FUZZ_RUNS ? 1 : 0.7)));
/** Per-test time limit: vitest's 60 s for the bounded run, hours for a long one. */
const TIMEOUT = process.env.FUZZ_RUNS ? 6 * 3600_000 : 60_000;

// ---------------------------------------------------------------- invariants

function lines(text: string) {
  const idx = new LineIndex(text);
  return { count: idx.lineCount, len: (n: number) => idx.lineText(text, n).length };
}

function expectRegionInside(r: Region, text: string, what: string) {
  const l = lines(text);
  expect(r.startLine, what).toBeGreaterThanOrEqual(1);
  expect(r.endLine, what).toBeLessThanOrEqual(l.count);
  expect(r.startColumn, what).toBeGreaterThanOrEqual(1);
  expect(r.startColumn, what).toBeLessThanOrEqual(l.len(r.startLine) + 1);
  expect(r.endColumn, what).toBeLessThanOrEqual(l.len(r.endLine) + 1);
  expect(r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn), what).toBe(true);
  expect(r.charOffset, what).toBeGreaterThanOrEqual(0);
  expect(r.charOffset + r.charLength, what).toBeLessThanOrEqual(text.length);
}

/** Every located thing of a lint result lies inside its file (`texts`: file name → text, BOM removed). */
function expectLocatedInside(res: LintResult, texts: ReadonlyMap<string, string>) {
  for (const f of res.findings) {
    const text = texts.get(f.file);
    expect(text, `finding in unknown file ${f.file}`).toBeDefined();
    expectRegionInside(f.region, text!, `${f.ruleId} ${f.message}`);
    for (const r of f.related) if (texts.has(r.file)) expectRegionInside(r.region, texts.get(r.file)!, `related of ${f.ruleId}: ${r.message}`);
  }
  for (const e of res.errors) {
    expect(e.message.length).toBeGreaterThan(0);
    const text = texts.get(e.file);
    if (text === undefined) continue;
    const l = lines(text);
    expect(e.line, e.message).toBeGreaterThanOrEqual(1);
    expect(e.line, e.message).toBeLessThanOrEqual(l.count);
    expect(e.column, e.message).toBeGreaterThanOrEqual(1);
    expect(e.column, e.message).toBeLessThanOrEqual(l.len(e.line) + 1);
  }
}

const dropFix = (k: string, v: unknown) => (k === "fixInput" ? undefined : v);

/** Invariants of one lint run: no throw, located errors, regions inside the text, deterministic output. */
function checkRun(text: string) {
  const run = () => lintText(text, "f.json", { rules });
  const a = run();
  const b = run();
  expect(JSON.stringify(a.findings, dropFix)).toBe(JSON.stringify(b.findings, dropFix));
  expect(a.errors).toEqual(b.errors);
  expect(a.errors.filter((e) => e.code === "internal-error")).toEqual([]);
  expectLocatedInside(a, new Map([["f.json", text.replace(/^\uFEFF/, "")]]));
  return a;
}

// ---------------------------------------------------------------- JSON / JSONC text

/** JSON text with JSONC decorations: comments between tokens, trailing commas, CRLF, a BOM. */
const jsoncText = fc
  .tuple(fc.jsonValue({ maxDepth: 5 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom("// c\n", "/* c */", "/* multi\nline */", ",", "\r\n", "\t", " ")), { maxLength: 6 }), fc.boolean(), fc.boolean())
  .map(([v, decorations, bom, pretty]) => {
    let text = JSON.stringify(v, null, pretty ? 2 : undefined) ?? "null";
    // Insert only after structural characters, where JSONC allows comments and a trailing comma may follow.
    const places = [...text.matchAll(/[{}[\],:]/g)].map((m) => m.index! + 1);
    for (const [at, what] of decorations) {
      if (!places.length) break;
      const p = places[at % places.length]!;
      text = text.slice(0, p) + what + text.slice(p);
    }
    return (bom ? "\uFEFF" : "") + text;
  });

describe("parser", () => {
  test(
    "arbitrary JSON and JSONC: parse either succeeds or raises a located InputError",
    () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), fc.string({ maxLength: 20 }), fc.nat(), (v, noise, at) => {
          const text = JSON.stringify(v, null, 1) ?? "null";
          const cut = at % (text.length + 1);
          for (const t of [text, `// c\n${text}`, text.slice(0, cut) + noise + text.slice(cut), `\uFEFF${text}`, text.slice(0, cut)]) {
            try {
              parseDocument(t, "x.json");
            } catch (e) {
              expect(e).toBeInstanceOf(InputError);
              const err = e as InputError;
              expect(err.line).toBeGreaterThanOrEqual(1);
              expect(err.line).toBeLessThanOrEqual(lines(t).count);
              expect(err.column).toBeGreaterThanOrEqual(1);
            }
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  test(
    "the depth limit is exact: nesting deeper than maxDepth (objects and arrays alike) is refused, anything else read",
    () => {
      const depth = (v: unknown): number => (v !== null && typeof v === "object" ? 1 + Math.max(0, ...Object.values(v as object).map(depth)) : 0);
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), (v, max, pretty) => {
          const text = JSON.stringify(v, null, pretty ? 1 : undefined) ?? "null";
          let refused = false;
          try {
            parseDocument(text, "d.json", { maxDepth: max });
          } catch (e) {
            expect((e as InputError).message).toBe(`nesting deeper than ${max} levels`);
            refused = true;
          }
          expect(refused, text).toBe(depth(v) > max);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  test(
    "arbitrary bytes: decode gives text or a located InputError (invalid UTF-8, NUL, UTF-16 BOM)",
    () => {
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], []), fc.uint8Array({ maxLength: 64 })).map(([bom, rest]) => Uint8Array.from([...bom, ...rest])),
        fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([v, at, b]) => {
          const buf = Buffer.from(JSON.stringify(v) ?? "null");
          if (buf.length) buf[at % buf.length] = b; // one corrupted byte
          return new Uint8Array(buf);
        }),
      );
      fc.assert(
        fc.property(bytes, (buf) => {
          let text: string;
          try {
            text = decode(buf, "b.json");
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            expect((e as InputError).line).toBeGreaterThanOrEqual(1);
            return;
          }
          checkRun(text);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------- expressions

const FUNCTIONS = (
  "parameters variables copyIndex resourceGroup subscription deployment environment tenant resourceId subscriptionResourceId " +
  "tenantResourceId extensionResourceId if and or not bool true false null coalesce equals greater greaterOrEquals less lessOrEquals " +
  "add sub mul div mod int float min max range concat format string toLower toUpper trim split join replace substring indexOf " +
  "lastIndexOf startsWith endsWith padLeft base64 base64ToString base64ToJson dataUri dataUriToString uri uriComponent " +
  "uriComponentToString json guid uniqueString array createArray createObject empty length first last skip take contains union " +
  "intersection items objectKeys tryGet indexFromEnd tryIndexFromEnd shallowMerge flatten lambda lambdaVariables filter map " +
  "mapValues reduce sort toObject groupBy reference list listKeys newGuid utcNow frobnicate fn.double"
).split(" ");

const exprLeaf = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => `'${s.replace(/'/g, "''")}'`),
  fc.constantFrom("'a'", "''", "'{0}-{1}'", "'x,y,z'", "'[1,2]'", "'{\"a\":1}'", "'eyJhIjoxfQ=='", "'https://a.b/c?d=e'", "'00000000-0000-0000-0000-000000000000'"),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom("0", "-1", "2147483647", "9007199254740993", "100000000", "1e3", "1.5"),
  fc.constantFrom("true()", "false()", "null()", "parameters('p')", "parameters('o')", "parameters('a')", "variables('v')", "copyIndex()", "resourceGroup()", "deployment()", "lambdaVariables('x')", "reference('r')"),
);
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    exprLeaf,
    fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie("e") as fc.Arbitrary<string>, { maxLength: 4 })).map(([n, args]) => `${n}(${args.join(", ")})`),
    fc.tuple(tie("e") as fc.Arbitrary<string>, fc.constantFrom(".name", ".id", "?.x", "[0]", "[-1]", "['a']", "[1]", "?[2]", ".properties.y")).map(([t, acc]) => `${t}${acc}`),
    fc.tuple(fc.constantFrom("x", "y"), tie("e") as fc.Arbitrary<string>).map(([v, body]) => `lambda('${v}', ${body})`),
  ),
})).e as fc.Arbitrary<string>;
/** Token soup: mostly invalid syntax. */
const garbage = fc
  .array(fc.constantFrom("(", ")", ",", "'", "''", ".", "[", "]", "?", "concat", "if", "1", "-", " ", '"', "\\", "parameters", "'p'", "{", "}", "=", "@", "\u0000", "é", "\u{1F600}"), { maxLength: 30 })
  .map((t) => t.join(""));

function exprCtx(): ExprContext {
  const params: Record<string, Value> = { p: "Enabled", o: Object.assign(newObject(), { a: 1, name: "n" }), a: ["SharedKey", "AAD"] };
  const unknownIfMissing = (map: Record<string, Value>, kind: string) => (n: string) => {
    if (!(n in map)) throw new ExprError(`${kind} '${n}' is not declared`, 0);
    return map[n]!;
  };
  return {
    parameter: unknownIfMissing(params, "parameter"),
    variable: unknownIfMissing({ v: [1, 2, 3] }, "variable"),
    copyIndex: () => 2,
    userFunction: (ns, name) => (ns === "fn" && name === "double" ? { params: ["x"], output: ([x]) => (typeof x === "number" ? x * 2 : new Unknown("not a number")) } : undefined),
    resourceGroup: () => Object.assign(newObject(), { name: "rg", id: "/subscriptions/s/resourceGroups/rg", location: new Unknown("location") }),
    subscription: () => Object.assign(newObject(), { subscriptionId: "s", id: "/subscriptions/s" }),
    deployment: () => new Unknown("deployment"),
    environment: () => new Unknown("environment"),
    tenant: () => new Unknown("tenant"),
    managementGroup: () => new Unknown("mg"),
  };
}

function evalOutcome(s: string): string {
  try {
    const v = evaluateString(s, exprCtx());
    return `ok ${JSON.stringify(v, (_k, x: unknown) => (x instanceof Unknown ? "<unknown>" : typeof x === "object" && x && "kind" in x ? "<lambda>" : x))}`;
  } catch (e) {
    expect(e, `${s} threw ${(e as Error).stack}`).toBeInstanceOf(ExprError);
    const err = e as ExprError;
    expect(err.offset, s).toBeGreaterThanOrEqual(0);
    expect(err.offset, s).toBeLessThanOrEqual(s.length);
    return `error ${err.offset} ${err.message}`;
  }
}

describe("expression evaluator", () => {
  test(
    "random expressions from the grammar: a value or a located ExprError, deterministically, quickly",
    () => {
      fc.assert(
        fc.property(expr, (e) => {
          const s = `[${e}]`;
          const t0 = performance.now();
          const a = evalOutcome(s);
          expect(performance.now() - t0, s).toBeLessThan(2000);
          expect(evalOutcome(s)).toBe(a);
        }),
        { numRuns: RUNS * 4 },
      );
    },
    TIMEOUT,
  );

  test(
    "token soup: never anything but an ExprError",
    () => {
      fc.assert(
        fc.property(garbage, (g) => void evalOutcome(`[${g}]`)),
        { numRuns: RUNS * 4 },
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------- templates from the grammar

const batchValue = fc.oneof(
  fc.constantFrom(
    "Enabled",
    "Disabled",
    "SharedKey",
    "AAD",
    "TaskAuthenticationToken",
    "Microsoft.KeyVault",
    "Microsoft.Batch",
    "SystemAssigned",
    "UserAssigned",
    "None",
    "Deny",
    "Allow",
    "0.0.0.0/0",
    "10.0.0.0/8",
    "BatchService",
    "UserSubscription",
    "Standard_D2s_v3",
    "standard_a1",
  ),
  fc.constantFrom(
    "[reference('x').y]",
    "[parameters('p')]",
    "[parameters('s')]",
    "[variables('v')]",
    "[variables('w')]",
    "[concat('a', 'b')]",
    "[if(parameters('b'), 'Enabled', 'Disabled')]",
    "[frobnicate()]",
    "[[literal]",
    "[copyIndex()]",
    "[copyIndex('c')]",
    "[range(0, 100000000)]",
    "[parameters('missing')]",
    "[",
  ),
  expr.map((e) => `[${e}]`),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const propsArb = fc.dictionary(
  fc.constantFrom(
    "allowedAuthenticationModes",
    "publicNetworkAccess",
    "networkProfile",
    "encryption",
    "poolAllocationMode",
    "keyVaultReference",
    "autoStorage",
    "deploymentConfiguration",
    "networkConfiguration",
    "scaleSettings",
    "targetNodeCommunicationMode",
    "certificates",
    "userAccounts",
    "mountConfiguration",
    "vmSize",
    "copy",
    "__proto__",
    "constructor",
  ),
  fc.oneof(
    batchValue,
    fc.array(batchValue, { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("keySource", "defaultAction", "ipRules", "accountAccess", "provision", "value", "type", "password", "accountKey"), fc.oneof(batchValue, fc.array(batchValue, { maxLength: 3 })), {
      maxKeys: 4,
    }),
    fc.record({ copy: fc.constant([{ name: "ipRules", count: 2, input: { action: "Allow", value: "[concat('10.0.0.', copyIndex('ipRules'))]" } }]) }),
  ),
  { maxKeys: 8 },
);
const copyCount = fc.oneof(fc.integer({ min: -2, max: 4 }), fc.constantFrom(801, 1_000_000_000, "[parameters('n')]", "[length(variables('v'))]", "[int('x')]"), batchValue);
const resourceArb = fc.record(
  {
    type: fc.constantFrom(
      "Microsoft.Batch/batchAccounts",
      "Microsoft.Batch/batchAccounts/pools",
      "Microsoft.Batch/batchAccounts/certificates",
      "pools",
      "Microsoft.Insights/diagnosticSettings",
      "Microsoft.Resources/deployments",
      "[parameters('t')]",
    ),
    apiVersion: fc.constantFrom("2024-07-01", "2021-06-01", "2026-08-01", "x"),
    name: batchValue,
    location: fc.constantFrom("westeurope", "[resourceGroup().location]"),
    properties: fc.oneof(propsArb, batchValue),
    identity: fc.record({ type: batchValue }),
    condition: batchValue,
    copy: fc.record({ name: fc.constant("c"), count: copyCount }),
    dependsOn: fc.array(batchValue, { maxLength: 2 }),
  },
  { requiredKeys: ["type", "name"] },
);
const paramsArb = fc.dictionary(
  fc.constantFrom("p", "b", "t", "s", "n", "o"),
  fc.record({ type: fc.constantFrom("string", "bool", "int", "array", "secureString", "object", "secureObject"), defaultValue: fc.option(batchValue, { nil: undefined }) }),
  { maxKeys: 5 },
);
/** Variables may refer to each other, in cycles too. */
const varsArb = fc.dictionary(fc.constantFrom("v", "w", "u"), fc.oneof(batchValue, fc.constantFrom("[variables('w')]", "[variables('v')]", "[concat(variables('u'), 'x')]", "[parameters('p')]")), { maxKeys: 3 });
const templateArb = fc.letrec((tie) => ({
  template: fc.record(
    {
      $schema: fc.constant("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"),
      contentVersion: fc.constant("1.0.0.0"),
      parameters: paramsArb,
      variables: varsArb,
      resources: fc.array(fc.oneof({ depthSize: "small" }, resourceArb, tie("deployment")), { maxLength: 4 }),
    },
    { requiredKeys: ["$schema", "resources"] },
  ),
  deployment: fc.record({
    type: fc.constant("Microsoft.Resources/deployments"),
    apiVersion: fc.constant("2022-09-01"),
    name: batchValue,
    properties: fc.record({
      mode: fc.constant("Incremental"),
      expressionEvaluationOptions: fc.record({ scope: fc.constantFrom("inner", "outer", "x") }),
      parameters: fc.dictionary(fc.constantFrom("p", "s", "n"), fc.record({ value: batchValue }), { maxKeys: 3 }),
      template: tie("template"),
    }),
  }),
})).template;

describe("whole pipeline", () => {
  test(
    "random templates from the grammar: no crash, regions inside the file, deterministic",
    () => {
      fc.assert(
        fc.property(templateArb, fc.boolean(), (t, pretty) => void checkRun(JSON.stringify(t, null, pretty ? 2 : undefined))),
        { numRuns: PIPELINE_RUNS },
      );
    },
    TIMEOUT,
  );

  test(
    "random exported accounts: no crash, regions inside the file, deterministic",
    () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              id: fc.constant("/subscriptions/s/resourceGroups/r/providers/Microsoft.Batch/batchAccounts/a"),
              type: fc.constantFrom("Microsoft.Batch/batchAccounts", "microsoft.batch/batchaccounts", "Microsoft.Batch/batchAccounts/pools"),
              name: batchValue,
              properties: propsArb,
            }),
            { maxLength: 3 },
          ),
          (list) => void checkRun(JSON.stringify({ value: list }, null, 2)),
        ),
        { numRuns: PIPELINE_RUNS },
      );
    },
    TIMEOUT,
  );

  test(
    "JSONC decorations (comments, trailing commas, CRLF, BOM) of templates and arbitrary JSON",
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            jsoncText,
            templateArb.map((t) => JSON.stringify(t, null, 2)),
          ),
          (text) => void checkRun(text),
        ),
        { numRuns: PIPELINE_RUNS },
      );
    },
    TIMEOUT,
  );

  test(
    "arbitrary text never throws out of the pipeline",
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 200 }), (s) => void checkRun(s)),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  test(
    "lintPaths over a directory of random files: one outcome per file, deterministic, every region inside its file",
    async () => {
      const files = fc.sample(
        fc.oneof(
          templateArb.map((t) => Buffer.from(JSON.stringify(t, null, 2))),
          jsoncText.map((t) => Buffer.from(t)),
          fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
        ),
        { numRuns: Math.min(RUNS, 400), seed: Number(process.env.FUZZ_SEED ?? 8) },
      );
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-fuzz-"));
      try {
        const texts = new Map<string, string>();
        files.forEach((b, i) => {
          fs.writeFileSync(path.join(dir, `f${i}.json`), b);
          try {
            texts.set(`f${i}.json`, decode(b, "x").replace(/^\uFEFF/, ""));
          } catch {
            /* a decode error: reported for the file, not located in text */
          }
        });
        const run = () => lintPaths(["."], { rules, cwd: dir });
        const a = await run();
        const b = await run();
        expect(JSON.stringify(a.findings, dropFix)).toBe(JSON.stringify(b.findings, dropFix));
        expect(a.errors).toEqual(b.errors);
        expect(a.errors.filter((e) => e.code === "internal-error")).toEqual([]);
        expectLocatedInside(a, texts);
        // Every file is accounted for: linted, or an error for it.
        const failed = new Set(a.errors.map((e) => e.file));
        for (let i = 0; i < files.length; i++) expect(a.files!.includes(`f${i}.json`) || failed.has(`f${i}.json`), `f${i}.json`).toBe(true);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );

  test(
    "CLI on a sample of random files: exit code 0, 1 or 2, valid JSON, the same twice",
    () => {
      const bin = path.join(repoRoot, "dist/bundle/cli.js");
      const samples = fc.sample(
        fc.oneof(
          templateArb.map((t) => JSON.stringify(t)),
          jsoncText,
          fc.string({ maxLength: 60 }),
        ),
        { numRuns: 24, seed: Number(process.env.FUZZ_SEED ?? 8) },
      );
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-fuzz-cli-"));
      try {
        for (const [i, s] of samples.entries()) fs.writeFileSync(path.join(dir, `s${i}.json`), s);
        const codes = new Set<number | null>();
        const cli = (args: string[]) => spawnSync(process.execPath, [bin, ...args, "-f", "json"], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 26, timeout: 60_000 });
        const all = cli(["."]);
        expect([0, 1, 2]).toContain(all.status);
        expect(all.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
        const parsed = JSON.parse(all.stdout) as { findings: unknown[]; errors: { file: string }[] };
        expect(cli(["."]).stdout).toBe(all.stdout);
        for (let i = 0; i < 6; i++) {
          const one = cli([`s${i}.json`]);
          codes.add(one.status);
          expect([0, 1, 2], samples[i]).toContain(one.status);
          JSON.parse(one.stdout);
        }
        expect(parsed.findings.length + parsed.errors.length).toBeGreaterThan(0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------- mutated real templates (bench/fuzz.mjs)

describe("mutated real templates (a sample of bench/fuzz.mjs)", () => {
  const seeds = loadSeeds(repoRoot);
  const SEED = Number(process.env.FUZZ_SEED ?? 8);
  /** Library inputs of the runner (it sends a share to the CLI; here every index is linted in process). */
  const sample = Array.from({ length: Math.max(20, Math.round(RUNS / 3)) }, (_, i) => i);
  /**
   * Operations that ask for unbounded work (evaluation, copy loops, duplicate keys, nesting, linked files) are
   * left out here: in process a hang cannot be killed, so the runner, which can, covers them.
   */
  const EXPLOSIVE = new Set(["heavy", "varsChain", "udf", "propCopy", "copyLoop", "dupMany", "manyKeys", "deepNest", "linkedTemplate", "nestedDeployment", "whitespace"]);
  const inputOf = (i: number) => {
    const p = plan(seeds, SEED, i);
    const keep = (k: number) => !EXPLOSIVE.has(p.ops[k]!.t);
    return { files: build(seeds, p, "in", keep), what: `input ${i}: ${describePlan(seeds, p, keep)}` };
  };

  test("seeds: the corpus or fixtures are found, and the same input is made twice from its number", () => {
    expect(seeds.length).toBeGreaterThan(50);
    for (const i of [0, 1, 77]) {
      const a = build(seeds, plan(seeds, SEED, i));
      const b = build(seeds, plan(seeds, SEED, i));
      expect(a.map((f) => f.name)).toEqual(b.map((f) => f.name));
      expect(Buffer.concat(a.map((f) => f.bytes)).equals(Buffer.concat(b.map((f) => f.bytes)))).toBe(true);
    }
  });

  test(
    "lintPaths over mutated templates, exports, NDJSON and gzip: no throw, no internal error, regions inside, deterministic",
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-fuzz-mut-"));
      try {
        for (const i of sample) {
          const { files, what } = inputOf(i);
          const sub = path.join(dir, String(i));
          fs.mkdirSync(sub);
          for (const f of files) fs.writeFileSync(path.join(sub, f.name), f.bytes);
          const run = () => lintPaths([files[0]!.name], { rules, cwd: sub });
          const a = await run();
          expect(
            a.errors.filter((e) => e.code === "internal-error"),
            what,
          ).toEqual([]);
          if (/\.json$/.test(files[0]!.name)) {
            let text: string | undefined;
            try {
              text = decode(files[0]!.bytes, "x").replace(/^\uFEFF/, "");
            } catch {
              // not text: its error is checked above
            }
            if (text !== undefined) expectLocatedInside(a, new Map([[files[0]!.name, text]]));
          }
          if (i % 4 === 0) expect(JSON.stringify((await run()).findings, dropFix), what).toBe(JSON.stringify(a.findings, dropFix));
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );

  test(
    "every format over mutated inputs with hostile names and values: no workflow or logging command, no raw escape, valid JSON and XML",
    async () => {
      const formats = await Promise.all(Object.entries(FORMATTERS).map(async ([name, load]) => [name, await load()] as const));
      const problems = new Map<string, string>();
      for (const i of sample) {
        const { files, what } = inputOf(i);
        let text: string;
        try {
          text = decode(files[0]!.bytes, "x");
        } catch {
          continue;
        }
        const res = lintText(text, files[0]!.name, { rules });
        for (const [name, format] of formats) {
          for (const color of name === "stylish" ? [false, true] : [false]) {
            for (const pr of checkOutput(name, format(res, { rules, base: repoRoot, color, verbose: true, summary: color }), { color })) {
              if (!problems.has(pr.cat)) problems.set(pr.cat, `${what}: ${pr.msg}`);
            }
          }
        }
      }
      expect(Object.fromEntries(problems)).toEqual({});
    },
    TIMEOUT,
  );
});
