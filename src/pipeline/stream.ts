/**
 * Streaming reader for large exported lists: a bare array of resources, a REST List `{ "value": [...] }` or a
 * Resource Graph result `{ "data": [...] }` (and, for pipeline/ndjson.ts, a file's decoded text chunk by chunk). It scans the bytes once (strings, escapes, comments, depth, lines)
 * and yields each element's text with the line and offset it starts at, so memory stays bounded by one element
 * whatever the file size, and findings keep the file's own positions.
 */
import type fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import zlib from "node:zlib";
import { InputError } from "../parse/document.js";
import { mib, openInputStream } from "./read.js";

export interface StreamedElement {
  /** The element's text. */
  readonly text: string;
  /** Zero-based line and character offset in the file of the element's first character. */
  readonly line: number;
  readonly offset: number;
  /**
   * Zero-based column of that character (list elements; 0 when absent): positions on the element's first line
   * are shifted by it. The text is not padded to keep its column, as it once was: in a list written on one line
   * that made each element as long as everything before it, and a 14 MB list took minutes and gigabytes.
   */
  readonly column?: number;
  /** The element's JSON pointer in the file (/data/17); absent for NDJSON records, which are documents of their own. */
  readonly pointer?: string;
}

/**
 * `onRead`, for a progress bar: called after each chunk with the share of the file read so far (0 to 1).
 * `roots`: the directories reads stay within (pipeline/read.ts). Besides the element limit, the text outside elements
 * (before, between and after them) may not pass `maxElement` either: a gzip bomb of spaces is refused at the limit.
 */
export async function* streamListElements(abs: string, shown: string, maxElement: number, onRead?: (share: number) => void, roots?: readonly string[]): AsyncGenerator<StreamedElement> {
  const scanner = new ListScanner(shown, maxElement);
  for await (const text of decodedChunks(abs, shown, roots, onRead, true, 1 << 20)) for (const e of scanner.scan(text)) yield e;
  scanner.end();
}

/**
 * The text of a file, decoded chunk by chunk (a chunk may end inside a UTF-8 sequence: the decoder keeps its first
 * bytes for the next), inflated for `.gz`. The file is opened by pipeline/read.ts (a regular file inside the roots); a
 * damaged gzip stream is an InputError ("invalid-gzip"), not an internal error.
 */
export async function* decodedChunks(
  abs: string,
  shown: string,
  roots: readonly string[] | undefined,
  onRead: ((share: number) => void) | undefined,
  stripBom: boolean,
  /** Bytes read at a time (as stored): lists 1 MiB, NDJSON 64 KiB (finer progress; its records are linted as read). */
  chunkBytes: number,
): AsyncGenerator<string> {
  const { input, raw, size } = openInputStream(abs, shown, roots, GZIP.test(abs), () => zlib.createGunzip(), chunkBytes);
  const read = onRead && readShare(size, raw, onRead);
  const decoder = new StringDecoder("utf8");
  let first = stripBom;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let buf: Buffer = chunk;
      if (first) {
        first = false;
        if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      }
      yield decoder.write(buf);
      read?.();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("Z_")) throw new InputError(`not a valid gzip file: ${(e as Error).message}`, shown, 1, 1, "invalid-gzip");
    throw e;
  } finally {
    // Stopped early (a refusal, an error): the file is closed now, not when the stream is collected.
    (input as NodeJS.ReadableStream & { destroy(): void }).destroy();
    raw.destroy();
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

const GZIP = /\.gz$/i;

/**
 * The scan works on decoded text, so offsets and columns are UTF-16 code units as everywhere else. The main
 * thread does only this while workers lint the records: strings (most of the text) are skipped with native
 * searches for the closing quote, and inside an element only strings, brackets, line breaks and comments stop it. State lives in fields between chunks and in locals
 * within one (closures over the state made an earlier version 3x slower).
 */
class ListScanner {
  private depth = 0;
  private inString = false;
  private escape = false;
  /** 0: none, 1: line comment, 2: block comment. */
  private comment = 0;
  private prevStar = false;
  private line = 0;
  /** Character offset in the file of the first character of the text being scanned. */
  private charBase = 0;
  /** Character offset where the current line starts. */
  private lineStart = 0;
  /** Depth at which list elements live (1 for a bare array, 2 for value/data), once known. */
  private listDepth = -1;
  private rootIsObject = false;
  private lastKey = "";
  /** The key being read (a member name of the root object), as far as read. */
  private keyBuf: string | undefined = undefined;
  private expectKey = false;
  private sawList = false;
  /** The open element: its first character in the text, its line, character offset and column. */
  private elemStart = -1;
  private elemLine = 0;
  private elemChar = 0;
  private elemCol = 0;
  /** The open element's text so far (the next chunk is scanned after it). */
  private carry = "";
  /** The list's pointer ("" for a bare array, /value, /data) and the next element's index. */
  private listPointer = "";
  private index = 0;
  /** File character offset where the text outside elements began (the start, or the end of the last element). */
  private gapStart = 0;

  constructor(
    private readonly shown: string,
    /** Longest element accepted, in characters. */
    private readonly maxElement: number,
  ) {}

  scan(chunk: string): StreamedElement[] {
    let text = chunk;
    let i = 0;
    if (this.carry) {
      i = this.carry.length;
      text = this.carry + chunk;
      this.carry = "";
    }
    const out: StreamedElement[] = [];
    let { depth, inString, escape, comment, prevStar, line, lineStart, elemStart } = this;
    const charBase = this.charBase;
    const n = text.length;
    let nextBs = -1;
    let nextNl = -1;
    while (i < n) {
      if (inString) {
        if (escape) {
          escape = false;
          if (text.charCodeAt(i) !== 10) i++; // the escaped character (a line break is counted below)
          continue;
        }
        // Native searches find the closing quote; the next backslash and line break are looked up only once
        // passed (most texts have few or none), so a string costs one indexOf.
        const from = i;
        if (nextBs < i) nextBs = indexOr(text, "\\", i, n);
        if (nextNl < i) nextNl = indexOr(text, "\n", i, n);
        i = Math.min(indexOr(text, '"', i, n), nextBs, nextNl);
        if (this.keyBuf !== undefined && this.keyBuf.length < 64) this.keyBuf += text.slice(from, i);
        if (i >= n) break;
        const c = text.charCodeAt(i);
        if (c === 34) {
          inString = false;
          if (this.keyBuf !== undefined) {
            this.lastKey = this.keyBuf;
            this.keyBuf = undefined;
          }
        } else if (c === 92) escape = true;
        else {
          line++;
          lineStart = charBase + i + 1;
        }
        i++;
        continue;
      }
      if (comment === 0 && elemStart >= 0 && depth > this.listDepth) {
        // Inside an element, below the list's level: only strings, brackets, line breaks and comments matter. One
        // native regular expression skips the rest and every string without an escape or a line break.
        INSIDE.lastIndex = i;
        INSIDE.test(text);
        i = INSIDE.lastIndex;
        if (i >= n) break;
      }
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        lineStart = charBase + i + 1;
        prevStar = false;
        if (comment === 1) comment = 0;
        i++;
        continue;
      }
      if (comment === 1) {
        const nl = text.indexOf("\n", i);
        i = nl < 0 ? n : nl;
        continue;
      }
      if (comment === 2) {
        if (prevStar && c === 47) comment = 0;
        prevStar = c === 42;
        i++;
        continue;
      }
      if (c === 32 || c === 9 || c === 13) {
        i++;
        continue;
      }
      let startHere = false;
      let endAt = -1;
      if (c === 34) {
        inString = true;
        if (this.rootIsObject && depth === 1 && this.expectKey) this.keyBuf = "";
        if (depth === this.listDepth && elemStart < 0) startHere = true;
      } else if (c === 47 && text.charCodeAt(i + 1) === 47) comment = 1;
      else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        comment = 2;
        prevStar = false;
        i++;
      } else if (c === 123 || c === 91) {
        if (depth === 0) {
          this.rootIsObject = c === 123;
          if (!this.rootIsObject) {
            this.listDepth = 1;
            this.sawList = true;
          }
          this.expectKey = this.rootIsObject;
        } else if (depth === this.listDepth && elemStart < 0) startHere = true;
        else if (this.rootIsObject && depth === 1 && c === 91 && (this.lastKey === "value" || this.lastKey === "data") && this.listDepth < 0) {
          this.listDepth = 2;
          this.listPointer = `/${this.lastKey}`;
          this.sawList = true;
        }
        depth++;
      } else if (c === 125 || c === 93) {
        depth--;
        if (depth === this.listDepth - 1 && this.listDepth > 0) {
          // The end of the list itself.
          if (elemStart >= 0) endAt = i;
          this.listDepth = -this.listDepth; // done with this list; ignore the rest
        } else if (depth === this.listDepth && elemStart >= 0) endAt = i + 1;
      } else if (c === 44) {
        if (depth === this.listDepth && elemStart >= 0) endAt = i;
        if (this.rootIsObject && depth === 1) this.expectKey = true;
      } else if (c === 58) {
        if (this.rootIsObject && depth === 1) this.expectKey = false;
      } else if (depth === this.listDepth && elemStart < 0) {
        startHere = true; // a scalar element
      } else if (depth === 0) {
        // Not JSON text at all (binary, NUL bytes ...): no need to read further.
        throw new InputError("too large to read whole and not a list of resources", this.shown, line + 1, charBase + i - lineStart + 1, "not-a-list");
      }
      if (startHere) {
        elemStart = i;
        this.elemLine = line;
        this.elemChar = charBase + i;
        this.elemCol = this.elemChar - lineStart;
      } else if (endAt >= 0) {
        let e = endAt;
        for (let w = text.charCodeAt(e - 1); e > elemStart && (w === 32 || w === 9 || w === 10 || w === 13); w = text.charCodeAt(e - 1)) e--;
        out.push({ text: text.slice(elemStart, e), line: this.elemLine, offset: this.elemChar, column: this.elemCol, pointer: `${this.listPointer}/${this.index++}` });
        elemStart = -1;
        this.gapStart = charBase + endAt;
      }
      i++;
    }
    if (elemStart >= 0) {
      if (n - elemStart > this.maxElement) throw new InputError(`a list element longer than ${(this.maxElement / 1048576).toFixed(0)} MiB`, this.shown, this.elemLine + 1, this.elemCol + 1, "too-large");
      // Keep the open element's text; the next chunk is scanned after it.
      this.carry = text.slice(elemStart);
      this.charBase = this.elemChar;
      elemStart = 0;
    } else {
      this.charBase = charBase + n;
      if (this.charBase - this.gapStart > this.maxElement) this.gapTooLong(line);
    }
    Object.assign(this, { depth, inString, escape, comment, prevStar, line, lineStart, elemStart });
    return out;
  }

  /**
   * More than the element limit outside any element (white space, comments, the rest after the list): before a
   * list is found, the file is no list (the caller reads it whole, which refuses it by size); after, it is refused.
   */
  private gapTooLong(line: number): never {
    if (!this.sawList) throw new InputError("too large to read whole and not a list of resources", this.shown, 1, 1, "not-a-list");
    throw new InputError(`more than ${mib(this.maxElement)} MiB outside the list's elements (raise it with --max-file-size); the rest of the file is not read`, this.shown, line + 1, 1, "too-large");
  }

  /** At the end of the input: a list must have been found, and closed. */
  end(): void {
    if (!this.sawList) throw new InputError("too large to read whole and not a list of resources (a bare array, `value` or `data`); raise --max-file-size", this.shown, 1, 1, "not-a-list");
    if (this.depth !== 0 || this.inString) {
      throw new InputError("unexpected end of file (the file may be truncated)", this.shown, this.line + 1, this.charBase + this.carry.length - this.lineStart + 1, "invalid-json");
    }
  }
}

/**
 * Inside a list element: characters that are not quotes, brackets, line breaks or slashes, and whole strings
 * without escapes or line breaks (a string the chunk ends in, or with an escape, stops it at its quote).
 */
const INSIDE = /(?:[^"{}[\]\n/]+|"[^"\\\n]*")*/y;

/**
 * Reports the share of a file a stream has read (of `size`, the bytes stored: a gzip file's compressed bytes),
 * when it has read more since the last report.
 */
export function readShare(size: number, raw: fs.ReadStream, onRead: (share: number) => void): () => void {
  let last = -1;
  return () => {
    if (raw.bytesRead === last || size === 0) return;
    last = raw.bytesRead;
    onRead(Math.min(1, last / size));
  };
}

/** `text.indexOf(s, from)`, or `n` when not found. */
function indexOr(text: string, s: string, from: number, n: number): number {
  const i = text.indexOf(s, from);
  return i < 0 ? n : i;
}
