import fs from "node:fs";
import { fileURLToPath } from "node:url";

/** Package metadata, read once from package.json (works from src/ under vitest and from dist/src/). */
function readPackage(): { name: string; version: string; homepage?: string } {
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const p = fileURLToPath(new URL(rel, import.meta.url));
      const pkg = JSON.parse(fs.readFileSync(p, "utf8")) as { name: string; version: string; homepage?: string };
      if (pkg.name === "batchlint") return pkg;
    } catch {
      // try the next candidate
    }
  }
  return { name: "batchlint", version: "0.0.0" };
}

const pkg = readPackage();
export const TOOL_NAME = "batchlint";
export const VERSION = pkg.version;
export const INFORMATION_URI = pkg.homepage ?? "https://www.npmjs.com/package/batchlint";
