/**
 * `Prop`: what a rule reads. A view over the located value tree that never throws, never guesses:
 * `state` is "known" (a literal or fully evaluated value), "unknown" (depends on something that cannot be
 * known statically) or "missing" (absent, or null after evaluation: the service default applies).
 * Lookups are case-insensitive, as ARM's are.
 *
 * Every accessor that gives out something of the value goes through one read (`Prop.read`), which tells the run's
 * observer (ModelState.observer: --report-unknown) when the value is unknown: a rule that decides nothing because
 * of an unknown value is heard of, whichever accessor it used.
 */
import { Unknown, type Value } from "./value.js";
import { valueOf, type Loc, type PNode, type PropEntry } from "./tree.js";
import type { ModelState } from "./state.js";

/** A node (it has a `t`), not a location. */
function isNode(x: PNode | Loc): x is PNode {
  return (x as { t?: unknown }).t !== undefined;
}
/** A property entry (it has a `node`), not a location. */
function isEntry(x: PropEntry | Loc): x is PropEntry {
  return (x as { node?: unknown }).node !== undefined;
}

export type PropState = "known" | "unknown" | "missing";

/** Parses "a.b[0].c" / "a['x.y']" into segments. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3]!);
  }
  return out;
}

/** Several segments below a Prop, as the path text they add (".a.b[0]"), and as a path of their own ("a.b[0]"). */
interface PathSuffix {
  readonly suffix: string;
  readonly alone: string;
}

export interface CompiledPath extends PathSuffix {
  readonly segs: readonly (string | number)[];
  readonly lower: readonly (string | undefined)[];
}

/** Paths compiled and kept per run (ModelState.compiled) before new ones are no longer kept. */
const MAX_COMPILED = 10_000;

/** A path parsed once per run: its segments, lower-cased keys and path text. */
export function compiledPath(path: string, model: ModelState): CompiledPath {
  const compiled = model.compiled;
  let c = compiled.get(path);
  if (!c) {
    const segs = parsePath(path);
    const suffix = segs.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("");
    c = {
      segs,
      // The run's lower-cased strings: the very strings plain objects' props are keyed by, so a look-up compares pointers.
      lower: segs.map((s) => (typeof s === "string" ? model.lowerKey(s) : undefined)),
      suffix,
      // The path of a value read from a resource's root: one string per path, not one per read (findings keep it).
      alone: suffix.replace(/^\./, ""),
    };
    if (compiled.size < MAX_COMPILED) compiled.set(path, c);
  }
  return c;
}

/** The path segment of a known element of a partly known array whose index is not known. */
const UNPLACED: PathSuffix = { suffix: "[?]", alone: "[?]" };

export class Prop {
  private _path: string | undefined;
  /** Until the path is first read: the parent and the segment it is derived from (most paths are never read). */
  private parent: Prop | undefined;
  private seg: string | number | PathSuffix | undefined;
  private constructor(
    /**
     * The run's model state: the observer of unknown reads and the caches of paths and keys. One field, shared by
     * every Prop of the run (an audit makes millions): no closure or observer of a Prop's own.
     */
    readonly model: ModelState,
    /**
     * The node, or undefined when missing. The engine's own access to the tree (the schema walk, secrets):
     * rules read through the accessors below, which tell the run's observer of unknown values.
     */
    readonly node: PNode | undefined,
    /**
     * Where to report: the value itself, or for a missing value the closest existing ancestor; a node stands for
     * its location, worked out when asked for (most values read are never reported).
     */
    private readonly where: PNode | Loc,
    /** The path, or (with `seg`) the parent it is derived from. */
    path: string | Prop,
    seg?: string | number | PathSuffix,
    /** The property (or where its name is written), when the value is a property of an object. */
    private readonly key?: PropEntry | Loc,
  ) {
    if (typeof path === "string") this._path = path;
    else {
      this.parent = path;
      this.seg = seg;
    }
  }

  /**
   * The node, for every accessor that gives out something of the value (its state, the value, its elements,
   * members or size): an unknown value is told to the run's observer (--report-unknown). Navigation (`get`,
   * `child`) and where the value is (`at`, `path`, `origins`, `reason`) are not reads.
   */
  private read(): PNode | undefined {
    const n = this.node;
    if (n !== undefined && n.t === "unk") {
      const observer = this.model.observer;
      if (observer !== undefined) observer.unknownRead(this);
    }
    return n;
  }

  /** Where to report: the value itself, or for a missing value the closest existing ancestor. */
  get at(): Loc {
    const w = this.where;
    return isNode(w) ? w.at : w;
  }

  /** Location of the property name, when the value is a property of a literal object. */
  get keyAt(): Loc | undefined {
    const k = this.key;
    return k === undefined ? undefined : isEntry(k) ? k.keyAt : k;
  }

  /** Logical path from the resource root, e.g. "properties.encryption.keySource". */
  get path(): string {
    if (this._path === undefined) {
      const seg = this.seg!;
      const p = this.parent!.path;
      if (typeof seg === "object") this._path = p ? `${p}${seg.suffix}` : seg.alone;
      else this._path = typeof seg === "number" ? `${p}[${seg}]` : p ? `${p}.${seg}` : seg;
      this.parent = undefined;
      this.seg = undefined;
    }
    return this._path;
  }

  /** The Prop of a node of the run whose model state is `model` (a resource's root, a template's sections). */
  static of(model: ModelState, node: PNode, path: string | { readonly parent: Prop; readonly seg: string | number } = "", keyAt?: Loc | PropEntry): Prop {
    return typeof path === "string" ? new Prop(model, node, node, path, undefined, keyAt) : new Prop(model, node, node, path.parent, path.seg, keyAt);
  }
  /** `of` for a child of `parent` (no path object made). */
  private static childOf(node: PNode, parent: Prop, seg: string | number | PathSuffix, key?: PropEntry): Prop {
    return new Prop(parent.model, node, node, parent, seg, key);
  }
  static missing(model: ModelState, closest: Loc, path: string): Prop {
    return new Prop(model, undefined, closest, path);
  }

  get state(): PropState {
    const n = this.read();
    if (!n) return "missing";
    if (n.t === "unk") return "unknown";
    if (n.t === "val" && n.value === null) return "missing"; // null after evaluation = not set
    return "known";
  }
  get known(): boolean {
    return this.state === "known";
  }
  get missing(): boolean {
    return this.state === "missing";
  }
  get unknown(): boolean {
    return this.state === "unknown";
  }
  /** The parameter defaults, parameters-file values and variables this value came from. */
  get origins(): readonly Loc[] {
    return this.node?.origins ?? [];
  }
  /** True when the value was computed from an ARM expression rather than written literally. */
  get evaluated(): boolean {
    return this.node?.ev === true;
  }
  /** Unknown reason, for --report-unknown. */
  get reason(): string | undefined {
    return this.node?.t === "unk" ? this.node.reason : undefined;
  }

  /** The plain value (Unknown objects inside where unknown); undefined when missing. */
  get value(): Value | undefined {
    const n = this.read();
    if (!n || (n.t === "val" && n.value === null)) return undefined;
    return valueOf(n);
  }

  /** Child lookup by a path such as "encryption.keyVaultProperties.keyIdentifier" or "ipRules[0].value". */
  get(path: string): Prop {
    return this.follow(compiledPath(path, this.model));
  }

  /** `get` with the path already parsed (Resource.get keeps its paths parsed). */
  follow(c: CompiledPath): Prop {
    if (c.segs.length === 0) return this;
    if (c.segs.length === 1) return this.child(c.segs[0]!, c.lower[0]);
    // The same answer as calling child() per segment, without the Props in between.
    let n = this.node;
    let where: PNode | Loc = this.where;
    let key: PropEntry | undefined;
    for (let i = 0; i < c.segs.length; i++) {
      key = undefined;
      if (!n || n.t === "unk") continue; // missing stays missing (at its closest ancestor); unknown stays unknown
      const seg = c.segs[i]!;
      let next: PNode | undefined;
      if (typeof seg === "number") {
        if (n.t === "arr" && seg >= 0 && seg < n.items.length) next = n.items[seg];
      } else if (n.t === "obj") {
        const e = n.props.get(c.lower[i]!);
        if (e) {
          next = e.node;
          key = e;
        }
      }
      where = next ?? n;
      n = next;
    }
    return new Prop(this.model, n, where, this, c, key);
  }

  child(seg: string | number, lower?: string): Prop {
    const n = this.node;
    if (!n) return new Prop(this.model, undefined, this.where, this, seg);
    if (n.t === "unk") return new Prop(this.model, n, n, this, seg); // unknown parent: child unknown too
    if (typeof seg === "number") {
      if (n.t === "arr" && seg >= 0 && seg < n.items.length) return Prop.childOf(n.items[seg]!, this, seg);
      return new Prop(this.model, undefined, n, this, seg);
    }
    if (n.t === "obj") {
      const e = n.props.get(lower ?? this.model.lowerKey(seg));
      if (e) return Prop.childOf(e.node, this, seg, e);
    }
    return new Prop(this.model, undefined, n, this, seg);
  }

  /** Elements of a known array ([] otherwise). */
  items(): Prop[] {
    const n = this.read();
    if (n?.t !== "arr") return [];
    return n.items.map((item, i) => Prop.childOf(item, this, i));
  }

  /** Properties of a known object ([] otherwise), with the spelling found in the source. */
  entries(): [string, Prop][] {
    const n = this.read();
    if (n?.t !== "obj") return [];
    const out: [string, Prop][] = [];
    for (const e of n.props.values()) out.push([e.key, Prop.childOf(e.node, this, e.key, e)]);
    return out;
  }

  /**
   * Elements the value certainly has: every element of a known array, the known elements of a partly known one
   * (unknown, but with elements it certainly has: `union(createArray('AAD'), parameters('more'))`); [] otherwise.
   * For "is some element X" (a finding at the element found), never for "every element is X" or "no element is X":
   * the unknown rest may hold anything. An element of a partly known array's known start has its index in its path,
   * another `[?]` (where it is is not known).
   */
  knownItems(): Prop[] {
    const n = this.node;
    if (n?.t === "unk" && n.known !== undefined && "items" in n.known) {
      const prefix = n.known.prefix;
      return n.known.items.map((item, i) => Prop.childOf(item, this, i < prefix ? i : UNPLACED));
    }
    return this.items();
  }

  /**
   * The known elements that are one of `values` (known strings, compared case-insensitively as `is` does): decided
   * when the array is known, or when a known element of a partly known one is one of them; [] for a missing value or
   * one that is not an array. Undefined when it cannot be decided (unknown, or partly known without such an element):
   * then, and only then, --report-unknown hears of it.
   */
  findItems(...values: string[]): Prop[] | undefined {
    const n = this.node;
    if (n?.t === "unk") {
      const found = n.known !== undefined && "items" in n.known ? this.knownItems().filter((p) => p.is(...values)) : [];
      if (found.length > 0) return found;
      this.read();
      return undefined;
    }
    return this.items().filter((p) => p.is(...values));
  }

  /** Whether an element is one of `values` (as `findItems`): true, false, or undefined when it cannot be decided. */
  includes(...values: string[]): boolean | undefined {
    const found = this.findItems(...values);
    return found === undefined ? undefined : found.length > 0;
  }

  /**
   * Members the value certainly has, with the spelling found in the source: every member of a known object, the known
   * members of a partly known one (`union(parameters('tags'), createObject('env', 'prod'))`); [] otherwise. For "has
   * member X", never for "has no other member".
   */
  knownEntries(): [string, Prop][] {
    const n = this.node;
    if (n?.t === "unk" && n.known !== undefined && "props" in n.known) return [...n.known.props.values()].map((e) => [e.key, Prop.childOf(e.node, this, e.key, e)]);
    return this.entries();
  }

  /**
   * Bounds of the number of elements or members: exact for a known array or object; for a partly known one at least
   * its known part (`min` > 0: not empty, whatever the rest); undefined for a missing value, a scalar or an unknown
   * value of which nothing is known.
   */
  get sizeRange(): { readonly min: number; readonly max: number } | undefined {
    const n = this.node;
    if (n?.t === "unk" && n.known !== undefined) return { min: "items" in n.known ? n.known.items.length : n.known.props.size, max: Number.POSITIVE_INFINITY };
    const read = this.read();
    if (read?.t === "arr") return { min: read.items.length, max: read.items.length };
    if (read?.t === "obj") return { min: read.props.size, max: read.props.size };
    return undefined;
  }

  /** True for a known array. */
  get isArray(): boolean {
    return this.read()?.t === "arr";
  }
  /** True for a known object. */
  get isObject(): boolean {
    return this.read()?.t === "obj";
  }
  /** Number of elements / properties of a known array or object. */
  get size(): number {
    const n = this.read();
    if (n?.t === "arr") return n.items.length;
    if (n?.t === "obj") return n.props.size;
    return 0;
  }

  /** The known string value, else undefined. */
  str(): string | undefined {
    const n = this.read();
    return n?.t === "val" && typeof n.value === "string" ? n.value : undefined;
  }
  /** The known number value, else undefined. */
  num(): number | undefined {
    const n = this.read();
    return n?.t === "val" && typeof n.value === "number" ? n.value : undefined;
  }
  /** The known boolean value, else undefined. */
  bool(): boolean | undefined {
    const n = this.read();
    return n?.t === "val" && typeof n.value === "boolean" ? n.value : undefined;
  }
  /** True when the value is a known string equal (case-insensitively) to one of `values`. */
  is(...values: string[]): boolean {
    const s = this.str();
    if (s === undefined) return false;
    const model = this.model;
    for (const v of values) if (v.length === s.length && (v === s || model.lowerKey(v) === model.lowerKey(s))) return true;
    return false;
  }
  /** True when the value is known and is not one of `values` (case-insensitive); false when unknown or missing. */
  isNot(...values: string[]): boolean {
    return this.known && !this.is(...values);
  }
  /** Display form of the value for messages (JSON, Unknowns as <unknown>). */
  display(max = 200): string {
    if (!this.node) return "(not set)";
    // Every Unknown, a partly known one too, as <unknown>: the known part of an unknown value is not shown.
    const s = JSON.stringify(this.value, (_k, v: unknown) => (v instanceof Unknown ? "<unknown>" : v));
    return s === undefined ? "(not set)" : s.length > max ? `${s.slice(0, max - 1)}…` : s;
  }
}
