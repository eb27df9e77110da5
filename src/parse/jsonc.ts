/**
 * jsonc-parser, loaded on first use through `require`. It ships a UMD (CommonJS) build: an ESM `import` of it
 * costs ~15 ms at start-up (Node's CommonJS export analysis), a `require` ~5 ms, and a plain JSON file parsed by
 * the fast reader (src/parse/fast.ts) with no suppression comments needs it not at all (the pre-commit case).
 *
 * No memo of our own: Node's module cache keeps the loaded module, and a `require` of a module already loaded
 * is a look-up in it (about a microsecond; this is asked once per parse error, suppression scan or fix, never per
 * value). The `require` function itself is made once, at load, and never changes.
 */
import { createRequire } from "node:module";

type JsoncParser = typeof import("jsonc-parser");
const load = createRequire(import.meta.url);

export function jsonc(): JsoncParser {
  return load("jsonc-parser") as JsoncParser;
}
