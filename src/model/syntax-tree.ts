/**
 * The located value tree of a literal part of a template (its syntax nodes, no expression evaluated), made as it is
 * read: the template's root and sections that document-level rules read (input/arm/template.ts RawTemplateView).
 * The same tree `nodeFromJson` (literal.ts) builds without `onString`, `skip` or `expand`; but most rules read a
 * few members of it (a diagnostic setting's `type` and `condition`, the parameters' `type`), and building all of
 * it for every template was a fifth of what a corpus of templates allocated.
 */
import type { Node } from "jsonc-parser";
import { escapePointerToken } from "./value.js";
import { sameKeyIgnoringCase } from "./literal.js";
import { effectiveProperties } from "../parse/nodes.js";
import type { Loc, PNode, PropEntry, PropMap } from "./tree.js";
import type { ModelState } from "./state.js";

const NONE: readonly Loc[] = Object.freeze([]);

/** The located value of a syntax node at `pointer` of `file`, made as it is read (see the module comment). */
export function nodeFromSyntax(model: ModelState, node: Node, file: string, pointer: string): PNode {
  switch (node.type) {
    case "object":
      return new SyntaxObject(model, node, file, pointer) as PNode;
    case "array":
      return new SyntaxArray(model, node, file, pointer) as PNode;
    case "string":
    case "number":
    case "boolean":
    case "null":
      return new SyntaxValue(node.value as string | number | boolean | null, file, pointer) as PNode;
    default:
      return { t: "unk", reason: "unparsed value", at: { file, pointer }, origins: NONE };
  }
}

/** What the nodes share: where they are (one Loc, made when first asked for). */
abstract class SyntaxNode {
  private _at: Loc | undefined = undefined;
  constructor(
    readonly file: string,
    readonly pointer: string,
  ) {}
  get origins(): readonly Loc[] {
    return NONE;
  }
  get at(): Loc {
    return (this._at ??= { file: this.file, pointer: this.pointer });
  }
}

class SyntaxValue extends SyntaxNode {
  readonly t = "val" as const;
  constructor(
    readonly value: string | number | boolean | null,
    file: string,
    pointer: string,
  ) {
    super(file, pointer);
  }
}

class SyntaxArray extends SyntaxNode {
  readonly t = "arr" as const;
  private _items: PNode[] | undefined = undefined;
  constructor(
    private readonly model: ModelState,
    private readonly syntax: Node,
    file: string,
    pointer: string,
  ) {
    super(file, pointer);
  }
  get items(): PNode[] {
    if (this._items) return this._items;
    const children = this.syntax.children ?? [];
    const items: PNode[] = new Array(children.length);
    for (let i = 0; i < children.length; i++) items[i] = nodeFromSyntax(this.model, children[i]!, this.file, `${this.pointer}/${i}`);
    return (this._items = items);
  }
}

/**
 * An object: it is its own `props`. As `nodeFromJson` builds its Map: of a key written twice the last member, and
 * per lower-cased key the last spelling, in the place of the first.
 */
class SyntaxObject extends SyntaxNode implements PropMap {
  readonly t = "obj" as const;
  /** Per lower-cased key, the member's entry: made when the members are listed or counted. */
  private entries: Map<string, PropEntry> | undefined = undefined;
  /** The entries made so far, by property node (a member looked up, then listed, is one entry). */
  private made: Map<Node, SyntaxEntry> | undefined = undefined;
  constructor(
    private readonly model: ModelState,
    private readonly syntax: Node,
    file: string,
    pointer: string,
  ) {
    super(file, pointer);
  }
  get props(): PropMap {
    return this;
  }
  private entry(property: Node): SyntaxEntry {
    const made = (this.made ??= new Map());
    let e = made.get(property);
    if (e === undefined) made.set(property, (e = new SyntaxEntry(this.model, property, this.file, this.pointer)));
    return e;
  }
  private own(): Map<string, PropEntry> {
    if (this.entries) return this.entries;
    const m = new Map<string, PropEntry>();
    for (const p of effectiveProperties(this.syntax)) m.set(this.model.lowerKey(String(p.children![0]!.value)), this.entry(p));
    return (this.entries = m);
  }
  get(lower: string): PropEntry | undefined {
    const children = this.syntax.children ?? [];
    if (this.entries !== undefined || children.length > LOOK_UP_FROM) return this.own().get(lower);
    // A few members: the last one whose key lower-cases to `lower` is the one the map keeps (rules read a member or
    // two of most objects: a resource's `type` and `condition`), found without listing the others.
    for (let i = children.length - 1; i >= 0; i--) {
      const kv = children[i]!.children;
      if (kv?.length === 2 && sameKeyIgnoringCase(String(kv[0]!.value), lower)) return this.entry(children[i]!);
    }
    return undefined;
  }
  values(): Iterable<PropEntry> {
    return this.own().values();
  }
  get size(): number {
    return this.own().size;
  }
}

/** Objects with more members than this are looked up through their map of keys (see SyntaxObject.get). */
const LOOK_UP_FROM = 16;

/** A member of an object: its key, where the key is written, and its value's node (made when first asked for). */
class SyntaxEntry implements PropEntry {
  readonly key: string;
  private _keyAt: Loc | undefined = undefined;
  private _node: PNode | undefined = undefined;
  /** The object's pointer until the member's own is first asked for (most members are never read). */
  private _pointer: string;
  private joined = false;
  constructor(
    private readonly model: ModelState,
    private readonly property: Node,
    private readonly file: string,
    objectPointer: string,
  ) {
    this.key = String(property.children![0]!.value);
    this._pointer = objectPointer;
  }
  private get pointer(): string {
    if (!this.joined) {
      this._pointer = `${this._pointer}/${escapePointerToken(this.key)}`;
      this.joined = true;
    }
    return this._pointer;
  }
  get keyAt(): Loc {
    return (this._keyAt ??= { file: this.file, pointer: this.pointer, key: true });
  }
  get node(): PNode {
    return (this._node ??= nodeFromSyntax(this.model, this.property.children![1]!, this.file, this.pointer));
  }
}
