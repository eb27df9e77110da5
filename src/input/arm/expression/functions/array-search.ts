/**
 * indexOf() and lastIndexOf(), which the reference documents twice: in a string (a case-insensitive search for a
 * substring) and in an array (the first or last element deeply equal to the item, strings compared
 * case-sensitively, so 'Three' is not found in ['one', 'two', 'three']).
 */
import { isUnknown, type Unknown, type Value } from "../../../../model/value.js";
import { deepEquals, err, scanned, str, typeName } from "./helpers.js";
import type { Env, FnDef } from "../types.js";

export const ARRAY_SEARCH: Record<string, FnDef> = {
  indexof: { min: 2, max: 2, strictUnknown: false, fn: ([c, item], a, e) => search(c!, item!, false, a, e) },
  lastindexof: { min: 2, max: 2, strictUnknown: false, fn: ([c, item], a, e) => search(c!, item!, true, a, e) },
};

function search(container: Value, item: Value, last: boolean, a: { o: number; name: string }, env: Env): Value {
  if (isUnknown(container)) return container;
  if (typeof container === "string") {
    if (isUnknown(item)) return item;
    const text = scanned(container, env).toLowerCase();
    const find = str(item, a, "the string to find").toLowerCase();
    return last ? text.lastIndexOf(find) : text.indexOf(find);
  }
  if (!Array.isArray(container)) throw err(a, `first argument must be a string or an array, got ${typeName(container)}`);
  // An element that cannot be compared (unknown) before the first match leaves the index unknown: it may be the match.
  let unknown: Unknown | undefined;
  for (let k = 0; k < container.length; k++) {
    const i = last ? container.length - 1 - k : k;
    const r = deepEquals(container[i]!, item, env);
    if (r === true) return unknown ?? i;
    if (isUnknown(r)) unknown ??= r;
  }
  return unknown ?? -1;
}
