/** Positions in a text: offsets to 1-based line and UTF-16 column, and the regions findings point at. */

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

/** Texts with more lines than this keep their line starts in a typed array (one block, outside the heap). */
const MANY_LINES = 1 << 16;

/**
 * Where each line of `text` starts (0 first; a line ends at \n, \r\n or a lone \r). Counted first, then
 * written into an array of that length: a file of 60 million line breaks takes 240 MB in one block, where an
 * array grown a push at a time took twice that on the heap.
 */
function lineStarts(text: string): ArrayLike<number> {
  const cr = text.indexOf("\r") >= 0;
  // A text shorter than MANY_LINES has fewer line starts than that: an array grown by push, in one pass instead of
  // a count and a second pass (a template's line index was a scan of its text twice over).
  if (text.length < MANY_LINES) {
    const starts = [0];
    for (let s = nextLineStart(text, 0, cr); s >= 0; s = nextLineStart(text, s, cr)) starts.push(s);
    return starts;
  }
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

/**
 * Where the first character at or after `pos` is that is not a blank, a line break or a comment: what jsonc-parser's
 * scanner skips as trivia (a block comment counts only when it is closed). A sticky regular expression, not a loop
 * over characters; and not that scanner, which builds each run of blanks a character at a time (a run of megabytes
 * costs gigabytes) where this is asked for after values of documents that parsed. Made per call: its `lastIndex`
 * is state.
 */
export function skipTrivia(text: string, pos: number): number {
  const trivia = /(?:[ \t\r\n]+|\/\/[^\r\n]*|\/\*[\s\S]*?\*\/)*/y;
  trivia.lastIndex = pos;
  trivia.test(text);
  return trivia.lastIndex;
}
