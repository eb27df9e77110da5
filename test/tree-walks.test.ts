/**
 * The tree walks written for speed answer as the plain walks they replace: look-ups by key (case-insensitive, the
 * last duplicate wins), pointers, members written twice, and the literal template tree made as it is read
 * (model/syntax-tree.ts) against the one `nodeFromJson` makes whole.
 */
import type { Node } from "jsonc-parser";
import { expect, test } from "vitest";
import { RunContext } from "../src/context.js";
import { childNode, nodeFromJson } from "../src/model/literal.js";
import { modelState } from "../src/model/state.js";
import { nodeFromSyntax } from "../src/model/syntax-tree.js";
import type { PNode } from "../src/model/tree.js";
import { effectiveProperties, parseDocument } from "../src/parse/document.js";
import { hasDuplicateKeys, treeValue, walkPointer } from "../src/parse/nodes.js";

function random(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

const KEYS = ["a", "A", "b", "type", "Type", "TYPE", "İd", "i̇d", "\u212Aey", "key", "KEY", "ß", "a/b", "a~b", "~1", "0", "01", "", "__proto__"];

/** A random JSON text of objects (keys from KEYS, some written twice), arrays and scalars. */
function randomJson(next: () => number, depth = 0): string {
  const r = next();
  if (depth > 3 || r < 0.3) return next() < 0.5 ? JSON.stringify(KEYS[Math.floor(next() * KEYS.length)]) : String(Math.floor(next() * 100));
  const n = Math.floor(next() * 6);
  const items = Array.from({ length: n }, () => randomJson(next, depth + 1));
  if (r < 0.5) return `[${items.join(",")}]`;
  return `{${items.map((v) => `${JSON.stringify(KEYS[Math.floor(next() * KEYS.length)])}: ${v}`).join(",")}}`;
}

/** Every pointer of a value, and a few that lead nowhere. */
function pointers(v: unknown, at = "", out: string[] = []): string[] {
  out.push(at, `${at}/missing`, `${at}/01`);
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) pointers(v[i], `${at}/${i}`, out);
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) pointers(x, `${at}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, out);
  return out;
}

/** The reference: a pointer split into tokens, each member found by a walk from the first to the last. */
function walkTokens(root: Node, pointer: string): Node | undefined {
  if (pointer === "") return root;
  let cur: Node | undefined = root;
  for (const raw of pointer.slice(1).split("/")) {
    if (!cur) return undefined;
    const tok = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (cur.type === "object") {
      let found: Node | undefined;
      for (const p of cur.children ?? []) if (p.children?.length === 2 && p.children[0]!.value === tok) found = p.children[1];
      cur = found;
    } else if (cur.type === "array") cur = /^\d+$/.test(tok) ? cur.children?.[Number(tok)] : undefined;
    else return undefined;
  }
  return cur;
}

/** Two located trees alike: kinds, values, places, keys and the order of members. */
function same(a: PNode, b: PNode, path: string): void {
  expect(a.t, path).toBe(b.t);
  expect(a.at, path).toEqual(b.at);
  if (a.t === "val" && b.t === "val") expect(a.value, path).toBe(b.value);
  if (a.t === "arr" && b.t === "arr") {
    expect(a.items.length, path).toBe(b.items.length);
    for (let i = 0; i < a.items.length; i++) same(a.items[i]!, b.items[i]!, `${path}[${i}]`);
  }
  if (a.t === "obj" && b.t === "obj") {
    const ea = [...a.props.values()];
    const eb = [...b.props.values()];
    expect(
      ea.map((e) => e.key),
      path,
    ).toEqual(eb.map((e) => e.key));
    expect(a.props.size, path).toBe(b.props.size);
    ea.forEach((e, i) => {
      expect(e.keyAt, path).toEqual(eb[i]!.keyAt);
      same(e.node, eb[i]!.node, `${path}.${e.key}`);
    });
    for (const k of KEYS.map((k) => k.toLowerCase())) expect(a.props.get(k)?.key, `${path} get ${k}`).toBe(b.props.get(k)?.key);
  }
}

test("look-ups, pointers, keys written twice and literal trees answer as the plain walks", () => {
  const next = random(11);
  const model = modelState(new RunContext());
  for (let round = 0; round < 200; round++) {
    const text = `{"root": ${randomJson(next)}}`;
    const doc = parseDocument(text, "t.json");
    const root = doc.root;
    const { value, ignored } = treeValue(root);
    expect(hasDuplicateKeys(root), text).toBe(ignored.length > 0);
    for (const p of pointers(value)) expect(walkPointer(root, p), `${text} ${p}`).toBe(walkTokens(root, p));
    const stack: Node[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      for (const c of n.children ?? []) stack.push(c);
      if (n.type !== "object") continue;
      // effectiveProperties: the last member of each key, in the order written.
      const props = (n.children ?? []).filter((p) => p.children?.length === 2);
      const kept = props.filter((p, i) => !props.slice(i + 1).some((q) => q.children![0]!.value === p.children![0]!.value));
      expect(effectiveProperties(n), text).toEqual(kept);
      for (const key of KEYS) {
        let want: Node | undefined;
        for (const p of props) if (String(p.children![0]!.value).toLowerCase() === key.toLowerCase()) want = p.children![1];
        expect(childNode(n, key), `${text} ${key}`).toBe(want);
      }
    }
    same(nodeFromSyntax(model, root, "t.json", ""), nodeFromJson(model, root, "t.json", ""), text);
  }
});
