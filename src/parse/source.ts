/**
 * A parsed document: what every stage after parsing asks of a JSON text, whichever reader read it. Two readers
 * stand behind it (parse/document.ts picks one): JSON.parse with a member scan for plain JSON (plain-doc.ts: why
 * audits are fast), and a node tree for JSON with comments, trailing commas or keys written twice (tree-doc.ts).
 * Both give the same answers to the same questions; a consumer never needs to know which one it has.
 */
import type { Node } from "jsonc-parser";
import type { RunContext } from "../context.js";
import { jsonc } from "./jsonc.js";
import { LineIndex, type Region } from "./lines.js";
import { indexPointers, walkPointer, type DuplicateKey } from "./nodes.js";
import { splitPointer } from "../model/value.js";

export type { DuplicateKey } from "./nodes.js";

/**
 * Where a text starts in its file (a record of a streamed list or NDJSON file): lines and offsets are shifted by
 * it, columns on the text's first line by `column`, and pointers start with `pointer` (a list element's own
 * pointer in the file, e.g. /data/17).
 */
export interface DocBase {
  readonly line: number;
  readonly offset: number;
  readonly column?: number;
  readonly pointer?: string;
}

/** A comment written in the text: its offset and length (both delimiters included), and whether it is a block comment. */
export interface Comment {
  readonly offset: number;
  readonly length: number;
  readonly block: boolean;
}

/**
 * A parsed document. Pointers given to it are pointers of the file (RFC 6901, with `base.pointer` in front for a
 * record of a list); for a key written twice in an object, the last one counts, as ARM reads it.
 */
export interface ParsedDoc {
  /** File path as given (or "<stdin>"). */
  readonly file: string;
  /** Text with any BOM removed; offsets refer to this text. */
  readonly text: string;
  /** Which reader read the text (for tests and diagnostics: the answers are the same either way). */
  readonly reader: "plain" | "tree";
  /** The run the document is read in: its caches and scratch state (src/context.ts). */
  readonly context: RunContext;
  /** Where this text starts in its file (see DocBase); set by the reader of a list or NDJSON file. */
  base: DocBase;
  /** The document's value as plain data (objects, arrays, strings, numbers, booleans, null), as JSON.parse gives it. */
  readonly value: unknown;
  /** The value at a pointer, or undefined when nothing is there. */
  valueAt(pointer: string): unknown;
  /**
   * Region of the value at `pointer` (of its property key with `key`; with `anchor`, of its key or, for an object
   * or array, its first character), falling back to the closest ancestor that exists. "#offset:<offset>:<length>"
   * names a place no pointer can (an ignored duplicate key).
   */
  region(pointer: string, key?: boolean, anchor?: boolean): Region;
  /** Region of a span of the text. */
  regionOf(offset: number, length: number): Region;
  /** Members whose key is written again later in the same object (ignored: the last one counts). */
  duplicateKeys(): readonly DuplicateKey[];
  /** The comments in the text, in order. */
  comments(): readonly Comment[];
  /** Where the text's lines start. */
  readonly lineIndex: LineIndex;
  /** The line break edits write: \r\n when the text has one, else \n. */
  readonly newline: string;
  /** The indent unit edits write: a tab, or the spaces of the first indented line; two spaces when none. */
  readonly indentUnit: string;
  /** A pointer of the file as a pointer into this text (without `base.pointer`). */
  localPointer(pointer: string): string;
  /** The syntax node at a pointer (offsets, parent, children): for edits of the text (fixes). */
  node(pointer: string): Node | undefined;
  /** The whole syntax tree: for the template evaluator, which locates expressions inside strings. */
  readonly root: Node;
  /** Fixes in the document's own syntax, when it is not JSON (see DocFixer); absent for JSON, which `node` serves. */
  readonly fixer?: DocFixer;
}

const NO_COMMENTS: readonly Comment[] = Object.freeze([]);

/** A change of the text: `length` characters at `offset` replaced by `content` (a fix's edits are these). */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

/**
 * A rule's fix edit (rule.ts FixEdit) placed in a document: what to do to the value a pointer of the file names.
 * post/fix.ts places it, having refused what no syntax may edit (a value computed by an expression, one from a
 * parameter or variable, one in another file).
 */
export type PlacedEdit =
  | { readonly op: "remove"; readonly pointer: string }
  | { readonly op: "replace"; readonly pointer: string; readonly value: unknown }
  | { readonly op: "set"; readonly pointer: string; readonly key: string; readonly value: unknown };

/** The text edits of one placed edit, or why it cannot be made safely. */
export type FixEdits = { readonly edits: readonly TextEdit[] } | { readonly refused: string };

/**
 * The seam fixes reach a document's own syntax through. A JSON document has no fixer: post/fix.ts edits JSON
 * itself, from `node` (the jsonc-parser tree). A document in another syntax (Bicep: input/bicep/fix.ts) writes
 * the text edits of each placed edit in its syntax, and refuses what it cannot write as a literal (post/ and
 * output/ never import an input language, so the syntax-specific work lives beside its parser, behind this).
 * The fix loop's check that a fixed text still parses uses the reader that read the file (pipeline/lint-file.ts
 * parseSource), whichever syntax it is.
 */
export interface DocFixer {
  /** What a computed value is computed by, for refusals: "a Bicep expression". */
  readonly expression: string;
  edits(e: PlacedEdit): FixEdits;
}

/** What both readers' documents share: positions, pointers of the file, the value at a pointer. */
export abstract class BaseDoc implements ParsedDoc {
  abstract readonly reader: "plain" | "tree";
  abstract readonly value: unknown;
  abstract readonly root: Node;
  abstract duplicateKeys(): readonly DuplicateKey[];
  /** `node` for a pointer into this text (already without `base.pointer`). */
  protected abstract localNode(pointer: string): Node | undefined;
  /** `region` for a pointer into this text. */
  protected abstract localRegion(pointer: string, key: boolean, anchor: boolean): Region;
  /** Where the lines start, when the reader noted them on the way. */
  protected abstract knownLineStarts(): ArrayLike<number> | undefined;

  base: DocBase = { line: 0, offset: 0 };
  private lines: LineIndex | undefined = undefined;
  private newlineSeen: string | undefined = undefined;
  private indentSeen: string | undefined = undefined;
  /** The tree's nodes by pointer, once a document is asked about many places (see `treeNode`). */
  private pointers: Map<string, Node> | undefined = undefined;
  private lookups = 0;

  constructor(
    readonly file: string,
    readonly text: string,
    readonly context: RunContext,
  ) {}

  localPointer(pointer: string): string {
    const p = this.base.pointer;
    if (!p || !pointer.startsWith(p)) return pointer;
    const rest = pointer.slice(p.length);
    return rest === "" || rest.startsWith("/") ? rest : pointer;
  }

  get lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.text, this.knownLineStarts()));
  }

  get newline(): string {
    return (this.newlineSeen ??= this.text.includes("\r\n") ? "\r\n" : "\n");
  }

  get indentUnit(): string {
    if (this.indentSeen === undefined) {
      const m = /\n([ \t]+)\S/.exec(this.text);
      this.indentSeen = !m ? "  " : m[1]!.startsWith("\t") ? "\t" : m[1]!;
    }
    return this.indentSeen;
  }

  valueAt(pointer: string): unknown {
    let cur = this.value;
    for (const tok of splitPointer(this.localPointer(pointer))) {
      if (Array.isArray(cur)) cur = /^\d+$/.test(tok) ? cur[Number(tok)] : undefined;
      else if (cur !== null && typeof cur === "object") cur = Object.hasOwn(cur, tok) ? (cur as Record<string, unknown>)[tok] : undefined;
      else return undefined;
    }
    return cur;
  }

  node(pointer: string): Node | undefined {
    return this.localNode(this.localPointer(pointer));
  }

  comments(): readonly Comment[] {
    const text = this.text;
    if (!text.includes("/")) return NO_COMMENTS;
    const out: Comment[] = [];
    const scanner = jsonc().createScanner(text, false);
    for (let kind = scanner.scan(); kind !== 17 /* EOF */; kind = scanner.scan()) {
      if (kind === 12 /* LineCommentTrivia */ || kind === 13 /* BlockCommentTrivia */) out.push({ offset: scanner.getTokenOffset(), length: scanner.getTokenLength(), block: kind === 13 });
    }
    return out;
  }

  regionOf(offset: number, length: number): Region {
    const li = this.lineIndex;
    const s = li.lineOf(offset);
    const e = li.lineOf(offset + length);
    const b = this.base;
    const col = b.column ?? 0;
    return {
      startLine: s + 1 + b.line,
      startColumn: offset - li.start(s) + 1 + (s === 0 ? col : 0),
      endLine: e + 1 + b.line,
      endColumn: offset + length - li.start(e) + 1 + (e === 0 ? col : 0),
      charOffset: offset + b.offset,
      charLength: length,
    };
  }

  region(pointer: string, key = false, anchor = false): Region {
    // A place no pointer can name (an earlier duplicate key): "#offset:<offset>:<length>".
    const raw = pointer.charCodeAt(0) === 35 ? /^#offset:(\d+):(\d+)$/.exec(pointer) : null;
    if (raw) return this.regionOf(Number(raw[1]), Number(raw[2]));
    return this.localRegion(this.localPointer(pointer), key, anchor);
  }

  /** `localRegion` over the syntax tree: the node at the pointer or its closest ancestor. */
  protected treeRegion(pointer: string, key: boolean, anchor: boolean): Region {
    let p = pointer;
    for (;;) {
      const n = this.localNode(p);
      if (n) {
        if (key && (p === pointer || anchor) && n.parent?.type === "property" && n.parent.children?.[0]) {
          const k = n.parent.children[0];
          return this.regionOf(k.offset, k.length);
        }
        if (anchor && (n.type === "object" || n.type === "array")) return this.regionOf(n.offset, 1);
        return this.regionOf(n.offset, n.length);
      }
      if (p === "") return this.regionOf(this.root.offset, this.root.length);
      p = p.slice(0, p.lastIndexOf("/"));
    }
  }

  /** The node at a pointer of the whole tree: walked from the root for the first few look-ups, then indexed once. */
  protected treeNode(pointer: string): Node | undefined {
    if (this.pointers) return this.pointers.get(pointer);
    if (++this.lookups > 64) {
      this.pointers = indexPointers(this.root);
      return this.pointers.get(pointer);
    }
    return walkPointer(this.root, pointer);
  }
}
