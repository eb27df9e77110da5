/** A one-line progress bar on stderr (TTY only), redrawn at most ten times a second. */
export function progressBar(write: (s: string) => void = (s) => process.stderr.write(s), now: () => number = Date.now): (done: number, total: number) => void {
  /** The first report: rates are measured from it (what came before, discovery and start-up, is no measure). */
  let first: { t: number; done: number } | undefined;
  let last = 0;
  let drawn = 0;
  return (done, total) => {
    const t = now();
    if (done >= total) {
      if (drawn) write(`\r${" ".repeat(drawn)}\r`);
      drawn = 0;
      return;
    }
    // A single file shows a bar only while it is streamed (a fractional `done`): a one-file run stays silent.
    if (total < 2 && Number.isInteger(done)) return;
    if (first && t - last < 100) return;
    last = t;
    first ??= { t, done };
    const width = 24;
    const filled = Math.min(width, Math.floor((done / total) * width));
    let line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor((done / total) * 100)}%  ${Math.floor(done)}/${total} files`;
    const seconds = (t - first.t) / 1000;
    // Rate and ETA once there is something to measure them by: half a second of progress.
    if (seconds >= 0.5 && done > first.done) {
      const rate = (done - first.done) / seconds;
      if (total >= 2) line += `  ${rate.toFixed(0)} files/s`;
      line += `  ETA ${Math.ceil((total - done) / rate)}s`;
    }
    write(`\r${line}${" ".repeat(Math.max(0, drawn - line.length))}`);
    drawn = line.length;
  };
}
