// A time point is the list of commands executed since the program started. This file
// answers structural questions about such a list without running anything: where the
// current execution starts, which prefixes are worth probing, which command moved last.

import { ClassifiedCommand } from './commands';
import type { Dialect } from './dialects/dialect';

export type TimePoint = readonly string[];

/**
 * Length of the prefix that is "the start of history": everything up to and including
 * the last `run` (gdb: the program is running from there; pdb: restart). 0 when there
 * is no run command (pdb starts stopped at the first line).
 */
export function startLength(commands: TimePoint, dialect: Dialect): number {
  for (let i = commands.length - 1; i >= 0; i--) {
    if (dialect.classify(commands[i]).kind === 'run') return i + 1;
  }
  return 0;
}

/** Index of the last command of `kinds` (default: any program-moving one) after the start; -1 if none. */
export function lastIndexWhere(
  commands: TimePoint, dialect: Dialect, test: (c: ClassifiedCommand) => boolean,
): number {
  const start = startLength(commands, dialect);
  for (let i = commands.length - 1; i >= start; i--) {
    if (test(dialect.classify(commands[i]))) return i;
  }
  return -1;
}

/**
 * Prefix lengths where the program's state can differ: the start of history and the end
 * of each program-moving command after it, oldest first. The whole list is included
 * only if it ends with a moving command.
 */
export function movingBoundaries(commands: TimePoint, dialect: Dialect): number[] {
  const start = startLength(commands, dialect);
  const points = [start];
  for (let i = start; i < commands.length; i++) {
    if (dialect.classify(commands[i]).movesProgram) points.push(i + 1);
  }
  return points;
}
