// batchlint over the same folder, in process, with every rule.
import { rules } from "../../dist/rules/index.js";
import { lintPaths } from "../../dist/src/lint.js";
const dir = process.argv[2];
const t0 = performance.now();
const result = await lintPaths([dir], { rules, cwd: dir, base: dir });
const ms = performance.now() - t0;
if (result.errors.length) console.error(JSON.stringify(result.errors.slice(0, 3)));
console.log(JSON.stringify({ ms, files: result.filesLinted, findings: result.findings.length, errors: result.errors.length, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
