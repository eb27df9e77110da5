#!/usr/bin/env node
/** The `batchlint` executable: runs the command line (src/cli/) and sets the exit code. */
import { main } from "./cli/main.js";
import { showLines } from "./output/escape.js";

// `batchlint … | head` closes the pipe before the report is written: stop quietly (exit 2, the report could not be
// written) instead of crashing with an unhandled EPIPE.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(2);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`batchlint: internal error: ${showLines(String((e as Error).stack ?? e))}\n`);
    process.exitCode = 2;
  },
);
