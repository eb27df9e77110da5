/**
 * Small glob matcher for configuration (`ignore`, `overrides[].files`, `parameters[].files`,
 * `suppressions[].file`), with gitignore-like conventions:
 * - patterns are relative to the directory of the configuration file, '/' separated;
 * - a pattern without a '/' (e.g. `*.parameters.json`) matches the base name at any depth;
 * - `*` and `?` stay within one path segment, `**` crosses segments, `{a,b}` alternates, `[...]` is a class;
 * - a leading `./` or `/` anchors the pattern at the configuration directory.
 */

const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let cached = cache.get(pattern);
  if (cached) return cached;
  let p = pattern.replace(/\\/g, "/");
  let anchored = false;
  if (p.startsWith("./")) {
    p = p.slice(2);
    anchored = true;
  } else if (p.startsWith("/")) {
    p = p.slice(1);
    anchored = true;
  }
  if (p.endsWith("/")) p = p.slice(0, -1);
  if (!anchored && !p.includes("/")) p = `**/${p}`;
  let re = "";
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "*") {
      if (p[i + 1] === "*") {
        const atStart = i === 0 || p[i - 1] === "/";
        const atEnd = i + 2 === p.length || p[i + 2] === "/";
        if (atStart && p[i + 2] === "/") {
          re += "(?:[^/]*(?:/[^/]*)*/)?"; // "**/": zero or more whole segments
          i += 2;
          continue;
        }
        if (atStart && atEnd) {
          re += ".*";
          i += 1;
          continue;
        }
        re += "[^/]*";
        i += 1;
        continue;
      }
      re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      braces++;
      re += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (c === "," && braces > 0) re += "|";
    else if (c === "[") {
      const end = p.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        let cls = p.slice(i + 1, end).replace(/\\/g, "\\\\");
        if (cls.startsWith("!")) cls = `^${cls.slice(1)}`;
        re += `[${cls}]`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\\]]/g, "\\$&");
  }
  cached = new RegExp(`^${re}$`);
  cache.set(pattern, cached);
  return cached;
}

/** True when `rel` (a '/'-separated path relative to the pattern's base) matches `pattern`. */
export function matchGlob(pattern: string, rel: string): boolean {
  if (rel === "" || rel.startsWith("../") || rel === "..") return false;
  return globToRegExp(pattern).test(rel);
}

/** Like `matchGlob`, but also true when a parent directory of `rel` matches (for `ignore: ["legacy"]`). */
export function matchGlobOrParent(pattern: string, rel: string): boolean {
  if (matchGlob(pattern, rel)) return true;
  let i = rel.lastIndexOf("/");
  while (i > 0) {
    if (matchGlob(pattern, rel.slice(0, i))) return true;
    i = rel.lastIndexOf("/", i - 1);
  }
  return false;
}

export function matchAny(patterns: readonly string[], rel: string): boolean {
  return patterns.some((p) => matchGlob(p, rel));
}
