/**
 * Worker results, packed for the trip to the main thread. Structured cloning of finding objects cost about
 * 6 µs per finding in an audit (serialise in the worker plus deserialise on the main thread, which is the
 * bottleneck), and kept each worker's copies of the same strings apart. Packed, a batch is one table of its
 * distinct strings plus one Int32Array (transferred, not copied); the main thread rebuilds the objects.
 */
import type { FileError, Finding, LintResult, Note, RelatedLocation } from "./findings.js";
import type { Region } from "./parse/document.js";

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

export function packResult(r: LintResult): PackedResult {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const s = (x: string | undefined): number => {
    if (x === undefined) return NONE;
    let i = index.get(x);
    if (i === undefined) {
      i = strings.length;
      strings.push(x);
      index.set(x, i);
    }
    return i;
  };
  const ints: number[] = [];
  const region = (g: Region) => ints.push(g.startLine, g.startColumn, g.endLine, g.endColumn, g.charOffset, g.charLength);
  // Resource summaries are shared by the findings of one resource: each is written once.
  const resources = new Map<Finding["resource"], number>();
  const resourceInts: number[] = [];
  const extra: Record<number, string> = {};
  r.findings.forEach((f, n) => {
    let ri = resources.get(f.resource);
    if (ri === undefined) {
      ri = resources.size;
      resources.set(f.resource, ri);
      const x = f.resource;
      resourceInts.push(s(x.type), s(x.label), s(x.id), s(x.name), s(x.file), s(x.pointer));
    }
    ints.push(s(f.ruleId), s(f.ruleName), s(f.severity), s(f.message), s(f.messageId), s(f.file));
    region(f.region);
    ints.push(s(f.pointer), ri, s(f.propertyPath), f.conditional ? 1 : 0, s(f.fixInput?.description), f.related.length);
    for (const rel of f.related) {
      ints.push(s(rel.file), s(rel.message));
      region(rel.region);
    }
    const rare: Record<string, unknown> = {};
    let any = false;
    for (const k of ["fix", "suppression", "baselineState", "fingerprint"] as const) {
      if (f[k] !== undefined) {
        rare[k] = f[k];
        any = true;
      }
    }
    if (f.fixInput && f.fixInput.edits.length) throw new Error("packResult: findings must carry fix descriptions only");
    if (any) extra[n] = JSON.stringify(rare);
  });
  const checked = r.checkedResources ?? [];
  for (const c of checked) resourceInts.push(s(c.file), s(c.type), s(c.label), s(c.id));
  const all = new Int32Array(ints.length + resourceInts.length);
  all.set(ints, 0);
  all.set(resourceInts, ints.length);
  return {
    strings,
    ints: all,
    extra,
    counts: { findings: r.findings.length, resources: resources.size, checked: r.checkedResources ? checked.length : -1 },
    errors: r.errors,
    notes: r.notes,
    filesLinted: r.filesLinted,
    resourcesChecked: r.resourcesChecked,
    files: r.files,
  };
}

const descriptions = new Map<string, NonNullable<Finding["fixInput"]>>();
function described(description: string): NonNullable<Finding["fixInput"]> {
  let d = descriptions.get(description);
  if (!d) descriptions.set(description, (d = Object.freeze({ description, edits: Object.freeze([]) as [] })));
  return d;
}

/** Appends a packed result to `into`. */
export function unpackResult(p: PackedResult, into: LintResult): void {
  // Each batch's strings are already distinct within it; sharing them across batches cost more time than it
  // saved memory (the strings that repeat across batches are few and short).
  const strings = p.strings;
  const ints = p.ints;
  const str = (i: number): string => strings[i]!;
  const opt = (i: number): string | undefined => (i === NONE ? undefined : strings[i]);
  let k = 0;
  const region = (): Region => ({ startLine: ints[k++]!, startColumn: ints[k++]!, endLine: ints[k++]!, endColumn: ints[k++]!, charOffset: ints[k++]!, charLength: ints[k++]! });
  const raw: { f: Record<string, unknown>; ri: number }[] = [];
  for (let n = 0; n < p.counts.findings; n++) {
    const ruleId = str(ints[k++]!);
    const ruleName = str(ints[k++]!);
    const severity = str(ints[k++]!) as Finding["severity"];
    const message = str(ints[k++]!);
    const messageId = str(ints[k++]!);
    const file = str(ints[k++]!);
    const reg = region();
    const pointer = str(ints[k++]!);
    const ri = ints[k++]!;
    const propertyPath = str(ints[k++]!);
    const conditional = ints[k++] === 1 ? true : undefined;
    const description = opt(ints[k++]!);
    const relatedCount = ints[k++]!;
    const related: RelatedLocation[] = [];
    for (let j = 0; j < relatedCount; j++) {
      const rf = str(ints[k++]!);
      const rm = str(ints[k++]!);
      related.push({ file: rf, message: rm, region: region() });
    }
    const f: Record<string, unknown> = { ruleId, ruleName, severity, message, messageId, file, region: reg, pointer, related: related.length ? related : NO_RELATED, resource: undefined, propertyPath, conditional };
    if (description !== undefined) f.fixInput = described(description);
    const e = p.extra[n];
    if (e !== undefined) Object.assign(f, JSON.parse(e));
    raw.push({ f, ri });
  }
  const summaries: Finding["resource"][] = [];
  for (let n = 0; n < p.counts.resources; n++) {
    const [type, label, id, name, file, pointer] = [ints[k++]!, ints[k++]!, ints[k++]!, ints[k++]!, ints[k++]!, ints[k++]!];
    summaries.push(Object.freeze({ type: str(type), label: str(label), id: opt(id), name: opt(name), file: opt(file), pointer: opt(pointer) }));
  }
  for (const { f, ri } of raw) {
    f.resource = summaries[ri];
    into.findings.push(f as unknown as Finding);
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
  into.errors.push(...p.errors);
  into.notes.push(...p.notes);
  (into as { filesLinted: number }).filesLinted += p.filesLinted;
  (into as { resourcesChecked: number }).resourcesChecked += p.resourcesChecked;
  if (p.files) into.files?.push(...p.files);
}

const NO_RELATED: readonly RelatedLocation[] = Object.freeze([]);
