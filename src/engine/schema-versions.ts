/**
 * Which shipped schema judges a resource (its own apiVersion's, and no other), the issues of a Batch account or
 * pool classified by it (BATCH903/904/906 share them), and why a resource is not judged (the --verbose notes).
 */
import type { Resource } from "../model/resource.js";
import { ARM_SCHEMA_VERSIONS, DATE, kindOf, REST_VERSION, resourceIssues, type SchemaIssue, type Schemas, schemasOf } from "./schema.js";

export interface ClassifiedIssue extends SchemaIssue {
  /**
   * The oldest shipped schema that accepts this property or value, when it is newer than the resource's apiVersion
   * and every shipped schema older than it lacks it (see classify).
   */
  readonly acceptedFrom?: string;
  /** The schema the resource was checked against: a shipped ARM schema version, or "export". */
  readonly checkedAgainst: string;
}

/**
 * Schema issues of a Batch account or pool. A template is judged by the schema of its own apiVersion; with no such
 * schema shipped, only the issues a newer shipped schema settles are kept (BATCH906's), see classify.
 */
export function schemaIssues(r: Resource): ClassifiedIssue[] {
  // Worked out once per resource and run: BATCH903, BATCH904 and BATCH906 share them.
  const schemas = schemasOf(r);
  let out = schemas.issues.get(r);
  if (!out) schemas.issues.set(r, (out = classify(r, schemas)));
  return out;
}

/**
 * The shipped schema a template resource is judged by: its own apiVersion's, and no other. A neighbouring version
 * does not stand in for a missing one: properties come and go (maxTasksPerNode became taskSlotsPerNode in
 * 2021-01-01, cloudServiceConfiguration left the schema in 2024-07-01), so it reports settings that are valid at
 * the resource's version. That holds for versions newer than the newest shipped as well: they may define
 * properties and values batchlint has never seen, and calling those unknown would be a false report, so such a
 * resource waits for its schema to be vendored (the verbose note says so).
 */
function ownSchema(apiVersion: string | undefined): string | undefined {
  return apiVersion !== undefined && ARM_SCHEMA_VERSIONS.includes(apiVersion) ? apiVersion : undefined;
}

/**
 * Whether an exported resource is judged (by every shipped schema and the REST specification's read-only
 * properties): one without an apiVersion (az, REST GET bodies, Resource Graph rows), or one whose apiVersion (a REST
 * example's or a recorded request's `api-version`) is shipped. A body of an older API version may carry what that
 * version defined and the shipped ones dropped (a 2017-09-01 pool's maxTasksPerNode), so it is left alone.
 */
function exportJudged(r: Resource): boolean {
  const api = r.apiVersion;
  return api === undefined || api === REST_VERSION || ARM_SCHEMA_VERSIONS.includes(api);
}

/**
 * Why a Batch account or pool is not judged by a schema of its own, as a clause for a note ("no Microsoft.Batch
 * schema for apiVersion 2020-03-01 is shipped with batchlint (shipped: ...)"); undefined when it is (a template
 * whose apiVersion is shipped, or an exported resource, judged by the REST specification), or is no Batch resource.
 */
export function noSchemaFor(r: Resource): string | undefined {
  if (!kindOf(r) || (r.origin === "export" ? exportJudged(r) : ownSchema(r.apiVersion) !== undefined)) return undefined;
  const shipped = `shipped: ${ARM_SCHEMA_VERSIONS.join(", ")}`;
  if (r.apiVersion !== undefined) return `no Microsoft.Batch schema for apiVersion ${r.apiVersion} is shipped with batchlint (${shipped})`;
  const written = r.get("apiVersion");
  const why = written.missing ? "it has none" : `it is unknown: ${written.reason ?? "not evaluated"}`;
  return `the resource's apiVersion cannot choose a Microsoft.Batch schema (${why}; ${shipped})`;
}

/**
 * A template's issues against the schema of its own apiVersion, each marked with the shipped schema that would
 * accept it (BATCH906) when there is one. Without a schema of its own, a resource whose apiVersion lies between two
 * shipped ones keeps only the issues a newer shipped schema settles: judged against the next shipped version above
 * it, which lacks whatever the resource's version lacks as long as properties are not dropped and brought back (a
 * drop that is seen, in a shipped schema, cancels the claim: see acceptedFromOf). Older, newer, preview and unknown
 * apiVersions get nothing: no shipped schema says what they define.
 */
function classify(r: Resource, schemas: Schemas): ClassifiedIssue[] {
  if (!kindOf(r)) return [];
  if (r.origin === "export") return exportJudged(r) ? resourceIssues(r, undefined, schemas).map((i) => ({ ...i, checkedAgainst: "export" })) : [];
  const api = r.apiVersion;
  const own = ownSchema(api);
  const oldest = ARM_SCHEMA_VERSIONS[0];
  const base = own ?? (api !== undefined && DATE.test(api) && oldest !== undefined && api > oldest ? ARM_SCHEMA_VERSIONS.find((v) => v > api) : undefined);
  if (base === undefined) return [];
  const issues = resourceIssues(r, base, schemas);
  if (!issues.length) return [];
  const keys = new Map<string, ReadonlySet<string>>([[base, new Set(issues.map((i) => i.key))]]);
  const keysAt = (v: string): ReadonlySet<string> => {
    let k = keys.get(v);
    if (!k) keys.set(v, (k = new Set(resourceIssues(r, v, schemas).map((i) => i.key))));
    return k;
  };
  const out: ClassifiedIssue[] = [];
  for (const i of issues) {
    const acceptedFrom = acceptedFromOf(i.key, base, ARM_SCHEMA_VERSIONS, keysAt);
    if (own !== undefined || acceptedFrom !== undefined) out.push({ ...i, checkedAgainst: base, acceptedFrom });
  }
  return out;
}

/**
 * The oldest of `versions` (shipped, oldest first) that accepts what issue `key` reports, when it is newer than
 * `base` and no version before it accepts it too; `keysAt` gives a version's issue keys. A property that an older
 * schema had is one that was dropped and brought back, or renamed: nothing can then be said of the versions
 * between, so nothing is.
 */
export function acceptedFromOf(key: string, base: string, versions: readonly string[], keysAt: (v: string) => ReadonlySet<string>): string | undefined {
  // The newer schemas first: most issues are typos no schema accepts, and then the older ones are never walked.
  const from = versions.find((v) => v > base && !lacks(keysAt(v), key));
  if (from === undefined) return undefined;
  for (const v of versions) if (v < from && v !== base && !lacks(keysAt(v), key)) return undefined;
  return from;
}

/**
 * Whether a schema's issues (`keys`) show it lacking what issue `key` reports: the same issue, or the property
 * itself or one that holds it unknown (a schema without `upgradePolicy` reports that, not `upgradePolicy.mode`).
 */
function lacks(keys: ReadonlySet<string>, key: string): boolean {
  if (keys.has(key)) return true;
  const path = key.slice(key.indexOf("|") + 1);
  if (keys.has(`prop|${path}`)) return true;
  for (let i = path.length - 1; i > 0; i--) if ((path[i] === "." || path[i] === "[") && keys.has(`prop|${path.slice(0, i)}`)) return true;
  return false;
}
