#!/usr/bin/env node
/** The `batchlint` executable: runs the command line (src/cli/) and sets the exit code. */
import { main } from "./cli/main.js";
import { showLines } from "./output/escape.js";

// Standard output is written by cli/stdio.ts, which stops quietly (exit 2) when its reader went away (`batchlint … |
// head`).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`batchlint: internal error: ${showLines(String((e as Error).stack ?? e))}\n`);
    process.exitCode = 2;
  },
);
