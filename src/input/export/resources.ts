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

/** The canonical spelling of a Batch resource type (account, pool, certificate, application), any case; else undefined. */
export function batchType(type: string): string | undefined {
  return CANONICAL_TYPES.get(type.toLowerCase());
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

/**
 * The resource of an object's tree. `known` (input/export/wrapped.ts): the type found for it (its own, or that of its
 * `id` or of the URL of the request it is the body of), and the id, name and API version its surroundings give, for
 * an object that has none of its own (its own `id`, `name` and `apiVersion` win).
 */
export function resourceFromTree(model: ModelState, tree: PNode, known?: { readonly type: string; readonly id?: string; readonly name?: string; readonly apiVersion?: string }): Resource {
  const root = Prop.of(model, tree);
  const type = known?.type ?? canonicalType(root.get("type").str()!);
  const props = root.get("properties");
  // `az batch account show` flattens the resource's properties to the top level.
  const properties = props.isObject ? props : Prop.of(model, tree, "properties");
  const id = root.get("id").str() ?? known?.id;
  const name = root.get("name").str() ?? known?.name;
  return new ResourceImpl(type, root.get("apiVersion").str() ?? known?.apiVersion, name, id ?? name ?? type, root, properties, "export", false, undefined, undefined, id);
}
