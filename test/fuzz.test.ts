/**
 * Property-based tests over the parser, the expression evaluator and the whole pipeline. `npm test` runs a
 * bounded number of cases; `npm run fuzz` raises it (FUZZ_RUNS, default there 20000).
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { rules } from "../rules/index.js";
import { lintText } from "../src/lint.js";
import { InputError, parseDocument } from "../src/parse/document.js";
import { LineIndex } from "../src/parse/document.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** Invariants of one lint run: no throw, located errors, regions inside the text, deterministic output. */
function checkRun(text: string) {
  const run = () => lintText(text, "f.json", { rules });
  const a = run();
  const b = run();
  expect(JSON.stringify(a.findings, dropFix)).toBe(JSON.stringify(b.findings, dropFix));
  expect(a.errors).toEqual(b.errors);
  const idx = new LineIndex(text.replace(/^\uFEFF/, ""));
  for (const f of a.findings) {
    const r = f.region;
    expect(r.startLine).toBeGreaterThanOrEqual(1);
    expect(r.endLine).toBeLessThanOrEqual(idx.lineCount);
    expect(r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn)).toBe(true);
    expect(r.charOffset + r.charLength).toBeLessThanOrEqual(text.length);
  }
  for (const e of a.errors) expect(e.line).toBeGreaterThanOrEqual(1);
}
const dropFix = (k: string, v: unknown) => (k === "fixInput" ? undefined : v);

const batchValue = fc.oneof(
  fc.constantFrom("Enabled", "Disabled", "SharedKey", "AAD", "Microsoft.KeyVault", "Microsoft.Batch", "SystemAssigned", "UserAssigned", "None", "Deny", "Allow", "0.0.0.0/0", "10.0.0.0/8", "[reference('x').y]", "[parameters('p')]", "[variables('v')]", "[concat('a', 'b')]", "[if(parameters('b'), 'Enabled', 'Disabled')]", "[frobnicate()]", "[[literal]"),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const propsArb = fc.dictionary(
  fc.constantFrom("allowedAuthenticationModes", "publicNetworkAccess", "networkProfile", "encryption", "poolAllocationMode", "keyVaultReference", "autoStorage", "deploymentConfiguration", "networkConfiguration", "scaleSettings", "targetNodeCommunicationMode", "certificates", "userAccounts", "mountConfiguration", "copy", "__proto__"),
  fc.oneof(batchValue, fc.array(batchValue, { maxLength: 4 }), fc.dictionary(fc.constantFrom("keySource", "defaultAction", "ipRules", "accountAccess", "provision", "value", "type"), fc.oneof(batchValue, fc.array(batchValue, { maxLength: 3 })), { maxKeys: 4 })),
  { maxKeys: 8 },
);
const resourceArb = fc.record({
  type: fc.constantFrom("Microsoft.Batch/batchAccounts", "Microsoft.Batch/batchAccounts/pools", "Microsoft.Batch/batchAccounts/certificates", "pools", "Microsoft.Insights/diagnosticSettings", "[parameters('t')]"),
  apiVersion: fc.constantFrom("2024-07-01", "2021-06-01", "2026-08-01", "x"),
  name: batchValue,
  properties: fc.oneof(propsArb, batchValue),
  identity: fc.option(fc.record({ type: batchValue }), { nil: undefined }),
  condition: fc.option(batchValue, { nil: undefined }),
  copy: fc.option(fc.record({ name: fc.constant("c"), count: fc.oneof(fc.integer({ min: -2, max: 4 }), batchValue) }), { nil: undefined }),
});
const templateArb = fc.record({
  $schema: fc.constant("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"),
  contentVersion: fc.constant("1.0.0.0"),
  parameters: fc.dictionary(fc.constantFrom("p", "b", "t", "s"), fc.record({ type: fc.constantFrom("string", "bool", "array", "secureString", "object"), defaultValue: fc.option(batchValue, { nil: undefined }) }), { maxKeys: 4 }),
  variables: fc.dictionary(fc.constantFrom("v", "w"), batchValue, { maxKeys: 2 }),
  resources: fc.array(resourceArb, { maxLength: 4 }),
});

describe("property-based", () => {
  test("arbitrary JSON and JSONC: parse either succeeds or raises a located InputError", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.string({ maxLength: 20 }), fc.nat(), (v, noise, at) => {
        const text = JSON.stringify(v, null, 1) ?? "null";
        const cut = at % (text.length + 1);
        for (const t of [text, `// c\n${text}`, text.slice(0, cut) + noise + text.slice(cut), `\uFEFF${text}`]) {
          try {
            parseDocument(t, "x.json");
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            expect((e as InputError).line).toBeGreaterThanOrEqual(1);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  test("random templates from the grammar: no crash, regions inside the file, deterministic", () => {
    fc.assert(fc.property(templateArb, fc.boolean(), (t, pretty) => checkRun(JSON.stringify(t, null, pretty ? 2 : undefined))), { numRuns: RUNS });
  });

  test("random exported accounts: no crash, regions inside the file, deterministic", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.constant("/subscriptions/s/resourceGroups/r/providers/Microsoft.Batch/batchAccounts/a"), type: fc.constantFrom("Microsoft.Batch/batchAccounts", "microsoft.batch/batchaccounts", "Microsoft.Batch/batchAccounts/pools"), name: batchValue, properties: propsArb }), { maxLength: 3 }), (list) =>
        checkRun(JSON.stringify({ value: list }, null, 2)),
      ),
      { numRuns: RUNS },
    );
  });

  test("arbitrary text never throws out of the pipeline", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => checkRun(s)), { numRuns: RUNS });
  });
});
