/**
 * The esbuild options of the bundle (scripts/bundle.mjs), written once: bench/profile.mjs rebuilds the same bundle
 * with a source map to map profiled frames back to source files, and checks its code is byte-identical.
 */
import path from "node:path";

/** Options to bundle `dist` (a built tree: dist/src from tsc) into `outfile`. */
export function bundleOptions(dist, outfile) {
  return {
    absWorkingDir: dist,
    stdin: {
      resolveDir: dist,
      sourcefile: "batchlint-bundle.js",
      contents: ['export * from "./src/index.js";', 'export const runCli = () => import("./src/cli.js");', 'export const runWorkerThread = () => import("./src/parallel/worker.js");'].join("\n"),
    },
    outfile: path.resolve(outfile),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    packages: "external",
    legalComments: "none",
    logLevel: "warning",
  };
}
