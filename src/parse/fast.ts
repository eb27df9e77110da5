/**
 * A fast, iterative JSONC reader that builds the same node tree as jsonc-parser's `parseTree` (type, offset,
 * length, parent, children, value; property nodes hold [key, value]). It accepts comments and trailing commas
 * and never recurses, so nesting depth cannot overflow the stack. On anything it does not accept it returns
 * undefined, and the caller asks jsonc-parser for the exact error and position.
 *
 * Hand-written because no library builds this tree fast and safely: jsonc-parser's `parseTree` is the reference
 * (it gives the errors), but it recurses once per level of nesting (a deep input overflows the stack) and its
 * scanner builds each run of blanks a character at a time; this reader reads templates and linked templates,
 * and the subtrees fixes ask for, in a single pass without either.
 */
import type { Node } from "jsonc-parser";

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Every node gets the same shape (hidden class), which keeps property access fast downstream. */
function mk(type: Node["type"], offset: number, length: number, value: unknown, children: Mutable[] | undefined): Mutable {
  return { type, offset, length, parent: undefined, children, value, colonOffset: undefined };
}

interface Mutable {
  type: Node["type"];
  offset: number;
  length: number;
  parent?: Mutable;
  children?: Mutable[];
  value?: unknown;
  colonOffset?: number;
}

export function fastParseTree(text: string, maxDepth: number): Node | undefined | "too-deep" {
  const n = text.length;
  let i = 0;
  const skipTrivia = (): boolean => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else if (c === 47) {
        const d = text.charCodeAt(i + 1);
        if (d === 47) {
          i += 2;
          while (i < n) {
            const e = text.charCodeAt(i);
            if (e === 10 || e === 13) break;
            i++;
          }
        } else if (d === 42) {
          const end = text.indexOf("*/", i + 2);
          if (end < 0) return false;
          i = end + 2;
        } else return false;
      } else if (c === 0xfeff && i === 0) i++;
      else return true;
    }
  };
  const readString = (): string | undefined => {
    // text[i] is '"'
    const start = i;
    let j = i + 1;
    let escaped = false;
    for (;;) {
      if (j >= n) return undefined;
      const c = text.charCodeAt(j);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        j += 2;
        continue;
      }
      if (c < 32) return undefined;
      j++;
    }
    i = j + 1;
    if (!escaped) return text.slice(start + 1, j);
    try {
      return JSON.parse(text.slice(start, j + 1)) as string;
    } catch {
      return undefined;
    }
  };

  // Containers and properties under construction.
  const stack: Mutable[] = [];
  /**
   * The children of the containers on the stack, one run after another (each container's starts at its entry of
   * `firsts`), copied into an array of their own size when the container closes: an array grown a push at a time
   * has room for 17 at its first push, and most objects of a template have a few members.
   */
  const scratch: Mutable[] = [];
  const firsts: number[] = [];
  /** Objects and arrays open on the stack (the nesting depth). */
  let containers = 0;
  /** The object on top of the stack just read a ',' and now expects a key (only the top one can). */
  let keyNext = false;
  let root: Mutable | undefined;
  /** A value complete: it is the value of the property on top, or an element or member of the container on top. */
  const attach = (node: Mutable): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = node;
      return;
    }
    node.parent = top;
    if (top.type === "property") {
      top.children![1] = node;
      top.length = node.offset + node.length - top.offset;
      stack.pop(); // property complete
      scratch.push(top);
    } else scratch.push(node);
  };
  /** Closes the container on top of the stack at `i` (after its closing bracket). */
  const close = (top: Mutable): void => {
    top.length = i - top.offset;
    const first = firsts.pop()!;
    top.children = scratch.slice(first);
    scratch.length = first;
    stack.pop();
    containers--;
  };

  for (;;) {
    if (!skipTrivia()) return undefined;
    const top = stack[stack.length - 1];
    // Inside an object, expecting a key or '}'.
    if (top?.type === "object" && (scratch.length === firsts[firsts.length - 1] || keyNext)) {
      const c = text.charCodeAt(i);
      if (c === 125) {
        // '}' (also after a trailing comma)
        i++;
        keyNext = false;
        close(top);
        attach(top);
        if (!afterValue()) return undefined;
        if (stack.length === 0) break;
        continue;
      }
      if (c !== 34) return undefined;
      const keyOffset = i;
      const key = readString();
      if (key === undefined) return undefined;
      const keyNode = mk("string", keyOffset, i - keyOffset, key, undefined);
      if (!skipTrivia() || text.charCodeAt(i) !== 58) return undefined;
      // Both children at once (the value's place holds the key until the value is read): a property that is not
      // completed makes the whole text one this reader does not accept.
      const prop = mk("property", keyOffset, 0, undefined, [keyNode, keyNode]);
      prop.parent = top;
      prop.colonOffset = i;
      keyNode.parent = prop;
      keyNext = false;
      i++;
      stack.push(prop);
      continue;
    }
    // Expecting a value.
    if (i >= n) return undefined;
    const c = text.charCodeAt(i);
    const start = i;
    if (c === 123 || c === 91) {
      // The stack holds properties as well as containers: count the containers (arrays nest one entry a level).
      if (containers >= maxDepth) return "too-deep";
      const node = mk(c === 123 ? "object" : "array", start, 0, undefined, undefined);
      i++;
      if (c === 91) {
        if (!skipTrivia()) return undefined;
        if (text.charCodeAt(i) === 93) {
          i++;
          node.length = i - start;
          node.children = [];
          attach(node);
          if (!afterValue()) return undefined;
          if (stack.length === 0) break;
          continue;
        }
      }
      node.parent = stack[stack.length - 1];
      stack.push(node);
      firsts.push(scratch.length);
      containers++;
      continue;
    }
    let node: Mutable;
    if (c === 34) {
      const v = readString();
      if (v === undefined) return undefined;
      node = mk("string", start, i - start, v, undefined);
    } else if (c === 116 && text.startsWith("true", i)) {
      i += 4;
      node = mk("boolean", start, 4, true, undefined);
    } else if (c === 102 && text.startsWith("false", i)) {
      i += 5;
      node = mk("boolean", start, 5, false, undefined);
    } else if (c === 110 && text.startsWith("null", i)) {
      i += 4;
      node = mk("null", start, 4, null, undefined);
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
        else break;
      }
      const raw = text.slice(start, i);
      if (!NUMBER.test(raw)) return undefined;
      node = mk("number", start, i - start, Number(raw), undefined);
    } else return undefined;
    attach(node);
    if (!afterValue()) return undefined;
    if (stack.length === 0) break;
  }
  if (!skipTrivia() || i < n) return undefined;
  return root as Node | undefined;

  /** After a complete value: consume ',' or close containers. Returns false on a syntax error. */
  function afterValue(): boolean {
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top) return true;
      if (!skipTrivia()) return false;
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        if (top.type === "object") keyNext = true;
        if (top.type === "array") {
          // trailing comma before ']'
          if (!skipTrivia()) return false;
          if (text.charCodeAt(i) === 93) continue;
        }
        return true;
      }
      if ((c === 125 && top.type === "object") || (c === 93 && top.type === "array")) {
        i++;
        keyNext = false;
        close(top);
        attach(top);
        continue;
      }
      return false;
    }
  }
}
