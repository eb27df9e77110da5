/**
 * Streaming reader for large exported lists: a bare array of resources, a REST List `{ "value": [...] }` or a
 * Resource Graph result `{ "data": [...] }`. It scans the bytes once (strings, escapes, comments, depth, lines)
 * and yields each element's text with the line and offset it starts at, so memory stays bounded by one element
 * whatever the file size, and findings keep the file's own positions.
 */
import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import zlib from "node:zlib";
import { InputError } from "./parse/document.js";

export interface StreamedElement {
  /** The element's text, preceded by spaces so its first line keeps its column. */
  readonly text: string;
  /** Zero-based line and character offset in the file of the element's first (padded) character. */
  readonly line: number;
  readonly offset: number;
}

export async function* streamListElements(abs: string, shown: string, maxElement: number): AsyncGenerator<StreamedElement> {
  let input: NodeJS.ReadableStream = fs.createReadStream(abs, { highWaterMark: 1 << 20 });
  if (/\.gz$/i.test(abs)) input = input.pipe(zlib.createGunzip());
  const decoder = new StringDecoder("utf8");

  let depth = 0;
  let inString = false;
  let escape = false;
  let comment: "" | "line" | "block" = "";
  let prevStar = false;
  let line = 0;
  let col = 0;
  let offset = 0;
  let first = true;
  /** Depth at which list elements live (1 for a bare array, 2 for value/data), once known. */
  let listDepth = -1;
  let rootIsObject = false;
  let lastKey = "";
  let keyBuf: string | undefined;
  let expectKey = false;
  let elem: { parts: string[]; size: number; line: number; offset: number; col: number } | undefined;
  let sawList = false;

  const finish = function* (): Generator<StreamedElement> {
    if (!elem) return;
    const text = " ".repeat(elem.col) + elem.parts.join("");
    yield { text: text.replace(/\s+$/, ""), line: elem.line, offset: elem.offset - elem.col };
    elem = undefined;
  };

  for await (const chunk of input as AsyncIterable<Buffer>) {
    let s = decoder.write(chunk);
    if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    first = false;
    let segStart = 0;
    const out: StreamedElement[] = [];
    const startElem = (i: number) => {
      elem = { parts: [], size: 0, line, offset: offset + i, col };
      segStart = i;
    };
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (comment === "line") {
        if (c === 10) comment = "";
      } else if (comment === "block") {
        if (prevStar && c === 47) comment = "";
        prevStar = c === 42;
      } else if (inString) {
        if (escape) escape = false;
        else if (c === 92) escape = true;
        else if (c === 34) {
          inString = false;
          if (keyBuf !== undefined) {
            lastKey = keyBuf;
            keyBuf = undefined;
          }
        } else if (keyBuf !== undefined && keyBuf.length < 64) keyBuf += s[i];
      } else if (c === 34) {
        inString = true;
        if (rootIsObject && depth === 1 && expectKey) keyBuf = "";
        if (depth === listDepth && !elem) startElem(i);
      } else if (c === 47 && s.charCodeAt(i + 1) === 47) comment = "line";
      else if (c === 47 && s.charCodeAt(i + 1) === 42) {
        comment = "block";
        prevStar = false;
        i++;
        col++;
      } else if (c === 123 || c === 91) {
        if (depth === 0) {
          rootIsObject = c === 123;
          if (!rootIsObject) {
            listDepth = 1;
            sawList = true;
          }
          expectKey = rootIsObject;
        } else if (depth === listDepth && !elem) startElem(i);
        else if (rootIsObject && depth === 1 && c === 91 && (lastKey === "value" || lastKey === "data") && listDepth < 0) {
          listDepth = 2;
          sawList = true;
        }
        depth++;
      } else if (c === 125 || c === 93) {
        depth--;
        if (depth === listDepth - 1 && listDepth > 0) {
          // end of the list itself
          if (elem) {
            elem.parts.push(s.slice(segStart, i));
            segStart = i;
            for (const e of finish()) out.push(e);
          }
          listDepth = -listDepth; // done with this list; ignore the rest
        } else if (depth === listDepth && elem) {
          elem.parts.push(s.slice(segStart, i + 1));
          segStart = i + 1;
          for (const e of finish()) out.push(e);
        }
      } else if (c === 44) {
        if (depth === listDepth && elem) {
          elem.parts.push(s.slice(segStart, i));
          for (const e of finish()) out.push(e);
        }
        if (rootIsObject && depth === 1) expectKey = true;
      } else if (c === 58) {
        if (rootIsObject && depth === 1) expectKey = false;
      } else if (depth === listDepth && !elem && c !== 32 && c !== 9 && c !== 10 && c !== 13) {
        startElem(i); // a scalar element
      } else if (depth === 0 && c !== 32 && c !== 9 && c !== 10 && c !== 13) {
        // Not JSON text at all (binary, NUL bytes ...): no need to read further.
        throw new InputError("too large to read whole and not a list of resources", shown, line + 1, col + 1, "not-a-list");
      }
      if (c === 10) {
        line++;
        col = 0;
      } else col++;
    }
    if (elem) {
      const part = s.slice(segStart);
      elem.parts.push(part);
      elem.size += part.length;
      if (elem.size > maxElement) throw new InputError(`a list element longer than ${(maxElement / 1048576).toFixed(0)} MiB`, shown, elem.line + 1, elem.col + 1, "too-large");
    }
    offset += s.length;
    for (const e of out) yield e;
  }
  if (!sawList) throw new InputError("too large to read whole and not a list of resources (a bare array, `value` or `data`); raise --max-file-size", shown, 1, 1, "not-a-list");
  if (depth !== 0 || inString) throw new InputError("unexpected end of file (the file may be truncated)", shown, line + 1, col + 1, "invalid-json");
}
