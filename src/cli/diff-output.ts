/**
 * Where the --fix-dry-run diff goes: standard error by default, so that standard output carries only the report
 * (`--fix-dry-run -f json > report.json` stays JSON); `--fix-dry-run=-` standard output; `--fix-dry-run=FILE` a
 * file. The file is the user's own choice of path, anywhere, and is written as fixes are (cli/fix.ts): to a new
 * temporary file beside it, flushed, then renamed over it, so that an interrupted run leaves the previous file or
 * the whole diff, never a part of it.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "./args.js";
import { SignalGuard } from "./fix.js";
import { writeOut } from "./stdio.js";

export interface DiffOutput {
  write(text: string): void;
  /** The diff is complete: a file replaces the old one. */
  finish(): Promise<void>;
  /** The run failed: a file is not written (its temporary file is removed). */
  abandon(): Promise<void>;
}

/** The destination of `--fix-dry-run[=FILE]`; `file` relative to `cwd`. */
export function diffOutput(file: string | undefined, cwd: string): DiffOutput {
  if (file === undefined || file === "-") {
    return { write: file === "-" ? writeOut : (t) => void process.stderr.write(t), finish: async () => {}, abandon: async () => {} };
  }
  return new AtomicFile(path.resolve(cwd, file), file);
}

/** A file written whole or not at all (see the module comment). */
class AtomicFile implements DiffOutput {
  private readonly tmp: string;
  private readonly fd: number;
  private readonly guard = new SignalGuard();
  private open = true;

  constructor(
    private readonly target: string,
    private readonly shown: string,
  ) {
    const existing = fs.statSync(target, { throwIfNoEntry: false });
    if (existing?.isDirectory()) throw new UsageError(`--fix-dry-run=${shown}: is a directory`);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      this.tmp = path.join(path.dirname(target), `.${path.basename(target)}.batchlint-${crypto.randomBytes(8).toString("hex")}.tmp`);
      // A file replaced keeps its mode; a new one gets the usual 0666 less the umask.
      this.fd = fs.openSync(this.tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), existing?.isFile() ? existing.mode & 0o7777 : 0o666);
    } catch (e) {
      throw new UsageError(`--fix-dry-run=${shown}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    this.guard.pending.add(this.tmp);
  }

  write(text: string): void {
    const bytes = Buffer.from(text);
    for (let off = 0; off < bytes.length; ) off += fs.writeSync(this.fd, bytes, off, bytes.length - off);
  }

  async finish(): Promise<void> {
    try {
      fs.fsyncSync(this.fd);
      this.close();
      fs.renameSync(this.tmp, this.target);
    } catch (e) {
      fs.rmSync(this.tmp, { force: true });
      throw new UsageError(`--fix-dry-run=${this.shown}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    } finally {
      this.guard.pending.delete(this.tmp);
      await this.guard.release();
    }
  }

  async abandon(): Promise<void> {
    this.close();
    fs.rmSync(this.tmp, { force: true });
    this.guard.pending.delete(this.tmp);
    await this.guard.release();
  }

  private close(): void {
    if (!this.open) return;
    this.open = false;
    fs.closeSync(this.fd);
  }
}
