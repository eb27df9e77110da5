/** Builds the located value tree straight from parsed JSON (exported accounts; literal template parts). */
import type { Node } from "jsonc-parser";
import { escapePointerToken } from "../arm/value.js";
import { effectiveProperties } from "../parse/document.js";
import { lowerKey, type Loc, type PNode, type PropEntry } from "./tree.js";

const NONE: readonly Loc[] = Object.freeze([]);

/**
 * `onString` lets the template evaluator turn ARM expression strings into evaluated subtrees; without it every
 * string is literal (exports carry no expressions).
 */
export function nodeFromJson(
  node: Node,
  file: string,
  pointer: string,
  onString?: (value: string, at: Loc, node: Node) => PNode | undefined,
  /** Properties to leave out (by the pointer of the object and the key), e.g. child `resources`. */
  skip?: (objectPointer: string, key: string, value: Node) => boolean,
  /** Extra properties computed for an object (ARM property copy loops). */
  expand?: (obj: Node, objectPointer: string) => PropEntry[] | undefined,
): PNode {
  // Iterative over objects/arrays would complicate the code; depth is bounded by the parser's depth limit.
  const at: Loc = { file, pointer };
  switch (node.type) {
    case "object": {
      const props = new Map<string, PropEntry>();
      for (const p of effectiveProperties(node)) {
        const k = p.children![0]!;
        const key = String(k.value);
        if (skip?.(pointer, key, p.children![1]!)) continue;
        const childPtr = `${pointer}/${escapePointerToken(key)}`;
        props.set(lowerKey(key), {
          key,
          keyAt: { file, pointer: childPtr, key: true },
          node: nodeFromJson(p.children![1]!, file, childPtr, onString, skip, expand),
        });
      }
      for (const e of expand?.(node, pointer) ?? []) props.set(lowerKey(e.key), e);
      return { t: "obj", props, at, origins: NONE };
    }
    case "array":
      return { t: "arr", items: (node.children ?? []).map((c, i) => nodeFromJson(c, file, `${pointer}/${i}`, onString, skip, expand)), at, origins: NONE };
    case "string": {
      const v = node.value as string;
      if (onString) {
        const r = onString(v, at, node);
        if (r) return r;
      }
      return { t: "val", value: v, at, origins: NONE };
    }
    case "number":
    case "boolean":
    case "null":
      return { t: "val", value: node.value as number | boolean | null, at, origins: NONE };
    default:
      return { t: "unk", reason: "unparsed value", at, origins: NONE };
  }
}

/** Child value node of an object node by key (case-insensitive; last duplicate wins). */
export function childNode(obj: Node | undefined, key: string): Node | undefined {
  if (!obj || obj.type !== "object") return undefined;
  const lower = key.toLowerCase();
  let found: Node | undefined;
  for (const p of obj.children ?? []) {
    const k = p.children?.[0];
    if (k && String(k.value).toLowerCase() === lower) found = p.children?.[1];
  }
  return found;
}

/** The actual key spelling of `key` in an object node. */
export function childKey(obj: Node | undefined, key: string): string | undefined {
  if (!obj || obj.type !== "object") return undefined;
  const lower = key.toLowerCase();
  let found: string | undefined;
  for (const p of obj.children ?? []) {
    const k = p.children?.[0];
    if (k && String(k.value).toLowerCase() === lower) found = String(k.value);
  }
  return found;
}

/**
 * `nodeFromJson` for values read by JSON.parse (plain JSON without duplicate keys; see parse/plain.ts): the
 * same tree, without a node tree underneath. Depth is bounded by the check made before the fast path is taken.
 */
export function nodeFromPlain(v: unknown, file: string, pointer: string): PNode {
  const at: Loc = { file, pointer };
  if (v === null || typeof v !== "object") return { t: "val", value: v as string | number | boolean | null, at, origins: NONE };
  if (Array.isArray(v)) {
    const items: PNode[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) items[i] = nodeFromPlain(v[i], file, `${pointer}/${i}`);
    return { t: "arr", items, at, origins: NONE };
  }
  const props = new Map<string, PropEntry>();
  const o = v as Record<string, unknown>;
  for (const key in o) {
    const childPtr = `${pointer}/${escapePointerToken(key)}`;
    props.set(lowerKey(key), new PlainEntry(key, nodeFromPlain(o[key], file, childPtr)));
  }
  return { t: "obj", props, at, origins: NONE };
}

/** A property of a plain object; where its key is written is worked out only when asked (rarely). */
class PlainEntry implements PropEntry {
  constructor(
    readonly key: string,
    readonly node: PNode,
  ) {}
  private _keyAt: Loc | undefined;
  get keyAt(): Loc {
    return (this._keyAt ??= { file: this.node.at.file, pointer: this.node.at.pointer, key: true });
  }
}
