/**
 * A small seeded random number generator (splitmix32 seeding a mulberry32 stream): the same seed gives the same
 * inputs on every machine and Node version, which Math.random cannot.
 */

/** A 32-bit hash of a list of integers (splitmix-style), used to derive independent sub-seeds. */
export function mix(...parts) {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A random stream from a 32-bit seed. */
export class Rng {
  constructor(seed) {
    this.s = seed >>> 0;
  }
  /** A float in [0, 1). */
  next() {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }
  /** An integer in [lo, hi]. */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }
  chance(p) {
    return this.next() < p;
  }
  pick(list) {
    return list[this.int(list.length)];
  }
  /** One of `[weight, value]` pairs, by weight. */
  weighted(pairs) {
    let total = 0;
    for (const [w] of pairs) total += w;
    let r = this.next() * total;
    for (const [w, v] of pairs) if ((r -= w) < 0) return v;
    return pairs[pairs.length - 1][1];
  }
  /** A fresh 32-bit seed drawn from this stream. */
  seed() {
    return (this.next() * 4294967296) >>> 0;
  }
}
