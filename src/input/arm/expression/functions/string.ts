/**
 * String functions (ARM template functions reference), with concat() of arrays too. Each charges the strings it
 * builds and scans to the budget (helpers.ts). indexOf() and lastIndexOf(), of strings and arrays, are in
 * array-search.ts.
 */
import { BudgetExceeded, type Budget } from "../../../budget.js";
import { PartialArray, isUnknown, type Unknown, type Value } from "../../../../model/value.js";
import { INF, arr, built, err, int, madeArray, parseJson, scanned, str, toArmString } from "./helpers.js";
import type { FnDef } from "../types.js";
import { guid, uniqueString } from "./string-hash.js";
import { concatArrays } from "./array.js";

export const STRING: Record<string, FnDef> = {
  concat: {
    min: 0,
    max: INF,
    strictUnknown: false,
    fn: (x, a, e) => {
      if (x.length > 0 && x.every((v) => Array.isArray(v) || v === null || isUnknown(v)) && x.some((v) => Array.isArray(v) || v instanceof PartialArray)) {
        return concatArrays(x, e); // an unknown argument leaves a partly known array (array.ts)
      }
      const parts: string[] = [];
      let n = 0;
      for (const v of x) {
        if (isUnknown(v)) return v;
        if (Array.isArray(v)) throw err(a, "cannot concatenate an array with strings");
        const t = toArmString(v, e.b);
        if (isUnknown(t)) return t;
        parts.push(t);
        e.b.stringFits((n += t.length));
      }
      return built(parts.join(""), e);
    },
  },
  format: {
    min: 1,
    max: INF,
    strictUnknown: false,
    fn: (x, a, e) => {
      if (isUnknown(x[0])) return x[0]!;
      const r = formatNet(scanned(str(x[0]!, a, "format string"), e), x.slice(1), a, e.b);
      return isUnknown(r) ? r : built(r, e);
    },
  },
  string: { min: 1, max: 1, strictUnknown: false, fn: ([v], _a, e) => toArmString(v!, e.b) },
  tolower: { min: 1, max: 1, fn: ([v], a, e) => built(str(v!, a).toLowerCase(), e) },
  toupper: { min: 1, max: 1, fn: ([v], a, e) => built(str(v!, a).toUpperCase(), e) },
  trim: { min: 1, max: 1, fn: ([v], a, e) => built(str(v!, a).trim(), e) },
  split: {
    min: 2,
    max: 2,
    fn: ([v, d], a, e) => {
      const s = str(v!, a);
      const ds = Array.isArray(d) ? d.map((x) => str(x, a)) : [str(d!, a)];
      let parts = [s];
      for (const sep of ds) {
        // Each separator scans every part, and each part is a new string.
        e.b.chars(s.length);
        parts = madeArray(
          parts.flatMap((p) => p.split(sep)),
          e,
        );
      }
      return parts;
    },
  },
  join: {
    min: 2,
    max: 2,
    fn: ([v, d], a, e) => {
      const items = arr(v!, a);
      const sep = str(d!, a);
      const out: string[] = [];
      let n = 0;
      for (const x of items) {
        if (isUnknown(x)) return x;
        const t = toArmString(x, e.b);
        if (isUnknown(t)) return t;
        out.push(t);
        e.b.stringFits((n += t.length + sep.length));
      }
      return built(out.join(sep), e);
    },
  },
  replace: {
    min: 3,
    max: 3,
    fn: ([s, o, n], a, e) => {
      const text = scanned(str(s!, a), e);
      const old = str(o!, a);
      const by = str(n!, a);
      // The length of the result, known before it is built: count the occurrences first.
      let count = 0;
      if (old === "") count = Math.max(0, text.length - 1);
      else for (let i = text.indexOf(old); i >= 0; i = text.indexOf(old, i + old.length)) count++;
      e.b.stringFits(text.length + count * (by.length - old.length));
      return built(text.split(old).join(by), e);
    },
  },
  substring: {
    min: 1,
    max: 3,
    fn: ([s, st, len], a, e) => {
      const t = str(s!, a);
      const start = st === undefined ? 0 : int(st, a);
      const l = len === undefined ? t.length - start : int(len, a);
      if (start < 0 || start > t.length || l < 0 || start + l > t.length) throw err(a, `start ${start} and length ${l} are outside the string of length ${t.length}`);
      return built(t.substr(start, l), e);
    },
  },
  startswith: { min: 2, max: 2, fn: ([s, f], a, e) => scanned(str(s!, a), e).toLowerCase().startsWith(str(f!, a).toLowerCase()) },
  endswith: { min: 2, max: 2, fn: ([s, f], a, e) => scanned(str(s!, a), e).toLowerCase().endsWith(str(f!, a).toLowerCase()) },
  padleft: {
    min: 2,
    max: 3,
    fn: ([v, w, c], a, e) => {
      const s = typeof v === "number" ? String(v) : str(v!, a);
      const pad = c === undefined ? " " : str(c, a);
      if (pad.length !== 1) throw err(a, "padding character must be one character");
      const width = int(w!, a);
      if (width > 16_000) throw err(a, "total length exceeds 16000");
      return built(s.padStart(width, pad), e);
    },
  },
  base64: { min: 1, max: 1, fn: ([v], a, e) => built(Buffer.from(scanned(str(v!, a), e), "utf8").toString("base64"), e) },
  base64tostring: { min: 1, max: 1, fn: ([v], a, e) => built(Buffer.from(scanned(str(v!, a), e), "base64").toString("utf8"), e) },
  base64tojson: { min: 1, max: 1, fn: ([v], a, e) => parseJson(Buffer.from(scanned(str(v!, a), e), "base64").toString("utf8"), a, e) },
  datauri: { min: 1, max: 1, fn: ([v], a, e) => built(`data:text/plain;charset=utf8;base64,${Buffer.from(scanned(str(v!, a), e), "utf8").toString("base64")}`, e) },
  datauritostring: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => {
      const m = /^data:[^,]*?(;base64)?,(.*)$/s.exec(scanned(str(v!, a), e));
      if (!m) throw err(a, "not a data URI");
      return built(m[1] ? Buffer.from(m[2]!, "base64").toString("utf8") : decodeComponent(m[2]!, a), e);
    },
  },
  uri: {
    min: 2,
    max: 2,
    fn: ([b, r], a, e) => {
      const base = scanned(str(b!, a), e);
      const rel = scanned(str(r!, a), e);
      try {
        return built(new URL(rel, base).href, e);
      } catch (er) {
        if (er instanceof BudgetExceeded) throw er;
        throw err(a, `cannot combine '${abbreviated(base)}' and '${abbreviated(rel)}'`);
      }
    },
  },
  uricomponent: {
    min: 1,
    max: 1,
    fn: ([v], a, e) => {
      let encoded: string;
      try {
        encoded = encodeURIComponent(scanned(str(v!, a), e));
      } catch {
        throw err(a, "the string has a lone surrogate (half of a UTF-16 pair), which cannot be encoded");
      }
      return built(encoded, e);
    },
  },
  uricomponenttostring: { min: 1, max: 1, fn: ([v], a, e) => built(decodeComponent(scanned(str(v!, a), e), a), e) },
  // Computed as ARM computes them (string-hash.ts): the names they build are the deployed names.
  guid: { min: 1, max: INF, fn: (x, a, e) => guid(x.map((v) => scanned(str(v, a), e))) },
  uniquestring: { min: 1, max: INF, fn: (x, a, e) => uniqueString(x.map((v) => scanned(str(v, a), e))) },
};

/** A string quoted in a message: at most 40 characters of it. */
function abbreviated(s: string): string {
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** decodeURIComponent, with a located error for a malformed escape (a lone '%', a broken UTF-8 sequence). */
function decodeComponent(s: string, a: { o: number; name: string }): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw err(a, `'${abbreviated(s)}' is not a valid URI component (malformed % escape)`);
  }
}

function formatNet(fmt: string, args: Value[], a: { o: number; name: string }, budget: Budget): string | Unknown {
  let out = "";
  // The text between format items is copied a run at a time (from `run`), not a character at a time.
  let run = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt.charCodeAt(i);
    if (c === 123 /* { */ && fmt.charCodeAt(i + 1) === 123) {
      out += `${fmt.slice(run, i)}{`;
      i++;
      run = i + 1;
    } else if (c === 125 /* } */ && fmt.charCodeAt(i + 1) === 125) {
      out += `${fmt.slice(run, i)}}`;
      i++;
      run = i + 1;
    } else if (c === 123) {
      out += fmt.slice(run, i);
      const end = fmt.indexOf("}", i);
      if (end < 0) throw err(a, "format string has an unclosed '{'");
      const spec = fmt.slice(i + 1, end);
      const m = /^\s*(\d+)\s*(?:,\s*(-?\d+))?\s*(?::(.*))?$/.exec(spec);
      if (!m) throw err(a, `invalid format item '{${spec}}'`);
      const idx = Number(m[1]);
      if (idx >= args.length) throw err(a, `format item {${idx}} has no argument`);
      const v = args[idx]!;
      if (isUnknown(v)) return v;
      let s: string;
      const f = m[3];
      if (f && typeof v === "number") {
        const fm = /^([DdNnXx])(\d*)$/.exec(f);
        if (fm) {
          const p = fm[2] ? Number(fm[2]) : undefined;
          if (p !== undefined) budget.stringFits(p);
          const kind = fm[1]!.toUpperCase();
          if (kind === "D") s = (v < 0 ? "-" : "") + String(Math.abs(v)).padStart(p ?? 0, "0");
          else if (kind === "X")
            s = (v >>> 0)
              .toString(16)
              .padStart(p ?? 0, "0")
              [fm[1] === "X" ? "toUpperCase" : "toLowerCase"]();
          else s = v.toLocaleString("en-US", { minimumFractionDigits: p ?? 2, maximumFractionDigits: p ?? 2 });
        } else if (/^0+$/.test(f)) s = String(v).padStart(f.length, "0");
        else throw err(a, `format specifier '${f}' is not supported`);
      } else {
        const ts = toArmString(v, budget);
        if (isUnknown(ts)) return ts;
        s = ts;
      }
      if (m[2]) {
        const w = Number(m[2]);
        budget.stringFits(Math.abs(w));
        s = w < 0 ? s.padEnd(-w) : s.padStart(w);
      }
      budget.stringFits(out.length + s.length);
      out += s;
      i = end;
      run = end + 1;
    }
  }
  return out + fmt.slice(run);
}
