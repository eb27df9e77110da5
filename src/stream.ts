/**
 * Streaming reader for large exported lists: a bare array of resources, a REST List `{ "value": [...] }` or a
 * Resource Graph result `{ "data": [...] }`. It scans the bytes once (strings, escapes, comments, depth, lines)
 * and yields each element's text with the line and offset it starts at, so memory stays bounded by one element
 * whatever the file size, and findings keep the file's own positions.
 */
import fs from "node:fs";
import zlib from "node:zlib";
import { InputError } from "./parse/document.js";

export interface StreamedElement {
  /** The element's text, preceded by spaces so its first line keeps its column. */
  readonly text: string;
  /** Zero-based line and character offset in the file of the element's first (padded) character. */
  readonly line: number;
  readonly offset: number;
  /** The element's JSON pointer in the file (/data/17); absent for NDJSON records, which are documents of their own. */
  readonly pointer?: string;
}

export async function* streamListElements(abs: string, shown: string, maxElement: number): AsyncGenerator<StreamedElement> {
  let input: NodeJS.ReadableStream = fs.createReadStream(abs, { highWaterMark: 1 << 20 });
  if (/\.gz$/i.test(abs)) input = input.pipe(zlib.createGunzip());
  const scanner = new ListScanner(shown, maxElement);
  let first = true;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let buf: Buffer = chunk;
    if (first) {
      first = false;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    for (const e of scanner.scan(buf)) yield e;
  }
  scanner.end();
}

/**
 * The scan works on the bytes (the main thread does only this when workers lint the records); characters are
 * counted as UTF-16 code units: a UTF-8 continuation byte adds none, a 4-byte sequence's lead byte adds two.
 * State lives in fields between chunks and in locals within one (closures over the state made it 3x slower).
 */
class ListScanner {
  private depth = 0;
  private inString = false;
  private escape = false;
  /** 0: none, 1: line comment, 2: block comment. */
  private comment = 0;
  private prevStar = false;
  private line = 0;
  /** Character offset of the first byte of the current buffer, and (bytes - characters) from there. */
  private charBase = 0;
  private adj = 0;
  /** Character offset where the current line starts. */
  private lineStart = 0;
  /** Depth at which list elements live (1 for a bare array, 2 for value/data), once known. */
  private listDepth = -1;
  private rootIsObject = false;
  private lastKey = "";
  private keyBuf: string | undefined = undefined;
  private expectKey = false;
  private sawList = false;
  /** The open element: its first byte in the buffer, its line, character offset and column, and `adj` there. */
  private elemStart = -1;
  private elemLine = 0;
  private elemChar = 0;
  private elemCol = 0;
  private elemAdj = 0;
  private carry: Buffer | undefined = undefined;
  /** The list's pointer ("" for a bare array, /value, /data) and the next element's index. */
  private listPointer = "";
  private index = 0;

  constructor(
    private readonly shown: string,
    private readonly maxElement: number,
  ) {}

  scan(chunk: Buffer): StreamedElement[] {
    let buf = chunk;
    let i = 0;
    if (this.carry) {
      // The open element's bytes so far, then the new chunk.
      i = this.carry.length;
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
    }
    const out: StreamedElement[] = [];
    let { depth, inString, escape, comment, prevStar, line, adj, lineStart, elemStart } = this;
    const charBase = this.charBase;
    const n = buf.length;
    for (; i < n; i++) {
      const c = buf[i]!;
      if (c >= 0x80) {
        if (c < 0xc0) adj++;
        else if (c >= 0xf0) adj--;
        prevStar = false;
        if (inString) {
          escape = false;
          if (this.keyBuf !== undefined && this.keyBuf.length < 64) this.keyBuf += "\ufffd";
        }
        continue;
      }
      if (c === 10) {
        line++;
        lineStart = charBase + i + 1 - adj;
        prevStar = false;
        escape = false;
        if (comment === 1) comment = 0;
        continue;
      }
      if (comment === 1) continue;
      if (comment === 2) {
        if (prevStar && c === 47) comment = 0;
        prevStar = c === 42;
        continue;
      }
      if (inString) {
        if (escape) escape = false;
        else if (c === 92) escape = true;
        else if (c === 34) {
          inString = false;
          if (this.keyBuf !== undefined) {
            this.lastKey = this.keyBuf;
            this.keyBuf = undefined;
          }
        } else if (this.keyBuf !== undefined && this.keyBuf.length < 64) this.keyBuf += String.fromCharCode(c);
        continue;
      }
      if (c === 32 || c === 9 || c === 13) continue;
      let startHere = false;
      let endAt = -1;
      if (c === 34) {
        inString = true;
        if (this.rootIsObject && depth === 1 && this.expectKey) this.keyBuf = "";
        if (depth === this.listDepth && elemStart < 0) startHere = true;
      } else if (c === 47 && buf[i + 1] === 47) comment = 1;
      else if (c === 47 && buf[i + 1] === 42) {
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
        throw new InputError("too large to read whole and not a list of resources", this.shown, line + 1, charBase + i - adj - lineStart + 1, "not-a-list");
      }
      if (startHere) {
        elemStart = i;
        this.elemLine = line;
        this.elemChar = charBase + i - adj;
        this.elemCol = this.elemChar - lineStart;
        this.elemAdj = adj;
      } else if (endAt >= 0) {
        let e = endAt;
        while (e > elemStart && (buf[e - 1] === 32 || buf[e - 1] === 9 || buf[e - 1] === 10 || buf[e - 1] === 13)) e--;
        out.push({ text: " ".repeat(this.elemCol) + buf.toString("utf8", elemStart, e), line: this.elemLine, offset: this.elemChar - this.elemCol, pointer: `${this.listPointer}/${this.index++}` });
        elemStart = -1;
      }
    }
    if (elemStart >= 0) {
      if (n - elemStart > this.maxElement) throw new InputError(`a list element longer than ${(this.maxElement / 1048576).toFixed(0)} MiB`, this.shown, this.elemLine + 1, this.elemCol + 1, "too-large");
      // Keep the open element's bytes; the next buffer starts where it does.
      this.carry = buf.subarray(elemStart);
      this.charBase = this.elemChar;
      adj -= this.elemAdj;
      this.elemAdj = 0;
      elemStart = 0;
    } else {
      this.charBase = charBase + n - adj;
      adj = 0;
    }
    Object.assign(this, { depth, inString, escape, comment, prevStar, line, adj, lineStart, elemStart });
    return out;
  }

  /** At the end of the input: a list must have been found, and closed. */
  end(): void {
    if (!this.sawList) throw new InputError("too large to read whole and not a list of resources (a bare array, `value` or `data`); raise --max-file-size", this.shown, 1, 1, "not-a-list");
    if (this.depth !== 0 || this.inString) {
      throw new InputError("unexpected end of file (the file may be truncated)", this.shown, this.line + 1, this.charBase + (this.carry?.length ?? 0) - this.adj - this.lineStart + 1, "invalid-json");
    }
  }
}
