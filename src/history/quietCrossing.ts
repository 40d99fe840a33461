// A reverse-next/step that crosses a command's stretch asks whether a breakpoint that
// exists now would have stopped inside it (FastForward.wouldStop: a replay of its own).
// Often the run that made the history already answers: when every breakpoint of now was
// enabled, as it is now, while the command ran, the run would have stopped at the first
// of them it met. It did not stop before its end, so none of them lies inside.

import { CommandKind } from './commands';
import { sharedLength, TimePoint } from './timePointEntry';

/**
 * Kinds that stop at any enabled breakpoint they meet (gdb's `next N` and the session's
 * repeated pdb `n N` too, see Prober). Not `continue N` (it sets an ignore count), nor the
 * single instructions, anchors and counted stops (whose runs fred steers itself).
 */
const stoppingKinds: ReadonlySet<CommandKind> = new Set<CommandKind>(['next', 'step', 'continue', 'finish', 'until', 'advance']);

/**
 * True when no breakpoint that exists now can stop the program between `landing` and
 * `point` (which `landing`'s next command reaches, landing lying before it): both share all
 * of `point` but its last command, whose run had every breakpoint of now armed as now
 * (`armedAsNow`, asked of the session, which knows the breakpoints of each command's time).
 * The stretch is then part of that run, which did not stop before `point`.
 */
export function crossingProvenQuiet(landing: TimePoint, point: TimePoint, armedAsNow: (point: TimePoint) => boolean): boolean {
  const shared = sharedLength(landing, point);
  if (point.length !== shared + 1) return false;
  const c = point[shared].command;
  if (!stoppingKinds.has(c.kind) || (c.kind === 'continue' && c.argument !== '')) return false;
  return armedAsNow(point);
}

/**
 * True when every program-moving command of `point` from index `from` on stops at any
 * enabled breakpoint it meets and ran with every breakpoint of now armed as now: none of
 * them can stop the program inside that stretch but where those commands ended.
 */
export function commandsProvenQuiet(point: TimePoint, from: number, armedAsNow: (point: TimePoint) => boolean): boolean {
  for (let i = from; i < point.length; i++) {
    const c = point[i].command;
    if (!c.movesProgram) continue;
    if (!stoppingKinds.has(c.kind) || (c.kind === 'continue' && c.argument !== '')) return false;
    if (!armedAsNow(point.slice(0, i + 1))) return false;
  }
  return true;
}
