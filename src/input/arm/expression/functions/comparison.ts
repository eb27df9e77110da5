/** Comparison functions (ARM template functions reference). */
import { isUnknown, type Value } from "../../../../model/value.js";
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
  equals: { min: 2, max: 2, strictUnknown: false, fn: ([x, y], _a, e) => deepEquals(x!, y!, e) },
  greater: { min: 2, max: 2, fn: ([x, y], a, e) => compare(x!, y!, a, e) > 0 },
  greaterorequals: { min: 2, max: 2, fn: ([x, y], a, e) => compare(x!, y!, a, e) >= 0 },
  less: { min: 2, max: 2, fn: ([x, y], a, e) => compare(x!, y!, a, e) < 0 },
  lessorequals: { min: 2, max: 2, fn: ([x, y], a, e) => compare(x!, y!, a, e) <= 0 },
};

function compare(x: Value, y: Value, a: { o: number; name: string }, env: Env): number {
  if (typeof x === "number" && typeof y === "number") return x - y;
  if (typeof x === "string" && typeof y === "string") {
    env.b.chars(Math.min(x.length, y.length));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw err(a, `cannot compare ${typeName(x)} and ${typeName(y)}`);
}
