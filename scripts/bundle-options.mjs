/**
 * The esbuild options of the CLI's bundle (scripts/bundle.mjs), written once: bench/profile.mjs rebuilds the same
 * bundle with a source map to map profiled frames back to source files, and checks its code is byte-identical.
 *
 * The bundle is CommonJS, not an ES module, because Node 20 keeps a V8 code cache only for code it compiles as a
 * script (`vm.Script` with `cachedData`); scripts/loader.cjs compiles it so, wrapped in a function that receives
 * what an ES module has and a script lacks:
 * - `__batchlint_url`, the URL `import.meta.url` stands for (esbuild replaces every `import.meta.url` by it): the
 *   URL of dist/bundle/batchlint.cjs, so that `new URL("./worker.js", import.meta.url)`, the schema and policy
 *   folders and package.json resolve from the bundle's folder as from dist/src;
 * - `__batchlint_import`, an `import()`: code compiled by `vm` cannot call `import()` on Node 20, so the one import
 *   whose specifier is a run-time value (src/config/import.ts, plugins) is replaced by a call to it, and the
 *   others, whose specifiers are literals, become `require` (`supported: { "dynamic-import": false }`: the
 *   CommonJS dependencies as before, import-meta-resolve through Node's `require` of ES modules, 20.19 and later).
 */
import fs from "node:fs";
import path from "node:path";

/** Replaces src/config/import.js by a call to the importer the loader passes in. */
const importer = {
  name: "batchlint-importer",
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]config[\\/]import\.js$/ }, () => ({
      contents: "export function importModule(specifier) {\n  return __batchlint_import(specifier);\n}\n",
      loader: "js",
    }));
  },
};

/**
 * The bundle's text as shipped: esbuild's output (`bundleOptions`) with the non-ASCII characters it leaves in
 * comments written as \\uXXXX (it escapes them in strings, regular expressions and templates already), so that the
 * loader can read the file as Latin-1: a one-byte string, decoded in a third of the time UTF-8 takes (1.6 against
 * 4.4 ms for the 1 MB bundle). Throws when anything else is not ASCII.
 */
export function shippedText(code) {
  const ascii = code.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (comment) => comment.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  const left = /[^\x00-\x7f]/.exec(ascii);
  if (left) throw new Error(`bundle: a non-ASCII character outside comments at offset ${left.index}: ${ascii.slice(left.index - 40, left.index + 40)}`);
  return ascii;
}

/**
 * Node's built-in modules as modules of the bundle with their exports written out, instead of external imports:
 * esbuild's CommonJS output turns each default import of a built-in (`import fs from "node:fs"`) into a copy of
 * every property of the module as a getter (`__toESM`), which cost 2-3.5 ms of every run's start for 35 imports.
 * Written out, an import is a plain variable. The names written are those the built code imports by name (found in
 * dist/src and dist/rules), so the bundle does not depend on what the building Node has, and reads no property it
 * does not use (some, such as `fs.promises`, load a module when read).
 */
function builtins(dist) {
  const NAMED = /\bimport\s*(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*"(node:[^"]+)"/g;
  let named;
  const namedImports = () => {
    if (named) return named;
    named = new Map();
    for (const dir of ["src", "rules"]) {
      for (const file of fs.readdirSync(path.join(dist, dir), { recursive: true })) {
        if (!String(file).endsWith(".js")) continue;
        const code = fs.readFileSync(path.join(dist, dir, String(file)), "utf8");
        // A namespace or dynamic import would see only the names imported elsewhere: not allowed.
        const whole = /\bimport\s*\*\s*as\s+[\w$]+\s+from\s*"node:|\bimport\(\s*"node:/.exec(code);
        if (whole) throw new Error(`bundle: ${dir}/${file}: \`${whole[0]}...\`: import a Node built-in by name or as a default import (or use process.getBuiltinModule)`);
        for (const [, list, mod] of code.matchAll(NAMED)) {
          const names = named.get(mod) ?? new Set();
          for (const item of list.split(",")) {
            const name = item.trim().split(/\s+as\s+/)[0];
            if (name) names.add(name);
          }
          named.set(mod, names);
        }
      }
    }
    return named;
  };
  return {
    name: "batchlint-node-builtins",
    setup(build) {
      build.onResolve({ filter: /^node:/ }, (args) => (args.namespace === "node-builtin" ? { path: args.path, external: true } : { path: args.path, namespace: "node-builtin" }));
      build.onLoad({ filter: /.*/, namespace: "node-builtin" }, (args) => {
        const names = [...(namedImports().get(args.path) ?? [])].sort();
        const lines = [`const m = require(${JSON.stringify(args.path)});`, "export default m;", ...names.map((n) => `export const ${n} = m.${n};`)];
        return { contents: `${lines.join("\n")}\n`, loader: "js" };
      });
    },
  };
}

/** Options to bundle `dist` (a built tree: dist/src from tsc) into `outfile`. */
export function bundleOptions(dist, outfile) {
  return {
    absWorkingDir: dist,
    stdin: {
      resolveDir: dist,
      sourcefile: "batchlint-bundle.js",
      contents: [
        'export * from "./src/index.js";',
        'export const runCli = () => import("./src/cli.js");',
        'export const runWorkerThread = () => import("./src/parallel/worker.js");',
        'export const warmCodeCache = () => import("./src/pipeline/warm-up.js").then((m) => m.warmUp());',
      ].join("\n"),
    },
    outfile: path.resolve(outfile),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20.19",
    supported: { "dynamic-import": false },
    define: { "import.meta.url": "__batchlint_url" },
    plugins: [importer, builtins(dist)],
    packages: "external",
    legalComments: "none",
    logLevel: "warning",
  };
}
