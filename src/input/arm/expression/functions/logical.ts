/**
 * Logical functions (ARM template functions reference). if(), and() and or() evaluate their own arguments (through
 * env.ev): an unknown one makes the result unknown only when the others do not decide it.
 */
import { isTooComplex } from "../../../budget.js";
import { isUnknown, type Unknown, type Value } from "../../../../model/value.js";
import { INF, deepEquals, err, typeName } from "./helpers.js";
import type { FnDef } from "../types.js";

export const LOGICAL: Record<string, FnDef> = {
  if: {
    min: 3,
    max: 3,
    lazy: ([c, t, f], a, e) => {
      const cond = e.ev(c!, e);
      if (isUnknown(cond)) {
        let tv: Value, fv: Value;
        try {
          tv = e.ev(t!, e);
          fv = e.ev(f!, e);
        } catch (er) {
          // A branch that cannot be evaluated leaves the result unknown; a budget error stops the evaluation.
          if (isTooComplex(er)) throw er;
          return cond;
        }
        return deepEquals(tv, fv, e) === true ? tv : cond;
      }
      if (typeof cond !== "boolean") throw err(a, `condition must be a bool, got ${typeName(cond)}`);
      return e.ev(cond ? t! : f!, e);
    },
  },
  and: shortCircuit(false),
  or: shortCircuit(true),
  not: {
    min: 1,
    max: 1,
    fn: ([v], a) => {
      if (typeof v !== "boolean") throw err(a, `argument must be a bool, got ${typeName(v!)}`);
      return !v;
    },
  },
  bool: {
    min: 1,
    max: 1,
    fn: ([v], a) => {
      if (typeof v === "boolean") return v;
      if (typeof v === "number") return v !== 0;
      if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
      throw err(a, `cannot convert ${JSON.stringify(v)} to a bool`);
    },
  },
  true: { min: 0, max: 0, fn: () => true },
  false: { min: 0, max: 0, fn: () => false },
};

/** and() / or(): the first argument equal to `decisive` decides; otherwise an Unknown argument makes it unknown. */
function shortCircuit(decisive: boolean): FnDef {
  return {
    min: 1,
    max: INF,
    lazy: (args, a, e) => {
      let unknown: Unknown | undefined;
      for (const x of args) {
        const v = e.ev(x, e);
        if (isUnknown(v)) unknown = v;
        else if (typeof v !== "boolean") throw err(a, `arguments must be bools, got ${typeName(v)}`);
        else if (v === decisive) return decisive;
      }
      return unknown ?? !decisive;
    },
  };
}
