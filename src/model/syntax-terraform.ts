/**
 * Terraform terms, for the two places that write Terraform text: fixes of a .tf file (input/terraform/fix.ts) and
 * rule text shown for a finding in Terraform (`terraformTerms`). Rule text is written once, in JSON/ARM terms
 * (`allowedAuthenticationModes includes 'SharedKey'`, `"publicNetworkAccess": "Disabled"`); a finding in a .tf
 * file names the provider's attribute and HCL literals (`allowed_authentication_modes includes "SharedKey"`,
 * `public_network_access_enabled = false`).
 *
 * The names come from the mapping itself, never from a second list (input/terraform/names.ts derives them from
 * ACCOUNT_TABLE and POOL_SPEC; `npm run gen` writes them into src/generated/terraform-names.ts, because the model and
 * the outputs import no input language, and test/docs.test.ts keeps it current). A
 * value the provider converts (`public_network_access_enabled`: "true → Enabled, false → Disabled") is converted
 * back. A model property with no Terraform counterpart (keySource, which an `encryption` block implies;
 * virtualMachineConfiguration, whose members are the pool's own attributes) is left as written.
 *
 * Only `azurerm_batch_*` resources are renamed: an `azapi_resource` body is the ARM body itself, so a finding in one
 * keeps the ARM names and only its literals are written as HCL.
 */
import { TERRAFORM_NAMES } from "../generated/terraform-names.js";
const ACCOUNT = "Microsoft.Batch/batchAccounts";
const POOL = "Microsoft.Batch/batchAccounts/pools";

/** One model property and the Terraform attribute or block that sets it. */
export interface TerraformName {
  /** The model path (dotted, from the resource body: `properties.publicNetworkAccess`). */
  readonly model: string;
  /** The Terraform path (dotted, from the resource block: `network_profile.account_access.default_action`). */
  readonly tf: string;
  /** A nested block (`identity { ... }`), not an attribute. */
  readonly block: boolean;
  /** Model value → Terraform value, for an attribute the provider converts (`Disabled` → false). */
  readonly values?: Readonly<Record<string, boolean | string>>;
  /** The provider turns the value into another shape (a map into a name/value list): no literal conversion. */
  readonly shaped?: boolean;
}

// --- HCL literals -----------------------------------------------------------------------------------------------

/** An HCL identifier (a bare attribute name or object key): letters, digits, `_` and `-`, not starting with a digit or `-`. */
export function isHclIdentifier(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) && s !== "true" && s !== "false" && s !== "null";
}

/** An HCL quoted string: `\\`, `\"`, `\n`, `\r`, `\t`, `\uXXXX` for other controls; `${` → `$${` and `%{` → `%%{` (no template). */
export function hclString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = ch.charCodeAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if ((ch === "$" || ch === "%") && s[i + 1] === "{") out += ch + ch;
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** An object key: bare when it is an identifier, else a quoted string. */
export function hclKey(k: string): string {
  return isHclIdentifier(k) ? k : hclString(k);
}

/** How `hclValue` lays out lists and objects: one line, or a line per element at `indent` plus `unit`. */
export interface HclLayout {
  readonly multiline: boolean;
  readonly indent: string;
  readonly unit: string;
  readonly newline: string;
}

const ONE_LINE: HclLayout = { multiline: false, indent: "", unit: "  ", newline: "\n" };

/** A value (JSON data) as an HCL literal; undefined for a number HCL cannot write (NaN, infinities). */
export function hclValue(v: unknown, layout: HclLayout = ONE_LINE): string | undefined {
  if (v === null) return "null";
  if (typeof v === "string") return hclString(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v !== "object") return undefined;
  const inner: HclLayout = { ...layout, indent: layout.indent + layout.unit };
  const parts: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = hclValue(item, inner);
      if (s === undefined) return undefined;
      parts.push(s);
    }
    if (!parts.length) return "[]";
    return layout.multiline ? `[${layout.newline}${parts.map((p) => `${inner.indent}${p},`).join(layout.newline)}${layout.newline}${layout.indent}]` : `[${parts.join(", ")}]`;
  }
  for (const [k, x] of Object.entries(v)) {
    const s = hclValue(x, inner);
    if (s === undefined) return undefined;
    parts.push(`${hclKey(k)} = ${s}`);
  }
  if (!parts.length) return "{}";
  return layout.multiline ? `{${layout.newline}${parts.map((p) => inner.indent + p).join(layout.newline)}${layout.newline}${layout.indent}}` : `{ ${parts.join(", ")} }`;
}

// --- Names from the mapping -------------------------------------------------------------------------------------

/** The model properties of an ARM resource type (any case) with a Terraform counterpart: [] for a type the mapping has no table for. */
export function terraformNames(resourceType: string): readonly TerraformName[] {
  const t = resourceType.toLowerCase();
  return Object.hasOwn(TERRAFORM_NAMES, t) ? TERRAFORM_NAMES[t]! : [];
}

/** The name a model path (exact, any case) has in Terraform, for fixes. */
export function terraformNameOf(resourceType: string, modelPath: string): TerraformName | undefined {
  const lower = modelPath.toLowerCase();
  return terraformNames(resourceType).find((n) => n.model.toLowerCase() === lower);
}

/**
 * A model value as the Terraform attribute takes it: converted by the row's note (`Disabled` → false), else as is;
 * undefined when the provider reshapes it (a map written as a name/value list) or the note has no such value.
 */
export function terraformValue(name: TerraformName, value: unknown): unknown {
  if (name.shaped) return undefined;
  if (name.values) return typeof value === "string" && Object.hasOwn(name.values, value) ? name.values[value] : undefined;
  return value;
}

// --- Rule text --------------------------------------------------------------------------------------------------

/** The Terraform resource type of a finding's pointer (`/resource/azurerm_batch_account/a/...`), if it names one. */
export function terraformTypeOf(pointer: string): string | undefined {
  return /^\/resource\/([^/]+)\//.exec(`${pointer}/`)?.[1];
}

/** The mapping's names for a finding, or none when the block is not an `azurerm_batch_*` resource (an azapi body keeps ARM names). */
function namesFor(resourceType: string | undefined, tfType: string | undefined): readonly TerraformName[] {
  if (tfType !== undefined && !tfType.startsWith("azurerm_batch_")) return [];
  if (resourceType) return terraformNames(resourceType);
  return [...terraformNames(ACCOUNT), ...terraformNames(POOL)];
}

/**
 * The Terraform name of a mention of a model property: a dotted path that ends a mapped model path (`encryption.
 * keyVaultProperties.keyIdentifier`, `keyIdentifier`). When several mapped paths end so and their Terraform names
 * differ, the mention is ambiguous and stays; `lastOnly` asks only the last segment (a key inside an object snippet).
 */
function resolve(names: readonly TerraformName[], mention: string, lastOnly = false): TerraformName | undefined {
  const segs = mention.split(".");
  const hits = names.filter((n) => {
    const ms = n.model.split(".");
    if (ms.length < segs.length) return false;
    const tail = ms.slice(ms.length - segs.length);
    return tail.every((s, i) => s === segs[i]);
  });
  if (!hits.length) return undefined;
  const exact = hits.find((n) => n.model === mention);
  if (exact) return exact;
  const key = (n: TerraformName) => (lastOnly ? n.tf.slice(n.tf.lastIndexOf(".") + 1) : n.tf);
  return hits.every((n) => key(n) === key(hits[0]!)) ? hits[0] : undefined;
}

/** A model value (JSON text or a bare word) as an HCL literal for a name; undefined when it is not one. */
function hclOf(name: TerraformName, code: string): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(code);
  } catch {
    if (!/^[A-Za-z_][\w.-]*$/.test(code)) return undefined;
    v = code;
  }
  if (!name.values && typeof v === "string" && code === v) return undefined; // a bare word, not converted: as written
  const t = terraformValue(name, v);
  return t === undefined ? undefined : hclValue(t);
}

/** `a.b.c = v` for a path through blocks: `a { b { c = v } }`. */
function assignment(tf: string, value: string): string {
  const segs = tf.split(".");
  const last = segs.pop()!;
  return segs.reduceRight((inner, s) => `${s} { ${inner} }`, `${last} = ${value}`);
}

const MENTION = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
/** After a mention in prose: a linking word and a quoted value (`is 'Disabled'`, `includes 'SharedKey'`, `'x'`). */
const QUOTED_AFTER = /^( (?:is|includes|contains|is not|=))? '([^'\n]*)'(?=$|[\s.,:;)!?])/;
/** After a mention with converted values: `is Enabled`. */
const WORD_AFTER = /^ is ([A-Za-z]+)\b/;

/** A JSON snippet (a code span) in HCL: strings as HCL strings, `"key":` as `key =` (renamed when it resolves). */
function snippetToHcl(names: readonly TerraformName[], code: string): string | undefined {
  const re = /\s+|"(?:[^"\\\n]|\\.)*"|\.\.\.|[{}[\]:,]|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?(?![.\d])/y;
  let out = "";
  let strings = 0;
  let pos = 0;
  while (pos < code.length) {
    re.lastIndex = pos;
    const m = re.exec(code);
    if (!m) return undefined;
    const tok = m[0];
    pos = re.lastIndex;
    const colonAfter = /^\s*:/.exec(code.slice(pos));
    if (colonAfter && /^[A-Za-z_]/.test(tok)) {
      // `logs: [...]`, a bare key as Bicep writes one.
      out += `${tok} =`;
      pos += colonAfter[0].length;
      continue;
    }
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
    const colon = /^\s*:/.exec(code.slice(pos));
    if (colon) {
      // A key in camelCase names a property (`defaultAction`); a plain word (`targets`, `id`) is left as written.
      const n = /^[a-z]+[A-Z]/.test(s) ? resolve(names, s, true) : undefined;
      const key = n ? n.tf.slice(n.tf.lastIndexOf(".") + 1) : s;
      out += `${hclKey(key)} =`;
      pos += colon[0].length;
    } else out += hclString(s);
  }
  return strings ? out : undefined;
}

/** One code span of rule text in Terraform terms. */
function codeSpan(names: readonly TerraformName[], code: string): string {
  if (/^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*$/.test(code)) return resolve(names, code)?.tf ?? code;
  // `"publicNetworkAccess": "Disabled"`: one property of the model, written as the attribute it maps to.
  const prop = /^"([A-Za-z_]\w*)"\s*:\s*(.+)$/.exec(code);
  const n = prop && resolve(names, prop[1]!);
  if (prop && n && !n.block) {
    const v = hclOf(n, prop[2]!.trim());
    if (v !== undefined) return `${n.tf} = ${v}`;
  }
  return snippetToHcl(names, code) ?? code;
}

/** Prose of rule text in Terraform terms: mentions of model properties renamed, a quoted value after one written as HCL. */
function prose(names: readonly TerraformName[], text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    // A quoted value not after a mention: as written (its property may have no counterpart).
    if (ch === "'" && (i === 0 || /[\s(]/.test(text[i - 1]!))) {
      const close = /^'[^'\n]*'(?=$|[\s.,:;)!?])/.exec(text.slice(i));
      if (close) {
        out += close[0];
        i += close[0].length;
        continue;
      }
    }
    MENTION.lastIndex = i;
    const m = /[A-Za-z_]/.test(ch) && (i === 0 || !/[\w$/@.{-]/.test(text[i - 1]!)) ? MENTION.exec(text) : null;
    if (!m) {
      out += ch;
      i++;
      continue;
    }
    const mention = m[0];
    i += mention.length;
    // A bare word is a property only when written in camelCase (`allowedAuthenticationModes`, not `identity`, not `Pool`).
    const n = mention.includes(".") || /^[a-z]+[A-Z]/.test(mention) ? resolve(names, mention) : undefined;
    if (!n || text[i] === "(" || /^[\w-]/.test(text.slice(i, i + 1))) {
      out += mention;
      continue;
    }
    out += n.tf;
    const rest = text.slice(i);
    const q = QUOTED_AFTER.exec(rest);
    if (q) {
      const t = terraformValue(n, q[2]!);
      const v = t === undefined ? undefined : hclValue(t);
      out += `${q[1] ?? ""} ${v ?? `'${q[2]}'`}`;
      i += q[0].length;
      continue;
    }
    const w = n.values && WORD_AFTER.exec(rest);
    if (w && Object.hasOwn(n.values!, w[1]!)) {
      out += ` is ${String(n.values![w[1]!])}`;
      i += w[0].length;
    }
  }
  return out;
}

/**
 * Rule text (a message, a remediation) for a finding in Terraform: model property names as the provider's attributes,
 * JSON snippets and quoted values after a property as HCL literals, `Set \`p\` to \`v\`` as `Set \`p = v\``; a
 * parenthesis about the apiVersion goes (the provider fixes the API version). `resourceType` is the ARM type the
 * rules see; `tfType` the Terraform block's type when known (an `azapi_resource` keeps the ARM names).
 */
export function terraformTerms(text: string, resourceType?: string, tfType?: string): string {
  const names = namesFor(resourceType, tfType);
  let t = text;
  if (names.length) {
    t = t.replace(/ \(apiVersion [^()]*\)/g, "");
    t = t.replace(/`([^`\n]+)` to `([^`\n]+)`/g, (whole, p: string, v: string) => {
      const n = /^[A-Za-z_][\w.]*$/.test(p) ? resolve(names, p) : undefined;
      const hcl = n && !n.block ? hclOf(n, v) : undefined;
      return n && hcl !== undefined ? `\`${assignment(n.tf, hcl)}\`` : whole;
    });
  }
  // Code spans and the prose between them.
  let out = "";
  let pos = 0;
  for (const m of t.matchAll(/`([^`\n]+)`/g)) {
    out += `${prose(names, t.slice(pos, m.index))}\`${codeSpan(names, m[1]!)}\``;
    pos = m.index + m[0].length;
  }
  return out + prose(names, t.slice(pos));
}
