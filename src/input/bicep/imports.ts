/**
 * Bicep's compile-time imports: `import {a, b as c} from './x.bicep'` and `import * as ns from './x.bicep'` (then
 * `ns.a`, `ns.f(...)`) of the variables and functions a file marks `@export()`. The compiler copies what is imported
 * into the template; here the imported file is read (once per load, through the bounded reader the modules use) and
 * its variables and functions are evaluated in a scope of its own (its own variables, functions and imports), so a
 * value's origin is the declaration in the file that exports it.
 *
 * What the compiler would refuse or what is not read here is unknown, with a note and never an error: a registry
 * import from `br:` or `ts:`, an ARM JSON template, a file that is missing, outside the linted tree or not valid Bicep,
 * an import cycle, a name the file does not `@export()`.
 */
import path from "node:path";
import type { RunContext } from "../../context.js";
import type { Loc } from "../../model/tree.js";
import { Unknown, type Value } from "../../model/value.js";
import { InputError } from "../../parse/document.js";
import { addReads, EvalError, type DeploymentContext } from "../arm/scope.js";
import type { Budget } from "../budget.js";
import type { Decl, Expr } from "./ast.js";
import type { BicepDoc } from "./doc.js";
import { BicepSyntaxError, Lexer, type Tok } from "./lexer.js";
import { parseBicepDoc } from "./read.js";
import type { BicepScope } from "./scope.js";

/** One `import ... from '<path>'` statement (its span names it in notes). */
export interface ImportRef {
  readonly path: string;
  readonly o: number;
  readonly e: number;
}

/**
 * A name an import declares: `name` of the file `ref` names (`import {name as local}`), or, without `name`, the
 * namespace of a wildcard import. Without `ref` the import is not of a file (an extension): its names are unknown.
 */
export interface ImportSym {
  readonly kind: "imported";
  readonly ref?: ImportRef;
  readonly name?: string;
}

type Other = Extract<Decl, { kind: "other" }>;

/** The names an import statement declares, by local name. */
export function importSymbols(doc: BicepDoc, d: Other): [string, ImportSym][] {
  const parsed = parseImport(doc.text, d.o, d.e);
  if (!parsed) return (d.names ?? []).map((n) => [n, { kind: "imported" }]);
  const ref: ImportRef = { path: parsed.path, o: d.o, e: d.e };
  if (parsed.wildcard !== undefined) return [[parsed.wildcard, { kind: "imported", ref }]];
  return parsed.names.map(({ name, alias }) => [alias, { kind: "imported", ref, name }]);
}

interface ParsedImport {
  readonly path: string;
  readonly wildcard?: string;
  readonly names: readonly { readonly name: string; readonly alias: string }[];
}

/** `import {a, b as c} from 'p'` or `import * as ns from 'p'` (the parser kept only the statement's span). */
function parseImport(text: string, o: number, e: number): ParsedImport | undefined {
  let toks: Tok[];
  try {
    toks = new Lexer(text, o, e).all().filter((t) => t.k !== "nl" && t.k !== "eof");
  } catch (err) {
    if (err instanceof BicepSyntaxError) return undefined;
    throw err;
  }
  let i = 1; // after `import`
  const is = (k: Tok["k"], v?: string) => toks[i]?.k === k && (v === undefined || toks[i]?.v === v);
  const names: { name: string; alias: string }[] = [];
  let wildcard: string | undefined;
  if (is("op", "*")) {
    i++;
    if (!is("id", "as")) return undefined;
    i++;
    if (!is("id")) return undefined;
    wildcard = toks[i++]!.v;
  } else if (is("op", "{")) {
    i++;
    while (!is("op", "}")) {
      const t = toks[i++];
      if (!t || (t.k !== "id" && t.k !== "str") || t.holes?.length) return undefined;
      let alias = t.v;
      if (is("id", "as")) {
        i++;
        if (!is("id")) return undefined;
        alias = toks[i++]!.v;
      } else if (t.k !== "id") return undefined;
      names.push({ name: t.v, alias });
      if (is("op", ",")) i++;
    }
    i++;
  } else return undefined;
  if (!is("id", "from")) return undefined;
  const p = toks[i + 1];
  if (p?.k !== "str" || p.holes?.length || i + 2 !== toks.length) return undefined;
  return { path: p.v, wildcard, names };
}

/** What a file exports (`@export()`, or `@sys.export()`), by name. */
function exportsOf(doc: BicepDoc): Map<string, "var" | "func" | "type"> {
  const out = new Map<string, "var" | "func" | "type">();
  const decls = doc.parsed.decls;
  for (const [i, d] of decls.entries()) {
    const kind = d.kind === "var" || d.kind === "func" ? d.kind : d.kind === "other" && d.keyword === "type" ? "type" : undefined;
    if (!kind) continue;
    // A variable keeps its decorators; a function's and a type's are read from the text before the keyword.
    const exported = d.kind === "var" ? d.decorators.some((x) => x.k === "call" && x.name === "export" && (x.ns === undefined || x.ns === "sys")) : exportDecorated(doc.text, i > 0 ? decls[i - 1]!.e : 0, d.o);
    if (!exported) continue;
    const name = d.kind === "var" || d.kind === "func" ? d.name : lex(doc.text, d.o, d.e)[1]?.v;
    if (name) out.set(name, kind);
  }
  return out;
}

function exportDecorated(text: string, from: number, to: number): boolean {
  const t = lex(text, from, to).filter((x) => x.k !== "nl");
  for (let i = 0; i < t.length; i++) {
    if (t[i]!.v !== "@") continue;
    const j = t[i + 1]?.v === "sys" && t[i + 2]?.v === "." ? i + 3 : i + 1;
    if (t[j]?.k === "id" && t[j]!.v === "export" && t[j + 1]?.v === "(") return true;
  }
  return false;
}

function lex(text: string, from: number, to: number): Tok[] {
  try {
    return new Lexer(text, from, to).all();
  } catch (err) {
    if (err instanceof BicepSyntaxError) return [];
    throw err;
  }
}

/** A file read (or why not: the reader's or the parser's error). */
export type ReadResult = BicepDoc | { readonly error: unknown };

/** What the per-load reader needs of the loader. */
export interface FilesHost {
  readonly readFile?: (absPath: string) => string;
  readonly display?: (absPath: string) => string;
  readonly budget: Budget;
  /** The documents findings may point into (BicepLoad.documents). */
  readonly documents: BicepDoc[];
  /** A scope for an imported file: no parameters given, its file functions read beside it, this deployment's context. */
  scope(doc: BicepDoc, absPath: string, deploy: DeploymentContext): BicepScope;
}

/**
 * The Bicep files of one load (modules and imports), each read and parsed once, and the scopes of imported files,
 * one per file and deployment context (shared by every file that imports it).
 */
export class BicepFiles {
  private readonly docs = new Map<string, ReadResult>();
  private readonly exported = new WeakMap<BicepDoc, Map<string, "var" | "func" | "type">>();
  private readonly scopes = new WeakMap<DeploymentContext, Map<string, BicepScope>>();

  constructor(private readonly host: FilesHost) {}

  get canRead(): boolean {
    return this.host.readFile !== undefined;
  }

  /** The file at `abs`, read once; a document read is added to the load's documents. */
  read(abs: string, context: RunContext): ReadResult {
    const known = this.docs.get(abs);
    if (known) return known;
    let r: ReadResult;
    try {
      const text = this.host.readFile!(abs);
      this.host.budget.chars(text.length);
      r = parseBicepDoc(text, this.host.display ? this.host.display(abs) : abs, context, "bicep");
      this.host.documents.push(r);
    } catch (error) {
      r = { error };
    }
    this.docs.set(abs, r);
    return r;
  }

  exports(doc: BicepDoc): Map<string, "var" | "func" | "type"> {
    let m = this.exported.get(doc);
    if (!m) this.exported.set(doc, (m = exportsOf(doc)));
    return m;
  }

  /** The scope of the file `ref` imports into the file at `from` (its scope `importer`), or why it is not followed. */
  target(importer: BicepScope, from: string | undefined, ref: ImportRef): BicepScope | string {
    if (/^(?:br|ts)(?:\/[^:]*)?:/i.test(ref.path)) return "a registry import is not followed";
    if (!from || !this.host.readFile) return "an import in text not read from a file is not followed";
    if (!/\.bicep$/i.test(ref.path)) return "only .bicep files are followed (the exports of a compiled JSON template are not read)";
    const abs = path.resolve(path.dirname(from), ref.path);
    const r = this.read(abs, importer.doc.context);
    if (!("parsed" in r)) return unreadable(r.error);
    if (this.reaches(abs, from, importer.doc.context, new Set())) return "the files import each other (a cycle, which the compiler refuses)";
    let byPath = this.scopes.get(importer.deploy);
    if (!byPath) this.scopes.set(importer.deploy, (byPath = new Map()));
    let scope = byPath.get(abs);
    if (!scope) byPath.set(abs, (scope = this.host.scope(r, abs, importer.deploy)));
    return scope;
  }

  /** Whether the file at `abs` imports `target`, directly or through the files it imports. */
  private reaches(abs: string, target: string, context: RunContext, seen: Set<string>): boolean {
    if (abs === target) return true;
    if (seen.has(abs)) return false;
    seen.add(abs);
    const r = this.read(abs, context);
    if (!("parsed" in r)) return false;
    for (const d of r.parsed.decls) {
      if (d.kind !== "other" || d.keyword !== "import") continue;
      const p = parseImport(r.text, d.o, d.e)?.path;
      if (p && /\.bicep$/i.test(p) && !/^(?:br|ts)(?:\/[^:]*)?:/i.test(p) && this.reaches(path.resolve(path.dirname(abs), p), target, context, seen)) return true;
    }
    return false;
  }
}

/** Why a module or imported file is not followed: its syntax error, or the reader's refusal (never the resolved absolute path). */
export function unreadable(e: unknown): string {
  if (e instanceof InputError && e.code === "bicep-syntax") return `${e.file}:${e.line}:${e.column}: ${e.message}`;
  const code = (e as { code?: unknown }).code;
  if (code === "outside-tree") return "the file is outside the linted directory and is not read";
  return `the file could not be read (${e instanceof InputError ? e.message : typeof code === "string" ? code : "unreadable"})`;
}

/**
 * The imported names of one scope: each import statement's file resolved on first use (with a note when it is not
 * followed), its exported variables' values (with their origins there) and its exported functions called.
 */
export class Imports {
  private readonly targets = new Map<ImportRef, BicepScope | string>();

  constructor(
    private readonly scope: BicepScope,
    private readonly files: BicepFiles | undefined,
    /** The file's own path (imports are relative to it); undefined for text not read from a file. */
    private readonly absPath: string | undefined,
  ) {}

  /** An imported name used as a value (`local`, or `ns.name` of a wildcard import). */
  value(sym: ImportSym, local: string, at: Expr): Value {
    if (!sym.ref) return new Unknown(`'${local}' is imported from an extension, which is not evaluated`);
    if (sym.name === undefined) return new Unknown(`'${local}' is the namespace of an import, not a value`);
    const found = this.exported(sym.ref, sym.name, local, "var", at);
    if (typeof found === "string") return new Unknown(found);
    const r = found.exportedVariable(sym.name);
    if (!r) return new Unknown(`'${local}' is not a variable of '${sym.ref.path}'`);
    addReads(this.scope, r.origins);
    return r.value;
  }

  /** A call of an imported function (`f(...)`, or `ns.f(...)` of a wildcard import), its arguments evaluated. */
  call(sym: ImportSym, name: string, shown: string, args: Value[], at: Expr): Value {
    if (!sym.ref) return new Unknown(`${shown}() is imported from an extension, which is not evaluated`);
    const found = this.exported(sym.ref, name, shown, "func", at);
    if (typeof found === "string") return new Unknown(found);
    return found.callExported(name, args, this.scope.file, at);
  }

  /** The scope that exports `name` as a `kind`, or why its value is unknown (noted once per statement and name). */
  private exported(ref: ImportRef, name: string, shown: string, kind: "var" | "func", at: Expr): BicepScope | string {
    let target = this.targets.get(ref);
    if (target === undefined) {
      target = this.files ? this.files.target(this.scope, this.absPath, ref) : "an import in text not read from a file is not followed";
      this.targets.set(ref, target);
      if (typeof target === "string") this.note(ref, `import from '${ref.path}': ${target}; the names it imports are unknown`);
    }
    if (typeof target === "string") return `'${shown}' is imported from '${ref.path}', which is not followed`;
    const is = this.files!.exports(target.doc).get(name);
    if (is === kind) return target;
    if (is === undefined) {
      this.note(ref, `import from '${ref.path}': '${name}' is not exported there (@export()); its value is unknown`);
      return `'${shown}' is not exported by '${ref.path}'`;
    }
    if (kind === "var" && is === "func") throw new EvalError(`'${shown}' is a function: call it`, this.scope.file, at.o);
    return `'${shown}' is a ${is === "type" ? "type" : "variable"} of '${ref.path}', not a ${kind === "var" ? "value" : "function"}`;
  }

  private note(ref: ImportRef, message: string): void {
    this.scope.noteTo({ pointer: `#offset:${ref.o}:${ref.e - ref.o}`, message, file: this.scope.file });
  }
}

/** Where an exported variable's value came from, for `Imports.value` (the scope's own read tracking). */
export type Exported = { readonly value: Value; readonly origins: readonly Loc[] };
