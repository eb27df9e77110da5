/** What a parsed JSON document is, without evaluating it. */
import type { Node } from "jsonc-parser";
import type { ParsedDoc } from "./parse/document.js";
import { childNode } from "./model/literal.js";

export type DocKind = "arm-template" | "arm-parameters" | "export" | "unknown";

function str(n: Node | undefined): string | undefined {
  return n?.type === "string" ? (n.value as string) : undefined;
}

export function recognise(doc: ParsedDoc): DocKind {
  return recogniseNode(doc.root);
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
