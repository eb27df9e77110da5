/**
 * NDJSON (one exported resource per line, optionally gzip-compressed), read record by record: memory stays bounded
 * by the longest line whatever the file size, and each record keeps its place in the file (its line and offset).
 */
import { InputError } from "../parse/document.js";
import type { LintOptions } from "./run.js";
import { DEFAULT_MAX_FILE_SIZE, mib } from "./read.js";
import { toFileError, type ResultBuilder } from "./result.js";
import { decodedChunks, type StreamedElement } from "./stream.js";

/**
 * The records of an NDJSON file, one per non-blank line, with where each starts; read errors (a record or a run of
 * blank lines over the limit, a damaged gzip stream, a file that may not be read) go to `out`, located.
 */
export async function readNdjson(abs: string, shown: string, options: LintOptions, out: ResultBuilder, onRecord: (el: StreamedElement) => void | Promise<void>, onRead?: (share: number) => void): Promise<void> {
  try {
    for await (const el of ndjsonRecords(abs, shown, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, onRead, options.readRoots)) await onRecord(el);
  } catch (e) {
    out.errors.push(toFileError(e, shown));
  }
}

/**
 * The records of an NDJSON file (one document per line; blank lines skipped), optionally gzip-compressed, with the
 * line and character offset each starts at. Lines are split here, not by readline, which built a whole line before
 * any limit could apply (a 512 MB line from a 611 KB .ndjson.gz threw an uncaught RangeError). A line longer than
 * `max`, or more than `max` characters of blank lines in a row, is an InputError ("too-large") at its line and ends
 * the read: what follows is unbounded input, and a limit that lets it be read is no limit.
 */
export async function* ndjsonRecords(abs: string, shown: string, max: number, onRead?: (share: number) => void, roots?: readonly string[]): AsyncGenerator<StreamedElement> {
  const splitter = new LineSplitter(shown, max);
  for await (const text of decodedChunks(abs, shown, roots, onRead, false, 64 * 1024)) yield* splitter.scan(text);
  yield* splitter.end();
}

/** Splits decoded text into NDJSON records across chunks, within the limits of `ndjsonRecords`. */
export class LineSplitter {
  /** Zero-based number of the line being read, and the file's character offset where it starts. */
  private line = 0;
  private lineOffset = 0;
  /** File character offset of the chunk being scanned. */
  private charBase = 0;
  /** The line begun in an earlier chunk, as far as read. */
  private pending = "";
  /** Characters of blank lines since the last record. */
  private blank = 0;

  constructor(
    private readonly shown: string,
    private readonly max: number,
  ) {}

  scan(text: string): StreamedElement[] {
    const out: StreamedElement[] = [];
    const n = text.length;
    let i = 0;
    if (this.pending) {
      const nl = text.indexOf("\n");
      if (nl < 0) {
        this.hold(text, 0);
        this.charBase += n;
        return out;
      }
      const line = this.pending + text.slice(0, nl);
      this.pending = "";
      this.emit(line, out);
      i = nl + 1;
      this.nextLine(this.charBase + i);
    }
    while (i < n) {
      // Blank lines, and the white space a record's line starts with, in one loop (a file of newlines costs little).
      let j = i;
      let start = i;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (c === 10) {
          this.blank += j + 1 - start;
          start = j + 1;
          this.nextLine(this.charBase + start);
        } else if (c !== 32 && c !== 9 && c !== 13) break;
      }
      if (this.blank > this.max) throw this.blankError();
      if (j >= n) {
        // The chunk ends in white space: the rest of its line may come in the next chunk.
        this.hold(text, start);
        break;
      }
      const nl = text.indexOf("\n", j);
      if (nl < 0) {
        this.hold(text, start);
        break;
      }
      this.emit(text.slice(start, nl), out);
      i = nl + 1;
      this.nextLine(this.charBase + i);
    }
    this.charBase += n;
    return out;
  }

  /** At the end of the input: the last line, when it has no line break. */
  end(): StreamedElement[] {
    const out: StreamedElement[] = [];
    if (this.pending) this.emit(this.pending, out);
    this.pending = "";
    return out;
  }

  private nextLine(offset: number): void {
    this.line++;
    this.lineOffset = offset;
  }

  /** Keeps the start of a line that goes on in the next chunk, refusing it once it is over the limit. */
  private hold(text: string, from: number): void {
    this.pending += from === 0 ? text : text.slice(from);
    if (this.pending.length <= this.max) return;
    if (this.pending.trim() === "") {
      this.blank += this.pending.length;
      throw this.blankError();
    }
    throw new InputError(`record longer than the ${mib(this.max)} MiB limit (raise it with --max-file-size); the rest of the file is not read`, this.shown, this.line + 1, 1, "too-large");
  }

  private emit(raw: string, out: StreamedElement[]): void {
    // A CRLF line break: the CR is not part of the record (as readline, which read these before).
    const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (line.trim() === "") {
      this.blank += raw.length + 1;
      if (this.blank > this.max) throw this.blankError();
      return;
    }
    if (line.length > this.max) throw new InputError(`record longer than the ${mib(this.max)} MiB limit (raise it with --max-file-size); the rest of the file is not read`, this.shown, this.line + 1, 1, "too-large");
    this.blank = 0;
    out.push({ text: line.charCodeAt(0) === 0xfeff ? line.slice(1) : line, line: this.line, offset: this.lineOffset });
  }

  private blankError(): InputError {
    return new InputError(`more than ${mib(this.max)} MiB of blank lines without a record (raise it with --max-file-size); the rest of the file is not read`, this.shown, this.line + 1, 1, "too-large");
  }
}
