/**
 * A document whose syntax is not JSON (Bicep, Terraform): it has no JSON pointers of its own, so its input language
 * names each place it reports with a pointer (shaped like the compiled template's for Bicep, like Terraform's
 * addresses for HCL) and registers the place's span here (`mark`). `region(pointer)` answers with the line and
 * column of the closest registered place (the pointer or an ancestor), as the JSON readers do, and fixers find the
 * value to edit by the same spans (`spanOf`).
 *
 * `value` is what the redactor (post/secrets.ts) walks: `{ parameters: { x: { type: "secureString", defaultValue } } }`
 * for the values the language knows to be secret, as a compiled ARM template would have a secure parameter.
 */
import type { Node } from "jsonc-parser";
import type { RunContext } from "../context.js";
import type { Region } from "./lines.js";
import { BaseDoc, type DuplicateKey } from "./source.js";

/** A span of the text: offset of the first character and of the one after the last. */
export interface TextSpan {
  readonly o: number;
  readonly e: number;
}

interface Place extends TextSpan {
  /** The property, attribute or declaration name the value is written under. */
  readonly key?: TextSpan;
  /** An object, block or collection: a missing member is reported at its key, or else its first character. */
  readonly container?: boolean;
}

export abstract class MarkedDoc extends BaseDoc {
  /**
   * The union of the document readers is JSON's ("plain" | "tree"); this document answers every question of a
   * reader from its own syntax tree, the nearest of the two.
   */
  readonly reader = "tree" as const;
  readonly value: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  /** No JSON syntax tree: fixes go through the language's `fixer`, which edits its own syntax. */
  readonly root: Node;
  private readonly places = new Map<string, Place>();

  constructor(file: string, text: string, context: RunContext) {
    super(file, text, context);
    this.root = { type: "object", offset: 0, length: text.length, children: [] } as unknown as Node;
  }

  /** Registers the place a pointer names (the first registration stands: a loop's instances share a place). */
  mark(pointer: string, at: TextSpan, key?: TextSpan, container = false): void {
    if (!this.places.has(pointer)) this.places.set(pointer, { o: at.o, e: at.e, key, container });
  }

  /** The span of the value a pointer names exactly (no ancestor), for fixes. */
  spanOf(pointer: string): TextSpan | undefined {
    const place = this.places.get(pointer);
    return place && { o: place.o, e: place.e };
  }

  /** A parameter entry of `value` for the redactor (`{ type: "secureString", defaultValue }` or `{ value }`). */
  protected parameterEntry(name: string, entry: Record<string, unknown>): void {
    const params = (this.value.parameters ??= Object.create(null)) as Record<string, unknown>;
    params[name] = entry;
  }

  duplicateKeys(): readonly DuplicateKey[] {
    // Bicep and Terraform both refuse a property or attribute written twice: no member is ever ignored.
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
