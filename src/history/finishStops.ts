// reverse-finish's two questions that `next`s cannot answer, answered by counting how
// many times an instruction ran over replayed commands (FastForward.executions, gdb):
//   - from a point a counted stop reached (an earlier reverse command's landing at a
//     breakpoint), where is the call that made the current frame, and where did the
//     calling line start? `next`s cannot rebuild the stretch a counted stop jumped across
//     (they do not tell a loop's passes apart); the call is the last execution of the
//     call instruction in the caller's frame. The same holds inside a loop written on one
//     line, which `next` takes for one line.
//   - how many times did the current pc run between that call and now? The way forward
//     from the call to now is then a chain of counted stops at the pc, one per pass (a
//     counted stop also ends where a breakpoint of the replay's time stops it: the next
//     one goes on from there), and the breakpoint stops reverse-finish honours are those
//     inside the whole chain, not only those before the first pass.

import { ClassifiedCommand, countedStopCommand } from './commands';
import type { FrameSearch } from './frameSearch';
import { ProbeState, depthOf, sameFrame, sameState } from './probing';
import { lastIndexIn } from './timePoints';
import { sharedLength, TimePoint, TimePointEntry } from './timePointEntry';

/** Executions counted at most (a debugger stop each): more than a chain of counted stops would go through. */
const maxCounted = 256;

/** Executions of the call instruction tried, newest first, when a deeper recursion ran it after the call that made the frame. */
const maxTries = 8;

/**
 * A stretch whose call can be counted: a counted stop's; with `continues`, also a plain
 * `continue`'s (its replay stops nowhere before its end, so a counted stop inside it lands
 * where counted). Rebuilding a `continue` from `next`s instead took dozens of replays, and
 * took one call of a function for another where the loop called it at the same stack
 * depth (their frames look alike: issue 15, Lua and finish_after_calls.c).
 */
function countable(command: ClassifiedCommand, continues: boolean): boolean {
  return command.kind === 'counted-stop' || (continues && command.kind === 'continue' && command.argument === '');
}

/**
 * The call instruction that made the frame the program is in at `point`, when the last
 * command of `point` is a counted stop (with `continues`, or a plain `continue`): just
 * before its last execution in the caller's frame (`call`); or, when the stretch did not
 * run it and the program was in this frame before it, the point before the stretch, which
 * has the same call (`before`). undefined when `point` does not end that way or this
 * cannot tell.
 */
export async function callInCountedStretch(search: FrameSearch, point: TimePoint, current: ProbeState, continues = false): Promise<{ call: TimePointEntry[] } | { before: TimePointEntry[] } | undefined> {
  const fast = search.ctx.fastForward;
  if (!search.dialect.seesMachineCode || !fast?.callInstruction || !fast.executions || current.exited) return undefined;
  const index = lastIndexIn(point, (c) => c.movesProgram);
  if (index < 0 || !countable(point[index].command, continues)) return undefined;
  const address = await fast.callInstruction(point);
  if (address === undefined) return undefined;
  const before = point.slice(0, index);
  const ran = await search.ctx.counted(() => fast.executions!(before, point[index], address, maxCounted));
  if (ran === undefined) return undefined;
  if (ran === 0) {
    // the stretch began on that call instruction (gdb steps over it uncounted), or in this frame
    const state = await search.state(before);
    if (isCallOf(state, address, current)) return { call: before };
    return sameFrame(state, current) ? { before } : undefined;
  }
  // later executions of it come from deeper calls (recursion) that returned since: not the one
  for (let k = ran; k >= 1 && k > ran - maxTries; k--) {
    const landing = search.plus(before, countedStopCommand(address, k));
    const state = await search.state(landing);
    if (state.exited) continue;
    if (isCallOf(state, address, current)) return { call: landing };
  }
  return undefined;
}

/**
 * The start of the line that called the frame the program is in at `point` (ending with a
 * counted stop, as callInCountedStretch): where `next` lands on that line, which is just
 * before the last execution of the line's first address before the call, in the caller's
 * frame. `{ before }` as callInCountedStretch's; undefined when this cannot tell.
 */
export async function callingLineInCountedStretch(search: FrameSearch, point: TimePoint, current: ProbeState): Promise<{ line: TimePointEntry[] } | { before: TimePointEntry[] } | undefined> {
  const found = await callInCountedStretch(search, point, current);
  if (!found || !('call' in found)) return found;
  const { call } = found;
  const fast = search.ctx.fastForward!;
  const caller = await search.state(call);
  const address = await fast.lineStart(call);
  if (address === undefined || caller.location?.pc === undefined) return undefined;
  if (BigInt(caller.location.pc) === address) return { line: call };
  const index = lastIndexIn(call, (c) => c.movesProgram);
  if (index < 0 || call[index].command.kind !== 'counted-stop') return undefined;
  const base = call.slice(0, index);
  const ran = await search.ctx.counted(() => fast.executions!(base, call[index], address, maxCounted));
  if (!ran) return undefined;
  const line = search.plus(base, countedStopCommand(address, ran));
  const state = await search.state(line);
  return sameFrame(state, caller) && state.location?.line === caller.location.line ? { line } : undefined;
}

/**
 * reverse-finish's landing `first` is just before the call instruction's first run after
 * `site`, the start of the calling line. A loop written on one line (`for (...) f(i);`)
 * runs it again within the line, which `next`s do not tell apart: the call that made the
 * frame is its last run at the caller's depth before now. `first` when the line ran it
 * once, or this cannot tell.
 */
export async function lastRunOfCall(search: FrameSearch, site: TimePoint, first: TimePointEntry[], point: TimePoint, current: ProbeState): Promise<TimePointEntry[]> {
  const fast = search.ctx.fastForward;
  if (!search.dialect.seesMachineCode || !fast?.callInstruction || !fast.executions || current.exited) return first;
  const address = await fast.callInstruction(point);
  if (address === undefined) return first;
  const runs = await executionsBetween(search, site, point, address);
  if (runs === undefined || runs <= 1) return first;
  // later runs of it come from deeper calls (recursion) that returned since: not the one
  for (let k = runs; k > 1 && k > runs - maxTries; k--) {
    const landing = await runOf(search, site, address, k);
    if (!landing) return first;
    if (isCallOf(await search.state(landing), address, current)) return landing;
  }
  return first;
}

/**
 * Just before the `k`-th run of `address` from `from`. A breakpoint of the replay's time
 * ends a counted stop early: then the runs left are counted on from that stop, one after
 * the other. undefined when the program ends first or the chain grows too long.
 */
export async function runOf(search: FrameSearch, from: TimePoint, address: bigint, k: number): Promise<TimePointEntry[] | undefined> {
  let point = search.plus(from, countedStopCommand(address, k));
  for (let links = 0; links < maxChain; links++) {
    const state = await search.state(point);
    if (state.exited) return undefined;
    // the runs so far, the one `point` stands before included (when it stands on it)
    const done = await executionsBetween(search, from, point, address);
    if (done === undefined || done > k) return undefined;
    if (done === k && state.location?.pc !== undefined && BigInt(state.location.pc) === address) return point;
    point = search.plus(point, countedStopCommand(address, 1));
  }
  return undefined;
}

/** Whether `state` stands on the call instruction at `address`, one frame above `current`. */
function isCallOf(state: ProbeState, address: bigint, current: ProbeState): boolean {
  return !state.exited && depthOf(state) === depthOf(current) - 1 && state.location?.pc !== undefined && BigInt(state.location.pc) === address;
}

/**
 * How many times the instruction at `address` ran from `call` (a point off the history,
 * whose start it shares with `now`) to `now`, counting the execution `now` stands before.
 * undefined when a command between cannot be replayed with a count (a snapshot's anchor,
 * a `run`).
 */
export async function executionsBetween(search: FrameSearch, call: TimePoint, now: TimePoint, address: bigint): Promise<number | undefined> {
  const fast = search.ctx.fastForward;
  if (!search.dialect.seesMachineCode || !fast?.executions) return undefined;
  const shared = sharedLength(call, now);
  const toNow = await executionsAlong(search, now, shared, address);
  const toCall = toNow === undefined ? undefined : await executionsAlong(search, call, shared, address);
  return toNow === undefined || toCall === undefined ? undefined : toNow - toCall;
}

/** Executions of `address` over the commands of `point` from index `from` on, each replayed from the point before it. */
async function executionsAlong(search: FrameSearch, point: TimePoint, from: number, address: bigint): Promise<number | undefined> {
  const fast = search.ctx.fastForward!;
  let total = 0;
  for (let i = from; i < point.length; i++) {
    const c = point[i].command;
    if (!c.resumes) continue;
    if (c.kind === 'run' || c.kind === 'anchor') return undefined;
    if (total >= maxCounted) return undefined;
    const ran = await search.ctx.counted(() => fast.executions!(point.slice(0, i), point[i], address, maxCounted - total));
    if (ran === undefined) return undefined;
    total += ran;
  }
  return total;
}

/** Counted stops in a chain from the call to now, at most (each a probe and a recorded replay). */
const maxChain = 64;

/**
 * The way forward from `call` to `current`, the pc having run `passes` times since
 * `call` (executionsBetween): counted stops at the pc, one after the other, each ending at
 * its next execution or earlier where a breakpoint of the replay's time stops it; the
 * points after each, the last one being now. undefined when this cannot tell.
 */
export async function chainToNow(search: FrameSearch, call: TimePoint, current: ProbeState, passes: number): Promise<TimePointEntry[][] | undefined> {
  const pc = current.location?.pc;
  if (pc === undefined || passes < 1) return undefined;
  const address = BigInt(pc);
  const step = countedStopCommand(address, 1);
  const chain: TimePointEntry[][] = [[...call]];
  let seen = 0;
  while (seen < passes) {
    if (chain.length > maxChain) return undefined;
    const next = search.plus(chain[chain.length - 1], step);
    const state = await search.state(next);
    if (state.exited) return undefined;
    chain.push(next);
    if (state.location?.pc !== undefined && BigInt(state.location.pc) === address) seen++;
  }
  return sameState(await search.state(chain[chain.length - 1]), current) ? chain : undefined;
}

/**
 * The last stop a breakpoint that exists now would have made along `chain` (chainToNow),
 * before its end: null when there is none, undefined when this cannot tell.
 */
export async function lastStopAlong(search: FrameSearch, chain: readonly TimePoint[]): Promise<TimePointEntry[] | null | undefined> {
  // newest first: the last step's own end is now, not a stop before it
  for (let i = chain.length - 1; i >= 1; i--) {
    const command = chain[i][chain[i].length - 1];
    const answer = await search.ctx.wouldStop(chain[i - 1], command);
    if (!answer) return undefined;
    const stops = i === chain.length - 1 && answer.endsAtOne ? answer.stops.slice(0, -1) : answer.stops;
    const last = stops[stops.length - 1];
    if (last) return search.plus(last.base ?? chain[i - 1], countedStopCommand(last.address, last.execution));
  }
  return null;
}
