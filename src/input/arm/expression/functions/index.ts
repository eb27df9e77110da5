/**
 * The function library: the table of every function evaluated here, by lower-cased name, assembled from one
 * module per category of Microsoft's ARM template functions reference. A new function goes in its category's
 * module (a new category: a module here); a name defined twice stops the import.
 *
 * Functions known only at deployment time (reference(), utcNow(), list*()...) are not in the table: evaluate.ts
 * makes them Unknown.
 */
import type { FnDef } from "../types.js";
import { ARRAY } from "./array.js";
import { ARRAY_SEARCH } from "./array-search.js";
import { CIDR } from "./cidr.js";
import { COMPARISON } from "./comparison.js";
import { DATE } from "./date.js";
import { DEPLOYMENT } from "./deployment.js";
import { LAMBDA } from "./lambda.js";
import { LOGICAL } from "./logical.js";
import { NUMERIC } from "./numeric.js";
import { OBJECT } from "./object.js";
import { RESOURCE } from "./resource.js";
import { SCOPE } from "./scope.js";
import { STRING } from "./string.js";

/**
 * A table without a prototype: a template may call any name, and `constructor()` or `__proto__()` must find
 * nothing (an unknown function), not Object.prototype's members.
 */
function assemble(categories: readonly Record<string, FnDef>[]): Record<string, FnDef> {
  const table = Object.create(null) as Record<string, FnDef>;
  for (const category of categories) {
    for (const name of Object.keys(category)) {
      if (Object.hasOwn(table, name)) throw new Error(`expression function '${name}' is defined in two categories`);
      table[name] = category[name]!;
    }
  }
  return table;
}

/** The "any function" of the reference, a category of one: any(value) is the value (it only silences type warnings). */
const ANY: Record<string, FnDef> = { any: { min: 1, max: 1, strictUnknown: false, fn: ([v]) => v! } };

export const FUNCTIONS: Record<string, FnDef> = assemble([ANY, DEPLOYMENT, SCOPE, RESOURCE, LOGICAL, COMPARISON, NUMERIC, STRING, ARRAY, ARRAY_SEARCH, OBJECT, LAMBDA, DATE, CIDR]);
