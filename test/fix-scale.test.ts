/**
 * Fixes stay linear in the number of fixes (issue 19: any input ends in bounded time). jsonc-parser's applyEdits
 * spliced the whole text once per edit and the fix loop compared every fix with every fix chosen before it: 2,000
 * exported accounts (6,000 fixes, 3 MB) took two minutes to fix.
 */
import { applyEdits } from "jsonc-parser";
import { expect, test } from "vitest";
import { applyTextEdits, fixLoop, unifiedDiff } from "../src/post/fix.js";
import type { Finding } from "../src/engine/findings.js";

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("applyTextEdits gives jsonc-parser's result, or throws where it throws, on random edit sets", () => {
  const next = rng(19);
  for (let round = 0; round < 2000; round++) {
    const text = "abcdefghijklmnopqrstuvwxyz".slice(0, 1 + Math.floor(next() * 26));
    const edits = Array.from({ length: Math.floor(next() * 6) }, (_, i) => {
      const offset = Math.floor(next() * (text.length + 1));
      return { offset, length: Math.floor(next() * Math.min(3, text.length - offset + 1)), content: `<${i}>` };
    });
    let want: string | Error;
    try {
      want = applyEdits(text, edits);
    } catch (e) {
      want = e as Error;
    }
    if (want instanceof Error) expect(() => applyTextEdits(text, edits), JSON.stringify({ text, edits })).toThrow(want.message);
    else expect(applyTextEdits(text, edits), JSON.stringify({ text, edits })).toBe(want);
  }
});

test("the fix loop keeps one fix's edits at one offset in order, and skips a fix that overlaps one chosen", () => {
  const fix = (ruleId: string, edits: { offset: number; length: number; content: string }[]) => ({ ruleId, fix: { description: ruleId, edits } }) as unknown as Finding;
  const text = '{"a": [1], "b": 2}';
  const findings = [
    // a comma, then a member, both inserted after `[1]`
    fix("X1", [
      { offset: 9, length: 0, content: "," },
      { offset: 9, length: 0, content: ' "c": 3' },
    ]),
    // overlaps the insertion point of X1: not applied in this pass
    fix("X2", [{ offset: 9, length: 0, content: "!" }]),
    // replaces `2`: far from the others
    fix("X3", [{ offset: 16, length: 1, content: "4" }]),
  ];
  const result = fixLoop(text, () => [], 10, findings);
  expect(result.output).toBe('{"a": [1], "c": 3, "b": 4}');
  expect([...result.applied.keys()].sort()).toEqual(["X1", "X3"]);
});

test("a unified diff of thousands of changes numbers its hunks as a diff of each hunk alone would", () => {
  // 1,900 lines: under the size at which the diff gives up on a line-by-line match (4,000,000 line pairs).
  const before = Array.from({ length: 1900 }, (_, i) => `line ${i}\n`).join("");
  const after = before.replace(/line (\d*7)\n/g, "LINE $1\n");
  const diff = unifiedDiff("f", before, after);
  const heads = diff.split("\n").filter((l) => l.startsWith("@@"));
  expect(heads.length).toBe(190);
  // Each change is 10 lines after the last: one hunk each, 3 lines of context on both sides.
  expect(heads[0]).toBe("@@ -5,7 +5,7 @@");
  expect(heads[189]).toBe("@@ -1895,6 +1895,6 @@");
});
