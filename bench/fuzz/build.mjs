/**
 * Builds a private copy of the library from the last commit (not the working tree, where others may be
 * mid-edit) for a long fuzz run: `node bench/fuzz/build.mjs /tmp/fuzzdist [REF]` (REF: any commit, HEAD when
 * left out; bench/compare-outputs.mjs builds the commit it compares against this way). The copy gets the schemas and
 * package.json beside it (src/engine/schema.ts and src/version.ts look for them there), a link to node_modules and,
 * for commits that make one, the bundle (out/bundle, scripts/bundle.mjs).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));
/** Whether the commit bundles its build (scripts/bundle.mjs). */
function hasBundle(commit) {
  return execFileSync("git", ["ls-tree", "--name-only", commit, "scripts/bundle.mjs"], { cwd: repo, encoding: "utf8" }).trim() !== "";
}
const out = path.resolve(process.argv[2] ?? path.join(os.tmpdir(), "fuzzdist"));
const ref = process.argv[3] ?? "HEAD";
const src = fs.mkdtempSync(path.join(os.tmpdir(), "fuzzsrc-"));
try {
  const tar = execFileSync("git", ["archive", ref, "src", "rules", "schema", "package.json", "tsconfig.json", "tsconfig.build.json", ...(hasBundle(ref) ? ["scripts"] : [])], { cwd: repo, maxBuffer: 1 << 28 });
  execFileSync("tar", ["-x", "-C", src], { input: tar });
  fs.symlinkSync(path.join(repo, "node_modules"), path.join(src, "node_modules"));
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(repo, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", out], { cwd: src, stdio: "inherit" });
  fs.cpSync(path.join(src, "schema"), path.join(out, "schema"), { recursive: true });
  fs.copyFileSync(path.join(src, "package.json"), path.join(out, "package.json"));
  fs.symlinkSync(path.join(repo, "node_modules"), path.join(out, "node_modules"));
  // The executable as installed: the bundle (out/bundle/cli.js), where the commit makes one.
  if (hasBundle(ref)) execFileSync(process.execPath, [path.join(src, "scripts/bundle.mjs"), out], { cwd: src, stdio: "inherit" });
  const head = execFileSync("git", ["rev-parse", "--short", ref], { cwd: repo, encoding: "utf8" }).trim();
  fs.writeFileSync(path.join(out, "COMMIT"), `${head}\n`);
  console.log(`built ${head} into ${out}`);
} finally {
  fs.rmSync(src, { recursive: true, force: true });
}
