/**
 * A Bicep file as a ParsedDoc (parse/source.ts), the one document interface the engine, suppressions and the
 * redactor read. Bicep has no JSON pointers of its own: the loader names each place it reports with a pointer
 * shaped like the compiled template's (`/parameters/x/defaultValue`, `/variables/x`, `/resources/acct/properties/...`)
 * and registers the place's span here (`mark`); `region(pointer)` answers with the Bicep line and column, falling
 * back to the closest registered ancestor, as the JSON readers do. The ARM-shaped pointers let the engine name
 * where a value came from ("value from the default of parameter 'x'") and the redactor find secure parameters.
 *
 * Fixes find the value to edit by the same spans: `fixer` (fix.ts) writes a rule's edits in Bicep.
 *
 * `value` is what the redactor walks: `{ parameters: { x: { type: "secureString", defaultValue } } }` for the
 * `@secure()` parameters (and `{ value }` for a .bicepparam's), as a compiled template would have them.
 */
import type { Node } from "jsonc-parser";
import type { RunContext } from "../../context.js";
import { BaseDoc, type Comment, type DuplicateKey } from "../../parse/source.js";
import type { Region } from "../../parse/lines.js";
import type { Span } from "./ast.js";
import { BicepFixer } from "./fix.js";
import type { ParsedBicep } from "./parser.js";

interface Place {
  readonly o: number;
  readonly e: number;
  /** The property name (or declaration name) of the value. */
  readonly key?: Span;
  /** An object or array: a missing member is reported at its key, or else its first character. */
  readonly container?: boolean;
}

export type BicepDocKind = "bicep" | "bicepparam";

export class BicepDoc extends BaseDoc {
  /**
   * The union of the document readers is JSON's ("plain" | "tree"); this document answers every question of a
   * reader from its own syntax tree, the nearest of the two.
   */
  readonly reader = "tree" as const;
  readonly value: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  /** No JSON syntax tree: fixes go through `fixer` (fix.ts), which edits the Bicep text. */
  readonly root: Node;
  private readonly places = new Map<string, Place>();
  private fixerMade: BicepFixer | undefined = undefined;

  constructor(
    file: string,
    text: string,
    context: RunContext,
    readonly bicepKind: BicepDocKind,
    readonly parsed: ParsedBicep,
  ) {
    super(file, text, context);
    this.root = { type: "object", offset: 0, length: text.length, children: [] } as unknown as Node;
  }

  /** Registers the place a pointer names (the first registration stands: a loop's instances share a place). */
  mark(pointer: string, at: Span, key?: Span, container = false): void {
    if (!this.places.has(pointer)) this.places.set(pointer, { o: at.o, e: at.e, key, container });
  }

  /** The span of the value a pointer names exactly (no ancestor), for fixes. */
  spanOf(pointer: string): Span | undefined {
    const place = this.places.get(pointer);
    return place && { o: place.o, e: place.e };
  }

  /** Fix edits written in Bicep (parse/source.ts DocFixer). */
  get fixer(): BicepFixer {
    return (this.fixerMade ??= new BicepFixer(this));
  }

  /** A `@secure()` parameter (with its literal default), for the redactor's walk of `value`. */
  secureParameter(name: string, defaultValue: unknown): void {
    const params = (this.value.parameters ??= Object.create(null)) as Record<string, unknown>;
    params[name] = defaultValue === undefined ? { type: "secureString" } : { type: "secureString", defaultValue };
  }

  /** A value a .bicepparam gives a parameter, for the redactor (a secret if the template's parameter is secure). */
  givenParameter(name: string, value: unknown): void {
    const params = (this.value.parameters ??= Object.create(null)) as Record<string, unknown>;
    params[name] = { value };
  }

  override comments(): readonly Comment[] {
    return this.parsed.comments;
  }

  duplicateKeys(): readonly DuplicateKey[] {
    // Bicep refuses a property written twice: the compiler reports it, so no member is ever ignored.
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

export function isBicepDoc(doc: unknown): doc is BicepDoc {
  return doc instanceof BicepDoc;
}
