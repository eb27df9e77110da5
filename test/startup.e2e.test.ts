/**
 * The pre-commit case stays cheap to start: a run on one file loads the bundle and nothing else of ours, and no
 * dependency it does not need. Timing itself is measured by `npm run bench` (bench/precommit.mjs); this test guards
 * what is loaded, which is what the time depends on and which does not vary with machine load.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { repoRoot } from "./helpers.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-startup-"));
const log = path.join(dir, "loaded.txt");
// ES modules through a loader hook, CommonJS through Module._load, built-ins through process.moduleLoadList.
fs.writeFileSync(
  path.join(dir, "hooks.mjs"),
  `import fs from "node:fs";\nexport async function load(url, context, next) { fs.appendFileSync(${JSON.stringify(log)}, "esm " + url + "\\n"); return next(url, context); }\n`,
);
fs.writeFileSync(path.join(dir, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(path.join(dir, "hooks.mjs")).href)});\n`);
fs.writeFileSync(
  path.join(dir, "require.cjs"),
  `const fs = require("node:fs"); const M = require("node:module"); const load = M._load;\n` +
    `M._load = function (request, ...rest) { fs.appendFileSync(${JSON.stringify(log)}, "cjs " + request + "\\n"); return load.call(this, request, ...rest); };\n` +
    `process.on("exit", () => fs.appendFileSync(${JSON.stringify(log)}, process.moduleLoadList.map((m) => "builtin " + m + "\\n").join("")));\n`,
);

function loadedBy(args: string[]): string[] {
  fs.rmSync(log, { force: true });
  const r = spawnSync(process.execPath, ["--require", path.join(dir, "require.cjs"), "--import", pathToFileURL(path.join(dir, "register.mjs")).href, "dist/bundle/cli.js", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(r.status, r.stderr).toBeLessThan(2);
  return fs.readFileSync(log, "utf8").split("\n").filter(Boolean);
}

describe("pre-commit start-up: one file loads only what it needs", () => {
  test.each([["examples/template-compliant.jsonc"], ["examples/export-az-noncompliant.json"]])("%s", (file) => {
    const loaded = loadedBy([file]);
    const esm = loaded.filter((l) => l.startsWith("esm file:")).map((l) => path.relative(repoRoot, new URL(l.slice(4)).pathname));
    // The executable, the loader and the one bundle it compiles (scripts/bundle.mjs, scripts/loader.cjs): no
    // module of dist/src, each of which costs a resolution, a read and a compilation (about 120 of them before the
    // bundle). The executable is CommonJS; it shows as an ES module here only because the --import of this test's
    // hook makes Node start every entry through the ES module loader.
    expect(esm.filter((f) => !f.startsWith("node_modules/"))).toEqual(["dist/bundle/cli.js"]);
    expect(loaded.filter((l) => l.startsWith("cjs ./"))).toEqual(["cjs ./loader.js"]);
    // Node built-ins a clean run does not use, loaded where they are used: hashing (guid(), baselines, --fix) and
    // gzip (compressed exports). (Not worker_threads: this test's own hook runs on a worker thread.)
    expect(loaded.filter((l) => /^builtin NativeModule (crypto|zlib)$/.test(l))).toEqual([]);
    // No glob library for a plain file; no jsonc-parser when the fast reader parses the file and no suppression
    // comment or config file needs it.
    expect(loaded.filter((l) => /jsonc-parser|fast-glob/.test(l))).toEqual([]);
  });
});
