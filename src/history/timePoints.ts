// A time point is the list of commands executed since the program started. This file
// answers structural questions about such a list without running anything: where the
// current execution starts, which prefixes are worth probing, which command moved last.
// The questions are answered on classified entries (timePointEntry.ts); the forms that
// take lines are for the reverse algorithms, which still hold their points as lines.

import { ClassifiedCommand } from './commands';
import type { Dialect } from './dialects/dialect';
import { entriesOf, TimePointEntry } from './timePointEntry';

export type TimePoint = readonly string[];

/**
 * Length of the prefix that is "the start of history": everything up to and including
 * the last `run` (gdb: the program is running from there; pdb: restart). 0 when there
 * is no run command (pdb starts stopped at the first line).
 */
export function startOf(point: readonly TimePointEntry[]): number {
  for (let i = point.length - 1; i >= 0; i--) {
    if (point[i].command.kind === 'run') return i + 1;
  }
  return 0;
}

/** startOf, for a time point held as lines. */
export function startLength(commands: TimePoint, dialect: Dialect): number {
  return startOf(entriesOf(commands, dialect));
}

/** Index of the last command after the start that passes `test`; -1 if none. */
export function lastIndexIn(point: readonly TimePointEntry[], test: (c: ClassifiedCommand) => boolean): number {
  const start = startOf(point);
  for (let i = point.length - 1; i >= start; i--) {
    if (test(point[i].command)) return i;
  }
  return -1;
}

/** lastIndexIn, for a time point held as lines. */
export function lastIndexWhere(
  commands: TimePoint, dialect: Dialect, test: (c: ClassifiedCommand) => boolean,
): number {
  return lastIndexIn(entriesOf(commands, dialect), test);
}

/**
 * Prefix lengths where the program's state can differ: the start of history and the end
 * of each program-moving command after it, oldest first. The whole list is included
 * only if it ends with a moving command.
 */
export function movingBoundaries(commands: TimePoint, dialect: Dialect): number[] {
  const point = entriesOf(commands, dialect);
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
export function atInnermostFrame(point: TimePoint, dialect: Dialect): string[] {
  let end = point.length;
  while (end > startLength(point, dialect)) {
    const c = dialect.classify(point[end - 1]);
    if (c.kind !== 'frame-select' || /^thread\b/.test(c.text)) break;
    end--;
  }
  return point.slice(0, end);
}
