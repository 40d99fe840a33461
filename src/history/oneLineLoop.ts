// gdb's reverse-step/reverse-next landings going back across a call made in a loop written
// on one line (`for (i = 0; i < 4; i++) f(i);`), gdb only. `next` takes the whole loop for
// one line, so fred's usual landing (the line's start, where `next` landed on it) cannot
// tell the loop's runs apart. gdb's reverse stepping goes back inside the line table entry
// that holds the call until it reaches that entry's start coming from inside it; in such a
// loop the entry's start runs once, before the first iteration (gdb 13 stops there, after
// `i = 0`). reverse-next lands there; reverse-step first enters the last function the loop
// called before, the previous run of the call (at the last line it ran). Runs are told
// apart by counting executions (finishStops.ts), as reverse-finish does in such a loop.

import { countedStopCommand } from './commands';
import { FrameSearch, HistoryError } from './frameSearch';
import { executionsBetween, runOf } from './finishStops';
import { ProbeState, depthOf, sameFrame, sameState } from './probing';
import { movingBoundaries } from './timePoints';
import type { TimePoint, TimePointEntry } from './timePointEntry';
import type { LineStart } from './midLine';

const refusal = (what: string) => new HistoryError(`cannot tell ${what} in this loop written on one line (fred counts the runs of its call and found no exact answer); fred-undo goes back by whole commands`);

/**
 * From `call` (a point on the call instruction of the loop's current run, in the middle of
 * its line): where gdb's reverse-next lands (`start`) and, with `withCall`, the point inside
 * the call reverse-step enters (`lastCall`, absent when the loop made no call before).
 * undefined when the line does not loop (the usual landing holds); a HistoryError when it
 * loops but the landing cannot be found exactly.
 */
export async function loopLineLanding(search: FrameSearch, call: TimePoint, withCall: boolean): Promise<LineStart | undefined> {
  const fast = search.ctx.fastForward;
  if (!search.dialect.seesMachineCode || !fast?.lineEntry || !fast.executions) return undefined;
  const entry = await fast.lineEntry(call);
  if (!entry?.loops) return undefined;
  const at = await search.state(call);
  const address = at.location?.pc;
  if (address === undefined || BigInt(address) === entry.entry) throw refusal('where the line began');
  const start = await lastRunBefore(search, call, at, entry.entry);
  if (!start) throw refusal('where the line began');
  if (!withCall) return { start };
  return { start, lastCall: await previousCall(search, start, call, BigInt(address)), rerun: BigInt(address) };
}

/**
 * Just before the last run of `address` before `point` (at `state`), in its frame: counted
 * from the latest command boundary of `point` the runs reach back over. undefined when
 * this cannot tell.
 */
async function lastRunBefore(search: FrameSearch, point: TimePoint, state: ProbeState, address: bigint): Promise<TimePointEntry[] | undefined> {
  const bounds = movingBoundaries(point);
  for (let k = bounds.length - 1; k >= 0; k--) {
    if (bounds[k] >= point.length) continue;
    const from = point.slice(0, bounds[k]);
    const there = await search.state(from);
    if (depthOf(there) > depthOf(state)) continue; // inside a call the frame made (a stop a counted stop ran into)
    if (!sameFrame(there, state)) return undefined; // the frame began later: not in it
    const runs = await executionsBetween(search, from, point, address);
    if (runs === undefined) return undefined;
    if (runs === 0) continue;
    const landing = search.plus(from, countedStopCommand(address, runs));
    const reached = await search.state(landing);
    return sameFrame(reached, state) && reached.location?.pc !== undefined && BigInt(reached.location.pc) === address ? landing : undefined;
  }
  return undefined;
}

/**
 * The point inside the last call the loop made from `start` before `call` (whose call
 * instruction is at `address`): the previous run of that instruction, entered; undefined
 * when `call` is the loop's first. A refusal when another call came between.
 */
async function previousCall(search: FrameSearch, start: TimePointEntry[], call: TimePoint, address: bigint): Promise<TimePointEntry[] | undefined> {
  const runs = await executionsBetween(search, start, call, address);
  if (runs === undefined || runs < 1) throw refusal('the call before this one');
  const entered = await search.state(search.plus(call, 'step'));
  const depth = depthOf(await search.state(call));
  if (runs === 1) {
    // the loop's first call: reverse-step stops at the start unless another call came before
    const first = search.plus(start, 'step');
    if (sameState(await search.state(first), entered) && (await executionsBetween(search, start, first, address)) === 1) return undefined;
    throw refusal('the call before this one');
  }
  // a breakpoint of the replay's time may end a counted stop early: runOf counts on
  const before = await runOf(search, start, address, runs - 1);
  if (!before || depthOf(await search.state(before)) !== depth) throw refusal('the call before this one');
  const previous = search.plus(before, 'step');
  const inside = await search.state(previous);
  const next = search.plus(search.plus(previous, 'finish'), 'step');
  // entered from the previous run, and nothing with line information called between it and this run
  if (depthOf(inside) === depth + 1 && inside.location?.line !== undefined
    && sameState(await search.state(next), entered) && (await executionsBetween(search, previous, next, address)) === 1) return previous;
  throw refusal('the call before this one');
}
