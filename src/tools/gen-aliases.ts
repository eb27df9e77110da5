/**
 * Generates src/generated/batch-aliases.ts: the Azure Policy alias table of Microsoft.Batch (alias name, lower-cased →
 * property path from the resource root). The official list (`az provider show --namespace Microsoft.Batch --expand
 * resourceTypes/aliases`) needs a live subscription, and no published copy was found, so the table is derived from the
 * vendored schemas with the convention the real aliases follow: `<resource type>/<property path without the leading
 * "properties.">`, every object level, arrays both as themselves and as `[*]` (their items' properties under `[*].`).
 *
 * Sources: every schema/arm/<version>/Microsoft.Batch.json (the writable properties of batchAccounts, pools,
 * certificates, applications and application versions) and schema/rest/<version>/openapi.json (the read-only
 * properties of the GET shape, and batchAccounts/privateEndpointConnections, which templates do not deploy).
 * A nested resource's flattened `properties` (x-ms-client-flatten) is in the path, not in the alias name, as in the
 * real aliases. Maps (additionalProperties: tags, metadata, userAssignedIdentities) end at the map itself. Top-level fields (name,
 * location, tags, identity, type, id, kind) are not aliases: the evaluator resolves them.
 *
 * `npm run gen` writes the file (src/tools/gen-readme.ts); `node dist/src/tools/gen-aliases.js [--check]` alone too.
 * test/policy-aliases.test.ts fails when it is stale or when a vendored built-in definition uses an alias it lacks.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BATCH_ALIASES_MODULE = "src/generated/batch-aliases.ts";

type Schema = { [k: string]: unknown };

/** Resource type → the ARM schema resourceDefinitions key and the REST definition of its `properties`. */
const RESOURCE_TYPES: readonly { type: string; arm?: string; rest?: string }[] = [
  { type: "Microsoft.Batch/batchAccounts", arm: "batchAccounts", rest: "BatchAccountProperties" },
  { type: "Microsoft.Batch/batchAccounts/pools", arm: "batchAccounts_pools", rest: "PoolProperties" },
  { type: "Microsoft.Batch/batchAccounts/certificates", arm: "batchAccounts_certificates", rest: "CertificateProperties" },
  { type: "Microsoft.Batch/batchAccounts/applications", arm: "batchAccounts_applications", rest: "ApplicationProperties" },
  { type: "Microsoft.Batch/batchAccounts/applications/versions", arm: "batchAccounts_applications_versions", rest: "ApplicationPackageProperties" },
  { type: "Microsoft.Batch/batchAccounts/privateEndpointConnections", rest: "PrivateEndpointConnectionProperties" },
];

function versionDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
    .sort();
}

function isObj(x: unknown): x is Schema {
  return !!x && typeof x === "object" && !Array.isArray(x);
}

/** Adds `<prefix>` and everything under it to `out` (alias suffix → property path), walking one JSON schema. */
function walk(defs: Record<string, unknown>, node: unknown, alias: string, prop: string, out: Map<string, string>, seen: readonly string[]): void {
  if (!isObj(node)) return;
  const ref = node.$ref;
  if (typeof ref === "string") {
    const m = /^#\/definitions\/(.+)$/.exec(ref);
    if (!m || seen.includes(m[1]!)) return;
    walk(defs, defs[m[1]!], alias, prop, out, [...seen, m[1]!]);
    return;
  }
  for (const k of ["oneOf", "anyOf", "allOf"]) {
    const list = node[k];
    if (Array.isArray(list)) for (const sub of list) walk(defs, sub, alias, prop, out, seen);
  }
  if (isObj(node.properties)) {
    for (const [name, sub] of Object.entries(node.properties)) {
      // A nested resource's `properties` (x-ms-client-flatten in the REST specification) is not part of alias names.
      if (name === "properties" && isObj(sub) && sub["x-ms-client-flatten"] === true) {
        walk(defs, sub, alias, `${prop}.properties`, out, seen);
        continue;
      }
      const a = alias ? `${alias}.${name}` : name;
      const p = `${prop}.${name}`;
      out.set(a, p);
      walk(defs, sub, a, p, out, seen);
    }
  }
  if (node.type === "array" || node.items !== undefined) {
    if (!alias) return;
    out.set(`${alias}[*]`, `${prop}[*]`);
    walk(defs, node.items, `${alias}[*]`, `${prop}[*]`, out, seen);
  }
}

/** The generated table: lower-cased alias → property path from the resource root, sorted by alias. */
export function batchAliases(root: string): Map<string, string> {
  const table = new Map<string, string>();
  const add = (type: string, found: Map<string, string>) => {
    for (const [a, p] of found) {
      const key = `${type}/${a}`.toLowerCase();
      if (!table.has(key)) table.set(key, p);
    }
  };
  for (const v of versionDirs(path.join(root, "schema/arm"))) {
    const file = path.join(root, "schema/arm", v, "Microsoft.Batch.json");
    if (!fs.existsSync(file)) continue;
    const schema = JSON.parse(fs.readFileSync(file, "utf8")) as { resourceDefinitions?: Record<string, Schema>; definitions?: Record<string, unknown> };
    for (const rt of RESOURCE_TYPES) {
      const rd = rt.arm ? schema.resourceDefinitions?.[rt.arm] : undefined;
      const props = isObj(rd?.properties) ? (rd.properties as Schema).properties : undefined;
      if (!props) continue;
      const found = new Map<string, string>();
      walk(schema.definitions ?? {}, props, "", "properties", found, []);
      add(rt.type, found);
    }
  }
  for (const v of versionDirs(path.join(root, "schema/rest"))) {
    const file = path.join(root, "schema/rest", v, "openapi.json");
    if (!fs.existsSync(file)) continue;
    const spec = JSON.parse(fs.readFileSync(file, "utf8")) as { definitions?: Record<string, unknown> };
    const defs = spec.definitions ?? {};
    for (const rt of RESOURCE_TYPES) {
      if (!rt.rest || !defs[rt.rest]) continue;
      const found = new Map<string, string>();
      walk(defs, { $ref: `#/definitions/${rt.rest}` }, "", "properties", found, []);
      add(rt.type, found);
    }
  }
  return new Map([...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The text of src/generated/batch-aliases.ts. */
export function batchAliasesModule(root: string): string {
  const sources = [...versionDirs(path.join(root, "schema/arm")).map((v) => `schema/arm/${v}/Microsoft.Batch.json`), ...versionDirs(path.join(root, "schema/rest")).map((v) => `schema/rest/${v}/openapi.json`)];
  const lines = [...batchAliases(root)].map(([a, p]) => `  ${JSON.stringify(a)}: ${JSON.stringify(p)},`);
  return [
    "/**",
    " * Generated by `npm run gen` (src/tools/gen-aliases.ts): do not edit, regenerate instead.",
    " *",
    " * Azure Policy aliases of Microsoft.Batch: the alias name, lower-cased (aliases compare case-insensitively), to the",
    " * property path from the resource root; `[*]` marks every element of an array. Not the official list (`az provider",
    " * show --namespace Microsoft.Batch --expand resourceTypes/aliases` needs a subscription and no published copy was",
    " * found): derived from the vendored schemas by the convention real aliases follow, `<resource type>/<property path",
    ' * without the leading "properties.">`. Sources:',
    ...sources.map((s) => ` *   ${s}`),
    " * test/policy-aliases.test.ts checks that this file is current and holds every alias the vendored built-in",
    " * definitions (policy/builtin/) use.",
    " */",
    "export const BATCH_ALIASES: Readonly<Record<string, string>> = Object.freeze({",
    ...lines,
    "});",
    "",
  ].join("\n");
}

/** The package root, from src/tools (vitest) or dist/src/tools (built). */
function findRoot(): string {
  for (const rel of ["../../", "../../../"]) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (fs.existsSync(`${dir}package.json`) && fs.existsSync(`${dir}schema/arm`)) return dir;
  }
  throw new Error("package root not found");
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1]);
if (isMain) {
  const root = findRoot();
  const text = batchAliasesModule(root);
  const out = path.join(root, BATCH_ALIASES_MODULE);
  if (process.argv.includes("--check")) {
    if (!fs.existsSync(out) || fs.readFileSync(out, "utf8") !== text) {
      process.stderr.write(`${BATCH_ALIASES_MODULE} is stale: run \`npm run gen\`\n`);
      process.exitCode = 1;
    }
  } else {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, text);
    process.stdout.write(`wrote ${BATCH_ALIASES_MODULE} (${text.split("\n").length} lines)\n`);
  }
}
