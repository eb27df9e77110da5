/** Shapes: the keys of parsed objects, shared by objects written with the same keys in the same order. */
import { describe, expect, test } from "vitest";
import { shapeOf } from "../src/model/shape.js";

describe("object shapes", () => {
  test("objects with the same keys in the same order share one shape; its keys, lower-cased look-up and order", () => {
    const a = shapeOf(JSON.parse('{"id": 1, "Type": "x", "type": "y", "name": "n"}'));
    const b = shapeOf(JSON.parse('{"id": 2, "Type": "z", "type": "w", "name": "m"}'));
    expect(b).toBe(a);
    expect(a.keys).toEqual(["id", "Type", "type", "name"]);
    // Case variants are one key, at the first spelling's place, with the last spelling (as a Map's set gives).
    expect(a.lower.get("type")).toBe(2);
    expect(a.order).toEqual([0, 2, 3]);
    expect(shapeOf({ id: 1, name: "n" })).not.toBe(a);
    expect(shapeOf({ name: "n", id: 1 }).keys).toEqual(["name", "id"]);
    expect(shapeOf({}).keys).toEqual([]);
  });

  test("objects with many keys get shapes of their own; after many shapes the trie starts again, and keys stay right", () => {
    const wide = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`k${i}`, i]));
    const s = shapeOf(wide);
    expect(s.keys).toEqual(Object.keys(wide));
    expect(shapeOf(wide)).not.toBe(s);
    // Objects keyed by ids: a shape each, more than the trie keeps.
    for (let i = 0; i < 30_000; i++) {
      const o = { [`/subscriptions/s/id${i}`]: 1, [`other${i % 7}`]: 2 };
      if (i % 997 === 0) expect(shapeOf(o).keys).toEqual(Object.keys(o));
      else shapeOf(o);
    }
    const deep = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`d${i}`, i]));
    expect(shapeOf(deep).keys).toEqual(Object.keys(deep));
    shapeOf(deep); // (the trie may have started again while the first call walked it)
    expect(shapeOf({ ...deep })).toBe(shapeOf(deep));
  });
});
