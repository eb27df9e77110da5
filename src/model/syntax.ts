/**
 * How a value is written in Bicep, for the two places that write Bicep text: fixes of a .bicep file
 * (input/bicep/fix.ts) and rule text shown for a finding in Bicep (`bicepCodeSpans`). Rule text is written once, in
 * JSON terms (`["AAD"]`, `"publicNetworkAccess": "Disabled"`); a finding in a Bicep file shows it in Bicep terms
 * (`['AAD']`, `publicNetworkAccess: 'Disabled'`), derived here. Self-contained: the outputs and the pipeline use
 * it without importing an input language. Terraform's terms are in syntax-terraform.ts (its names derived from the
 * Terraform mapping by input/terraform/names.ts, which hands them over when the Terraform reader loads).
 */

import { terraformTerms } from "./syntax-terraform.js";

/** Which syntax a finding's file is written in, when it is not JSON (absent: JSON, an ARM template or an export). */
export type FindingSyntax = "bicep" | "terraform";

/** A Bicep identifier: a property name written without quotes. */
export function isBicepIdentifier(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

/** A Bicep string literal: single-quoted, with Bicep's escapes (`\'`, `\\`, `\${`, `\n`, `\r`, `\t`, `\u{...}`). */
export function bicepString(s: string): string {
  let out = "'";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = ch.charCodeAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "\\'";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "$" && s[i + 1] === "{") out += "\\$";
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) out += `\\u{${c.toString(16).toUpperCase()}}`;
    else out += ch;
  }
  return `${out}'`;
}

/** A property name: bare when it is an identifier, else a quoted string. */
export function bicepKey(k: string): string {
  return isBicepIdentifier(k) ? k : bicepString(k);
}

/** How `bicepValue` lays out arrays and objects: one line, or a line per element at `indent` plus `unit`. */
export interface BicepLayout {
  readonly multiline: boolean;
  /** The indentation of the line the value starts on. */
  readonly indent: string;
  readonly unit: string;
  readonly newline: string;
}

/**
 * A value (JSON data) as a Bicep literal; undefined when Bicep has no literal for it (a number that is not a safe
 * integer: Bicep numbers are integers).
 */
export function bicepValue(v: unknown, layout: BicepLayout): string | undefined {
  if (v === null) return "null";
  if (typeof v === "string") return bicepString(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return Number.isSafeInteger(v) ? String(v) : undefined;
  if (typeof v !== "object") return undefined;
  const inner: BicepLayout = { ...layout, indent: layout.indent + layout.unit };
  const parts: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = bicepValue(item, inner);
      if (s === undefined) return undefined;
      parts.push(s);
    }
    if (!parts.length) return "[]";
    return layout.multiline ? `[${layout.newline}${parts.map((p) => inner.indent + p).join(layout.newline)}${layout.newline}${layout.indent}]` : `[${parts.join(", ")}]`;
  }
  for (const [k, x] of Object.entries(v)) {
    const s = bicepValue(x, inner);
    if (s === undefined) return undefined;
    parts.push(`${bicepKey(k)}: ${s}`);
  }
  if (!parts.length) return "{}";
  return layout.multiline ? `{${layout.newline}${parts.map((p) => inner.indent + p).join(layout.newline)}${layout.newline}${layout.indent}}` : `{ ${parts.join(", ")} }`;
}

/** The tokens a JSON snippet of rule text is made of: strings, punctuation, words (keys, true, numbers), `...`, blanks. */
const SNIPPET_TOKEN = /\s+|"(?:[^"\\\n]|\\.)*"|\.\.\.|[{}[\]:,]|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?![.\d])/;

/**
 * A JSON snippet of rule text in Bicep syntax: strings single-quoted, a quoted key followed by `:` bare (or
 * quoted the Bicep way), punctuation, words and `...` as written. Undefined when the snippet is not JSON-shaped
 * (a path, an ARM expression, a URL pattern) or has no string to rewrite: it is then shown as written.
 */
export function jsonSnippetToBicep(code: string): string | undefined {
  const re = new RegExp(SNIPPET_TOKEN.source, "y"); // per call: a sticky expression's lastIndex is state
  let out = "";
  let strings = 0;
  let pos = 0;
  while (pos < code.length) {
    re.lastIndex = pos;
    const m = re.exec(code);
    if (!m) return undefined;
    const tok = m[0];
    pos = re.lastIndex;
    if (tok.charCodeAt(0) !== 34 /* " */) {
      out += tok;
      continue;
    }
    let s: string;
    try {
      s = JSON.parse(tok) as string;
    } catch {
      return undefined;
    }
    strings++;
    out += /^\s*:/.test(code.slice(pos)) ? bicepKey(s) : bicepString(s);
  }
  return strings ? out : undefined;
}

/**
 * Rule text (a remediation, a message) for a finding in Bicep: each `code span` holding a JSON snippet is
 * rewritten in Bicep syntax (`["AAD"]` → `['AAD']`); paths (`properties.x`), ARM expressions and prose stay.
 */
export function bicepCodeSpans(text: string): string {
  if (!text.includes("`")) return text;
  return text.replace(/`([^`\n]+)`/g, (whole, code: string) => {
    const b = jsonSnippetToBicep(code);
    return b === undefined ? whole : `\`${b}\``;
  });
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
