/**
 * Worker results, packed for the trip to the main thread. Structured cloning of finding objects cost about
 * 6 µs per finding in an audit (serialise in the worker plus deserialise on the main thread, which is the
 * bottleneck), and kept each worker's copies of the same strings apart. Packed, a batch is one table of its
 * distinct strings plus one Int32Array (transferred, not copied); the main thread rebuilds the objects.
 */
import type { RunContext } from "../context.js";
import { appendNotes, type FileError, type Finding, type LintResult, type Note, type RelatedLocation } from "../engine/findings.js";
import type { Region } from "../parse/document.js";
import { describedFix, fixDescriptions, type ResultBuilder } from "../pipeline/result.js";

export interface PackedResult {
  readonly strings: string[];
  readonly ints: Int32Array;
  /** Fields findings rarely carry (fixes, suppressions ...), as JSON, by finding index. */
  readonly extra: Record<number, string>;
  readonly counts: { readonly findings: number; readonly resources: number; readonly checked: number };
  readonly errors: FileError[];
  readonly notes: Note[];
  readonly filesLinted: number;
  readonly resourcesChecked: number;
  readonly files?: string[];
}

const NONE = -1;
/** Finding fields few findings carry: sent as JSON. */
const RARE = ["suppression", "fix", "baselineState", "fingerprint", "syntax"] as const;
/** Whether a finding carries one of RARE (the same fields, read without a loop: asked of every finding). */
function hasRare(f: Finding): boolean {
  return f.suppression !== undefined || f.fix !== undefined || f.baselineState !== undefined || f.fingerprint !== undefined || f.syntax !== undefined;
}

/**
 * Integers appended to an Int32Array that doubles when full: a worker's batch packs thousands of them, and a
 * typed array's contents live outside the heap, where collections do not copy them.
 */
class Ints {
  private a = new Int32Array(1024);
  private n = 0;
  push6(a: number, b: number, c: number, d: number, e: number, f: number): void {
    if (this.n + 6 > this.a.length) this.grow();
    const x = this.a;
    const n = this.n;
    x[n] = a;
    x[n + 1] = b;
    x[n + 2] = c;
    x[n + 3] = d;
    x[n + 4] = e;
    x[n + 5] = f;
    this.n = n + 6;
  }
  push2(a: number, b: number): void {
    if (this.n + 2 > this.a.length) this.grow();
    this.a[this.n] = a;
    this.a[this.n + 1] = b;
    this.n += 2;
  }
  private grow(): void {
    const b = new Int32Array(this.a.length * 2);
    b.set(this.a);
    this.a = b;
  }
  /** The integers appended so far. */
  filled(): Int32Array {
    return this.a.subarray(0, this.n);
  }
}

/**
 * Packs results as they come (a record's findings can be packed and dropped at once, so they die young instead
 * of surviving collections until the batch is done), then `finish` gives the packed batch.
 */
export class Packer {
  private readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly ints = new Ints();
  /** Resource summaries are shared by the findings of one resource: each is written once. */
  private readonly resources = new Map<Finding["resource"], number>();
  private readonly resourceInts = new Ints();
  private lastResource: Finding["resource"] | undefined = undefined;
  private lastResourceIndex = 0;
  /** The label and id of the resource summary packed last, and their indexes (see `add`). */
  private lastLabel: string | undefined = undefined;
  private lastLabelIndex = NONE;
  private lastId: string | undefined = undefined;
  private lastIdIndex = NONE;
  private readonly checkedInts = new Ints();
  private readonly extra: Record<number, string> = {};
  private findings = 0;
  private checked = 0;
  private anyChecked = false;
  private readonly errors: FileError[] = [];
  private readonly notes: Note[] = [];
  private filesLinted = 0;
  private resourcesChecked = 0;
  private files: string[] | undefined;

  private s(x: string | undefined): number {
    if (x === undefined) return NONE;
    let i = this.index.get(x);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(x);
      this.index.set(x, i);
    }
    return i;
  }

  /**
   * The string last packed in each field of a finding (slots 0-9) or a resource (10, 11), and its index:
   * consecutive findings repeat most fields.
   */
  private readonly lastStr: (string | undefined)[] = new Array<string | undefined>(12).fill(undefined);
  private readonly lastIdx = new Int32Array(12);
  private f(slot: number, x: string | undefined): number {
    if (x !== undefined && x === this.lastStr[slot]) return this.lastIdx[slot]!;
    const i = this.s(x);
    this.lastStr[slot] = x;
    this.lastIdx[slot] = i;
    return i;
  }

  /** A string that is almost never repeated (a finding's or a resource's pointer, a resource's id or name): added without looking for an equal one. */
  private once(x: string): number {
    this.strings.push(x);
    return this.strings.length - 1;
  }

  private region(g: Region): void {
    this.ints.push6(g.startLine, g.startColumn, g.endLine, g.endColumn, g.charOffset, g.charLength);
  }

  add(r: LintResult): void {
    const ints = this.ints;
    for (const f of r.findings) {
      // A resource's findings come one after another: the last one's index, without a look-up.
      let ri = f.resource === this.lastResource ? this.lastResourceIndex : this.resources.get(f.resource);
      if (ri === undefined) {
        ri = this.resources.size;
        this.resources.set(f.resource, ri);
        const x = f.resource;
        // An account's id, name and pointer are its own (and its label is usually its id): added without a look-up.
        const id = x.id === undefined ? NONE : this.once(x.id);
        const label = x.label === x.id ? id : this.s(x.label);
        this.resourceInts.push6(this.f(10, x.type), label, id, x.name === undefined ? NONE : this.once(x.name), this.f(11, x.file), x.pointer === undefined ? NONE : this.once(x.pointer));
        this.lastLabel = x.label;
        this.lastLabelIndex = label;
        this.lastId = x.id;
        this.lastIdIndex = id;
      }
      this.lastResource = f.resource;
      this.lastResourceIndex = ri;
      ints.push6(this.f(0, f.ruleId), this.f(1, f.ruleName), this.f(2, f.severity), this.f(3, f.message), this.f(4, f.messageId), this.f(5, f.file));
      this.region(f.region);
      ints.push6(this.once(f.pointer), ri, this.f(6, f.propertyPath), f.conditional ? 1 : 0, this.f(7, f.fixInput?.description), f.related.length);
      for (const rel of f.related) {
        ints.push2(this.f(8, rel.file), this.f(9, rel.message));
        this.region(rel.region);
      }
      if (hasRare(f)) {
        const rare: Record<string, unknown> = {}; // made only for the few findings that carry one
        for (const k of RARE) if (f[k] !== undefined) rare[k] = f[k];
        this.extra[this.findings] = JSON.stringify(rare);
      }
      if (f.fixInput?.edits.length) throw new Error("Packer: findings must carry fix descriptions only");
      this.findings++;
    }
    if (r.checkedResources) {
      this.anyChecked = true;
      for (const c of r.checkedResources) {
        // Most are the resource whose summary was just packed: its label and id strings, indexed already.
        const label = c.label === this.lastLabel ? this.lastLabelIndex : this.s(c.label);
        const id = c.id !== undefined && c.id === this.lastId ? this.lastIdIndex : this.s(c.id);
        this.checkedInts.push2(this.f(11, c.file), this.f(10, c.type));
        this.checkedInts.push2(label, id);
      }
      this.checked += r.checkedResources.length;
    }
    // Loops, not push(...xs): a batch can carry more errors or notes than a call has room for arguments.
    for (const e of r.errors) this.errors.push(e);
    appendNotes(this.notes, r.notes);
    this.filesLinted += r.filesLinted;
    this.resourcesChecked += r.resourcesChecked;
    if (r.files) for (const f of r.files) (this.files ??= []).push(f);
  }

  finish(): PackedResult {
    // Resources first: the main thread makes each summary before the findings that share it.
    const resources = this.resourceInts.filled();
    const ints = this.ints.filled();
    const checked = this.checkedInts.filled();
    const all = new Int32Array(resources.length + ints.length + checked.length);
    all.set(resources, 0);
    all.set(ints, resources.length);
    all.set(checked, resources.length + ints.length);
    return {
      strings: this.strings,
      ints: all,
      extra: this.extra,
      counts: { findings: this.findings, resources: this.resources.size, checked: this.anyChecked ? this.checked : -1 },
      errors: this.errors,
      notes: this.notes,
      filesLinted: this.filesLinted,
      resourcesChecked: this.resourcesChecked,
      files: this.files,
    };
  }
}

/** A finding as it is rebuilt, field by field. */
type Unpacked = { -readonly [K in keyof Finding]: Finding[K] };

/** Appends a packed result to `into`; fix descriptions are shared through the run's context. */
export function unpackResult(p: PackedResult, into: ResultBuilder, ctx: RunContext): void {
  // Each batch's strings are already distinct within it; sharing them across batches cost more time than it
  // saved memory (the strings that repeat across batches are few and short).
  const strings = p.strings;
  const ints = p.ints;
  const str = (i: number): string => strings[i]!;
  const opt = (i: number): string | undefined => (i === NONE ? undefined : strings[i]);
  let k = 0;
  const region = (): Region => ({ startLine: ints[k++]!, startColumn: ints[k++]!, endLine: ints[k++]!, endColumn: ints[k++]!, charOffset: ints[k++]!, charLength: ints[k++]! });
  const descriptions = fixDescriptions(ctx);
  const summaries: Finding["resource"][] = [];
  for (let n = 0; n < p.counts.resources; n++) {
    const [type, label, id, name, file, pointer] = [ints[k++]!, ints[k++]!, ints[k++]!, ints[k++]!, ints[k++]!, ints[k++]!];
    summaries.push(Object.freeze({ type: str(type), label: str(label), id: opt(id), name: opt(name), file: opt(file), pointer: opt(pointer) }));
  }
  for (let n = 0; n < p.counts.findings; n++) {
    const ruleId = str(ints[k++]!);
    const ruleName = str(ints[k++]!);
    const severity = str(ints[k++]!) as Finding["severity"];
    const message = str(ints[k++]!);
    const messageId = str(ints[k++]!);
    const file = str(ints[k++]!);
    const reg = region();
    const pointer = str(ints[k++]!);
    const resource = summaries[ints[k++]!]!;
    const propertyPath = str(ints[k++]!);
    const conditional = ints[k++] === 1 ? true : undefined;
    const description = opt(ints[k++]!);
    const relatedCount = ints[k++]!;
    let related: RelatedLocation[] | undefined;
    for (let j = 0; j < relatedCount; j++) {
      const rf = str(ints[k++]!);
      const rm = str(ints[k++]!);
      const rr = region();
      (related ??= []).push({ file: rf, region: rr, message: rm }); // the engine's key order
    }
    const f: Unpacked = { ruleId, ruleName, severity, message, messageId, file, region: reg, pointer, related: related ?? NO_RELATED, resource, propertyPath, conditional };
    if (description !== undefined) f.fixInput = describedFix(descriptions, description);
    const e = p.extra[n];
    if (e !== undefined) Object.assign(f, JSON.parse(e));
    into.findings.push(f);
  }
  if (p.counts.checked >= 0) {
    for (let n = 0; n < p.counts.checked; n++) {
      const file = str(ints[k++]!);
      const type = str(ints[k++]!);
      const label = str(ints[k++]!);
      const id = opt(ints[k++]!);
      into.checkedResources?.push({ file, type, label, id });
    }
  }
  for (const e of p.errors) into.errors.push(e);
  appendNotes(into.notes, p.notes);
  into.filesLinted += p.filesLinted;
  into.resourcesChecked += p.resourcesChecked;
  if (p.files && into.files) for (const f of p.files) into.files.push(f);
}

const NO_RELATED: readonly RelatedLocation[] = Object.freeze([]);
