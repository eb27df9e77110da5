import type { LintResult } from "../engine/findings.js";
import type { FormatContext, Formatter } from "./types.js";

/** Formatters are loaded on demand so a pre-commit run pays only for the one it prints. */
export const FORMATTERS: Record<string, () => Promise<Formatter>> = {
  stylish: async () => (await import("./stylish.js")).stylish,
  json: async () => (await import("./json.js")).json,
  sarif: async () => (await import("./sarif.js")).sarif,
  github: async () => (await import("./github.js")).github,
  markdown: async () => (await import("./markdown.js")).markdown,
  junit: async () => (await import("./junit.js")).junit,
  html: async () => (await import("./html.js")).html,
  compact: async () => (await import("./compact.js")).compact,
};

/** Formats that can also be written piece by piece (an audit's JSON is hundreds of megabytes). */
export const CHUNKED: Record<string, () => Promise<(result: LintResult, ctx: FormatContext) => Iterable<string>>> = {
  json: async () => (await import("./json.js")).jsonChunks,
  stylish: async () => (await import("./stylish.js")).stylishChunks,
  github: async () => (await import("./github.js")).githubChunks,
  junit: async () => (await import("./junit.js")).junitChunks,
  compact: async () => (await import("./compact.js")).compactChunks,
};

/** Formats that write fixes' edits (the others never read `Finding.fix`, so it need not be worked out). */
export const CARRIES_FIXES: ReadonlySet<string> = new Set(["json", "sarif"]);

export type { Formatter, FormatContext } from "./types.js";

/**
 * Lines given out a few thousand at a time, each followed by a newline (the same text as joining them all). An
 * audit's output can be longer than the longest string V8 can build; the CLI writes the pieces as they come.
 */
export function* inPieces(lines: Iterable<string>, perPiece = 2000): Generator<string> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length >= perPiece) {
      yield `${batch.join("\n")}\n`;
      batch = [];
    }
  }
  if (batch.length) yield `${batch.join("\n")}\n`;
}
