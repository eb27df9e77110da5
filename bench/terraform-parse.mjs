/**
 * The Terraform (HCL) parser alone (dist/src/input/terraform/parser.js, so `npm run build` first): files per second
 * over the real files of test/fixtures/terraform/real (and any `--dir D` given, e.g. a checkout of modules), the
 * first pass of a fresh process (code not yet optimised), and the cold start a pre-commit run pays: a new `node`
 * that imports the parser and parses one file, against `node -e 0` (median of N, default 15, `--runs N`).
 * Reported, never asserted: wall time on shared machines is too noisy. docs/architecture.md ("Terraform") has the
 * numbers this chose the hand-written parser by.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const parserPath = path.join(root, "dist/src/input/terraform/parser.js");
if (!fs.existsSync(parserPath)) {
  console.error(`${path.relative(root, parserPath)} is missing: run npm run build first`);
  process.exit(1);
}
const arg = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const runs = Math.max(1, Number(arg("--runs")) || 15);
const dirs = [path.join(root, "test/fixtures/terraform/real")];
for (let i = 0; i < process.argv.length; i++) if (process.argv[i] === "--dir" && process.argv[i + 1]) dirs.push(path.resolve(process.argv[i + 1]));

const files = dirs.flatMap((d) =>
  fs
    .readdirSync(d, { recursive: true })
    .filter((f) => /\.tf(vars)?$/.test(f))
    .sort()
    .map((f) => path.join(d, f)),
);
const texts = files.map((f) => fs.readFileSync(f, "utf8"));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const median = (ts) => [...ts].sort((a, b) => a - b)[Math.floor(ts.length / 2)];

// Cold start: a fresh process imports the parser and parses the Batch example, as a one-file run would.
const first = files.find((f) => f.endsWith(path.join("azurerm-examples-batch", "basic", "main.tf"))) ?? files[0];
const child = `
const t0 = performance.now();
const { parseHclText } = await import(${JSON.stringify(pathToFileURL(parserPath).href)});
const t1 = performance.now();
parseHclText((await import("node:fs")).readFileSync(${JSON.stringify(first)}, "utf8"));
console.log(JSON.stringify({ importMs: t1 - t0, parseMs: performance.now() - t1 }));`;
const wall = (args) => {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return { ms: performance.now() - t, out: r.stdout };
};
const nodeTimes = [];
const coldTimes = [];
const inside = [];
for (let i = 0; i < runs; i++) {
  nodeTimes.push(wall(["-e", "0"]).ms);
  const r = wall(["--input-type=module", "-e", child]);
  coldTimes.push(r.ms);
  inside.push(JSON.parse(r.out));
}

// In this process: the first pass over every file (unoptimised code), then warm passes for at least a second.
const { parseHclText } = await import(pathToFileURL(parserPath).href);
let t = performance.now();
for (const text of texts) parseHclText(text);
const firstPass = performance.now() - t;
let passes = 0;
t = performance.now();
while (performance.now() - t < 1000 || passes < 3) {
  for (const text of texts) parseHclText(text);
  passes++;
}
const warm = (performance.now() - t) / passes;

console.log(`# Terraform parser (${files.length} files, ${(bytes / 1024).toFixed(0)} KB; cold start median of ${runs})`);
console.log("| measure | value |");
console.log("| --- | --- |");
console.log(`| cold start: import + parse ${path.relative(root, first)} in a new process | ${median(inside.map((x) => x.importMs)).toFixed(1)} + ${median(inside.map((x) => x.parseMs)).toFixed(1)} ms |`);
console.log(`| that process, wall, over node -e 0 (${median(nodeTimes).toFixed(0)} ms) | ${(median(coldTimes) - median(nodeTimes)).toFixed(0)} ms |`);
console.log(`| first pass over all files (fresh code) | ${firstPass.toFixed(1)} ms |`);
console.log(`| warm | ${((files.length * 1000) / warm).toFixed(0)} files/s, ${(bytes / 1e6 / (warm / 1000)).toFixed(1)} MB/s |`);
