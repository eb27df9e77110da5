/** Writes the generated rule block of README.md from rule metadata; `--check` exits 1 when it is stale. */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { rules } from "../../rules/index.js";
import { readmeRulesBlock, replaceReadmeBlock } from "../output/catalog.js";

const readmePath = fileURLToPath(new URL("../../../README.md", import.meta.url));
const current = fs.readFileSync(readmePath, "utf8");
const next = replaceReadmeBlock(current, readmeRulesBlock(rules));
if (process.argv.includes("--check")) {
  if (next !== current) {
    process.stderr.write("README.md rule block is stale: run `npm run gen`\n");
    process.exitCode = 1;
  }
} else if (next !== current) {
  fs.writeFileSync(readmePath, next);
  process.stdout.write("README.md rule block updated\n");
}
