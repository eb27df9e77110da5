/**
 * A fuzz worker process: lints the inputs the runner writes (lintPaths on the built library) and formats each
 * result in every format, checking the outputs. It runs in its own process so that the runner can kill it when
 * an input hangs or eats memory, and an abort loses only that input.
 *
 * argv: DIST. Messages in: { i, dir, main, twice }. Messages out: { ready } then { i, problems, rss } per input.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { checkOutput } from "./checks.mjs";

const dist = path.resolve(process.argv[2]);
const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);
const { lintPaths } = await load("src/pipeline/run.js");
const { rules } = await load("rules/index.js");
const { FORMATTERS } = await load("src/output/index.js");
const formats = Object.keys(FORMATTERS);
const formatters = Object.fromEntries(await Promise.all(formats.map(async (f) => [f, await FORMATTERS[f]()])));

const firstLines = (e) =>
  String(e?.stack ?? e)
    .split("\n")
    .slice(0, 4)
    .join(" | ");
const dropFix = (k, v) => (k === "fixInput" ? undefined : v);

async function one({ dir, main, twice }) {
  const problems = [];
  const run = () => lintPaths([main], { rules, cwd: dir });
  let res;
  try {
    res = await run();
  } catch (e) {
    return [{ cat: "throw (library)", msg: firstLines(e) }];
  }
  for (const e of res.errors) if (e.code === "internal-error" || /internal error/i.test(e.message)) problems.push({ cat: "internal-error (library)", msg: e.message });
  for (const f of formats) {
    try {
      for (const color of f === "stylish" ? [false, true] : [false]) {
        problems.push(...checkOutput(f, formatters[f](res, { rules, base: dir, color, verbose: true, summary: color }), { color }));
      }
    } catch (e) {
      problems.push({ cat: `formatter-throw (${f})`, msg: firstLines(e) });
    }
  }
  if (twice) {
    try {
      const again = await run();
      const key = (r) => JSON.stringify([r.findings, r.errors, r.notes], dropFix);
      if (key(again) !== key(res)) problems.push({ cat: "nondeterministic (library)", msg: "two runs over the same input differ" });
    } catch (e) {
      problems.push({ cat: "throw (library)", msg: firstLines(e) });
    }
  }
  return problems;
}

process.on("message", async (m) => {
  const problems = await one(m);
  process.send({ i: m.i, problems, rss: process.memoryUsage().rss });
});
process.send({ ready: true, formats });
