import { describe, expect, test } from "vitest";
import { closest } from "../src/rule.js";

/** The plain definition: full Levenshtein distance to every candidate, the first nearest one if near enough. */
function naive(value: string, candidates: readonly string[]): string | undefined {
  const dist = (a: string, b: string): number => {
    const m = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) m[i]![j] = Math.min(m[i - 1]![j]! + 1, m[i]![j - 1]! + 1, m[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return m[a.length]![b.length]!;
  };
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = dist(value.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

describe("closest (did-you-mean suggestions)", () => {
  test("suggests the nearest schema name for a typo, nothing for an unrelated name", () => {
    const names = ["poolAllocationMode", "publicNetworkAccess", "allowedAuthenticationModes", "encryption"];
    expect(closest("publicNetworkAcess", names)).toBe("publicNetworkAccess");
    expect(closest("ENCRYPTON", names)).toBe("encryption");
    expect(closest("metadata", names)).toBeUndefined();
  });

  test("gives what the full distance gives, on random names (first of equals wins)", () => {
    let seed = 19;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const word = (): string => Array.from({ length: rand(12) }, () => "abcAB"[rand(5)]).join("");
    for (let k = 0; k < 2000; k++) {
      const candidates = Array.from({ length: 1 + rand(6) }, word);
      const value = rand(3) === 0 ? `${candidates[0]!.slice(1)}a` : word();
      expect(closest(value, candidates), `${value} in ${candidates.join(",")}`).toBe(naive(value, candidates));
    }
  });

  test("a name far longer or shorter than every candidate gets no suggestion", () => {
    const names = Array.from({ length: 200 }, (_, i) => `property${i}`);
    expect(closest("x".repeat(10_000), names)).toBeUndefined();
    expect(closest("property1".repeat(3), names)).toBeUndefined();
    expect(closest("propert", names)).toBe("property0");
  });
});
