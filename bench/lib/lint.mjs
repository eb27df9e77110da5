// batchlint over the same folder, in process, with every rule, as the CLI runs an audit (`batchlint DIR --summary -f html`):
// worker threads, one per core; no fix edits (only json, sarif and --fix carry them; BATCHLINT_FIXES=1 to include them).
// BATCHLINT_NO_RULES=1 turns every rule off: what reading, locating and loading the accounts cost by themselves.
import os from "node:os";
import { rules } from "../../dist/rules/index.js";
import { lintPaths } from "../../dist/src/lint.js";
const dir = process.argv[2];
const jobs = Number(process.env.BATCHLINT_JOBS ?? os.availableParallelism());
const t0 = performance.now();
const fixes = process.env.BATCHLINT_FIXES === "1";
const none = process.env.BATCHLINT_NO_RULES === "1";
const off = none ? rules.map((r) => ({ rule: r.meta.id, severity: "off" })) : [];
const result = await lintPaths([dir], { rules: none ? [] : rules, cwd: dir, base: dir, jobs, fixes, workerSetup: { cwd: dir, base: dir, cliRules: off, fixes } });
const ms = performance.now() - t0;
if (result.errors.length) console.error(JSON.stringify(result.errors.slice(0, 3)));
console.log(JSON.stringify({ ms, files: result.filesLinted, findings: result.findings.length, errors: result.errors.length, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
