/** What a parsed JSON document is, without evaluating it. */
import type { Node } from "jsonc-parser";
import type { ParsedDoc } from "../parse/document.js";
import { childNode } from "../model/literal.js";

export type DocKind = "arm-template" | "arm-parameters" | "export" | "unknown";

function str(n: Node | undefined): string | undefined {
  return n?.type === "string" ? (n.value as string) : undefined;
}

export function recognise(doc: ParsedDoc): DocKind {
  return doc.plain ? recognisePlain(doc.plain.value) : recogniseNode(doc.root);
}

/** `recogniseNode` for values read by JSON.parse (plain JSON; see parse/plain.ts). */
export function recognisePlain(root: unknown): DocKind {
  if (Array.isArray(root)) return root.some(isResourcePlain) ? "export" : "unknown";
  if (!isPlainObject(root)) return "unknown";
  const $schema = plainMember(root, "$schema");
  const schema = (typeof $schema === "string" ? $schema : "").toLowerCase();
  if (schema.includes("deploymentparameters")) return "arm-parameters";
  const resources = plainMember(root, "resources");
  if (schema.includes("deploymenttemplate") || (resources !== null && typeof resources === "object" && plainMember(root, "contentVersion") !== undefined)) return "arm-template";
  if (isPlainObject(plainMember(root, "parameters")) && plainMember(root, "contentVersion") !== undefined && resources === undefined) return "arm-parameters";
  if (isResourcePlain(root)) return "export";
  for (const key of ["value", "data"]) {
    const list = plainMember(root, key);
    if (Array.isArray(list) && (list.length === 0 ? plainMember(root, key === "value" ? "nextLink" : "count") !== undefined || key === "value" : list.some(isResourcePlain))) return "export";
  }
  return "unknown";
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A member of a parsed object by key, case-insensitively (the last spelling wins, as with `childNode`). */
export function plainMember(obj: Record<string, unknown>, key: string): unknown {
  const k = plainKey(obj, key);
  return k === undefined ? undefined : obj[k];
}

/** The spelling of `key` in a parsed object (case-insensitive, the last one; `childKey` for parsed values). */
export function plainKey(obj: Record<string, unknown>, key: string): string | undefined {
  const lower = key.toLowerCase();
  let found: string | undefined;
  for (const k in obj) if (k.length === key.length && (k === key || k.toLowerCase() === lower)) found = k;
  return found;
}

/** `isResourceObject` for a parsed value. */
export function isResourcePlain(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  const type = plainMember(v, "type");
  return typeof type === "string" && /^[A-Za-z0-9.]+\/[A-Za-z0-9]/.test(type) && !type.startsWith("[");
}

export function recogniseNode(root: Node): DocKind {
  if (root.type === "array") return root.children?.some(isResourceObject) ? "export" : "unknown";
  if (root.type !== "object") return "unknown";
  const schema = (str(childNode(root, "$schema")) ?? "").toLowerCase();
  if (schema.includes("deploymentparameters")) return "arm-parameters";
  const resources = childNode(root, "resources");
  if (schema.includes("deploymenttemplate") || (resources && (resources.type === "array" || resources.type === "object") && childNode(root, "contentVersion"))) {
    return "arm-template";
  }
  if (childNode(root, "parameters")?.type === "object" && childNode(root, "contentVersion") && !resources) return "arm-parameters";
  if (isResourceObject(root)) return "export";
  // List results: REST `{value:[...], nextLink}`, Resource Graph `{count, data:[...], skip_token}`.
  for (const key of ["value", "data"]) {
    const list = childNode(root, key);
    if (list?.type === "array" && (list.children?.length === 0 ? childNode(root, key === "value" ? "nextLink" : "count") !== undefined || key === "value" : list.children?.some(isResourceObject))) {
      return "export";
    }
  }
  return "unknown";
}

/** An Azure resource object as the REST API, az CLI or Resource Graph print it. */
export function isResourceObject(n: Node): boolean {
  if (n.type !== "object") return false;
  const type = str(childNode(n, "type"));
  return type !== undefined && /^[A-Za-z0-9.]+\/[A-Za-z0-9]/.test(type) && !type.startsWith("[");
}
