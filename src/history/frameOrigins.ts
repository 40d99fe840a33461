// Going back into a frame that a `c` entered, without expanding the `c` into `next`s
// (pdb, Prober.frameOrigin): one replay of the `c` counting lines says which line began
// the frame and which line of its caller called it; counted stops (`fred-hits 0 N`) then
// reach both at once. Used by fred-reverse-finish (the call site, and the way from it to
// now, along which it stops at breakpoints) and fred-reverse-watch (the frame's beginning,
// when EXPR lives in a frame the start of history did not have).

import { countedStopCommand } from './commands';
import type { FrameSearch } from './frameSearch';
import { FrameOrigin, depthOf, sameState } from './probing';
import { movingBoundaries } from './timePoints';
import { entryOf, TimePoint, TimePointEntry } from './timePointEntry';

/** A plain `c`, or a counted stop by lines (`fred-hits 0 N`: a `c` stopped at the N-th line). */
function isPlainContinue(command: TimePointEntry): boolean {
  const c = command.command;
  return (c.kind === 'continue' && c.argument === '') || command.countedStop?.address === 0n;
}

/** The rest of `command` after the entry-th of its lines: a counted stop counts from there. */
function restAfter(frames: FrameSearch, command: TimePointEntry, entry: number): TimePointEntry {
  const counted = command.countedStop;
  return counted ? entryOf(countedStopCommand(0n, counted.count - entry), frames.dialect) : command;
}

/** Where a frame began, inside the `c` that entered it. */
export interface CountedEntry {
  /** Just before its caller's line that called it. */
  site: TimePointEntry[];
  /** Its first line (a counted stop inside the `c`); undefined: the `c` stopped there. */
  entry?: TimePointEntry[];
  /** The history rewritten through `entry`: `[...entry, that c, ...the commands after it]`. */
  history?: TimePointEntry[];
}

/**
 * `command` (from `before`) ended with the frame `depth` frames deep: the point just before
 * the caller's line that called it, when the command is a `c` that entered that frame;
 * null when the frame existed before the command; undefined when this way cannot tell.
 */
export async function countedCallSite(frames: FrameSearch, before: TimePoint, command: TimePointEntry, depth: number): Promise<TimePointEntry[] | null | undefined> {
  // a counted stop at a breakpoint's place (`fred-hits 2 5`) is a `c` too: its lines count the same
  if (!frames.ctx.countsFrameOrigins || !(isPlainContinue(command) || command.countedStop)) return undefined;
  const origin = await frames.ctx.frameOrigin(before, command, depth);
  if (!origin) return undefined;
  if (origin.entry === undefined) return null;
  return origin.site ? frames.plus(before, countedStopCommand(0n, origin.site)) : [...before];
}

/** The `c` that entered a frame: its index in the history and what its counting replay said. */
interface EnteringContinue {
  index: number;
  /** The history before it. */
  before: TimePointEntry[];
  origin: FrameOrigin & { entry: number };
  /** Just before the caller's line that called the frame. */
  site: TimePointEntry[];
}

/**
 * The `c` (one that `accepts`) that entered the frame `depth` frames deep at the end of
 * `history`, newest first over its commands: a `c` that ran with the frame already there,
 * or a `next`/`step` that began in it (or deeper), kept it. undefined when another command
 * made the frame, the frame is the outermost, or the debugger cannot count frame origins.
 */
async function enteringContinue(frames: FrameSearch, history: TimePoint, depth: number, accepts: (command: TimePointEntry) => boolean): Promise<EnteringContinue | undefined> {
  // the outermost frame lives as long as the program: no `c` entered it (the counting trace
  // does not follow a restart either), which a replay of each `c` would only confirm (~1 s
  // over 1e6 lines)
  if (!frames.ctx.countsFrameOrigins || depth <= 1) return undefined;
  const boundaries = movingBoundaries(history);
  for (let k = boundaries.length - 1; k >= 1; k--) {
    const index = boundaries[k] - 1;
    const before = history.slice(0, index);
    const command = history[index];
    if (accepts(command)) {
      const origin = await frames.ctx.frameOrigin(before, command, depth);
      if (!origin) return undefined;
      if (origin.entry === undefined) continue; // the frame was there before this `c`
      const site = origin.site ? frames.plus(before, countedStopCommand(0n, origin.site)) : [...before];
      return { index, before, origin: { ...origin, entry: origin.entry }, site };
    }
    const c = command.command;
    if ((c.kind === 'next' || c.kind === 'step') && depthOf(await frames.state(history.slice(0, boundaries[k - 1]))) >= depth) continue;
    return undefined;
  }
  return undefined;
}

/**
 * Where the frame `depth` frames deep at the end of `history` began (see CountedEntry).
 * undefined when the frame was not entered by a plain `c`.
 */
export async function countedFrameEntry(frames: FrameSearch, history: TimePoint, depth: number): Promise<CountedEntry | undefined> {
  const found = await enteringContinue(frames, history, depth, isPlainContinue);
  if (!found) return undefined;
  const { index, before, origin, site } = found;
  // the `c` stopped at the frame's first line: nothing of the frame ran before the stop
  if (origin.entry >= origin.lines) return { site };
  const command = history[index];
  const entry = frames.plus(before, countedStopCommand(0n, origin.entry));
  const rest = restAfter(frames, command, origin.entry);
  // the `c` from there must stop where it stopped (a breakpoint on the frame's first
  // line with an ignore count would not: the counted stop took that line's crossing)
  if (!sameState(await frames.state([...entry, rest]), await frames.state(history.slice(0, index + 1)))) return undefined;
  return { entry, site, history: [...entry, rest, ...history.slice(index + 1)] };
}

/** pdb: the way forward from a frame's call to now (countedWayFromCall). */
export interface CountedWay {
  /** Index in the history of the `c` (or counted stop) that entered the frame. */
  entered: number;
  /**
   * The points one command apart (finishStops.ts lastStopAlong asks each command's
   * would-be stops): the calling line, the end of that `c` counted in lines from the
   * calling line, then each later command. undefined when the counted way does not end
   * where the `c` did.
   */
  points(): Promise<TimePointEntry[][] | undefined>;
}

/**
 * pdb: the way forward from the caller's line that called the frame `depth` deep at the
 * end of `history` to that end. undefined when the frame was not entered by a `c` (or a
 * counted stop).
 */
export async function countedWayFromCall(frames: FrameSearch, history: TimePoint, depth: number): Promise<CountedWay | undefined> {
  const found = await enteringContinue(frames, history, depth, (command) => isPlainContinue(command) || command.countedStop !== undefined);
  if (!found) return undefined;
  const { index, origin, site } = found;
  return {
    entered: index,
    points: async () => {
      // the lines after the calling line's own event, up to the one the `c` stopped at
      const end = frames.plus(site, countedStopCommand(0n, origin.lines - (origin.site ?? 0)));
      if (!sameState(await frames.state(end), await frames.state(history.slice(0, index + 1)))) return undefined;
      const way = [site, end];
      for (const later of history.slice(index + 1)) {
        if (later.command.movesProgram) way.push([...way[way.length - 1], later]);
      }
      return way;
    },
  };
}
