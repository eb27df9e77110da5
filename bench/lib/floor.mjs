// The floor: discover the same files, read and JSON.parse each, nothing else.
import fs from "node:fs";
import fg from "fast-glob";
const dir = process.argv[2];
const t0 = performance.now();
const files = await fg("**/*.{json,jsonc}", { cwd: dir, absolute: true });
let keys = 0;
for (const f of files) keys += Object.keys(JSON.parse(fs.readFileSync(f, "utf8"))).length;
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, files: files.length, keys, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
