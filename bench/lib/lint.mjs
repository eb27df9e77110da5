// batchlint over the same folder, in process, with every rule (worker threads as the CLI uses them: one per core).
import os from "node:os";
import { rules } from "../../dist/rules/index.js";
import { lintPaths } from "../../dist/src/lint.js";
const dir = process.argv[2];
const jobs = Number(process.env.BATCHLINT_JOBS ?? os.availableParallelism());
const t0 = performance.now();
const result = await lintPaths([dir], { rules, cwd: dir, base: dir, jobs, workerSetup: { cwd: dir, base: dir, cliRules: [] } });
const ms = performance.now() - t0;
if (result.errors.length) console.error(JSON.stringify(result.errors.slice(0, 3)));
console.log(JSON.stringify({ ms, files: result.filesLinted, findings: result.findings.length, errors: result.errors.length, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
