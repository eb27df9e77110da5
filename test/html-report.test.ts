/** The HTML report's Location column and rule links, in the page as written (the browser side: html-report.e2e.test.ts). */
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths } from "../src/pipeline/run.js";
import { html, locationHtml } from "../src/output/html.js";
import { helpUri } from "../src/output/catalog.js";
import { repoRoot } from "./helpers.js";

const ctx = { rules, base: repoRoot, color: false };

describe("html report: locations wrap only at path separators", () => {
  test("each segment is kept whole, with a <wbr> after each '/', escaped", () => {
    expect(locationHtml("fixtures/BATCH001/invalid/arm-modes-missing.json:10:7")).toBe(
      '<code class="loc"><span>fixtures/</span><wbr><span>BATCH001/</span><wbr><span>invalid/</span><wbr><span>arm-modes-missing.json:10:7</span></code>',
    );
    expect(locationHtml("a.json:1:2")).toBe('<code class="loc"><span>a.json:1:2</span></code>');
    expect(locationHtml('d<&>/x".json:1:1')).toBe('<code class="loc"><span>d&lt;&amp;&gt;/</span><wbr><span>x&quot;.json:1:1</span></code>');
  });

  test("the findings table's Location cells and the page's CSS and script use it", async () => {
    const r = await lintPaths(["fixtures/BATCH001/invalid"], { rules, cwd: repoRoot, base: repoRoot });
    const page = html(r, ctx);
    const cells = [...page.matchAll(/<td>(<code class="loc">.*?<\/code>)<\/td><\/tr>/g)].map((m) => m[1]!);
    expect(cells.length).toBe(Math.min(r.findings.length, 500));
    for (const c of cells) expect(c).toMatch(/^<code class="loc"><span>fixtures\/<\/span><wbr><span>BATCH001\/<\/span><wbr><span>invalid\/<\/span><wbr><span>[\w.-]+:\d+:\d+<\/span><\/code>$/);
    // break-all (the old rule for every <code>) is overridden for locations, and a segment never wraps.
    expect(page).toContain("code.loc{word-break:normal;overflow-wrap:normal}code.loc span{white-space:nowrap}");
    // Rows the script makes from the page's data (later pages, sorting, filtering, an account's findings) too.
    expect(page).toContain("code.append(loc(f[5]))");
    expect(page).toContain("' '+f[2]+' ',loc(f[3])");
  });
});

describe("html report: rule documentation links", () => {
  test("each listed rule links to its page at the version's tag", async () => {
    const r = await lintPaths(["fixtures/BATCH001/invalid"], { rules, cwd: repoRoot, base: repoRoot });
    const page = html(r, ctx);
    const rule = rules.find((x) => x.meta.id === "BATCH001")!;
    expect(page).toContain(
      `<div class="rule" id="rule-BATCH001"><h3>BATCH001 shared-key-auth-disabled: Shared key authentication must be disabled</h3><p><a class="doc" href="${helpUri(rule)}" rel="noopener noreferrer">Rule documentation</a></p>`,
    );
  });
});
