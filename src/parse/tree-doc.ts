/**
 * A document read into a node tree (JSON with comments, trailing commas or keys written twice; templates and
 * parameters files): positions come from the nodes, the value is computed from the tree once, when first asked for.
 */
import type { Node } from "jsonc-parser";
import type { RunContext } from "../context.js";
import type { Region } from "./lines.js";
import { hasDuplicateKeys, treeValue, type DuplicateKey } from "./nodes.js";
import { BaseDoc } from "./source.js";

const NO_DUPLICATES: readonly DuplicateKey[] = Object.freeze([]);

export class TreeDoc extends BaseDoc {
  readonly reader = "tree" as const;
  /** The tree's value and the members it ignores (keys written twice), worked out together on first use. */
  private read: { value: unknown; ignored: DuplicateKey[] } | undefined = undefined;
  /** True once the tree is known to have no key written twice (see `duplicateKeys`). */
  private unique: boolean | undefined = undefined;

  constructor(
    file: string,
    text: string,
    context: RunContext,
    readonly root: Node,
  ) {
    super(file, text, context);
  }

  get value(): unknown {
    return (this.read ??= treeValue(this.root)).value;
  }

  duplicateKeys(): readonly DuplicateKey[] {
    // Most documents have none: they are told so without making the value (which a template's lint may never need).
    if (this.read === undefined && (this.unique ??= !hasDuplicateKeys(this.root))) return NO_DUPLICATES;
    const ignored = (this.read ??= treeValue(this.root)).ignored;
    if (ignored.length === 0) return NO_DUPLICATES;
    // The kept members' pointers, as pointers of the file.
    const at = this.base.pointer;
    return at ? ignored.map((d) => ({ ...d, keptPointer: `${at}${d.keptPointer}` })) : ignored;
  }

  protected localNode(pointer: string): Node | undefined {
    return this.treeNode(pointer);
  }

  protected localRegion(pointer: string, key: boolean, anchor: boolean): Region {
    return this.treeRegion(pointer, key, anchor);
  }

  protected knownLineStarts(): undefined {
    return undefined;
  }
}
