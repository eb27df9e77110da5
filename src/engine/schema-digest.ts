/**
 * The vendored schema documents cut down to what the schema trees read (schema.ts, SNode), which the build writes
 * to dist/schema (scripts/bundle.mjs) so that a run reads and parses that instead of the originals: 180 KB against
 * 750 KB for an export, which reads all five documents. The originals in schema/ stay the source of truth (the
 * tests, `npm run gen` and running from source read them); test/schema-digest.test.ts checks that every definition
 * gives the same tree from both.
 *
 * Kept: `definitions` and `resourceDefinitions` (the only places local `$ref`s point to and the trees start from),
 * and in each schema the keys SNode reads: `$ref`, `oneOf`/`anyOf`/`allOf`, `enum`, `x-ms-enum.modelAsString`,
 * `type`, `properties`, `additionalProperties`, `items`. Dropped: descriptions, examples, the REST paths,
 * parameters and responses. A schema with keys of which none is kept becomes `{"x-digested": true}` rather than
 * `{}`, which SNode reads as "any value" in `additionalProperties`. A definition that is not an object stays as it
 * is (JSON text of it), which no `$ref` resolves to, as before.
 */

type Json = Record<string, unknown>;

const BRANCHES = ["oneOf", "anyOf", "allOf"] as const;
const VALUES = ["$ref", "enum", "type"] as const;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A schema cut down to the keys SNode reads, its sub-schemas likewise. */
function digestSchema(s: unknown): unknown {
  if (!isObject(s)) return s;
  const out: Json = {};
  for (const k of VALUES) if (k in s) out[k] = s[k];
  for (const k of BRANCHES) if (k in s) out[k] = Array.isArray(s[k]) ? (s[k] as unknown[]).map(digestSchema) : s[k];
  if ("properties" in s) out.properties = isObject(s.properties) ? digestMap(s.properties) : s.properties;
  if ("additionalProperties" in s) out.additionalProperties = digestSchema(s.additionalProperties);
  if ("items" in s) out.items = digestSchema(s.items);
  const xEnum = s["x-ms-enum"];
  if (isObject(xEnum) && "modelAsString" in xEnum) out["x-ms-enum"] = { modelAsString: xEnum.modelAsString };
  if (Object.keys(out).length === 0 && Object.keys(s).length > 0) out["x-digested"] = true;
  return out;
}

/** A map of names to schemas (`properties`, `definitions`): the names are kept whatever they are. */
function digestMap(m: Json): Json {
  const out: Json = {};
  for (const [name, schema] of Object.entries(m)) out[name] = digestSchema(schema);
  return out;
}

/**
 * A schema document (an ARM deployment schema or a REST specification) as the schema trees read it. Each definition
 * is kept as JSON text, which `SchemaDoc.resolve` parses when a tree first reaches it: a run parses the few a
 * linted resource's properties lead to, not the hundreds of the document (JSON.parse goes over a string without
 * making objects).
 */
export function digestSchemaDocument(doc: unknown): Json {
  const out: Json = {};
  if (!isObject(doc)) return out;
  for (const k of ["definitions", "resourceDefinitions"]) {
    if (!isObject(doc[k])) continue;
    const section: Json = {};
    for (const [name, schema] of Object.entries(digestMap(doc[k] as Json))) section[name] = JSON.stringify(schema);
    out[k] = section;
  }
  return out;
}
