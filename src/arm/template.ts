/**
 * ARM template → deployed resources. This walks `resources` (array form, and the languageVersion 2.0 object
 * form keyed by symbolic name), gives nested child resources their full type and name, drops resources whose
 * `condition` is false and `existing` references, and turns every ARM expression into an Unknown.
 */
import type { Node } from "jsonc-parser";
import type { ParsedDoc } from "../parse/document.js";
import { childKey, childNode, nodeFromJson } from "../model/literal.js";
import { Prop } from "../model/prop.js";
import { ResourceImpl, type Resource } from "../model/resource.js";
import type { Loc, PNode } from "../model/tree.js";
import type { TemplateView } from "../rule.js";
import { escapePointerToken } from "./value.js";
import { canonicalType } from "../exports.js";

export interface TemplateResult {
  resources: Resource[];
  template: TemplateView;
  notes: { pointer: string; message: string }[];
}

export function isExpressionString(s: string): boolean {
  return s.length >= 2 && s.charCodeAt(0) === 91 /* [ */ && s.charCodeAt(s.length - 1) === 93 /* ] */ && s.charCodeAt(1) !== 91;
}

function literalOrUnknown(value: string, at: Loc): PNode | undefined {
  if (isExpressionString(value)) return { t: "unk", reason: `expression ${value.length > 60 ? value.slice(0, 59) + "…" : value}`, at, origins: [], ev: true };
  if (value.startsWith("[[")) return { t: "val", value: value.slice(1), at, origins: [] };
  return undefined;
}

export function templateView(doc: ParsedDoc): TemplateView {
  const root = Prop.of(nodeFromJson(doc.root, doc.file, ""));
  return { file: doc.file, root, parameters: root.get("parameters"), outputs: root.get("outputs") };
}

export function loadTemplate(doc: ParsedDoc): TemplateResult {
  const result: TemplateResult = { resources: [], template: templateView(doc), notes: [] };
  const resourcesKey = childKey(doc.root, "resources");
  const resources = childNode(doc.root, "resources");
  if (resources && resourcesKey) walk(doc, resources, `/${escapePointerToken(resourcesKey)}`, undefined, result);
  return result;
}

function walk(doc: ParsedDoc, list: Node, pointer: string, parent: ResourceImpl | undefined, out: TemplateResult): void {
  const entries: [Node, string, string | undefined][] =
    list.type === "array"
      ? (list.children ?? []).map((c, i) => [c, `${pointer}/${i}`, undefined])
      : list.type === "object"
        ? (list.children ?? []).filter((p) => p.children?.length === 2).map((p) => [p.children![1]!, `${pointer}/${escapePointerToken(String(p.children![0]!.value))}`, String(p.children![0]!.value)])
        : [];
  for (const [node, ptr, symbolic] of entries) {
    if (node.type !== "object") continue;
    const typeNode = childNode(node, "type");
    const rawType = typeNode?.type === "string" ? (typeNode.value as string) : undefined;
    if (rawType === undefined || isExpressionString(rawType)) {
      out.notes.push({ pointer: ptr, message: "resource type is not a literal string; resource skipped" });
      continue;
    }
    const existing = childNode(node, "existing");
    if (existing?.type === "boolean" && existing.value === true) continue; // not deployed by this template
    const condition = childNode(node, "condition");
    if (condition?.type === "boolean" && condition.value === false) continue;
    const conditional = condition?.type === "string" && isExpressionString(condition.value as string);

    // A nested child declares its type relative to its parent ("pools"), or in full.
    const type = canonicalType(parent && !rawType.includes("/") ? `${parent.type}/${rawType}` : rawType);
    const tree = nodeFromJson(node, doc.file, ptr, literalOrUnknown);
    const root = Prop.of(tree);
    const rawName = root.get("name").str();
    const name = rawName !== undefined && parent?.name !== undefined && !rawName.includes("/") ? `${parent.name}/${rawName}` : rawName;
    const label = name ?? symbolic ?? (childNode(node, "name")?.value as string | undefined) ?? type;
    const res = new ResourceImpl(type, root.get("apiVersion").str(), name, label, root, root.get("properties"), "template", conditional || (parent?.conditional ?? false), undefined, parent);
    out.resources.push(res);
    const children = childNode(node, "resources");
    const childrenKey = childKey(node, "resources");
    if (children && childrenKey) walk(doc, children, `${ptr}/${escapePointerToken(childrenKey)}`, res, out);
  }
}
