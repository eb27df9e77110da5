/**
 * The generated documentation is current (docs/rules/, the README's rule table), every built-in rule's helpUri is its
 * page at the version's tag in the repository package.json names, and the links between the Markdown files resolve.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { SUPPRESSION_RULES } from "../src/post/suppress.js";
import { type AnyRule, explainText, helpUri, sarifDescriptor } from "../src/output/catalog.js";
import { TERRAFORM_MAPPING_PAGE, TERRAFORM_NAMES_MODULE, terraformMappingPage, terraformNamesModule } from "../src/tools/gen-terraform.js";
import { compactFindings, readmeRulesBlock, replaceReadmeBlock, ruleDocs, rulePage, strayRuleDocs } from "../src/tools/gen-docs.js";
import { INFORMATION_URI, repositoryWebUrl, VERSION } from "../src/version.js";
import { defineRule } from "../src/rule.js";
import { repoRoot } from "./helpers.js";

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string; repository: { url: string } };
const generated = ruleDocs(rules, SUPPRESSION_RULES, repoRoot);

describe("generated documentation (npm run build && npm run gen)", () => {
  test.each([...generated.keys()])("%s is current", (rel) => {
    const file = path.join(repoRoot, rel);
    expect(fs.existsSync(file), `${rel} is missing: run \`npm run gen\``).toBe(true);
    expect(fs.readFileSync(file, "utf8") === generated.get(rel), `${rel} is stale: run \`npm run gen\``).toBe(true);
  });
  test("src/generated/terraform-names.ts is current", () => {
    expect(fs.readFileSync(path.join(repoRoot, TERRAFORM_NAMES_MODULE), "utf8") === terraformNamesModule(), `${TERRAFORM_NAMES_MODULE} is stale: run \`npm run gen\``).toBe(true);
  });
  test("docs/terraform-mapping.md is current", () => {
    expect(fs.readFileSync(path.join(repoRoot, TERRAFORM_MAPPING_PAGE), "utf8") === terraformMappingPage(), `${TERRAFORM_MAPPING_PAGE} is stale: run \`npm run gen\``).toBe(true);
  });

  test("README's rule table is current", () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    expect(replaceReadmeBlock(readme, readmeRulesBlock(rules)) === readme, "README.md is stale: run `npm run gen`").toBe(true);
  });
  test("no page in docs/rules/ outlives its rule", () => {
    expect(strayRuleDocs(repoRoot, generated)).toEqual([]);
    // The check sees a page nothing generates.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-docs-"));
    try {
      fs.mkdirSync(path.join(tmp, "docs/rules"), { recursive: true });
      fs.writeFileSync(path.join(tmp, "docs/rules/BATCH123.md"), "# gone\n");
      expect(strayRuleDocs(tmp, generated)).toEqual(["docs/rules/BATCH123.md"]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
  test("a page holds every fact --explain prints, and changes with the rule's meta", () => {
    for (const rule of [...rules, ...SUPPRESSION_RULES]) {
      const page = generated.get(`docs/rules/${rule.meta.id}.md`)!;
      const m = rule.meta;
      for (const text of [m.title, m.severity, m.docs.summary, m.docs.rationale, m.docs.remediation, ...m.tags, ...m.resourceTypes, ...m.docs.references]) expect(page, `${m.id}: ${text}`).toContain(text);
      for (const [k, o] of Object.entries(m.options ?? {})) expect(page).toContain(`\`${k}\` (${o.type}, default \`${JSON.stringify(o.default)}\`): ${o.description}`);
      expect(page).toContain(`| Precision | ${m.precision ?? "high"} |`);
      expect(page).toContain(`| Fixable | ${m.fixable ? "yes" : "no"}`);
      if (m.securitySeverity !== undefined) expect(page).toContain(`| Security severity | ${m.securitySeverity.toFixed(1)} |`);
      // --explain prints the same facts (catalog.ts ruleFacts).
      expect(explainText(rule)).toContain(`Precision:         ${m.precision ?? "high"}`);
    }
    const rule = rules[0]!;
    const changed = { ...rule, meta: { ...rule.meta, docs: { ...rule.meta.docs, rationale: "A different rationale, long enough." } } } as AnyRule;
    expect(rulePage(changed, repoRoot)).not.toBe(generated.get(`docs/rules/${rule.meta.id}.md`));
  });
  test("a rule's invalid fixtures are shown with their findings, its valid ones without", () => {
    const page = generated.get("docs/rules/BATCH001.md")!;
    expect(page).toContain("#### [`arm-modes-missing.json`](../../fixtures/BATCH001/invalid/arm-modes-missing.json) (ARM template)");
    expect(page).toContain("10:7 error allowedAuthenticationModes is not set, so the account accepts shared key authentication.");
    expect(page).toContain("  fix: Remove 'SharedKey' from allowedAuthenticationModes");
    expect(page).toContain("#### [`export-rest-aad-only.json`](../../fixtures/BATCH001/valid/export-rest-aad-only.json) (exported, REST shape)");
    // A fixture over MAX_EXAMPLE_LINES is linked, not inlined.
    expect(generated.get("docs/rules/BATCH112.md")).toMatch(/126 lines, not shown here: see \[the fixture\]\(\.\.\/\.\.\/fixtures\/BATCH112\/valid\/arm-start-task-references\.json\)/);
  });
  test("findings snapshots become one line per finding, with related locations and fixes", () => {
    const snap = [
      "fixtures/X/invalid/a.json:10:7-10:19 error BATCH001 shared-key-auth-disabled",
      "  the message.",
      "  at /resources/0/properties (properties.allowedAuthenticationModes)",
      "  related fixtures/X/invalid/a.json:7:21 apiVersion older",
      "  related fixtures/X/invalid/a.parameters.json:3:5 value from parameter",
      "  fix: Remove it",
      "     9 |       x",
      "  > 10 |       y",
      "       |       ^",
      "",
    ].join("\n");
    expect(compactFindings(snap, "fixtures/X/invalid/a.json")).toBe(
      ["10:7 error the message.", "  related 7:21: apiVersion older", "  related a.parameters.json:3:5: value from parameter", "  fix: Remove it"].join("\n"),
    );
  });
});

describe("helpUri", () => {
  const web = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
  test("package.json names the repository the links are made from", () => {
    expect(web).toBe("https://github.com/batchlint/batchlint");
    expect(INFORMATION_URI).toBe(web);
    expect(VERSION).toBe(pkg.version);
  });
  test.each([...rules, ...SUPPRESSION_RULES].map((r) => [r.meta.id, r] as const))("%s links to its page at the version's tag, and the page exists", (id, rule) => {
    expect(helpUri(rule)).toBe(`${web}/blob/v${pkg.version}/docs/rules/${id}.md`);
    expect(sarifDescriptor(rule).helpUri).toBe(helpUri(rule));
    expect(fs.existsSync(path.join(repoRoot, "docs/rules", `${id}.md`))).toBe(true);
    expect(explainText(rule)).toContain(`Documentation: ${helpUri(rule)}`);
  });
  test("a plugin rule has no helpUri: batchlint has no page for it", () => {
    const plugin = defineRule({
      meta: {
        id: "ACME001",
        name: "acme",
        title: "Acme",
        severity: "warning",
        tags: ["cost"],
        resourceTypes: ["Microsoft.Batch/batchAccounts"],
        docs: { summary: "s", rationale: "r", remediation: "f", references: ["https://example.com/acme"] },
        messages: { m: "m" },
      },
      check() {},
    }) as AnyRule;
    expect(helpUri(plugin)).toBeUndefined();
    expect("helpUri" in sarifDescriptor(plugin)).toBe(false);
    expect(sarifDescriptor(plugin).help?.text).toContain("https://example.com/acme");
  });
  test.each([
    ["git+https://github.com/batchlint/batchlint.git", "https://github.com/batchlint/batchlint"],
    [{ type: "git", url: "git+https://github.com/fork/batchlint.git" }, "https://github.com/fork/batchlint"],
    ["https://gitlab.example.com/team/batchlint", "https://gitlab.example.com/team/batchlint"],
    ["git://github.com/o/r.git", "https://github.com/o/r"],
    ["git+ssh://git@github.com/o/r.git", "https://github.com/o/r"],
    ["git@github.com:o/r.git", "https://github.com/o/r"],
    ["o/r", "https://github.com/o/r"],
    ["github:o/r", "https://github.com/o/r"],
    ["gitlab:o/r", "https://gitlab.com/o/r"],
    [undefined, undefined],
    ["", undefined],
  ] as const)("repository %j opens at %s", (repository, url) => {
    expect(repositoryWebUrl(repository)).toBe(url);
  });
});

describe("links between the Markdown files", () => {
  const docs = (dir: string): string[] =>
    fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? docs(`${dir}/${e.name}`) : e.name.endsWith(".md") ? [`${dir}/${e.name}`] : []));
  const files = ["README.md", "CHANGELOG.md", ...docs("docs")];
  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  const anchors = (text: string) =>
    new Set(
      [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
        m[1]!
          .toLowerCase()
          .replace(/[^\w\- ]/g, "")
          .replace(/ /g, "-"),
      ),
    );
  test.each(files)("%s links only to files and headings that exist", (rel) => {
    const text = fs
      .readFileSync(path.join(repoRoot, rel), "utf8")
      .replace(/^(`{3,}).*\n[\s\S]*?^\1\s*$/gm, "")
      .replace(/`[^`\n]*`/g, "");
    // Code blocks and code spans show links as text.
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue;
      const [file, anchor] = target.split("#") as [string, string | undefined];
      const abs = file ? path.resolve(path.dirname(path.join(repoRoot, rel)), file) : path.join(repoRoot, rel);
      expect(fs.existsSync(abs), `${rel}: ${target}`).toBe(true);
      if (anchor && abs.endsWith(".md")) expect(anchors(fs.readFileSync(abs, "utf8")).has(anchor), `${rel}: ${target}`).toBe(true);
    }
  });
});
