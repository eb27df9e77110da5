/**
 * The fast path for plain JSON (exported accounts, whole files or one element of a streamed list). V8's
 * `JSON.parse` reads the values. Duplicate keys (which `JSON.parse` merges silently) are detected by comparing
 * the members written in the text with the keys parsed (`countMembers` / `countKeys`); the same scan notes where
 * every object's members are (`MemberIndex`). Positions are found only when something is reported: `locate`
 * follows one pointer through the text, from member to member of each object on the way (in an object of more
 * than a few dozen members, through a map of its keys made once: a finding per member stays linear). Anything `JSON.parse`
 * refuses (comments, trailing commas, errors) takes the full reader (full.ts), which also gives the error's
 * position.
 *
 * The member scan is hand-written: no library reads JSON for what is needed here. JSON.parse gives values without
 * positions or a word about keys written twice; jsonc-parser's scanner and parser give positions, but build a
 * token string or a node per value (the full reader: several times JSON.parse's time and memory), where this scan
 * reads each character once and writes four integers per member into buffers kept from one text to the next.
 * Reading exported accounts in JSON.parse's time is what makes audits fast.
 */
import { slot } from "../context.js";

/**
 * A value found by `locate`: its text span and, for an object member, its key's span (else keyOffset -1). The
 * length is worked out only when asked: a finding at a key, or at the first character of an object, needs none,
 * and finding where a large object ends means reading all of it.
 */
export class Located {
  constructor(
    private readonly text: string,
    readonly offset: number,
    readonly keyOffset: number,
    readonly keyLength: number,
    /** Remembers where containers end (see MemberIndex.containerEnd). */
    private readonly index?: MemberIndex,
  ) {}
  /** First character of the value: 123 '{', 91 '[', 34 '"' ... */
  get first(): number {
    return this.text.charCodeAt(this.offset);
  }
  get length(): number {
    const c = this.first;
    const end = this.index && (c === 123 || c === 91) ? this.index.containerEnd(this.text, this.offset) : valueEnd(this.text, this.offset);
    return end - this.offset;
  }
}

const WS = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** The index just after the string that starts at `i` (text[i] is '"'). */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return text.length;
    // An escaped quote is preceded by an odd number of backslashes.
    let b = q - 1;
    while (text.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** The index just after the value that starts at `i`. */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return stringEnd(text, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    const n = text.length;
    for (let j = i; j < n; j++) {
      const d = text.charCodeAt(j);
      if (d === 34) j = stringEnd(text, j) - 1;
      else if (d === 123 || d === 91) depth++;
      else if ((d === 125 || d === 93) && --depth === 0) return j + 1;
    }
    return n;
  }
  let j = i;
  for (;;) {
    const d = text.charCodeAt(j);
    if (Number.isNaN(d) || d === 44 || d === 125 || d === 93 || WS(d)) return j;
    j++;
  }
}

/** True when the key string at [start, end) (quotes included) spells `token`. */
function keyIs(text: string, start: number, end: number, token: string): boolean {
  // Most keys differ from the token in their first character (unless it starts an escape): no need to read on.
  const first = text.charCodeAt(start + 1);
  if (token.length > 0 && first !== 92 && first !== token.charCodeAt(0)) return false;
  for (let j = start + 1; j < end - 1; j++) {
    if (text.charCodeAt(j) === 92) {
      try {
        return JSON.parse(text.slice(start, end)) === token;
      } catch {
        return false;
      }
    }
  }
  return end - start - 2 === token.length && text.startsWith(token, start + 1);
}

/** Where the elements of arrays start (a dense prefix), keyed by the array's offset. */
export type ElementStarts = Map<number, number[]>;

/**
 * Where the members of every object of a text are, noted by `countMembers` as it reads each character anyway:
 * `locate` goes from member to member of an object without reading the values in between (an exported account's
 * properties are dozens of strings, tags and lists before the one a finding names).
 */
export class MemberIndex {
  /**
   * Where the elements of arrays start: those of the arrays at the top two levels (a bare list, or `value` /
   * `data`) noted by the scan, others added by `locate` as it reads them. A finding in the 10th account of a
   * list then needs no reading of the nine before it, and later findings reuse what earlier ones walked.
   */
  readonly lists: ElementStarts = new Map();
  /**
   * Set by `countMembers`. Per member, in text order: its key's start, its key's end (after the closing quote),
   * its colon. These arrays are the scan's own buffers, kept for the next text (a document is linted before
   * the next is read, so its index costs no copy): `ready` checks that no text was scanned since, and if one
   * was, scans this text again into arrays of its own.
   */
  members: ArrayLike<number> = NONE;
  /** Per member: the next member of the same object, or -1. */
  next: ArrayLike<number> = NONE;
  /** Objects in text order: where each starts ('{'), and its first member (-1 when empty); `objectCount` of them. */
  objects: ArrayLike<number> = NONE;
  firsts: ArrayLike<number> = NONE;
  memberCount = 0;
  objectCount = 0;
  /**
   * Where each line starts: 0, then `lineCount` line starts after it (the scan's buffer, like the others; see
   * `lineStarts`). `ownLines` when the buffer is this index's own (a large text's, which the scan let go of).
   */
  lines: ArrayLike<number> = NONE;
  lineCount = 0;
  ownLines = false;
  /** The scan that wrote the buffers this index points into (see `ScanBuffers.scans`), or OWN for arrays of its own. */
  scan = OWN;
  constructor(
    private readonly text: string | undefined,
    /** The run's scan buffers, which this index points into until a later scan writes over them. */
    readonly buffers: ScanBuffers,
  ) {}

  /** This index, its arrays made its own again if a later scan has written over the buffers it shares. */
  ready(): this {
    if (this.scan !== OWN && this.scan !== this.buffers.scans) {
      if (this.text === undefined) throw new Error("member index: buffers overwritten and no text to scan again");
      countMembers(this.text, this, true);
    }
    return this;
  }

  /**
   * Where each line starts (0 first), as the scan noted them, while its buffers are still this text's (a
   * document's lines are first asked for while it is linted); else undefined, and the text is read again.
   */
  lineStarts(): ArrayLike<number> | undefined {
    const n = this.lineCount + 1;
    const lines = this.lines;
    if (this.ownLines) return (lines as Int32Array).subarray(0, n);
    if (this.scan !== this.buffers.scans) return undefined;
    // Many lines: one block copy (an array that size is filled slowly).
    if (n > LARGE_COPY) return (lines as Int32Array).slice(0, n);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = lines[i]!;
    return out;
  }

  /** The first member of the object that starts at `offset` (-1 when it is empty or not an object start). */
  firstMember(offset: number): number {
    const slot = this.objectSlot(offset);
    return slot < 0 ? -1 : this.firsts[slot]!;
  }

  /** The object that starts at `offset`: its place in `objects` (-1 when no object starts there). */
  private objectSlot(offset: number): number {
    const o = this.objects;
    let lo = 0;
    let hi = this.objectCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = o[mid]!;
      if (v === offset) return mid;
      if (v < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * Members by key of the objects with more than WALK members, made on the first look-up that walks past
   * WALK of them. Walking the members is quickest for the dozens an account has, but one finding per member of
   * an object of 100,000 (unknown keys) would walk it 100,000 times.
   */
  private keyMaps: Map<number, Map<string, number>> | undefined;

  /** The member of the object that starts at `offset` in `text` whose key is `token` (-1 when there is none). */
  member(text: string, offset: number, token: string): number {
    const slot = this.objectSlot(offset);
    if (slot < 0) return -1;
    const map = this.keyMaps?.get(slot);
    if (map) return map.get(token) ?? -1;
    const ms = this.members;
    let m = this.firsts[slot]!;
    for (let walked = 0; m >= 0; walked++) {
      if (walked === WALK) return this.keyMap(slot, text).get(token) ?? -1;
      if (keyIs(text, ms[3 * m]!, ms[3 * m + 1]!, token)) return m;
      m = this.next[m]!;
    }
    return -1;
  }

  /** The key map of one object (see `keyMaps`); the first member of a key wins, as the walk finds it. */
  private keyMap(slot: number, text: string): Map<string, number> {
    const map = new Map<string, number>();
    const ms = this.members;
    for (let m = this.firsts[slot]!; m >= 0; m = this.next[m]!) {
      const key = keyText(text, ms[3 * m]!, ms[3 * m + 1]!);
      if (key !== undefined && !map.has(key)) map.set(key, m);
    }
    (this.keyMaps ??= new Map()).set(slot, map);
    return map;
  }

  /**
   * Where the object or array that starts at `offset` ends, found once per container (a finding's region
   * spans its value: many findings at one large value would each read all of it).
   */
  containerEnd(text: string, offset: number): number {
    const ends = (this.ends ??= new Map());
    let end = ends.get(offset);
    if (end === undefined) ends.set(offset, (end = valueEnd(text, offset)));
    return end;
  }
  private ends: Map<number, number> | undefined;
}
/** Members of an object walked before its key map is made (see MemberIndex.keyMaps). */
const WALK = 32;

/** The key string at [start, end) (quotes included), unescaped; undefined if it cannot be read. */
function keyText(text: string, start: number, end: number): string | undefined {
  for (let j = start + 1; j < end - 1; j++) {
    if (text.charCodeAt(j) === 92) {
      try {
        return JSON.parse(text.slice(start, end)) as string;
      } catch {
        return undefined;
      }
    }
  }
  return text.slice(start + 1, end - 1);
}
/** Longer copies out of the scan's buffers are typed arrays (see `copyOut` for why shorter ones are not). */
const LARGE_COPY = 1 << 16;

const OWN = -1;
const NONE: readonly number[] = Object.freeze([]);
/** Buffers of length 0, for a count without an index (never written). */
const NO_BUFFER = new Int32Array(0);

/**
 * The scan's buffers, kept from one text to the next of a run (grown by doubling, and let go of after a text that
 * needed more than KEEP of one): per member its key span and colon, and the next member; per object its start and
 * first member; where each line starts. Run-scoped state: one per RunContext (SCAN_BUFFERS).
 */
const KEEP = 1 << 18;
export class ScanBuffers {
  /** Scans made so far (each writes over the buffers); an index whose arrays are its own has scan OWN. */
  scans = 0;
  members = new Int32Array(3 * 1024);
  next = new Int32Array(1024);
  objects = new Int32Array(256);
  firsts = new Int32Array(256);
  /** Where each line starts (the scan sees every line break anyway): 0 first, then one per line break. */
  lines = new Int32Array(1024);
  /** Lets go of buffers grown past KEEP (a large document's room is not kept for the rest of the run). */
  fresh(): void {
    this.members = new Int32Array(3 * 1024);
    this.next = new Int32Array(1024);
    this.objects = new Int32Array(256);
    this.firsts = new Int32Array(256);
    this.lines = new Int32Array(1024);
  }
}
export const SCAN_BUFFERS = slot("plain JSON member scan buffers", () => new ScanBuffers());
function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
/**
 * The first `n` of a scan buffer as an array of its own. An array, not a typed array: a small typed array's
 * memory is allocated outside the heap, which costs more than the copy (a streamed list's every account is a text).
 */
function copyOut(a: Int32Array, n: number): ArrayLike<number> {
  if (n > LARGE_COPY) return a.slice(0, n);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = a[i]!;
  return out;
}

/** The member index of a text (see MemberIndex); `countMembers` makes it on the way, in `buffers`. */
export function indexMembers(text: string, buffers: ScanBuffers): MemberIndex {
  const index = new MemberIndex(text, buffers);
  countMembers(text, index);
  return index;
}

/**
 * The value at a JSON pointer (already split and unescaped) in valid JSON text whose keys are unique, or
 * undefined when the path does not exist. `index` is the text's member index; `start` is where the root value
 * begins (after any padding); `lists` is where array elements are known to start (the index's own by default).
 */
export function locate(text: string, tokens: readonly string[], index: MemberIndex, start = 0, lists: ElementStarts = index.lists): Located | undefined {
  let i = skipWs(text, start);
  let keyOffset = -1;
  let keyLength = 0;
  index.ready();
  for (const token of tokens) {
    const c = text.charCodeAt(i);
    if (c === 123) {
      const ms = index.members;
      const m = index.member(text, i, token);
      if (m < 0) return undefined;
      keyOffset = ms[3 * m]!;
      keyLength = ms[3 * m + 1]! - keyOffset;
      i = skipWs(text, ms[3 * m + 2]! + 1);
    } else if (c === 91) {
      if (!/^(?:0|[1-9]\d*)$/.test(token)) return undefined;
      const n = Number(token);
      let starts = lists.get(i);
      if (!starts) {
        const first = skipWs(text, i + 1);
        if (text.charCodeAt(first) === 93) return undefined;
        starts = [first];
        lists.set(i, starts);
      }
      // Continue from the last element start known.
      while (starts.length <= n) {
        const e = skipWs(text, valueEnd(text, starts[starts.length - 1]!));
        if (text.charCodeAt(e) !== 44) return undefined;
        starts.push(skipWs(text, e + 1));
      }
      i = starts[n]!;
      keyOffset = -1;
      keyLength = 0;
    } else return undefined;
  }
  return new Located(text, i, keyOffset, keyLength, index);
}

/**
 * Members written in valid JSON text (colons outside strings), and the deepest nesting. With `index`, it also
 * notes where the members of every object are, and where the elements of the arrays at the top two levels start
 * (see MemberIndex): in the scan's buffers, or with `own` in arrays of the index's own.
 */
export function countMembers(text: string, index?: MemberIndex, own = false): { members: number; depth: number } {
  let members = 0;
  let objects = 0;
  let lines = 0;
  let depth = 0;
  let max = 0;
  let list: number[] | undefined;
  let listDepth = -1;
  let expect = false;
  // For the index: the last string read (a member's key when a colon follows), and per depth the open object
  // (its place in index.objects) and its last member so far.
  let strStart = -1;
  let strEnd = -1;
  const openObject: number[] = [-1];
  const lastMember: number[] = [-1];
  // The run's buffers in locals (grown ones are put back at the end).
  const buf = index?.buffers;
  let scanMembers = buf ? buf.members : NO_BUFFER;
  let scanNext = buf ? buf.next : NO_BUFFER;
  let scanObjects = buf ? buf.objects : NO_BUFFER;
  let scanFirsts = buf ? buf.firsts : NO_BUFFER;
  let scanLines = buf ? buf.lines : NO_BUFFER;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Whitespace first: outside strings it is most of what a pretty-printed export has.
    if (c === 32 || c === 9) continue;
    if (c === 10 || c === 13) {
      // A line break (never inside a string of valid JSON): "\r\n" counts once, at its "\n".
      if (index && (c === 10 || text.charCodeAt(i + 1) !== 10)) {
        if (lines + 1 >= scanLines.length) scanLines = grown(scanLines);
        scanLines[++lines] = i + 1;
      }
      continue;
    }
    if (expect) {
      expect = false;
      if (c !== 93) list!.push(i);
    }
    if (c === 34) {
      const e = stringEnd(text, i);
      strStart = i;
      strEnd = e;
      i = e - 1;
    } else if (c === 58) {
      members++;
      if (index) {
        const m = members - 1;
        if (3 * m + 3 > scanMembers.length) scanMembers = grown(scanMembers);
        if (m >= scanNext.length) scanNext = grown(scanNext);
        scanMembers[3 * m] = strStart;
        scanMembers[3 * m + 1] = strEnd;
        scanMembers[3 * m + 2] = i;
        scanNext[m] = -1;
        const prev = lastMember[depth]!;
        if (prev >= 0) scanNext[prev] = m;
        else if (openObject[depth]! >= 0) scanFirsts[openObject[depth]!] = m;
        lastMember[depth] = m;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
      if (index) {
        lastMember[depth] = -1;
        if (c === 123) {
          if (objects >= scanObjects.length) {
            scanObjects = grown(scanObjects);
            scanFirsts = grown(scanFirsts);
          }
          openObject[depth] = objects;
          scanObjects[objects] = i;
          scanFirsts[objects] = -1;
          objects++;
        } else openObject[depth] = -1;
      }
      if (c === 91 && index && depth <= 2 && !list) {
        list = [];
        index.lists.set(i, list);
        listDepth = depth;
        expect = true;
      }
    } else if (c === 125 || c === 93) {
      if (depth === listDepth) {
        list = undefined;
        listDepth = -1;
      }
      depth--;
    } else if (c === 44 && depth === listDepth) expect = true;
  }
  if (index && buf) {
    const scans = ++buf.scans;
    index.memberCount = members;
    index.objectCount = objects;
    index.lineCount = lines;
    // A large document's room is not kept for the rest of the run: the index takes the buffers as its own (no
    // later text writes over them, so neither a copy nor a second scan is needed), and the scan starts afresh.
    const release = scanMembers.length > KEEP || scanObjects.length > KEEP || scanLines.length > KEEP;
    if (own) {
      index.members = copyOut(scanMembers, 3 * members);
      index.next = copyOut(scanNext, members);
      index.objects = copyOut(scanObjects, objects);
      index.firsts = copyOut(scanFirsts, objects);
      index.scan = OWN;
    } else {
      index.members = scanMembers;
      index.next = scanNext;
      index.objects = scanObjects;
      index.firsts = scanFirsts;
      index.lines = scanLines;
      index.ownLines = release;
      index.scan = release ? OWN : scans;
    }
    if (release) buf.fresh();
    else {
      buf.members = scanMembers;
      buf.next = scanNext;
      buf.objects = scanObjects;
      buf.firsts = scanFirsts;
      buf.lines = scanLines;
    }
  }
  return { members, depth: max };
}

/** Keys of every object in a parsed value (iterative: any depth). */
export function countKeys(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === "object") stack.push(x);
    } else {
      for (const k in v) {
        n++;
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === "object") stack.push(x);
      }
    }
  }
  return n;
}

/**
 * Reads text as plain JSON, or returns undefined (comments, trailing commas, a syntax error: the caller uses the
 * full reader). Templates and parameters files go straight to the full reader: their evaluation needs the tree.
 */
export function tryPlainJson(text: string): { value: unknown } | undefined {
  // "$schema" first: a rare first character makes it a fast search (a tenth of the time of the other two), and
  // exports do not have one. (Either reader gives the same results: this only picks the faster one.)
  if (text.includes("$schema") && (text.includes("deploymentTemplate.json") || text.includes("deploymentParameters.json"))) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
