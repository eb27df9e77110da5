/**
 * A template's evaluation inputs: its parameters files (named, or NAME.parameters.json found beside NAME.json),
 * --param values and the deployment context. Parameters files are chosen by the tree being linted, so they are
 * read like linked templates: regular files inside the run's read roots (pipeline/read.ts), within the size limit.
 */
import fs from "node:fs";
import path from "node:path";
import { slot, type RunContext } from "../context.js";
import type { FileError } from "../engine/findings.js";
import type { TemplateOptions } from "../input/arm/template.js";
import { recognise } from "../input/recognise.js";
import { parseDocument, type ParsedDoc } from "../parse/document.js";
import { displayPath } from "./discover.js";
import type { LintOptions } from "./run.js";
import { DEFAULT_MAX_FILE_SIZE, openInput, readBytesLimited, readLimited, readOpened, readRoots, type OpenInput } from "./read.js";
import { toFileError, type ResultBuilder } from "./result.js";

/** Directory listings, read once per directory during a run (parameters-file pairing). */
const DIR_LISTINGS = slot("directory listings", () => new Map<string, Listing>());

/** A folder's names, and whether any of them is a parameters file's (`*.parameters.json` or `*.parameters.jsonc`). */
interface Listing {
  readonly names: ReadonlySet<string>;
  readonly parameters: boolean;
}
/** Parsed parameters files, keyed by path, shown name and size limit, with their modification time (shared by every template using them). */
const PARAMS_CACHE = slot("parameters files", () => new Map<string, { mtimeMs: number; doc: ParsedDoc | FileError }>());

/**
 * The parameters file paired with a template, if there is one: `main.json` ↔ `main.parameters.json` (or, else,
 * .jsonc) in the same folder. Looked up by name in the folder's listing: a path is joined only for a file that is
 * there (every template of an audit asks).
 */
function pairedParameters(ctx: RunContext, abs: string): string[] {
  const dir = path.dirname(abs);
  const { names, parameters } = listing(ctx, dir);
  // Both names looked for end in ".parameters.json(c)": a folder with no such name (most of an audit's) has neither,
  // and the two names are not made and hashed for each of its templates.
  if (!parameters) return [];
  const stem = path.basename(abs).replace(/\.jsonc?$/i, "");
  for (const name of [`${stem}.parameters.json`, `${stem}.parameters.jsonc`]) if (names.has(name)) return [path.join(dir, name)];
  return [];
}

/** The names in a folder, read once per run. */
function listing(ctx: RunContext, dir: string): Listing {
  const listings = ctx.get(DIR_LISTINGS);
  let found = listings.get(dir);
  if (!found) {
    let names: Set<string>;
    try {
      names = new Set(fs.readdirSync(dir));
    } catch {
      names = new Set();
    }
    let parameters = false;
    for (const n of names) if (n.endsWith(".parameters.json") || n.endsWith(".parameters.jsonc")) parameters = true;
    found = { names, parameters };
    if (listings.size > 10_000) listings.clear();
    listings.set(dir, found);
  }
  return found;
}

/** A parameters file, paired or configured: a regular file whose real path is inside `roots`, within the size limit. */
function loadParameters(ctx: RunContext, abs: string, base: string, max: number, roots: readonly string[]): ParsedDoc | FileError {
  const shown = displayPath(abs, base);
  let input: OpenInput;
  try {
    input = openInput(abs, shown, roots, "chosen");
  } catch (e) {
    return toFileError(e, shown);
  }
  const cache = ctx.get(PARAMS_CACHE);
  const key = `${abs}\u0000${shown}\u0000${max}`;
  const hit = cache.get(key);
  if (hit && hit.mtimeMs === input.mtimeMs) {
    fs.closeSync(input.fd);
    return hit.doc;
  }
  let doc: ParsedDoc | FileError;
  try {
    doc = parseDocument(readOpened(input, abs, shown, max), shown);
  } catch (e) {
    doc = toFileError(e, shown);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, { mtimeMs: input.mtimeMs, doc });
  return doc;
}

/**
 * Evaluation inputs for one template (`abs`: its path; absent for text in memory): explicit parameters files
 * (--parameters / configuration; later wins), else NAME.parameters.json beside NAME.json; --param values; the
 * deployment context; for Terraform, the --var values and --var-file paths (its loader reads the files).
 * Parameters files and linked templates are read within the run's read roots (the --var-file files' trees among
 * them); a parameters file that cannot be used is an error of the run (once).
 */
export function templateOptions(ctx: RunContext, abs: string | undefined, base: string, options: LintOptions, out: ResultBuilder): TemplateOptions {
  const cwd = options.cwd ?? process.cwd();
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const files: ParsedDoc[] = [];
  const explicit = options.parameterFiles ?? [];
  const candidates = explicit.length ? explicit : abs ? pairedParameters(ctx, abs) : [];
  // In-memory text (lintText) has no run: the roots of what it names, or of the current directory (found when needed).
  let roots = options.readRoots;
  const named = [...explicit, ...(options.terraformVarFiles ?? [])];
  const within = () => (roots ??= readRoots(abs ? [abs, ...named] : named, cwd));
  for (const f of candidates) {
    const d = loadParameters(ctx, path.resolve(cwd, f), base, max, within());
    if ("root" in d) {
      if (recognise(d) === "arm-parameters") files.push(d);
      else if (explicit.length) out.errors.push({ file: d.file, line: 1, column: 1, message: "not an ARM parameters file", code: "invalid-parameters" });
    } else if (!out.errors.some((e) => e.file === d.file && e.message === d.message)) out.errors.push(d);
  }
  const display = (p: string) => displayPath(p, base);
  /** A linked template (templateLink.relativePath): chosen by the template, so read only inside the roots. */
  const readFile = (p: string) => readLimited(p, display(p), max, Infinity, within(), "chosen");
  /** A file a Bicep load*Content() names: chosen by the template too, and bounded by the function's own limit. */
  const readBytes = (p: string, limit: number) => readBytesLimited(p, display(p), Math.min(limit, max), within(), "chosen");
  return {
    parameterFiles: files,
    cliParams: options.cliParams,
    deployment: options.deployment,
    terraformVars: options.terraformVars,
    terraformVarFiles: options.terraformVarFiles,
    terraformVarsAfter: options.terraformVarsAfter,
    absPath: abs,
    display,
    readFile,
    readBytes,
    limits: options.evaluationLimits,
  };
}
