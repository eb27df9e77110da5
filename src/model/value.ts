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

/**
 * Partial knowledge: an array that is not known in full, of which some elements are. It is an Unknown, and whatever
 * does not ask for the known part treats it as one, which stays correct: only the readers of the known part (the
 * array functions, `Prop.knownItems`/`includes`) and nothing else learn more from it.
 *
 * `elements` is a lower bound: each listed occurrence is an element of the array of its own (the array has at least
 * `elements.length` elements and contains each of them); the first `prefix` of them are its first elements, in order;
 * where the others are is not known. A function that hands such a value on unchanged as the value of something else
 * (a property of it, its length, a comparison) must not keep the known part: `plainUnknown` drops it.
 */
export class PartialArray extends Unknown {
  constructor(
    reason: string,
    readonly elements: readonly Value[],
    readonly prefix: number,
  ) {
    super(reason);
  }
}

/**
 * An object that is not known in full, of which some members are: each key of `members` is certainly one of its keys
 * (an Unknown value where the key is known but not its value), and it may have other members. Keys compare
 * case-insensitively, as ARM's do (`member`).
 */
export class PartialObject extends Unknown {
  constructor(
    reason: string,
    readonly members: ValueObject,
  ) {
    super(reason);
  }
  /** The member under `key` when it is one of the known members, else undefined (absent or not known). */
  member(key: string): Value | undefined {
    return getProp(this.members, key);
  }
}

/**
 * An unknown integer between `min` and `max` (max may be Infinity): the length of a partly known array or object,
 * enough to decide `greater(length(x), 0)` when its known part is not empty.
 */
export class BoundedInt extends Unknown {
  constructor(
    reason: string,
    readonly min: number,
    readonly max: number,
  ) {
    super(reason);
  }
}

/** The range a number lies in: [v, v] for a known number, the bounds of a BoundedInt; undefined for anything else. */
export function numberRange(v: Value): { readonly min: number; readonly max: number } | undefined {
  if (typeof v === "number") return { min: v, max: v };
  return v instanceof BoundedInt ? v : undefined;
}

/** An Unknown that knows part of its value (PartialArray, PartialObject, BoundedInt). */
export function isPartial(v: unknown): v is PartialArray | PartialObject | BoundedInt {
  return v instanceof PartialArray || v instanceof PartialObject || v instanceof BoundedInt;
}

/** The same Unknown without its known part (for the value of something else that is unknown because `v` is). */
export function plainUnknown(v: Unknown): Unknown {
  return isPartial(v) ? new Unknown(v.reason) : v;
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
