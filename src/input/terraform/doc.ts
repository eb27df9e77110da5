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
 * `region(pointer)` answers with the line and column of the closest registered place (parse/marked-doc.ts).
 * `value` is what the redactor walks: `{ parameters: { x: { type: "secureString",
 * defaultValue } } }` for each `sensitive = true` variable, with the value it has in the load, as a compiled ARM
 * template would have a secure parameter.
 */
import type { RunContext } from "../../context.js";
import { MarkedDoc } from "../../parse/marked-doc.js";
import type { Comment } from "../../parse/source.js";
import { TerraformFixer } from "./fix.js";
import type { ParsedHcl } from "./read.js";

export type TerraformDocKind = "terraform" | "tfvars";

export class TerraformDoc extends MarkedDoc {
  private fixerMade: TerraformFixer | undefined = undefined;

  constructor(
    file: string,
    text: string,
    context: RunContext,
    readonly terraformKind: TerraformDocKind,
    readonly parsed: ParsedHcl,
  ) {
    super(file, text, context);
  }

  /** Fix edits written in Terraform (parse/source.ts DocFixer). */
  get fixer(): TerraformFixer {
    return (this.fixerMade ??= new TerraformFixer(this));
  }

  /** A `sensitive = true` variable and the value it has (never printed: post/secrets.ts reads `value`). */
  sensitiveVariable(name: string, value: unknown): void {
    this.parameterEntry(name, value === undefined ? { type: "secureString" } : { type: "secureString", defaultValue: value });
  }

  override comments(): readonly Comment[] {
    return this.parsed.comments;
  }
}

export function isTerraformDoc(doc: unknown): doc is TerraformDoc {
  return doc instanceof TerraformDoc;
}
