/** Comparison functions (ARM template functions reference). */
import { isUnknown, numberRange, plainUnknown, type Unknown, type Value } from "../../../../model/value.js";
import { INF, deepEquals, err, typeName } from "./helpers.js";
import type { Env, FnDef } from "../types.js";

export const COMPARISON: Record<string, FnDef> = {
  coalesce: {
    min: 1,
    max: INF,
    lazy: (args, _a, e) => {
      for (const x of args) {
        const v = e.ev(x, e);
        if (isUnknown(v)) return v;
        if (v !== null) return v;
      }
      return null;
    },
  },
  equals: { min: 2, max: 2, strictUnknown: false, fn: ([x, y], _a, e) => (outOfRange(x!, y!) ? false : deepEquals(x!, y!, e)) },
  greater: ordered((d) => d > 0),
  greaterorequals: ordered((d) => d >= 0),
  less: ordered((d) => d < 0),
  lessorequals: ordered((d) => d <= 0),
};

/** A number outside the bounds of an unknown one (value.ts, BoundedInt: a length of a partly known array) is not equal to it. */
function outOfRange(x: Value, y: Value): boolean {
  const p = numberRange(x);
  const q = numberRange(y);
  return p !== undefined && q !== undefined && (p.max < q.min || q.max < p.min);
}

/**
 * greater() and the like, `test` of the difference: of an unknown number with known bounds, decided when it holds
 * (or fails) at both ends of the range of differences; otherwise unknown.
 */
function ordered(test: (d: number) => boolean): FnDef {
  return {
    min: 2,
    max: 2,
    strictUnknown: false,
    fn: ([x, y], a, e) => {
      if (!isUnknown(x) && !isUnknown(y)) return test(compare(x!, y!, a, e));
      const p = numberRange(x!);
      const q = numberRange(y!);
      const unknown = plainUnknown((isUnknown(x) ? x : y) as Unknown);
      if (p === undefined || q === undefined) return unknown;
      const low = test(p.min - q.max);
      return low === test(p.max - q.min) ? low : unknown;
    },
  };
}

function compare(x: Value, y: Value, a: { o: number; name: string }, env: Env): number {
  if (typeof x === "number" && typeof y === "number") return x - y;
  if (typeof x === "string" && typeof y === "string") {
    env.b.chars(Math.min(x.length, y.length));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw err(a, `cannot compare ${typeName(x)} and ${typeName(y)}`);
}
