import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths, lintText } from "../src/pipeline/run.js";
import { github, escapeData, escapeProperty } from "../src/output/github.js";
import { junit } from "../src/output/junit.js";
import { markdown, cell, codeCell, MAX_MARKDOWN_CHARS } from "../src/output/markdown.js";
import type { Finding, LintResult } from "../src/engine/findings.js";
import { repoRoot } from "./helpers.js";

const ctx = { rules, base: repoRoot, color: false };

/** Well-formedness by a real XML parser: Python's expat (python3 comes with pre-commit, which .ci/run installs). */
const python = ["python3", "/usr/bin/python3"].find((p) => spawnSync(p, ["-c", "import xml.dom.minidom"]).status === 0);
if (!python && process.env.CI) throw new Error("python3 is needed to check the JUnit XML with a real parser");
function expatError(x: string): string {
  if (!python) return "";
  const r = spawnSync(python, ["-c", "import sys, xml.dom.minidom\ntry:\n  xml.dom.minidom.parse(sys.stdin.buffer)\nexcept Exception as e:\n  print(e)"], { input: x, encoding: "utf8" });
  return r.stdout.trim() + r.stderr.trim();
}

/** Minimal XML well-formedness: balanced tags, quoted attributes, only the five entities; and expat's verdict. */
function wellFormed(x: string): boolean {
  const error = expatError(x);
  if (error) throw new Error(`not well-formed XML: ${error}`);
  const body = x.replace(/^<\?xml[^?]*\?>\s*/, "");
  if (/&(?!(lt|gt|amp|quot|apos);)/.test(body)) return false;
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else if (!m[4]) stack.push(m[2]!);
  }
  return stack.length === 0 && !/<(?![/A-Za-z?])/.test(body);
}

describe("github workflow commands", () => {
  test("escaping follows @actions/core", () => {
    expect(escapeData("a%b\r\nc")).toBe("a%25b%0D%0Ac");
    expect(escapeProperty("dir:x,y.json")).toBe("dir%3Ax%2Cy.json");
  });
  test("one annotation per finding with full position, notes as notices", async () => {
    const r = await lintPaths(["examples/export-az-noncompliant.json"], { rules, cwd: repoRoot, base: repoRoot });
    const out = github(r, ctx).trim().split("\n");
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(/^::error file=examples\/export-az-noncompliant\.json,line=6,col=5,endLine=6,endColumn=16,title=BATCH001 shared-key-auth-disabled::allowedAuthenticationModes includes 'SharedKey'/);
    expect(out[3]).toMatch(/^::warning /);
    const note = lintText('{"id":"/x","name":"abc","type":"Microsoft.Batch/batchAccounts","properties":{"allowedAuthenticationModes":["AAD"],"publicNetworkAccess":"Disabled"}}', "n.json", { rules });
    expect(github(note, ctx)).toMatch(/^::notice file=n\.json/m);
  });
});

describe("junit", () => {
  test("well-formed XML, a suite per file, parse errors as <error>", async () => {
    const r = await lintPaths(["fixtures/BATCH001", "fixtures/engine/errors"], { rules, cwd: repoRoot, base: repoRoot });
    const x = junit(r, ctx);
    expect(wellFormed(x)).toBe(true);
    if (python) expect(() => wellFormed("<a><b></a>")).toThrow(/mismatched tag/);
    expect(x).toContain('<testsuite name="fixtures/BATCH001/invalid/arm-sharedkey-listed.jsonc"');
    expect(x).toMatch(/<error type="evaluation-error" message="unknown function &apos;frobnicate&apos;/);
    expect(wellFormed(junit(lintText('{"id":"/x","name":"a<&>\\u0001","type":"Microsoft.Batch/batchAccounts","properties":{}}', "w&ird<.json", { rules }), ctx))).toBe(true);
  });
});

describe("markdown", () => {
  test("summary table, escaped cells, clean run", async () => {
    const r = await lintPaths(["examples"], { rules, cwd: repoRoot, base: repoRoot });
    const md = markdown(r, ctx);
    expect(md).toContain("**3** errors, **1** warning, **0** notes in 1 of 2 files.");
    expect(md).toContain("| error | `examples/export-az-noncompliant.json:6:5` | BATCH001 |");
    // A line break from the input is shown escaped (`\n`, its backslash escaped for Markdown), not joined with a space.
    expect(cell("a|b\n<script>")).toBe("a\\|b\\\\n&lt;script&gt;");
    expect(markdown({ findings: [], errors: [], notes: [], filesLinted: 3, resourcesChecked: 3 }, ctx)).toContain("No problems in 3 files.");
  });

  test("locations are code spans: no backslash escapes inside (they would show), pipes escaped for the table", () => {
    expect(codeCell("infra/batch_account*.json:1:2")).toBe("`infra/batch_account*.json:1:2`");
    expect(codeCell("a|b.json")).toBe("`a\\|b.json`");
    expect(codeCell("we`ird.json")).toBe("``we`ird.json``");
    expect(codeCell("`x")).toBe("`` `x ``");
    const r = lintText('{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{}}', "infra/batch_account.json", { rules });
    expect(markdown(r, ctx)).toContain("| `infra/batch_account.json:1:51` |");
  });

  test("stays under GitHub's comment size limit, saying how many rows were left out", () => {
    const one = lintText('{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{}}', "a.json", { rules }).findings[0]!;
    const findings: Finding[] = Array.from({ length: 5000 }, (_, i) => ({ ...one, message: `finding number ${i} ${"x".repeat(40)}` }));
    const md = markdown({ findings, errors: [], notes: [], filesLinted: 1, resourcesChecked: 1 }, ctx);
    expect(md.length).toBeLessThan(65_536);
    expect(md.length).toBeGreaterThan(MAX_MARKDOWN_CHARS - 200);
    expect(md).toContain("**5000** errors");
    const shown = md.split("\n").filter((l) => l.startsWith("| error |")).length;
    expect(md).toContain(`${5000 - shown} more rows not shown`);
  });
});

describe("json written piece by piece", () => {
  test("the pieces make exactly JSON.stringify of the whole result (many findings, none, summary, baseline)", async () => {
    const { json, jsonChunks } = await import("../src/output/json.js");
    const { VERSION } = await import("../src/version.js");
    const { summarize } = await import("../src/output/summary.js");
    const r = await lintPaths(["fixtures"], { rules, cwd: repoRoot, base: repoRoot });
    // More findings than one piece holds (1,000), with a baseline section and a summary.
    const many = { ...r, findings: [...r.findings, ...r.findings, ...r.findings], baseline: { file: "b.json", unmatched: [{ fingerprint: "f", ruleId: "BATCH001", file: "a.json", resource: "x", propertyPath: "p" }] } };
    expect(many.findings.length).toBeGreaterThan(2500);
    const cases: [LintResult, boolean][] = [
      [many, true],
      [many, false],
      [{ ...r, findings: [] }, false],
    ];
    for (const [result, summary] of cases) {
      const whole = `${JSON.stringify(
        {
          tool: "batchlint",
          version: VERSION,
          findings: result.findings.map((f) => JSON.parse(json({ ...result, findings: [f], errors: [], baseline: undefined }, { ...ctx, summary: false })).findings[0]),
          errors: result.errors,
          filesLinted: result.filesLinted,
          ...(result.baseline ? { baseline: result.baseline } : {}),
          ...(summary ? { summary: summarize(result) } : {}),
        },
        null,
        2,
      )}\n`;
      const pieces = [...jsonChunks(result, { ...ctx, summary })];
      expect(pieces.length).toBeGreaterThan(summary || result.findings.length ? 2 : 1);
      expect(pieces.join("")).toBe(whole);
    }
  });

  test("stylish in pieces: the same lines as one block per finding, whatever the piece boundaries", async () => {
    const { stylish, stylishChunks } = await import("../src/output/stylish.js");
    const r = await lintPaths(["fixtures"], { rules, cwd: repoRoot, base: repoRoot });
    const one = { ...r, errors: [], notes: [] };
    const three = { ...one, findings: [...r.findings, ...r.findings, ...r.findings] };
    const plain = { ...ctx, color: false, summary: false };
    const s1 = stylish(one, plain);
    const body = s1.slice(0, s1.lastIndexOf("\n\n✖"));
    const tail = (t: string) => t.slice(t.lastIndexOf("\n\n✖"));
    const pieces = [...stylishChunks(three, plain)];
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join("")).toBe(`${body}\n${body}\n${body}${tail(stylish(three, plain))}`);
    expect(tail(pieces.join(""))).toMatch(new RegExp(`^\\n\\n✖ ${three.findings.length} problems`));
    expect([...stylishChunks({ ...one, findings: [] }, plain)].join("")).toBe("");
  });
});

describe("html report at audit scale", () => {
  test("tables are capped (findings of every rule, accounts with most findings) and say so; the counts cover everything", async () => {
    const { html } = await import("../src/output/html.js");
    const r = await lintPaths(["fixtures/audit"], { rules, cwd: repoRoot, base: repoRoot });
    const rows = (page: string, table: string) =>
      (
        page
          .split(`<table${table}>`)[1]!
          .split("</table>")[0]!
          .match(/<tr data-/g) ?? []
      ).length;
    const full = html(r, ctx);
    expect(full).not.toContain("findings-truncated");
    expect(rows(full, ' id="findings"')).toBe(r.findings.length);
    const accounts = rows(full, ' id="accounts-table"');
    expect(accounts).toBeGreaterThan(6);

    const capped = html(r, ctx, 5);
    expect(rows(capped, ' id="findings"')).toBe(5);
    expect(rows(capped, ' id="accounts-table"')).toBe(5);
    expect(capped).toContain(`Findings (<span id="shown">5</span> of 5 listed, ${r.findings.length} in all)`);
    expect(capped).toContain('id="findings-truncated"');
    expect(capped).toContain(`The 5 accounts with the most findings of ${accounts}`);
    // Every rule is listed, though one rule has more findings than the table has rows; errors first.
    const byRule = (fs: readonly { ruleId: string }[]) => [...new Set(fs.map((f) => f.ruleId))].sort();
    const perRule = new Map<string, number>();
    for (const f of r.findings) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
    expect(Math.max(...perRule.values())).toBeGreaterThan(5);
    expect(perRule.size).toBeGreaterThan(1);
    const listedRows = capped.split('<table id="findings">')[1]!.split("</table>")[0]!;
    const listedRules = [...listedRows.matchAll(/<td><b>(BATCH\d{3})<\/b>/g)].map((m) => m[1]!);
    expect([...new Set(listedRules)].sort()).toEqual(byRule(r.findings));
    const severities = [...listedRows.matchAll(/<tr data-severity="(\w+)"/g)].map((m) => m[1]!);
    const rank = { error: 3, warning: 2, note: 1 } as Record<string, number>;
    expect(severities.map((x) => rank[x]!)).toEqual([...severities.map((x) => rank[x]!)].sort((a, b) => b - a));
    expect(capped).toContain(`The table lists 5 of the ${r.findings.length} findings: at most `);
    // The overview counts every finding either way.
    const overview = (page: string) => page.split('<section id="overview">')[1]!.split("</section>")[0];
    expect(overview(capped)).toBe(overview(full));
  });
});

describe("html report: accounts' findings in a JSON block", () => {
  test("no text of a finding can close the block or the page's script; it reads back unchanged", async () => {
    const { html } = await import("../src/output/html.js");
    const r = await lintPaths(["fixtures/audit"], { rules, cwd: repoRoot, base: repoRoot });
    const evil = "x </script><script>alert(1)</script> <!-- y";
    const findings = r.findings.map((f, i) => (i === 0 ? { ...f, message: evil } : f));
    const page = html({ ...r, findings }, ctx);
    expect(page).not.toContain("</script><script>alert(1)");
    expect(page).not.toContain("<!-- y");
    const block = page.split('<script type="application/json" id="account-findings">')[1]!.split("</script>")[0]!;
    const lists = JSON.parse(block) as string[][][];
    expect(lists.flat().map((f) => f[2])).toContain(evil);
    expect(lists.flat().length).toBe(findings.filter((f) => f.resource.type.toLowerCase() === "microsoft.batch/batchaccounts").length);
  });
});

describe("the findings an html table lists when there are more than it holds", () => {
  const make = (ruleId: string, severity: Finding["severity"], n: number): Finding[] => Array.from({ length: n }, (_, i) => ({ ruleId, severity, line: i }) as unknown as Finding);
  test("the same number of each rule (the most that fits), in the order given, errors first", async () => {
    const { listedFindings } = await import("../src/output/html.js");
    const findings = [...make("BATCH009", "note", 100), ...make("BATCH001", "error", 50), ...make("BATCH005", "warning", 3)];
    const { listed, perRule } = listedFindings(findings, 20);
    // 3 of BATCH005 leave 17 rows: 8 each for the other two (8 + 8 + 3 = 19; 9 each would be 21).
    expect(perRule).toBe(8);
    expect(listed.map((f) => `${f.ruleId}:${(f as unknown as { line: number }).line}`)).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `BATCH001:${i}`),
      ...Array.from({ length: 3 }, (_, i) => `BATCH005:${i}`),
      ...Array.from({ length: 8 }, (_, i) => `BATCH009:${i}`),
    ]);
  });
  test("all of them when they fit; one of each of the most severe rules when the rules outnumber the rows", async () => {
    const { listedFindings } = await import("../src/output/html.js");
    const few = [...make("BATCH009", "note", 2), ...make("BATCH001", "error", 2)];
    expect(listedFindings(few, 4).listed).toEqual(few);
    const many = [...make("BATCH021", "note", 5), ...make("BATCH009", "note", 5), ...make("BATCH005", "warning", 5), ...make("BATCH001", "error", 5)];
    expect(listedFindings(many, 3).listed.map((f) => f.ruleId)).toEqual(["BATCH001", "BATCH005", "BATCH009"]);
  });
});

describe("github and junit written piece by piece", () => {
  test("the same output as one pass: lines and test cases in order, whatever the piece boundaries", async () => {
    const { githubChunks } = await import("../src/output/github.js");
    const { junitChunks } = await import("../src/output/junit.js");
    const r = await lintPaths(["fixtures/BATCH001", "fixtures/engine/errors", "fixtures/audit"], { rules, cwd: repoRoot, base: repoRoot });
    expect(r.errors.length).toBeGreaterThan(0);
    const one = { ...r, errors: [] };
    const many = { ...one, findings: Array.from({ length: 60 }, () => r.findings).flat() };
    expect(many.findings.length).toBeGreaterThan(2000);

    const g = [...githubChunks(many, ctx)];
    expect(g.length).toBeGreaterThan(1);
    expect(g.join("")).toBe(github(one, ctx).repeat(60));
    expect([...githubChunks({ ...one, findings: [] }, ctx)].join("")).toBe("");

    const j = [...junitChunks(many, ctx)];
    expect(j.length).toBeGreaterThan(2);
    const whole = j.join("");
    expect(wellFormed(whole)).toBe(true);
    // Each file's suite holds its cases of one pass, 60 times over, in order.
    const suite = (x: string, file: string) => x.split(`<testsuite name="${file}"`)[1]!.split("</testsuite>")[0]!;
    const single = junit(one, ctx);
    for (const file of new Set(r.findings.map((f) => f.file))) {
      const cases1 = suite(single, file).split("\n").slice(1, -1);
      expect(suite(whole, file).split("\n").slice(1, -1)).toEqual(Array.from({ length: 60 }, () => cases1).flat());
    }
    expect(whole).toMatch(new RegExp(`<testsuites name="batchlint" tests="${many.findings.length}" failures="${many.findings.length}" errors="0">`));
    // With unreadable files: their <error> cases follow the findings of the same file.
    expect(wellFormed([...junitChunks(r, ctx)].join(""))).toBe(true);
  });
});

describe("the count of files that could not be linted", () => {
  const err = (file: string, line: number) => ({ file, line, column: 3, message: "bad", code: "eval" });
  const result = (errors: ReturnType<typeof err>[]): LintResult => ({ findings: [], errors, notes: [], filesLinted: 3, resourcesChecked: 0 });

  test("counts files, not errors: one template with eight errors is one file", async () => {
    const { stylish } = await import("../src/output/stylish.js");
    const { html } = await import("../src/output/html.js");
    const eight = result(Array.from({ length: 8 }, (_, i) => err("a.json", i + 1)));
    expect(stylish(eight, ctx)).toContain("✖ 1 file could not be linted (8 errors)");
    expect(html(eight, ctx)).toContain("Files that could not be linted (1 file, 8 errors)");
    const two = result([err("a.json", 1), err("b.json", 1)]);
    expect(stylish(two, ctx)).toContain("✖ 2 files could not be linted\n");
    expect(html(two, ctx)).toContain("Files that could not be linted (2)");
  });
});
