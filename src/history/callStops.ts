// A Ctrl-C stop of a program waiting in a system call or a sleep is `fred-call N`
// (commands.ts): the program stands in libc and fred's library, where no line of the
// program's is. Stepping back out of frames without lines, gdb goes on to the program's
// line that made the call; fred starts from the call instruction in the program's first
// frame with lines, as a counted stop (the k-th run of that instruction since the
// interrupted command began): a point in the middle of that line, which the usual rules
// (midLine.ts) step back from.

import { countedStopCommand } from './commands';
import { FrameSearch, HistoryError } from './frameSearch';
import { executionsBetween } from './finishStops';
import { lastIndexIn } from './timePoints';
import type { TimePoint, TimePointEntry } from './timePointEntry';

const noCall = 'cannot step back from this wait: fred finds no call of the program\'s own code that leads into it; fred-undo goes back before it';

/**
 * When `point` stands at a call stop (frame selections after it aside): the counted stop
 * on the program's call instruction that led into the waiting call, and the depth of the
 * frame it is in. undefined for any other point.
 */
export async function waitingCallSite(search: FrameSearch, point: TimePoint): Promise<{ point: TimePointEntry[]; depth: number } | undefined> {
  const index = lastIndexIn(point, (c) => c.movesProgram);
  if (index < 0 || point[index].command.kind !== 'call-stop') return undefined;
  const end = point.slice(0, index + 1);
  const call = await search.ctx.fastForward?.programCall?.(end);
  if (!call) throw new HistoryError(noCall);
  const before = point.slice(0, index);
  // the call instruction's last run before the wait is the one that led into it
  const runs = await executionsBetween(search, before, end, call.address);
  if (!runs) throw new HistoryError(noCall);
  return { point: search.plus(before, countedStopCommand(call.address, runs)), depth: call.depth };
}
