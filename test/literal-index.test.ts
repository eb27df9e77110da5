/**
 * Property look-ups in large objects go through an index kept on the node (model/literal.ts): the same answers as
 * walking the members (case-insensitive, the last duplicate wins).
 */
import type { Node } from "jsonc-parser";
import { expect, test } from "vitest";
import { childKey, childNode } from "../src/model/literal.js";
import { parseDocument } from "../src/parse/document.js";

/** What a walk of the members answers: the last property whose key matches case-insensitively. */
function walk(obj: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const p of obj.children ?? []) if (String(p.children?.[0]?.value).toLowerCase() === key.toLowerCase()) found = p;
  return found;
}

test("childNode and childKey answer as a walk of the members, below and above the index size", () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const names = ["a", "A", "b", "B", "type", "Type", "TYPE", "properties", "__proto__", "constructor"];
  for (let round = 0; round < 300; round++) {
    const n = 1 + Math.floor(next() * 80);
    const members = Array.from({ length: n }, (_, i) => `${JSON.stringify(names[Math.floor(next() * names.length)]! + (next() < 0.5 ? "" : String(i % 7)))}: ${i}`);
    const root = parseDocument(`{${members.join(",")}}`, "t.json").root;
    for (const key of [...names, "a3", "B5", "missing"]) {
      const want = walk(root, key);
      expect(childNode(root, key)).toBe(want?.children?.[1]);
      expect(childKey(root, key)).toBe(want ? String(want.children![0]!.value) : undefined);
    }
  }
});
