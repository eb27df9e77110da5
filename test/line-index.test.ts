/**
 * LineIndex (parse/lines.ts) gives every offset the line and column that positionIn, the plain count from the
 * start, gives: random texts of \n, \r\n and lone \r line breaks, short ones (line starts gathered in one pass) and
 * long ones (counted, then written).
 */
import { expect, test } from "vitest";
import { LineIndex, positionIn } from "../src/parse/lines.js";

function random(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

const PIECES = ["a", "bc", " ", "\n", "\r\n", "\r", "\n\n", "\r\r\n", "é", "{}"];

function randomText(next: () => number, length: number, withCr: boolean): string {
  let t = "";
  while (t.length < length) {
    const p = PIECES[Math.floor(next() * PIECES.length)]!;
    t += withCr ? p : p.replace(/\r/g, "");
  }
  return t;
}

test("line and column of every offset, as counted from the start", () => {
  const next = random(11);
  for (let i = 0; i < 400; i++) {
    const text = randomText(next, Math.floor(next() * 200), next() < 0.5);
    const index = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) expect(index.position(o), `${JSON.stringify(text)} at ${o}`).toEqual(positionIn(text, o));
  }
});

test("texts either side of the length where line starts are gathered in one pass", () => {
  const next = random(12);
  for (const length of [(1 << 16) - 2, (1 << 16) + 2]) {
    for (const withCr of [false, true]) {
      const text = randomText(next, length, withCr);
      const index = new LineIndex(text);
      const offsets = [0, 1, text.length >> 1, text.length - 1, text.length];
      for (let k = 0; k < 200; k++) offsets.push(Math.floor(next() * (text.length + 1)));
      for (const o of offsets) expect(index.position(o)).toEqual(positionIn(text, o));
      let lines = 1;
      for (let o = 0; o < text.length; o++) {
        const c = text.charCodeAt(o);
        if (c === 10 || (c === 13 && text.charCodeAt(o + 1) !== 10)) lines++;
      }
      expect(index.lineCount).toBe(lines);
    }
  }
});
