// One command of a time point, classified once when it enters the history: what the
// debugger's dialect says it does (kind, count, resumes, moves the program) and fred's own
// words decoded (an anchor's snapshot, a counted stop's address and count). Layers that
// hold a time point read these fields instead of parsing the line again. Pure: no I/O.
import { anchorSnapshot, ClassifiedCommand, parseCountedStop } from './commands';
import type { Dialect } from './dialects/dialect';

export interface TimePointEntry {
  /** The line as the history keeps it (what fred-history shows, what replay sends). */
  readonly text: string;
  /** What it does to the program, in the debugger's dialect. */
  readonly command: ClassifiedCommand;
  /** `fred-anchor N`: the snapshot whose state it stands for. */
  readonly anchor?: number;
  /** `fred-hits ADDR N`: stop just before the N-th execution of ADDR (pdb: 0 = the N-th line, K = breakpoint place K). */
  readonly countedStop?: { readonly address: bigint; readonly count: number };
}

/** A time point: the commands executed since the program started, each classified once. */
export type TimePoint = readonly TimePointEntry[];

/** LINE classified by DIALECT, once, as it enters a time point. */
export function entryOf(line: string, dialect: Dialect): TimePointEntry {
  const command = dialect.classify(line);
  const entry: TimePointEntry = { text: line, command };
  if (command.kind === 'anchor') return { ...entry, anchor: anchorSnapshot(line) };
  if (command.kind === 'counted-stop') return { ...entry, countedStop: parseCountedStop(line) };
  return entry;
}

/** LINES classified, each once: a time point written as lines (the tests write theirs so). */
export function entriesOf(lines: readonly string[], dialect: Dialect): TimePointEntry[] {
  return lines.map((line) => entryOf(line, dialect));
}

/** The lines of a time point, for what shows them (fred-history, the TUI). */
export function textsOf(entries: TimePoint): string[] {
  return entries.map((e) => e.text);
}

/** A key for maps over time points: the same for two points with the same lines. */
export function pointKey(point: TimePoint): string {
  return textsOf(point).join('\n');
}

/** How many commands A and B share from the start. */
export function sharedLength(a: TimePoint, b: TimePoint): number {
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared].text === b[shared].text) shared++;
  return shared;
}

/** PREFIX's commands begin LIST's (an entry depends on its line alone: the lines are compared). */
export function isPointPrefix(prefix: TimePoint, list: TimePoint): boolean {
  return prefix.length <= list.length && prefix.every((e, i) => e.text === list[i].text);
}

/** A and B are the same time point. */
export function samePoint(a: TimePoint, b: TimePoint): boolean {
  return a.length === b.length && isPointPrefix(a, b);
}
