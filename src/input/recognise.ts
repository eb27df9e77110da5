/** What a parsed JSON document is, without evaluating it. */
import type { ParsedDoc } from "../parse/document.js";
import { TreeDoc } from "../parse/tree-doc.js";
import { childNode } from "../model/literal.js";
import { isBicepDoc } from "./bicep/doc.js";
import { isTerraformDoc } from "./terraform/doc.js";
import { isPlanShape } from "./terraform/plan/recognise.js";

/**
 * "wrapped": none of the other shapes, but the text mentions Microsoft.Batch: Batch resources may be inside another
 * wrapper (a REST API example, an SDK test recording, a dump nesting resource bodies), and the export reader looks
 * for them (input/export/wrapped.ts). Such a file is never skipped silently: it is linted, or a notice says why not.
 */
export type DocKind = "arm-template" | "arm-parameters" | "export" | "wrapped" | "bicep" | "bicepparam" | "terraform-plan" | "terraform" | "tfvars" | "unknown";

/** The provider namespace, not a longer one (`Microsoft.BatchAI` is another, retired, service). */
export const MENTIONS_BATCH = /microsoft\.batch(?![a-z0-9])/i;

export function recognise(doc: ParsedDoc): DocKind {
  // A .bicep or .bicepparam file is read as Bicep (pipeline/lint-file.ts), never as JSON.
  if (isBicepDoc(doc)) return doc.bicepKind;
  // A .tf or .tfvars file is read as Terraform (pipeline/lint-file.ts).
  if (isTerraformDoc(doc)) return doc.terraformKind;
  // A template or parameters file read into a tree says so in its `$schema`, read from the tree as `recogniseValue`
  // reads it first, without making the document's value (nothing else a template's lint does may need it).
  if (doc instanceof TreeDoc && doc.root.type === "object") {
    const $schema = childNode(doc.root, "$schema");
    const bySchema = kindOfSchema($schema?.type === "string" ? $schema.value : undefined);
    if (bySchema) return bySchema;
  }
  const kind = recogniseValue(doc.value);
  // The text, not the value, is searched: one scan, and a file that never names the provider keeps the old answer.
  if (kind === "unknown" && doc.value !== null && typeof doc.value === "object" && MENTIONS_BATCH.test(doc.text)) return "wrapped";
  return kind;
}

/** The kind of a document's value (see ParsedDoc.value: keys written twice count once, the last one). */
export function recogniseValue(root: unknown): DocKind {
  if (Array.isArray(root)) return root.some(isResource) ? "export" : "unknown";
  if (!isObject(root)) return "unknown";
  const bySchema = kindOfSchema(member(root, "$schema"));
  if (bySchema) return bySchema;
  if (isTemplateShape(root)) return "arm-template";
  if (isObject(member(root, "parameters")) && member(root, "contentVersion") !== undefined && member(root, "resources") === undefined) return "arm-parameters";
  // A Terraform plan (`terraform show -json`): before the export shape, and before the text is searched for Microsoft.Batch.
  if (isPlanShape(root)) return "terraform-plan";
  return isExportShape(root) ? "export" : "unknown";
}

/** What a `$schema` names: a deployment parameters file, else a deployment template; undefined when neither. */
function kindOfSchema($schema: unknown): "arm-parameters" | "arm-template" | undefined {
  if (typeof $schema !== "string") return undefined;
  const schema = $schema.toLowerCase();
  if (schema.includes("deploymentparameters")) return "arm-parameters";
  return schema.includes("deploymenttemplate") ? "arm-template" : undefined;
}

/** An ARM deployment template: `$schema` naming deploymentTemplate, or `resources` with `contentVersion`. */
export function isTemplateShape(root: Record<string, unknown>): boolean {
  const $schema = member(root, "$schema");
  if (typeof $schema === "string" && $schema.toLowerCase().includes("deploymenttemplate")) return true;
  const resources = member(root, "resources");
  return resources !== null && typeof resources === "object" && member(root, "contentVersion") !== undefined;
}

/**
 * An exported resource, or a list of them: a bare array, REST `{value:[...], nextLink}`, Resource Graph
 * `{count, data:[...], skip_token}` (for a value already known not to be an ARM template or parameters file).
 */
export function isExportShape(root: unknown): boolean {
  if (Array.isArray(root)) return root.some(isResource);
  if (!isObject(root)) return false;
  if (isResource(root)) return true;
  for (const key of ["value", "data"]) {
    const list = member(root, key);
    if (Array.isArray(list) && (list.length === 0 ? member(root, key === "value" ? "nextLink" : "count") !== undefined || key === "value" : list.some(isResource))) return true;
  }
  return false;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A member of an object by key, case-insensitively (the last spelling wins, as with `childNode`). */
export function member(obj: Record<string, unknown>, key: string): unknown {
  const k = memberKey(obj, key);
  return k === undefined ? undefined : obj[k];
}

/** The spelling of `key` in an object (case-insensitive, the last one; `childKey` for values). */
export function memberKey(obj: Record<string, unknown>, key: string): string | undefined {
  const lower = key.toLowerCase();
  let found: string | undefined;
  for (const k in obj) if (k.length === key.length && (k === key || k.toLowerCase() === lower)) found = k;
  return found;
}

/** An Azure resource object as the REST API, az CLI or Resource Graph print it. */
export function isResource(v: unknown): boolean {
  if (!isObject(v)) return false;
  const type = member(v, "type");
  return typeof type === "string" && /^[A-Za-z0-9.]+\/[A-Za-z0-9]/.test(type) && !type.startsWith("[");
}
