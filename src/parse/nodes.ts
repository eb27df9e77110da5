/**
 * The node tree (jsonc-parser's `Node`, as both readers build it) as documents use it: pointers to nodes, the
 * members an object keeps when a key is written twice, and the plain value of a tree with the keys it ignores.
 */
import type { Node } from "jsonc-parser";
import { escapePointerToken } from "../model/value.js";

const NO_PROPERTIES: readonly Node[] = Object.freeze([]);

/**
 * The property nodes of an object, without earlier duplicates of a key (ARM keeps the last one). Most objects have
 * neither an incomplete member nor a key written twice: they give their own list of children (read-only), found so
 * by comparing a few keys pairwise, without a copy or a map of keys (the evaluator asks this of every object).
 */
export function effectiveProperties(obj: Node): readonly Node[] {
  const children = obj.children ?? NO_PROPERTIES;
  let complete = true;
  for (let i = 0; i < children.length; i++) if (children[i]!.children?.length !== 2) complete = false;
  const props = complete ? children : children.filter((p) => p.children?.length === 2);
  if (props.length < 2) return props;
  if (props.length <= 16 && !samePairwise(props)) return props;
  const last = new Map<string, number>();
  for (let i = 0; i < props.length; i++) last.set(String(props[i]!.children![0]!.value), i);
  if (last.size === props.length) return props;
  return props.filter((p, i) => last.get(String(p.children![0]!.value)) === i);
}

/** Whether two of the (complete) properties have the same key. */
function samePairwise(props: readonly Node[]): boolean {
  for (let i = 1; i < props.length; i++) {
    const key = String(props[i]!.children![0]!.value);
    for (let j = 0; j < i; j++) if (String(props[j]!.children![0]!.value) === key) return true;
  }
  return false;
}

/**
 * The node at a pointer below `root` (for a key written twice, the last one, as ARM uses). Each token is compared
 * in place in the pointer (findings locate a dozen places per document: no array of tokens, no string per token);
 * a pointer with an escape (`~0`, `~1`) is split and unescaped first.
 */
export function walkPointer(root: Node, pointer: string): Node | undefined {
  if (pointer === "") return root;
  if (pointer.includes("~")) return walkTokens(root, pointer);
  let cur: Node | undefined = root;
  const n = pointer.length;
  for (let s = 1; ; ) {
    let e = pointer.indexOf("/", s);
    if (e < 0) e = n;
    if (!cur) return undefined;
    if (cur.type === "object") {
      let found: Node | undefined;
      const props = cur.children ?? [];
      // From the last member: the first match is the one kept (the last duplicate wins).
      for (let i = props.length - 1; i >= 0; i--) {
        const kv = props[i]!.children;
        const k = kv?.length === 2 ? kv[0]!.value : undefined;
        if (typeof k === "string" && k.length === e - s && pointer.startsWith(k, s)) {
          found = kv![1];
          break;
        }
      }
      cur = found;
    } else if (cur.type === "array") {
      // A token of digits only (as /^\d+$/ tests), read as Number reads it.
      let index = e > s ? 0 : -1;
      for (let j = s; j < e && index >= 0; j++) {
        const c = pointer.charCodeAt(j);
        index = c >= 48 && c <= 57 ? index * 10 + (c - 48) : -1;
      }
      cur = index >= 0 ? cur.children?.[index] : undefined;
    } else return undefined;
    if (e === n) return cur;
    s = e + 1;
  }
}

/** `walkPointer` for a pointer with escapes: split into tokens, each unescaped. */
function walkTokens(root: Node, pointer: string): Node | undefined {
  let cur: Node | undefined = root;
  for (const raw of pointer.slice(1).split("/")) {
    if (!cur) return undefined;
    const tok = raw.includes("~") ? raw.replace(/~1/g, "/").replace(/~0/g, "~") : raw;
    if (cur.type === "object") {
      let found: Node | undefined;
      const props = cur.children ?? [];
      for (let i = props.length - 1; i >= 0; i--) {
        const p = props[i]!;
        if (p.children?.length === 2 && p.children[0]!.value === tok) {
          found = p.children[1];
          break;
        }
      }
      cur = found;
    } else if (cur.type === "array") {
      cur = /^\d+$/.test(tok) ? cur.children?.[Number(tok)] : undefined;
    } else return undefined;
  }
  return cur;
}

/** Every pointer of a tree and its node (for documents asked about many places). */
export function indexPointers(root: Node): Map<string, Node> {
  const map = new Map<string, Node>();
  const stack: [Node, string][] = [[root, ""]];
  while (stack.length) {
    const [node, ptr] = stack.pop()!;
    map.set(ptr, node);
    if (node.type === "object") {
      for (const prop of effectiveProperties(node)) {
        const [k, v] = prop.children!;
        stack.push([v!, `${ptr}/${escapePointerToken(String(k!.value))}`]);
      }
    } else if (node.type === "array") {
      const items = node.children ?? [];
      for (let i = 0; i < items.length; i++) stack.push([items[i]!, `${ptr}/${i}`]);
    }
  }
  return map;
}

/** Moves every offset of a tree read from a slice of a text by `by` (the slice's start). */
export function shiftOffsets(root: Node, by: number): Node {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()! as { offset: number; colonOffset?: number; children?: Node[] };
    n.offset += by;
    if (n.colonOffset !== undefined) n.colonOffset += by;
    if (n.children) for (const c of n.children) stack.push(c);
  }
  return root;
}

/**
 * Whether any object of a tree has a key written twice: a walk of the nodes that makes nothing, where `treeValue`
 * makes the whole value (a document that has none, as most have, answers `duplicateKeys` without its value).
 */
export function hasDuplicateKeys(root: Node): boolean {
  const stack: Node[] = [root];
  let seen: Set<unknown> | undefined;
  while (stack.length) {
    const node = stack.pop()!;
    const children = node.children;
    if (children === undefined) continue;
    if (node.type === "object") {
      const n = children.length;
      // A few members: compared pairwise; more, through a set (kept for the walk).
      if (n > 8) (seen ??= new Set()).clear();
      for (let i = 0; i < n; i++) {
        const kv = children[i]!.children;
        if (kv?.length !== 2) continue;
        const key = kv[0]!.value;
        if (n > 8) {
          if (seen!.has(key)) return true;
          seen!.add(key);
        } else
          for (let j = 0; j < i; j++) {
            const other = children[j]!.children;
            if (other?.length === 2 && other[0]!.value === key) return true;
          }
        stack.push(kv[1]!);
      }
    } else if (node.type === "array") for (const c of children) stack.push(c);
  }
  return false;
}

/** A member whose key is written again later in its object: ignored (ARM keeps the last one). */
export interface DuplicateKey {
  readonly key: string;
  /** The pointer of the member kept (the last one written), within the text. */
  readonly keptPointer: string;
  /** Where the ignored member's key is written: offset and length in the text. */
  readonly offset: number;
  readonly length: number;
  /** The ignored member's value. */
  readonly value: unknown;
  /** The object (in the tree's value) the key is written twice in. */
  readonly parent: object;
}

/**
 * The value of a tree as JSON.parse gives it for the same text, except where a key is written twice: the last
 * member is kept at the place of the last one (as `effectiveProperties` keeps it, so that a case-insensitive
 * look-up that takes the last spelling finds what a walk of the nodes finds), and each earlier one is listed in
 * `ignored` with its value. One walk of the tree; pointers are written only for the keys written twice.
 * Recursive: the depth is bounded by the readers' nesting limit.
 */
export function treeValue(root: Node): { value: unknown; ignored: DuplicateKey[] } {
  const ignored: DuplicateKey[] = [];
  const value = valueOf(root, [], ignored);
  return { value, ignored };
}

function valueOf(n: Node, path: string[], ignored: DuplicateKey[]): unknown {
  switch (n.type) {
    case "object": {
      const o: Record<string, unknown> = {};
      const props = n.children ?? [];
      for (let i = 0; i < props.length; i++) {
        const [k, v] = props[i]!.children ?? [];
        if (!k || !v) continue;
        const key = String(k.value);
        path.push(key);
        const x = valueOf(v, path, ignored);
        path.pop();
        if (Object.hasOwn(o, key)) {
          ignored.push(ignoredMember(props, i, key, path, o));
          delete o[key];
        }
        // A member named __proto__ is an own property, as JSON.parse makes it (an assignment would set the prototype).
        if (key === "__proto__") Object.defineProperty(o, key, { value: x, writable: true, enumerable: true, configurable: true });
        else o[key] = x;
      }
      return o;
    }
    case "array": {
      const items = n.children ?? [];
      const a = new Array<unknown>(items.length);
      for (let i = 0; i < items.length; i++) {
        path.push(String(i));
        a[i] = valueOf(items[i]!, path, ignored);
        path.pop();
      }
      return a;
    }
    default:
      return n.value;
  }
}

/** The member written before `props[i]` with the same key (the one ignored now), as an DuplicateKey. */
function ignoredMember(props: readonly Node[], i: number, key: string, path: readonly string[], parent: Record<string, unknown>): DuplicateKey {
  let j = i - 1;
  while (String(props[j]!.children?.[0]?.value) !== key || props[j]!.children?.length !== 2) j--;
  const k = props[j]!.children![0]!;
  let pointer = "";
  for (const seg of path) pointer += `/${escapePointerToken(seg)}`;
  return { key, keptPointer: `${pointer}/${escapePointerToken(key)}`, offset: k.offset, length: k.length, value: parent[key], parent };
}
