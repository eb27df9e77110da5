/** Lambda functions (ARM template functions reference): lambda() makes a function value that the others call. */
import { isLambda, isObject, isUnknown, newObject, plainUnknown, type LambdaValue, type Unknown, type Value } from "../../../../model/value.js";
import { InvalidTemplateError } from "../errors.js";
import { INF, arr, err, madeArray, str } from "./helpers.js";
import type { FnDef } from "../types.js";

/** An error in how a lambda is written, which ARM rejects whatever the values (errors.ts): it stays an error. */
const invalid = (a: { o: number; name: string }, msg: string) => new InvalidTemplateError(`${a.name}(): ${msg}`, a.o, a.name.length);

export const LAMBDA: Record<string, FnDef> = {
  lambda: {
    min: 1,
    max: INF,
    lazy: (args, a, e) => {
      const names = args.slice(0, -1).map((x) => {
        if (x.k !== "str") throw invalid(a, "lambda parameter names must be string literals");
        return x.v;
      });
      const body = args[args.length - 1]!;
      const lam: LambdaValue = {
        kind: "lambda",
        params: names,
        call: (vals) => {
          // A call makes a scope: it costs as much as a few evaluation nodes.
          e.b.step(LAMBDA_CALL_STEPS);
          const scope = new Map<string, Value>();
          for (const [i, n] of names.entries()) scope.set(n.toLowerCase(), vals[i] ?? null);
          e.lambdaVars.push(scope);
          try {
            return e.ev(body, e);
          } finally {
            e.lambdaVars.pop();
          }
        },
      };
      return lam as unknown as Value;
    },
  },
  lambdavariables: {
    min: 1,
    max: 1,
    fn: ([n], a, e) => {
      const name = str(n!, a).toLowerCase();
      for (let i = e.lambdaVars.length - 1; i >= 0; i--) {
        const s = e.lambdaVars[i]!;
        if (s.has(name)) return s.get(name)!;
      }
      throw invalid(a, `lambda variable '${String(n)}' is not defined`);
    },
  },
  filter: {
    min: 2,
    max: 2,
    fn: ([v, l], a, e) => {
      const f = lambdaOf(l!, a);
      const out: Value[] = [];
      let unknown: Unknown | undefined;
      for (const [i, x] of arr(v!, a).entries()) {
        const r = callLambda(f, [x, i]);
        if (isUnknown(r)) unknown = plainUnknown(r);
        else if (r === true) out.push(x);
      }
      return unknown ?? madeArray(out, e);
    },
  },
  map: {
    min: 2,
    max: 2,
    fn: ([v, l], a, e) => {
      const f = lambdaOf(l!, a);
      const xs = arr(v!, a);
      e.b.array(xs.length);
      return xs.map((x, i) => callLambda(f, [x, i]));
    },
  },
  mapvalues: {
    min: 2,
    max: 2,
    fn: ([v, l], a, e) => {
      if (!isObject(v)) throw err(a, "first argument must be an object");
      const f = lambdaOf(l!, a);
      const keys = Object.keys(v);
      e.b.made(keys.length);
      const o = newObject();
      for (const k of keys) o[k] = callLambda(f, [v[k]!]);
      return o;
    },
  },
  reduce: {
    min: 3,
    max: 3,
    fn: ([v, init, l], a) => {
      let acc: Value = init!;
      for (const [i, x] of arr(v!, a).entries()) {
        acc = callLambda(lambdaOf(l!, a), [acc, x, i]);
        if (isUnknown(acc)) return acc;
      }
      return acc;
    },
  },
  sort: {
    min: 2,
    max: 2,
    fn: ([v, l], a, e) => {
      const f = lambdaOf(l!, a);
      const xs = [...madeArray(arr(v!, a), e)];
      let unknown: Unknown | undefined;
      xs.sort((p, q) => {
        const r = callLambda(f, [p, q]);
        if (isUnknown(r)) {
          unknown = plainUnknown(r);
          return 0;
        }
        return r === true ? -1 : callLambda(f, [q, p]) === true ? 1 : 0;
      });
      return unknown ?? xs;
    },
  },
  toobject: {
    min: 2,
    max: 3,
    fn: ([v, k, val], a, e) => {
      const o = newObject();
      const xs = arr(v!, a);
      e.b.made(xs.length);
      for (const x of xs) {
        const key = callLambda(lambdaOf(k!, a), [x]);
        if (isUnknown(key)) return plainUnknown(key);
        o[str(key, a, "key")] = val === undefined ? x : callLambda(lambdaOf(val, a), [x]);
      }
      return o;
    },
  },
  groupby: {
    min: 2,
    max: 2,
    fn: ([v, l], a, e) => {
      const o = newObject();
      const xs = arr(v!, a);
      // A member per group and an element per value, at most two per value.
      e.b.made(2 * xs.length);
      // Groups by key compared case-insensitively, under the key's first spelling (a look-up, not a scan per value).
      const groups = new Map<string, Value[]>();
      for (const x of xs) {
        const key = callLambda(lambdaOf(l!, a), [x]);
        if (isUnknown(key)) return plainUnknown(key);
        const ks = str(key, a, "key");
        const existing = groups.get(ks.toLowerCase());
        if (existing) existing.push(x);
        else groups.set(ks.toLowerCase(), (o[ks] = [x]));
      }
      return o;
    },
  },
};

/** Steps a call of a lambda counts (budget.ts). */
const LAMBDA_CALL_STEPS = 5;

function lambdaOf(v: Value, a: { o: number; name: string }): LambdaValue {
  if (!isLambda(v)) throw invalid(a, "expects a lambda(...) argument");
  return v;
}

function callLambda(l: LambdaValue, args: Value[]): Value {
  return l.call(args);
}
