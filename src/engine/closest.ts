/** "Did you mean" suggestions: the nearest name by edit distance, pruned so that long inputs stay cheap. */

/**
 * The candidate nearest to `value` by Levenshtein distance, when near enough to be a typo of it: for "did you mean"
 * suggestions. Candidates further than the best so far (or than a typo can be) are dropped as soon as that is
 * certain, by their length and then row by row: a mutated template's 10,000-character key against every schema
 * name cost 15 s of one lint.
 */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const v = value.toLowerCase();
  const limit = Math.max(2, Math.floor(value.length / 3));
  let best: string | undefined;
  let bestD = limit + 1;
  let longest = 0;
  for (const c of candidates) longest = Math.max(longest, c.length);
  const row = new Int32Array(longest + 1); // one row, reused for every candidate
  for (const c of candidates) {
    const d = distanceWithin(v, c.toLowerCase(), bestD - 1, row);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** The edit distance of `a` and `b` if it is at most `cap`, else a number greater than `cap`. */
function distanceWithin(a: string, b: string, cap: number, prev: Int32Array): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      const d = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev[j] = d;
      if (d < rowMin) rowMin = d;
      diag = tmp;
    }
    if (rowMin > cap) return cap + 1; // every later row is at least this row's minimum
  }
  return prev[b.length]!;
}
