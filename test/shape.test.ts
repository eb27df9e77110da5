/** Shapes: the keys of parsed objects, shared by objects written with the same keys in the same order. */
import { describe, expect, test } from "vitest";
import { RunContext } from "../src/context.js";
import { modelState } from "../src/model/state.js";
import { nodeFromPlain } from "../src/model/literal.js";

/** A run's shapes (each test its own run). */
function shapes() {
  return modelState(new RunContext()).shapes;
}

describe("object shapes", () => {
  test("objects with the same keys in the same order share one shape; its keys, lower-cased look-up and order", () => {
    const run = shapes();
    const a = run.of(JSON.parse('{"id": 1, "Type": "x", "type": "y", "name": "n"}'));
    const b = run.of(JSON.parse('{"id": 2, "Type": "z", "type": "w", "name": "m"}'));
    expect(b).toBe(a);
    expect(a.keys).toEqual(["id", "Type", "type", "name"]);
    // Case variants are one key, at the first spelling's place, with the last spelling (as a Map's set gives).
    expect(a.lower.get("type")).toBe(2);
    expect(a.order).toEqual([0, 2, 3]);
    expect(run.of({ id: 1, name: "n" })).not.toBe(a);
    expect(run.of({ name: "n", id: 1 }).keys).toEqual(["name", "id"]);
    expect(run.of({}).keys).toEqual([]);
  });

  test("objects with many keys get shapes of their own; after many shapes the trie starts again, and keys stay right", () => {
    const run = shapes();
    const wide = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`k${i}`, i]));
    const s = run.of(wide);
    expect(s.keys).toEqual(Object.keys(wide));
    expect(run.of(wide)).not.toBe(s);
    // Objects keyed by ids: a shape each, more than the trie keeps.
    for (let i = 0; i < 30_000; i++) {
      const o = { [`/subscriptions/s/id${i}`]: 1, [`other${i % 7}`]: 2 };
      if (i % 997 === 0) expect(run.of(o).keys).toEqual(Object.keys(o));
      else run.of(o);
    }
    const deep = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`d${i}`, i]));
    expect(run.of(deep).keys).toEqual(Object.keys(deep));
    run.of(deep); // (the trie may have started again while the first call walked it)
    expect(run.of({ ...deep })).toBe(run.of(deep));
  });

  test("the trie is the run's: shared by the documents of a run, never by two runs", () => {
    const one = modelState(new RunContext());
    const other = modelState(new RunContext());
    const account = () => JSON.parse('{"id": "/a", "type": "Microsoft.Batch/batchAccounts", "properties": {"publicNetworkAccess": "Enabled"}}');
    expect(one.shapes.of(account())).toBe(one.shapes.of(account()));
    expect(other.shapes.of(account())).not.toBe(one.shapes.of(account()));
    // Two documents of one run: their objects' shapes (found as they are read) are the run's.
    const a = nodeFromPlain(one, account(), "a.json", "");
    const b = nodeFromPlain(one, account(), "b.json", "");
    const c = nodeFromPlain(other, account(), "c.json", "");
    for (const n of [a, b, c]) expect(n.t === "obj" && n.props.get("properties")?.node.t).toBe("obj");
    const shapeOf = (n: typeof a) => (n as unknown as { own(): unknown }).own();
    expect(shapeOf(a)).toBe(shapeOf(b));
    expect(shapeOf(c)).not.toBe(shapeOf(a));
    expect(shapeOf(a)).toBe(one.shapes.of(account()));
  });
});
