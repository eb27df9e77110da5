/**
 * `npm run gen`: writes the generated documentation (gen-docs.ts) from rule metadata and fixtures: README.md's rule
 * table, docs/rules/README.md and a page per rule, docs/terraform-mapping.md and src/generated/terraform-names.ts (from the mapping code), src/generated/batch-aliases.ts (the Azure Policy alias table, gen-aliases.ts), and deletes pages of rules that no longer exist. `--check`
 * writes nothing and exits 1 when any of it is stale (test/docs.test.ts checks the same in the unit run).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rules } from "../../rules/index.js";
import { SUPPRESSION_RULES } from "../post/suppress.js";
import { BATCH_ALIASES_MODULE, batchAliasesModule } from "./gen-aliases.js";
import { readmeRulesBlock, replaceReadmeBlock, ruleDocs, strayRuleDocs } from "./gen-docs.js";
import { TERRAFORM_MAPPING_PAGE, TERRAFORM_NAMES_MODULE, terraformMappingPage, terraformNamesModule } from "./gen-terraform.js";

// Run from dist/src/tools/: the repository root is three levels up.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const check = process.argv.includes("--check");
const readmePath = path.join(root, "README.md");
const current = fs.readFileSync(readmePath, "utf8");
const files = ruleDocs(rules, SUPPRESSION_RULES, root);
files.set("README.md", replaceReadmeBlock(current, readmeRulesBlock(rules)));
files.set(TERRAFORM_MAPPING_PAGE, terraformMappingPage());
files.set(TERRAFORM_NAMES_MODULE, terraformNamesModule());
files.set(BATCH_ALIASES_MODULE, batchAliasesModule(root));

const stale: string[] = [];
for (const [rel, text] of files) {
  const file = path.join(root, rel);
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) continue;
  stale.push(rel);
  if (check) continue;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
for (const rel of strayRuleDocs(root, files)) {
  stale.push(`${rel} (no such rule)`);
  if (!check) fs.rmSync(path.join(root, rel));
}
if (check && stale.length) {
  process.stderr.write(`stale generated documentation: run \`npm run gen\`\n${stale.map((f) => `  ${f}\n`).join("")}`);
  process.exitCode = 1;
} else if (!check) process.stdout.write(stale.length ? `updated: ${stale.join(", ")}\n` : "generated documentation is current\n");
