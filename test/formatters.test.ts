import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintPaths, lintText } from "../src/lint.js";
import { github, escapeData, escapeProperty } from "../src/formatters/github.js";
import { junit } from "../src/formatters/junit.js";
import { markdown, cell, codeCell, MAX_MARKDOWN_CHARS } from "../src/formatters/markdown.js";
import type { Finding } from "../src/findings.js";
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
    expect(cell("a|b\n<script>")).toBe("a\\|b &lt;script&gt;");
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
