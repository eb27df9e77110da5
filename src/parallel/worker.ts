/**
 * A lint worker thread (started by parallel/pool.ts): it rebuilds the run's options from plain data and lints the
 * tasks it is sent, one at a time in the order sent, with lintFile and lintRecords as the main thread does, into
 * its own RunContext (one per worker: its caches live as long as the run's pool). Each answer is packed
 * (parallel/transfer.ts) and transferred.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { WorkerSetup, Task } from "./pool.js";

async function runWorker(setup: WorkerSetup): Promise<void> {
  const [{ rules }, { SUPPRESSION_RULES }, { ConfigResolver }, { lintFile, lintRecords }, { ResultBuilder }, { displayPath }, { readRoots }, { RunContext }, { Packer }, { stopInterning }] = await Promise.all([
    import("../../rules/index.js"),
    import("../post/suppress.js"),
    import("../config/config.js"),
    import("../pipeline/lint-file.js"),
    import("../pipeline/result.js"),
    import("../pipeline/discover.js"),
    import("../pipeline/read.js"),
    import("../context.js"),
    import("./transfer.js"),
    import("../engine/run.js"),
  ]);
  const resolver = new ConfigResolver({ builtins: [...rules, ...SUPPRESSION_RULES], cliRules: setup.cliRules, configFile: setup.configFile, noLookup: setup.noConfigLookup, noPlugins: setup.noPlugins, cwd: setup.cwd });
  // --policy: the same rules as the main thread's, rebuilt from the loaded definitions (checked there already).
  if (setup.policies) resolver.addRules((await import("../policy/setup.js")).buildPolicyRules(setup.policies, resolver.builtins));
  const allRules = await resolver.allRules();
  const options: import("../pipeline/run.js").LintOptions = {
    rules: allRules,
    cwd: setup.cwd,
    base: setup.base,
    resolveConfig: resolver.resolve,
    parameterFiles: setup.parameterFiles,
    cliParams: setup.cliParams ? new Map(setup.cliParams) : undefined,
    terraformVars: setup.terraformVars ? new Map(setup.terraformVars) : undefined,
    terraformVarFiles: setup.terraformVarFiles,
    terraformVarsAfter: setup.terraformVarsAfter ? new Map(setup.terraformVarsAfter) : undefined,
    deployment: setup.deployment,
    reportUnknown: setup.reportUnknown,
    maxFileSize: setup.maxFileSize,
    maxDepth: setup.maxDepth,
    evaluationLimits: setup.evaluationLimits,
    fixes: setup.fixes,
    readRoots: setup.readRoots,
  };
  // The worker's run: its caches serve every task it is given.
  const ctx = new RunContext();
  stopInterning(ctx);
  const base = setup.base;
  /** A task's configuration suppressions are the run's to report (it notes them as it sends the files): no tracker here. */
  const lint = async (task: Task, packer: InstanceType<typeof Packer>) => {
    const out = new ResultBuilder(true);
    if (task.kind === "elements") {
      await lintRecords({ ctx, options, base, tracker: undefined, out, abs: task.abs, shown: task.shown }, task.elements, (r) => {
        packer.add(r);
        r.clear();
      });
      packer.add(out);
      return;
    }
    // A pool made without the run's read roots: those of the batch's files, as a run over them would have.
    const o = options.readRoots ? options : { ...options, readRoots: readRoots([...task.files, ...(options.parameterFiles ?? []), ...(options.terraformVarFiles ?? [])], setup.cwd) };
    for (const abs of task.files) await lintFile({ ctx, options: o, base, tracker: undefined, out, abs, shown: displayPath(abs, base) });
    packer.add(out.finish());
  };
  let queue = Promise.resolve();
  parentPort!.on("message", ({ id, task }: { id: number; task: Task }) => {
    queue = queue.then(async () => {
      try {
        const packer = new Packer();
        await lint(task, packer);
        const packed = packer.finish();
        parentPort!.postMessage({ id, packed }, [packed.ints.buffer as ArrayBuffer]);
      } catch (e) {
        parentPort!.postMessage({ id, error: (e as Error).stack ?? String(e) });
      }
    });
  });
}

// Thread data is untyped: pool.ts sends `{ setup }`.
const data = workerData as { setup?: WorkerSetup } | undefined;
if (parentPort && data?.setup) void runWorker(data.setup);
