/**
 * Object and array literals of Bicep expressions (scope.ts evaluates everything else): members evaluated in order,
 * spreads merged, and each member's place registered in the document (its pointer under `ptr`) with the parameters
 * and variables it read as its own origins, so a finding inside a literal names the member and where its value came
 * from.
 */
import { escapePointerToken, isObject, isUnknown, newObject, plainUnknown, provenance, Unknown, type Value } from "../../model/value.js";
import { EvalError, recordChildOrigins, tracking } from "../arm/scope.js";
import type { Expr } from "./ast.js";
import type { BicepScope, Bindings } from "./scope.js";

export function objectValue(scope: BicepScope, x: Extract<Expr, { k: "obj" }>, b: Bindings | undefined, ptr: string | undefined): Value {
  const o = newObject();
  scope.budget.made(x.members.length);
  let unknown: Unknown | undefined;
  for (const m of x.members) {
    if (m.m === "resource") continue;
    if (m.m === "spread") {
      const v = scope.valueOf(m.x, b);
      if (isObject(v)) Object.assign(o, v);
      else if (isUnknown(v)) unknown = plainUnknown(v);
      else if (v !== null) throw new EvalError("only an object can be spread into an object", scope.file, m.o);
      continue;
    }
    const key = scope.memberKey(m, b);
    const childPtr = ptr === undefined ? undefined : `${ptr}/${escapePointerToken(key)}`;
    if (childPtr !== undefined) scope.doc.mark(childPtr, m.value, m.keySpan, m.value.k === "obj" || m.value.k === "arr");
    o[key] = captured(scope, o, key, m.value, b, childPtr);
  }
  if (unknown) return new Unknown(`an object with a spread of an unknown value (${unknown.reason})`);
  if (ptr !== undefined) provenance.set(o, { file: scope.file, pointer: ptr });
  return o;
}

export function arrayValue(scope: BicepScope, x: Extract<Expr, { k: "arr" }>, b: Bindings | undefined, ptr: string | undefined): Value {
  const a: Value[] = [];
  scope.budget.made(x.items.length);
  let spread = false;
  for (const item of x.items) {
    if (item.k === "spread") {
      spread = true;
      const v = scope.valueOf(item.x, b);
      if (isUnknown(v)) return new Unknown(`an array with a spread of an unknown value (${v.reason})`);
      if (!Array.isArray(v)) throw new EvalError("only an array can be spread into an array", scope.file, item.o);
      scope.budget.array(a.length + v.length);
      a.push(...v);
      continue;
    }
    // After a spread, an element's index is not its place in the text.
    const childPtr = ptr === undefined || spread ? undefined : `${ptr}/${a.length}`;
    if (childPtr !== undefined) scope.doc.mark(childPtr, item, undefined, item.k === "obj" || item.k === "arr");
    a.push(captured(scope, a, a.length, item, b, childPtr));
  }
  if (ptr !== undefined && !spread) provenance.set(a, { file: scope.file, pointer: ptr });
  return a;
}

/** A member of a literal: the parameters and variables it read are its own origins (model/tree.ts childOrigins). */
function captured(scope: BicepScope, container: object, key: string | number, x: Expr, b: Bindings | undefined, ptr: string | undefined): Value {
  const r = tracking(scope, () => scope.valueOf(x, b, ptr));
  // A literal array or object has origins of its own, member by member.
  if (x.k !== "obj" && x.k !== "arr") recordChildOrigins(container, key, r.origins);
  return r.value;
}
