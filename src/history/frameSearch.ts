// Searches that rebuild what happened inside one command by re-running it as smaller
// steps: expand a continue/until/... into `next`s, climb to the line that called the
// current frame, descend from a line into the call that leads to a later stop.
// All counts are found by doubling then bisection (search.ts), never by walking.

import { countedStopCommand, repeatCommand } from './commands';
import type { ClassifiedCommand } from './commands';
import { ProbeContext, ProbeState, depthOf, describeState, isEventStop, sameFrame, sameState } from './probing';
import { bisect, gallopThenBisect } from './search';
import { countedCallSite } from './frameOrigins';
import { callingLineInCountedStretch, executionsBetween } from './finishStops';
import { movingBoundaries, startOf } from './timePoints';
import { entryOf, TimePoint, TimePointEntry } from './timePointEntry';
import { waitingCallSite } from './callStops';
import type { Dialect } from './dialects/dialect';

/** A counted stop's stretch that `next`s cannot rebuild and counting could not either. */
const countedStretchRefusal = 'cannot step back into the stretch of execution a counted stop jumped across (a breakpoint\'s landing or a fred-reverse-watch answer); fred-undo goes back before it';

/** Far enough for any loop a human waits for; bounds doubling when nothing is ever true. */
const maxExpansion = 2 ** 40;
/** Lines a walk tries between two passes at a counted stop (one loop iteration). */
const maxLinesPerIteration = 64;
/** Calls on one line tried one after the other when looking for the one that leads to a stop. */
const maxCallsPerLine = 32;

export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryError';
  }
}

export class FrameSearch {
  constructor(readonly ctx: ProbeContext, readonly dialect: Dialect) {}

  /** `point` followed by `line`, classified as it joins the point. */
  plus(point: TimePoint, line: string): TimePointEntry[] {
    return [...point, entryOf(line, this.dialect)];
  }

  /** `prefix` followed by `count` repetitions of a stepping command (none when count is 0). */
  withRepeat(prefix: TimePoint, kind: 'next' | 'step' | 'stepi' | 'nexti', count: number): TimePointEntry[] {
    return count === 0 ? [...prefix] : this.plus(prefix, repeatCommand(kind, count));
  }

  state(point: TimePoint): Promise<ProbeState> {
    return this.ctx.probe(point);
  }

  /**
   * The number m of `next`s from `from` that reproduces `target`. Relies on `next N`
   * stopping early at events: when `target` is an event (breakpoint, watchpoint, signal,
   * exit), `next m` for every m >= m* IS the target, so "reached" is monotone. Otherwise
   * a point in an outer frame also counts as "past". The answer is verified.
   */
  async nextsToReach(from: TimePoint, target: ProbeState, what: ClassifiedCommand, kind: 'next' | 'step' = 'next'): Promise<number> {
    const word = what.kind;
    if (word === 'anchor') {
      // a snapshot is the only way to this point (a Ctrl-C stop, or where fred-reverse-watch
      // jumped): no command replays the stretch before it
      throw new HistoryError('cannot step back into the stretch of execution before this point: fred has only a snapshot of its end (a Ctrl-C stop or a fred-reverse-watch jump); fred-undo or fred-reverse-continue go back before it');
    }
    if (word === 'call-stop') {
      // the replayed `next`s would run into the call the program waited in, and wait
      throw new HistoryError('cannot rebuild the stretch before a Ctrl-C stop in a waiting call from single steps; fred-undo goes back before it');
    }
    if (word === 'counted-stop') {
      // `next`s cannot tell a loop's iterations apart: the first landing at the same place
      // would be an earlier iteration than the one fred-reverse-watch stopped in.
      throw new HistoryError(countedStretchRefusal);
    }
    const event = isEventStop(target);
    const targetDepth = depthOf(target);
    // until/advance stop at the first line past a place in the frame: later landings in
    // that frame are usually further down the source, so "line >= target's" means "past".
    const lineOrdered = !event && (word === 'until' || word === 'advance') && target.location?.line !== undefined;
    const reached = async (m: number): Promise<boolean> => {
      const s = await this.state(this.withRepeat(from, kind, m));
      if (sameState(s, target) || s.exited === true) return true;
      if (event) return false;
      if (depthOf(s) < targetDepth) return true;
      return lineOrdered && sameFrame(s, target) && (s.location?.line ?? 0) >= target.location!.line!;
    };
    this.ctx.progress(`expanding ${what.text} into ${kind}`, 0);
    const bracket = await gallopThenBisect(0, maxExpansion, reached);
    if (bracket && sameState(await this.state(this.withRepeat(from, kind, bracket.hi)), target)) return bracket.hi;
    throw new HistoryError(
      `cannot rebuild "${what.text}" from single steps: repeated "${kind}" does not stop at ${describeState(target)}; ` +
      'use fred-undo to go back before it',
    );
  }

  /**
   * From `previous` (the pass before a counted stop, or where its command began) line by
   * line to `next`, the stop's own pass. `next` steps over calls, and replays run with the
   * breakpoints of their time (not one set since, which made the stop): where a `step`
   * from the caller's level enters next's function at its depth, the walk follows it in.
   * lineBefore: the point one line before `next` (arriving by that step, at a function's
   * start, the caller's line that made the call, as gdb's reverse-next goes); enteredFrom:
   * that caller's line, when next's frame was entered on the way.
   */
  async walkToNextPass(previous: TimePoint, next: ProbeState): Promise<{ lineBefore: TimePointEntry[]; enteredFrom?: TimePointEntry[] }> {
    const depth = depthOf(next);
    let base = [...previous];
    let nexts = 0;
    let enteredFrom: TimePointEntry[] | undefined;
    for (let m = 1; m <= maxLinesPerIteration; m++) {
      const point = this.withRepeat(base, 'next', nexts);
      if (depthOf(await this.state(point)) === depth - 1) {
        const stepped = this.plus(point, 'step');
        const entered = await this.state(stepped);
        if (depthOf(entered) === depth && entered.location?.function === next.location?.function) {
          enteredFrom = point;
          if (sameState(entered, next)) return { lineBefore: point, enteredFrom };
          base = stepped;
          nexts = 0;
          continue;
        }
      }
      const landing = await this.state(this.withRepeat(base, 'next', nexts + 1));
      if (sameState(landing, next)) return { lineBefore: point, enteredFrom };
      if (landing.exited) break;
      nexts++;
    }
    throw new HistoryError(`cannot find the line before this point within ${maxLinesPerIteration} lines of the previous pass here; fred-undo goes back before it`);
  }

  /**
   * From `entry` (inside a function called from a line at `depth`): how many `next`s
   * until the function has returned (depth <= `depth`) or the program exited.
   * `call`: the call instruction that made it, in a loop that may run it again (a loop
   * written on one line): a stop in the same function is then a later run's once it did.
   */
  async nextsToLeave(entry: TimePoint, depth: number, call?: bigint): Promise<number> {
    // `next N` stops early at a breakpoint outside the callee's own frame (in a function it
    // calls, or in a later call of the caller's line): every N from there on stops there,
    // so that counts as having left; the `next` before it ran the callee's last line
    const callee = (await this.state(entry)).location?.function;
    const left = async (j: number): Promise<boolean> => {
      const s = await this.state(this.withRepeat(entry, 'next', j));
      if (s.exited === true || depthOf(s) <= depth) return true;
      if (!isEventStop(s)) return false;
      if (depthOf(s) !== depth + 1 || s.location?.function !== callee) return true;
      if (call === undefined) return false;
      const runs = await executionsBetween(this, entry, this.withRepeat(entry, 'next', j), call);
      if (runs === undefined) throw new HistoryError('cannot tell where the call returned: a later run of it stops in the same function, and fred could not count the runs');
      return runs > 0;
    };
    const bracket = await gallopThenBisect(0, maxExpansion, left);
    if (!bracket) throw new HistoryError('the called function never returned within 2^40 steps; giving up');
    return bracket.hi;
  }

  /**
   * The time point just before the call that created the frame `point` is in: the
   * caller's line that made the call. Walks the history's commands newest first; for
   * each, decides whether the stack went below the current depth during it (the frame
   * was entered there) and if so finds the calling line inside it.
   */
  async callSite(point: TimePoint): Promise<TimePointEntry[]> {
    const here = await this.state(point);
    const depth = depthOf(here);
    if (here.exited) throw new HistoryError('the program has exited: there is no current function to go back out of');
    if (depth <= 1) throw new HistoryError(`already in the outermost frame (${describeState(here)}): nothing called it`);
    const boundaries = movingBoundaries(point);
    for (let k = boundaries.length - 2; k >= 0; k--) {
      const found = await this.callSiteInside(point.slice(0, boundaries[k + 1]), boundaries[k], depth);
      if (found) return found;
    }
    const opened = await this.openStart(point);
    if (opened) return this.callSite(opened);
    throw new HistoryError(
      `the call of ${here.location?.function ?? 'the current function'} happened before the start of history; ` +
      'nothing earlier can be reached',
    );
  }

  /**
   * gdb: rewrites the `run` that starts the history as `start` + `continue` (verified to
   * stop at the same place) so that the time between main() and the first stop can be
   * searched. undefined when that is impossible (pdb, already `start`, different stop).
   */
  async openStart(point: TimePoint): Promise<TimePointEntry[] | undefined> {
    const at = startOf(point) - 1;
    if (at < 0) return undefined;
    const start = this.dialect.runStoppingEarly(point[at].command, 'start');
    if (start === undefined) return undefined;
    const ran = await this.state(point.slice(0, at + 1));
    const started = this.plus(point.slice(0, at), start);
    if (sameState(await this.state(started), ran)) return [...started, ...point.slice(at + 1)];
    const continued = this.plus(started, 'continue');
    if (!sameState(await this.state(continued), ran)) return undefined;
    return [...continued, ...point.slice(at + 1)];
  }

  /**
   * `end` is the time point after one command that started at prefix length `start` and
   * ended at `depth` or deeper. If the stack was below `depth` at some point during the
   * command, returns the last such point (the line that made the call); else undefined.
   */
  private async callSiteInside(end: TimePoint, start: number, depth: number): Promise<TimePointEntry[] | undefined> {
    const index = end.length - 1;
    const before = end.slice(0, index);
    // pdb, a `c`: one replay counting lines says where the frame came from
    const counted = await countedCallSite(this, before, end[index], depth);
    if (counted !== undefined) return counted ?? undefined;
    const command = end[index].command;
    if (command.kind === 'counted-stop') return this.callSiteInCountedStop(before, end, depth);
    if (command.kind === 'call-stop') {
      // frames below the program's own (libc's, fred's) were entered by its call instruction
      const waiting = await waitingCallSite(this, end);
      if (!waiting) return undefined;
      return depth > waiting.depth ? waiting.point : this.callSiteInside(waiting.point, start, depth);
    }
    if (command.kind === 'step' || command.kind === 'stepi') {
      // Steps enter and leave frames one at a time. The end is deep: gallop backwards to
      // a shallow step count, then bisect for the last shallow one before the end.
      const kind = command.kind;
      const deep = async (j: number) => depthOf(await this.state(this.withRepeat(before, kind, j))) >= depth;
      let hi = command.count;
      for (let gap = 1; ; gap *= 2) {
        const j = Math.max(0, hi - gap);
        if (!(await deep(j))) return this.withRepeat(before, kind, (await bisect({ lo: j, hi }, deep)).lo);
        if (j === 0) return undefined;
        hi = j;
      }
    }
    // `next` landings never get deeper (they only return), except the final stop at a
    // breakpoint/signal: so the stack went below `depth` iff the last landing before the
    // end is shallow, and the frame was entered by the last `next`.
    const shallowBefore = depthOf(await this.state(end.slice(0, start))) < depth;
    const endState = await this.state(end);
    if ((command.kind === 'until' || command.kind === 'advance') && shallowBefore && !isEventStop(endState)) {
      const line = await this.lineThatCalled(before, end, depth);
      if (line) return line;
    }
    if (!shallowBefore && !isEventStop(endState)) return undefined;
    const m = await this.nextsToReach(before, endState, command);
    const lastLine = this.withRepeat(before, 'next', m - 1);
    if (depthOf(await this.state(lastLine)) >= depth) return undefined;
    return this.descend(lastLine, endState, depth - 1);
  }

  /**
   * A counted stop (a breakpoint's or fred-reverse-watch's landing) that ended at `depth`:
   * its frame is entered in the stretch from the pass before if the walk there steps into
   * it. Otherwise it began in an earlier pass: the last execution of the call instruction
   * that made it, in the caller's frame, says which (finishStops.ts); undefined when the
   * frame is older than the stretch.
   */
  private async callSiteInCountedStop(before: TimePoint, end: TimePoint, depth: number): Promise<TimePointEntry[] | undefined> {
    const endState = await this.state(end);
    if (depthOf(endState) === depth) {
      const { address, count } = end[end.length - 1].countedStop!;
      const previous = count > 1 ? this.plus(before, countedStopCommand(address, count - 1)) : before;
      const walk = await this.walkToNextPass(previous, endState).catch((e: unknown) => { if (e instanceof HistoryError) return undefined; throw e; });
      if (walk?.enteredFrom) return walk.enteredFrom;
      const found = await callingLineInCountedStretch(this, end, endState);
      if (found && 'line' in found) return found.line;
      if (found) return undefined;
    }
    throw new HistoryError(countedStretchRefusal);
  }

  /**
   * `advance FUNC` (or until/advance to a line of a function it calls) from `before`, one
   * frame up from `end`'s `depth`: the start of the line that made the call. `next`s never
   * stop in the callee; the line is the one `finish` returns to, and `next` landings
   * after it in that frame are further down the source (as for until/advance in the frame).
   */
  private async lineThatCalled(before: TimePoint, end: TimePoint, depth: number): Promise<TimePointEntry[] | undefined> {
    const from = await this.state(before);
    const back = await this.state(this.plus(end, 'finish'));
    const line = back.location?.line;
    if (depthOf(await this.state(end)) !== depth || depthOf(from) !== depth - 1 || !sameFrame(back, from) || line === undefined) return undefined;
    const past = async (m: number): Promise<boolean> => {
      const s = await this.state(this.withRepeat(before, 'next', m));
      return s.exited === true || depthOf(s) < depth - 1 || (sameFrame(s, back) && (s.location?.line ?? 0) > line);
    };
    const bracket = await gallopThenBisect(0, maxExpansion, past);
    if (!bracket) return undefined;
    const start = this.withRepeat(before, 'next', bracket.hi - 1);
    const state = await this.state(start);
    return sameFrame(state, back) && state.location?.line === line ? start : undefined;
  }

  /**
   * From `from`, whose `next` goes into calls and stops at `target` deeper down, finds
   * the line at `stopDepth` (on the way to `target`) whose `next` reaches `target`.
   * With stopDepth = depth of target this is "the previous line in the target's frame".
   * Returns `from` itself when target is the first line of the called function.
   */
  async descend(from: TimePoint, target: ProbeState, stopDepth: number): Promise<TimePointEntry[]> {
    let line = [...from];
    for (;;) {
      const here = await this.state(line);
      const depth = depthOf(here);
      if (depth >= stopDepth || here.exited) return line;
      let entry = this.plus(line, 'step');
      let found: TimePointEntry[] | undefined;
      for (let call = 0; call < maxCallsPerLine && !found; call++) {
        const entered = await this.state(entry);
        if (sameState(entered, target)) return line; // target is the first line of the callee
        if (entered.exited || depthOf(entered) < depth) return line; // no call leads there
        if (depthOf(entered) === depth) {
          // a call returned to a line table entry of the same line (gdb stops there): its next call may lead there
          if (!sameFrame(entered, here) || entered.location?.line !== here.location?.line) return line;
          entry = this.plus(entry, 'step');
          continue;
        }
        const reachedOrLeft = async (j: number): Promise<boolean> => {
          const s = await this.state(this.withRepeat(entry, 'next', j));
          return sameState(s, target) || s.exited === true || depthOf(s) <= depth;
        };
        const bracket = await gallopThenBisect(0, maxExpansion, reachedOrLeft);
        if (!bracket) return line;
        const lastInCallee = this.withRepeat(entry, 'next', bracket.hi - 1);
        if (sameState(await this.state(this.withRepeat(entry, 'next', bracket.hi)), target)) found = lastInCallee;
        else entry = this.plus(lastInCallee, 'step'); // that call returned: try the line's next call
      }
      if (!found) return line;
      line = found;
    }
  }
}
