/**
 * A run's result while it is built. `LintResult` (engine/findings.ts) is read-only to whoever is handed one; the
 * pipeline writes into a `ResultBuilder` (a file's findings, errors and counts, a worker's packed answer, a part
 * merged in task order) and `finish` gives the sorted, plain result.
 */
import { slot, type RunContext } from "../context.js";
import { appendNotes, compareFindings, findingIdentity, withRelatedOf, type FileError, type Finding, type LintResult, type Note } from "../engine/findings.js";
import { InputError } from "../parse/document.js";

type CheckedResource = NonNullable<LintResult["checkedResources"]>[number];

export class ResultBuilder implements LintResult {
  readonly findings: Finding[] = [];
  readonly errors: FileError[] = [];
  readonly notes: Note[] = [];
  /** Files read (counted by addFile); `finish` leaves out those skipped as a whole (see skippedFiles) when files are listed. */
  filesLinted = 0;
  resourcesChecked = 0;
  /** The files linted and every resource checked: kept for runs over files (baselines, audit summaries), not for text in memory. */
  readonly files: string[] | undefined;
  readonly checkedResources: CheckedResource[] | undefined;

  constructor(listed: boolean) {
    this.files = listed ? [] : undefined;
    this.checkedResources = listed ? [] : undefined;
  }

  /** A file read: counted, and listed. */
  addFile(shown: string): void {
    this.filesLinted++;
    this.files?.push(shown);
  }

  /** Takes back the last addFile: the file is read again another way (a large file that is not a list is read whole). */
  dropFile(): void {
    this.filesLinted--;
    this.files?.pop();
  }

  /** Appends another result (a part of the run, in task order). */
  merge(p: LintResult): void {
    append(this.findings, p.findings);
    append(this.errors, p.errors);
    appendNotes(this.notes, p.notes);
    this.filesLinted += p.filesLinted;
    this.resourcesChecked += p.resourcesChecked;
    if (p.files && this.files) append(this.files, p.files);
    if (p.checkedResources && this.checkedResources) append(this.checkedResources, p.checkedResources);
  }

  /** Empties the builder (a worker packs a streamed file's results record by record, so that they die young). */
  clear(): void {
    this.findings.length = 0;
    this.errors.length = 0;
    this.notes.length = 0;
    this.filesLinted = 0;
    this.resourcesChecked = 0;
    if (this.files) this.files.length = 0;
    if (this.checkedResources) this.checkedResources.length = 0;
  }

  /** An error reported more than once (a bad configuration file, met by every batch that has a file under it) is kept once. */
  dropRepeatedErrors(): void {
    errorsOnce(this.errors);
  }

  /** The result, in the deterministic order of the output (findings by place and rule, errors by place, notes by file). */
  finish(): LintResult {
    this.findings.sort(compareFindings);
    tellOnce(this.findings);
    this.errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
    errorsOnce(this.errors);
    this.notes.sort((a: Note, b: Note) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    notesOnce(this.notes, this.findings);
    const { findings, errors, notes, resourcesChecked, files, checkedResources } = this;
    if (!files || !checkedResources) return { findings, errors, notes, filesLinted: this.filesLinted, resourcesChecked };
    // Counted from the list, not from `filesLinted`: a worker's result, merged here, was finished (and counted) once already.
    const filesLinted = files.length - skippedFiles({ files, notes, findings, checkedResources }).size;
    return { findings, errors, notes, filesLinted, resourcesChecked, files, checkedResources };
  }
}

/**
 * Equal findings (engine/findings.ts findingIdentity) from different documents of the run are told once, with the
 * related locations of each: a template linted for each of two .bicepparam files that use it, a module or linked
 * template of two callers. In place, on findings sorted by compareFindings: equal ones are neighbours within a run of
 * findings at one place with one rule and message, and only such runs (rare, short) are looked into.
 */
function tellOnce(findings: Finding[]): void {
  let to = 0;
  let from = 0;
  while (from < findings.length) {
    let end = from + 1;
    while (end < findings.length && compareFindings(findings[from]!, findings[end]!) === 0) end++;
    if (end - from === 1) findings[to++] = findings[from]!;
    else {
      const kept = new Map<string, number>();
      for (let i = from; i < end; i++) {
        const f = findings[i]!;
        const k = findingIdentity(f);
        const at = kept.get(k);
        if (at === undefined) {
          kept.set(k, to);
          findings[to++] = f;
        } else {
          // The copy from the lint of the finding's own file carries its fix (a lint of another file, a .tfvars or a
          // caller, refuses to edit it): whichever copy comes first, the fix is kept.
          const first = findings[at]!;
          findings[at] = withRelatedOf(first.fix === undefined && f.fix !== undefined ? { ...first, fix: f.fix } : first, f);
        }
      }
    }
    from = end;
  }
  findings.length = to;
}

/**
 * Notes told once across documents (a module's file and its .tfvars, a template and its .bicepparam, each lint
 * notes alike), in place, keeping the first (notes are sorted by file, stably); and a note that a finding has no
 * automatic fix is dropped when the finding kept for its place has one (the lint of its own file made it).
 */
function notesOnce(notes: Note[], findings: readonly Finding[]): void {
  const fixed = new Set<string>();
  for (const f of findings) if (f.fix) fixed.add(`${f.file}\u0000${f.region.startLine}\u0000${f.region.startColumn}\u0000${f.ruleId}: no automatic fix: `);
  const seen = new Set<string>();
  let to = 0;
  for (const n of notes) {
    const key = `${n.file}\u0000${n.line}\u0000${n.column}\u0000${n.kind}\u0000${n.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const refused = n.message.indexOf(": no automatic fix: ");
    if (refused > 0 && fixed.has(`${n.file}\u0000${n.line}\u0000${n.column}\u0000${n.message.slice(0, refused)}: no automatic fix: `)) continue;
    notes[to++] = n;
  }
  notes.length = to;
}

/**
 * The files of a run that were read but not linted: neither a template nor an export (or a parameters file, linted
 * with its template), which the engine says with a "skipped" note about the whole file. A note about a part of a
 * file (an element of a list, `/3: ...`) does not skip the file, nor does one about a record of an NDJSON file or
 * list whose other records were checked: a file with a checked resource or a finding was linted.
 */
export function skippedFiles(result: Pick<LintResult, "notes" | "findings" | "files" | "checkedResources">): Set<string> {
  const skipped = new Set<string>();
  for (const n of result.notes) if (n.kind === "skipped" && n.line === undefined && !n.message.startsWith("/")) skipped.add(n.file);
  if (skipped.size === 0) return skipped;
  const listed = new Set(result.files ?? []);
  for (const f of skipped) if (!listed.has(f)) skipped.delete(f); // ignored by the configuration: never read
  for (const c of result.checkedResources ?? []) skipped.delete(c.file);
  for (const f of result.findings) skipped.delete(f.file);
  return skipped;
}

const errorKey = (e: FileError) => `${e.file}\u0000${e.line}\u0000${e.column}\u0000${e.message}`;

/**
 * Errors with the same file, line, column and message are told once, in place, the first kept: a sibling .tf that
 * does not parse is an error of its own lint and again of the module load of each other file linted (in another
 * batch, or met by every batch). Of such twins the one with the input's own code is kept rather than
 * "evaluation-error", the code the engine gives an error met while loading another file.
 */
function errorsOnce(errors: FileError[]): void {
  const kept = new Map<string, number>();
  let to = 0;
  for (const e of errors) {
    const k = errorKey(e);
    const at = kept.get(k);
    if (at === undefined) {
      kept.set(k, to);
      errors[to++] = e;
    } else if (errors[at]!.code === "evaluation-error" && e.code !== "evaluation-error") errors[at] = e;
  }
  errors.length = to;
}

/** `into.push(...from)` without spreading: `from` can be longer than a call's arguments may be. */
export function append<T>(into: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) into.push(from[i]!);
}

/** What a finding keeps of its fix once the text edits are known: the description (the edits hold the whole evaluated document). */
export type FixDescription = NonNullable<Finding["fixInput"]>;

/** One shared `{description, edits: []}` per fix description, for the run (audits keep many findings). */
const FIX_DESCRIPTIONS = slot("fix descriptions", () => new Map<string, FixDescription>());

/** The run's descriptions, to look up with `describedFix` (fetched once per document or packed batch). */
export function fixDescriptions(ctx: RunContext): Map<string, FixDescription> {
  return ctx.get(FIX_DESCRIPTIONS);
}

export function describedFix(descriptions: Map<string, FixDescription>, description: string): FixDescription {
  let d = descriptions.get(description);
  if (!d) descriptions.set(description, (d = Object.freeze({ description, edits: Object.freeze([]) as [] })));
  return d;
}

/** Whatever went wrong with a file, as that file's error (located when the input says where). */
export function toFileError(e: unknown, file: string): FileError {
  if (e instanceof InputError) return { file, line: e.line, column: e.column, message: e.message, code: e.code };
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === "string" && err.syscall) {
    const what = err.code === "EACCES" ? "permission denied" : err.code === "EISDIR" ? "is a directory" : err.code === "ENOENT" ? "no such file" : err.message;
    return { file, line: 1, column: 1, message: `cannot read file: ${what}`, code: "unreadable" };
  }
  return { file, line: 1, column: 1, message: `internal error: ${(e as Error)?.stack ?? String(e)}`, code: "internal-error" };
}
