/** Worker results are packed (string table + integers) and rebuilt on the main thread: nothing may change. */
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths } from "../src/pipeline/run.js";
import { Packer, unpackResult } from "../src/parallel/transfer.js";
import { ResultBuilder } from "../src/pipeline/result.js";
import { RunContext } from "../src/context.js";
import { repoRoot } from "./helpers.js";

describe("packed results", () => {
  test("every fixture's findings (related locations, fixes, conditions; suppressions, baseline states), errors, notes and resources survive the trip", async () => {
    const r = await lintPaths(["fixtures"], { rules, cwd: repoRoot, base: repoRoot });
    expect(r.findings.some((f) => f.related.length)).toBe(true);
    expect(r.findings.some((f) => f.fix)).toBe(true);
    // Set by suppressions and baselines (exercised in their own tests): carried as they are.
    r.findings[3]!.suppression = { kind: "inSource", justification: "accepted risk", source: "a.json:1:1" };
    r.findings[5]!.baselineState = "unchanged";
    r.findings[5]!.fingerprint = "abc";
    expect(r.findings.some((f) => f.conditional)).toBe(true);
    expect(r.errors.length + r.notes.length).toBeGreaterThan(0);
    // Packed in two parts, as a worker packs record by record.
    const half = Math.floor(r.findings.length / 2);
    const p = new Packer();
    p.add({ ...r, findings: r.findings.slice(0, half), errors: [], notes: [], filesLinted: 0, resourcesChecked: 0, files: [], checkedResources: [] });
    p.add({ ...r, findings: r.findings.slice(half) });
    const packed = structuredClone(p.finish());
    const back = new ResultBuilder(true);
    unpackResult(packed, back, new RunContext());
    expect(JSON.stringify(back)).toBe(JSON.stringify({ ...r, baseline: undefined }));
    // Findings that shared one resource summary object still share one (and only those).
    const map = new Map<object, object>();
    r.findings.forEach((f, i) => {
      const out = back.findings[i]!.resource;
      if (map.has(f.resource)) expect(out).toBe(map.get(f.resource));
      else map.set(f.resource, out);
    });
    expect(new Set(map.values()).size).toBe(map.size);
  });
});
