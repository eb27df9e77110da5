/**
 * A Terraform file (.tf or .tfvars) as a ParsedDoc (parse/source.ts), the one document interface the engine,
 * suppressions and the redactor read. HCL has no JSON pointers: the loader (load.ts) names each place it reports
 * with a pointer shaped like Terraform's addresses and registers the place's span here (`mark`):
 *
 * - `/resource/<type>/<name>` (the block), `/resource/<type>/<name>/<attr>`, a nested block's attribute
 *   `/resource/<type>/<name>/<block>/<i>/<attr>`, a literal list's element `/.../<attr>/<i>`;
 * - `/variable/<name>/default`, `/locals/<name>`, `/module/<name>/<input>`;
 * - in a .tfvars, `/<name>`.
 *
 * `region(pointer)` answers with the line and column of the closest registered place (the pointer or an ancestor),
 * as the JSON readers do. `value` is what the redactor walks: `{ parameters: { x: { type: "secureString",
 * defaultValue } } }` for each `sensitive = true` variable, with the value it has in the load, as a compiled ARM
 * template would have a secure parameter.
 */
import type { Node } from "jsonc-parser";
import type { RunContext } from "../../context.js";
import type { Region } from "../../parse/lines.js";
import { BaseDoc, type Comment, type DuplicateKey } from "../../parse/source.js";
import type { Span } from "./ast.js";
import { TerraformFixer } from "./fix.js";
import type { ParsedHcl } from "./read.js";

interface Place {
  readonly o: number;
  readonly e: number;
  /** The attribute name (or block type) of the value. */
  readonly key?: Span;
  /** A block or a collection: a missing member is reported at its key, or else its first character. */
  readonly container?: boolean;
}

export type TerraformDocKind = "terraform" | "tfvars";

export class TerraformDoc extends BaseDoc {
  /** Answers every question of a reader from its own syntax tree (the nearest of JSON's two readers). */
  readonly reader = "tree" as const;
  readonly value: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  /** No JSON syntax tree: fixes go through `fixer` (fix.ts), which edits the HCL text. */
  readonly root: Node;
  private readonly places = new Map<string, Place>();
  private fixerMade: TerraformFixer | undefined = undefined;

  constructor(
    file: string,
    text: string,
    context: RunContext,
    readonly terraformKind: TerraformDocKind,
    readonly parsed: ParsedHcl,
  ) {
    super(file, text, context);
    this.root = { type: "object", offset: 0, length: text.length, children: [] } as unknown as Node;
  }

  /** Registers the place a pointer names (the first registration stands: instances of a loop share a place). */
  mark(pointer: string, at: Span, key?: Span, container = false): void {
    if (!this.places.has(pointer)) this.places.set(pointer, { o: at.o, e: at.e, key, container });
  }

  /** The span of the value a pointer names exactly (no ancestor), for fixes. */
  spanOf(pointer: string): Span | undefined {
    const place = this.places.get(pointer);
    return place && { o: place.o, e: place.e };
  }

  /** The span of the attribute name (or block type) a pointer's value is written under, for fixes. */
  keySpanOf(pointer: string): Span | undefined {
    return this.places.get(pointer)?.key;
  }

  /** Fix edits written in Terraform (parse/source.ts DocFixer). */
  get fixer(): TerraformFixer {
    return (this.fixerMade ??= new TerraformFixer(this));
  }

  /** A `sensitive = true` variable and the value it has (never printed: post/secrets.ts reads `value`). */
  sensitiveVariable(name: string, value: unknown): void {
    const params = (this.value.parameters ??= Object.create(null)) as Record<string, unknown>;
    params[name] = value === undefined ? { type: "secureString" } : { type: "secureString", defaultValue: value };
  }

  override comments(): readonly Comment[] {
    return this.parsed.comments;
  }

  duplicateKeys(): readonly DuplicateKey[] {
    // Terraform refuses an attribute written twice in a body: no member is ever ignored.
    return [];
  }

  protected localNode(): Node | undefined {
    return undefined;
  }

  protected knownLineStarts(): ArrayLike<number> | undefined {
    return undefined;
  }

  protected localRegion(pointer: string, key: boolean, anchor: boolean): Region {
    let p = pointer;
    for (;;) {
      const place = this.places.get(p);
      if (place) {
        if (key && (p === pointer || anchor) && place.key) return this.regionOf(place.key.o, place.key.e - place.key.o);
        if (anchor && place.container) return this.regionOf(place.o, 1);
        return this.regionOf(place.o, place.e - place.o);
      }
      if (p === "") return this.regionOf(0, 0);
      p = p.slice(0, p.lastIndexOf("/"));
    }
  }
}

export function isTerraformDoc(doc: unknown): doc is TerraformDoc {
  return doc instanceof TerraformDoc;
}
