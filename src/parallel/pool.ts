/**
 * Linting on several cores: batches of files, and batches of the records of large lists and NDJSON files, are
 * linted by worker threads (parallel/worker.ts) with the same options (rebuilt there from plain data), and by the
 * main thread while every worker has enough waiting (parallel/schedule.ts); the results are merged in task order and
 * lintPaths sorts them, so the output is the same bytes whatever the number of jobs.
 */
import { Worker } from "node:worker_threads";
import type { PackedResult } from "./transfer.js";
import type { StreamedElement } from "../pipeline/stream.js";
import type { CliRuleSpec } from "../config/config.js";
import type { DeploymentContext } from "../input/arm/scope.js";
import type { EvalLimits } from "../input/budget.js";
import type { Value } from "../model/value.js";
import type { PolicySetup } from "../policy/load.js";

/** Everything a worker needs to lint like the main thread, as structured-clone-able data. */
export interface WorkerSetup {
  readonly cwd: string;
  readonly base: string;
  readonly cliRules: readonly CliRuleSpec[];
  readonly configFile?: string;
  /** --no-config-lookup and --no-plugins: workers resolve configurations under the same trust rules. */
  readonly noConfigLookup?: boolean;
  readonly noPlugins?: boolean;
  readonly parameterFiles?: readonly string[];
  readonly cliParams?: readonly (readonly [string, Value])[];
  /** Terraform: --var, as entries (a Map is rebuilt in the worker), and --var-file (absolute). */
  readonly terraformVars?: readonly (readonly [string, string])[];
  readonly terraformVarFiles?: readonly string[];
  readonly terraformVarsAfter?: readonly (readonly [string, number])[];
  readonly deployment?: DeploymentContext;
  readonly reportUnknown?: boolean;
  readonly maxFileSize?: number;
  readonly maxDepth?: number;
  readonly evaluationLimits?: Partial<EvalLimits>;
  readonly fixes?: boolean;
  /** --policy and --policy-param, loaded (plain JSON): the worker builds the same policy rules from them. */
  readonly policies?: PolicySetup;
  /** The run's read roots (LintOptions.readRoots): a batch of files is not its own tree. */
  readonly readRoots?: readonly string[];
}

/** What one worker is asked to lint: a batch of files, or a batch of records of one streamed list / NDJSON file. */
export type Task = { readonly kind: "files"; readonly files: readonly string[] } | { readonly kind: "elements"; readonly abs: string; readonly shown: string; readonly elements: readonly StreamedElement[] };

/**
 * Worker threads that lint tasks in the order given and answer each with a packed result (parallel/transfer.ts). Tasks
 * go to the worker with the fewest in flight, so a slow batch does not hold up the others; the caller merges
 * the answers in task order, so output never depends on timing.
 */
export class LintPool {
  private readonly workers: { w: Worker; busy: number }[] = [];
  private readonly pending = new Map<number, { resolve: (p: PackedResult) => void; reject: (e: Error) => void; worker: { busy: number } }>();
  private next = 0;
  private failed: Error | undefined;
  private closing = false;
  /**
   * Workers that may still be started in place of ones that died (out of memory, say): a crash costs the tasks
   * that worker had (the caller retries them, parallel/schedule.ts), not the run; a pool whose workers keep dying gives up.
   */
  private respawns: number;

  constructor(
    private readonly setup: WorkerSetup,
    size: number,
  ) {
    this.respawns = 2 * size + 4;
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    const w = new Worker(new URL("./worker.js", import.meta.url), { workerData: { setup: this.setup } });
    const entry = { w, busy: 0 };
    w.on("message", (m: { id: number; packed?: PackedResult; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      p.worker.busy--;
      if (m.packed) p.resolve(m.packed);
      else p.reject(new Error(m.error));
    });
    let gone = false;
    const fail = (e: Error) => {
      if (gone) return;
      gone = true;
      for (const [id, p] of this.pending)
        if (p.worker === entry) {
          this.pending.delete(id);
          p.reject(e);
        }
      const i = this.workers.indexOf(entry);
      if (i >= 0) this.workers.splice(i, 1);
      if (this.closing) return;
      if (this.respawns-- > 0) this.spawn();
      else if (this.workers.length === 0) this.failed ??= e;
    };
    w.on("error", fail);
    w.on("exit", (code) => {
      if (code !== 0 || !this.closing) fail(new Error(`lint worker exited with code ${code}`));
    });
    this.workers.push(entry);
  }

  /** Worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /** Tasks sent and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  run(task: Task): Promise<PackedResult> {
    if (this.failed || this.workers.length === 0) return Promise.reject(this.failed ?? new Error("no lint worker is running"));
    const worker = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.next++;
    worker.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      worker.w.postMessage({ id, task });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((x) => x.w.terminate()));
  }
}
