/** Guardrails: every rule is registered, documented and has fixtures in both forms (its generated pages: test/docs.test.ts). */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { interpolate } from "../src/engine/run.js";
import { repoRoot } from "./helpers.js";

const TAGS = new Set(["security", "identity", "network", "encryption", "secrets", "retirement", "reliability", "correctness", "monitoring", "cost", "hygiene"]);
const ruleFiles = fs
  .readdirSync(path.join(repoRoot, "rules"))
  .filter((f) => /^BATCH\d{3}\.ts$/.test(f))
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();

describe("rule registry", () => {
  test("rules/index.ts lists exactly the rule files", () => {
    expect(rules.map((r) => r.meta.id).sort()).toEqual(ruleFiles);
  });
  test("ids and names are unique and well-formed", () => {
    const ids = rules.map((r) => r.meta.id);
    const names = rules.map((r) => r.meta.name);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(names).size).toBe(names.length);
    for (const r of rules) {
      expect(r.meta.id).toMatch(/^BATCH(0\d\d|1\d\d|9\d\d)$/);
      expect(r.meta.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });
  test("fixture folders all belong to a rule", () => {
    const dirs = fs.readdirSync(path.join(repoRoot, "fixtures")).filter((d) => /^BATCH/.test(d));
    for (const d of dirs) expect(ruleFiles, `fixtures/${d} has no rule`).toContain(d);
  });
});

for (const rule of rules) {
  const m = rule.meta;
  describe(`${m.id} metadata`, () => {
    test("docs are complete", () => {
      expect(m.title).toMatch(/^[A-Z]/);
      expect(m.title).not.toMatch(/\.$/);
      for (const k of ["summary", "rationale", "remediation"] as const) expect(m.docs[k].trim().length, k).toBeGreaterThan(20);
      expect(m.docs.references.length).toBeGreaterThan(0);
      for (const r of m.docs.references) expect(r).toMatch(/^https:\/\/\S+$/);
      for (const t of m.tags) expect(TAGS.has(t), `tag ${t}`).toBe(true);
      // GitHub code scanning reads security-severity only on results of rules tagged "security" (SARIF properties.tags).
      if (m.securitySeverity !== undefined) expect(m.tags, "a rule with securitySeverity is tagged security").toContain("security");
      expect(["error", "warning", "note"]).toContain(m.severity);
      expect(Object.keys(m.messages).length).toBeGreaterThan(0);
      if (m.resourceTypes.length === 0) expect(rule.checkDocument, "document rule needs checkDocument").toBeTypeOf("function");
      else expect(rule.check ?? rule.checkDocument).toBeTypeOf("function");
    });
    test("has valid and invalid fixtures in ARM and exported forms", () => {
      for (const kind of ["valid", "invalid"]) {
        const dir = path.join(repoRoot, "fixtures", m.id, kind);
        const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.jsonc?$/.test(f) && !/\.parameters\.json$/.test(f)) : [];
        expect(
          files.some((f) => f.startsWith("arm-")),
          `${kind}: an arm-*.json fixture`,
        ).toBe(true);
        if (!m.templateOnly)
          expect(
            files.some((f) => f.startsWith("export-")),
            `${kind}: an export-*.json fixture`,
          ).toBe(true);
      }
    });
    test("every message id appears in an invalid snapshot", () => {
      const dir = path.join(repoRoot, "fixtures", m.id, "invalid");
      const snaps = fs.existsSync(dir)
        ? fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".findings.txt"))
            .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
            .join("\n")
        : "";
      for (const [id, template] of Object.entries(m.messages)) {
        // The fixed text before the first placeholder must show up in some snapshot.
        const fixed = template.split("{{")[0]!.trim();
        if (fixed.length >= 8) expect(snaps.includes(fixed), `message '${id}' never exercised by an invalid fixture`).toBe(true);
      }
    });
  });
}

describe("rules use only the public API", () => {
  /** What a file in rules/ may import: the rule API (what plugins get from "batchlint"), sibling rule files, Node built-ins. */
  const allowed = (spec: string) => spec === "../src/rule.js" || /^\.\/[\w.-]+\.js$/.test(spec) || spec.startsWith("node:");
  /** Module specifiers of every static import and re-export (also multi-line and type-only), and side-effect imports. */
  const specifiers = (text: string) => [
    ...[...text.matchAll(/^\s*(?:import|export)\s[\w\s{},*$]*?\bfrom\s*["']([^"']+)["']/gm)].map((m) => m[1]!),
    ...[...text.matchAll(/^\s*import\s*["']([^"']+)["']/gm)].map((m) => m[1]!),
  ];
  const files = fs.readdirSync(path.join(repoRoot, "rules")).filter((f) => /\.[cm]?[jt]s$/.test(f));
  test.each(files)("rules/%s imports only ../src/rule.js", (f) => {
    const text = fs.readFileSync(path.join(repoRoot, "rules", f), "utf8");
    const specs = specifiers(text);
    if (/^BATCH/.test(f)) expect(specs, "a rule imports defineRule from ../src/rule.js").toContain("../src/rule.js");
    expect(
      specs.filter((s) => !allowed(s)),
      "engine internals are not reachable by plugins: export what rules need from src/rule.ts",
    ).toEqual([]);
    // A computed import would escape the check above.
    expect(/\bimport\s*\(|\brequire\s*\(/.test(text), "no dynamic import or require in a rule").toBe(false);
  });
});

describe("messages", () => {
  test("the same values give the same message object; others, and values that hold the key's separator, their own", () => {
    const t = "{{a}} and {{b}} ({{c}})";
    const m = interpolate(t, { a: "x", b: 1, c: true });
    expect(m).toBe("x and 1 (true)");
    expect(interpolate(t, { a: "x", b: 1, c: true })).toBe(m);
    expect(interpolate(t, { a: "x", b: 2, c: true })).toBe("x and 2 (true)");
    // Values are joined by NUL in the memo's key: ("x\0y", "z") and ("x", "y\0z") must not be taken for each other.
    expect(interpolate(t, { a: "x\u0000y", b: "z", c: "" })).toBe("x\u0000y and z ()");
    expect(interpolate(t, { a: "x", b: "y\u0000z", c: "" })).toBe("x and y\u0000z ()");
    expect(interpolate("only {{one}}", { one: "v" })).toBe("only v");
    expect(interpolate("no placeholder", {})).toBe("no placeholder");
    // A placeholder not supplied is a rule's bug, reported every time, memo or not.
    expect(() => interpolate(t, { a: "x", b: 1 }, "BATCH000")).toThrow(/BATCH000: message placeholder \{\{c\}\} not supplied/);
    expect(() => interpolate(t, { a: "x", c: true }, "BATCH000")).toThrow(/\{\{b\}\} not supplied/);
  });
});
