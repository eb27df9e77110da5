/**
 * String templates (quoted strings and heredocs): literal parts, `${}` interpolations converted to strings as
 * Terraform does (numbers and bools; null and collections are errors), and the `%{if}` / `%{for}` directives.
 * A template that is a single interpolation is the interpolated value itself, unconverted (as hclsyntax).
 */
import { Unknown, type Value } from "../../../model/value.js";
import type { Expr, TemplatePart } from "../ast.js";
import type { EvalContext, TfScope } from "./evaluate.js";
import { asBool, asString, forPairs, isAbort, LimitUnknown, MAX_STRING, fail, overBudget, spend, unknown } from "./values.js";

type Ev = (e: Expr, s?: TfScope) => Value;

export function evalTemplate(parts: readonly TemplatePart[], scope: TfScope, ctx: EvalContext, ev: Ev): Value {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.p === "interp") return ev(only.x, scope);
  return render(parts, scope, ctx, ev);
}

function render(parts: readonly TemplatePart[], scope: TfScope, ctx: EvalContext, ev: Ev): string | Unknown {
  let out = "";
  let u: Unknown | undefined;
  const add = (s: string | Unknown): Unknown | undefined => {
    if (s instanceof Unknown && isAbort(s)) return s;
    if (s instanceof Unknown) u ??= unknown(`template with an unknown part (${s.reason})`);
    else {
      if (out.length + s.length > MAX_STRING) return new LimitUnknown(`evaluation limit: a template longer than ${MAX_STRING} characters`);
      out += s;
    }
    return undefined;
  };
  for (const part of parts) {
    let err: Unknown | undefined;
    if (part.p === "lit") err = add(part.v);
    else if (part.p === "interp") {
      const v = ev(part.x, scope);
      err = add(v === null ? fail("template interpolation of a null value") : asString(v, "template interpolation"));
    } else if (part.p === "if") {
      const c = asBool(ev(part.cond, scope), "template %{if} condition");
      err = c instanceof Unknown ? add(c) : add(render(c ? part.a : (part.b ?? []), scope, ctx, ev));
    } else err = add(renderFor(part, scope, ctx, ev));
    if (err) return err;
  }
  return u ?? out;
}

function renderFor(part: Extract<TemplatePart, { p: "for" }>, scope: TfScope, ctx: EvalContext, ev: Ev): string | Unknown {
  const pairs = forPairs(ev(part.coll, scope), "template %{for}");
  if (pairs instanceof Unknown) return pairs;
  if (!spend(ctx.budget, pairs.length)) return overBudget();
  let out = "";
  let u: Unknown | undefined;
  for (const [k, v] of pairs) {
    const bound = new Map<string, Value>([[part.valVar.name, v]]);
    if (part.keyVar) bound.set(part.keyVar.name, k);
    const s: TfScope = { root: (n) => (bound.has(n) ? bound.get(n) : scope.root(n)) };
    const r = render(part.body, s, ctx, ev);
    if (r instanceof Unknown && isAbort(r)) return r;
    if (r instanceof Unknown) u ??= r;
    else if (out.length + r.length > MAX_STRING) return new LimitUnknown(`evaluation limit: a template longer than ${MAX_STRING} characters`);
    else out += r;
  }
  return u ?? out;
}
