/**
 * Linting many files on several cores: the file list is split into contiguous chunks, each linted by a worker
 * thread with the same options (rebuilt there from plain data), and the results are merged; lintPaths sorts
 * them, so the output is the same bytes whatever the number of jobs.
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { LintResult } from "./findings.js";
import type { CliRuleSpec } from "./config.js";
import type { DeploymentContext } from "./arm/scope.js";
import type { Value } from "./arm/value.js";

/** Everything a worker needs to lint like the main thread, as structured-clone-able data. */
export interface WorkerSetup {
  readonly cwd: string;
  readonly base: string;
  readonly cliRules: readonly CliRuleSpec[];
  readonly configFile?: string;
  readonly parameterFiles?: readonly string[];
  readonly cliParams?: readonly (readonly [string, Value])[];
  readonly deployment?: DeploymentContext;
  readonly reportUnknown?: boolean;
  readonly maxFileSize?: number;
  readonly maxDepth?: number;
}

export async function lintInWorkers(files: readonly string[], setup: WorkerSetup, jobs: number, onFile?: () => void): Promise<LintResult[]> {
  const n = Math.max(1, Math.min(jobs, Math.ceil(files.length / 50)));
  const size = Math.ceil(files.length / n);
  const chunks = Array.from({ length: n }, (_, i) => files.slice(i * size, (i + 1) * size)).filter((c) => c.length);
  return Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<LintResult>((resolve, reject) => {
          const w = new Worker(new URL("./workers.js", import.meta.url), { workerData: { files: chunk, setup } });
          w.on("message", (m: { type: "progress" } | { type: "done"; result: LintResult } | { type: "error"; message: string }) => {
            if (m.type === "progress") onFile?.();
            else if (m.type === "done") resolve(m.result);
            else reject(new Error(m.message));
          });
          w.on("error", reject);
          w.on("exit", (code) => {
            if (code !== 0) reject(new Error(`lint worker exited with code ${code}`));
          });
        }),
    ),
  );
}

async function runWorker(): Promise<void> {
  const { files, setup } = workerData as { files: string[]; setup: WorkerSetup };
  try {
    const [{ rules }, { SUPPRESSION_RULES }, { ConfigResolver }, { lintPaths }] = await Promise.all([
      import("../rules/index.js"),
      import("./suppress.js"),
      import("./config.js"),
      import("./lint.js"),
    ]);
    const resolver = new ConfigResolver({ builtins: [...rules, ...SUPPRESSION_RULES], cliRules: setup.cliRules, configFile: setup.configFile });
    const result = await lintPaths(files, {
      rules: await resolver.allRules(),
      cwd: setup.cwd,
      base: setup.base,
      resolveConfig: resolver.resolve,
      parameterFiles: setup.parameterFiles,
      cliParams: setup.cliParams ? new Map(setup.cliParams) : undefined,
      deployment: setup.deployment,
      reportUnknown: setup.reportUnknown,
      maxFileSize: setup.maxFileSize,
      maxDepth: setup.maxDepth,
      onProgress: () => parentPort!.postMessage({ type: "progress" }),
    });
    parentPort!.postMessage({ type: "done", result });
  } catch (e) {
    parentPort!.postMessage({ type: "error", message: (e as Error).stack ?? String(e) });
  }
}

if (!isMainThread && parentPort && (workerData as { setup?: unknown } | undefined)?.setup) void runWorker();
