/**
 * Date functions (ARM template functions reference, template-functions-date). utcNow() is known only at deployment
 * time (evaluate.ts). Dates are UTC milliseconds since the epoch.
 *
 * What is written is what the reference shows: dateTimeFromEpoch() and dateTimeAdd() without a format give
 * `yyyy-MM-ddTHH:mm:ssZ` (dateTimeAdd('2023-01-01 00:00:00Z', 'P1Y') is 2024-01-01T00:00:00Z). Any other spelling
 * is .NET's formatting in the invariant culture (utcNow('d') is 03/05/2019); the format strings written here are the
 * standard ones d, o, s and u and the custom specifiers of numbers. Other formats, and a base whose own format the
 * reference does not show (fractions of a second, an offset, no zone), give an unknown value, never a guess.
 */
import { Unknown, type Value } from "../../../../model/value.js";
import { built, err, int, str } from "./helpers.js";
import type { Env, FnDef } from "../types.js";

type At = { o: number; name: string };

const DAY = 86_400_000;
/** The range of .NET's DateTime: years 1 to 9999. */
const MIN = new Date(0).setUTCFullYear(1, 0, 1);
const MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const DATE: Record<string, FnDef> = {
  datetimeadd: {
    min: 2,
    max: 3,
    fn: ([b, d, f], a, e) => {
      const base = parseDate(str(b!, a, "base"), a);
      const ms = checked(base.ms + duration(str(d!, a, "duration"), a), a);
      if (f !== undefined) return written(formatDate(ms, str(f, a, "format")), e);
      if (!base.plainUtc) return new Unknown("dateTimeAdd() of a base in a format the reference does not show the output of");
      return built(isoSeconds(ms), e);
    },
  },
  datetimefromepoch: { min: 1, max: 1, fn: ([v], a, e) => built(isoSeconds(checked(int(v!, a) * 1000, a)), e) },
  datetimetoepoch: {
    min: 1,
    max: 1,
    fn: ([v], a) => {
      const d = parseDate(str(v!, a), a);
      if (!d.zoned) return new Unknown("dateTimeToEpoch() of a time without a zone");
      return Math.floor(d.ms / 1000);
    },
  },
};

function written(s: string | undefined, e: Env): Value {
  return s === undefined ? new Unknown("a date format string not evaluated here") : built(s, e);
}

function checked(ms: number, a: At): number {
  if (!Number.isFinite(ms) || ms < MIN || ms > MAX) throw err(a, "the date is outside years 1 to 9999");
  return ms;
}

interface ParsedDate {
  ms: number;
  /** It has a zone (Z or an offset). */
  zoned: boolean;
  /** `yyyy-MM-dd[T ]HH:mm:ssZ`: the base format whose dateTimeAdd() output the reference shows. */
  plainUtc: boolean;
}

/** An ISO 8601 timestamp: extended (2020-04-07T14:53:14Z, 2020-04-07 14:53:14Z, 2020-04-07) or basic (20200407T145314Z, utcNow()'s). */
function parseDate(s: string, a: At): ParsedDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(s) ?? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) throw err(a, `'${s.length > 40 ? `${s.slice(0, 39)}…` : s}' is not an ISO 8601 date and time`);
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const fraction = m[7] ? Number(`0${m[7]}`) : 0;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, sec, 0);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) throw err(a, `'${s}' is not a valid date and time`);
  const zone = m[8];
  let offset = 0;
  if (zone && zone.toUpperCase() !== "Z") {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    offset = (z[1] === "-" ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  return {
    ms: date.getTime() + Math.round(fraction * 1000) - offset,
    zoned: zone !== undefined,
    plainUtc: zone?.toUpperCase() === "Z" && m[6] !== undefined && !m[7] && s.includes("-"),
  };
}

/** An ISO 8601 duration, possibly negative. The reference: P1Y is 365 days and P1M 30 days, leap years or not. */
function duration(s: string, a: At): number {
  const m = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s);
  if (!m || /^-?PT?$/i.test(s)) throw err(a, `'${s}' is not an ISO 8601 duration`);
  const n = (i: number) => Number(m[i] ?? 0);
  const ms = (n(2) * 365 + n(3) * 30 + n(4) * 7 + n(5)) * DAY + n(6) * 3_600_000 + n(7) * 60_000 + Math.round(n(8) * 1000);
  return m[1] ? -ms : ms;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function isoSeconds(ms: number): string {
  return formatDate(ms, "yyyy-MM-ddTHH:mm:ssZ")!;
}

/**
 * .NET's DateTime.ToString(format) of a UTC time in the invariant culture, for the standard formats d, o, s, u and the
 * custom specifiers y, M, d, H, h, m, s, f, F, t and K (with literal text in quotes, after '\', and ':' '/' '-' 'T'
 * 'Z' ' ' ','); undefined for anything else (names of months and days, offsets, other standard formats).
 */
export function formatDate(ms: number, format: string): string | undefined {
  const STANDARD: Readonly<Record<string, string>> = { d: "MM/dd/yyyy", o: "yyyy-MM-ddTHH:mm:ss.fffffffK", O: "yyyy-MM-ddTHH:mm:ss.fffffffK", s: "yyyy-MM-ddTHH:mm:ss", u: "yyyy-MM-dd HH:mm:ssZ" };
  let f = format;
  if (f.length === 1) {
    const std = STANDARD[f];
    if (std === undefined) return undefined;
    f = std;
  }
  if (f.startsWith("%") && f.length === 2) f = f.slice(1);
  const t = new Date(ms);
  const value: Readonly<Record<string, (w: number) => string | undefined>> = {
    y: (w) => (w === 1 ? String(t.getUTCFullYear() % 100) : w === 2 ? pad(t.getUTCFullYear() % 100, 2) : pad(t.getUTCFullYear(), w)),
    M: (w) => (w <= 2 ? pad(t.getUTCMonth() + 1, w) : undefined),
    d: (w) => (w <= 2 ? pad(t.getUTCDate(), w) : undefined),
    H: (w) => (w <= 2 ? pad(t.getUTCHours(), w) : undefined),
    h: (w) => (w <= 2 ? pad(t.getUTCHours() % 12 || 12, w) : undefined),
    m: (w) => (w <= 2 ? pad(t.getUTCMinutes(), w) : undefined),
    s: (w) => (w <= 2 ? pad(t.getUTCSeconds(), w) : undefined),
    f: (w) => (w <= 7 ? pad(t.getUTCMilliseconds(), 3).padEnd(7, "0").slice(0, w) : undefined),
    F: (w) => (w <= 7 ? pad(t.getUTCMilliseconds(), 3).padEnd(7, "0").slice(0, w).replace(/0+$/, "") : undefined),
    t: (w) => (w <= 2 ? (t.getUTCHours() < 12 ? "AM" : "PM").slice(0, w) : undefined),
    K: (w) => (w === 1 ? "Z" : undefined),
  };
  let out = "";
  for (let i = 0; i < f.length; ) {
    const c = f[i]!;
    if (c === "'" || c === '"') {
      const end = f.indexOf(c, i + 1);
      if (end < 0) return undefined;
      out += f.slice(i + 1, end);
      i = end + 1;
    } else if (c === "\\") {
      if (i + 1 >= f.length) return undefined;
      out += f[i + 1];
      i += 2;
    } else if (Object.hasOwn(value, c)) {
      let j = i;
      while (f[j] === c) j++;
      const s = value[c]!(j - i);
      if (s === undefined) return undefined;
      out += s;
      i = j;
    } else if (/[-:/TZ ,.]/.test(c)) {
      out += c;
      i++;
    } else return undefined;
  }
  return out;
}
