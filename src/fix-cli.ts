/** --fix / --fix-dry-run: per file, the fix loop with that file's configuration; write or print a diff. */
import fs from "node:fs";
import path from "node:path";
import type { LintResult } from "./findings.js";
import type { ConfigResolver } from "./config.js";
import { decode } from "./parse/document.js";
import { lintText } from "./lint.js";
import { fixLoop, unifiedDiff } from "./fix.js";

export interface FixRunOptions {
  readonly cwd: string;
  readonly base: string;
  readonly resolver: ConfigResolver;
  /** true: write the files (--fix); false: print a unified diff (--fix-dry-run). */
  readonly write: boolean;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Returns the number of files changed (or that would change). */
export async function runFixes(result: LintResult, opts: FixRunOptions): Promise<number> {
  const byFile = new Map<string, typeof result.findings>();
  for (const f of result.findings) {
    if (!f.fix || f.suppression) continue;
    if (!byFile.has(f.file)) byFile.set(f.file, []);
    byFile.get(f.file)!.push(f);
  }
  let changed = 0;
  for (const [file, findings] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const abs = path.resolve(opts.base, file);
    if (/\.(ndjson|jsonl|gz)$/i.test(file)) {
      opts.err(`batchlint: ${file}: NDJSON and compressed files are not rewritten; fixes not applied (SARIF and JSON output carry them)\n`);
      continue;
    }
    if (!fs.existsSync(abs)) {
      opts.err(`batchlint: ${file}: not a file on disk (standard input?); fixes not applied\n`);
      continue;
    }
    const buf = fs.readFileSync(abs);
    const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
    const utf16 = buf[0] === 0xff && buf[1] === 0xfe ? "le" : buf[0] === 0xfe && buf[1] === 0xff ? "be" : undefined;
    if (utf16 === "be") {
      opts.err(`batchlint: ${file}: UTF-16 big-endian files are not rewritten; fixes not applied\n`);
      continue;
    }
    const text = decode(buf, file).replace(/^\uFEFF/, "");
    const fc = await opts.resolver.resolve(abs);
    const fileOpts = { rules: fc.rules, settings: fc.settings, parameterFiles: fc.parameterFiles, suppressions: fc.suppressions, cwd: opts.cwd, base: opts.base };
    const relint = (t: string) => lintText(t, file, fileOpts).findings.filter((f) => f.file === file);
    const { output, applied } = fixLoop(text, relint, 10, findings);
    if (output === text) continue;
    changed++;
    const summary = [...applied].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, n]) => `${id}${n > 1 ? ` x${n}` : ""}`).join(", ");
    if (opts.write) {
      const data = utf16 === "le" ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(output, "utf16le")]) : Buffer.from((bom ? "\uFEFF" : "") + output, "utf8");
      fs.writeFileSync(abs, data);
      opts.err(`batchlint: fixed ${file} (${summary})\n`);
    } else {
      opts.out(unifiedDiff(file, text, output));
    }
  }
  return changed;
}
