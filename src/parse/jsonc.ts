/**
 * jsonc-parser, loaded on first use through `require`. It ships a UMD (CommonJS) build: an ESM `import` of it
 * costs ~15 ms at start-up (Node's CommonJS export analysis), a `require` ~5 ms, and a plain JSON file parsed by
 * the fast reader (src/parse/fast.ts) with no suppression comments needs it not at all (the pre-commit case).
 */
import { createRequire } from "node:module";

type JsoncParser = typeof import("jsonc-parser");
let loaded: JsoncParser | undefined;

export function jsonc(): JsoncParser {
  return (loaded ??= createRequire(import.meta.url)("jsonc-parser") as JsoncParser);
}
