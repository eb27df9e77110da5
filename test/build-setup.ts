/**
 * Global setup of the end-to-end tests: they run the built CLI (dist/), so the tree is built before them, and again
 * before each rerun in watch mode: an edit to src/ is never tested through a stale dist/. `npm run build` is the
 * one definition of the build; its output is shown only when it fails.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function build(): void {
  const r = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, encoding: "utf8", shell: process.platform === "win32" });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.signal}); the end-to-end tests need dist/:\n${r.stdout}${r.stderr}${r.error ?? ""}`);
}

export default function setup(project: TestProject): void {
  build();
  project.onTestsRerun(() => build());
}
