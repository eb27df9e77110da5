/**
 * The full reader: JSON with comments and trailing commas (as ARM accepts) into a node tree with offsets. The fast
 * iterative reader (fast.ts) reads what it accepts; anything else (an error, or nesting past the limit) goes to
 * jsonc-parser for its exact first error, after checks that keep jsonc-parser from the inputs it is slow or unsafe
 * on (no value at all, long runs of blanks, nesting deep enough to overflow its recursion).
 */
import type { Node, ParseError } from "jsonc-parser";
import { jsonc } from "./jsonc.js";
import { describeError, InputError, stringTokenEnd } from "./errors.js";
import { fastParseTree } from "./fast.js";
import { positionIn, skipTrivia } from "./lines.js";

/**
 * The node tree of `text` (any BOM already removed), or an InputError at the first problem: nesting deeper than
 * `maxDepth`, or jsonc-parser's first error.
 */
export function readTree(text: string, file: string, maxDepth: number): Node {
  const fast = fastParseTree(text, maxDepth);
  if (fast && fast !== "too-deep") return fast;
  // Long runs of blanks cut short: the tokens are the same, and jsonc-parser's scanner is slow on such runs.
  const squeezed = squeezeBlanks(text);
  checkDepth(text, squeezed, file, maxDepth);
  const { root, error } = jsoncTree(text, squeezed);
  if (error || !root) {
    const offset = error ? error.offset : 0;
    const p = positionIn(text, offset);
    const what = error ? describeError(error, text) : "empty document";
    throw new InputError(`invalid JSON: ${what}`, file, p.line, p.column, "invalid-json");
  }
  return root;
}

/**
 * Refuses nesting deeper than `maxDepth` before jsonc-parser reads the text: it recurses per level. The brackets
 * are counted over jsonc-parser's own tokens (its scanner: strings, comments and what it cannot read are what the
 * parser would see), in the text with its long runs of blanks cut (`squeezed`, when there are any).
 */
function checkDepth(text: string, squeezed: Squeezed | undefined, file: string, maxDepth: number): void {
  const scanner = jsonc().createScanner(squeezed ? squeezed.text : text, true);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== 17 /* EOF */; kind = scanner.scan()) {
    if (kind === 1 /* OpenBraceToken */ || kind === 3 /* OpenBracketToken */) {
      if (++depth > maxDepth) {
        const offset = squeezed ? squeezed.map(scanner.getTokenOffset()) : scanner.getTokenOffset();
        const p = positionIn(text, offset);
        throw new InputError(`nesting deeper than ${maxDepth} levels`, file, p.line, p.column, "too-deep");
      }
    } else if (kind === 2 /* CloseBraceToken */ || kind === 4 /* CloseBracketToken */) depth--;
  }
}

/** Thrown from the error list given to jsonc-parser to stop it at its first error. */
const STOP = Symbol("first parse error");

/**
 * jsonc-parser's tree, or its first error, with the offsets of `text`. It builds each run of blanks a character
 * at a time (a run of 60 MiB: 2 GB and a minute), so its error is found in a copy with the long runs outside
 * strings and comments cut to one blank, and mapped back: the tokens and the first error are the same. (It is
 * asked after the fast reader refused the text, which it does only for an error: a text it reads after all is
 * read again as it is, for the tree's offsets.)
 */
function jsoncTree(text: string, squeezed: Squeezed | undefined): { root?: Node; error?: ParseError } {
  if (!squeezed) return jsoncFirstError(text);
  const r = jsoncFirstError(squeezed.text);
  return r.error ? { error: { ...r.error, offset: squeezed.map(r.error.offset) } } : jsoncFirstError(text);
}

/** A text with its long runs of blanks cut, and the map from its offsets to the original's. */
interface Squeezed {
  readonly text: string;
  readonly map: (offset: number) => number;
}

/** Runs of spaces and tabs at least this long are cut (shorter ones cost jsonc-parser little). */
const LONG_BLANKS = 256;

/**
 * `text` with every run of LONG_BLANKS or more spaces and tabs outside strings and comments cut to its first
 * character, and the map from its offsets to those of `text`; undefined when there is no such run.
 */
function squeezeBlanks(text: string): Squeezed | undefined {
  const n = text.length;
  const parts: string[] = [];
  /** Where each kept stretch after a cut run starts, in the cut text and in `text`. */
  const cut: number[] = [0];
  const orig: number[] = [0];
  let kept = 0;
  let removed = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = stringTokenEnd(text, i) - 1;
    else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i + 1 < n && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 1;
    } else if (c === 32 || c === 9) {
      let j = i + 1;
      for (let d = text.charCodeAt(j); d === 32 || d === 9; d = text.charCodeAt(++j));
      if (j - i >= LONG_BLANKS) {
        parts.push(text.slice(kept, i + 1));
        kept = j;
        removed += j - i - 1;
        cut.push(j - removed);
        orig.push(j);
      }
      i = j - 1;
    }
  }
  if (cut.length === 1) return undefined;
  parts.push(text.slice(kept));
  const map = (offset: number): number => {
    let lo = 0;
    let hi = cut.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cut[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return orig[lo]! + offset - cut[lo]!;
  };
  return { text: parts.join(""), map };
}

/**
 * jsonc-parser's tree, or its first error. It reads on past an error and records every later one (a large file
 * of junk: millions), but only the first is reported: the list it is given stops it there.
 */
function jsoncFirstError(text: string): { root?: Node; error?: ParseError } {
  let error: ParseError | undefined;
  const errors = {
    push(e: ParseError): never {
      error = e;
      throw STOP;
    },
  } as unknown as ParseError[];
  try {
    const root = jsonc().parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
    return { root };
  } catch (e) {
    if (e !== STOP) throw e;
    return { error };
  }
}

/**
 * Refuses a text with no value in it (empty, or only whitespace and comments) or whose first significant
 * character cannot start one, before anything reads it as JSON: the readers would go through all of it first
 * (jsonc-parser builds each run of blanks a character at a time: a 60 MiB file of spaces took 20 s and 2 GB).
 * The error is the one the full reader gives, found in time linear in the text and constant memory.
 */
export function refuseWithoutValue(text: string, file: string): void {
  const n = text.length;
  const i = skipTrivia(text, 0);
  if (text.startsWith("/*", i)) return; // an unterminated comment: the full reader says so
  if (i >= n) {
    const p = positionIn(text, n);
    throw new InputError("invalid JSON: unexpected end of file, value expected (the file may be truncated)", file, p.line, p.column, "invalid-json");
  }
  const c = text.charCodeAt(i);
  if (c === 123 || c === 91 || c === 34 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110) return;
  // The full reader's error for what stands there, from a few characters of it (one token: a snippet quotes 20).
  const { error } = jsoncFirstError(text.slice(i, i + 64));
  const p = positionIn(text, i);
  const what = error ? describeError({ ...error, offset: i }, text) : "value expected";
  throw new InputError(`invalid JSON: ${what}`, file, p.line, p.column, "invalid-json");
}
