// fred-reverse-watch EXPR: find the last statement where EXPR took the value it has now,
// and stop just BEFORE it (one `next` from there shows the change).
//
// Search, coarse to fine, each level by bisection (and doubling when its length is
// unknown), so the probes grow with log2 of the distance:
//   1. the history's command boundaries;
//   2. inside the command found: `continue`/`until`/... expanded into `next`s, `next k`
//      and `step k` into single ones;
//   3. inside a single `next`: `step` into the function the line calls, then that
//      function's `next`s, recursively, down to one line that calls nothing relevant.
// A plain `continue` under gdb skips level 2's `next`s (about 1 ms each here, so a loop of
// a million iterations would take hours): the program runs at full speed while a timer
// snapshots it (a series), bisection picks the two neighbouring snapshots around the
// change, and a denser series starts from the earlier one, until they are a few
// microseconds apart; then counted stops ("just before the j-th execution of the line
// the snapshot is in") bisect down to one iteration, and `next`s finish the job.
// "Changed" means: the printed value differs from the value now (for a condition such
// as `len < 10`: "false" at some point, "true" now). Values are compared as strings; the
// session should hand over a canonical rendering.
// Points where EXPR cannot be evaluated (out of scope, program not running) are
// "unknown": bisection tries a few neighbours instead; if only unknown points remain
// between a known-different and a known-equal point, the search stops at the
// known-different one and says the result is not exact. It never reports a statement it
// did not see change. The start of history may be unknown (EXPR not yet in scope): it
// then counts as "different", and the message says so.

import { countedStopCommand } from './commands';
import { FrameSearch, HistoryError } from './frameSearch';
import { countedFrameEntry } from './frameOrigins';
import { FastForwardUnavailable, ProbeContext, ProbeState, Prober, SearchOptions, depthOf, describeState, isEventStop } from './probing';
import { Verdict, bisect, gallopThenBisect } from './search';
import { movingBoundaries } from './timePoints';
import { entryOf, isPointPrefix, TimePoint, TimePointEntry } from './timePointEntry';
import type { Dialect } from './dialects/dialect';

export interface ReverseWatchRequest {
  history: TimePoint;
  dialect: Dialect;
  prober: Prober;
  expression: string;
  options?: SearchOptions;
}

export interface ReverseWatchResult {
  /** false: EXPR has the same value at the start of history as now (nothing to go back to). */
  found: boolean;
  /** Where the session must go (the unchanged history when not found). */
  target: TimePointEntry[];
  /** One `next` from target shows the change (false: only narrowed down, see message). */
  exact: boolean;
  valueNow: string;
  /** The value at target (undefined when it could not be evaluated there). */
  valueBefore?: string;
  probes: number;
  /** One line for the user. */
  message: string;
}

const maxExpansion = 2 ** 40;
/** Instructions one line may run before byInstructions gives up on finding the one that changes EXPR. */
const maxInstructionsInLine = 2 ** 20;

/** A time point that ends on a snapshot a series took by the clock: anywhere, often inside a line. */
function endsInsideLine(point: TimePoint): boolean {
  return point.length > 0 && point[point.length - 1].anchor !== undefined;
}

/**
 * Series tuning: snapshots per series, first spacing, the spacing where counting takes
 * over (below ~50 us, the signal and the return from it take most of a spacing and the
 * program hardly moves), and how many series before falling back to `next`s.
 */
const seriesLength = 16;
const firstIntervalNs = 1_000_000;
const finestIntervalNs = 50_000;
const maxSeries = 40;
/** Each denser series is this much denser (less than seriesLength: timer spacing is not exact). */
const densify = 8;
/**
 * Counting: a series snapshots every countedEvery-th execution of the line, up to
 * countedSeriesLength times (16384 executions, ~0.3 s at ~18 us each in this VM: more
 * than a finest timed spacing holds in a tight loop), then counted stops bisect between
 * two of its snapshots.
 */
const countedEvery = 128;
/** pdb: the first count of lines run that the gallop through a `c` tries. */
const firstLineSpan = 64;
const countedSeriesLength = 128;

interface Found { point: TimePointEntry[]; exact: boolean; note?: string; byCommand?: boolean }

class WatchSearch {
  readonly frames: FrameSearch;
  /** Why a `continue` was searched with `next`s instead of at full speed (said to the user). */
  slowerBecause?: string;

  constructor(
    readonly ctx: ProbeContext, readonly dialect: Dialect, readonly expression: string, readonly now: string,
    /** Depth of the user's frame: deeper down, EXPR is evaluated there (a callee's `sum` is not the caller's). */
    readonly frameDepth?: number,
  ) {
    this.frames = new FrameSearch(ctx, dialect);
  }

  /** EXPR at a point, in the frame of the user's (at its depth) when the stack is deeper there. */
  evaluate(point: TimePoint): Promise<ProbeState> {
    return this.ctx.probe(point, this.expression, this.frameDepth);
  }

  /**
   * Where EXPR's frame began (fromFrameEntry): not evaluable in that frame after its entry
   * means "no value yet" (a local not assigned), another value than now.
   */
  frameEntry?: { point: TimePoint; depth: number };

  /** true: has the value of now; false: another value; undefined: cannot tell. */
  async isNow(point: TimePoint): Promise<Verdict> {
    const s = await this.evaluate(point);
    if (s.value === undefined) return this.inEntryFrame(point, s) ? false : undefined;
    return s.value === this.now;
  }

  private inEntryFrame(point: TimePoint, state: ProbeState): boolean {
    const entry = this.frameEntry;
    if (entry === undefined || state.exited || !isPointPrefix(entry.point, point)) return false;
    // pdb: deeper down, EXPR is still asked of the entry frame (eval_at), which lives on to now
    return this.dialect.asksEntryFrameFromBelow ? depthOf(state) >= entry.depth : depthOf(state) === entry.depth;
  }

  /** Reports each narrowing step; `span` places a step's bracket on the session's time points. */
  onStep(phase: string, span?: (b: { lo: number; hi: number }) => { from: number; to: number }) {
    return (b: { lo: number; hi: number }) => this.ctx.progress(phase, b.hi - b.lo, span?.(b));
  }

  /** Level 1: the two neighbouring command boundaries around the last change. */
  async inHistory(history: TimePoint, boundaries: number[]): Promise<Found> {
    const at = (k: number) => history.slice(0, boundaries[k]);
    // the bracket in time points: boundaries are command counts from the program start
    const span = (b: { lo: number; hi: number }) => ({ from: boundaries[b.lo], to: boundaries[b.hi] });
    this.ctx.progress('history', boundaries.length - 1, span({ lo: 0, hi: boundaries.length - 1 }));
    const bracket = await bisect({ lo: 0, hi: boundaries.length - 1 }, (k) => this.isNow(at(k)), this.onStep('history', span));
    const end = history.slice(0, boundaries[bracket.hi]);
    // what is left is inside that command (or those that could not be evaluated)
    this.ctx.progress(`inside "${end[end.length - 1].text}"`, 0, span(bracket));
    const inLast = () => this.inCommand(end.slice(0, -1), end[end.length - 1], end);
    if (bracket.hi - bracket.lo === 1) return inLast();
    const rescued = await this.rescue(inLast);
    return rescued ?? { point: at(bracket.lo), exact: false, note: `it could not be evaluated in the ${bracket.hi - bracket.lo} commands after this point` };
  }

  /** Level 2: inside one command from `before` (other value) to `end` (value of now). */
  async inCommand(before: TimePointEntry[], entry: TimePointEntry, end: TimePointEntry[]): Promise<Found> {
    const command = entry.command;
    switch (command.kind) {
      case 'next': case 'step': case 'stepi': case 'nexti': {
        if (command.count === 1) return command.kind === 'next' ? this.inLine(before) : { point: before, exact: true };
        const b = await bisect({ lo: 0, hi: command.count }, (j) => this.isNow(this.frames.withRepeat(before, command.kind as 'next', j)), this.onStep(command.text));
        return this.narrowed(before, command.kind, b, (p) => (command.kind === 'next' ? this.inLine(p) : Promise.resolve({ point: p, exact: true })));
      }
      case 'counted-stop': {
        const stop = entry.countedStop!;
        return this.byCountedStops(before, stop.address, stop.count);
      }
      case 'anchor':
        return { point: before, exact: false, note: 'it changed inside a stretch of execution fred has only a snapshot of the end of (a Ctrl-C stop or a fred-reverse-watch jump); fred-undo goes back before it' };
      case 'continue': case 'until': case 'advance': case 'finish': {
        const fast = await (this.ctx.countsLines && command.kind === 'continue' && command.argument === '' ? this.byLineEvents(before) : this.atFullSpeed(before, entry)).catch((error) => {
          if (!(error instanceof FastForwardUnavailable)) throw error;
          return this.slower(error.message);
        });
        if (fast) return fast;
        const endState = await this.frames.state(end);
        const fromDepth = depthOf(await this.frames.state(before));
        let b: { lo: number; hi: number } | undefined;
        if (isEventStop(endState)) {
          // `next N` stops at the command's own stop: doubling cannot run past it.
          b = await gallopThenBisect(0, maxExpansion, (j) => this.isNow(this.frames.withRepeat(before, 'next', j)), this.onStep(`${command.text} as next`));
        } else if (command.kind === 'finish') {
          // The frame returns at the end: a returned point counts as "changed already".
          b = await gallopThenBisect(0, maxExpansion, async (j) => {
            const p = this.frames.withRepeat(before, 'next', j);
            return depthOf(await this.frames.state(p)) < fromDepth ? true : this.isNow(p);
          }, this.onStep(`${command.text} as next`));
        } else {
          const m = await this.frames.nextsToReach(before, endState, command);
          b = await bisect({ lo: 0, hi: m }, (j) => this.isNow(this.frames.withRepeat(before, 'next', j)), this.onStep(`${command.text} as next`));
        }
        if (!b) throw new HistoryError(`could not rebuild "${command.text}" from single steps; the history may not replay deterministically`);
        return this.narrowed(before, 'next', b, (p) => this.inLine(p));
      }
      default:
        // run, jump, a side effect (print x = 5): the command itself made the change.
        return { point: before, exact: true, byCommand: true, note: `the change was made by the command "${command.text}"` };
    }
  }

  /**
   * Inside a plain `continue`, without `next`s: series of snapshots, denser each time,
   * around the change; then counted stops. undefined: not possible here (use `next`s).
   */
  async atFullSpeed(before: TimePointEntry[], entry: TimePointEntry): Promise<Found | undefined> {
    const command = entry.command;
    if (!this.ctx.fastForward || command.kind !== 'continue' || command.argument !== '') return undefined;
    const olds = [before]; // points before the change (other value, or unknown before one that has it), oldest first
    let hi: TimePointEntry[] | undefined; // the first snapshot seen with the value of now
    let interval = firstIntervalNs;
    let movingOn = false; // the last series was full and ended before the change
    for (let run = 0; ; run++) {
      if (run === maxSeries) return this.slower(`${maxSeries} series of snapshots did not reach the change`);
      const from = olds[olds.length - 1];
      const points = await this.ctx.series(from, entry, { cpuNs: interval }, seriesLength);
      if (points.length === 0 && interval > finestIntervalNs) {
        interval = Math.max(finestIntervalNs, Math.floor(interval / densify)); // it ended before the first snapshot
        continue;
      }
      const full = points.length === seriesLength;
      // where the change is probably further on (the first series, or the last one ended
      // before it), its last snapshot first: one probe instead of a bisection
      if (full && (run === 0 || movingOn) && (await this.isNow(points[points.length - 1])) === false) {
        olds.push(...points);
        movingOn = true;
        interval *= 2;
        continue;
      }
      // from is before the change; the command's end has the value of now
      const all = [from, ...points];
      const b = await bisect({ lo: 0, hi: all.length }, (k) => this.isNow(all[k]), this.onStep(`${command.text} at full speed`));
      // snapshots where EXPR cannot be evaluated (in a callee) may remain between the two:
      // counting from the earlier one goes through them
      olds.push(...all.slice(1, b.lo + 1));
      if (b.hi < all.length) hi = all[b.hi];
      movingOn = b.lo === points.length && full;
      if (movingOn) {
        interval *= 2; // the series ended before the change: go on from its last snapshot
        continue;
      }
      if (interval <= finestIntervalNs || points.length === 0) break;
      interval = Math.max(finestIntervalNs, Math.floor(interval / densify));
    }
    // Count executions of a line that runs between the two: the one the later snapshot is
    // in (the loop where the value changed, usually), else the condition of a loop after
    // the earlier one; in the user's frame, or an outer one when a snapshot is shallower
    // (a snapshot deeper down, in the dynamic loader say, would give a line run once).
    const lo = olds[olds.length - 1];
    const loDepth = Math.min(depthOf(await this.frames.state(lo)), this.frameDepth ?? Infinity);
    const hiDepth = hi ? depthOf(await this.frames.state(hi)) : loDepth;
    const address = (hi && (await this.ctx.fastForward.lineStart(hi, Math.min(loDepth, hiDepth)))) ?? (await this.ctx.fastForward.lineStart(lo, loDepth, true));
    if (address === undefined) return this.slower('no source line to count executions of');
    // A snapshot fell wherever the clock said, usually inside a line: when the change is in
    // the rest of that line (one `next` shows it), the line's start lies before it; count
    // from an earlier point.
    for (let k = olds.length - 1; ; k--) {
      if (k > 0 && endsInsideLine(olds[k]) && (await this.isNow(this.frames.plus(olds[k], 'next'))) === true) continue;
      const found = await this.byCounting(olds[k], address);
      if (k === 0 || !endsInsideLine(found.point)) return found;
    }
  }

  /**
   * pdb, inside a plain `c`: counted stops by the lines the program runs (`fred-hits 0 N`,
   * see Prober.countsLines). Galloping then bisecting on the count, each probe going on
   * from the last point seen before the change (the session snapshots on the way), so
   * the runs add up to about twice the distance, and the probes to about 2 log2 of it.
   * Then `next`s find the statement, as elsewhere. undefined: use `next`s.
   */
  async byLineEvents(before: TimePointEntry[]): Promise<Found | undefined> {
    const phase = this.onStep('counting the lines run');
    const at = (base: TimePointEntry[], n: number) => this.frames.plus(base, countedStopCommand(0n, n));
    let base = before; // another value than now
    let span = firstLineSpan; // at(base, span): the value of now
    for (;;) {
      const verdict = await this.isNow(at(base, span));
      if (verdict === undefined) return this.slower(`${this.expression} could not be evaluated ${span} lines further on`);
      if (verdict) break;
      base = at(base, span);
      span *= 2;
      if (span > maxExpansion) return this.slower('the change lies too far on');
      phase({ lo: 0, hi: span });
    }
    while (span > 1) {
      const half = Math.floor(span / 2);
      const verdict = await this.isNow(at(base, half));
      if (verdict === undefined) return this.slower(`${this.expression} could not be evaluated ${half} lines further on`);
      if (verdict) span = half;
      else {
        base = at(base, half);
        span -= half;
      }
      phase({ lo: 0, hi: span });
    }
    // the change lies before the next line run: in this line, or after a return pdb stops
    // at (`--Return--`) on the way to it; `next`s tell which
    const nexts = await gallopThenBisect(0, maxExpansion, (k) => this.isNow(this.frames.withRepeat(base, 'next', k)), this.onStep('next'));
    if (!nexts) return { point: base, exact: false, note: 'the change could not be found with next from here' };
    return this.narrowed(base, 'next', nexts, (p) => this.inLine(p));
  }

  /** The search goes on with `next`s (slow but sure); says why in its message. */
  private slower(why: string): undefined {
    this.slowerBecause = why;
    return undefined;
  }

  /**
   * From `from` on through the `continue`, counting executions of `address`: a series
   * snapshots every countedEvery-th one (sparser when it must go on), bisection picks two
   * neighbours, counted stops bisect between them, and `next`s finish the job.
   */
  async byCounting(from: TimePointEntry[], address: bigint): Promise<Found> {
    const phase = this.onStep('counting executions of a line');
    // when the change is further on than a series reaches, the next one is twice as sparse:
    // a count of series logarithmic in the distance, should the timed series not have narrowed it
    for (let base = from, every = countedEvery; ; every *= 2) {
      const points = await this.ctx.series(base, entryOf('continue', this.dialect), { address, executions: every }, countedSeriesLength).catch((error) => {
        if (!(error instanceof FastForwardUnavailable)) throw error;
        return undefined;
      });
      // the kernel cannot count here (no hardware breakpoints in some virtual machines):
      // counted stops, which the debugger then counts, galloping from `base`
      if (!points) return this.byCountedStopsGalloping(base, address);
      if (points.length === countedSeriesLength && (await this.isNow(points[points.length - 1])) === false) {
        base = points[points.length - 1]; // one probe, not a bisection
        continue;
      }
      const all = [base, ...points];
      const b = await bisect({ lo: 0, hi: all.length }, (k) => this.isNow(all[k]), phase);
      if (b.hi - b.lo > 1) return { point: base, exact: false, note: 'it could not be evaluated between the counted stops after this point' };
      base = all[b.lo];
      // no snapshot with the value of now: the series ended before the change (at its
      // count, or cut short), unless it ended at the command's own stop right away
      if (b.hi < all.length || points.length === 0) return this.byCountedStops(base, address, every);
    }
  }

  /** Like byCountedStops, the limit found by doubling (no series to bound it). */
  private async byCountedStopsGalloping(from: TimePointEntry[], address: bigint): Promise<Found> {
    const at = (j: number) => (j === 0 ? from : this.frames.plus(from, countedStopCommand(address, j)));
    const b = await gallopThenBisect(0, maxExpansion, async (j) => (await this.isNow(at(j))) === true, this.onStep('counting executions of a line'));
    if (!b) return { point: from, exact: false, note: 'the change could not be found by counting executions from here' };
    return this.byCountedStops(at(b.lo), address, b.hi - b.lo);
  }

  /**
   * The change lies between `from` and `from` + `fred-hits ADDR limit` (or the end of the
   * command, when that comes first): bisect on the count, then `next`s.
   */
  async byCountedStops(from: TimePointEntry[], address: bigint, limit: number): Promise<Found> {
    const at = (j: number) => (j === 0 ? from : this.frames.plus(from, countedStopCommand(address, j)));
    const b = await bisect({ lo: 0, hi: limit }, (j) => this.isNow(at(j)), this.onStep('counting executions of a line'));
    if (b.hi - b.lo > 1) return { point: from, exact: false, note: 'it could not be evaluated between the counted stops after this point' };
    const start = at(b.lo);
    const nexts = await gallopThenBisect(0, maxExpansion, (k) => this.isNow(this.frames.withRepeat(start, 'next', k)), this.onStep('next'));
    if (!nexts) return { point: start, exact: false, note: 'the change could not be found with next from here' };
    return this.narrowed(start, 'next', nexts, (p) => this.inLine(p));
  }

  private async narrowed(
    before: TimePointEntry[], kind: 'next' | 'step' | 'stepi' | 'nexti', b: { lo: number; hi: number },
    inner: (p: TimePointEntry[]) => Promise<Found>,
  ): Promise<Found> {
    const point = this.frames.withRepeat(before, kind, b.lo);
    if (b.hi - b.lo === 1) return inner(point);
    const rescued = await this.rescue(() => inner(this.frames.withRepeat(before, kind, b.hi - 1)));
    return rescued ?? { point, exact: false, note: `it could not be evaluated in the ${b.hi - b.lo} ${kind}s after this point` };
  }

  /**
   * Unknown values block bisection between a known-old and a known-new point: look
   * inside the last step before the new point (a function it calls may show EXPR).
   * Accepted only if the answer is seen to change: old value there, new one a `next` later.
   */
  async rescue(search: () => Promise<Found>): Promise<Found | undefined> {
    const found = await search();
    if (!found.exact) return undefined;
    return (await this.changesNext(found.point)) ? found : undefined;
  }

  /** EXPR has another value at `point` and the value of now one `next` later. */
  async changesNext(point: TimePointEntry[]): Promise<boolean> {
    return (await this.isNow(point)) === false && (await this.isNow(this.frames.plus(point, 'next'))) === true;
  }

  /**
   * One `next` from `line` changes EXPR: the instruction before the change, by `stepi`
   * counts (into calls too). Bounded: a line that runs more instructions than that is
   * answered as the line.
   */
  async byInstructions(line: TimePointEntry[]): Promise<Found> {
    const b = await gallopThenBisect(0, maxInstructionsInLine, (k) => this.isNow(this.frames.withRepeat(line, 'stepi', k)), this.onStep('stepi'));
    if (!b || b.hi - b.lo > 1) return { point: line, exact: true, note: 'in code this line runs (inlined functions)' };
    return { point: this.frames.withRepeat(line, 'stepi', b.lo), exact: true };
  }

  /**
   * Level 3: one `next` from `line` changes EXPR. If the line calls a function and the
   * change happens inside it, go down into it; otherwise this line is the answer.
   */
  async inLine(line: TimePointEntry[]): Promise<Found> {
    const lineState = await this.frames.state(line);
    const depth = depthOf(lineState);
    const entry = this.frames.plus(line, 'step');
    const entered = await this.evaluate(entry);
    if (entered.exited || depthOf(entered) <= depth) return { point: line, exact: true };
    // gdb, optimized code: a `step` that only enters the frame of an inlined function runs no
    // instruction (same pc, one frame deeper), and the `next`s inside that frame do not
    // cover the rest of the line: follow the line's instructions instead
    if (sameInstruction(entered, lineState)) return this.byInstructions(line);
    const inCallee = entered.value === undefined ? undefined : entered.value === this.now;
    if (inCallee !== false) {
      const note = inCallee === undefined ? 'inside a function this line calls (it cannot be evaluated there)' : undefined;
      return { point: line, exact: true, note };
    }
    const returned = async (p: TimePointEntry[]) => depthOf(await this.frames.state(p)) <= depth || (await this.frames.state(p)).exited === true;
    const b = await gallopThenBisect(0, maxExpansion, async (j) => {
      const p = this.frames.withRepeat(entry, 'next', j);
      return (await returned(p)) ? true : this.isNow(p);
    }, this.onStep('inside the called function'));
    if (!b || b.hi - b.lo > 1) return { point: line, exact: true, note: 'inside a function this line calls' };
    const last = this.frames.withRepeat(entry, 'next', b.lo);
    if (!(await returned(this.frames.withRepeat(entry, 'next', b.hi)))) return this.inLine(last);
    // The function returned: did its last line change EXPR, or the rest of the calling line?
    const afterReturn = await this.isNow(this.frames.plus(last, this.dialect.returnWord));
    return afterReturn === true ? this.inLine(last) : { point: line, exact: true };
  }
}

/** Both states stop at the same instruction (gdb: pc known). */
function sameInstruction(a: ProbeState, b: ProbeState): boolean {
  return a.location?.pc !== undefined && a.location.pc === b.location?.pc;
}

/**
 * The time point of now, rebuilt from the entry of the user's frame: its caller's line
 * before the call, `step` into it, then as many `next`s as reach now. undefined when that
 * frame is the outermost or the rebuilt point is not the same state.
 */
async function fromFrameEntry(search: WatchSearch, history: TimePointEntry[], current: ProbeState): Promise<TimePointEntry[] | undefined> {
  try {
    // the frame the user selected: its caller's line is one call site further out per level
    const level = current.location?.selectedLevel ?? 0;
    let site: TimePointEntry[] = history;
    for (let i = 0; i <= level; i++) site = await search.frames.callSite(site);
    const entry = search.frames.plus(site, 'step');
    const entered = await search.frames.state(entry);
    if (entered.exited || depthOf(entered) !== depthOf(current) - level) return undefined;
    if (level === 0 && entered.location?.function !== current.location?.function) return undefined;
    const m = await search.frames.nextsToReach(entry, current, entryOf('continue', search.dialect).command);
    search.frameEntry = { point: entry, depth: depthOf(entered) };
    return search.frames.withRepeat(entry, 'next', m);
  } catch (error) {
    if (error instanceof HistoryError) return undefined;
    throw error;
  }
}

/**
 * pdb: where the user's frame (`depth` frames deep) began, found by counting lines inside
 * the `c` that entered it (frameOrigins.ts). `call`: EXPR had the value of now from the
 * frame's first line on (the call made it); else search.frameEntry is set to the entry.
 */
async function fromCountedFrameEntry(search: WatchSearch, history: TimePointEntry[], depth: number): Promise<{ call: true; site: TimePointEntry[] } | { call: false; entry: TimePointEntry[]; history: TimePointEntry[] } | undefined> {
  const counted = await countedFrameEntry(search.frames, history, depth);
  if (!counted) return undefined;
  if (!counted.entry || !counted.history) return { call: true, site: counted.site }; // the stop is the frame's first line
  search.frameEntry = { point: counted.entry, depth };
  const atEntry = await search.isNow(counted.entry);
  if (atEntry === false) return { call: false, entry: counted.entry, history: counted.history };
  search.frameEntry = undefined;
  return atEntry === true ? { call: true, site: counted.site } : undefined;
}

export async function reverseWatch(request: ReverseWatchRequest): Promise<ReverseWatchResult> {
  const ctx = new ProbeContext(request.prober, request.options);
  let history = [...request.history];
  const current = await ctx.probe(history, request.expression);
  if (current.value === undefined) {
    throw new HistoryError(`cannot evaluate "${request.expression}" here (${current.error ?? describeState(current)}); watch something visible now`);
  }
  // EXPR means what it means in the frame the user selected (up/frame), not the innermost
  const depth = depthOf(current) - (current.location?.selectedLevel ?? 0);
  const search = new WatchSearch(ctx, request.dialect, request.expression, current.value, depth > 0 ? depth : undefined);
  let boundaries = movingBoundaries(history);
  let start = await search.evaluate(history.slice(0, boundaries[0]));
  if (start.value === current.value || boundaries.length < 2) {
    // gdb: the change may lie between main() and the first stop of `run`.
    const opened = await search.frames.openStart(history);
    if (opened) {
      history = opened;
      boundaries = movingBoundaries(history);
      start = await search.evaluate(history.slice(0, boundaries[0]));
    }
  }
  if (start.value === undefined) {
    // EXPR lives in a frame that did not exist at the start: search from where that frame
    // began instead (pdb: its first line, by counted lines inside the `c` that entered it;
    // else the step into the call that made it), as one point of history
    const counted = await fromCountedFrameEntry(search, history, depth);
    if (counted && counted.call) {
      const message = `${request.expression} changes from (unknown) to ${current.value} in the next statement (at ${describeState(await ctx.probe(counted.site))}): it calls the function whose frame ${request.expression} is evaluated in, where it has this value from the first line on`;
      return { valueNow: current.value, found: true, target: counted.site, exact: true, probes: ctx.probes, message };
    }
    if (counted) {
      history = counted.history;
      boundaries = movingBoundaries(history).filter((b) => b >= counted.entry.length);
    } else {
      history = (await fromFrameEntry(search, history, current)) ?? history;
      boundaries = movingBoundaries(history);
    }
    start = await search.evaluate(history.slice(0, boundaries[0]));
  }
  const base = { valueNow: current.value, probes: 0 };
  if (start.value === current.value || boundaries.length < 2) {
    return {
      ...base, found: false, target: [...request.history], exact: false, probes: ctx.probes,
      message: `${request.expression} is ${current.value} now and was ${start.value ?? 'the same'} at the start of history: no change to go back to`,
    };
  }
  const found = await search.inHistory(history, boundaries);
  if (found.exact && !found.byCommand && !(await search.changesNext(found.point))) {
    found.exact = false; // never claim a statement we did not see change
    found.note = 'the change could not be confirmed one next after it (the history may not replay deterministically)';
  }
  const before = await search.evaluate(found.point);
  // with several threads, the one whose next statement makes the change
  const thread = before.threads && before.threads.length > 1 && before.thread !== undefined ? `, thread ${before.thread}` : '';
  const where = `${describeState(before)}${thread}`;
  const change = `${request.expression} changes from ${before.value ?? '(unknown)'} to ${current.value}`;
  const message = found.exact
    ? `${change} in the next statement (at ${where})${found.note ? `: ${found.note}` : ''}`
    : `${change} somewhere after ${where}, but ${found.note ?? 'not exactly located'}`;
  const slower = search.slowerBecause ? `\n(searched with next, not at full speed: ${search.slowerBecause})` : '';
  return { ...base, found: true, target: found.point, exact: found.exact, valueBefore: before.value, probes: ctx.probes, message: message + slower };
}

/** A change of EXPR found by lastChangeSince: `point` is just before the statement that made it. */
export interface FoundChange {
  point: TimePointEntry[];
  /** One `next` from point shows the change (false: only narrowed down). */
  exact: boolean;
  /** EXPR at point (undefined when it cannot be evaluated there). */
  before?: string;
  /** EXPR at the end of `history`. */
  after: string;
}

/**
 * The same search as fred-reverse-watch, bounded: the last change of EXPR after the prefix
 * of `history` of length `since` (a reverse command going back to its previous stop: a
 * watchpoint stops it there). undefined when EXPR cannot be evaluated at the end of
 * history or has the same value at `since`. `frameDepth`: evaluate in the frame that many
 * frames from the outermost (a watchpoint on a local).
 */
export async function lastChangeSince(
  ctx: ProbeContext, dialect: Dialect, history: TimePointEntry[], since: number, expression: string, frameDepth?: number,
): Promise<FoundChange | undefined> {
  const end = await ctx.probe(history, expression, frameDepth);
  if (end.value === undefined) return undefined;
  const boundaries = [since, ...movingBoundaries(history).filter((b) => b > since)];
  if (boundaries.length < 2) return undefined;
  const search = new WatchSearch(ctx, dialect, expression, end.value, frameDepth);
  const start = await search.evaluate(history.slice(0, since));
  if (start.value === end.value) return undefined;
  const found = await search.inHistory(history, boundaries);
  if (found.exact && !found.byCommand && !(await search.changesNext(found.point))) found.exact = false;
  const before = await search.evaluate(found.point);
  return { point: found.point, exact: found.exact, before: before.value, after: end.value };
}
