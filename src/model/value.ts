/**
 * The value model shared by the ARM expression evaluator, the template evaluator and the resource model.
 *
 * A `Value` is plain JSON data, except that any position may hold an `Unknown`: a value that cannot be
 * known statically (`reference()`, `newGuid()`, a parameter with no value, a deployment() field that was
 * not given on the command line ...). Rules never report on an Unknown.
 *
 * Objects are created with a null prototype (see `newObject`) so that keys such as `__proto__` are ordinary
 * data. ARM property names are case-insensitive: use `getProp` / `hasProp` to read them.
 */

/** A value that cannot be known statically. `reason` is for humans (`--report-unknown`). */
export class Unknown {
  constructor(readonly reason: string) {}
  toString(): string {
    return `<unknown: ${this.reason}>`;
  }
}

export type Value = null | boolean | number | string | Value[] | ValueObject | Unknown | LambdaValue;
export interface ValueObject {
  [key: string]: Value;
}

/** A `lambda(...)` value; only meaningful as an argument of filter/map/reduce/sort/toObject/groupBy. */
export interface LambdaValue {
  readonly kind: "lambda";
  readonly params: readonly string[];
  readonly call: (args: readonly Value[]) => Value;
}

/** Where a literal came from: a document (file path as given to the engine) and an RFC 6901 pointer in it. */
export interface SourceRef {
  readonly file: string;
  readonly pointer: string;
}

/**
 * Provenance of literal arrays and objects: when a parameter default, a parameters-file value or a variable
 * literal is turned into a Value, its arrays/objects are registered here so that a finding inside them can
 * name the exact origin element. The expression evaluator must return such objects by reference (never clone
 * them on plain property or index access) so this survives `parameters('x').y`.
 */
export const provenance = new WeakMap<object, SourceRef>();

/**
 * For arrays/objects assembled by evaluation: the origins (parameters, variables read) of each element or
 * property that was itself computed by an expression, keyed by property name or index.
 */
export const childOrigins = new WeakMap<object, Map<string | number, readonly SourceRef[]>>();

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

export function isLambda(v: unknown): v is LambdaValue {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "lambda" && typeof (v as LambdaValue).call === "function";
}

export function isObject(v: unknown): v is ValueObject {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Unknown) && !isLambda(v);
}

export function newObject(): ValueObject {
  return Object.create(null) as ValueObject;
}

/** Case-insensitive own-property lookup (ARM semantics). Returns `undefined` when absent. */
export function getProp(obj: ValueObject, key: string): Value | undefined {
  if (Object.hasOwn(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) {
    if (k.toLowerCase() === lower) return obj[k];
  }
  return undefined;
}

/** The actual key spelling in `obj` matching `key` case-insensitively, or undefined. */
export function findKey(obj: ValueObject, key: string): string | undefined {
  if (Object.hasOwn(obj, key)) return key;
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) {
    if (k.toLowerCase() === lower) return k;
  }
  return undefined;
}

/** RFC 6901 pointer helpers. */
export function escapePointerToken(token: string | number): string {
  if (typeof token === "number") return String(token);
  if (token.indexOf("~") < 0 && token.indexOf("/") < 0) return token;
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
export function joinPointer(base: string, token: string | number): string {
  return `${base}/${escapePointerToken(token)}`;
}
export function splitPointer(pointer: string): string[] {
  if (pointer === "") return [];
  const tokens = pointer.slice(1).split("/");
  return pointer.indexOf("~") < 0 ? tokens : tokens.map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}
