/**
 * What goes wrong when a text is read: the errors (InputError), decoding bytes to text, and the message a parse
 * error gets: jsonc-parser's error code in words, with a snippet of the text at it that never quotes a secret.
 */
import type { ParseError } from "jsonc-parser";
import { jsonc } from "./jsonc.js";
import { positionIn, skipTrivia } from "./lines.js";
import { isSecretName, REDACTED, Redactor } from "../post/secrets.js";

/** An input error at a position: unreadable file, malformed JSON, limits exceeded. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line = 1,
    readonly column = 1,
    readonly code = "input-error",
  ) {
    super(message);
  }
}

/** Strips a UTF-8 BOM; rejects UTF-16 and NUL-containing text with a clear error. */
export function decode(buf: Uint8Array, file: string): string {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    // UTF-16 with BOM: decode it (ARM tooling on Windows writes these).
    const le = buf[0] === 0xff;
    const body = buf.subarray(2);
    if (le) return new TextDecoder("utf-16le").decode(body);
    return new TextDecoder("utf-16be").decode(body);
  }
  let start = 0;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf.subarray(start));
  } catch {
    const bad = firstInvalidUtf8(buf, start);
    const prefix = new TextDecoder("utf-8").decode(buf.subarray(start, bad));
    const idx = positionIn(prefix, prefix.length);
    throw new InputError(`invalid UTF-8 byte sequence at byte ${bad}`, file, idx.line, idx.column, "invalid-encoding");
  }
}

function firstInvalidUtf8(buf: Uint8Array, start: number): number {
  let i = start;
  while (i < buf.length) {
    const b = buf[i]!;
    let n = 0;
    if (b < 0x80) n = 0;
    else if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) n = 2;
    else if (b >= 0xf0 && b <= 0xf4) n = 3;
    else return i;
    for (let k = 1; k <= n; k++) if (i + k >= buf.length || (buf[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

export function describeError(e: ParseError, text: string): string {
  const code = jsonc().printParseErrorCode(e.error);
  const human: Record<string, string> = {
    InvalidSymbol: "unexpected character",
    InvalidNumberFormat: "invalid number",
    PropertyNameExpected: "property name expected",
    ValueExpected: "value expected",
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected (the file may be truncated)",
    CloseBracketExpected: "']' expected (the file may be truncated)",
    EndOfFileExpected: "end of file expected",
    InvalidCommentToken: "invalid comment",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string (the file may be truncated)",
    UnexpectedEndOfNumber: "unexpected end of number",
    InvalidUnicode: "invalid unicode escape",
    InvalidEscapeCharacter: "invalid escape character",
    InvalidCharacter: "invalid character in string",
  };
  const what = human[code] ?? code;
  if (e.offset >= trimmedLength(text)) return `unexpected end of file, ${what.replace(/ \(the file may be truncated\)$/, "")} (the file may be truncated)`;
  return `${what}${nearText(text, e.offset, e.length || 1, STRING_ERRORS.has(code))}`;
}
/** The length of `text` without its trailing whitespace (`trimEnd().length`, without copying a large text). */
function trimmedLength(text: string): number {
  let end = text.length;
  for (;;) {
    const c = text.charCodeAt(end - 1);
    if (c === 32 || c === 10 || c === 13 || c === 9 || (c > 127 && /\s/.test(text[end - 1]!))) end--;
    else return end;
  }
}

/** Errors in a string's own text: the message says it is a string, the snippet would be its text. */
const STRING_ERRORS = new Set(["UnexpectedEndOfString", "InvalidUnicode", "InvalidEscapeCharacter", "InvalidCharacter"]);

/**
 * What a parse error quotes of the token at it (` near '...'`, at most 20 characters), without any secret: the
 * document did not parse, so which values are secrets is not known, and the error is often right after one (a
 * string value cut by a line break, a missing comma after a password). A string is quoted only when it is a
 * key (a name, as messages quote them); a string value is only named, a comment shows only where it starts, a
 * bare word after a key named as a secret (`"password": hunter2`) is `<redacted>`, and anything else is redacted
 * by the patterns messages are (`sig=`, `AccountKey=` ...).
 */
function nearText(text: string, offset: number, length: number, inString: boolean): string {
  const c = text.charCodeAt(offset);
  if (c === 34) {
    if (isKeyAt(text, offset)) return ` near '${redactPatterns(snippet(text, offset, length))}'`;
    return inString ? "" : " near a string value";
  }
  if (c === 47 && (text.charCodeAt(offset + 1) === 42 || text.charCodeAt(offset + 1) === 47)) return ` near '${text.slice(offset, offset + 2)}'`;
  const near = snippet(text, offset, length);
  if (!near) return "";
  const key = keyBefore(text, offset);
  return ` near '${key !== undefined && isSecretName(key) ? REDACTED : redactPatterns(near)}'`;
}

function snippet(text: string, offset: number, length: number): string {
  return text.slice(offset, offset + Math.min(length, 20)).replace(/\s+/g, " ");
}

/** The redaction messages get, by pattern only (no document, so no known secret values). */
function redactPatterns(s: string): string {
  return new Redactor({ docs: new Map(), resources: [] }).redact(s);
}

/** The index just after the string token at `i` as jsonc-parser reads it: it also ends at a line break. */
export function stringTokenEnd(text: string, i: number): number {
  const n = text.length;
  for (let j = i + 1; j < n; j++) {
    const d = text.charCodeAt(j);
    if (d === 92) j++;
    else if (d === 34) return j + 1;
    else if (d === 10 || d === 13) return j;
  }
  return n;
}

/** True when the string token at `i` is a member's key: a ':' follows it (after blanks and comments). */
function isKeyAt(text: string, i: number): boolean {
  const end = stringTokenEnd(text, i);
  if (text.charCodeAt(end - 1) !== 34 || end - 1 === i) return false;
  return text.charCodeAt(skipTrivia(text, end)) === 58;
}

/** The last key written before `offset` (the member the error is most likely in), unescaped where possible. */
function keyBefore(text: string, offset: number): string | undefined {
  let key: string | undefined;
  let strStart = -1;
  let strEnd = -1;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (c === 34) {
      strStart = i;
      strEnd = stringTokenEnd(text, i);
      i = strEnd - 1;
      continue;
    }
    if (c === 58 && strStart >= 0) key = keyString(text.slice(strStart, strEnd));
    else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < offset && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13) i++;
      continue;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? offset : end + 1;
      continue;
    }
    strStart = -1;
  }
  return key;
}

function keyString(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}
