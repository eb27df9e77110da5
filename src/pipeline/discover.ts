/** Input discovery: files, directories (recursive *.json / *.jsonc), globs; node_modules and .git skipped. */
import fs from "node:fs";
import path from "node:path";

export interface Discovered {
  /** Absolute paths, sorted, unique. */
  files: string[];
  /** Inputs that do not exist, and directories and globs with no file to lint (`noLintableFiles`). */
  missing: { input: string; message: string }[];
}

const IGNORE = ["**/node_modules/**", "**/.git/**"];

/**
 * A directory or glob that gave no file to lint: an error, so that a mistyped path in CI does not pass as clean
 * (the CLI also says it of a directory or glob whose files were all ignored, and lets --no-error-on-unmatched-pattern
 * take it back). A file named that is not a template or an export is not this error: it is skipped, as a
 * pre-commit hook's list of staged files expects.
 */
export function noLintableFiles(input: string): string {
  return `no lintable files found in ${input}`;
}

/** Whether a run's error is `noLintableFiles` of an input. */
export function isNoLintableFiles(e: { readonly file: string; readonly message: string; readonly code: string }): boolean {
  return e.code === "not-found" && e.message.startsWith(noLintableFiles(e.file));
}
/** Templates and exports; NDJSON/JSON Lines and gzip-compressed exports for audits of many accounts. */
const EXTENSIONS = "{json,jsonc,ndjson,jsonl,json.gz,ndjson.gz,jsonl.gz}";

/**
 * Finds the files to lint. `onMany` is called once, as soon as `many` files are found (an audit starts its worker
 * threads then, while the rest of a large tree is still being read).
 */
export async function discover(inputs: readonly string[], cwd = process.cwd(), onMany?: { readonly many: number; readonly call: () => void }): Promise<Discovered> {
  const files = new Set<string>();
  // fast-glob costs ~25 ms to load: only directories and patterns need it (a pre-commit run passes plain files).
  let fgModule: typeof import("fast-glob") | undefined;
  const glob = async () => (fgModule ??= (await import("fast-glob")).default);
  const missing: Discovered["missing"] = [];
  let called = false;
  const add = (f: string) => {
    files.add(f);
    if (onMany && !called && files.size >= onMany.many) {
      called = true;
      onMany.call();
    }
  };
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat && !stat.isDirectory()) {
      // A file, or a FIFO, device or socket named on the command line: the reader refuses what is not a regular
      // file and says what it is (pipeline/read.ts), instead of "no such file".
      add(abs);
    } else if (stat?.isDirectory()) {
      // Streamed, so that `onMany` hears of the files as they are found; by 'data' events, not `for await`, whose
      // promise per entry cost a third of the listing (10,000 files: about 110 -> 80 ms).
      const found = (await glob()).stream(`**/*.${EXTENSIONS}`, { cwd: abs, absolute: true, ignore: IGNORE, dot: false, followSymbolicLinks: false, suppressErrors: true, onlyFiles: true });
      let n = 0;
      await new Promise<void>((resolve, reject) => {
        found.on("data", (f: string) => {
          n++;
          add(path.normalize(f));
        });
        found.once("end", resolve);
        found.once("error", reject);
      });
      if (n === 0) missing.push({ input, message: noLintableFiles(input) });
    } else if (/[*?[\]{}()!]/.test(input) && (await glob()).isDynamicPattern(input)) {
      const found = await (await glob())(input.split(path.sep).join("/"), { cwd, absolute: true, ignore: IGNORE, onlyFiles: true, suppressErrors: true, followSymbolicLinks: false });
      if (found.length === 0) missing.push({ input, message: noLintableFiles(input) });
      for (const f of found) add(path.normalize(f));
    } else {
      missing.push({ input, message: "no such file or directory" });
    }
  }
  return { files: [...files].sort(), missing };
}

/** Path shown in output: relative to `base` with '/' separators when inside it, else absolute. */
export function displayPath(abs: string, base: string): string {
  const rel = path.relative(base, abs);
  if (rel && !rel.startsWith("..") && !path.isAbsolute(rel)) return rel.split(path.sep).join("/");
  return abs.split(path.sep).join("/");
}

/** The root of the git work tree containing `dir` (a `.git` directory, or a `.git` file for worktrees), if any. */
export function repoRoot(dir: string): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    try {
      fs.statSync(path.join(cur, ".git"));
      return cur;
    } catch {
      // keep walking up
    }
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}
