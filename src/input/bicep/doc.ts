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
import type { RunContext } from "../../context.js";
import { MarkedDoc } from "../../parse/marked-doc.js";
import type { Comment } from "../../parse/source.js";
import { BicepFixer } from "./fix.js";
import type { ParsedBicep } from "./parser.js";

export type BicepDocKind = "bicep" | "bicepparam";

export class BicepDoc extends MarkedDoc {
  private fixerMade: BicepFixer | undefined = undefined;

  constructor(
    file: string,
    text: string,
    context: RunContext,
    readonly bicepKind: BicepDocKind,
    readonly parsed: ParsedBicep,
  ) {
    super(file, text, context);
  }

  /** Fix edits written in Bicep (parse/source.ts DocFixer). */
  get fixer(): BicepFixer {
    return (this.fixerMade ??= new BicepFixer(this));
  }

  /** A `@secure()` parameter (with its literal default), for the redactor's walk of `value`. */
  secureParameter(name: string, defaultValue: unknown): void {
    this.parameterEntry(name, defaultValue === undefined ? { type: "secureString" } : { type: "secureString", defaultValue });
  }

  /** A value a .bicepparam gives a parameter, for the redactor (a secret if the template's parameter is secure). */
  givenParameter(name: string, value: unknown): void {
    this.parameterEntry(name, { value });
  }

  override comments(): readonly Comment[] {
    return this.parsed.comments;
  }
}

export function isBicepDoc(doc: unknown): doc is BicepDoc {
  return doc instanceof BicepDoc;
}
