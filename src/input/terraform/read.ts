/**
 * Terraform text → its syntax tree and comments, or an InputError located at the syntax error (exit 2, like a
 * JSON or Bicep syntax error). `.tf` files are HCL bodies; `.tfvars` files hold attributes only. Terraform's JSON
 * syntax (`.tf.json`, `.tfvars.json`) is not read here.
 */
import { InputError, positionIn } from "../../parse/document.js";
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
