// How to reach a time point: which snapshot to restart from and which commands to send.
//
// Replay rule (what is re-executed after restarting from a snapshot):
//   replayed:  run, resuming commands (next, continue, ...), side effects (print x = 5,
//              set var, call), frame selection (up/down/frame: later commands depend on
//              it), kill, fred's counted stops and call stops, gdb's `ignore` (the count left is the
//              time point's). Anchors are part of the list too, so
//              only a snapshot taken at or after the anchor can cover them.
//   dropped:   read-only commands (they change nothing), breakpoint commands (the
//              debugger keeps its breakpoints across a restart), settings and unknown
//              commands (they live in the debugger; replaying `shell rm ...` would be
//              wrong).
// The debugger's breakpoints are not history: the session puts back, for each replayed
// command, the breakpoints it first ran with (src/fred/session/breakpointEras.ts).
// Only the part after the last `run` matters: the program started afresh there.

import { CommandKind } from './commands';
import type { Dialect } from './dialects/dialect';
import { isPointPrefix, TimePointEntry } from './timePointEntry';

const replayedKinds: ReadonlySet<CommandKind> = new Set<CommandKind>([
  'run', 'next', 'step', 'continue', 'finish', 'until', 'advance', 'stepi', 'nexti', 'jump',
  'side-effect', 'frame-select', 'kill', 'anchor', 'counted-stop', 'call-stop', 'ignore',
]);

export interface SnapshotAt {
  id: string;
  /** The time point the snapshot was taken at. */
  point: readonly TimePointEntry[];
}

export interface ReplayPlan {
  /** Restart from this snapshot; undefined: start the program afresh (gdb: the replay begins with `run`). */
  snapshotId?: string;
  /** The replayable commands the snapshot already covers. */
  covered: TimePointEntry[];
  /** Commands to send, in order, after restarting. */
  replay: TimePointEntry[];
}

/** The commands of a time point that replay must execute, from its last `run` on. */
export function replayable(point: readonly TimePointEntry[], dialect: Dialect): TimePointEntry[] {
  const kept: TimePointEntry[] = [];
  for (const entry of point) {
    if (entry.command.kind === 'run') {
      kept.length = 0;
      if (dialect.restartIsProgramStart) continue; // nothing to send: pdb's restart IS the program start
    }
    if (replayedKinds.has(entry.command.kind)) kept.push(entry);
  }
  return kept;
}

/** What a snapshot's process state covers: its replayable commands minus trailing frame selections. */
function snapshotKey(point: readonly TimePointEntry[], dialect: Dialect): TimePointEntry[] {
  const key = replayable(point, dialect);
  while (key.length && key[key.length - 1].command.kind === 'frame-select') key.pop();
  return key;
}

/** Picks the snapshot covering the longest prefix of `target` and the commands left to replay. */
export function planReplay(target: readonly TimePointEntry[], snapshots: readonly SnapshotAt[], dialect: Dialect): ReplayPlan {
  const wanted = replayable(target, dialect);
  let best: { id: string; key: TimePointEntry[] } | undefined;
  for (const s of snapshots) {
    const key = snapshotKey(s.point, dialect);
    if (isPointPrefix(key, wanted) && (!best || key.length > best.key.length)) best = { id: s.id, key };
  }
  if (!best) return { covered: [], replay: wanted };
  return { snapshotId: best.id, covered: best.key, replay: wanted.slice(best.key.length) };
}
