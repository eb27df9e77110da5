/** What a parsed JSON document is, without evaluating it. */
import type { ParsedDoc } from "../parse/document.js";

export type DocKind = "arm-template" | "arm-parameters" | "export" | "unknown";

export function recognise(doc: ParsedDoc): DocKind {
  return recogniseValue(doc.value);
}

/** The kind of a document's value (see ParsedDoc.value: keys written twice count once, the last one). */
export function recogniseValue(root: unknown): DocKind {
  if (Array.isArray(root)) return root.some(isResource) ? "export" : "unknown";
  if (!isObject(root)) return "unknown";
  const $schema = member(root, "$schema");
  const schema = (typeof $schema === "string" ? $schema : "").toLowerCase();
  if (schema.includes("deploymentparameters")) return "arm-parameters";
  const resources = member(root, "resources");
  if (schema.includes("deploymenttemplate") || (resources !== null && typeof resources === "object" && member(root, "contentVersion") !== undefined)) return "arm-template";
  if (isObject(member(root, "parameters")) && member(root, "contentVersion") !== undefined && resources === undefined) return "arm-parameters";
  if (isResource(root)) return "export";
  // List results: REST `{value:[...], nextLink}`, Resource Graph `{count, data:[...], skip_token}`.
  for (const key of ["value", "data"]) {
    const list = member(root, key);
    if (Array.isArray(list) && (list.length === 0 ? member(root, key === "value" ? "nextLink" : "count") !== undefined || key === "value" : list.some(isResource))) return "export";
  }
  return "unknown";
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
