/**
 * The YAML of Bicep's loadYamlContent(): read with js-yaml's core schema (YAML 1.2's plain scalars: strings,
 * integers, floats, booleans, null) and no other tag, so a `!!js/function` or any custom tag is an error, never code
 * run (js-yaml 4 has no JavaScript types; they are refused as unknown tags). Duplicate keys, several documents and
 * nesting past js-yaml's depth limit are errors too. The result is a batchlint Value: objects without prototype, a
 * YAML alias the same Value as its anchor (never copied out), an alias to its own ancestor and a number JSON has no
 * text for (`.inf`, `.nan`) unknown.
 *
 * js-yaml is loaded on first use only (synchronously, with require: evaluation is synchronous), so a run that reads
 * no YAML beyond JSON never loads it (start-up time of the pre-commit case).
 */
import { createRequire } from "node:module";
import { newObject, Unknown, type Value } from "../../model/value.js";
import type { Budget } from "../budget.js";

type JsYaml = typeof import("js-yaml");

/** The YAML text's value, or why it has none (the note names the place in the file, never its text). */
export function parseYaml(text: string, budget: Budget, load: () => JsYaml = loadJsYaml): { value: Value } | { invalid: string } {
  let yaml: JsYaml;
  try {
    yaml = load();
  } catch {
    return { invalid: "cannot be read: the YAML reader (the js-yaml package) is not installed" };
  }
  let doc: unknown;
  try {
    doc = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (e) {
    if (e instanceof yaml.YAMLException) return { invalid: `is not valid YAML (${e.reason}${e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : ""})` };
    if (e instanceof RangeError) return { invalid: "is nested too deeply to read" };
    throw e;
  }
  if (doc === undefined) return { invalid: "holds no YAML document" };
  return { value: toValue(doc, budget, new Map(), new Set()) };
}

/**
 * js-yaml, required on first use. `require("js-yaml")` is what a bundler that bundles dependencies (the Action's,
 * scripts/bundle-action.mjs) sees and bundles, lazily; where `require` is not defined (an ES module: dist/src, or
 * dist/bundle, which leaves dependencies external) it throws and the package is required from node_modules.
 */
function loadJsYaml(): JsYaml {
  try {
    return require("js-yaml") as JsYaml;
  } catch {
    return createRequire(import.meta.url)("js-yaml") as JsYaml;
  }
}

/** A loaded YAML node as a Value; `made` shares an alias's Value with its anchor's, `open` finds a cycle. */
function toValue(v: unknown, budget: Budget, made: Map<object, Value>, open: Set<object>): Value {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : new Unknown(`the YAML number ${v} has no JSON value`);
  if (typeof v !== "object") return new Unknown("a YAML value that is not JSON");
  const known = made.get(v);
  if (known !== undefined) return known;
  if (open.has(v)) return new Unknown("a YAML alias that refers to a value containing it");
  open.add(v);
  let out: Value;
  if (Array.isArray(v)) {
    budget.made(v.length);
    out = v.map((item) => toValue(item, budget, made, open));
  } else {
    const o = newObject();
    const keys = Object.keys(v);
    budget.made(keys.length);
    for (const k of keys) o[k] = toValue((v as Record<string, unknown>)[k], budget, made, open);
    out = o;
  }
  open.delete(v);
  made.set(v, out);
  return out;
}
