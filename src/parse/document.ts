/**
 * Parsing: JSON with comments and trailing commas (as ARM accepts), BOM stripped, every node kept with its
 * offsets. A `ParsedDoc` maps RFC 6901 pointers to nodes and offsets to 1-based line/UTF-16 column.
 */
import type { Node, ParseError } from "jsonc-parser";
import { jsonc } from "./jsonc.js";
import { escapePointerToken, splitPointer } from "../model/value.js";
import { countKeys, countMembers, locate, MemberIndex, tryPlainJson } from "./plain.js";
import { fastParseTree } from "./fast.js";
import { isSecretName, REDACTED, Redactor } from "../post/secrets.js";

export interface Position {
  readonly line: number; // 1-based
  readonly column: number; // 1-based, UTF-16 code units
}

export interface Region {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number; // exclusive
  readonly charOffset: number;
  readonly charLength: number;
}

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

export interface ParseLimits {
  /** Maximum nesting of arrays/objects. */
  readonly maxDepth: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxDepth: 1000 };

/** Texts with more lines than this keep their line starts in a typed array (one block, outside the heap). */
const MANY_LINES = 1 << 16;

/**
 * Where each line of `text` starts (0 first; a line ends at \n, \r\n or a lone \r). Counted first, then
 * written into an array of that length: a file of 60 million line breaks takes 240 MB in one block, where an
 * array grown a push at a time took twice that on the heap.
 */
function lineStarts(text: string): ArrayLike<number> {
  const cr = text.indexOf("\r") >= 0;
  let n = 1;
  for (let s = nextLineStart(text, 0, cr); s >= 0; s = nextLineStart(text, s, cr)) n++;
  const starts = n > MANY_LINES ? new Int32Array(n) : new Array<number>(n);
  starts[0] = 0;
  let k = 0;
  for (let s = nextLineStart(text, 0, cr); s >= 0; s = nextLineStart(text, s, cr)) starts[++k] = s;
  return starts;
}

/** Where the line after the one holding `i` starts, or -1 on the last line (`cr`: the text has a \r). */
function nextLineStart(text: string, i: number, cr: boolean): number {
  if (!cr) {
    const j = text.indexOf("\n", i);
    return j < 0 ? -1 : j + 1;
  }
  const n = text.length;
  for (let j = i; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 10) return j + 1;
    if (c === 13) return text.charCodeAt(j + 1) === 10 ? j + 2 : j + 1;
  }
  return -1;
}

export class LineIndex {
  private readonly starts: ArrayLike<number>;
  /** `known`: where each line starts, when the caller knows (plain JSON: the member scan noted them). */
  constructor(text: string, known?: ArrayLike<number>) {
    this.starts = known ?? lineStarts(text);
  }
  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.starts[line]! + 1 };
  }
  /** Zero-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /** Offset where a zero-based line starts. */
  start(line: number): number {
    return this.starts[line]!;
  }
  lineText(text: string, line: number): string {
    const start = this.starts[line - 1] ?? text.length;
    const end = this.starts[line] ?? text.length;
    return text.slice(start, end).replace(/\r?\n$|\r$/, "");
  }
  get lineCount(): number {
    return this.starts.length;
  }
}

export class ParsedDoc {
  private pointers: Map<string, Node> | undefined;
  private lines: LineIndex | undefined;
  private tree: Node | undefined;
  /**
   * Where this text starts in its file (a record of a streamed list or NDJSON file): lines and offsets are
   * shifted by it, columns on the text's first line by `column`, and pointers start with `pointer` (a list
   * element's own pointer in the file, e.g. /data/17).
   */
  base: { line: number; offset: number; column?: number; pointer?: string } = { line: 0, offset: 0 };

  /** A pointer of the file as a pointer into this text (without `base.pointer`). */
  localPointer(pointer: string): string {
    const p = this.base.pointer;
    if (!p || !pointer.startsWith(p)) return pointer;
    const rest = pointer.slice(p.length);
    return rest === "" || rest.startsWith("/") ? rest : pointer;
  }
  constructor(
    /** File path as given (or "<stdin>"). */
    readonly file: string,
    /** Text with any BOM removed; offsets refer to this text. */
    readonly text: string,
    root: Node | undefined,
    /** Non-fatal notes (duplicate keys ...). */
    readonly notes: { message: string; offset: number }[] = [],
    /**
     * For plain JSON (no comments, trailing commas or duplicate keys; see plain.ts): the values as JSON.parse
     * read them. The node tree is then built only if something asks for it; positions come from `locate`.
     */
    readonly plain?: { readonly value: unknown; readonly members: MemberIndex },
  ) {
    this.tree = root;
  }

  /** The node tree (built on first use for plain JSON). */
  get root(): Node {
    if (!this.tree) {
      const fast = fastParseTree(this.text, DEFAULT_PARSE_LIMITS.maxDepth);
      this.tree = fast && fast !== "too-deep" ? fast : parseDocument(this.text, this.file).root;
    }
    return this.tree;
  }

  get lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.text, this.plain?.members.lineStarts()));
  }

  private newlineSeen: string | undefined;
  private indentSeen: string | undefined;
  /** The line break edits write: \r\n when the text has one, else \n (found once: fixes ask per edit). */
  get newline(): string {
    return (this.newlineSeen ??= this.text.includes("\r\n") ? "\r\n" : "\n");
  }
  /** The indent unit edits write: a tab, or the spaces of the first indented line; two spaces when none. */
  get indentUnit(): string {
    if (this.indentSeen === undefined) {
      const m = /\n([ \t]+)\S/.exec(this.text);
      this.indentSeen = !m ? "  " : m[1]!.startsWith("\t") ? "\t" : m[1]!;
    }
    return this.indentSeen;
  }

  /** The node at a pointer (the value node; for duplicate keys the last one, as ARM uses). */
  node(pointer: string): Node | undefined {
    return this.localNode(this.localPointer(pointer));
  }

  /** `node` for a pointer into this text (already without `base.pointer`). */
  private localNode(pointer: string): Node | undefined {
    if (this.plain && !this.tree) {
      const n = this.plainNode(this.plain.members, pointer);
      if (n !== WHOLE) return n;
    }
    // Walk from the root for the first few look-ups; index every pointer once a document is asked often.
    if (this.pointers) return this.pointers.get(pointer);
    if (++this.lookups > 64) {
      this.pointers = indexPointers(this.root);
      return this.pointers.get(pointer);
    }
    return walkPointer(this.root, pointer);
  }
  private lookups = 0;

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

  /** Region of the value at `pointer` (or its property key when `key`), falling back to the closest ancestor. */
  region(pointer: string, key = false, anchor = false): Region {
    // A place no pointer can name (an earlier duplicate key): "#offset:<offset>:<length>".
    const raw = pointer.charCodeAt(0) === 35 ? /^#offset:(\d+):(\d+)$/.exec(pointer) : null;
    if (raw) return this.regionOf(Number(raw[1]), Number(raw[2]));
    pointer = this.localPointer(pointer);
    if (this.plain && !this.tree) return this.plainRegion(this.plain.members, pointer, key, anchor);
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

  private subtrees: Map<string, Node | undefined> | undefined;
  /**
   * `node` for plain JSON without building the whole tree (fixes ask for a few nodes of one resource): the
   * subtree two levels down (a resource of a list: `/value/3`) is read on its own and its offsets shifted, so
   * the node, its property and its container are real nodes with real offsets. Pointers less than three levels
   * deep take the whole tree (WHOLE).
   */
  private plainNode(members: MemberIndex, pointer: string): Node | undefined | typeof WHOLE {
    const tokens = pointerTokens(pointer);
    const k = Math.min(tokens.length - 2, 2);
    if (k <= 0) return WHOLE;
    let cut = 0;
    for (let n = 0; n <= k; n++) cut = pointer.indexOf("/", cut + (n ? 1 : 0));
    const rootPtr = pointer.slice(0, cut);
    const subtrees = (this.subtrees ??= new Map());
    if (!subtrees.has(rootPtr)) {
      const at = locate(this.text, tokens.slice(0, k), members);
      let sub: Node | undefined;
      if (at) {
        const t = fastParseTree(this.text.slice(at.offset, at.offset + at.length), DEFAULT_PARSE_LIMITS.maxDepth);
        if (t && t !== "too-deep") sub = shiftOffsets(t, at.offset);
        else return WHOLE;
      }
      subtrees.set(rootPtr, sub);
    }
    const sub = subtrees.get(rootPtr);
    return sub && walkPointer(sub, pointer.slice(cut));
  }

  /** `region` for plain JSON: the same answers, found by scanning the text instead of walking a tree. */
  private plainRegion(members: MemberIndex, pointer: string, key: boolean, anchor: boolean): Region {
    const tokens = pointerTokens(pointer);
    for (let depth = tokens.length; ; depth--) {
      const at = locate(this.text, depth === tokens.length ? tokens : tokens.slice(0, depth), members);
      if (at) {
        if (key && (depth === tokens.length || anchor) && at.keyOffset >= 0) return this.regionOf(at.keyOffset, at.keyLength);
        if (anchor && (at.first === 123 || at.first === 91)) return this.regionOf(at.offset, 1);
        return this.regionOf(at.offset, at.length);
      }
      if (depth === 0) return this.regionOf(0, this.text.length);
    }
  }
}

const WHOLE = Symbol("whole tree");

function shiftOffsets(root: Node, by: number): Node {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()! as { offset: number; colonOffset?: number; children?: Node[] };
    n.offset += by;
    if (n.colonOffset !== undefined) n.colonOffset += by;
    if (n.children) for (const c of n.children) stack.push(c);
  }
  return root;
}

/** Pointer tokens, unescaped; the pointers of one audit repeat, so they are split once. */
const tokenCache = new Map<string, readonly string[]>();
function pointerTokens(pointer: string): readonly string[] {
  let t = tokenCache.get(pointer);
  if (!t) {
    if (tokenCache.size > 10_000) tokenCache.clear();
    tokenCache.set(pointer, (t = splitPointer(pointer)));
  }
  return t;
}

function walkPointer(root: Node, pointer: string): Node | undefined {
  if (pointer === "") return root;
  let cur: Node | undefined = root;
  for (const raw of pointer.slice(1).split("/")) {
    if (!cur) return undefined;
    const tok = raw.includes("~") ? raw.replace(/~1/g, "/").replace(/~0/g, "~") : raw;
    if (cur.type === "object") {
      let found: Node | undefined;
      for (const p of cur.children ?? []) if (p.children?.length === 2 && p.children[0]!.value === tok) found = p.children[1]; // last duplicate wins
      cur = found;
    } else if (cur.type === "array") {
      cur = /^\d+$/.test(tok) ? cur.children?.[Number(tok)] : undefined;
    } else return undefined;
  }
  return cur;
}

function indexPointers(root: Node): Map<string, Node> {
  const map = new Map<string, Node>();
  const stack: [Node, string][] = [[root, ""]];
  while (stack.length) {
    const [node, ptr] = stack.pop()!;
    map.set(ptr, node);
    if (node.type === "object") {
      for (const prop of effectiveProperties(node)) {
        const [k, v] = prop.children!;
        stack.push([v!, `${ptr}/${escapePointerToken(String(k!.value))}`]);
      }
    } else if (node.type === "array") {
      (node.children ?? []).forEach((c, i) => stack.push([c, `${ptr}/${i}`]));
    }
  }
  return map;
}

/** The property nodes of an object, without earlier duplicates of a key (ARM keeps the last one). */
export function effectiveProperties(obj: Node): Node[] {
  const props = (obj.children ?? []).filter((p) => p.children?.length === 2);
  if (props.length < 2) return props;
  const last = new Map<string, number>();
  props.forEach((p, i) => last.set(String(p.children![0]!.value), i));
  if (last.size === props.length) return props;
  return props.filter((p, i) => last.get(String(p.children![0]!.value)) === i);
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

/**
 * The position of one offset, counted without a line index (an error is located once: a line index of a 60 MiB
 * file of line breaks would hold 60 million numbers). Line breaks as LineIndex counts them: \n, \r\n, lone \r.
 */
export function positionIn(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      start = i + 1;
    } else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        if (i + 1 >= offset) break; // the offset is the \n of a \r\n: still on this line
        i++;
      }
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Iterative nesting check: jsonc-parser recurses per level, so refuse absurd depth before parsing. */
function checkDepth(text: string, file: string, maxDepth: number): void {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // string
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34 || d === 10) break;
      }
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 1;
    } else if (c === 123 || c === 91) {
      if (++depth > maxDepth) {
        const p = positionIn(text, i);
        throw new InputError(`nesting deeper than ${maxDepth} levels`, file, p.line, p.column, "too-deep");
      }
    } else if (c === 125 || c === 93) depth--;
  }
}

/**
 * Parses a document. With `plain`, text that is plain JSON (as exports are) is read by JSON.parse and its node
 * tree is built only if something asks for it (see plain.ts); the results are the same either way.
 */
export function parseDocument(text: string, file: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS, plain = false): ParsedDoc {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const p = positionIn(text, nul);
    throw new InputError("NUL character in file (binary or UTF-16 without BOM?)", file, p.line, p.column, "invalid-encoding");
  }
  refuseWithoutValue(text, file);
  if (plain) {
    const parsed = tryPlainJson(text);
    if (parsed && parsed.value !== null && typeof parsed.value === "object") {
      const index = new MemberIndex(text);
      const shape = countMembers(text, index);
      // Deeper than the limit, or a key written twice: the full reader reports it.
      if (shape.depth <= limits.maxDepth && shape.members === countKeys(parsed.value)) return new ParsedDoc(file, text, undefined, [], { value: parsed.value, members: index });
    }
  }
  const fast = fastParseTree(text, limits.maxDepth);
  if (fast && fast !== "too-deep") return new ParsedDoc(file, text, fast);
  checkDepth(text, file, limits.maxDepth);
  const { root, error } = jsoncTree(text);
  if (error || !root) {
    const offset = error ? error.offset : 0;
    const p = positionIn(text, offset);
    const what = error ? describeError(error, text) : "empty document";
    throw new InputError(`invalid JSON: ${what}`, file, p.line, p.column, "invalid-json");
  }
  return new ParsedDoc(file, text, root);
}

/**
 * Refuses a text with no value in it (empty, or only whitespace and comments) or whose first significant
 * character cannot start one, before anything reads it as JSON: the readers would go through all of it first
 * (jsonc-parser builds each run of blanks a character at a time: a 60 MiB file of spaces took 20 s and 2 GB).
 * The error is the one the full reader gives, found in time linear in the text and constant memory.
 */
function refuseWithoutValue(text: string, file: string): void {
  const n = text.length;
  let i = 0;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return; // an unterminated comment: the full reader says so
      i = end + 2;
    } else break;
  }
  if (i >= n) {
    const p = positionIn(text, n);
    throw new InputError("invalid JSON: unexpected end of file, value expected (the file may be truncated)", file, p.line, p.column, "invalid-json");
  }
  const c = text.charCodeAt(i);
  if (c === 123 || c === 91 || c === 34 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110) return;
  // The full reader's error for what stands there, from a few characters of it (one token: a snippet quotes 20).
  const { error } = jsoncTree(text.slice(i, i + 64));
  const p = positionIn(text, i);
  const what = error ? describeError({ ...error, offset: i }, text) : "value expected";
  throw new InputError(`invalid JSON: ${what}`, file, p.line, p.column, "invalid-json");
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
function jsoncTree(text: string): { root?: Node; error?: ParseError } {
  const squeezed = squeezeBlanks(text);
  if (!squeezed) return jsoncFirstError(text);
  const r = jsoncFirstError(squeezed.text);
  return r.error ? { error: { ...r.error, offset: squeezed.map(r.error.offset) } } : jsoncFirstError(text);
}

/** Runs of spaces and tabs at least this long are cut (shorter ones cost jsonc-parser little). */
const LONG_BLANKS = 256;

/**
 * `text` with every run of LONG_BLANKS or more spaces and tabs outside strings and comments cut to its first
 * character, and the map from its offsets to those of `text`; undefined when there is no such run.
 */
function squeezeBlanks(text: string): { text: string; map: (offset: number) => number } | undefined {
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

function describeError(e: ParseError, text: string): string {
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
function stringTokenEnd(text: string, i: number): number {
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
  const n = text.length;
  for (let j = end; j < n; j++) {
    const d = text.charCodeAt(j);
    if (d === 32 || d === 9 || d === 10 || d === 13) continue;
    if (d === 47 && text.charCodeAt(j + 1) === 42) {
      const close = text.indexOf("*/", j + 2);
      if (close < 0) return false;
      j = close + 1;
    } else if (d === 47 && text.charCodeAt(j + 1) === 47) {
      while (j + 1 < n && text.charCodeAt(j + 1) !== 10 && text.charCodeAt(j + 1) !== 13) j++;
    } else return d === 58;
  }
  return false;
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
