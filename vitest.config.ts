import { defineConfig } from "vitest/config";

/**
 * Two projects (README, "Development"): `unit` runs in-process tests of the rules, parsers, expressions, model and
 * formatters, and starts no batchlint process, browser or built file; `e2e` (test/*.e2e.test.ts) drives what users
 * run: the built CLI, worker threads, pre-commit, lint-staged, git, Chromium and the SARIF validator. The e2e
 * project builds dist/ first (test/build-setup.ts). `npm run test:unit`, `npm run test:e2e`; `npm test` runs both.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    pool: "forks",
    // One line per test file; a test's console output and the reporter's details only when it fails.
    reporters: [["default", { summary: false }]],
    silent: "passed-only",
    slowTestThreshold: 10_000,
    projects: [
      {
        extends: true,
        // Without isolation the files of a worker share one import of src/ and rules/ (a run takes about 40% less CPU):
        // a unit test leaves no global state behind (mocks, environment, globals).
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/**/*.e2e.test.ts"], globalSetup: ["test/global-setup.ts"], isolate: false },
      },
      {
        extends: true,
        test: { name: "e2e", include: ["test/**/*.e2e.test.ts"], globalSetup: ["test/global-setup.ts", "test/build-setup.ts"] },
      },
    ],
  },
});
