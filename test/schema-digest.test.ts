/**
 * The digest the build writes to dist/schema (src/engine/schema-digest.ts) gives the schema trees the originals
 * give: for every definition of every vendored document, the same property names, enums, items, additional
 * properties, open shapes and string acceptance, as deep as the trees go.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { SchemaDoc, SNode } from "../src/engine/schema.js";
import { digestSchemaDocument } from "../src/engine/schema-digest.js";
import { repoRoot } from "./helpers.js";

type Json = Record<string, unknown>;

/** The digest with its definitions (kept as JSON text) parsed back, to compare it as data. */
function parsedDigest(doc: Json): Json {
  const out: Json = {};
  for (const [section, defs] of Object.entries(doc)) out[section] = Object.fromEntries(Object.entries(defs as Json).map(([n, t]) => [n, JSON.parse(t as string)]));
  return out;
}

/** A tree as plain data, to `depth` levels (the schemas are recursive: a depth bound ends the walk). */
function shape(n: SNode, depth: number): unknown {
  if (depth === 0) return "...";
  const props = n.props ? [...n.props].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, e]) => [k, e.name, shape(e.node, depth - 1)]) : undefined;
  const additional = n.additional === "any" || n.additional === undefined ? n.additional : shape(n.additional, depth - 1);
  return { open: n.open, anyString: n.anyString, enums: n.enums ? [...n.enums] : undefined, props, additional, items: n.items ? shape(n.items, depth - 1) : undefined };
}

const documents = [...fs.readdirSync(path.join(repoRoot, "schema/arm")).map((v) => `arm/${v}/Microsoft.Batch.json`), ...fs.readdirSync(path.join(repoRoot, "schema/rest")).map((v) => `rest/${v}/openapi.json`)].filter(
  (f) => fs.existsSync(path.join(repoRoot, "schema", f)),
);

describe("schema digest", () => {
  test.each(documents)("%s: every definition gives the same tree", (file) => {
    const json = JSON.parse(fs.readFileSync(path.join(repoRoot, "schema", file), "utf8")) as Json;
    const rest = file.startsWith("rest/");
    const original = new SchemaDoc(json, rest);
    const digest = new SchemaDoc(JSON.parse(JSON.stringify(digestSchemaDocument(json))) as Json, rest);
    let compared = 0;
    for (const section of ["definitions", "resourceDefinitions"]) {
      for (const name of Object.keys((json[section] as Json | undefined) ?? {})) {
        const ref = `#/${section}/${name}`;
        const a = new SNode().add(original, original.resolve(ref)!);
        const b = new SNode().add(digest, digest.resolve(ref)!);
        expect(shape(b, 6), ref).toEqual(shape(a, 6));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
    // And it is the smaller document it is for.
    expect(JSON.stringify(parsedDigest(digestSchemaDocument(json))).length).toBeLessThan(JSON.stringify(json).length / 2);
    // Definitions are JSON text, parsed when first reached, once (the trees tell schemas apart by identity).
    expect(Object.values(digestSchemaDocument(json).definitions as Json).every((d) => typeof d === "string")).toBe(true);
    const someRef = `#/definitions/${Object.keys(json.definitions as Json)[0]}`;
    expect(digest.resolve(someRef)).toBe(digest.resolve(someRef));
  });

  test("a schema whose every key is dropped stays a schema with something in it, not the `{}` that means any value", () => {
    const digested = digestSchemaDocument({ definitions: { a: { type: "object", additionalProperties: { description: "free text" } } } });
    const doc = parsedDigest(digested);
    expect(doc).toEqual({ definitions: { a: { type: "object", additionalProperties: { "x-digested": true } } } });
    const schemaDoc = new SchemaDoc(digested, false);
    const tree = new SNode().add(schemaDoc, schemaDoc.resolve("#/definitions/a")!);
    expect(tree.additional).not.toBe("any");
  });

  test("property names are kept whatever they are, including schema keywords", () => {
    const doc = parsedDigest(digestSchemaDocument({ definitions: { a: { properties: { description: { type: "string", description: "x" }, type: { enum: ["A"] } } } } }));
    expect(doc).toEqual({ definitions: { a: { properties: { description: { type: "string" }, type: { enum: ["A"] } } } } });
  });
});
