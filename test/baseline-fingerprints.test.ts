/** Baseline fingerprints, in-process (the CLI workflow is in baseline.e2e.test.ts). */
import { describe, expect, test } from "vitest";
import { coreRules as rules } from "./cli-run.js";
import { lintText } from "../src/pipeline/run.js";
import { applyBaseline, createBaseline, fingerprintFindings } from "../src/post/baseline.js";
import { account } from "./cli-run.js";

describe("fingerprints", () => {
  test("identical keys get occurrence counters; fingerprints ignore line numbers", () => {
    const text = JSON.stringify([JSON.parse(account("a", { allowedAuthenticationModes: ["SharedKey", "AAD"] })), JSON.parse(account("a", { allowedAuthenticationModes: ["SharedKey", "AAD"] }))]);
    const r = lintText(text, "x.json", { rules });
    fingerprintFindings(r.findings, (f) => f);
    const fps = r.findings.map((f) => f.fingerprint!);
    expect(fps[0]!.split(":")[0]).toBe(fps[1]!.split(":")[0]);
    expect(fps.map((f) => f.split(":")[1])).toEqual(["1", "2"]);
    const shifted = lintText(`\n\n\n${text}`, "x.json", { rules });
    fingerprintFindings(shifted.findings, (f) => f);
    expect(shifted.findings.map((f) => f.fingerprint)).toEqual(fps);
  });

  test("suppressed findings are not recorded", () => {
    const r = lintText(account("a", { allowedAuthenticationModes: ["SharedKey", "AAD"] }), "x.json", { rules });
    r.findings[0]!.suppression = { kind: "external", justification: "x" };
    expect(createBaseline(r.findings, (f) => f).entries).toHaveLength(0);
    expect(applyBaseline(r.findings, { version: 1, tool: "batchlint", entries: [] }, (f) => f)).toEqual([]);
    expect(r.findings[0]!.baselineState).toBeUndefined();
  });
});
