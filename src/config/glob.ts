/**
 * Glob matching for configuration (`ignore`, `overrides[].files`, `parameters[].files`, `suppressions[].file`).
 * A pattern matches as the same pattern given on the command line would (fast-glob, pipeline/discover.ts): braces
 * are expanded first with the library fast-glob expands them with (`a/{1..10}.json`), then each pattern is matched
 * by picomatch with fast-glob's options, so extglobs (`+(a|b)`), classes, backslash escapes and dotfiles (`*` does
 * not match a leading dot) behave alike. What configuration adds, gitignore-like:
 * - patterns are relative to the directory of the configuration file, '/' separated;
 * - a pattern without a '/' (e.g. `*.parameters.json`) matches the base name at any depth;
 * - a leading `./` or `/` anchors the pattern at the configuration directory; a trailing `/` is dropped;
 * - a leading `!` is a character, not a negation (`!(x)` is still an extglob): an ignore list that negated would
 *   ignore everything else.
 */
import type braces from "braces";
import type picomatch from "picomatch";

/** fast-glob's options for picomatch (fast-glob 3, Provider#_getMicromatchOptions, with its defaults), plus `nonegate`. */
const OPTIONS: picomatch.PicomatchOptions = { dot: false, nocase: false, noext: false, noglobstar: false, nobrace: false, posix: true, strictSlashes: false, nonegate: true };
/** fast-glob's brace expansion (utils/pattern.ts, expandBraceExpansion). */
const BRACES: braces.Options = { expand: true, nodupes: true, keepEscaping: true };

type Matcher = (rel: string) => boolean;

/** The two matching libraries, loaded when a configuration first has patterns to match (GlobCache.ready). */
interface GlobLibraries {
  readonly braces: typeof braces;
  readonly picomatch: typeof picomatch;
}

/** A pattern with configuration's conventions applied, as the command line would take it. */
function normalise(pattern: string): string {
  let p = pattern;
  let anchored = false;
  if (p.startsWith("./")) {
    p = p.slice(2);
    anchored = true;
  } else if (p.startsWith("/")) {
    p = p.slice(1);
    anchored = true;
  }
  if (p.endsWith("/")) p = p.slice(0, -1);
  return !anchored && !p.includes("/") ? `**/${p}` : p;
}

/**
 * Compiles a pattern. One that cannot be compiled (a brace range beyond braces' limit of 1,000 patterns, from a
 * configuration in the linted tree) matches nothing, as fast-glob's own patterns that fail do not match.
 */
function compile(pattern: string, lib: GlobLibraries): Matcher {
  let expanded: string[];
  try {
    const p = normalise(pattern);
    expanded = lib.braces(p, BRACES).filter((e) => e !== "");
    if (expanded.length === 0) expanded = [p];
  } catch {
    return () => false;
  }
  const res: RegExp[] = [];
  for (const e of expanded) {
    try {
      res.push(lib.picomatch.makeRe(e, OPTIONS));
    } catch {
      // an invalid part matches nothing; the others still match
    }
  }
  return (rel) => res.some((re) => re.test(rel));
}

/** Paths outside the pattern's base never match: a configuration applies to its own directory only. */
function outside(rel: string): boolean {
  return rel === "" || rel === ".." || rel.startsWith("../");
}

/**
 * Compiled patterns for one run (the ConfigResolver's): every file of an audit asks the same few patterns, each
 * compiled once. Not shared between runs: a cache per run keeps no state at module level.
 */
export class GlobCache {
  private readonly compiled = new Map<string, Matcher>();
  private lib: GlobLibraries | undefined;

  /**
   * Loads the matching libraries, once: a run without a configuration (the pre-commit case) never pays for them
   * (about 18 ms of a one-file run, docs/performance.md). Call before matching.
   */
  async ready(): Promise<void> {
    if (this.lib) return;
    const [b, p] = await Promise.all([import("braces"), import("picomatch")]);
    this.lib = { braces: b.default, picomatch: p.default };
  }

  private matcher(pattern: string): Matcher {
    let m = this.compiled.get(pattern);
    if (!m) {
      if (!this.lib) throw new Error("GlobCache: ready() was not awaited");
      this.compiled.set(pattern, (m = compile(pattern, this.lib)));
    }
    return m;
  }

  /** True when `rel` (a '/'-separated path relative to the pattern's base) matches `pattern`. */
  match(pattern: string, rel: string): boolean {
    return !outside(rel) && this.matcher(pattern)(rel);
  }

  /** Like `match`, but also true when a parent directory of `rel` matches (for `ignore: ["legacy"]`). */
  matchOrParent(pattern: string, rel: string): boolean {
    if (this.match(pattern, rel)) return true;
    let i = rel.lastIndexOf("/");
    while (i > 0) {
      if (this.match(pattern, rel.slice(0, i))) return true;
      i = rel.lastIndexOf("/", i - 1);
    }
    return false;
  }

  matchAny(patterns: readonly string[], rel: string): boolean {
    return patterns.some((p) => this.match(p, rel));
  }
}

/** `GlobCache#match` and `#matchOrParent` on one cache, the libraries loaded (for tests and one-off matching). */
export async function globMatchers(): Promise<{ matchGlob: (pattern: string, rel: string) => boolean; matchGlobOrParent: (pattern: string, rel: string) => boolean }> {
  const g = new GlobCache();
  await g.ready();
  return { matchGlob: (p, r) => g.match(p, r), matchGlobOrParent: (p, r) => g.matchOrParent(p, r) };
}
