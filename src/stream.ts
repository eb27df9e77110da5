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

  // The scan works on the bytes (the main thread does only this when workers lint the records); characters are
  // counted as UTF-16 code units: a UTF-8 continuation byte adds none, a 4-byte sequence's lead byte adds two.
  let depth = 0;
  let inString = false;
  let escape = false;
  /** 0: none, 1: line comment, 2: block comment. */
  let comment = 0;
  let prevStar = false;
  let line = 0;
  /** Character offset of the first byte of `buf`, and (bytes - characters) from there to the scan position. */
  let charBase = 0;
  let adj = 0;
  /** Character offset where the current line starts. */
  let lineStart = 0;
  let first = true;
  /** Depth at which list elements live (1 for a bare array, 2 for value/data), once known. */
  let listDepth = -1;
  let rootIsObject = false;
  let lastKey = "";
  let keyBuf: string | undefined;
  let expectKey = false;
  let sawList = false;
  /** The open element: its first byte in `buf`, its line, character offset and column, and `adj` there. */
  let elemStart = -1;
  let elemLine = 0;
  let elemChar = 0;
  let elemCol = 0;
  let elemAdj = 0;
  let carry: Buffer | undefined;
  /** The list's pointer ("" for a bare array, /value, /data) and the next element's index. */
  let listPointer = "";
  let index = 0;

  for await (const chunk of input as AsyncIterable<Buffer>) {
    let buf: Buffer = chunk;
    if (first) {
      first = false;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    let i = 0;
    if (carry) {
      // The open element's bytes so far, then the new chunk.
      i = carry.length;
      buf = Buffer.concat([carry, buf]);
      carry = undefined;
    }
    const out: StreamedElement[] = [];
    const emit = (end: number) => {
      let e = end;
      while (e > elemStart && (buf[e - 1] === 32 || buf[e - 1] === 9 || buf[e - 1] === 10 || buf[e - 1] === 13)) e--;
      out.push({ text: " ".repeat(elemCol) + buf.toString("utf8", elemStart, e), line: elemLine, offset: elemChar - elemCol, pointer: `${listPointer}/${index++}` });
      elemStart = -1;
    };
    const start = (b: number) => {
      elemStart = b;
      elemLine = line;
      elemChar = charBase + b - adj;
      elemCol = elemChar - lineStart;
      elemAdj = adj;
    };
    const n = buf.length;
    for (; i < n; i++) {
      const c = buf[i]!;
      if (c >= 0x80) {
        if (c < 0xc0) adj++;
        else if (c >= 0xf0) adj--;
        prevStar = false;
        if (inString) {
          escape = false;
          if (keyBuf !== undefined && keyBuf.length < 64) keyBuf += "\ufffd";
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
          if (keyBuf !== undefined) {
            lastKey = keyBuf;
            keyBuf = undefined;
          }
        } else if (keyBuf !== undefined && keyBuf.length < 64) keyBuf += String.fromCharCode(c);
        continue;
      }
      if (c === 32 || c === 9 || c === 13) continue;
      if (c === 34) {
        inString = true;
        if (rootIsObject && depth === 1 && expectKey) keyBuf = "";
        if (depth === listDepth && elemStart < 0) start(i);
      } else if (c === 47 && buf[i + 1] === 47) comment = 1;
      else if (c === 47 && buf[i + 1] === 42) {
        comment = 2;
        prevStar = false;
        i++;
      } else if (c === 123 || c === 91) {
        if (depth === 0) {
          rootIsObject = c === 123;
          if (!rootIsObject) {
            listDepth = 1;
            sawList = true;
          }
          expectKey = rootIsObject;
        } else if (depth === listDepth && elemStart < 0) start(i);
        else if (rootIsObject && depth === 1 && c === 91 && (lastKey === "value" || lastKey === "data") && listDepth < 0) {
          listDepth = 2;
          listPointer = `/${lastKey}`;
          sawList = true;
        }
        depth++;
      } else if (c === 125 || c === 93) {
        depth--;
        if (depth === listDepth - 1 && listDepth > 0) {
          // The end of the list itself.
          if (elemStart >= 0) emit(i);
          listDepth = -listDepth; // done with this list; ignore the rest
        } else if (depth === listDepth && elemStart >= 0) emit(i + 1);
      } else if (c === 44) {
        if (depth === listDepth && elemStart >= 0) emit(i);
        if (rootIsObject && depth === 1) expectKey = true;
      } else if (c === 58) {
        if (rootIsObject && depth === 1) expectKey = false;
      } else if (depth === listDepth && elemStart < 0) {
        start(i); // a scalar element
      } else if (depth === 0) {
        // Not JSON text at all (binary, NUL bytes ...): no need to read further.
        throw new InputError("too large to read whole and not a list of resources", shown, line + 1, charBase + i - adj - lineStart + 1, "not-a-list");
      }
    }
    if (elemStart >= 0) {
      if (n - elemStart > maxElement) throw new InputError(`a list element longer than ${(maxElement / 1048576).toFixed(0)} MiB`, shown, elemLine + 1, elemCol + 1, "too-large");
      // Keep the open element's bytes; the next buffer starts where it does.
      carry = buf.subarray(elemStart);
      charBase = elemChar;
      adj -= elemAdj;
      elemAdj = 0;
      elemStart = 0;
    } else {
      charBase += n - adj;
      adj = 0;
    }
    for (const e of out) yield e;
  }
  if (!sawList) throw new InputError("too large to read whole and not a list of resources (a bare array, `value` or `data`); raise --max-file-size", shown, 1, 1, "not-a-list");
  if (depth !== 0 || inString) throw new InputError("unexpected end of file (the file may be truncated)", shown, line + 1, charBase + (carry?.length ?? 0) - adj - lineStart + 1, "invalid-json");
}
