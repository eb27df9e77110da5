/**
 * How a value is written in Bicep, for the two places that write Bicep text: fixes of a .bicep file
 * (input/bicep/fix.ts) and rule text shown for a finding in Bicep (`bicepCodeSpans`). Rule text is written once, in
 * JSON terms (`["AAD"]`, `"publicNetworkAccess": "Disabled"`); a finding in a Bicep file shows it in Bicep terms
 * (`['AAD']`, `publicNetworkAccess: 'Disabled'`), derived here. Self-contained: the outputs and the pipeline use
 * it without importing an input language. Terraform's terms are in syntax-terraform.ts (its names derived from the
 * Terraform mapping by input/terraform/names.ts, which hands them over when the Terraform reader loads).
 */

import { type Layout, literalValue, quotedString, rewriteCodeSpans, rewriteSnippet, type StringSyntax, type ValueSyntax } from "./syntax-literal.js";
import { terraformTerms } from "./syntax-terraform.js";

/** Which syntax a finding's file is written in, when it is not JSON (absent: JSON, an ARM template or an export). */
export type FindingSyntax = "bicep" | "terraform";

/** A Bicep identifier: a property name written without quotes. */
export function isBicepIdentifier(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

const BICEP_STRING: StringSyntax = { quote: "'", openers: { $: "\\$" }, unicode: (c) => `\\u{${c.toString(16).toUpperCase()}}` };

/** A Bicep string literal: single-quoted, with Bicep's escapes (`\'`, `\\`, `\${`, `\n`, `\r`, `\t`, `\u{...}`). */
export function bicepString(s: string): string {
  return quotedString(s, BICEP_STRING);
}

/** A property name: bare when it is an identifier, else a quoted string. */
export function bicepKey(k: string): string {
  return isBicepIdentifier(k) ? k : bicepString(k);
}

/** How `bicepValue` lays out arrays and objects: one line, or a line per element at `indent` plus `unit`. */
export type BicepLayout = Layout;

const BICEP_VALUE: ValueSyntax = {
  string: bicepString,
  // Bicep numbers are integers.
  number: (n) => (Number.isSafeInteger(n) ? String(n) : undefined),
  member: (k, v) => `${bicepKey(k)}: ${v}`,
  itemEnd: "",
};

/**
 * A value (JSON data) as a Bicep literal; undefined when Bicep has no literal for it (a number that is not a safe
 * integer: Bicep numbers are integers).
 */
export function bicepValue(v: unknown, layout: BicepLayout): string | undefined {
  return literalValue(v, layout, BICEP_VALUE);
}

/** The tokens a JSON snippet of rule text is made of: strings, punctuation, words (keys, true, numbers), `...`, blanks. */
const SNIPPET_TOKEN = /\s+|"(?:[^"\\\n]|\\.)*"|\.\.\.|[{}[\]:,]|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?![.\d])/;

/**
 * A JSON snippet of rule text in Bicep syntax: strings single-quoted, a quoted key followed by `:` bare (or
 * quoted the Bicep way), punctuation, words and `...` as written. Undefined when the snippet is not JSON-shaped
 * (a path, an ARM expression, a URL pattern) or has no string to rewrite: it is then shown as written.
 */
export function jsonSnippetToBicep(code: string): string | undefined {
  return rewriteSnippet(code, SNIPPET_TOKEN, { string: bicepString, key: (k, quoted, colon) => (quoted ? bicepKey(k) : k) + colon });
}

/**
 * Rule text (a remediation, a message) for a finding in Bicep: each `code span` holding a JSON snippet is
 * rewritten in Bicep syntax (`["AAD"]` → `['AAD']`); paths (`properties.x`), ARM expressions and prose stay.
 */
export function bicepCodeSpans(text: string): string {
  return rewriteCodeSpans(text, (code) => jsonSnippetToBicep(code) ?? code);
}

/**
 * Rule text in the syntax of a finding's file: unchanged for JSON. Terraform renames properties as well as literals
 * (syntax-terraform.ts), by the ARM `resourceType` the text is about (and `tfType`, the Terraform block's type, when
 * known: an azapi body keeps the ARM names); without one, the account's and pools' names both.
 */
export function inSyntax(text: string, syntax: FindingSyntax | undefined, resourceType?: string, tfType?: string): string {
  if (syntax === "bicep") return bicepCodeSpans(text);
  if (syntax === "terraform") return terraformTerms(text, resourceType, tfType);
  return text;
}
