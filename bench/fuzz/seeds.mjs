/**
 * The seed inputs: real templates, parameters files and exported accounts from ../shared/corpus (public Azure
 * files, see its SOURCES.md; read in place, not copied) when it exists, and the repository's fixtures/. Sorted
 * by path, so the seed list, and with it every generated input, is the same on every run.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { parseTree } from "./tree.mjs";

const SEED_FILE = /\.(json|jsonc|ndjson|jsonl)(\.gz)?$/i;

function walk(dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && SEED_FILE.test(e.name)) out.push(p);
  }
}

/** What a seed is, by its shape: decides which structure-aware mutations fit it and how it is named. */
function kindOf(tree, name) {
  if (/\.(ndjson|jsonl)/i.test(name)) return "ndjson";
  if (!tree) return "text";
  if (tree.k === "o") {
    const keys = tree.m.map(([k]) => k.toLowerCase());
    const schema = tree.m.find(([k]) => k === "$schema")?.[1]?.v ?? "";
    if (/deploymentParameters/i.test(schema)) return "parameters";
    if (keys.includes("resources")) return "template";
    if (keys.includes("value") || keys.includes("data") || keys.includes("type")) return "export";
  }
  if (tree.k === "a") return "export";
  return "json";
}

/**
 * Seeds as { file, text, tree, kind }. `roots` are searched in order; files over `maxBytes` are left out (the
 * schemas and the REST specification are kept: 300 KB).
 */
export function loadSeeds(repoRoot, { maxBytes = 1 << 20 } = {}) {
  const roots = [path.resolve(repoRoot, "../shared/corpus"), path.join(repoRoot, "fixtures")];
  const files = [];
  for (const r of roots) walk(r, files);
  files.sort();
  const seeds = [];
  for (const file of files) {
    let buf = fs.readFileSync(file);
    if (buf.length > maxBytes) continue;
    if (/\.gz$/i.test(file)) {
      try {
        buf = zlib.gunzipSync(buf);
      } catch {
        continue;
      }
    }
    const text = buf.toString("utf8").replace(/^\uFEFF/, "");
    const tree = /\.(ndjson|jsonl)/i.test(file) ? undefined : parseTree(text);
    seeds.push({ file: path.relative(repoRoot, file), text, tree, kind: kindOf(tree, file) });
  }
  if (!seeds.length) throw new Error(`no seed files under ${roots.join(" or ")}`);
  return seeds;
}
