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
import { type Layout, literalValue, quotedString, rewriteCodeSpans, rewriteSnippet, type StringSyntax, type ValueSyntax } from "./syntax-literal.js";
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

const HCL_STRING: StringSyntax = { quote: '"', openers: { $: "$$", "%": "%%" }, unicode: (c) => `\\u${c.toString(16).toUpperCase().padStart(4, "0")}` };

/** An HCL quoted string: `\\`, `\"`, `\n`, `\r`, `\t`, `\uXXXX` for other controls; `${` → `$${` and `%{` → `%%{` (no template). */
export function hclString(s: string): string {
  return quotedString(s, HCL_STRING);
}

/** An object key: bare when it is an identifier, else a quoted string. */
export function hclKey(k: string): string {
  return isHclIdentifier(k) ? k : hclString(k);
}

/** How `hclValue` lays out lists and objects: one line, or a line per element at `indent` plus `unit`. */
export type HclLayout = Layout;

const ONE_LINE: HclLayout = { multiline: false, indent: "", unit: "  ", newline: "\n" };

const HCL_VALUE: ValueSyntax = {
  string: hclString,
  number: (n) => (Number.isFinite(n) ? String(n) : undefined),
  member: (k, v) => `${hclKey(k)} = ${v}`,
  itemEnd: ",",
};

/** A value (JSON data) as an HCL literal; undefined for a number HCL cannot write (NaN, infinities). */
export function hclValue(v: unknown, layout: HclLayout = ONE_LINE): string | undefined {
  return literalValue(v, layout, HCL_VALUE);
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

/**
 * Rule text names a few model objects the provider flattens into one attribute: the attribute that decides what the
 * text says of the object (`publicIPAddressConfiguration is not set` is `public_address_provisioning_type is not
 * set`). For rule text only: a fix writes through the mapping's own names.
 */
const TEXT_ONLY: Readonly<Record<string, readonly TerraformName[]>> = {
  [POOL.toLowerCase()]: [{ model: "properties.networkConfiguration.publicIPAddressConfiguration", tf: "network_configuration.public_address_provisioning_type", block: false }],
};

function withTextOnly(resourceType: string): readonly TerraformName[] {
  const names = terraformNames(resourceType);
  const extra = TEXT_ONLY[resourceType.toLowerCase()];
  return extra && names.length ? [...names, ...extra] : names;
}

/**
 * The attribute a pointer in a .tf file names, as Terraform writes it from its resource block:
 * `/resource/azurerm_batch_account/a/network_profile/0/account_access/0/default_action` is
 * `network_profile[0].account_access[0].default_action`; undefined for a pointer that names no resource's attribute.
 */
export function terraformPathOf(pointer: string): string | undefined {
  const segs = pointer
    .split("/")
    .slice(1)
    .map((x) => x.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (segs[0] !== "resource" || segs.length < 4) return undefined;
  let out = "";
  for (const x of segs.slice(3)) out += /^\d+$/.test(x) ? `[${x}]` : isHclIdentifier(x) ? (out ? `.${x}` : x) : `[${hclString(x)}]`;
  return out;
}

/** The mapping's names for a finding, or none when the block is not an `azurerm_batch_*` resource (an azapi body keeps ARM names). */
function namesFor(resourceType: string | undefined, tfType: string | undefined): readonly TerraformName[] {
  if (tfType !== undefined && !tfType.startsWith("azurerm_batch_")) return [];
  if (resourceType) return withTextOnly(resourceType);
  return [...withTextOnly(ACCOUNT), ...withTextOnly(POOL)];
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
  const last = (n: TerraformName) => n.tf.slice(n.tf.lastIndexOf(".") + 1);
  const key = (n: TerraformName) => (lastOnly ? last(n) : n.tf);
  if (hits.every((n) => key(n) === key(hits[0]!))) return hits[0];
  // `defaultAction`, `ipRules` (of either access block): one word, named by the attribute's own name.
  if (segs.length === 1 && hits.every((n) => last(n) === last(hits[0]!) && n.block === hits[0]!.block)) return { ...hits[0]!, tf: last(hits[0]!) };
  return undefined;
}

/**
 * A mention with element indices (`mountConfiguration[0].cifsMountConfiguration.password`, a field of a list of
 * blocks), or partly in Terraform already: its Terraform path with each index after the block it selects
 * (`mount[0].cifs_mount.password`); undefined when it names no mapped property.
 */
function resolveIndexed(names: readonly TerraformName[], mention: string): string | undefined {
  const segs = mention.split(".");
  const bare = segs.map((x) => x.replace(/(\[\d+\])+$/, ""));
  if (names.some((n) => n.tf === bare.join("."))) return undefined; // Terraform already
  // The longest tail naming a mapped property, after a head written in Terraform already.
  for (let k = 0; k < bare.length; k++) {
    const n = resolve(names, bare.slice(k).join("."));
    if (!n) continue;
    const tf = n.tf.split(".");
    if (k > 0 && bare.slice(0, k).some((x, i) => tf[i] !== x)) continue;
    const indexOf = new Map<number, string>(); // Terraform segment → indices after it
    segs.forEach((x, i) => {
      const idx = /(\[\d+\])+$/.exec(x)?.[0];
      if (!idx) return;
      if (i < k) indexOf.set(i, idx);
      else {
        const at = resolve(names, bare.slice(k, i + 1).join("."));
        const p = at?.tf.split(".");
        if (p?.every((y, j) => tf[j] === y)) indexOf.set(p.length - 1, idx);
      }
    });
    return tf.map((x, i) => x + (indexOf.get(i) ?? "")).join(".");
  }
  return undefined;
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
  // A bare word not converted: an enum value (`UserSubscription`) as a string, else as written.
  if (!name.values && typeof v === "string" && code === v && !/^[A-Z][A-Za-z]+$/.test(code)) return undefined;
  const t = terraformValue(name, v);
  return t === undefined ? undefined : hclValue(t);
}

/** `a.b.c = v` for a path through blocks: `a { b { c = v } }`. */
function assignment(tf: string, value: string): string {
  const segs = tf.split(".");
  const last = segs.pop()!;
  return segs.reduceRight((inner, s) => `${s} { ${inner} }`, `${last} = ${value}`);
}

const MENTION = /[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])*(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])*)*/y;
/** After a mention in prose: a linking word and a quoted value (`is 'Disabled'`, `includes 'SharedKey'`, `'x'`). */
const QUOTED_AFTER = /^( (?:is|includes|contains|is not|=))? '([^'\n]*)'(?=$|[\s.,:;)!?])/;
/** After a mention with converted values: `is Enabled`, `to Disabled`. */
const WORD_AFTER = /^ (is|to) ([A-Za-z]+)\b/;

/** The tokens a JSON snippet of rule text is made of: strings, punctuation, words, numbers, `...`, blanks. */
const SNIPPET_TOKEN = /\s+|"(?:[^"\\\n]|\\.)*"|\.\.\.|[{}[\]:,]|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?(?![.\d])/;

/** A JSON snippet (a code span) in HCL: strings as HCL strings, `"key":` as `key =` (renamed when it resolves). */
function snippetToHcl(names: readonly TerraformName[], code: string): string | undefined {
  return rewriteSnippet(code, SNIPPET_TOKEN, {
    string: hclString,
    key: (k, quoted) => {
      // `logs: [...]`, a bare key as Bicep writes one, stays; a quoted key in camelCase names a property
      // (`defaultAction`); a plain word (`targets`, `id`) is left as written.
      const n = quoted && /^[a-z]+[A-Z]/.test(k) ? resolve(names, k, true) : undefined;
      const key = n ? n.tf.slice(n.tf.lastIndexOf(".") + 1) : k;
      return `${quoted ? hclKey(key) : key} =`;
    },
  });
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
    // A quoted value not after a mention (its property may have no counterpart): an HCL string.
    if (ch === "'" && (i === 0 || /[\s(]/.test(text[i - 1]!))) {
      const close = /^'([^'\n]*)'(?=$|[\s.,:;)!?])/.exec(text.slice(i));
      if (close) {
        out += hclString(close[1]!);
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
    if (mention.includes("[")) {
      out += (text[i] !== "(" && resolveIndexed(names, mention)) || mention;
      continue;
    }
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
    if (w && Object.hasOwn(n.values!, w[2]!)) {
      out += ` ${w[1]} ${String(n.values![w[2]!])}`;
      i += w[0].length;
    }
  }
  return out;
}

/** A wording of rule text and its Terraform form: text the renaming cannot give (blocks where ARM writes an object, a member the provider derives). */
type Phrase = readonly [RegExp, string | ((...m: string[]) => string)];

/** For an `azurerm_batch_*` resource. */
const AZURERM_PHRASES: readonly Phrase[] = [
  [
    /set `properties\.networkProfile\.(accountAccess|nodeManagementAccess)` to `\{ "defaultAction": "Deny", "ipRules": \[ \.\.\. \] \}`/gi,
    (m, block) => `${m[0]}et \`${block === "accountAccess" ? "account_access" : "node_management_access"} { default_action = "Deny" }\` in \`network_profile\`, with \`ip_rule\` blocks`,
  ],
  [/`properties\.encryption` to `\{ "keySource": "Microsoft\.KeyVault", "keyVaultProperties": \{ "keyIdentifier": ("[^"`]*") \} \}`/g, (_m, url) => `\`encryption { key_vault_key_id = ${url} }\``],
  [
    /Add `"diskEncryptionConfiguration": \{ "targets": \["OsDisk", "TemporaryDisk"\] \}` to `virtualMachineConfiguration`/g,
    'Add `disk_encryption { disk_encryption_target = "OsDisk" }` and `disk_encryption { disk_encryption_target = "TemporaryDisk" }` to the pool',
  ],
  [/`properties\.keyVaultReference` to `\{ "id": ("[^"`]*"), "url": ("[^"`]*") \}`/g, (_m, id, url) => `\`key_vault_reference\` with \`id = ${id}\` and \`url = ${url}\``],
  // identity_ids is a list of ids, not a map.
  [/,? \(?each mapped to `\{\}`\)?/g, ""],
  // keySource is implied by the encryption block, which needs its key.
  [/\bencryption\.keySource is 'Microsoft\.KeyVault'/g, "encryption.key_vault_key_id is set"],
  [/\bthe account identity is '([^'\n]*)'/g, (_m, t) => `identity.type is ${hclString(t!)}`],
  [/\bthe account identity is not set\b/g, "identity is not set"],
  [/\bthe service default is Enabled\b/g, "the default is true"],
  [/\bsets a literal value to Disabled\b/g, "sets a literal value to false"],
  [/Use a managed identity \(`identityReference`\)/g, "Use a managed identity (`user_assigned_identity_id`, `identity_id` for a blobfuse mount)"],
];

/** For any Terraform file: the azapi provider's spellings too. */
const TERRAFORM_PHRASES: readonly Phrase[] = [
  [/`identity\.type: UserAssigned`/g, '`identity { type = "UserAssigned" }`'],
  // BATCH021: a Terraform module deploys diagnostic settings as azurerm_monitor_diagnostic_setting resources.
  [
    /Add a `Microsoft\.Insights\/diagnosticSettings` resource with `"scope"` set to the account \(or the child form `<account>\/Microsoft\.Insights\/<name>`\) and `logs: \[\{ "categoryGroup": "allLogs", "enabled": true \}\]`/g,
    'Add an `azurerm_monitor_diagnostic_setting` whose `target_resource_id` is the account\'s id (`azurerm_batch_account.this.id`), with an `enabled_log` block `category_group = "allLogs"`',
  ],
  [/\b(deployed by|settings? in) this template\b/g, "$1 this configuration"],
  [
    /pass the value from a `secureString` parameter backed by a Key Vault reference, and never give a secret as a plain `string` parameter's default/g,
    "read it from Key Vault (the `azurerm_key_vault_secret` data source) or pass it in a `sensitive` variable, and never give a secret as a variable's default",
  ],
];

/** For an `azapi_resource`: its API version is written in `type`, after an `@`. */
const AZAPI_PHRASES: readonly Phrase[] = [
  [/^apiVersion (\S+) is older than/, "The API version in `type` (@$1) is older than"],
  [/Use `apiVersion` (\S+) or later/g, "Use `@$1` or a later API version in `type`"],
  [/\(apiVersion (\S+) or later/g, "(API version $1 or later in `type`"],
  [/the resource's `apiVersion`/g, "the API version in the resource's `type`"],
  [/is not supported by apiVersion (\S+);/g, "is not supported by API version $1 (in `type`);"],
];

function rephrase(text: string, phrases: readonly Phrase[]): string {
  let t = text;
  for (const [re, to] of phrases) t = typeof to === "string" ? t.replace(re, to) : t.replace(re, to as (...m: string[]) => string);
  return t;
}

/**
 * Rule text (a message, a remediation) for a finding in Terraform: model property names as the provider's attributes,
 * JSON snippets and quoted values after a property as HCL literals, `Set \`p\` to \`v\`` as `Set \`p = v\``; a
 * parenthesis about the apiVersion goes (the provider fixes the API version). `resourceType` is the ARM type the
 * rules see; `tfType` the Terraform block's type when known (an `azapi_resource` keeps the ARM names).
 */
export function terraformTerms(text: string, resourceType?: string, tfType?: string): string {
  const names = namesFor(resourceType, tfType);
  let t = rephrase(text, TERRAFORM_PHRASES);
  if (tfType === "azapi_resource") t = rephrase(t, AZAPI_PHRASES);
  if (names.length) {
    t = rephrase(t, AZURERM_PHRASES);
    t = t.replace(/ \(apiVersion [^()]*\)/g, "");
    t = t.replace(/`([^`\n]+)` to `([^`\n]+)`/g, (whole, p: string, v: string) => {
      const n = /^[A-Za-z_][\w.]*$/.test(p) ? resolve(names, p) : undefined;
      const hcl = n && !n.block ? hclOf(n, v) : undefined;
      return n && hcl !== undefined ? `\`${assignment(n.tf, hcl)}\`` : whole;
    });
  }
  return rewriteCodeSpans(
    t,
    (code) => codeSpan(names, code),
    (between) => prose(names, between),
  );
}
