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
import BATCH005 from "./BATCH005.js";
import BATCH006 from "./BATCH006.js";
import BATCH007 from "./BATCH007.js";
import BATCH008 from "./BATCH008.js";
import BATCH009 from "./BATCH009.js";
import BATCH010 from "./BATCH010.js";
import BATCH011 from "./BATCH011.js";
import BATCH012 from "./BATCH012.js";
import BATCH013 from "./BATCH013.js";
import BATCH014 from "./BATCH014.js";
import BATCH015 from "./BATCH015.js";
import BATCH016 from "./BATCH016.js";
import BATCH017 from "./BATCH017.js";
import BATCH018 from "./BATCH018.js";
import BATCH019 from "./BATCH019.js";
import BATCH020 from "./BATCH020.js";
import BATCH021 from "./BATCH021.js";
// accounts-end
// pools (BATCH1xx)
import BATCH101 from "./BATCH101.js";
import BATCH102 from "./BATCH102.js";
import BATCH103 from "./BATCH103.js";
import BATCH104 from "./BATCH104.js";
import BATCH105 from "./BATCH105.js";
import BATCH106 from "./BATCH106.js";
import BATCH107 from "./BATCH107.js";
import BATCH108 from "./BATCH108.js";
import BATCH109 from "./BATCH109.js";
import BATCH110 from "./BATCH110.js";
import BATCH111 from "./BATCH111.js";
import BATCH112 from "./BATCH112.js";
import BATCH113 from "./BATCH113.js";
import BATCH114 from "./BATCH114.js";
// pools-end
// template hygiene (BATCH9xx)
import BATCH901 from "./BATCH901.js";
import BATCH902 from "./BATCH902.js";
import BATCH903 from "./BATCH903.js";
import BATCH904 from "./BATCH904.js";
import BATCH905 from "./BATCH905.js";
import BATCH906 from "./BATCH906.js";
import BATCH910 from "./BATCH910.js";
// hygiene-end

// Sorted in code-unit order, not with localeCompare: the ids are ASCII, and the first localeCompare costs
// ~7 ms of ICU start-up in every run.
export const rules: readonly Rule<string, unknown>[] = [
  BATCH001,
  BATCH002,
  BATCH003,
  BATCH004,
  BATCH005,
  BATCH006,
  BATCH007,
  BATCH008,
  BATCH009,
  BATCH010,
  BATCH011,
  BATCH012,
  BATCH013,
  BATCH014,
  BATCH015,
  BATCH016,
  BATCH017,
  BATCH018,
  BATCH019,
  BATCH020,
  BATCH021,
  BATCH101,
  BATCH102,
  BATCH103,
  BATCH104,
  BATCH105,
  BATCH106,
  BATCH107,
  BATCH108,
  BATCH109,
  BATCH110,
  BATCH111,
  BATCH112,
  BATCH113,
  BATCH114,
  BATCH901,
  BATCH902,
  BATCH903,
  BATCH904,
  BATCH905,
  BATCH906,
  BATCH910,
  // registry-end
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
