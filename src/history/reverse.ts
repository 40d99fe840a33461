// The reverse commands (undo, reverse-next, reverse-step, reverse-finish, reverse-continue)
// as searches over an injected Prober. Each returns the time point (command list) where
// the session must leave the program: a fresh forward run of that list IS the answer.
// Meanings follow gdb's reverse execution:
//   undo n             drop the last n program-moving commands (no probe needed).
//   reverse-next       back to the start of the previous line executed in the current
//                      frame; from the first line of a function, back to the caller's
//                      line that called it.
//   reverse-step       like reverse-next, but if that previous line called functions,
//                      land on the last line executed inside the (last) callee.
//   reverse-finish     back to the caller's line that called the current function,
//                      before the call happened (gdb: on the call instruction itself).
//   reverse-continue   back to the previous stop of a breakpoint that exists now, or to
//                      just before the last write of a watched value (watchStops.ts),
//                      whichever came later; else to the program's first instruction
//                      (gdb: `starti`; the start of history when it cannot be reached).
// From the middle of a line (after stepi, finish, reverse-finish), reverse-next goes to
// the line's start and reverse-step into the last call it made before: midLine.ts.

import { countedStopCommand } from './commands';
import { FrameSearch, HistoryError } from './frameSearch';
import { ProbeContext, ProbeState, Prober, SearchOptions, atBreakpointNow, depthOf, isEventStop, sameFrame, sameState } from './probing';
import { lastIndexIn, movingBoundaries, startOf } from './timePoints';
import { TimePoint, TimePointEntry } from './timePointEntry';
import { WatchedExpression, lastWatchedChange } from './watchStops';
import { LineStart, callInstructionBefore, lastLineOfCall, midLineStart } from './midLine';
import { loopLineLanding } from './oneLineLoop';
import { commandsProvenQuiet, crossingProvenQuiet } from './quietCrossing';
import { callInCountedStretch, chainToNow, executionsBetween, lastRunOfCall, lastStopAlong } from './finishStops';
import { countedWayFromCall } from './frameOrigins';
import { inStoppedThread } from './threadSwitch';
import { inSelectedThread } from './selectedThread';
import { waitingCallSite } from './callStops';
import type { Dialect } from './dialects/dialect';

export interface ReverseRequest {
  /** The current time point: every command since the program started. */
  history: TimePoint;
  dialect: Dialect;
  prober: Prober;
  /** Repeat count (`rn 3`); default 1. */
  count?: number;
  /** The live state now, if the session has it (saves a probe). */
  current?: ProbeState;
  /** The watchpoints that exist now: going back stops before their last change (gdb). */
  watches?: readonly WatchedExpression[];
  options?: SearchOptions;
}

export interface ReverseResult {
  /** Where the session must go: restart + replay this list. */
  target: TimePointEntry[];
  /** How many probes (restart + replay) the search used. */
  probes: number;
  /** Something the user should know (e.g. "no earlier breakpoint: went to the start"). */
  message?: string;
}

const atStart = 'already at the start of history: nothing to reverse (fred-history shows the commands)';
const atEntry = 'No more reverse-execution history: went to the start of history, the program\'s first instruction (where starti stops).';

/** Per search: the watchpoints its request honours, and what the last landing has to say (a watchpoint's message). */
const watchesOf = new WeakMap<FrameSearch, readonly WatchedExpression[]>();
const notes = new WeakMap<FrameSearch, string>();

/**
 * undo n: pure, no probes. Counts the program-moving commands after the start (`run` is
 * not undone: that would end the program; `kill` does that).
 */
export function undo(history: TimePoint, count: number): TimePointEntry[] {
  let left = count;
  const start = startOf(history);
  for (let i = history.length - 1; i >= start; i--) {
    if (history[i].command.movesProgram && --left === 0) return history.slice(0, i);
  }
  const moved = count - left;
  if (moved === 0) throw new HistoryError(start > 0 ? 'nothing to undo: the program is where it first stopped (fred-undo does not undo run; kill ends the program)' : atStart);
  throw new HistoryError(`only ${moved} command(s) moved the program; cannot undo ${count} (try fred-undo ${moved})`);
}

/**
 * Whether gdb would report a breakpoint's stop at `point` (a landing of reverse stepping):
 * a breakpoint that exists now stands where the last command of `point` ended. One replay
 * (FastForward.wouldStop); false when the debugger cannot tell.
 */
async function landsAtBreakpoint(search: FrameSearch, point: TimePointEntry[]): Promise<boolean> {
  const index = lastIndexIn(point, (c) => c.movesProgram);
  // the first stop (`run`'s; a `frame` typed after it is history too, and no stop)
  if (index < 0) {
    const start = point.slice(0, startOf(point));
    return start.length > 0 && atBreakpointNow(await search.state(start));
  }
  if (!point[index].command.resumes) return false;
  return (await search.ctx.wouldStop(point.slice(0, index), point[index]))?.endsAtOne === true;
}

async function repeat(
  request: ReverseRequest,
  once: (search: FrameSearch, point: TimePointEntry[], current: ProbeState) => Promise<TimePointEntry[]>,
  endsAtStops = false,
): Promise<ReverseResult> {
  const ctx = new ProbeContext(request.prober, request.options);
  const search = new FrameSearch(ctx, request.dialect);
  watchesOf.set(search, request.watches ?? []);
  let point = [...request.history];
  let current = request.current ?? (await ctx.probe(point));
  const count = request.count ?? 1;
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      // gdb's `reverse-next 3`, like `next 3`, ends early where a breakpoint or a watched write stopped it (pdb's go on)
      if (endsAtStops && search.dialect.seesMachineCode && (notes.has(search) || (await landsAtBreakpoint(search, point)))) break;
      current = await ctx.probe(point);
    }
    notes.delete(search);
    try {
      point = await once(search, point, current);
    } catch (e) {
      // `rn 5` with only 3 lines of history: go as far as possible, like gdb does.
      if (i > 0 && e instanceof HistoryError && e.message === atStart) {
        return { target: point, probes: ctx.probes, message: `reached the start of history after ${i} of ${count}` };
      }
      throw e;
    }
  }
  return { target: point, probes: ctx.probes, message: notes.get(search) };
}

/** The time point before the last resuming command and that command; opens gdb's `run` if needed. */
async function lastResume(search: FrameSearch, point: TimePointEntry[]): Promise<{ before: TimePointEntry[]; index: number; list: TimePointEntry[] }> {
  const isResume = (c: { resumes: boolean; kind: string }) => c.resumes && c.kind !== 'run';
  let list = point;
  let index = lastIndexIn(list, isResume);
  if (index < 0) {
    const opened = await search.openStart(list);
    if (!opened) throw new HistoryError(atStart);
    list = opened;
    index = lastIndexIn(list, isResume);
    if (index < 0) throw new HistoryError(atStart);
  }
  return { before: list.slice(0, index), index, list };
}

/** Moves `candidate` (a point before `current`) into current's frame: out of deeper frames, into the called one. */
async function settleInFrame(search: FrameSearch, candidate: TimePointEntry[], current: ProbeState): Promise<TimePointEntry[]> {
  if (current.exited) return candidate;
  let point = candidate;
  for (;;) {
    const state = await search.state(point);
    if (state.exited || depthOf(state) === depthOf(current)) return point;
    if (depthOf(state) > depthOf(current)) point = await search.callSite(point);
    else return search.descend(point, current, depthOf(current));
  }
}

/**
 * The previous line in the current frame: the candidate before settling, `rn` once. Where
 * the last command began in the middle of a line (after stepi, finish, a reverse-finish's
 * landing on a call instruction), gdb goes on back to where that line started.
 */
async function previousLine(search: FrameSearch, point: TimePointEntry[], current: ProbeState): Promise<TimePointEntry[]> {
  const landing = await previousLanding(search, point, current);
  return (await midLineStart(search, landing, await search.state(landing)))?.start ?? landing;
}

/** Where the last command began, or the last line it ran in the current frame (previousLine). */
async function previousLanding(search: FrameSearch, point: TimePointEntry[], current: ProbeState): Promise<TimePointEntry[]> {
  const { before: started, index, list } = await lastResume(search, point);
  const command = list[index].command;
  // the command stopped in another thread than the one it stepped: walk the stopped one
  const before = await stoppedThreadFrom(search, started, current, command.text);
  if (before.length === started.length) switch (command.kind) {
    case 'next': case 'step': case 'stepi': case 'nexti': {
      // `next 10` that stopped at a breakpoint after 3 did not run 10 times: count again.
      if (command.count > 1 && isEventStop(current) && (command.kind === 'next' || command.kind === 'step')) {
        const m = await search.nextsToReach(before, current, command, command.kind);
        return search.withRepeat(before, command.kind, m - 1);
      }
      return search.withRepeat(before, command.kind, command.count - 1);
    }
    case 'finish':
      // gdb's finish stops in the middle of the calling line: that line started at the call.
      // It returns from the frame the user selected (up/frame): one call site per level.
      // A finish that stopped at a breakpoint on the way is searched like a continue.
      if (search.dialect.finishStopsMidLine && !isEventStop(current)) {
        const level = (await search.state(before)).location?.selectedLevel ?? 0;
        let site = before;
        for (let i = 0; i <= level; i++) site = await search.callSite(site);
        return site;
      }
      break;
    case 'advance': case 'until':
      // stopped in a function it called (`advance FUNC`): from the line that called it
      if (!isEventStop(current) && depthOf(current) > depthOf(await search.state(before))) return search.callSite(point);
      break;
    case 'jump':
      throw new HistoryError(`cannot reverse across "${command.text}" (a jump is not a line executed): use fred-undo`);
    case 'counted-stop': {
      // fred-reverse-watch's "just before the N-th execution of a line": the previous line
      // lies between the (N-1)-th execution and this one, one iteration of a loop apart.
      // The first `next` landing here is the one: later ones are later iterations, which
      // is why this walks instead of bisecting (a loop body has a handful of lines).
      const { address, count } = list[index].countedStop!;
      const previous = count > 1 ? search.plus(before, countedStopCommand(address, count - 1)) : before;
      return (await search.walkToNextPass(previous, current)).lineBefore;
    }
  }
  const m = await search.nextsToReach(before, current, command);
  return search.withRepeat(before, 'next', m - 1);
}

/** `before`, in the thread `current` stopped in (threadSwitch.ts). */
async function stoppedThreadFrom(search: FrameSearch, before: TimePointEntry[], current: ProbeState, command: string): Promise<TimePointEntry[]> {
  const from = await inStoppedThread(before, current, search.dialect, (p) => search.state(p));
  if (from) return from;
  throw new HistoryError(`thread ${current.thread} did not exist yet where "${command}" started: fred cannot step it back there; fred-undo goes back before that command`);
}

/**
 * The last stop a breakpoint that exists now (whenever it was set) would have made inside
 * `command` run from `from`, before the command's own end: a counted stop just before that
 * execution. Undefined when there is none or the debugger cannot tell (pdb).
 */
async function lastStopInside(search: FrameSearch, from: TimePointEntry[], command: TimePointEntry): Promise<TimePointEntry[] | undefined> {
  const c = command.command;
  if (!c.resumes || c.kind === 'run') return undefined;
  const answer = await search.ctx.wouldStop(from, command);
  if (!answer) return undefined;
  const stops = answer.endsAtOne ? answer.stops.slice(0, -1) : answer.stops;
  if (stops.length === 0) return undefined;
  const last = stops[stops.length - 1];
  return search.plus(last.base ?? from, countedStopCommand(last.address, last.execution));
}

/**
 * Going back from `current` to `landing` (whose `command` leads forward to current) crosses
 * a breakpoint's stop or a watched write: land at the later of them instead.
 */
async function crossedStop(search: FrameSearch, landing: TimePointEntry[], command: 'next' | 'step', point: TimePointEntry[], current: ProbeState): Promise<TimePointEntry[]> {
  if (current.exited) return landing;
  // the run that made `point` already says no breakpoint of now stops inside: no replay to ask
  const quiet = crossingProvenQuiet(landing, point, (p) => search.ctx.armedAsNow(p));
  const watches = watchesOf.get(search) ?? [];
  if (quiet && watches.length === 0) return landing;
  // only when that command really comes back here: a stop of its time inside a call the line
  // made ends it there (the landing is not where the user's commands passed: a `continue`
  // stopped in that call), and the way there, counted at the current pc, goes through it
  const end = search.plus(landing, command);
  const reached = await search.state(end);
  if (!sameState(reached, current)) return isEventStop(reached) && countsExecutions(search) ? crossedFromMidLine(search, landing, point, current) : landing;
  const stop = quiet ? undefined : await lastStopInside(search, landing, end[end.length - 1]);
  if (!stop && watches.length === 0) return landing;
  const written = await lastWatchedChange(search, end, landing.length, watches, stop);
  if (written) notes.set(search, written.message);
  return written?.point ?? stop ?? landing;
}

/**
 * From the middle of a line (after stepi): going back to `landing` (the line's start, or
 * the last line of a call it made) crosses the breakpoint stops and watched writes between
 * there and now, as rn/rs from a line's start do (crossedStop): land at the later of them.
 * The way forward from `landing` is one counted stop at the current pc.
 */
async function crossedFromMidLine(search: FrameSearch, landing: TimePointEntry[], point: TimePointEntry[], current: ProbeState): Promise<TimePointEntry[]> {
  const watches = watchesOf.get(search) ?? [];
  // as reverse-finish's way from the call: the pc's passes since the landing are counted (a loop's)
  const way = await wayFromCall(search, landing, point, current, watches.length > 0);
  if (!way) return landing;
  const written = watches.length > 0 ? await lastWatchedChange(search, way.end, landing.length, watches, way.stop) : undefined;
  if (written) notes.set(search, written.message);
  return written?.point ?? way.stop ?? landing;
}

/** The debugger counts executions of an address (gdb; pdb's locations have no pc). */
function countsExecutions(search: FrameSearch): boolean {
  return search.dialect.seesMachineCode && search.ctx.fastForward?.executions !== undefined;
}

/** Loops written on one line are told apart by gdb's line table and counted instructions: gdb only (pdb's locations have no pc). */
function hasLineEntries(search: FrameSearch): boolean {
  return search.dialect.seesMachineCode && search.ctx.fastForward?.lineEntry !== undefined && search.ctx.fastForward.executions !== undefined;
}

/**
 * From a function's first line, the previous line (settled) is the caller's that made the
 * call: in a loop written on one line, gdb goes back to this run's call and on inside the
 * line (oneLineLoop.ts). undefined elsewhere: the usual landing holds.
 * Where the caller's line calls again right after the call returns (such a loop), `next`s
 * from an earlier run's last line reach the stop at this run's first line: that "previous
 * line" is in an earlier frame of the same depth, and only the loop's landing is right.
 */
async function acrossLoopCall(search: FrameSearch, point: TimePointEntry[], line: TimePointEntry[], current: ProbeState, withCall: boolean): Promise<LineStart | undefined> {
  if (current.exited || !hasLineEntries(search)) return undefined;
  let site = line;
  const lineState = await search.state(line);
  // a line after the first one's start: not this frame's opening (`break *FUNC` stands there)
  const later = lineState.location?.pc !== undefined && current.location?.pc !== undefined && BigInt(lineState.location.pc) > BigInt(current.location.pc);
  if (depthOf(lineState) === depthOf(current) && lineState.location?.function === current.location?.function && later) {
    if (!(await search.ctx.fastForward?.lineEntry?.(point))?.first) return undefined;
    site = await search.callSite(point);
    const landing = await fromCallOf(search, point, site, current, withCall);
    if (!landing) throw new HistoryError('cannot tell the line before this function\'s first line: the line that called it calls again after it returns, and fred finds no exact landing there; fred-undo goes back by whole commands');
    return landing;
  }
  if (depthOf(lineState) !== depthOf(current) - 1) return undefined;
  return fromCallOf(search, point, site, current, withCall);
}

/** The landing in a one-line loop from the call, counted from `site` (the calling line), that made the frame at `point`. */
async function fromCallOf(search: FrameSearch, point: TimePointEntry[], site: TimePointEntry[], current: ProbeState, withCall: boolean): Promise<LineStart | undefined> {
  const first = await callInstructionBefore(search, point, site);
  if (!first) return undefined;
  return loopLineLanding(search, await lastRunOfCall(search, site, first, point, current), withCall);
}

/**
 * From a function's first line reached by a counted stop (a breakpoint's landing), whose
 * stretch `next`s do not rebuild: the call that made the frame is counted
 * (callInCountedStretch); in a loop written on one line, on from there as acrossLoopCall.
 */
async function countedLoopCall(search: FrameSearch, point: TimePointEntry[], current: ProbeState, withCall: boolean): Promise<LineStart | undefined> {
  if (!hasLineEntries(search)) return undefined;
  const found = current.exited ? undefined : await callInCountedStretch(search, point, current);
  if (!found || !('call' in found) || !sameState(await search.state(search.plus(found.call, 'step')), current)) return undefined;
  return loopLineLanding(search, found.call, withCall);
}

async function reverseNextOnce(search: FrameSearch, point: TimePointEntry[], current: ProbeState): Promise<TimePointEntry[]> {
  // waiting in a system call (callStops.ts): as from the program's call that led there
  const waiting = await waitingCallSite(search, point);
  if (waiting) return reverseNextOnce(search, waiting.point, await search.state(waiting.point));
  const inThread = await inSelectedThread(search, point, current, 'reverse-next');
  if (inThread) return inThread;
  const mid = await midLineStart(search, point, current);
  if (mid) return crossedFromMidLine(search, mid.start, point, current);
  const counted = await countedLoopCall(search, point, current, false);
  if (counted) return crossedFromMidLine(search, counted.start, point, current);
  const line = await settleInFrame(search, await previousLine(search, point, current), current);
  const loop = await acrossLoopCall(search, point, line, current, false);
  if (loop) return crossedFromMidLine(search, loop.start, point, current);
  return crossedStop(search, line, 'next', point, current);
}

/** From `line` (whose `next` leads to `current` in the same frame): the last line inside the last function it called. */
async function intoLastCall(search: FrameSearch, line: TimePointEntry[], current: ProbeState): Promise<TimePointEntry[]> {
  const lineState = await search.state(line);
  const depth = depthOf(lineState);
  if (current.exited || depth !== depthOf(current)) return line;
  let entry = search.plus(line, 'step');
  let last: TimePointEntry[] = line;
  for (let call = 0; call < 32; call++) {
    const entered = await search.state(entry);
    if (entered.exited || depthOf(entered) < depth || sameState(entered, current)) return last; // no (further) call on that line
    if (depthOf(entered) === depth) {
      if (!sameFrame(entered, lineState) || entered.location?.line !== lineState.location?.line) return last;
      // gdb stops where a call returns to a line table entry of the same line (`f(); g();`
      // on one line): still that line, whose next call may follow
      entry = search.plus(entry, 'step');
      continue;
    }
    const left = await search.nextsToLeave(entry, depth);
    last = search.withRepeat(entry, 'next', left - 1);
    entry = search.plus(last, 'step'); // another call later on the same line?
  }
  return last;
}

/** reverse-step's landing in a one-line loop (`loop`, from a function's first line): the last line of the previous call, else the loop's start. */
async function intoLoopCall(search: FrameSearch, loop: LineStart, current: ProbeState): Promise<TimePointEntry[]> {
  return loop.lastCall ? lastLineOfCall(search, loop.lastCall, depthOf(current) - 1, loop.rerun) : loop.start;
}

async function reverseStepOnce(search: FrameSearch, point: TimePointEntry[], current: ProbeState): Promise<TimePointEntry[]> {
  // waiting in a system call (callStops.ts): as from the program's call that led there
  const waiting = await waitingCallSite(search, point);
  if (waiting) return reverseStepOnce(search, waiting.point, await search.state(waiting.point));
  const inThread = await inSelectedThread(search, point, current, 'reverse-step');
  if (inThread) return inThread;
  const mid = await midLineStart(search, point, current);
  if (mid) return crossedFromMidLine(search, mid.lastCall ? await lastLineOfCall(search, mid.lastCall, depthOf(current)) : mid.start, point, current);
  const counted = await countedLoopCall(search, point, current, true);
  if (counted) return crossedFromMidLine(search, await intoLoopCall(search, counted, current), point, current);
  const line = await settleInFrame(search, await previousLine(search, point, current), current);
  const loop = await acrossLoopCall(search, point, line, current, true);
  if (loop) return crossedFromMidLine(search, await intoLoopCall(search, loop, current), point, current);
  const last = await intoLastCall(search, line, current);
  return crossedStop(search, last, last === line ? 'next' : 'step', point, current);
}

/** gdb lands on the call instruction itself, in the middle of the calling line, or at the last breakpoint stop on the way there. */
async function reverseFinishOnce(search: FrameSearch, point: TimePointEntry[], current: ProbeState): Promise<TimePointEntry[]> {
  // waiting in a system call: out of libc's and fred's frames to the program's call
  const waiting = await waitingCallSite(search, point);
  if (waiting) return waiting.point;
  const inThread = await inSelectedThread(search, point, current, 'reverse-finish');
  if (inThread) return inThread;
  // from a counted stop (a breakpoint's landing): its stretch is not rebuilt by `next`s
  let from = point;
  let call: TimePointEntry[] | undefined;
  // a plain `continue` too: counting its call instruction finds the very call that made the frame
  for (let found = await callInCountedStretch(search, from, current, true); found; found = await callInCountedStretch(search, from, current, true)) {
    if ('call' in found) {
      call = found.call;
      break;
    }
    from = found.before;
  }
  if (!call) {
    const site = await search.callSite(from);
    call = await callInstructionBefore(search, from, site);
    if (!call) return (await lastStopSinceCountedCall(search, point, current)) ?? site;
    call = await lastRunOfCall(search, site, call, from, current);
  }
  const watches = watchesOf.get(search) ?? [];
  const way = await wayFromCall(search, call, point, current, watches.length > 0);
  if (!way) return call;
  // a watched value written after the last breakpoint stop (or the call): before that write
  const written = watches.length > 0 ? await lastWatchedChange(search, way.end, call.length, watches, way.stop) : undefined;
  if (written) notes.set(search, written.message);
  return written?.point ?? way.stop ?? call;
}

/**
 * pdb: the last stop a breakpoint that exists now would have made between the call of the
 * current frame and now, when a `c` entered the frame (frameOrigins.ts); undefined when
 * there is none or this cannot tell.
 */
async function lastStopSinceCountedCall(search: FrameSearch, point: TimePointEntry[], current: ProbeState): Promise<TimePointEntry[] | undefined> {
  if (current.exited || !search.ctx.anyBreakpointNow) return undefined;
  const way = await countedWayFromCall(search, point, depthOf(current));
  // the runs since the `c` had today's breakpoints and stopped only at their ends: none between
  if (!way || commandsProvenQuiet(point, way.entered, (p) => search.ctx.armedAsNow(p))) return undefined;
  const points = await way.points();
  return (points && (await lastStopAlong(search, points))) ?? undefined;
}

/**
 * `point`, started as `reference` is: a call before the first stop is found from the history
 * opened as `start` + `continue` (FrameSearch.openStart), and the way from it to now is
 * counted along the same commands (`run` itself cannot be counted through).
 */
async function fromStartOf(search: FrameSearch, reference: TimePoint, point: TimePointEntry[]): Promise<TimePointEntry[]> {
  const at = startOf(point) - 1;
  if (at < 0 || reference[at]?.text === point[at].text) return point;
  return (await search.openStart(point)) ?? point;
}

/** Executions of the current pc tried when looking for the one that is now (recursion). */
const maxPassesSinceCall = 8;

/**
 * The way forward from the call instruction `call` to `current` (at `point`), and the last
 * stop a breakpoint that exists now would have made on it. The way is counted stops at the
 * current pc up to the pass that is now (counted when the debugger can; else one counted
 * stop at its first pass in the current frame: in a loop, a later pass may be now, and the
 * stops of the passes between are not seen). undefined when there is nothing to look for
 * (no breakpoint, and `always` false) or no way is found.
 */
async function wayFromCall(search: FrameSearch, call: TimePointEntry[], point: TimePointEntry[], current: ProbeState, always: boolean): Promise<{ end: TimePointEntry[]; stop?: TimePointEntry[] } | undefined> {
  const pc = current.location?.pc;
  const breakpoints = search.ctx.anyBreakpointNow;
  if (current.exited || pc === undefined || (!breakpoints && !always)) return undefined;
  const passes = await executionsBetween(search, call, await fromStartOf(search, call, point), BigInt(pc));
  const chain = passes === undefined ? undefined : await chainToNow(search, call, current, passes);
  if (chain) {
    const stop = breakpoints ? await lastStopAlong(search, chain) : null;
    if (stop !== undefined) return { end: chain[chain.length - 1], stop: stop ?? undefined };
  }
  for (let pass = 1; pass <= maxPassesSinceCall; pass++) {
    const end = search.plus(call, countedStopCommand(BigInt(pc), pass));
    const state = await search.state(end);
    if (state.exited) return undefined;
    if (sameState(state, current)) return { end, stop: breakpoints ? await lastStopBefore(search, call, end[end.length - 1], BigInt(pc), pass) : undefined };
  }
  return undefined;
}

/** Like lastStopInside, for a counted stop at `pc`: its own end (a breakpoint there) is not a stop inside. */
async function lastStopBefore(search: FrameSearch, from: TimePointEntry[], command: TimePointEntry, pc: bigint, pass: number): Promise<TimePointEntry[] | undefined> {
  const answer = await search.ctx.wouldStop(from, command);
  if (!answer) return undefined;
  const stops = answer.stops.filter((s) => s.base !== undefined || s.address !== pc || s.execution < pass);
  const last = stops[stops.length - 1];
  return last && search.plus(last.base ?? from, countedStopCommand(last.address, last.execution));
}

/**
 * The last event inside the stretch of `end` after prefix `since` (one command, and what
 * its replay rewrote it to): the stop at `end` itself when `endIsStop` may count it (a
 * breakpoint's stop, or where one that exists now stands), else the later of a breakpoint's
 * would-be stop inside the command and a watched write.
 */
async function lastEventIn(search: FrameSearch, end: TimePointEntry[], since: number, endCounts: boolean): Promise<TimePointEntry[] | undefined> {
  const from = end.slice(0, -1);
  const command = end[end.length - 1];
  if (endCounts) {
    const state = await search.state(end);
    if (atBreakpointNow(state)) return end;
    const c = command.command;
    if (c.resumes && c.kind !== 'run' && c.kind !== 'anchor' && (await search.ctx.wouldStop(from, command))?.endsAtOne) return end;
  }
  const inside = await lastStopInside(search, from, command);
  const written = await lastWatchedChange(search, end, since, watchesOf.get(search) ?? [], inside);
  if (written) notes.set(search, written.message);
  return written?.point ?? inside;
}

/**
 * Walks the program-moving commands back from the latest: inside each, the last stop a
 * breakpoint that exists now would have made (set before or after the program passed
 * it) or the last write of a watched value; then the point before it, if it was a stop or
 * is where one of them stands. Before the first stop (gdb, after `run`): the stretch from
 * the program's first instruction, then that instruction itself (`starti`).
 */
async function reverseContinueOnce(search: FrameSearch, point: TimePointEntry[]): Promise<TimePointEntry[]> {
  const boundaries = movingBoundaries(point);
  const last = boundaries.length - 2;
  for (let k = last; k >= 0; k--) {
    const found = await lastEventIn(search, point.slice(0, boundaries[k + 1]), boundaries[k], k < last);
    if (found) return found;
  }
  const start = point.slice(0, boundaries[0]);
  // `run` that stopped at a breakpoint: a stop like the others
  if (last >= 0 && atBreakpointNow(await search.state(start))) return start;
  const entry = firstInstruction(search, start);
  if (!entry) {
    if (last < 0) throw new HistoryError(atStart);
    return start;
  }
  // from main's first line (`start` + `continue`): before it fred's library, which counts
  // executions, is not loaded yet
  const opened = await search.openStart(start);
  if (opened && opened.length > start.length) {
    const found = await lastEventIn(search, opened, opened.length - 1, false);
    if (found) return found;
  }
  notes.set(search, atEntry);
  return entry;
}

/** gdb: the program's first instruction (`starti`) for a history that starts with `run`. */
function firstInstruction(search: FrameSearch, start: TimePointEntry[]): TimePointEntry[] | undefined {
  const starti = start.length > 0 ? search.dialect.runStoppingEarly(start[start.length - 1].command, 'starti') : undefined;
  return starti === undefined ? undefined : search.plus(start.slice(0, -1), starti);
}

export function reverseNext(request: ReverseRequest): Promise<ReverseResult> {
  return repeat(request, reverseNextOnce, true);
}

export function reverseStep(request: ReverseRequest): Promise<ReverseResult> {
  return repeat(request, reverseStepOnce, true);
}

export function reverseFinish(request: ReverseRequest): Promise<ReverseResult> {
  return repeat(request, reverseFinishOnce);
}

export async function reverseContinue(request: ReverseRequest): Promise<ReverseResult> {
  const result = await repeat(request, (search, point) => reverseContinueOnce(search, point));
  const start = startOf(request.history);
  if (result.target.length === start && !result.message) {
    // the start may itself be a breakpoint stop (`run` stopped at one): that is a stop like the others
    const state = await request.prober.probe(result.target);
    if (!atBreakpointNow(state) && state.reason !== 'watchpoint') result.message = 'no earlier breakpoint or watchpoint stop: went to the start of history';
  }
  return result;
}
