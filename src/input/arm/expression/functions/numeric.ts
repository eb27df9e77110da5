/** Numeric functions (ARM template functions reference), copyIndex() among them. */
import { isUnknown, type Value } from "../../../../model/value.js";
import { ExprError, InvalidTemplateError } from "../errors.js";
import { INF, err, int } from "./helpers.js";
import type { FnDef } from "../types.js";

export const NUMERIC: Record<string, FnDef> = {
  copyindex: {
    min: 0,
    max: 2,
    fn: (x, a, e) => {
      let loop: string | undefined;
      let offset = 0;
      if (typeof x[0] === "string") {
        loop = x[0];
        if (x[1] !== undefined) offset = int(x[1], a);
      } else if (x[0] !== undefined) offset = int(x[0], a);
      try {
        const i = e.ctx.copyIndex(loop);
        return isUnknown(i) ? i : i + offset;
      } catch (er) {
        // Located at the call; still the error the context threw (outside a loop: ARM rejects the template).
        if (er instanceof InvalidTemplateError) throw new InvalidTemplateError(er.message, a.o, a.name.length);
        if (er instanceof ExprError) throw new ExprError(er.message, a.o, a.name.length);
        throw er;
      }
    },
  },
  add: { min: 2, max: 2, fn: ([x, y], a) => int(x!, a) + int(y!, a) },
  sub: { min: 2, max: 2, fn: ([x, y], a) => int(x!, a) - int(y!, a) },
  mul: { min: 2, max: 2, fn: ([x, y], a) => int(x!, a) * int(y!, a) },
  div: {
    min: 2,
    max: 2,
    fn: ([x, y], a) => {
      const d = int(y!, a);
      if (d === 0) throw err(a, "division by zero");
      return trunc64(int(x!, a) / d);
    },
  },
  mod: {
    min: 2,
    max: 2,
    fn: ([x, y], a) => {
      const d = int(y!, a);
      if (d === 0) throw err(a, "division by zero");
      return int(x!, a) % d;
    },
  },
  int: {
    min: 1,
    max: 1,
    fn: ([v], a) => {
      if (typeof v === "number") return Math.trunc(v);
      if (typeof v === "string" && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
      throw err(a, `cannot convert ${JSON.stringify(v)} to an int`);
    },
  },
  float: {
    min: 1,
    max: 1,
    fn: ([v], a) => {
      const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw err(a, `cannot convert ${JSON.stringify(v)} to a float`);
      return n;
    },
  },
  min: { min: 1, max: INF, fn: (x, a) => minMax(x, a, Math.min) },
  max: { min: 1, max: INF, fn: (x, a) => minMax(x, a, Math.max) },
};

/** min() / max() of numbers or of one array of numbers (a loop: spreading a long array overflows the stack). */
function minMax(x: Value[], a: { o: number; name: string }, f: (p: number, q: number) => number): number {
  const values = x.length === 1 && Array.isArray(x[0]) ? x[0] : x;
  if (!values.length) throw err(a, "needs at least one number");
  let m = int(values[0]!, a);
  for (let i = 1; i < values.length; i++) m = f(m, int(values[i]!, a));
  return m;
}

function trunc64(n: number): number {
  return Math.trunc(n);
}
