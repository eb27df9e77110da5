/**
 * Exported resources: REST GET/List bodies, `az resource show|list`, `az batch account show|list` (properties
 * flattened to the top level), Resource Graph rows (lower-case type). All become the same `Resource`.
 */
import type { ParsedDoc } from "../../parse/document.js";
import { nodeFromPlain } from "../../model/literal.js";
import type { PNode } from "../../model/tree.js";
import { Prop } from "../../model/prop.js";
import { modelState, type ModelState } from "../../model/state.js";
import type { RunContext } from "../../context.js";
import { ResourceImpl, type Resource } from "../../model/resource.js";
import { escapePointerToken } from "../../model/value.js";
import { isObject, isResource, memberKey } from "../recognise.js";

/** Canonical spellings for types seen lower-cased in Resource Graph output. */
const CANONICAL_TYPES = new Map(
  ["Microsoft.Batch/batchAccounts", "Microsoft.Batch/batchAccounts/pools", "Microsoft.Batch/batchAccounts/certificates", "Microsoft.Batch/batchAccounts/applications"].map((t) => [t.toLowerCase(), t] as const),
);

export function canonicalType(type: string): string {
  return CANONICAL_TYPES.get(type.toLowerCase()) ?? type;
}

export interface ExportResult {
  resources: Resource[];
  skipped: { pointer: string; reason: string }[];
}

/** `ctx`: the run (by default the one the document was read in). */
export function loadExport(doc: ParsedDoc, ctx: RunContext = doc.context): ExportResult {
  const model = modelState(ctx);
  const out: ExportResult = { resources: [], skipped: [] };
  const root = doc.value;
  let items: unknown[] = [];
  const at = doc.base.pointer ?? "";
  let prefix = at;
  let single = false;
  if (Array.isArray(root)) items = root;
  else if (isResource(root)) {
    items = [root];
    single = true;
  } else if (isObject(root)) {
    for (const key of ["value", "data"]) {
      const k = memberKey(root, key);
      const list = k === undefined ? undefined : root[k];
      if (Array.isArray(list)) {
        items = list;
        prefix = `${at}/${escapePointerToken(k!)}`;
        break;
      }
    }
  }
  for (let i = 0; i < items.length; i++) {
    const pointer = single ? at : `${prefix}/${i}`;
    if (!isResource(items[i])) {
      out.skipped.push({ pointer, reason: "element is not an Azure resource object (no 'type')" });
      continue;
    }
    out.resources.push(resourceFromTree(model, nodeFromPlain(model, items[i], doc.file, pointer)));
  }
  return out;
}

function resourceFromTree(model: ModelState, tree: PNode): Resource {
  const root = Prop.of(model, tree);
  const type = canonicalType(root.get("type").str()!);
  const props = root.get("properties");
  // `az batch account show` flattens the resource's properties to the top level.
  const properties = props.isObject ? props : Prop.of(model, tree, "properties");
  const id = root.get("id").str();
  const name = root.get("name").str();
  return new ResourceImpl(type, root.get("apiVersion").str(), name, id ?? name ?? type, root, properties, "export", false, undefined, undefined, id);
}
