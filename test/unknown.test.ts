/**
 * No rule reports on an unknown value: every ARM invalid fixture is rewritten so that each resource's name,
 * identity and properties come from reference() (unknown), and must then produce no finding of its rule.
 * Rules about the template itself (parameters, outputs, apiVersion, resource types present) are excluded.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";

const NOT_VALUE_BASED = new Set(["BATCH020", "BATCH021", "BATCH901", "BATCH902", "BATCH905"]);
/** Fixtures whose finding is about a literal outside name/identity/properties, which stays known. */
const LITERAL_ELSEWHERE = new Set(["BATCH904/arm-property-outside-properties.json"]);

function unknownify(resources: unknown[]): void {
  for (const r of resources as Record<string, unknown>[]) {
    if (!r || typeof r !== "object") continue;
    for (const key of ["name", "identity", "properties"]) if (key in r) r[key] = `[reference('x').${key}]`;
    if (Array.isArray(r.resources)) unknownify(r.resources);
  }
}

describe("no rule fires on an unknown value", () => {
  for (const rule of rules) {
    if (NOT_VALUE_BASED.has(rule.meta.id)) continue;
    const dir = path.join(repoRoot, "fixtures", rule.meta.id, "invalid");
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith("arm-") && /\.jsonc?$/.test(f) && !LITERAL_ELSEWHERE.has(`${rule.meta.id}/${f}`)) : [];
    for (const file of files) {
      test(`${rule.meta.id} ${file}`, () => {
        const doc = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8").replace(/^\s*\/\/.*$|\/\*[\s\S]*?\*\//gm, "").replace(/,(\s*[}\]])/g, "$1"));
        unknownify(Array.isArray(doc.resources) ? doc.resources : Object.values(doc.resources));
        const r = lintText(JSON.stringify(doc, null, 2), file, { rules: [rule] });
        expect(r.errors).toEqual([]);
        expect(r.findings.map((f) => f.message)).toEqual([]);
      });
    }
  }
});
