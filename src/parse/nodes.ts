/**
 * The node tree (jsonc-parser's `Node`, as both readers build it) as documents use it: pointers to nodes, the
 * members an object keeps when a key is written twice, and the plain value of a tree with the keys it ignores.
 */
import type { Node } from "jsonc-parser";
import { escapePointerToken } from "../model/value.js";

/** The property nodes of an object, without earlier duplicates of a key (ARM keeps the last one). */
export function effectiveProperties(obj: Node): Node[] {
  const props = (obj.children ?? []).filter((p) => p.children?.length === 2);
  if (props.length < 2) return props;
  const last = new Map<string, number>();
  for (let i = 0; i < props.length; i++) last.set(String(props[i]!.children![0]!.value), i);
  if (last.size === props.length) return props;
  return props.filter((p, i) => last.get(String(p.children![0]!.value)) === i);
}

/** The node at a pointer below `root` (for a key written twice, the last one, as ARM uses). */
export function walkPointer(root: Node, pointer: string): Node | undefined {
  if (pointer === "") return root;
  let cur: Node | undefined = root;
  for (const raw of pointer.slice(1).split("/")) {
    if (!cur) return undefined;
    const tok = raw.includes("~") ? raw.replace(/~1/g, "/").replace(/~0/g, "~") : raw;
    if (cur.type === "object") {
      let found: Node | undefined;
      for (const p of cur.children ?? []) if (p.children?.length === 2 && p.children[0]!.value === tok) found = p.children[1]; // last duplicate wins
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
