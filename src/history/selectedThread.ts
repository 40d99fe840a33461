// Reverse commands on a thread the user selected after the program stopped in another one
// (`thread 2` after a `continue` that stopped in thread 3), with gdb's meaning: reverse-next
// goes back to the previous line THREAD 2 executed. Thread 2 did not stop there: it waits
// in a library (its turn, a lock, a condition variable) inside a call made by one of its
// lines, or it stands in the middle of a line. That line's start is where it goes back to,
// as gdb's reverse-next from the middle of a line does.
//
// How: from where the last resuming command started, thread 2 is selected and brought
// into the program's code (threadSwitch.ts), then stepped with `next`s. Only one of those
// `next`s runs while the program reaches the stop where thread 3 stopped, and gdb ends it
// there (a breakpoint in another thread ends a `next`): `next N` lands on that stop for
// every N from that one on, so the count is found by bisection, and the landing before it
// is the start of the line thread 2 was in at the stop. That must be the line its program
// frame is in at the stop (fredGdbThreads.py waits_in), in that frame. When thread 2 waited
// through the whole command, the same is done within the commands before. reverse-step
// then steps into the calls of that line before the wait. Where a command did not end at
// an event (a `next` of thread 3 ended quietly) no `next` of thread 2 ends at that point,
// and fred refuses with one line rather than land elsewhere; so it does when a check fails.

import { FrameSearch, HistoryError } from './frameSearch';
import { ProbeState, depthOf, isEventStop, sameFrame, sameState } from './probing';
import { lastIndexIn, startOf } from './timePoints';
import type { TimePoint, TimePointEntry } from './timePointEntry';
import { inStoppedThread, maxCommandsBack, threadOf, where } from './threadSwitch';
import { lineStartAddress } from './midLine';
import { callOfSelectedFrame } from './selectedThreadFinish';

/** gdb's `thread N` (the user's, or threadSwitch.ts's). */
const THREAD_SELECTION = /^\s*(?:t|th|thr|thre|threa|thread)\s+\d+\s*$/;

/** As many calls on one line as reverse-step follows (intoLastCall in reverse.ts). */
const maxCallsOnLine = 32;

export type ThreadedReverse = 'reverse-next' | 'reverse-step' | 'reverse-finish';

/**
 * Where `what` takes the selected thread back to, when it is not the thread the last
 * resuming command stopped in; undefined when it is (the usual search applies).
 */
export async function inSelectedThread(search: FrameSearch, point: TimePoint, current: ProbeState, what: ThreadedReverse): Promise<TimePointEntry[] | undefined> {
  const wanted = current.thread;
  if (wanted === undefined || current.exited) return undefined;
  const resumed = lastIndexIn(point, (c) => c.resumes && c.kind !== 'run');
  // the command that stopped the program last (`run` when no other did)
  const index = resumed >= 0 ? resumed : startOf(point) - 1;
  if (index < 0) return undefined;
  // only a thread selected since can differ from the stopped one (saves a probe otherwise)
  if (!point.slice(index + 1).some((c) => THREAD_SELECTION.test(c.text))) return undefined;
  const command = point[index].text;
  const stop = await search.state(point.slice(0, index + 1));
  if (stop.exited || stop.thread === undefined || stop.thread === wanted) return undefined;
  const refuse = (reason: string) => new HistoryError(`${what} in thread ${wanted}: ${reason}; select thread ${stop.thread} (where "${command}" stopped) or use fred-undo`);
  if (resumed < 0) throw refuse(`the program has stopped only where "${command}" stopped it, so fred has no earlier point to step thread ${wanted} from`);
  if (!isEventStop(stop)) throw refuse(`"${command}" stopped thread ${stop.thread} by ending a step, not at a breakpoint or signal, so fred cannot tell where thread ${wanted} was then`);
  if (what === 'reverse-finish') return callOfSelectedFrame(search, point, index, stop, current, refuse);

  // the command during which thread `wanted` began the line it waits in: the last one, or
  // an earlier one when it waited through those after it (each stopped at an event)
  let at = index;
  let stopAt = stop;
  let found: { lineStart: TimePointEntry[]; startState: ProbeState } | undefined;
  for (let earlier = 0; !found; earlier++) {
    found = await lineStartWithin(search, point, at, stopAt, wanted, refuse);
    if (found) break;
    const previous = lastIndexIn(point.slice(0, at), (c) => c.resumes && c.kind !== 'run');
    if (previous < 0 || earlier >= maxCommandsBack) throw refuse(`thread ${wanted} waited in a library through "${point[at].text}" and every later command, and fred has no earlier point to step it from`);
    at = previous;
    stopAt = await search.state(point.slice(0, at + 1));
    if (!isEventStop(stopAt)) throw refuse(`thread ${wanted} waited in a library since before "${point[at].text}", which ended a step, so fred cannot tell where thread ${wanted} was then`);
  }
  const { lineStart, startState } = found;

  // thread `wanted` at the stop is inside that line: the line its program frame is in, that frame
  const start = startState.location;
  const inside = current.wayOut === undefined
    ? { line: current.location?.line, frameId: current.location?.frameId, depth: current.location?.depth ?? 0 }
    : current.waitsIn;
  const frameMatches = inside !== undefined && start !== undefined && start.depth === inside.depth
    && (start.frameId === undefined || inside.frameId === undefined || start.frameId === inside.frameId);
  if (threadOf(startState) !== wanted || !frameMatches || start?.line !== inside?.line) {
    throw refuse(`its last line start before the stop (${where(startState)}) is not the line it is in (line ${inside?.line ?? '?'})`);
  }
  if (current.wayOut === undefined && current.location?.pc === start?.pc) {
    throw refuse(`it stands at the start of a line, and fred finds only the start of the line it is in`);
  }
  return what === 'reverse-step' ? lastCallBeforeWait(search, lineStart, startState, stopAt, refuse) : lineStart;
}

/**
 * reverse-step: from the start of the line thread `wanted` waits in, the last line it ran
 * inside the last call of that line before it waited (gdb's reverse-step from the middle
 * of a line); the line's start when the line made none. As intoLastCall in reverse.ts, but
 * its end is the stop: a `step` (or the `next` that leaves a call) that runs into the
 * stop ran into the wait, which no call with line information of the program follows.
 */
async function lastCallBeforeWait(search: FrameSearch, lineStart: TimePointEntry[], startState: ProbeState, stopAt: ProbeState, refuse: (reason: string) => Error): Promise<TimePointEntry[]> {
  const depth = depthOf(startState);
  let last = lineStart;
  let entry = search.plus(lineStart, 'step');
  for (let call = 0; call < maxCallsOnLine; call++) {
    const entered = await search.state(entry);
    if (sameState(entered, stopAt)) return last;
    if (entered.exited || threadOf(entered) !== threadOf(startState) || depthOf(entered) < depth) throw refuse(`stepping its line (${where(startState)}) went elsewhere than into a call or the wait (${where(entered)})`);
    if (depthOf(entered) === depth) {
      if (!sameFrame(entered, startState) || entered.location?.line !== startState.location?.line) throw refuse(`its line (${where(startState)}) ended before the stop`);
      entry = search.plus(entry, 'step'); // a call returned to a line table entry of the same line
      continue;
    }
    if (entered.wayOut !== undefined) throw refuse(`its line (${where(startState)}) called a library function with line information before it waited, and fred does not step back into it`);
    const left = await search.nextsToLeave(entry, depth);
    last = search.withRepeat(entry, 'next', left - 1);
    entry = search.plus(last, 'step'); // back on the line: another call before the wait?
  }
  throw refuse(`its line (${where(startState)}) made more than ${maxCallsOnLine} calls before it waited`);
}

/**
 * The start of the line thread `wanted` was in when `point[at]` stopped the program at
 * `stopAt`, found by its `next`s from where that command started; undefined when it waited
 * in a library through all of that command.
 */
async function lineStartWithin(search: FrameSearch, point: TimePoint, at: number, stopAt: ProbeState, wanted: number, refuse: (reason: string) => Error): Promise<{ lineStart: TimePointEntry[]; startState: ProbeState } | undefined> {
  const before = point.slice(0, at);
  const { text: command, command: classified } = point[at];
  const from = await inStoppedThread(before, { thread: wanted }, search.dialect, (p) => search.state(p));
  const fromState = from && await search.state(from);
  if (!from || !fromState || threadOf(fromState) !== wanted && fromState.thread === undefined) throw refuse(`thread ${wanted} did not exist yet where "${command}" started`);
  if (sameState(fromState, stopAt) || threadOf(fromState) !== wanted) return undefined;
  // the `next` that runs while the program reaches the stop is ended there
  const m = await search.nextsToReach(from, stopAt, classified).catch((e: unknown) => {
    if (e instanceof HistoryError) throw refuse(`its \`next\`s from where "${command}" started do not run into that stop`);
    throw e;
  });
  // no `next` before the stop: the line began before the command, where thread `wanted`
  // stands at a line's start only when the command before stopped it there
  if (m <= 1 && !(from.length === before.length && endsAtLineStart(before))) throw refuse(`thread ${wanted}'s line began before "${command}" started`);
  const landing = search.withRepeat(from, 'next', m - 1);
  const landed = await search.state(landing);
  if (await lineStartAddress(search, landing, landed) === undefined) return { lineStart: landing, startState: landed };
  // that `next` returned from a call into the middle of the line: the line began before the call
  if (m < 2) throw refuse(`thread ${wanted}'s line began before "${command}" started`);
  const site = await search.callSite(search.withRepeat(from, 'next', m - 2));
  const siteState = await search.state(site);
  if (!sameFrame(siteState, landed) || siteState.location?.line !== landed.location?.line) throw refuse(`the call its line made before it waited (${where(landed)}) began elsewhere (${where(siteState)})`);
  return { lineStart: site, startState: siteState };
}

/** The last command of `point` stops the program at a line's start (its thread, selected still). */
function endsAtLineStart(point: TimePoint): boolean {
  if (point.length === 0) return false;
  const kind = point[point.length - 1].command.kind;
  return kind === 'next' || kind === 'step' || kind === 'continue';
}
