/**
 * A document read by JSON.parse (plain JSON: no comments, trailing commas or keys written twice; see plain.ts).
 * The value is JSON.parse's; positions are found in the text only when something is reported (`locate`, through
 * the member index the duplicate-key scan made on the way); the node tree is built only if something asks for
 * it, and for a pointer inside a resource of a list only that resource's subtree is.
 */
import type { Node } from "jsonc-parser";
import { slot, type RunContext } from "../context.js";
import { splitPointer } from "../model/value.js";
import { fastParseTree } from "./fast.js";
import { readTree } from "./full.js";
import type { Region } from "./lines.js";
import { shiftOffsets, walkPointer, type DuplicateKey } from "./nodes.js";
import { locate, type MemberIndex } from "./plain.js";
import { BaseDoc, type Comment } from "./source.js";

/** The nesting the subtrees and the tree of a plain document are read with (the readers' default limit). */
const MAX_DEPTH = 1000;
const NONE: readonly never[] = Object.freeze([]);
const WHOLE = Symbol("whole tree");

/** Pointer tokens, unescaped: the pointers of one audit repeat (/value/3/properties/...), so each is split once. */
const POINTER_TOKENS = slot("pointer tokens", () => new Map<string, readonly string[]>());

export class PlainJsonDoc extends BaseDoc {
  readonly reader = "plain" as const;
  private tree: Node | undefined = undefined;
  private subtrees: Map<string, Node | undefined> | undefined = undefined;
  private readonly tokenCache: Map<string, readonly string[]>;

  constructor(
    file: string,
    text: string,
    context: RunContext,
    readonly value: unknown,
    private readonly members: MemberIndex,
  ) {
    super(file, text, context);
    this.tokenCache = context.get(POINTER_TOKENS);
  }

  /** The node tree (built on first use). */
  get root(): Node {
    if (!this.tree) {
      const fast = fastParseTree(this.text, MAX_DEPTH);
      this.tree = fast && fast !== "too-deep" ? fast : readTree(this.text, this.file, MAX_DEPTH);
    }
    return this.tree;
  }

  /** None: a text read as plain JSON has no key written twice (the scan counted them). */
  duplicateKeys(): readonly DuplicateKey[] {
    return NONE;
  }

  /** None: a text with a comment is not plain JSON. */
  override comments(): readonly Comment[] {
    return NONE;
  }

  protected knownLineStarts(): ArrayLike<number> | undefined {
    return this.members.lineStarts();
  }

  protected localNode(pointer: string): Node | undefined {
    if (!this.tree) {
      const n = this.subtreeNode(pointer);
      if (n !== WHOLE) return n;
    }
    return this.treeNode(pointer);
  }

  /** Regions found by scanning the text (`locate`) until the tree is built: the same answers as the tree's. */
  protected localRegion(pointer: string, key: boolean, anchor: boolean): Region {
    if (this.tree) return this.treeRegion(pointer, key, anchor);
    const tokens = this.tokens(pointer);
    for (let depth = tokens.length; ; depth--) {
      const at = locate(this.text, depth === tokens.length ? tokens : tokens.slice(0, depth), this.members);
      if (at) {
        if (key && (depth === tokens.length || anchor) && at.keyOffset >= 0) return this.regionOf(at.keyOffset, at.keyLength);
        if (anchor && (at.first === 123 || at.first === 91)) return this.regionOf(at.offset, 1);
        return this.regionOf(at.offset, at.length);
      }
      if (depth === 0) return this.regionOf(0, this.text.length);
    }
  }

  private tokens(pointer: string): readonly string[] {
    const cache = this.tokenCache;
    let t = cache.get(pointer);
    if (!t) {
      if (cache.size > 10_000) cache.clear();
      cache.set(pointer, (t = splitPointer(pointer)));
    }
    return t;
  }

  /**
   * `node` without building the whole tree (fixes ask for a few nodes of one resource): the subtree two levels
   * down (a resource of a list: `/value/3`) is read on its own and its offsets shifted, so the node, its property
   * and its container are real nodes with real offsets. Pointers less than three levels deep take the whole tree
   * (WHOLE).
   */
  private subtreeNode(pointer: string): Node | undefined | typeof WHOLE {
    const tokens = this.tokens(pointer);
    const k = Math.min(tokens.length - 2, 2);
    if (k <= 0) return WHOLE;
    let cut = 0;
    for (let n = 0; n <= k; n++) cut = pointer.indexOf("/", cut + (n ? 1 : 0));
    const rootPtr = pointer.slice(0, cut);
    const subtrees = (this.subtrees ??= new Map());
    if (!subtrees.has(rootPtr)) {
      const at = locate(this.text, tokens.slice(0, k), this.members);
      let sub: Node | undefined;
      if (at) {
        const t = fastParseTree(this.text.slice(at.offset, at.offset + at.length), MAX_DEPTH);
        if (t && t !== "too-deep") sub = shiftOffsets(t, at.offset);
        else return WHOLE;
      }
      subtrees.set(rootPtr, sub);
    }
    const sub = subtrees.get(rootPtr);
    return sub && walkPointer(sub, pointer.slice(cut));
  }
}
