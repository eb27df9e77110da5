/**
 * Bicep's file functions, which the compiler evaluates at build time and writes into the template as literals:
 * `loadTextContent(path, [encoding])`, `loadJsonContent(path, [jsonPath], [encoding])`, `loadYamlContent(path,
 * [pathFilter], [encoding])` and `loadFileAsBase64(path)`. The path is relative to the .bicep file that calls them.
 *
 * The file is read through the run's bounded reader (TemplateOptions.readBytes: a regular file inside the linted tree,
 * as a linked template or a module is), never more than the compiler's own size limit for the function. Whatever
 * cannot be read or understood exactly as the compiler would (a path outside the tree, an encoding other than UTF-8,
 * a JSONPath beyond `$.a.b[0]`, YAML that is not valid) is unknown, with a note saying why: an unknown value never
 * reports, and a valid file is never an error for it. YAML that is plain JSON is read as JSON, any other by js-yaml
 * (yaml.ts).
 */
import path from "node:path";
import { decode, InputError } from "../../parse/document.js";
import { isObject, isUnknown, Unknown, type Value } from "../../model/value.js";
import { type Budget, isTooComplex } from "../budget.js";
import { parseYaml } from "./yaml.js";

/** What the functions read with: the file's own path and the bounded reader (absent for text not read from a file). */
export interface ContentFiles {
  readonly absPath?: string;
  /** Reads at most `max` bytes of a file inside the linted tree (pipeline/read.ts); throws past them or outside. */
  readonly readBytes?: (absPath: string, max: number) => Buffer;
}

export const CONTENT_FUNCTION = /^(?:loadTextContent|loadJsonContent|loadYamlContent|loadFileAsBase64)$/i;

/**
 * The Bicep compiler's limits (Bicep documentation, "File functions"): a larger file fails its build, so it is
 * never the value of a valid file. Text limits are in characters, read as up to four UTF-8 bytes each.
 */
const TEXT_CHARS = 131_072;
const JSON_CHARS = 1_048_576;
const BASE64_BYTES = 96 * 1024;

export type ContentResult = { readonly value: Value } | { readonly unknown: string };

/**
 * The value of a file function called with `args` (evaluated), or why it is unknown. `parseJson` is the ARM json()
 * of the evaluator (charged to the budget; throws on text that is not JSON).
 */
export function loadContent(name: string, args: readonly Value[], files: ContentFiles | undefined, budget: Budget, parseJson: (text: string) => Value): ContentResult {
  const fn = name.toLowerCase();
  const rel = args[0];
  if (isUnknown(rel) || typeof rel !== "string") return { unknown: "its path is not a known string" };
  if (!files?.absPath || !files.readBytes) return { unknown: "the text was not read from a file, so there is no folder to read it from" };
  const encoding = fn === "loadtextcontent" ? args[1] : fn === "loadfileasbase64" ? undefined : args[2];
  if (encoding !== undefined && !(typeof encoding === "string" && /^utf-?8$/i.test(encoding))) return { unknown: "only UTF-8 content is read" };
  const limit = fn === "loadfileasbase64" ? BASE64_BYTES : fn === "loadtextcontent" ? TEXT_CHARS * 4 : JSON_CHARS * 4;
  const abs = path.resolve(path.dirname(files.absPath), rel);
  let bytes: Buffer;
  try {
    bytes = files.readBytes(abs, limit);
  } catch (e) {
    // The note names the path as written, never anything read from the target.
    const code = (e as { code?: unknown }).code;
    if (code === "outside-tree") return { unknown: `'${rel}' is outside the linted directory; not read` };
    // A system error says only its code: its message names the resolved absolute path.
    return { unknown: `'${rel}' could not be read (${e instanceof InputError ? e.message : typeof code === "string" ? code : "unreadable"})` };
  }
  budget.chars(bytes.length);
  if (fn === "loadfileasbase64") return { value: bytes.toString("base64") };
  let text: string;
  try {
    text = decode(bytes, rel);
  } catch (e) {
    return { unknown: `'${rel}' is not UTF-8 text (${(e as Error).message})` };
  }
  if (text.length > (fn === "loadtextcontent" ? TEXT_CHARS : JSON_CHARS)) return { unknown: `'${rel}' is larger than the Bicep compiler reads` };
  if (fn === "loadtextcontent") return { value: text };
  let value: Value;
  // YAML 1.2 is a superset of JSON: YAML written as JSON is read as JSON, as the compiler's reader reads both.
  if (fn === "loadyamlcontent" && !isStrictJson(text)) {
    const yaml = parseYaml(text, budget);
    if ("invalid" in yaml) return { unknown: `'${rel}' ${yaml.invalid}` };
    value = yaml.value;
  } else {
    try {
      value = parseJson(text);
    } catch (e) {
      // A budget error is the file's (too complex), not the content's.
      if (isTooComplex(e)) throw e;
      return { unknown: `'${rel}' is not valid JSON` };
    }
  }
  const filter = args[1];
  if (filter === undefined) return { value };
  if (typeof filter !== "string") return { unknown: "its path filter is not a known string" };
  return select(value, filter);
}

function isStrictJson(text: string): boolean {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ""));
    return true;
  } catch {
    return false;
  }
}

/** One segment of the JSONPath subset read: `.name`, `['name']` or `[0]`. */
const SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\])/;

/**
 * The value a simple JSONPath (`$`, `$.a.b`, `$.list[0]`, `$['a b']`, or one without its `$`: `a.b`) selects, as the compiler's JSONPath would:
 * member names exactly as written (JSONPath is case-sensitive). Wildcards, filters and slices are unknown.
 */
export function select(value: Value, filter: string): ContentResult {
  const f = filter.trim();
  // The compiler's JSONPath (Json.NET's SelectToken) also reads a path without its `$`: 'resources', 'a.b', '[0]'.
  let rest = f.startsWith("$") ? f.slice(1) : f.startsWith("[") ? f : `.${f}`;
  let cur: Value = value;
  while (rest) {
    const m = SEGMENT.exec(rest);
    if (!m) return { unknown: `the path filter '${filter}' is beyond the simple paths batchlint reads ($.a.b, $.a[0])` };
    rest = rest.slice(m[0].length);
    if (m[3] !== undefined) {
      const i = Number(m[3]);
      if (!Array.isArray(cur) || i >= cur.length) return { unknown: `the path filter '${filter}' selects nothing` };
      cur = cur[i]!;
      continue;
    }
    const key = m[1] ?? m[2]!.replace(/\\(.)/g, "$1");
    if (!isObject(cur) || !Object.hasOwn(cur, key)) return { unknown: `the path filter '${filter}' selects nothing` };
    cur = cur[key]!;
  }
  return { value: cur };
}

/** An unknown value for a file function, with its reason. */
export function unknownContent(name: string, why: string): Unknown {
  return new Unknown(`${name}(): ${why}`);
}
