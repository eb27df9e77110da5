/**
 * A Terraform module as terraform reads it: every `*.tf` file of one directory (not `.tf.json`), its `variable`,
 * `locals`, `resource`, `data` and `module` blocks gathered across the files. Each file is a TerraformDoc; a file
 * that cannot be parsed is a located LoadError of that file and the module is read without it (the other files'
 * results stand). Override files (`override.tf`, `*_override.tf`) are merged into the others by terraform: that is
 * not done here; they are noted and not read.
 */
import fs from "node:fs";
import path from "node:path";
import { type RunContext, slot } from "../../context.js";
import { escapePointerToken } from "../../model/value.js";
import { InputError } from "../../parse/document.js";
import type { LoadError, LoadNote } from "../language.js";
import type { Attribute, Block, Expr } from "./ast.js";
import { TerraformDoc } from "./doc.js";
import { parseTerraformDoc } from "./read.js";

export interface TfVariable {
  readonly name: string;
  readonly doc: TerraformDoc;
  readonly block: Block;
  readonly default?: Attribute;
  readonly type?: Expr;
  readonly sensitive: boolean;
}

export interface TfResource {
  /** "resource" or "data". */
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  readonly doc: TerraformDoc;
  readonly block: Block;
  /** `/resource/<type>/<name>`. */
  readonly ptr: string;
}

export interface TfModuleCall {
  readonly name: string;
  readonly doc: TerraformDoc;
  readonly block: Block;
  readonly ptr: string;
}

export interface TfModule {
  /** The module's directory (absolute); undefined for text not read from a file. */
  readonly dir: string | undefined;
  readonly docs: readonly TerraformDoc[];
  readonly variables: ReadonlyMap<string, TfVariable>;
  readonly locals: ReadonlyMap<string, { readonly doc: TerraformDoc; readonly attr: Attribute }>;
  readonly resources: readonly TfResource[];
  /** Resources by type, then name (references `type.name`). */
  readonly byType: ReadonlyMap<string, ReadonlyMap<string, TfResource>>;
  readonly calls: readonly TfModuleCall[];
}

/** The attribute `name` of a body, if written. */
export function attrOf(block: Block, name: string): Attribute | undefined {
  for (const i of block.body.items) if (i.kind === "attr" && i.name === name) return i;
  return undefined;
}

/** Gathers the blocks of a module's files (each file's places of variables, locals and resources marked). */
export function moduleOf(dir: string | undefined, docs: readonly TerraformDoc[]): TfModule {
  const variables = new Map<string, TfVariable>();
  const locals = new Map<string, { doc: TerraformDoc; attr: Attribute }>();
  const resources: TfResource[] = [];
  const byType = new Map<string, Map<string, TfResource>>();
  const calls: TfModuleCall[] = [];
  for (const doc of docs) {
    for (const item of doc.parsed.body.items) {
      if (item.kind !== "block") continue;
      const [l0, l1] = item.labels;
      if (item.type === "variable" && l0) {
        const def = attrOf(item, "default");
        const ptr = `/variable/${escapePointerToken(l0.v)}`;
        doc.mark(ptr, item, l0, true);
        if (def) doc.mark(`${ptr}/default`, def.value, def.nameSpan);
        const sens = attrOf(item, "sensitive")?.value;
        variables.set(l0.v, { name: l0.v, doc, block: item, default: def, type: attrOf(item, "type")?.value, sensitive: sens?.k === "bool" && sens.v });
      } else if (item.type === "locals") {
        for (const a of item.body.items) {
          if (a.kind !== "attr") continue;
          doc.mark(`/locals/${escapePointerToken(a.name)}`, a.value, a.nameSpan);
          locals.set(a.name, { doc, attr: a });
        }
      } else if ((item.type === "resource" || item.type === "data") && l0 && l1) {
        const ptr = `/${item.type}/${escapePointerToken(l0.v)}/${escapePointerToken(l1.v)}`;
        doc.mark(ptr, item, l1, true);
        const r: TfResource = { mode: item.type, type: l0.v, name: l1.v, doc, block: item, ptr };
        resources.push(r);
        if (item.type === "resource") {
          let m = byType.get(l0.v);
          if (!m) byType.set(l0.v, (m = new Map()));
          m.set(l1.v, r);
        }
      } else if (item.type === "module" && l0) {
        const ptr = `/module/${escapePointerToken(l0.v)}`;
        doc.mark(ptr, item, l0, true);
        calls.push({ name: l0.v, doc, block: item, ptr });
      }
    }
  }
  return { dir, docs, variables, locals, resources, byType, calls };
}

/** The files of a module directory worth reading: `*.tf`, in lexical order (terraform's), override files apart. */
export function moduleFileNames(names: readonly string[]): { files: string[]; overrides: string[] } {
  const tf = names.filter((n) => /\.tf$/i.test(n)).sort();
  const override = (n: string) => /^override\.tf$|_override\.tf$/i.test(n);
  return { files: tf.filter((n) => !override(n)), overrides: tf.filter(override) };
}

/** Parsed files of the run, by absolute path and shown name, with the text they were parsed from. */
const PARSED = slot("parsed Terraform files", () => new Map<string, { text: string; doc: TerraformDoc }>());

export interface ReadHost {
  readonly readFile?: (absPath: string) => string;
  readonly display?: (absPath: string) => string;
  readonly context: RunContext;
  readonly notes: LoadNote[];
  readonly errors: LoadError[];
  /** Charged with the characters read. */
  chars(n: number): void;
  /** A file that does not parse, its text kept so that its error is placed at its line and column. */
  unparsed(doc: TerraformDoc): void;
}

/** Syntax errors of files read beside the linted one, reported once in a run (every file of the module reads them). */
const REPORTED = slot("Terraform syntax errors reported", () => new Set<string>());

/** Why a directory or file is not read, or undefined when it was. */
export type ReadFailure = string;

/** The directory's names, or why it cannot be listed. */
export function listDir(dir: string): string[] | ReadFailure {
  try {
    return fs.readdirSync(dir);
  } catch (e) {
    return `the directory could not be read (${(e as { code?: string }).code ?? "unreadable"})`;
  }
}

/**
 * A file of a module (not the linted one), parsed once per run: its syntax error is a LoadError located in it
 * (undefined returned); a file the reader refuses (outside the linted tree, too large) is a ReadFailure.
 */
export function readTfFile(host: ReadHost, abs: string): TerraformDoc | undefined | ReadFailure {
  if (!host.readFile) return "files are not read for text not read from a file";
  const shown = host.display ? host.display(abs) : abs;
  let text: string;
  try {
    text = host.readFile(abs);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === "outside-tree") return "it is outside the linted directory and is not read";
    return `it could not be read (${e instanceof InputError ? e.message : typeof code === "string" ? code : "unreadable"})`;
  }
  host.chars(text.length);
  const cache = host.context.get(PARSED);
  const key = `${abs}\u0000${shown}`;
  const hit = cache.get(key);
  if (hit && hit.text === text) return hit.doc;
  try {
    const doc = parseTerraformDoc(text, shown, host.context, /\.tfvars$/i.test(abs) ? "tfvars" : "terraform");
    if (cache.size > 2000) cache.clear();
    cache.set(key, { text, doc });
    return doc;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const reported = host.context.get(REPORTED);
    const k = `${abs}\u0000${shown}\u0000${e.message}\u0000${text.length}`;
    if (reported.has(k)) return undefined;
    reported.add(k);
    const body = { items: [], o: 0, e: text.length };
    host.unparsed(new TerraformDoc(shown, text, host.context, /\.tfvars$/i.test(abs) ? "tfvars" : "terraform", { body, comments: [] }));
    host.errors.push({ file: shown, offset: offsetOf(text, e.line, e.column), message: e.message });
    return undefined;
  }
}

/** The offset of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let o = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", o);
    if (nl < 0) break;
    o = nl + 1;
  }
  return Math.min(text.length, o + column - 1);
}

/**
 * The `*.tf` documents of a directory: `own` (the linted document, in place of its file) and the others, read and
 * parsed; why not when the directory cannot be read at all (a module outside the linted tree).
 */
export function readModuleDir(host: ReadHost, dir: string, own?: { abs: string; doc: TerraformDoc }): TerraformDoc[] | ReadFailure {
  // Every file of a directory lints with the same module: it is read once in a run, the linted file's own document
  // in place of the one read from disk.
  const cache = host.context.get(DIRS);
  const key = `${dir}\u0000${host.display ? host.display(dir) : dir}`;
  let docs = cache.get(key);
  if (docs === undefined) {
    docs = readDir(host, dir);
    if (cache.size > 1000) cache.clear();
    cache.set(key, docs);
  }
  if (typeof docs === "string" || !own) return docs;
  return docs.map((d) => (d.file === own.doc.file ? own.doc : d));
}

/** The module directories read in a run, by path and shown name. */
const DIRS = slot("Terraform module directories", () => new Map<string, TerraformDoc[] | ReadFailure>());

function readDir(host: ReadHost, dir: string): TerraformDoc[] | ReadFailure {
  const names = listDir(dir);
  if (typeof names === "string") return names;
  const { files, overrides } = moduleFileNames(names);
  for (const o of overrides)
    host.notes.push({ file: host.display ? host.display(path.join(dir, o)) : o, kind: "info", message: "an override file is merged into the module by terraform, which is not done here: it is not read" });
  const docs: TerraformDoc[] = [];
  let refused: ReadFailure | undefined;
  for (const name of files) {
    const r = readTfFile(host, path.join(dir, name));
    if (typeof r === "string") refused ??= r;
    else if (r) docs.push(r);
  }
  if (docs.length === 0 && refused) return refused;
  if (refused) host.notes.push({ file: host.display ? host.display(dir) : dir, kind: "info", message: `a file of the module is not read: ${refused}` });
  return docs;
}
