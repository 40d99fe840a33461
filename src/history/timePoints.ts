// A time point is the list of commands executed since the program started. This file
// answers structural questions about such a list without running anything: where the
// current execution starts, which prefixes are worth probing, which command moved last.
// The questions are answered on classified entries (timePointEntry.ts).

import { ClassifiedCommand } from './commands';
import type { TimePoint } from './timePointEntry';

/**
 * Length of the prefix that is "the start of history": everything up to and including
 * the last `run` (gdb: the program is running from there; pdb: restart). 0 when there
 * is no run command (pdb starts stopped at the first line).
 */
export function startOf(point: TimePoint): number {
  for (let i = point.length - 1; i >= 0; i--) {
    if (point[i].command.kind === 'run') return i + 1;
  }
  return 0;
}

/** Index of the last command after the start that passes `test`; -1 if none. */
export function lastIndexIn(point: TimePoint, test: (c: ClassifiedCommand) => boolean): number {
  const start = startOf(point);
  for (let i = point.length - 1; i >= start; i--) {
    if (test(point[i].command)) return i;
  }
  return -1;
}

/**
 * Prefix lengths where the program's state can differ: the start of history and the end
 * of each program-moving command after it, oldest first. The whole list is included
 * only if it ends with a moving command.
 */
export function movingBoundaries(point: TimePoint): number[] {
  const start = startOf(point);
  const points = [start];
  for (let i = start; i < point.length; i++) {
    if (point[i].command.movesProgram) points.push(i + 1);
  }
  return points;
}

/**
 * `point` without the frame selections (`up`, `down`, `frame N`; not `thread N`) after its
 * last program-moving command: a reverse command's landing is a stop, and gdb selects the
 * innermost frame at a stop, whatever frame was selected at that point going forward.
 */
export function atInnermostFrame(point: TimePoint): TimePoint {
  const start = startOf(point);
  let end = point.length;
  while (end > start) {
    const c = point[end - 1].command;
    if (c.kind !== 'frame-select' || /^thread\b/.test(c.text)) break;
    end--;
  }
  return point.slice(0, end);
}
