import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { generate } from "../src/tools/gen-types.js";
import { repoRoot } from "./helpers.js";

test("src/generated/batch-types.ts is generated from the vendored schema (npm run gen:types)", async () => {
  const committed = fs.readFileSync(path.join(repoRoot, "src/generated/batch-types.ts"), "utf8");
  expect((await generate()) === committed, "src/generated/batch-types.ts is stale: run `npm run gen:types`").toBe(true);
});
