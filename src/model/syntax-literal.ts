/**
 * What Bicep and HCL literals have in common, parametrised by each language's table (model/syntax.ts for Bicep,
 * model/syntax-terraform.ts for HCL): a quoted string with backslash escapes, arrays and objects laid out on one line
 * or a line per element, a JSON snippet of rule text rewritten token by token, and the code spans of rule text.
 */

/** How a language quotes a string: its quote, what a template opener (`$` before `{`) becomes, how a control is written. */
export interface StringSyntax {
  readonly quote: string;
  /** A character that opens a template when `{` follows it, and what it is written as then (`$` → `\$`, `$` → `$$`). */
  readonly openers: Readonly<Record<string, string>>;
  /** A control character (or U+2028/U+2029), by its code. */
  readonly unicode: (code: number) => string;
}

/** `s` quoted: `\\`, the quote, `\n`, `\r`, `\t`, template openers and other controls escaped as `syntax` says. */
export function quotedString(s: string, syntax: StringSyntax): string {
  const q = syntax.quote;
  let out = q;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = ch.charCodeAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += `\\${q}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (s[i + 1] === "{" && Object.hasOwn(syntax.openers, ch)) out += syntax.openers[ch];
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) out += syntax.unicode(c);
    else out += ch;
  }
  return out + q;
}

/** How arrays and objects are laid out: one line, or a line per element at `indent` plus `unit`. */
export interface Layout {
  readonly multiline: boolean;
  /** The indentation of the line the value starts on. */
  readonly indent: string;
  readonly unit: string;
  readonly newline: string;
}

/** How a language writes a literal's parts. */
export interface ValueSyntax {
  readonly string: (s: string) => string;
  /** A number; undefined when the language has no literal for it. */
  readonly number: (n: number) => string | undefined;
  /** An object member: its key and its value written (`key: v`, `key = v`). */
  readonly member: (key: string, value: string) => string;
  /** What follows each element of an array written a line per element (`,` in HCL, nothing in Bicep). */
  readonly itemEnd: string;
}

/** A value (JSON data) as a literal of `syntax`; undefined when the language has no literal for it or for a part of it. */
export function literalValue(v: unknown, layout: Layout, syntax: ValueSyntax): string | undefined {
  if (v === null) return "null";
  if (typeof v === "string") return syntax.string(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return syntax.number(v);
  if (typeof v !== "object") return undefined;
  const inner: Layout = { ...layout, indent: layout.indent + layout.unit };
  const parts: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = literalValue(item, inner, syntax);
      if (s === undefined) return undefined;
      parts.push(s);
    }
    if (!parts.length) return "[]";
    return layout.multiline ? `[${layout.newline}${parts.map((p) => `${inner.indent}${p}${syntax.itemEnd}`).join(layout.newline)}${layout.newline}${layout.indent}]` : `[${parts.join(", ")}]`;
  }
  for (const [k, x] of Object.entries(v)) {
    const s = literalValue(x, inner, syntax);
    if (s === undefined) return undefined;
    parts.push(syntax.member(k, s));
  }
  if (!parts.length) return "{}";
  return layout.multiline ? `{${layout.newline}${parts.map((p) => inner.indent + p).join(layout.newline)}${layout.newline}${layout.indent}}` : `{ ${parts.join(", ")} }`;
}

/** How a JSON snippet of rule text is rewritten: what a string becomes, and a key (quoted or a bare word) with the `:` after it. */
export interface SnippetSyntax {
  readonly string: (s: string) => string;
  /** `colon` is the text of the `:` after the key, with the blanks before it. */
  readonly key: (key: string, quoted: boolean, colon: string) => string;
}

/**
 * A JSON snippet of rule text (`token`, the tokens it may hold) with its strings and keys rewritten; undefined when a
 * part is not a token, or a string is not JSON, or it holds no string to rewrite (it is then shown as written).
 */
export function rewriteSnippet(code: string, token: RegExp, syntax: SnippetSyntax): string | undefined {
  const re = new RegExp(token.source, "y"); // per call: a sticky expression's lastIndex is state
  let out = "";
  let strings = 0;
  let pos = 0;
  while (pos < code.length) {
    re.lastIndex = pos;
    const m = re.exec(code);
    if (!m) return undefined;
    const tok = m[0];
    pos = re.lastIndex;
    const colon = /^\s*:/.exec(code.slice(pos))?.[0];
    if (tok.charCodeAt(0) !== 34 /* " */) {
      if (colon !== undefined && /^[A-Za-z_]/.test(tok)) {
        out += syntax.key(tok, false, colon);
        pos += colon.length;
      } else out += tok;
      continue;
    }
    let s: string;
    try {
      s = JSON.parse(tok) as string;
    } catch {
      return undefined;
    }
    strings++;
    if (colon !== undefined) {
      out += syntax.key(s, true, colon);
      pos += colon.length;
    } else out += syntax.string(s);
  }
  return strings ? out : undefined;
}

/** Rule text with each `code span` rewritten by `code`, and the prose between them by `prose`. */
export function rewriteCodeSpans(text: string, code: (c: string) => string, prose: (t: string) => string = (t) => t): string {
  let out = "";
  let pos = 0;
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    out += `${prose(text.slice(pos, m.index))}\`${code(m[1]!)}\``;
    pos = m.index + m[0].length;
  }
  return out + prose(text.slice(pos));
}
