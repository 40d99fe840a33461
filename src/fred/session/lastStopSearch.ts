// Where inside a long `continue` the breakpoints that exist now would last have stopped the
// program, without a debug exception per execution of their addresses (~15 us each in
// this VM: a million calls took ~40 s that way). Coarse to fine, as fred-reverse-watch:
//   1. the `continue` runs at full speed while a timer snapshots it (series of anchors);
//   2. for each address, the last of those snapshots after which it still runs (a counted
//      stop at its next execution answers "does it run again?": cheap, it stops at once
//      or runs to the end at full speed); galloping back from the end, then bisection;
//   3. a denser series from that snapshot, again, down to the finest spacing;
//   4. from the last snapshot found, the kernel counts the executions to the end: the
//      last would-be stop is the n-th execution after that snapshot.
// The stop then is `ANCHOR... fred-hits ADDR n`: a restore and a few thousand counted
// executions to replay, where `fred-hits ADDR N` counted from the start of the continue
// would replay all of them.

/** What the search needs of the session (gdb); `P` is a time point, which the search only passes back. */
export interface LastStopHost<P> {
  /** A series of snapshots through `continue` from `from`, every `cpuNs` of its running time (Session.series). */
  series(from: P, cpuNs: number, max: number): Promise<P[]>;
  /** Whether `address` executes between `point` and the end of the `continue` it lies on. */
  runsAfter(point: P, address: bigint): Promise<boolean>;
  /** The executions of the addresses from `point` to the end of its `continue`; undefined when they cannot be counted. */
  countsAfter(point: P): Promise<ReadonlyMap<bigint, number> | undefined>;
}

/** The last would-be stop: just before the `execution`-th execution of `address` counted from `base`. */
export interface LastStop<P> { base: P; address: bigint; execution: number }

/** Series tuning: snapshots per series, first spacing, the finest one, how much denser each level, how many series. */
const seriesLength = 16;
const firstIntervalNs = 1_000_000;
const finestIntervalNs = 64_000;
const densify = 16;
const maxSeries = 40;

/**
 * The last stop of `addresses` inside the `continue` from `from`; null when none runs;
 * undefined when this way cannot tell (`addresses` says undefined), (the series cannot run, two addresses run in the
 * last interval: their order is not counted).
 */
export async function lastStopAtFullSpeed<P>(host: LastStopHost<P>, from: P, addresses: () => readonly bigint[] | undefined): Promise<LastStop<P> | null | undefined> {
  // level 1: the whole continue, a series after another while each is full
  let points: P[] = [from];
  const spacings: number[] = [];
  let interval = firstIntervalNs;
  for (let run = 0; ; run++) {
    if (run === maxSeries) return undefined;
    const got = await host.series(points[points.length - 1], interval, seriesLength);
    points.push(...got);
    spacings.push(...got.map(() => interval));
    if (got.length < seriesLength) break;
    interval *= 2;
  }
  // shorter than one spacing: counting it all is what this would come to (the ways below do)
  if (points.length === 1) return undefined;
  spacings.push(interval); // after the last snapshot: at most one spacing to the end
  // known once the first series ran (the breakpoints of the command's time are enabled then)
  const wanted = addresses();
  if (!wanted) return undefined;
  let candidates = [...wanted];
  for (let level = 0; ; level++) {
    const lasts = new Map<bigint, number>();
    for (const address of candidates) {
      // below the first level, the candidates are known to run after the first point
      const k = await lastRunningBefore(points, (p) => host.runsAfter(p, address), level > 0);
      if (k >= 0) lasts.set(address, k);
    }
    if (lasts.size === 0) return null;
    const k = Math.max(...lasts.values());
    candidates = [...lasts.entries()].filter(([, at]) => at === k).map(([a]) => a);
    const spacing = spacings[k];
    if (spacing <= finestIntervalNs) return countFrom(host, points, k, candidates);
    const dense = Math.max(finestIntervalNs, Math.floor(spacing / densify));
    const got = await host.series(points[k], dense, seriesLength);
    points = [points[k], ...got];
    spacings.length = 0;
    spacings.push(...got.map(() => dense), dense);
    if (got.length === 0) return countFrom(host, points, 0, candidates);
  }
}

/**
 * Count from points[k]; a snapshot that stands on a counted address cannot be counted
 * from (the kernel would see that execution twice): then from the one before.
 */
async function countFrom<P>(host: LastStopHost<P>, points: readonly P[], k: number, candidates: readonly bigint[]): Promise<LastStop<P> | undefined> {
  if (candidates.length > 1) return undefined; // both run in the last interval: which last is not counted
  for (let j = k; j >= Math.max(0, k - 2); j--) {
    const counts = await host.countsAfter(points[j]);
    if (!counts) continue;
    const execution = counts.get(candidates[0]);
    return execution ? { base: points[j], address: candidates[0], execution } : undefined;
  }
  return undefined;
}

/**
 * The last index whose point has `runs` true (they are true, then false: executions
 * after a point are also after every earlier one); -1 when none. From the end: the
 * last executions are usually near it, and a test from an early point stops at once.
 * `firstRuns`: points[0]'s is known true (a denser level): the last one, then bisection.
 */
async function lastRunningBefore<P>(points: readonly P[], runs: (p: P) => Promise<boolean>, firstRuns: boolean): Promise<number> {
  let no = points.length; // known false from here on
  let step = 1;
  let yes = firstRuns ? 0 : -1;
  if (firstRuns && points.length > 1) {
    // the last one first (the executions usually go on to the end), then bisection
    if (await runs(points[points.length - 1])) return points.length - 1;
    no = points.length - 1;
  }
  for (let k = points.length - 1; k >= 0 && !firstRuns; k = Math.max(no - step, -1), step *= 2) {
    if (await runs(points[k])) {
      yes = k;
      break;
    }
    no = k;
    if (k === 0) return -1;
  }
  while (no - yes > 1) {
    const mid = (yes + no) >> 1;
    if (await runs(points[mid])) yes = mid;
    else no = mid;
  }
  return yes;
}
