/**
 * Builds a private copy of the library from the last commit (not the working tree, where others may be
 * mid-edit) for a long fuzz run: `node bench/fuzz/build.mjs /tmp/fuzzdist [REF]` (REF: any commit, HEAD when
 * left out; bench/compare-outputs.mjs builds the commit it compares against this way). The copy gets the schemas and
 * package.json beside it (src/engine/schema.ts and src/version.ts look for them there) and a link to node_modules.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(os.tmpdir(), "fuzzdist"));
const ref = process.argv[3] ?? "HEAD";
const src = fs.mkdtempSync(path.join(os.tmpdir(), "fuzzsrc-"));
try {
  const tar = execFileSync("git", ["archive", ref, "src", "rules", "schema", "package.json", "tsconfig.json", "tsconfig.build.json"], { cwd: repo, maxBuffer: 1 << 28 });
  execFileSync("tar", ["-x", "-C", src], { input: tar });
  fs.symlinkSync(path.join(repo, "node_modules"), path.join(src, "node_modules"));
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(repo, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", out], { cwd: src, stdio: "inherit" });
  fs.cpSync(path.join(src, "schema"), path.join(out, "schema"), { recursive: true });
  fs.copyFileSync(path.join(src, "package.json"), path.join(out, "package.json"));
  fs.symlinkSync(path.join(repo, "node_modules"), path.join(out, "node_modules"));
  const head = execFileSync("git", ["rev-parse", "--short", ref], { cwd: repo, encoding: "utf8" }).trim();
  fs.writeFileSync(path.join(out, "COMMIT"), `${head}\n`);
  console.log(`built ${head} into ${out}`);
} finally {
  fs.rmSync(src, { recursive: true, force: true });
}
