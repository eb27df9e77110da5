/**
 * The rule registry: an explicit, sorted list (test/meta.test.ts checks it against the files in rules/).
 * Keep one import per line, in id order.
 */
import type { Rule } from "../src/rule.js";
// accounts (BATCH0xx)
import BATCH001 from "./BATCH001.js";
import BATCH002 from "./BATCH002.js";
import BATCH003 from "./BATCH003.js";
import BATCH004 from "./BATCH004.js";
// accounts-end
// pools (BATCH1xx)
// pools-end
// template hygiene (BATCH9xx)
// hygiene-end

export const rules: readonly Rule<string, any>[] = [
  BATCH001,
  BATCH002,
  BATCH003,
  BATCH004,
  // registry-end
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
