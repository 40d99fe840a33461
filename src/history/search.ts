// Doubling and bisection over a count (number of `next`s, index into the history) with an
// asynchronous, possibly unknowable predicate. Never walks linearly: finding the first
// `true` at distance d costs about 2*log2(d) predicate calls.

/** true / false, or undefined when the predicate cannot be decided at that point. */
export type Verdict = boolean | undefined;
export type Predicate = (n: number) => Promise<Verdict>;

/** How far around an undecidable midpoint bisection looks for a decidable one. */
const maxSkips = 3;

export interface Bracket {
  /** Largest point known false. */
  lo: number;
  /** Smallest point known true. */
  hi: number;
}

/**
 * Narrows lo (false) / hi (true) to adjacent points. When every point tried near a
 * midpoint is undecidable, stops early: the result then has hi - lo > 1.
 */
export async function bisect(bracket: Bracket, predicate: Predicate, onStep?: (b: Bracket) => void): Promise<Bracket> {
  let { lo, hi } = bracket;
  while (hi - lo > 1) {
    onStep?.({ lo, hi });
    const mid = lo + Math.floor((hi - lo) / 2);
    let decided = false;
    for (const point of candidatesAround(mid, lo, hi)) {
      const verdict = await predicate(point);
      if (verdict === undefined) continue;
      if (verdict) hi = point; else lo = point;
      decided = true;
      break;
    }
    if (!decided) break;
  }
  return { lo, hi };
}

/** mid, mid+1, mid-1, mid+2, ... strictly inside (lo, hi). */
function candidatesAround(mid: number, lo: number, hi: number): number[] {
  const points = [mid];
  for (let k = 1; k <= maxSkips; k++) {
    if (mid + k < hi) points.push(mid + k);
    if (mid - k > lo) points.push(mid - k);
  }
  return points;
}

/**
 * From `start` (assumed false), tries start+1, start+2, start+4 ... until the predicate is
 * true or `limit` is passed, then bisects. Returns the bracket around the first true, or
 * undefined when no true point was found up to `limit`.
 */
export async function gallopThenBisect(
  start: number, limit: number, predicate: Predicate, onStep?: (b: Bracket) => void,
): Promise<Bracket | undefined> {
  let lo = start;
  let step = 1;
  for (;;) {
    const point = Math.min(start + step, limit);
    const verdict = await predicate(point);
    if (verdict === true) return bisect({ lo, hi: point }, predicate, onStep);
    if (verdict === false) lo = point;
    if (point >= limit) return undefined;
    step *= 2;
  }
}
