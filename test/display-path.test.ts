/**
 * displayPath's fast way for a file below the base (pipeline/discover.ts: the rest of the path after "base/") gives
 * the strings path.relative gives: random paths of plain, dotted, empty and "..x" segments, inside and outside
 * random bases, compared with the general way.
 */
import path from "node:path";
import { expect, test } from "vitest";
import { displayPath, displayPathGeneral, relativeBelow } from "../src/pipeline/discover.js";

function random(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

const SEGMENTS = ["a", "b", "A", "tmp", "x.json", "é", ".", "..", "...", "..x", ".x", "x.", "x..", "", " ", "a b", "\\", "a\\b", "~"];

/** Half the paths of plain names only, the others of any segments. */
function randomPath(next: () => number, absolute: boolean): string {
  const n = Math.floor(next() * 5);
  const from = next() < 0.5 ? 5 : SEGMENTS.length;
  const segs = Array.from({ length: n }, () => SEGMENTS[Math.floor(next() * from)]!);
  const p = segs.join("/");
  return absolute ? `/${p}` : p;
}

test("the fast way below the base answers as path.relative does", () => {
  const next = random(7);
  let fast = 0;
  for (let i = 0; i < 200_000; i++) {
    const base = next() < 0.1 ? randomPath(next, next() < 0.5) : randomPath(next, true);
    const r = next();
    // Most files below the base, as a run's are; others anywhere.
    const abs = r < 0.6 ? `${base}/${randomPath(next, false)}` : r < 0.7 ? `${base}${randomPath(next, false)}` : randomPath(next, next() < 0.8);
    const want = displayPathGeneral(abs, base);
    const below = relativeBelow(abs, base);
    if (below !== undefined) {
      fast++;
      expect(below, `${JSON.stringify(abs)} below ${JSON.stringify(base)}`).toBe(want);
      expect(path.posix.relative(base, abs)).toBe(below);
    }
    if (path.sep === "/") expect(displayPath(abs, base), `${JSON.stringify(abs)} below ${JSON.stringify(base)}`).toBe(want);
  }
  // The comparison is worth something only if the fast way was taken often.
  expect(fast).toBeGreaterThan(20_000);
});

test("typical paths", () => {
  for (const [abs, base] of [
    ["/work/repo/templates/a.json", "/work/repo"],
    ["/a.json", "/"],
    ["/work/repo", "/work/repo"],
    ["/work/repo2/a.json", "/work/repo"],
    ["/work/other/a.json", "/work/repo"],
    ["/work/repo/../a.json", "/work/repo"],
    ["/work/repo/..a.json", "/work/repo"],
    ["/work/repo/.github/a.json", "/work/repo"],
    ["/work/repo/a.json", "/work/repo/"],
    ["", "/work/repo"],
  ] as const) {
    expect(displayPath(abs, base)).toBe(displayPathGeneral(abs, base));
  }
});
