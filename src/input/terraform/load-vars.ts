/**
 * Values given to a root module's variables: the attributes of a .tfvars file (each at its line: `/<name>` in
 * that file) and --var values (the text as a string for a string-typed or untyped variable; parsed as an HCL
 * expression for a complex type, as terraform does).
 */
import { isObject, newObject, Unknown, type Value } from "../../model/value.js";
import type { Expr, Span } from "./ast.js";
import type { TerraformDoc } from "./doc.js";
import { evaluate, mapScope, newContext } from "./eval/evaluate.js";
import { isAbort } from "./eval/values.js";
import type { Supplied } from "./load-eval.js";
import type { TfVariable } from "./load-module.js";
import { HclSyntaxError, parseHclText } from "./parser.js";
import { escapePointerToken } from "../../model/value.js";

interface Noter {
  note(file: string, at: Span | undefined, message: string): void;
}

/** A .tfvars file's values (no names are defined there: a reference is an error, noted, the value unknown). */
export function tfvarsValues(doc: TerraformDoc, host: Noter): Map<string, Supplied> {
  const out = new Map<string, Supplied>();
  for (const item of doc.parsed.body.items) {
    if (item.kind !== "attr") continue;
    const pointer = `/${escapePointerToken(item.name)}`;
    doc.mark(pointer, item.value, item.nameSpan, item.value.k === "tuple" || item.value.k === "object");
    const value = evaluate(item.value, mapScope({}), newContext());
    if (value instanceof Unknown && isAbort(value)) host.note(doc.file, item.value, `the value of ${item.name} cannot be evaluated (${value.reason})`);
    out.set(item.name, { value, origins: [{ file: doc.file, pointer }] });
  }
  return out;
}

/** A --var NAME=VALUE value for `v` (undefined: a variable the module does not declare, taken as a string). */
export function cliVarValue(v: TfVariable | undefined, text: string, host: Noter): Value {
  if (!v?.type || primitive(v.type)) return text;
  try {
    const parsed = parseHclText(`v = ${text}\n`, { attributesOnly: true });
    const item = parsed.body.items[0];
    if (item?.kind !== "attr" || parsed.body.items.length !== 1) throw new HclSyntaxError("not one expression", 0);
    return evaluate(item.value, mapScope({}), newContext());
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) throw e;
    host.note(v.doc.file, v.block.labels[0], `--var ${v.name}: the value is not an HCL expression (${e.message}); it is unknown`);
    return new Unknown(`--var ${v.name} is not an HCL expression`);
  }
}

/** `string`, `number`, `bool` (and `any`, which terraform reads --var text for as a string). */
function primitive(t: { k: string; name?: string }): boolean {
  return t.k === "var" && ["string", "number", "bool", "any"].includes(t.name ?? "");
}

/**
 * A variable's value converted to its declared `type`, as terraform converts it: an object type's attributes not
 * given take their `optional(T, default)` default (or null) and undeclared ones are dropped; a map's, list's and
 * set's elements are converted; a primitive is converted between string, number and bool where terraform does. A
 * value that does not convert, or a type not understood, is left as it is.
 */
export function convertToType(v: Value, t: Expr, depth = 0): Value {
  if (v === null || v instanceof Unknown || depth > 100) return v;
  if (t.k === "var") {
    if (t.name === "string" && (typeof v === "number" || typeof v === "boolean")) return typeof v === "number" ? String(v) : v ? "true" : "false";
    if (t.name === "number" && typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    if (t.name === "bool" && (v === "true" || v === "false")) return v === "true";
    return v;
  }
  if (t.k !== "call" || t.args.length === 0) return v;
  const arg = t.args[0]!;
  switch (t.name) {
    case "object": {
      if (arg.k !== "object" || !isObject(v)) return v;
      const out = newObject();
      for (const item of arg.items) {
        const name = item.bare ?? (item.key.k === "template" && item.key.parts[0]?.p === "lit" ? item.key.parts[0].v : undefined);
        if (name === undefined) return v;
        let at = item.value;
        let fallback: Value | undefined;
        if (at.k === "call" && at.name === "optional" && at.args.length > 0) {
          fallback = at.args[1] ? evaluate(at.args[1], mapScope({}), newContext()) : null;
          at = at.args[0]!;
        }
        if (Object.hasOwn(v, name) && v[name] !== null) out[name] = convertToType(v[name]!, at, depth + 1);
        else if (fallback !== undefined) out[name] = fallback === null ? null : convertToType(fallback, at, depth + 1);
        else if (Object.hasOwn(v, name)) out[name] = null;
      }
      return out;
    }
    case "map":
      if (!isObject(v)) return v;
      return Object.assign(newObject(), Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convertToType(x, arg, depth + 1)])));
    case "list":
    case "set":
      return Array.isArray(v) ? v.map((x) => convertToType(x, arg, depth + 1)) : v;
    default:
      return v;
  }
}
