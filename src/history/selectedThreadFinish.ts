// reverse-finish on a thread the user selected after the program stopped in another
// (selectedThread.ts), with gdb's meaning: back to the call instruction, in the caller,
// that made the function thread N is in; thread N selected there. Thread N's function is
// its program frame at the stop: the one it waits in (in a library, inside a call of one
// of its lines) or stands in.
//
// How: as for reverse-next, thread N is selected where the command that stopped the program
// started (threadSwitch.ts) and stepped with `next`s; the one that runs into the stop is
// ended there. When thread N's function was called during that `next`, the `next` started
// on the calling line, one frame out: its calls are entered in order (`step`), each left
// with `finish`, and the one whose `finish` runs into the stop (thread N still in it, in the
// frame it is in at the stop) is the call. The landing is just before its call instruction
// (as reverse-finish's, midLine.ts). Where thread N was in its function already when the
// command started, the same is done within the commands before, back to the one during
// which it made the call; each of those must have stopped at an event, and at none of the
// breakpoints of now (gdb's reverse-finish would end there on its way back). Where a check
// fails, fred refuses in one line and the program stays.

import type { FrameSearch } from './frameSearch';
import { ProbeState, atBreakpointNow, depthOf, isEventStop, sameFrame, sameState } from './probing';
import { commandsProvenQuiet } from './quietCrossing';
import { lastIndexIn } from './timePoints';
import type { TimePoint, TimePointEntry } from './timePointEntry';
import { inStoppedThread, maxCommandsBack, threadOf, where } from './threadSwitch';
import { landBefore } from './midLine';

/** As many calls on one line as are entered before the one that made the frame. */
const maxCallsOnLine = 32;

/**
 * The time point just before thread `current.thread` made the call of the function it is
 * in at the stop of `point[index]` (`stop`), thread N selected; throws `refuse(reason)`.
 */
export async function callOfSelectedFrame(search: FrameSearch, point: TimePoint, index: number, stop: ProbeState, current: ProbeState,
  refuse: (reason: string) => Error): Promise<TimePointEntry[]> {
  const wanted = threadOf(current);
  const frame = current.wayOut === undefined ? current.location : current.waitsIn;
  if (!frame) throw refuse(`fred cannot tell which function it is in`);
  // the command during which thread N made the call: the last one, or an earlier one when
  // it was in its function already where the later ones started (each stopped at an event)
  let at = index;
  let stopAt = stop;
  for (let earlier = 0; ; earlier++) {
    const command = point[at].text;
    // gdb's reverse-finish stops at a breakpoint on the way: none of now can have stopped the program since the command started
    if (search.ctx.anyBreakpointNow && !commandsProvenQuiet(point, at, (p) => search.ctx.armedAsNow(p))) {
      throw refuse(`the breakpoints are not those "${command}" and the commands after it ran with, so fred cannot tell whether one would stop it on the way back`);
    }
    const from = await inStoppedThread(point.slice(0, at), { thread: wanted }, search.dialect, (p) => search.state(p));
    const fromState = from && await search.state(from);
    // its way out of the library ran into the stop: it waited in its function through the command
    const waitedThrough = fromState !== undefined && sameState(fromState, stopAt);
    if (!from || !fromState || (!waitedThrough && threadOf(fromState) !== wanted)) throw refuse(`thread ${wanted} did not exist yet where "${command}" started`);
    const inFunction = waitedThrough || (depthOf(fromState) >= frame.depth && fromState.location?.frameId === frame.frameId);
    if (!inFunction) return callWithin(search, from, point[at], stopAt, frame, wanted, refuse);
    const previous = lastIndexIn(point.slice(0, at), (c) => c.resumes && c.kind !== 'run');
    if (previous < 0 || earlier >= maxCommandsBack) {
      throw refuse(`it was in its function already where "${command}" started (${where(fromState)}), and fred looks for the call within the commands since the program's first stop (${maxCommandsBack} back at most)`);
    }
    stopAt = await search.state(point.slice(0, previous + 1));
    // gdb's reverse-finish would end at that stop's breakpoint, on its way back
    if (search.ctx.anyBreakpointNow && atBreakpointNow(stopAt)) {
      throw refuse(`going back to its call, gdb would stop first at the breakpoint where "${point[previous].text}" stopped (${where(stopAt)}); fred-reverse-continue goes there`);
    }
    if (!isEventStop(stopAt)) throw refuse(`it was in its function since before "${point[previous].text}", which ended a step, so fred cannot tell where thread ${wanted} was then`);
    at = previous;
  }
}

/**
 * From `from` (thread N selected, in the program's code, out of its function), the call
 * that made its frame `frame` during `command`, which stopped the program at `stopAt`.
 */
async function callWithin(search: FrameSearch, from: TimePointEntry[], resumed: TimePointEntry, stopAt: ProbeState,
  frame: { line?: number; frameId?: string; depth: number }, wanted: number, refuse: (reason: string) => Error): Promise<TimePointEntry[]> {
  const command = resumed.text;
  const fast = search.ctx.fastForward;
  if (!search.dialect.seesMachineCode || !fast?.callInstruction) throw refuse(`fred finds call instructions with gdb only`);
  const m = await search.nextsToReach(from, stopAt, resumed.command).catch(() => {
    throw refuse(`its \`next\`s from where "${command}" started do not run into the stop`);
  });
  // the `next` that runs into the stop starts on the calling line, one frame out
  const line = search.withRepeat(from, 'next', m - 1);
  const lineState = await search.state(line);
  if (threadOf(lineState) !== wanted || depthOf(lineState) !== frame.depth - 1) {
    throw refuse(`its last line before the stop (${where(lineState)}) is not one frame out of its function`);
  }
  let base = line;
  for (let call = 0; call < maxCallsOnLine; call++) {
    const entry = search.plus(base, 'step');
    const entered = await search.state(entry);
    if (entered.exited || sameState(entered, stopAt) || depthOf(entered) < depthOf(lineState) || depthOf(entered) > frame.depth) {
      throw refuse(`stepping its line (${where(lineState)}) went elsewhere than into its function (${where(entered)})`);
    }
    if (depthOf(entered) === depthOf(lineState)) {
      // a call returned to a line table entry of the same line
      if (!sameFrame(entered, lineState) || entered.location?.line !== lineState.location?.line) throw refuse(`its line (${where(lineState)}) ended before the call`);
      base = entry;
      continue;
    }
    const left = search.plus(entry, 'finish');
    if (sameState(await search.state(left), stopAt)) {
      // this call is still running at the stop: the frame thread N is in there?
      if (frame.frameId !== undefined && entered.location?.frameId !== frame.frameId) throw refuse(`the call its line made before the stop (${where(entered)}) is not the frame it is in`);
      const address = await fast.callInstruction(entry);
      const landing = address === undefined ? undefined : await landBefore(search, base, address, lineState);
      if (!landing) throw refuse(`fred could not stop it on the call instruction of ${where(entered)}`);
      return landing;
    }
    base = left;
    if (!sameFrame(await search.state(base), lineState)) throw refuse(`a call of its line (${where(entered)}) did not return to it`);
  }
  throw refuse(`its line (${where(lineState)}) made more than ${maxCallsOnLine} calls`);
}
