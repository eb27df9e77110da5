/**
 * The stage layout (docs/architecture.md) as a test: a stage imports only from itself and from the stages before
 * it, and what comes after the input languages (model, engine, post, output, rules) never imports a language.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { repoRoot } from "./helpers.js";

/** Pipeline order; a stage may import from the shared modules and from stages at or below its own rank. */
const RANK: Record<string, number> = { cli: 9, pipeline: 8, parallel: 8, output: 7, post: 6, config: 5, policy: 5, engine: 4, input: 3, model: 2, parse: 1 };
/**
 * Modules every stage may use: the public rule API, run-scoped state, the package version, generated types, and
 * three that serve every stage by design: the value type (model/value.ts), redaction (post/secrets.ts: a parse
 * error's snippet and an engine message are redacted where they are made) and the one bounded reader
 * (pipeline/read.ts: configuration files are read through it too).
 */
const SHARED = /^src\/(rule|context|version)\.ts$|^src\/generated\/|^src\/(model\/value|post\/secrets|pipeline\/read)\.ts$/;
/** The language seam and recognition: the only part of input/ the engine reaches. */
const SEAM = /^src\/input\/(language|recognise)\.ts$/;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}
const stageOf = (rel: string) => /^src\/([a-z]+)\//.exec(rel)?.[1];
const files = walk(path.join(repoRoot, "src")).map((f) => path.relative(repoRoot, f).split(path.sep).join("/"));

function importsOf(rel: string): string[] {
  const text = fs.readFileSync(path.join(repoRoot, rel), "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+"(\.[^"]+)"/gm)) {
    out.push(path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]!)).replace(/\.js$/, ".ts"));
  }
  return out;
}

describe("stage layout", () => {
  test.each(files.filter((f) => stageOf(f) !== undefined && RANK[stageOf(f)!] !== undefined))("%s imports only earlier stages", (rel) => {
    const rank = RANK[stageOf(rel)!]!;
    for (const target of importsOf(rel)) {
      if (SHARED.test(target) || !target.startsWith("src/")) continue;
      const stage = stageOf(target);
      if (stage === undefined || RANK[stage] === undefined) continue;
      // output formatters and post-processing run after the engine but format findings, not inputs.
      expect(RANK[stage]! <= rank, `${rel} imports ${target} (a later stage)`).toBe(true);
      if (["engine", "post", "output"].includes(stageOf(rel)!) && stage === "input") {
        expect(SEAM.test(target) || (/^src\/input\/arm\/expression\//.test(target) && rel === "src/post/fix.ts"), `${rel} imports the input language module ${target}`).toBe(true);
      }
    }
  });

  test("rules and the model never import an input language", () => {
    const rules = fs.readdirSync(path.join(repoRoot, "rules")).map((f) => `rules/${f}`);
    for (const rel of [...rules, ...files.filter((f) => stageOf(f) === "model")]) {
      for (const target of importsOf(rel)) expect(target.startsWith("src/input/"), `${rel} imports ${target}`).toBe(false);
    }
  });

  test("each input language implements the seam and is registered", async () => {
    const { LANGUAGES } = await import("../src/input/language.js");
    expect(LANGUAGES.map((l) => l.name)).toEqual(["ARM template", "exported resources", "Bicep", "Terraform plan", "Terraform"]);
    const kinds = LANGUAGES.flatMap((l) => l.kinds);
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});
