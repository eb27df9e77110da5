/**
 * JSON as a tree that can hold what JSON.parse cannot: duplicate keys (members are a list, not an object) and
 * number tokens exactly as written (1e999, 9007199254740993, -0). Mutations edit this tree; `print` writes it
 * back, compact or indented, so that structure-aware edits still give text a parser sees as intended.
 *
 * Nodes: { k: "o", m: [[key, node], ...] }  { k: "a", v: [node, ...] }  { k: "s", v: string }  { k: "r", v: rawToken }
 */
import { createRequire } from "node:module";

const jsonc = createRequire(import.meta.url)("jsonc-parser");

/** The tree of a JSON or JSONC text, or undefined when it does not parse. */
export function parseTree(text) {
  const errors = [];
  const root = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || errors.length) return undefined;
  const conv = (n) => {
    switch (n.type) {
      case "object":
        return { k: "o", m: n.children.map((p) => [p.children[0].value, p.children[1] ? conv(p.children[1]) : { k: "r", v: "null" }]) };
      case "array":
        return { k: "a", v: n.children.map(conv) };
      case "string":
        return { k: "s", v: n.value };
      default:
        return { k: "r", v: text.slice(n.offset, n.offset + n.length) };
    }
  };
  return conv(root);
}

/** A tree node for a plain JavaScript value. */
export function fromValue(v) {
  if (typeof v === "string") return { k: "s", v };
  if (Array.isArray(v)) return { k: "a", v: v.map(fromValue) };
  if (v && typeof v === "object") return { k: "o", m: Object.entries(v).map(([k, x]) => [k, fromValue(x)]) };
  return { k: "r", v: JSON.stringify(v ?? null) };
}

/**
 * The text of a tree. `indent` "" writes it compact. Deep trees are written without recursion (a mutation nests
 * thousands of levels).
 */
export function print(node, indent = "  ", eol = "\n") {
  const out = [];
  // A stack of work items: a node with its depth, or a literal string.
  const stack = [[node, 0]];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === "string") {
      out.push(item);
      continue;
    }
    const [n, depth] = item;
    // Indentation stops growing at 40 levels: deeply nested text stays linear in size.
    const nl = indent ? eol + indent.repeat(Math.min(depth + 1, 40)) : "";
    const close = indent ? eol + indent.repeat(Math.min(depth, 40)) : "";
    if (n.k === "s") out.push(JSON.stringify(n.v));
    else if (n.k === "r") out.push(n.v);
    else if (n.k === "a") {
      if (!n.v.length) {
        out.push("[]");
        continue;
      }
      const work = ["["];
      n.v.forEach((c, i) => {
        work.push(i ? `,${nl}` : nl, [c, depth + 1]);
      });
      work.push(`${close}]`);
      for (let i = work.length - 1; i >= 0; i--) stack.push(work[i]);
    } else {
      if (!n.m.length) {
        out.push("{}");
        continue;
      }
      const work = ["{"];
      n.m.forEach(([k, c], i) => {
        work.push((i ? `,${nl}` : nl) + JSON.stringify(k) + (indent ? ": " : ":"), [c, depth + 1]);
      });
      work.push(`${close}}`);
      for (let i = work.length - 1; i >= 0; i--) stack.push(work[i]);
    }
  }
  return out.join("");
}

/**
 * Every node with the container it sits in (`parent`, and `at`: index in `m` or `v`), in document order, up to
 * `limit` nodes.
 */
export function nodes(root, limit = 200_000) {
  const list = [{ node: root, parent: undefined, at: -1 }];
  for (let i = 0; i < list.length && list.length < limit; i++) {
    const n = list[i].node;
    if (n.k === "o") n.m.forEach(([, c], at) => void list.push({ node: c, parent: n, at }));
    else if (n.k === "a") n.v.forEach((c, at) => void list.push({ node: c, parent: n, at }));
  }
  return list;
}

/** Puts `repl` where `place` (an entry of `nodes`) is; the root cannot be replaced in place, so it is returned. */
export function replaceAt(root, place, repl) {
  if (!place.parent) return repl;
  if (place.parent.k === "o") place.parent.m[place.at][1] = repl;
  else place.parent.v[place.at] = repl;
  return root;
}

/** The value of member `key` (case-insensitive) of an object node. */
export function member(obj, key) {
  if (obj?.k !== "o") return undefined;
  const e = obj.m.find(([k]) => k.toLowerCase() === key.toLowerCase());
  return e?.[1];
}

/** Sets member `key` of an object node (the first of that name), adding it when missing. */
export function setMember(obj, key, value) {
  if (obj?.k !== "o") return; // an earlier mutation made it something else: nothing to set
  const e = obj.m.find(([k]) => k.toLowerCase() === key.toLowerCase());
  if (e) e[1] = value;
  else obj.m.push([key, value]);
}

/** A deep copy (without recursion: mutations nest thousands of levels). */
export function clone(n) {
  const copy = (x) => (x.k === "o" ? { k: "o", m: x.m.map(([k, c]) => [k, c]) } : x.k === "a" ? { k: "a", v: [...x.v] } : { ...x });
  const root = copy(n);
  const stack = [root];
  while (stack.length) {
    const x = stack.pop();
    if (x.k === "o") for (const e of x.m) stack.push((e[1] = copy(e[1])));
    else if (x.k === "a") for (let i = 0; i < x.v.length; i++) stack.push((x.v[i] = copy(x.v[i])));
  }
  return root;
}
