// Reverse commands act on the thread the program stopped in, with gdb's meaning:
// reverse-next in thread 3 goes back to the previous line THREAD 3 executed. A `continue`
// (or a `next` in another thread) may end in a thread other than the one that was
// selected when it started; re-running that command as `next`s would step the old thread.
// So the `next`s start in the stopped thread: selected first (`thread N`, the user's
// number), and when it was waiting in a library then (its turn, a lock: fred's library
// has no line information, gdb's `next` would crawl through it), brought back into the
// program's code by `fred-thread-to-program`, a `finish` of the frame the program's code
// called, found when it runs: not `frame N` + `finish`, since a restored thread may wait a
// few of fred's frames deeper or shallower than where it was probed, and a replay would
// finish another frame. These are ordinary commands, replayed like the user's; replays
// are exact because threads take turns in the recorded order (fred_thread_order.c),
// whichever thread gdb steps.

import type { ProbeState } from './probing';
import { entryOf, TimePoint, TimePointEntry } from './timePointEntry';
import type { Dialect } from './dialects/dialect';

/** How many earlier commands a thread that waited through the later ones is looked for in (selectedThread*.ts). */
export const maxCommandsBack = 8;

/** The selected thread's finish out of its wait in a library (fredGdbThreads.py ThreadToProgram). */
const threadToProgram = 'fred-thread-to-program';

/**
 * `before` (where a resuming command started), then what makes the thread `current`
 * stopped in the selected one, standing in the program's code; `before` itself when that
 * thread was selected there. Undefined when the thread did not exist yet at `before`.
 */
export async function inStoppedThread(
  before: TimePoint, current: ProbeState, dialect: Dialect, probe: (point: TimePoint) => Promise<ProbeState>,
): Promise<TimePointEntry[] | undefined> {
  const wanted = current.thread;
  if (wanted === undefined) return [...before];
  const atBefore = await probe(before);
  if (atBefore.thread === undefined || atBefore.thread === wanted) return [...before];
  if (atBefore.threads && !atBefore.threads.includes(wanted)) return undefined;
  const selected = [...before, entryOf(`thread ${wanted}`, dialect)];
  const out = (await probe(selected)).wayOut;
  return out === undefined ? selected : [...selected, entryOf(threadToProgram, dialect)];
}

/** A state's thread; a program with one thread has no thread numbers: its thread is 1. */
export function threadOf(state: ProbeState): number {
  return state.thread ?? 1;
}

/** Where a state stands, short (file name, line, function), for refusals about a thread. */
export function where(state: ProbeState): string {
  const l = state.location;
  if (!l) return 'nowhere';
  return `${l.file ? `${l.file.split('/').pop()}:${l.line}` : l.pc ?? '?'}${l.function ? ` in ${l.function}` : ''}`;
}
