// biome-ignore-all lint/suspicious/noThenProperty: Azure Policy rules are written { if, then }
/**
 * Loading Azure Policy for `--policy PATH` (a file or a directory of *.json), `--policy builtin:batch` (the vendored
 * built-in Batch definitions, policy/builtin/batch.json) and the configuration's `policies`: definitions, policy sets
 * (initiatives) and assignments, in the shapes Azure prints and stores them, into plain data (`PolicySetup`) that a
 * worker thread rebuilds the same rules from (see rules.ts, setup.ts).
 *
 * Accepted shapes of a file (JSON, comments allowed; a file may also hold an array of them):
 *   - a definition as `az policy definition show` prints it: top-level `name`, `properties.{displayName,
 *     description, mode, parameters, policyRule}`; as the azure-policy repository stores it (the same, sometimes
 *     `properties` only: the name is then the file's); a bare `{ policyRule, parameters?, mode? }`;
 *   - a policy set (initiative): `properties.policyDefinitions[]` with `policyDefinitionId` (its last segment is
 *     the member's name or GUID, among the loaded definitions) and `parameters` mapping the set's parameters into
 *     the member's (`{ "value": "[parameters('x')]" }` or a literal value);
 *   - an assignment: `properties.policyDefinitionId` and `properties.parameters.{name}.value`: values for the
 *     parameters of the definition or set it names.
 * Every problem is a PolicyLoadError naming the file (and line:column for invalid JSON): exit 2.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ParseError } from "jsonc-parser";
import { jsonc } from "../parse/jsonc.js";
import { LineIndex } from "../parse/document.js";

/** A policy definition as the evaluator takes it (src/policy/evaluate.ts PolicyDefinition), plain JSON. */
export interface PolicyDefinitionData {
  name: string;
  displayName?: string;
  description?: string;
  mode: string;
  parameters: Record<string, { type?: string; defaultValue?: unknown; allowedValues?: unknown[] }>;
  policyRule: { if: unknown; then: { effect: string; details?: unknown } };
}

/** One definition to run, with the parameter values it is assigned: what a policy rule is built from. */
export interface LoadedPolicy {
  readonly definition: PolicyDefinitionData;
  /** Assigned parameter values (assignment, initiative, --policy-param); the rest take their defaultValue. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The file it was read from, as given (or `builtin:batch/<file>`). */
  readonly source: string;
  /** A built-in rule that checks the same thing (the built-in index's `sameAs`), e.g. "BATCH001". */
  readonly sameAs?: string;
  /** The policy set (initiative) it runs as a member of, by name. */
  readonly initiative?: string;
}

/** What loading gives: structured-clone-able, for worker threads (WorkerSetup.policies). */
export interface PolicySetup {
  readonly policies: readonly LoadedPolicy[];
  /**
   * Built-in definitions not run because a parameter they need has no value and no default (the metric alert
   * definition's metricName): a built-in set is taken whole, so these are left out, not errors (--verbose says so).
   */
  readonly skipped?: readonly { readonly name: string; readonly source: string; readonly reason: string }[];
}

/** A policy input that cannot be used: exit 2, naming the file (and the place in it for invalid JSON). */
export class PolicyLoadError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}:${column ?? 1}` : ""}: ${message}`);
  }
}

export const BUILTIN_PREFIX = "builtin:";

/** The places the vendored built-in policies may be, relative to this module (source, dist/src, dist/bundle). */
export const POLICY_PLACES: readonly string[] = ["../../policy", "../../../policy", "../policy"].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));

/** The directory of the vendored policies (holding builtin/), or undefined when the installation lacks it. */
export function findPolicyDir(): string | undefined {
  return POLICY_PLACES.find((p) => fs.existsSync(path.join(p, "builtin")));
}

export interface LoadOptions {
  /** Resolves relative paths (the current directory for --policy, the configuration's directory for `policies`). */
  readonly cwd: string;
  /** --policy-param NAME=VALUE: for every definition or set that declares NAME; wins over assignments. */
  readonly params?: ReadonlyMap<string, unknown>;
  /** The directory holding builtin/ (default: findPolicyDir()); for tests. */
  readonly policyDir?: string;
}

type Json = Record<string, unknown>;

interface ReadDoc {
  readonly value: unknown;
  readonly source: string;
  readonly sameAs?: string;
  /** The file's name without .json: the name of a definition stored without one. */
  readonly stem: string;
}

interface SetMember {
  readonly id: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly referenceId?: string;
}

interface PolicySet {
  readonly name: string;
  readonly parameters: PolicyDefinitionData["parameters"];
  readonly members: readonly SetMember[];
  readonly source: string;
}

interface Assignment {
  readonly target: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly source: string;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The last segment of a policyDefinitionId (or a name), lower-cased. */
function idTail(id: string): string {
  const parts = id.split("/").filter(Boolean);
  return (parts[parts.length - 1] ?? id).toLowerCase();
}

/** Reads and parses one JSON file; PolicyLoadError on a missing file or invalid JSON (with line:column). */
function readJson(abs: string, shown: string): unknown {
  let text: string;
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) throw Object.assign(new Error("not a file"), { code: "not a file" });
    text = fs.readFileSync(abs, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PolicyLoadError(shown, `cannot read policy file: ${code === "ENOENT" ? "no such file or directory" : (code ?? (e as Error).message)}`);
  }
  const errors: ParseError[] = [];
  const value = jsonc().parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const p = new LineIndex(text).position(errors[0]!.offset);
    throw new PolicyLoadError(shown, `invalid JSON: ${jsonc().printParseErrorCode(errors[0]!.error)}`, p.line, p.column);
  }
  if (text.trim() === "") throw new PolicyLoadError(shown, "empty policy file", 1, 1);
  return value;
}

/** The documents a --policy or `policies` entry names: a file, the *.json files of a directory, or builtin:NAME. */
function readSpec(spec: string, opts: LoadOptions): ReadDoc[] {
  if (spec.toLowerCase().startsWith(BUILTIN_PREFIX)) return readBuiltin(spec.slice(BUILTIN_PREFIX.length), opts);
  const abs = path.resolve(opts.cwd, spec);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new PolicyLoadError(spec, "cannot read policy file: no such file or directory");
  }
  if (st.isDirectory()) {
    const files = fs
      .readdirSync(abs)
      .filter((f) => f.toLowerCase().endsWith(".json"))
      .sort();
    if (files.length === 0) throw new PolicyLoadError(spec, "no *.json policy file in this directory");
    return files.map((f) => {
      const shown = path.join(spec, f);
      return { value: readJson(path.join(abs, f), shown), source: shown, stem: f.replace(/\.json$/i, "") };
    });
  }
  return [{ value: readJson(abs, spec), source: spec, stem: path.basename(abs).replace(/\.json$/i, "") }];
}

/**
 * builtin:NAME: the index policy/builtin/NAME.json lists the files of policy/builtin/NAME/ (an array, or
 * `{ definitions: [...] }`; each entry a file name, or an object with `file` (or `path`) and optional `sameAs`).
 * Without an index, every *.json of the directory.
 */
function readBuiltin(name: string, opts: LoadOptions): ReadDoc[] {
  const spec = `${BUILTIN_PREFIX}${name}`;
  const root = opts.policyDir ?? findPolicyDir();
  if (!/^[a-z0-9-]+$/i.test(name)) throw new PolicyLoadError(spec, "unknown built-in policy set (available: builtin:batch)");
  if (root === undefined) throw new PolicyLoadError(spec, `the built-in policies (policy/builtin) are in none of ${POLICY_PLACES.join(", ")}; reinstall batchlint`);
  const dir = path.join(root, "builtin", name.toLowerCase());
  const indexFile = path.join(root, "builtin", `${name.toLowerCase()}.json`);
  if (!fs.existsSync(dir) && !fs.existsSync(indexFile)) throw new PolicyLoadError(spec, "unknown built-in policy set (available: builtin:batch)");
  let entries: { file: string; sameAs?: string }[];
  if (fs.existsSync(indexFile)) {
    const index = readJson(indexFile, `${spec} (index)`);
    const list = Array.isArray(index) ? index : isObject(index) ? (index.definitions ?? index.policies) : undefined;
    if (!Array.isArray(list)) throw new PolicyLoadError(`${spec} (index)`, "the index must be an array of entries or { definitions: [...] }");
    entries = list.flatMap((e): { file: string; sameAs?: string }[] => {
      if (typeof e === "string") return [{ file: e }];
      if (!isObject(e)) return [];
      const file = typeof e.file === "string" ? e.file : typeof e.path === "string" ? e.path : undefined;
      if (file === undefined) return [];
      return [{ file, sameAs: typeof e.sameAs === "string" ? e.sameAs : undefined }];
    });
  } else {
    entries = fs
      .readdirSync(dir)
      .filter((f) => f.toLowerCase().endsWith(".json"))
      .sort()
      .map((file) => ({ file }));
  }
  return entries.map((e) => {
    // Entries are relative to the index's directory, or to the set's own directory.
    const inRoot = path.resolve(root, "builtin", e.file);
    const abs = fs.existsSync(inRoot) ? inRoot : path.resolve(dir, e.file);
    const shown = `${spec}/${path.basename(e.file)}`;
    return { value: readJson(abs, shown), source: shown, sameAs: e.sameAs, stem: path.basename(e.file).replace(/\.json$/i, "") };
  });
}

/** A parameter's value as an assignment or set member gives it: `{ value: ... }`, or the value bare. */
function paramValue(v: unknown): unknown {
  return isObject(v) && "value" in v ? v.value : v;
}

function paramValues(o: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (isObject(o)) for (const [k, v] of Object.entries(o)) out[k] = paramValue(v);
  return out;
}

type Classified = { kind: "definition"; def: PolicyDefinitionData } | { kind: "set"; set: PolicySet } | { kind: "assignment"; assignment: Assignment };

/** What one JSON value is: a definition, a set or an assignment; PolicyLoadError when none. */
function classify(value: unknown, doc: ReadDoc): Classified {
  const where = doc.source;
  if (!isObject(value)) throw new PolicyLoadError(where, "not a policy definition, policy set or assignment (expected a JSON object)");
  const props = isObject(value.properties) ? value.properties : value;
  const name = typeof value.name === "string" && value.name.trim() ? value.name : typeof props.name === "string" && props.name.trim() ? props.name : undefined;
  if (Array.isArray(props.policyDefinitions)) {
    const members = props.policyDefinitions.map((m, i): SetMember => {
      if (!isObject(m) || typeof m.policyDefinitionId !== "string") throw new PolicyLoadError(where, `policyDefinitions[${i}] has no policyDefinitionId`);
      return { id: m.policyDefinitionId, parameters: isObject(m.parameters) ? m.parameters : {}, referenceId: typeof m.policyDefinitionReferenceId === "string" ? m.policyDefinitionReferenceId : undefined };
    });
    return { kind: "set", set: { name: name ?? doc.stem, parameters: parameterSpecs(props.parameters, where), members, source: where } };
  }
  if (isObject(props.policyRule)) {
    const rule = props.policyRule;
    if (!("if" in rule)) throw new PolicyLoadError(where, "policyRule has no 'if'");
    if (!isObject(rule.then) || typeof rule.then.effect !== "string") throw new PolicyLoadError(where, "policyRule.then.effect must be a string");
    const def: PolicyDefinitionData = {
      name: name ?? doc.stem,
      mode: typeof props.mode === "string" ? props.mode : "Indexed",
      parameters: parameterSpecs(props.parameters, where),
      policyRule: { if: rule.if, then: { effect: rule.then.effect, ...(rule.then.details !== undefined ? { details: rule.then.details } : {}) } },
    };
    if (typeof props.displayName === "string") def.displayName = props.displayName;
    if (typeof props.description === "string") def.description = props.description;
    return { kind: "definition", def };
  }
  if (typeof props.policyDefinitionId === "string") {
    return { kind: "assignment", assignment: { target: props.policyDefinitionId, parameters: paramValues(props.parameters), source: where } };
  }
  throw new PolicyLoadError(where, "not a policy definition (no policyRule), policy set (no policyDefinitions) or assignment (no policyDefinitionId)");
}

function parameterSpecs(o: unknown, where: string): PolicyDefinitionData["parameters"] {
  if (o === undefined || o === null) return {};
  if (!isObject(o)) throw new PolicyLoadError(where, "parameters must be an object");
  const out: PolicyDefinitionData["parameters"] = {};
  for (const [k, v] of Object.entries(o)) {
    if (!isObject(v)) throw new PolicyLoadError(where, `parameter '${k}' must be an object`);
    out[k] = {
      ...(typeof v.type === "string" ? { type: v.type } : {}),
      ...("defaultValue" in v ? { defaultValue: v.defaultValue } : {}),
      ...(Array.isArray(v.allowedValues) ? { allowedValues: v.allowedValues } : {}),
    };
  }
  return out;
}

/** A set member's parameter value: `[parameters('x')]` takes the set's value of x; anything else is literal. */
function memberValue(v: unknown, setValues: Readonly<Record<string, unknown>>, set: PolicySet): unknown {
  if (typeof v !== "string") return v;
  const m = /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/i.exec(v);
  if (!m) return v.startsWith("[[") ? v.slice(1) : v;
  const key = Object.keys(set.parameters).find((k) => k.toLowerCase() === m[1]!.toLowerCase());
  if (key === undefined) throw new PolicyLoadError(set.source, `a member's parameter refers to '${m[1]}', which policy set '${set.name}' does not declare`);
  return key in setValues ? setValues[key] : set.parameters[key]!.defaultValue;
}

/** Values for the declared parameters only, by declared name (case-insensitive match of the given names). */
function pick(declared: PolicyDefinitionData["parameters"], ...sources: Readonly<Record<string, unknown>>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const src of sources) {
    for (const [k, v] of Object.entries(src)) {
      const key = Object.keys(declared).find((d) => d.toLowerCase() === k.toLowerCase());
      if (key !== undefined) out[key] = v;
    }
  }
  return out;
}

/** Every declared parameter has a value (given or default) within its allowedValues. */
function checkParameters(def: PolicyDefinitionData, values: Readonly<Record<string, unknown>>, where: string): void {
  for (const [k, spec] of Object.entries(def.parameters)) {
    const has = k in values;
    if (!has && !("defaultValue" in spec)) throw new PolicyLoadError(where, `policy '${def.name}': parameter '${k}' has no default value and none is assigned (--policy-param ${k}=VALUE, or an assignment file)`);
    const v = has ? values[k] : spec.defaultValue;
    if (spec.allowedValues && !spec.allowedValues.some((a) => sameValue(a, v)))
      throw new PolicyLoadError(where, `policy '${def.name}': parameter '${k}' is ${JSON.stringify(v)}, not one of its allowedValues ${JSON.stringify(spec.allowedValues)}`);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Loads the policies `specs` name (in order; later files do not replace earlier ones: a definition loaded twice under
 * one name, with the same content, runs once). Definitions that a loaded set names run as its members, with its
 * parameters (and not on their own); the others run on their own. Assignments give parameter values to the
 * definition or set they name; --policy-param values win over them.
 */
export function loadPolicies(specs: readonly string[], opts: LoadOptions): PolicySetup {
  const defs: { def: PolicyDefinitionData; source: string; sameAs?: string }[] = [];
  const sets: PolicySet[] = [];
  const assignments: Assignment[] = [];
  for (const spec of specs) {
    for (const doc of readSpec(spec, opts)) {
      const values = Array.isArray(doc.value) ? doc.value : [doc.value];
      if (values.length === 0) throw new PolicyLoadError(doc.source, "not a policy definition (an empty array)");
      for (const v of values) {
        const c = classify(v, doc);
        if (c.kind === "definition") {
          const prev = defs.find((d) => d.def.name.toLowerCase() === c.def.name.toLowerCase());
          if (prev) {
            if (JSON.stringify(prev.def.policyRule) !== JSON.stringify(c.def.policyRule)) throw new PolicyLoadError(doc.source, `a different policy definition named '${c.def.name}' was loaded from ${prev.source}`);
            continue;
          }
          defs.push({ def: c.def, source: doc.source, sameAs: doc.sameAs });
        } else if (c.kind === "set") sets.push(c.set);
        else assignments.push(c.assignment);
      }
    }
  }
  const cliAll = opts.params ? Object.fromEntries(opts.params) : {};
  /** --policy-param names some declaration accepted (see cliFor). */
  const cliUsed = new Set<string>();
  /**
   * The --policy-param values for one definition or set: those it declares and whose allowedValues admit them. A value
   * meant for many (`effect=Deny`) leaves alone those that do not allow it; one no policy admits is an error (below).
   */
  const cliFor = (declared: PolicyDefinitionData["parameters"]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(cliAll)) {
      const key = Object.keys(declared).find((d) => d.toLowerCase() === k.toLowerCase());
      if (key === undefined) continue;
      const allowed = declared[key]!.allowedValues;
      if (allowed && !allowed.some((a) => sameValue(a, v))) continue;
      out[key] = v;
      cliUsed.add(k);
    }
    return out;
  };
  const assigned = (name: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const a of assignments) if (idTail(a.target) === name.toLowerCase()) Object.assign(out, a.parameters);
    return out;
  };
  for (const a of assignments) {
    const t = idTail(a.target);
    if (!defs.some((d) => d.def.name.toLowerCase() === t) && !sets.some((s) => s.name.toLowerCase() === t))
      throw new PolicyLoadError(a.source, `the assignment's policyDefinitionId '${a.target}' names no loaded policy definition or set (load it with --policy)`);
  }

  const out: LoadedPolicy[] = [];
  const inSet = new Set<string>();
  for (const set of sets) {
    const setValues = pick(set.parameters, assigned(set.name), cliFor(set.parameters));
    for (const [k, spec] of Object.entries(set.parameters))
      if (!(k in setValues) && !("defaultValue" in spec)) throw new PolicyLoadError(set.source, `policy set '${set.name}': parameter '${k}' has no default value and none is assigned`);
    for (const m of set.members) {
      const tail = idTail(m.id);
      const d = defs.find((x) => x.def.name.toLowerCase() === tail);
      if (!d) throw new PolicyLoadError(set.source, `policy set '${set.name}' names '${m.id}', which is not loaded (give its definition with --policy, or use builtin:batch for the built-in ones)`);
      const memberValues: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(m.parameters)) memberValues[k] = memberValue(paramValue(v), setValues, set);
      const parameters = pick(d.def.parameters, memberValues, assigned(d.def.name), cliFor(d.def.parameters));
      checkParameters(d.def, parameters, set.source);
      const same = out.find((p) => p.definition.name.toLowerCase() === tail);
      if (same) {
        if (JSON.stringify(same.parameters) !== JSON.stringify(parameters))
          throw new PolicyLoadError(
            set.source,
            `policy '${d.def.name}' is assigned twice with different parameters (${same.initiative ? `in set '${same.initiative}'` : same.source} and set '${set.name}'); batchlint runs each definition once`,
          );
        continue;
      }
      inSet.add(tail);
      out.push({ definition: d.def, parameters, source: d.source, sameAs: d.sameAs, initiative: set.name });
    }
  }
  const skipped: { name: string; source: string; reason: string }[] = [];
  for (const d of defs) {
    if (inSet.has(d.def.name.toLowerCase())) continue;
    const parameters = pick(d.def.parameters, assigned(d.def.name), cliFor(d.def.parameters));
    const missing = Object.entries(d.def.parameters).find(([k, spec]) => !(k in parameters) && !("defaultValue" in spec));
    if (missing && d.source.startsWith(BUILTIN_PREFIX)) {
      skipped.push({ name: d.def.name, source: d.source, reason: `parameter '${missing[0]}' has no default value and none is assigned (--policy-param ${missing[0]}=VALUE)` });
      continue;
    }
    checkParameters(d.def, parameters, d.source);
    out.push({ definition: d.def, parameters, source: d.source, sameAs: d.sameAs });
  }
  for (const k of Object.keys(cliAll)) {
    if (cliUsed.has(k)) continue;
    const declaring = [...defs.map((d) => d.def), ...sets].filter((x) => Object.keys(x.parameters).some((p) => p.toLowerCase() === k.toLowerCase()));
    throw new PolicyLoadError(
      `--policy-param ${k}`,
      declaring.length === 0
        ? "no loaded policy definition or set declares this parameter"
        : `${JSON.stringify(cliAll[k])} is not among the allowedValues of any loaded policy that declares it (${declaring.map((x) => x.name).join(", ")})`,
    );
  }
  return skipped.length ? { policies: out, skipped } : { policies: out };
}
