/**
 * The one reader of input: linted files, parameters files, linked templates, gzip members, streamed lists,
 * NDJSON and standard input all come through here. batchlint runs on pull requests, so what it reads is written
 * by whoever opens one; every read is therefore
 *  - of a regular file only: a FIFO, a device (`/dev/zero`), a socket or a directory is refused, from an fstat of
 *    a descriptor opened with O_NONBLOCK (so opening a FIFO cannot hang);
 *  - inside the tree being linted: a symbolic link (or a path chosen by the input, such as a linked template's
 *    relativePath) whose real path is outside every read root is not read;
 *  - bounded: the size limit applies to the bytes as read, after decompression, and a read stops at the limit.
 * Each refusal is an InputError with a code, which the caller reports as that file's located error.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { decode, InputError } from "../parse/document.js";
import { repoRoot } from "./discover.js";

/** node:stream and zlib are loaded only for compressed inputs (start-up time of the pre-commit case). */
const nodeRequire = createRequire(import.meta.url);

/** Files larger than this many bytes are refused (--max-file-size; default 64 MiB). */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
/** Lists larger than this are streamed element by element instead of parsed whole. */
export const STREAM_THRESHOLD = 8 * 1024 * 1024;
/** NDJSON files (optionally gzip-compressed), known by name: always read record by record. */
export const NDJSON = /\.(ndjson|jsonl)(\.gz)?$/i;
const GZIP = /\.gz$/i;

/** Codes of the refusals made here (see each function). */
export type ReadRefusal = "not-regular-file" | "outside-tree" | "too-large" | "invalid-gzip";

/** O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one (no effect on regular files). */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
/** The same, refusing a symbolic link as the last component (ELOOP): links are checked before they are followed. */
const OPEN_NOFOLLOW = OPEN_FLAGS | (fs.constants.O_NOFOLLOW ?? 0);

/** How a path came to be read, which decides how far it is checked. */
export type Provenance =
  /**
   * Named on the command line or found by listing a named directory (which does not descend through links): only
   * the last component can be a link, so an ordinary file costs one open; a link is followed only into a root.
   */
  | "listed"
  /** Chosen by the input (a paired or configured parameters file, a linked template): its real path must be in a root. */
  | "chosen";

/**
 * The directories reads stay within, as real paths: for each input, the git work tree containing it, else the
 * directory named (for a file named directly, its directory).
 */
export function readRoots(inputs: readonly string[], cwd: string): string[] {
  const roots = new Set<string>();
  for (const input of inputs) {
    const abs = path.resolve(cwd, input === "-" ? "." : staticPrefix(input));
    let dir = abs;
    try {
      if (!fs.statSync(abs).isDirectory()) dir = path.dirname(abs);
    } catch {
      dir = path.dirname(abs);
    }
    roots.add(realOr(repoRoot(dir) ?? dir));
  }
  if (roots.size === 0) roots.add(realOr(repoRoot(cwd) ?? cwd));
  return [...roots].sort();
}

/** The part of a glob pattern before its first segment with a pattern character (the pattern itself when none). */
function staticPrefix(input: string): string {
  const segs = input.split(/[\\/]/);
  const i = segs.findIndex((s) => /[*?[\]{}()!]/.test(s));
  return i < 0 ? input : segs.slice(0, i).join(path.sep) || ".";
}

function realOr(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

/** Whether real path `real` is one of `roots` or below one. */
export function insideRoots(real: string, roots: readonly string[]): boolean {
  for (const root of roots) {
    const rel = path.relative(root, real);
    if (rel === "" || (!path.isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${path.sep}`))) return true;
  }
  return false;
}

/** Raised when a path leads outside the read roots (its target is never named: it is not the input's to learn). */
export function outsideError(shown: string, what = "file"): InputError {
  return new InputError(`${what} is a symbolic link or path to outside the linted directory; not read`, shown, 1, 1, "outside-tree");
}

/** An open descriptor of a regular file and its size. The caller closes it. */
export interface OpenInput {
  readonly fd: number;
  readonly size: number;
  /** When it was last modified (parameters files are cached by it). */
  readonly mtimeMs: number;
}

/**
 * Opens `abs` for reading, refusing what is not a regular file inside `roots` (see Provenance). Without roots
 * (a library call with no tree) only the regular-file check applies.
 */
export function openInput(abs: string, shown: string, roots: readonly string[] | undefined, how: Provenance = "listed"): OpenInput {
  let fd: number;
  if (roots && how === "chosen") {
    const real = fs.realpathSync.native(abs); // ENOENT and the like: the caller reports them as unreadable
    if (!insideRoots(real, roots)) throw outsideError(shown);
    fd = fs.openSync(real, OPEN_NOFOLLOW);
  } else {
    try {
      fd = fs.openSync(abs, roots ? OPEN_NOFOLLOW : OPEN_FLAGS);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ELOOP" || !roots) throw e;
      // The last component is a symbolic link: followed only when its target is inside a root.
      const real = fs.realpathSync.native(abs);
      if (!insideRoots(real, roots)) throw outsideError(shown);
      fd = fs.openSync(real, OPEN_NOFOLLOW);
    }
  }
  let st: fs.Stats;
  try {
    st = fs.fstatSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  if (!st.isFile()) {
    fs.closeSync(fd);
    throw notRegular(st, shown);
  }
  return { fd, size: st.size, mtimeMs: st.mtimeMs };
}

/** "not a regular file (a FIFO)": what it is, so that the user sees why. */
export function notRegular(st: fs.Stats, shown: string): InputError {
  const what = st.isFIFO() ? "a FIFO" : st.isCharacterDevice() ? "a character device" : st.isBlockDevice() ? "a block device" : st.isSocket() ? "a socket" : st.isDirectory() ? "a directory" : "not a file";
  return new InputError(`not a regular file (${what}); not read`, shown, 1, 1, "not-regular-file");
}

/** The "over the limit" error for `n` bytes (`what`: " when decompressed" ...). */
export function tooLarge(n: number, max: number, shown: string, what = ""): InputError {
  return new InputError(`file is ${(n / 1048576).toFixed(1)} MiB${what}, over the ${(max / 1048576).toFixed(0)} MiB limit (raise it with --max-file-size, or export NDJSON, which is streamed)`, shown, 1, 1, "too-large");
}

/** A limit in MiB for messages: whole MiB as integers, smaller limits with their fraction. */
export function mib(max: number): string {
  const m = max / 1048576;
  return m >= 1 ? m.toFixed(0) : String(Number(m.toPrecision(2)));
}

/** Reads an open regular file whole (it is at most `size` bytes, checked by the caller) and closes it. */
export function readOpen(input: OpenInput): Buffer {
  try {
    return readFd(input.fd, input.size);
  } finally {
    fs.closeSync(input.fd);
  }
}

/**
 * Reads up to `size` bytes from the start of an open regular file whose size the caller has checked (fewer if it
 * shrank meanwhile); the descriptor stays open. Configuration files and files to fix are opened and checked
 * where they are read, for their own errors, and read with this.
 */
export function readFd(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let got = 0;
  while (got < size) {
    const n = fs.readSync(fd, buf, got, size - got, got);
    if (n === 0) break;
    got += n;
  }
  return got < size ? buf.subarray(0, got) : buf;
}

/**
 * Inflates gzip data, stopping as soon as the output passes `max` bytes (a bomb costs the limit, not its size).
 * Several members one after another are read as one stream, as gunzip does.
 */
export function gunzipLimited(buf: Buffer, max: number, shown: string, gunzipSync: typeof import("node:zlib").gunzipSync): Buffer {
  // Past RATIO_FROM bytes, no more than MAX_GZIP_RATIO times the compressed size (see there).
  const bombAt = Math.max(RATIO_FROM, buf.length * MAX_GZIP_RATIO);
  let out: Buffer;
  try {
    out = gunzipSync(buf, { maxOutputLength: Math.min(max, bombAt) + 1 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ERR_BUFFER_TOO_LARGE") throw new InputError(`not a valid gzip file: ${(e as Error).message}`, shown, 1, 1, "invalid-gzip");
    if (bombAt < max) throw bomb(bombAt + 1, buf.length, shown);
    throw tooLarge(max + 1, max, shown, " when decompressed");
  }
  return out;
}

/** The refusal of gzip data that inflates past MAX_GZIP_RATIO times its size (`out` bytes from `read`). */
function bomb(out: number, read: number, shown: string): InputError {
  return new InputError(`gzip data inflates more than ${MAX_GZIP_RATIO} times (over ${mib(out)} MiB from ${Math.ceil(read / 1024)} KiB): refused as a decompression bomb`, shown, 1, 1, "too-large");
}

/**
 * Reads a stream (standard input) up to `max` bytes and stops there: an endless stream (`- < /dev/zero`) is
 * refused once it has given more than the limit.
 */
export async function readStreamLimited(stream: NodeJS.ReadableStream & { destroy?: () => void }, shown: string, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream as AsyncIterable<Buffer | string>) {
    const b = typeof c === "string" ? Buffer.from(c) : c;
    total += b.length;
    if (total > max) {
      stream.destroy?.();
      throw new InputError(`input is over the ${mib(max)} MiB limit (raise it with --max-file-size); not read further`, shown, 1, 1, "too-large");
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Opens a regular file (see openInput) as a stream of its bytes, inflated when `gzip`. `raw` is the file's own
 * stream (for progress: its bytesRead), `size` its size as stored.
 */
export function openInputStream(
  abs: string,
  shown: string,
  roots: readonly string[] | undefined,
  gzip: boolean,
  createGunzip: () => NodeJS.ReadWriteStream,
  chunkBytes: number,
): { input: NodeJS.ReadableStream; raw: fs.ReadStream; size: number } {
  const { fd, size } = openInput(abs, shown, roots);
  const raw = fs.createReadStream("", { fd, highWaterMark: chunkBytes });
  if (!gzip) return { input: raw, raw, size };
  const inflate = createGunzip();
  // A read error of the file reaches the reader through the inflated stream (pipe does not forward errors).
  raw.once("error", (e) => inflate.emit("error", e));
  // A reader that stops early (a refusal) destroys the inflated stream: the file's descriptor goes with it.
  inflate.once("close", () => raw.destroy());
  const guard = ratioGuard(inflate as unknown as { readonly bytesWritten: number }, shown);
  inflate.once("error", (e) => guard.destroy(e));
  guard.once("close", () => (inflate as import("node:stream").Duplex).destroy());
  return { input: raw.pipe(inflate).pipe(guard), raw, size };
}

/**
 * Gzip data that inflates to more than this many times the bytes read of it, once past RATIO_FROM bytes, is
 * refused as a decompression bomb: a file read whole (under the size limit, which still lets a 64 KB file make
 * 64 MiB of list elements) and a streamed list or NDJSON file (no size limit as a whole: records are bounded one
 * by one). Real exports compress 5-125 times (a list of near-identical accounts: 123 times); a
 * run of one character compresses about 1,000 times, and a 50 KB file of `1,` made 26 million list elements
 * (30 s, 1.2 GB) before this.
 */
export const MAX_GZIP_RATIO = 250;
const RATIO_FROM = 1048576;

/**
 * Passes inflated bytes on while they stay within MAX_GZIP_RATIO of the compressed bytes `inflate` has taken in
 * (zlib's bytesWritten: the file stream reads ahead of the inflater, so its own count runs far ahead of the
 * output and let a 200 KB bomb make 50 MB).
 */
function ratioGuard(inflate: { readonly bytesWritten: number }, shown: string): import("node:stream").Transform {
  const { Transform } = nodeRequire("node:stream") as typeof import("node:stream");
  let out = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      out += chunk.length;
      if (out > RATIO_FROM && out > inflate.bytesWritten * MAX_GZIP_RATIO) {
        done(bomb(out, inflate.bytesWritten, shown));
        return;
      }
      done(null, chunk);
    },
  });
}

/** Thrown by `readLimited` for a file over the streaming threshold: the caller streams it instead. */
export class StreamInstead {}

/**
 * Reads a file after checking its size, so a huge file costs a stat, not its memory; it must be a regular file
 * inside `roots`. Gzip is inflated up to the limit and no further. A file larger than `streamAbove` bytes (as
 * stored) is not read: StreamInstead is thrown.
 */
export function readLimited(abs: string, shown: string, max: number, streamAbove = Infinity, roots?: readonly string[], how: Provenance = "listed"): string {
  // One open, one fstat, one read (an audit reads thousands of small files; a second stat costs as much as the read).
  return readOpened(openInput(abs, shown, roots, how), abs, shown, max, streamAbove);
}

/** readLimited, of a file opened already (its descriptor is closed here). */
export function readOpened(input: OpenInput, abs: string, shown: string, max: number, streamAbove = Infinity): string {
  let buf: Buffer;
  try {
    if (input.size > streamAbove) throw new StreamInstead();
    if (input.size > max) throw tooLarge(input.size, max, shown);
  } catch (e) {
    fs.closeSync(input.fd);
    throw e;
  }
  buf = readOpen(input);
  if (GZIP.test(abs)) {
    buf = gunzipLimited(buf, max, shown, (nodeRequire("node:zlib") as typeof import("node:zlib")).gunzipSync);
    if (buf.length > max) throw tooLarge(buf.length, max, shown, " when decompressed");
  }
  return decode(buf, shown);
}

/** The bytes of a file, read only when it has at most `max` of them (as readLimited: a regular file inside `roots`). */
export function readBytesLimited(abs: string, shown: string, max: number, roots?: readonly string[], how: Provenance = "listed"): Buffer {
  const input = openInput(abs, shown, roots, how);
  if (input.size > max) {
    fs.closeSync(input.fd);
    throw tooLarge(input.size, max, shown);
  }
  return readOpen(input);
}

/** A file's size, 0 when it cannot be stat'ed (its read reports why). */
export function fileSize(abs: string): number {
  try {
    return fs.statSync(abs).size;
  } catch {
    return 0;
  }
}
