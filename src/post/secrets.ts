/**
 * Redaction of secrets in everything batchlint prints: finding messages, related-location messages, resource
 * labels, fix descriptions, evaluation errors and notes. Rules are free to quote values ("publicNetworkAccess is
 * 'X'"); the engine replaces any secret in the resulting text with `<redacted>`, whichever rule wrote it.
 *
 * A secret is a string value (never an ARM expression, which is code, not data) that is
 *   - the value of a `secureString` / `secureObject` parameter: its defaultValue, the value given to it in a
 *     parameters file, by a nested deployment or with --param (matched by parameter name), every string inside it;
 *   - the value of a property whose name says it holds a secret (`password`, `accountKey`, `sasToken`,
 *     `sshPrivateKey`, `connectionString`, `...Key` ...) but not metadata about one (`keySource`, `secretUrl`,
 *     `keyVaultReference`, `publicKey`, `...Name`, `...Id`, `...Type`, `...Mode` ...), before and after evaluation;
 *   - an evaluated value computed from a secure parameter (`toLower(parameters('pw'))`, `concat(...)`).
 * Secrets of 8 characters or more are replaced wherever they occur (case-insensitively, also in JSON-escaped
 * form), those of 4-7 characters only as whole words, shorter ones only where quoted: a 5-character secretObject
 * member "value" does not turn "defaultValue" into "default<redacted>", nor a 1-character password every 'a'.
 * SAS signatures (`sig=`), `AccountKey=` / `SharedAccessKey=` / `Password=` in connection strings and bare storage
 * account keys (86 base64 characters and `==`) are replaced by pattern, whatever property holds them.
 */
import { slot } from "../context.js";
import type { DuplicateKey, ParsedDoc } from "../parse/document.js";
import type { Resource } from "../model/resource.js";
import type { Loc, PNode } from "../model/tree.js";
import { isUnknown, splitPointer, type Value } from "../model/value.js";
import { member } from "../input/recognise.js";
import { childNode } from "../model/literal.js";
import { TreeDoc } from "../parse/tree-doc.js";
import type { Node } from "jsonc-parser";

const SECRET_NAME = /password|passwd|secret|accountkey|sas(?:key|token)|sharedaccess|connectionstring|privatekey|credential|token$|key\d*$/i;
/** Names of settings about a secret rather than the secret itself. */
const NOT_SECRET_NAME =
  /(?:url|uri|id|ids|identifier|name|names|version|type|types|source|reference|references|enabled|mode|rotation|expiry|expiration|format|location|authentication|vault|publickey|publickeys|count|length|policy)$/i;
const SECURE_TYPE = /^secure(?:string|object)$/i;
/** Secrets this long are replaced wherever they occur, even inside a word (`concat('x', parameters('pw'))`). */
const MIN_ANYWHERE = 8;
/** Shorter ones of at least this length only as a whole word; shorter still, only where quoted. */
const MIN_WORD = 4;
/**
 * Secrets recognised by their form, wherever they are written (a command line, an environment setting, a URL):
 * a SAS signature (`sig=`), a connection string's key or signature, a bare storage account key (64 bytes in base64:
 * 86 characters and `==`). A value must look like key material (at least 20 characters of base64 with upper-case,
 * lower-case and digit or symbol) so placeholders (`sig=$SIG`, `AccountKey=<key>`, `AccountKey=xxxx...`) do not count.
 */
const EMBEDDED: readonly { readonly re: RegExp; readonly kind: EmbeddedSecretKind }[] = [
  { re: /(?<=^|[;\s'"`])(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{20,}={0,2})/gi, kind: "connection string" },
  { re: /(?<=^|[;\s'"`])SharedAccessSignature=[^;\s'"`<>]*?(?<=[?&=])sig=([A-Za-z0-9%+/=_-]{20,})/gi, kind: "connection string" },
  { re: /(?<=^|[?&\s'"`;,(])sig=([A-Za-z0-9%+/=_-]{20,})/gi, kind: "SAS token" },
  { re: /(?<![A-Za-z0-9+/])([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/g, kind: "storage account key" },
];
const MAY_HOLD_SECRET = /sig=|key=|signature=|==/i;
/** The Azurite / storage emulator account key: published in Microsoft's documentation, not a secret. */
const EMULATOR_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export type EmbeddedSecretKind = "SAS token" | "storage account key" | "connection string";

export interface EmbeddedSecret {
  readonly kind: EmbeddedSecretKind;
  /** The key material itself (the signature, the key), for finding where it is written. */
  readonly secret: string;
  /** Where the whole match (`sig=...`, `AccountKey=...`) starts in the text, and its length. */
  readonly index: number;
  readonly length: number;
}

/** True for text that looks like key material rather than a placeholder: mixed case and a digit or symbol. */
function keyLike(v: string): boolean {
  return /[a-z]/.test(v) && /[A-Z]/.test(v) && /[0-9%+/]/.test(v) && v !== EMULATOR_KEY;
}

/**
 * The SAS signatures, connection-string keys and storage account keys written in `text`, in order, without
 * overlaps (a connection string's key is not also reported as a bare key).
 */
export function findEmbeddedSecrets(text: string): EmbeddedSecret[] {
  // Every form has `sig=`, `key=`, `signature=` or a key's closing `==`: most texts are done with one scan.
  if (text.length < 20 || !MAY_HOLD_SECRET.test(text)) return [];
  const all: EmbeddedSecret[] = [];
  for (const { re, kind } of EMBEDDED) {
    // matchAll reads a copy of the expression: the module's own keeps no lastIndex between calls.
    for (const m of text.matchAll(re)) {
      const secret = m[1]!;
      if (keyLike(decodeURIComponentSafe(secret))) all.push({ kind, secret, index: m.index, length: m[0].length });
    }
  }
  all.sort((a, b) => a.index - b.index || b.length - a.length);
  const out: EmbeddedSecret[] = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (!last || s.index >= last.index + last.length) out.push(s);
  }
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Connection strings first: a `SharedAccessSignature=` value is masked whole, not its `sig=` and then the rest. */
const PATTERNS: [RegExp, string][] = [
  [/((?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd)=)[^;\s'"`<>]+/gi, "$1<redacted>"],
  [/((?:^|[?&\s'"`;,(])sig=)[^&\s'"`<>]+/gi, "$1<redacted>"],
  // A bare storage account key (64 bytes in base64), wherever it is quoted.
  [/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/g, "<redacted>"],
];
export const REDACTED = "<redacted>";

/** True for a property name that holds a secret (`adminPassword`, `accountKey`), false for `keySource`. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/** Property names repeat across the resources of an audit: each is classified once per run. */
const SECRET_NAMES = slot("secret property names", () => new Map<string, boolean>());

/** `isSecretName`, remembered in `names` (the run's, see SECRET_NAMES). */
function isSecretNameIn(names: Map<string, boolean>, name: string): boolean {
  let hit = names.get(name);
  if (hit === undefined) {
    hit = isSecretName(name);
    if (names.size > 10_000) names.clear();
    names.set(name, hit);
  }
  return hit;
}

export interface SecretSources {
  /** Every document of the lint run (template, parameters files, linked templates), by file. */
  readonly docs: ReadonlyMap<string, ParsedDoc>;
  /** The resources after evaluation. */
  readonly resources: readonly Resource[];
  /** --param values. */
  readonly cliParams?: ReadonlyMap<string, Value>;
  /**
   * The resources are the documents' own literal values (exports): walking the documents finds every secret, so
   * the evaluated trees are not walked again.
   */
  readonly literal?: boolean;
}

/**
 * Built lazily, once per document, on the first text that needs redacting (clean files pay nothing). The sources
 * are read then, so documents and resources added after construction count.
 */
export class Redactor {
  private built: Built | undefined;
  constructor(private readonly sources: SecretSources) {}

  redact(text: string): string {
    const b = (this.built ??= this.build());
    if (!b.anywhere && !b.quoted && !b.literal.length && text.indexOf("=") < 0) return text; // nothing to find: every pattern needs a '='
    let out = text;
    for (const [re, by] of PATTERNS) out = out.replace(re, by);
    // Longest first: the literal ones are the longest.
    for (const s of b.literal) if (out.includes(s)) out = out.split(s).join(REDACTED);
    try {
      if (b.anywhere) out = out.replace(b.anywhere, REDACTED);
      if (b.quoted) out = out.replace(b.quoted, `$1${REDACTED}$1`);
    } catch {
      // V8 compiles a regular expression on its first use and gives up ("Stack overflow") on some large ones:
      // the secrets are then replaced as plain text, exactly as written, and the text is redacted from the start.
      this.built = { literal: [...b.literal, ...(b.fallback ?? [])].sort(longestFirst) };
      return this.redact(text);
    }
    return out;
  }

  private build(): Built {
    const values = collectSecrets(this.sources);
    const long: string[] = [];
    const word: string[] = [];
    const short: string[] = [];
    const literal: string[] = [];
    for (const v of values) {
      for (const f of new Set([v, JSON.stringify(v).slice(1, -1)])) {
        (f.length > MAX_IN_PATTERN ? literal : f.length >= MIN_ANYWHERE ? long : f.length >= MIN_WORD ? word : short).push(f);
      }
    }
    // Longest first, so that a secret containing another is replaced whole.
    const alt = (list: string[]) => list.sort(longestFirst).map(escapeRe).join("|");
    const parts = [long.length ? alt(long) : "", word.length ? `(?<![\\p{L}\\p{N}])(?:${alt(word)})(?![\\p{L}\\p{N}])` : ""].filter(Boolean);
    return {
      anywhere: parts.length ? new RegExp(parts.join("|"), "giu") : undefined,
      quoted: short.length ? new RegExp(`(['"])(?:${alt(short)})\\1`, "giu") : undefined,
      literal: literal.sort(longestFirst),
      fallback: [...long, ...word, ...short],
    };
  }
}

interface Built {
  readonly anywhere?: RegExp;
  readonly quoted?: RegExp;
  /** Secrets too long for the patterns, replaced as written (case and all). */
  readonly literal: readonly string[];
  /** The secrets of the patterns, for when a pattern cannot be compiled. */
  readonly fallback?: readonly string[];
}

/**
 * Secrets longer than this are replaced as plain text rather than through a case-insensitive pattern: V8's
 * pattern compiler overflows its stack on a value of some thousands of characters (a secure parameter holding a
 * 20 KB expression did, and the file's run ended in an internal error).
 */
const MAX_IN_PATTERN = 256;

const longestFirst = (a: string, b: string) => b.length - a.length || (a < b ? -1 : 1);

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function isExpressionText(s: string): boolean {
  return s.startsWith("[") && s.endsWith("]") && !s.startsWith("[[");
}

/** The secret strings of one lint run (see the module comment). Iterative walks: any depth, linear time. */
export function collectSecrets(src: SecretSources): Set<string> {
  const out = new Set<string>();
  const add = (s: string) => {
    if (s !== "" && !isExpressionText(s)) out.add(s);
  };
  const secureNames = new Set<string>();
  /** `{ "value": ... }` entries by name (parameters-file values and nested-deployment parameters): their strings. */
  const passed: [string, () => void][] = [];
  let names: Map<string, boolean> | undefined;
  for (const doc of src.docs.values()) {
    names ??= doc.context.get(SECRET_NAMES);
    // A document read into a syntax tree is walked as such, without making its value (a template's lint otherwise
    // never needs it); the others through their value.
    if (doc instanceof TreeDoc) documentSecrets(doc.root, TREE_READER, names, add, secureNames, passed, src.literal === true);
    else documentSecrets(doc.value, valueReader(doc.duplicateKeys()), names, add, secureNames, passed, src.literal === true);
  }
  names ??= new Map();
  for (const [name, strings] of passed) if (secureNames.has(name)) strings();
  for (const [name, value] of src.cliParams ?? []) if (secureNames.has(name.toLowerCase()) || isSecretNameIn(names, name)) valueStrings(value, add);

  // Evaluated values: secret-named properties, and anything computed from a secure parameter.
  const secureOrigin = (l: Loc): boolean => {
    const segs = splitPointer(l.pointer);
    if (segs[0] === "cli") return secureNames.has((segs[1] ?? "").toLowerCase());
    for (let i = segs.length - 3; i >= 0; i--) {
      if (segs[i]!.toLowerCase() === "parameters" && /^(?:value|defaultvalue)$/i.test(segs[i + 2]!)) return secureNames.has(segs[i + 1]!.toLowerCase());
    }
    return false;
  };
  const seen = new Set<PNode>();
  // Literal resources (exports) are the documents' own values: the walk of the documents found their secrets.
  for (const r of src.literal === true ? [] : src.resources) {
    const root = r.root.node;
    if (!root || seen.has(root)) continue;
    // Two stacks in step (a node, and whether it is under a secret), not a pair allocated per node.
    const stack: PNode[] = [root];
    const secrets: boolean[] = [false];
    while (stack.length) {
      const n = stack.pop()!;
      const secret = secrets.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      // No secure parameter: no origin is one (most templates; splitting every origin's pointer cost more than the walk).
      const fromSecure = secret || (n.ev === true && secureNames.size > 0 && n.origins.some(secureOrigin));
      if (n.t === "val") {
        if (fromSecure && typeof n.value === "string") add(n.value);
      } else if (n.t === "arr") {
        for (const c of n.items) {
          stack.push(c);
          secrets.push(fromSecure);
        }
      } else if (n.t === "obj") {
        for (const e of n.props.values()) {
          stack.push(e.node);
          secrets.push(fromSecure || isSecretNameIn(names, e.key));
        }
      }
    }
  }
  return out;
}

/**
 * How the document walk of `collectSecrets` reads a document: through its value, or through its syntax tree. Both
 * give every member written, those ignored for a key written twice included (their values are in the text all the
 * same), and look a member up as `member` looks it up in the value (case-insensitively, the last spelling).
 */
interface DocReader<T> {
  /** The elements of an array (`element`) or the members of an object (`member`); nothing for anything else. */
  children(v: T, element: (x: T) => void, member: (name: string, x: T) => void): void;
  isObject(v: T): boolean;
  /** The string a value is, or undefined. */
  text(v: T): string | undefined;
  member(obj: T, key: string): T | undefined;
  /** Every string inside a value (not the keys). */
  strings(v: T, add: (s: string) => void): void;
}

/** A document's value, with the members it ignores (`ignored`: duplicate keys, by the object they are written in). */
function valueReader(duplicates: readonly DuplicateKey[]): DocReader<unknown> {
  let ignored: Map<object, DuplicateKey[]> | undefined;
  for (const d of duplicates) {
    const list = (ignored ??= new Map()).get(d.parent);
    if (list) list.push(d);
    else ignored.set(d.parent, [d]);
  }
  return {
    children(v, element, member) {
      if (v === null || typeof v !== "object") return;
      if (Array.isArray(v)) {
        for (const c of v) element(c);
        return;
      }
      const obj = v as Record<string, unknown>;
      for (const name in obj) member(name, obj[name]);
      const dups = ignored?.get(obj);
      if (dups) for (const d of dups) member(d.key, d.value);
    },
    isObject: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
    text: (v) => (typeof v === "string" ? v : undefined),
    member: (obj, key) => member(obj as Record<string, unknown>, key),
    strings: (v, add) => valuesStrings(v, ignored, add),
  };
}

/** A document's syntax tree: every member written is a node of it. */
const TREE_READER: DocReader<Node> = {
  children(v, element, member) {
    const children = v.children;
    if (children === undefined) return;
    if (v.type === "array") for (const c of children) element(c);
    else if (v.type === "object")
      for (const p of children) {
        const kv = p.children;
        if (kv?.length === 2) member(String(kv[0]!.value), kv[1]!);
      }
  },
  isObject: (v) => v.type === "object",
  text: (v) => (v.type === "string" ? (v.value as string) : undefined),
  member: childNode,
  strings: nodeStrings,
};

/**
 * The document walk of `collectSecrets`, through `reader`. `deep` (exports): every string under a secret-named
 * key, as the walk of literal resources would find; else only a string value, or the `value` and `defaultValue`
 * strings of an object (a parameter's declaration or value).
 */
function documentSecrets<T>(root: T, reader: DocReader<T>, names: Map<string, boolean>, add: (s: string) => void, secureNames: Set<string>, passed: [string, () => void][], deep: boolean): void {
  const stack: T[] = [root];
  const textOf = (x: T | undefined): string | undefined => (x === undefined ? undefined : reader.text(x));
  const element = (x: T): void => void stack.push(x);
  const visit = (name: string, v: T): void => {
    const isObj = reader.isObject(v);
    if (isSecretNameIn(names, name)) {
      if (reader.text(v) !== undefined || deep) reader.strings(v, add);
      else if (isObj) {
        for (const m of ["value", "defaultValue"]) {
          const x = textOf(reader.member(v, m));
          if (x !== undefined) add(x);
        }
      }
    }
    if (isObj) {
      const type = textOf(reader.member(v, "type"));
      if (type !== undefined && SECURE_TYPE.test(type)) {
        secureNames.add(name.toLowerCase());
        const def = reader.member(v, "defaultValue");
        if (def !== undefined) reader.strings(def, add);
      }
      const value = reader.member(v, "value");
      if (value !== undefined) passed.push([name.toLowerCase(), () => reader.strings(value, add)]);
    }
    stack.push(v);
  };
  while (stack.length) reader.children(stack.pop()!, element, visit);
}

/** Every string value inside a syntax node (not the keys), members written twice included. */
function nodeStrings(root: Node, add: (s: string) => void): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "string") add(n.value as string);
    else if (n.type === "array") for (const c of n.children ?? []) stack.push(c);
    else if (n.type === "object")
      for (const p of n.children ?? []) {
        const v = p.children?.[1];
        if (v !== undefined && p.children!.length === 2) stack.push(v);
      }
  }
}

/** Every string inside a value, those of members ignored for a key written twice (`ignored`) included. */
function valuesStrings(v: unknown, ignored: Map<object, DuplicateKey[]> | undefined, add: (s: string) => void): void {
  const stack: unknown[] = [v];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === "string") add(x);
    else if (Array.isArray(x)) for (const c of x) stack.push(c);
    else if (x !== null && typeof x === "object") {
      for (const k in x) stack.push((x as Record<string, unknown>)[k]);
      const dups = ignored?.get(x);
      if (dups) for (const d of dups) stack.push(d.value);
    }
  }
}

function valueStrings(v: Value, add: (s: string) => void): void {
  const stack: Value[] = [v];
  while (stack.length) {
    const x = stack.pop()!;
    if (typeof x === "string") add(x);
    else if (Array.isArray(x)) for (const c of x) stack.push(c);
    else if (x && typeof x === "object" && !isUnknown(x) && !("kind" in x && x.kind === "lambda")) for (const c of Object.values(x as Record<string, Value>)) stack.push(c);
  }
}
