/**
 * Plugins: rules a configuration names by path or package, imported, and checked to keep the built-in rules'
 * contract (ids outside the BATCH namespace, no collisions, complete meta). Whether a configuration may load them
 * at all is the trust model's call (see config.ts and ConfigResolver.pluginPolicy): `PluginPolicy` carries it here.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Rule } from "../rule.js";
import { importModule } from "./import.js";

type AnyRule = Rule<string, unknown>;

/**
 * What to do with a configuration's `plugins`: import them (a trusted configuration), leave them out because
 * plugins are switched off (`skip`), or report each as an error without importing it (`refuse`: a configuration
 * found inside the linted tree). When plugins are not loaded, settings that name a rule no built-in rule
 * answers to are taken as meant for a plugin rule and left out, instead of one "unknown rule" error each.
 */
export type PluginPolicy = "load" | "skip" | "refuse";

/** Why a plugin of a configuration found inside the linted tree is not imported, and what to do instead. */
export function refusedPluginMessage(spec: string): string {
  return (
    `plugins: '${spec}' not loaded: a configuration found inside the linted tree cannot load plugins (they load only ` +
    `from -c FILE or the configuration found from the current directory upward); pass this file with -c, run ` +
    `batchlint from its directory, or use --no-plugins`
  );
}

/**
 * The URL to import for a package specifier (`acme-rules`, `@acme/rules/batch`), resolved as `import` would from a
 * module in `dir`: Node's ESM resolution, with its conditions (`node`, `import`, `default`, nested or not) and
 * subpath exports.
 * Node 20's own `import.meta.resolve` ignores a parent URL without --experimental-import-meta-resolve, so the
 * ponyfill of it resolves from the configuration's directory. A package whose `exports` offer only `require`
 * (which `import` cannot load) is resolved as `require` would, as before.
 */
async function resolvePackage(spec: string, dir: string): Promise<string> {
  const parent = pathToFileURL(path.join(dir, "__batchlint__.mjs")).href;
  // Loaded here, when a plugin is a package: a run without plugins never pays for it (docs/performance.md).
  const { resolve: importResolve } = await import("import-meta-resolve");
  try {
    return importResolve(spec, parent);
  } catch (importError) {
    try {
      return pathToFileURL(createRequire(parent).resolve(spec)).href;
    } catch {
      throw importError;
    }
  }
}

export async function loadPlugin(spec: string, dir: string): Promise<AnyRule[]> {
  const isPath = spec.startsWith(".") || path.isAbsolute(spec);
  let url: string;
  if (isPath) {
    const target = path.resolve(dir, spec);
    if (!fs.existsSync(target)) throw new Error(`no such file ${target}`);
    url = pathToFileURL(target).href;
  } else url = await resolvePackage(spec, dir);
  const mod = (await importModule(url)) as { rules?: unknown; default?: { rules?: unknown } };
  const rules = mod.rules ?? mod.default?.rules;
  if (!Array.isArray(rules)) throw new Error("a plugin must export `rules`: an array of rules made with defineRule (see README, Custom rules)");
  return rules as AnyRule[];
}

const ID_RE = /^[A-Z][A-Z0-9_-]*[0-9]+$/i;
const NAME_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Problems with plugin rules: same contract as built-ins, ids outside the BATCH namespace, no collisions. */
export function validatePluginRules(rules: readonly AnyRule[], existing: readonly AnyRule[]): string[] {
  const problems: string[] = [];
  const seen = [...existing];
  rules.forEach((r, i) => {
    const m = (r as { meta?: AnyRule["meta"] })?.meta;
    const label = m?.id ? `rule ${m.id}` : `rules[${i}]`;
    if (!m || typeof m !== "object") {
      problems.push(`${label}: missing meta`);
      return;
    }
    if (typeof m.id !== "string" || !ID_RE.test(m.id) || m.id.includes("/")) problems.push(`${label}: id must look like ACME001 (letters then digits, no '/')`);
    else if (/^BATCH/i.test(m.id)) problems.push(`${label}: the BATCH prefix is reserved for built-in rules; use your own prefix, e.g. ACME001`);
    if (typeof m.name !== "string" || !NAME_RE.test(m.name)) problems.push(`${label}: name must be kebab-case`);
    const clash = seen.find((s) => s.meta.id.toLowerCase() === String(m.id).toLowerCase() || s.meta.name.toLowerCase() === String(m.name).toLowerCase() || s.meta.name.toLowerCase() === String(m.id).toLowerCase());
    if (clash) problems.push(`${label}: id or name collides with ${clash.meta.id} (${clash.meta.name})`);
    if (typeof m.title !== "string" || !m.title.trim()) problems.push(`${label}: meta.title is required`);
    if (!["error", "warning", "note"].includes(m.severity as string)) problems.push(`${label}: meta.severity must be error, warning or note`);
    if (!Array.isArray(m.tags)) problems.push(`${label}: meta.tags must be an array`);
    if (!Array.isArray(m.resourceTypes)) problems.push(`${label}: meta.resourceTypes must be an array`);
    if (!m.docs || typeof m.docs.summary !== "string" || typeof m.docs.rationale !== "string" || typeof m.docs.remediation !== "string" || !Array.isArray(m.docs.references))
      problems.push(`${label}: meta.docs needs summary, rationale, remediation and references`);
    if (!m.messages || typeof m.messages !== "object" || Object.keys(m.messages).length === 0) problems.push(`${label}: meta.messages must name at least one message`);
    if (typeof r.check !== "function" && typeof r.checkDocument !== "function") problems.push(`${label}: needs check() or checkDocument()`);
    else if (Array.isArray(m.resourceTypes) && m.resourceTypes.length > 0 && typeof r.check !== "function") problems.push(`${label}: meta.resourceTypes is set but check() is missing`);
    seen.push(r);
  });
  return problems;
}
