/**
 * Standard output written with `fs.writeSync`, and whether standard output or error is a terminal, without Node's
 * `process.stdout`/`process.stderr` objects where they are not needed. The first touch of either builds Node's
 * stream objects, which for a pipe (a pre-commit hook, a CI step) loads `net` and the stream modules: about 3 ms of
 * a run on one file (docs/performance.md). The report is written once, at the end, and synchronously as before
 * (process.stdout is synchronous for files and, on Linux, pipes), so nothing waits on it.
 *
 * Every write of the CLI to standard output goes through `writeOut`, so that no output is split between this and a
 * `process.stdout` whose writes could be buffered (pipes on macOS) and come out after it.
 */
import fs from "node:fs";

// For the wait between tries when standard output is a non-blocking pipe that is full (EAGAIN).
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Whether file descriptor 1 or 2 is a terminal. Only a character device can be, so a pipe or a file is told by
 * fstat, and so is /dev/null (the same device), where a hook or a script sends output it does not want; any other
 * character device is asked of Node.
 */
export function isTerminal(fd: 1 | 2): boolean {
  let st: fs.Stats;
  try {
    st = fs.fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    if (process.platform !== "win32" && st.rdev === fs.statSync("/dev/null").rdev) return false;
  } catch {
    return false;
  }
  return (fd === 1 ? process.stdout : process.stderr).isTTY === true;
}

/**
 * Writes all of `text` to standard output. A reader that went away (`batchlint … | head`) stops the run quietly
 * with exit 2: the report could not be written.
 */
export function writeOut(text: string): void {
  try {
    writeAll(1, text);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EPIPE") process.exit(2);
    throw e;
  }
}

/** Writes all of `text` to a file descriptor (standard output, a report's file), waiting out a full non-blocking pipe. */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let off = 0; off < bytes.length; ) {
    try {
      off += fs.writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(PAUSE, 0, 0, 1);
    }
  }
}
