/**
 * Terraform text → its syntax tree and comments, or an InputError located at the syntax error (exit 2, like a
 * JSON or Bicep syntax error). `.tf` files are HCL bodies; `.tfvars` files hold attributes only. Terraform's JSON
 * syntax (`.tf.json`, `.tfvars.json`) is not read here.
 */
import type { RunContext } from "../../context.js";
import { InputError, positionIn } from "../../parse/document.js";
import { TerraformDoc, type TerraformDocKind } from "./doc.js";
import { HclSyntaxError, type ParsedHcl, parseHclText } from "./parser.js";

export type { ParsedHcl } from "./parser.js";

/** .tf and .tfvars files (not .tf.json). */
export const TERRAFORM_FILE = /\.tf(vars)?$/i;

export function parseHcl(text: string, file: string): ParsedHcl {
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const p = positionIn(text, nul);
    throw new InputError("NUL character in file (binary or UTF-16 without BOM?)", file, p.line, p.column, "invalid-encoding");
  }
  try {
    return parseHclText(text, { attributesOnly: /\.tfvars$/i.test(file) });
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) throw e;
    const p = positionIn(text, e.offset);
    throw new InputError(`Terraform syntax error: ${e.message}`, file, p.line, p.column, "terraform-syntax");
  }
}

/** The kind of a Terraform file by its name: .tf (not .tf.json) or .tfvars; undefined for any other. */
export function terraformKindOf(file: string): TerraformDocKind | undefined {
  const m = TERRAFORM_FILE.exec(file);
  return m ? (m[1] ? "tfvars" : "terraform") : undefined;
}

/** Terraform text → a TerraformDoc (a BOM removed), or the located InputError of its syntax error. */
export function parseTerraformDoc(raw: string, file: string, context: RunContext, kind: TerraformDocKind): TerraformDoc {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return new TerraformDoc(file, text, context, kind, parseHcl(text, file));
}
