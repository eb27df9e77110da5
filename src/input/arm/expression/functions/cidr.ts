/**
 * CIDR functions (ARM template functions reference, template-functions-cidr): parseCidr, cidrSubnet and cidrHost, of
 * IPv4 and IPv6 ranges. Addresses are BigInts (128 bits for IPv6). What the reference does not settle is left
 * unknown rather than guessed: the usable hosts of an IPv4 /31 or /32, and how an IPv6 address that .NET may write
 * with an embedded IPv4 part (::a.b.c.d, ::ffff:a.b.c.d) is written.
 */
import { Unknown, newObject } from "../../../../model/value.js";
import { built, err, int, madeObject, str } from "./helpers.js";
import type { FnDef } from "../types.js";

type At = { o: number; name: string };

interface Range {
  v6: boolean;
  /** Address length: 32 or 128. */
  bits: number;
  prefix: number;
  /** The first address of the range (the address given, host bits cleared). */
  network: bigint;
  /** The last address of the range. */
  last: bigint;
  mask: bigint;
}

export const CIDR: Record<string, FnDef> = {
  parsecidr: {
    min: 1,
    max: 1,
    fn: ([n], a, e) => {
      const r = range(str(n!, a), a);
      if (!r.v6 && r.prefix >= 31) return new Unknown(`parseCidr() of an IPv4 /${r.prefix}: its usable addresses are not documented`);
      const parts: [string, bigint][] = [
        ["network", r.network],
        ["netmask", r.mask],
      ];
      // IPv4 reserves the first (network) and last (broadcast) addresses; IPv6 has no broadcast (reference examples).
      if (!r.v6) parts.push(["broadcast", r.last], ["firstUsable", r.network + 1n], ["lastUsable", r.last - 1n]);
      else parts.push(["firstUsable", r.network], ["lastUsable", r.last]);
      const o = newObject();
      for (const [key, address] of parts) {
        const s = format(address, r.v6);
        if (s === undefined) return unwritable();
        o[key] = s;
      }
      o.cidr = r.prefix;
      return madeObject(o, e);
    },
  },
  cidrsubnet: {
    min: 3,
    max: 3,
    fn: ([n, c, i], a, e) => {
      const r = range(str(n!, a), a);
      const prefix = int(c!, a, "newCIDR");
      if (prefix < r.prefix || prefix > r.bits) throw err(a, `newCIDR must be between ${r.prefix} and ${r.bits}, got ${prefix}`);
      const index = BigInt(int(i!, a, "subnetIndex"));
      const count = 1n << BigInt(prefix - r.prefix);
      if (index < 0n || index >= count) throw err(a, `subnetIndex must be between 0 and ${count - 1n}, got ${index}`);
      const s = format(r.network + (index << BigInt(r.bits - prefix)), r.v6);
      return s === undefined ? unwritable() : built(`${s}/${prefix}`, e);
    },
  },
  cidrhost: {
    min: 2,
    max: 2,
    fn: ([n, h], a, e) => {
      const r = range(str(n!, a), a);
      if (!r.v6 && r.prefix >= 31) return new Unknown(`cidrHost() of an IPv4 /${r.prefix}: its usable addresses are not documented`);
      const index = BigInt(int(h!, a, "hostIndex"));
      // Host 0 is the address after the network address, in IPv4 and IPv6 alike (reference examples); IPv4's last
      // address is the broadcast address.
      const lastUsable = r.v6 ? r.last : r.last - 1n;
      const host = r.network + 1n + index;
      if (index < 0n || host > lastUsable) throw err(a, `hostIndex must be between 0 and ${lastUsable - r.network - 1n}, got ${index}`);
      const s = format(host, r.v6);
      return s === undefined ? unwritable() : built(s, e);
    },
  },
};

function unwritable(): Unknown {
  return new Unknown("an IPv6 address with an embedded IPv4 form, whose spelling by ARM is not documented");
}

function range(text: string, a: At): Range {
  const slash = text.indexOf("/");
  if (slash < 0 || !/^\d{1,3}$/.test(text.slice(slash + 1))) throw err(a, `'${text}' is not in CIDR notation (address/prefix)`);
  const address = text.slice(0, slash);
  const v6 = address.includes(":");
  const bits = v6 ? 128 : 32;
  const parsed = v6 ? parse6(address) : parse4(address);
  if (parsed === undefined) throw err(a, `'${address}' is not an IPv${v6 ? 6 : 4} address`);
  const prefix = Number(text.slice(slash + 1));
  if (prefix > bits) throw err(a, `prefix /${prefix} is longer than the ${bits} bits of an IPv${v6 ? 6 : 4} address`);
  const all = (1n << BigInt(bits)) - 1n;
  const host = (1n << BigInt(bits - prefix)) - 1n;
  const mask = all ^ host;
  const network = parsed & mask;
  return { v6, bits, prefix, network, last: network | host, mask };
}

function parse4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function parse6(s: string): bigint | undefined {
  let text = s;
  // A trailing dotted IPv4 part stands for the last two groups.
  let tail: bigint | undefined;
  const dot = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dot) {
    tail = parse4(dot[1]!);
    if (tail === undefined) return undefined;
    text = `${text.slice(0, dot.index + 1)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] | undefined => (h === "" ? [] : h.split(":").every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? h.split(":") : undefined);
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let v = 0n;
  for (const g of [...head, ...Array<string>(missing).fill("0"), ...rest]) v = (v << 16n) | BigInt(`0x${g}`);
  return tail === undefined ? v : (v & ~0xffff_ffffn) | tail;
}

/** An address written as ARM writes it; undefined for the IPv6 spellings not settled (see the module comment). */
function format(v: bigint, v6: boolean): string | undefined {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join(".");
  if (v >> 32n === 0xffffn || (v >> 32n === 0n && v > 1n)) return undefined;
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => Number((v >> s) & 0xffffn));
  // RFC 5952: the longest run of two or more zero groups (the first of equal runs) becomes '::'.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}
