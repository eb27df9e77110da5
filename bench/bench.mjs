/** `npm run bench`: every benchmark script in this folder, one after another. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
for (const script of ["precommit.mjs", "throughput.mjs", "audit.mjs"]) {
  const file = path.join(here, script);
  try {
    await import("node:fs").then((fs) => fs.accessSync(file));
  } catch {
    continue;
  }
  const r = spawnSync(process.execPath, [file, ...process.argv.slice(2)], { stdio: "inherit" });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
