/**
 * Parsing: JSON with comments and trailing commas (as ARM accepts), BOM stripped, into a `ParsedDoc` (source.ts)
 * that maps RFC 6901 pointers to values and regions. Plain JSON (as exports are) is read by JSON.parse and a scan
 * of its members (plain-doc.ts); anything else into a node tree (tree-doc.ts). Which reader read a text changes
 * nothing a consumer sees.
 */
import { RunContext } from "../context.js";
import { InputError } from "./errors.js";
import { refuseWithoutValue, readTree } from "./full.js";
import { positionIn } from "./lines.js";
import { countKeys, countMembers, MemberIndex, SCAN_BUFFERS, tryPlainJson } from "./plain.js";
import { PlainJsonDoc } from "./plain-doc.js";
import { TreeDoc } from "./tree-doc.js";
import type { ParsedDoc } from "./source.js";

export { decode, InputError } from "./errors.js";
export { LineIndex, positionIn, type Position, type Region } from "./lines.js";
export { effectiveProperties } from "./nodes.js";
export type { Comment, DocBase, DocFixer, DuplicateKey, FixEdits, ParsedDoc, PlacedEdit, TextEdit } from "./source.js";

export interface ParseLimits {
  /** Maximum nesting of arrays/objects. */
  readonly maxDepth: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxDepth: 1000 };

export interface ParseOptions extends Partial<ParseLimits> {
  /**
   * Try JSON.parse first: text that is plain JSON (as exports are) is then read without a node tree (see
   * plain.ts). Templates and parameters files are read into a tree either way: their evaluation needs it.
   */
  readonly plain?: boolean;
  /**
   * The run the document belongs to: the plain reader's scan buffers and caches live in it, and consumers reach
   * the run's state through the document. A document parsed on its own (a test, a fix's check) gets a context
   * of its own.
   */
  readonly context?: RunContext;
}

/** Parses a document, or throws an InputError located at the first problem. */
export function parseDocument(text: string, file: string, options: ParseOptions = {}): ParsedDoc {
  const maxDepth = options.maxDepth ?? DEFAULT_PARSE_LIMITS.maxDepth;
  const context = options.context ?? new RunContext();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const p = positionIn(text, nul);
    throw new InputError("NUL character in file (binary or UTF-16 without BOM?)", file, p.line, p.column, "invalid-encoding");
  }
  refuseWithoutValue(text, file);
  if (options.plain) {
    const parsed = tryPlainJson(text);
    if (parsed && parsed.value !== null && typeof parsed.value === "object") {
      const index = new MemberIndex(text, context.get(SCAN_BUFFERS));
      const shape = countMembers(text, index);
      // Deeper than the limit, or a key written twice: the full reader reports it.
      if (shape.depth <= maxDepth && shape.members === countKeys(parsed.value)) return new PlainJsonDoc(file, text, context, parsed.value, index);
    }
  }
  return new TreeDoc(file, text, context, readTree(text, file, maxDepth));
}
