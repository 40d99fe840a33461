// How to reach a time point: which snapshot to restart from and which commands to send.
//
// Replay rule (what is re-executed after restarting from a snapshot):
//   replayed:  run, resuming commands (next, continue, ...), side effects (print x = 5,
//              set var, call), frame selection (up/down/frame: later commands depend on
//              it), kill, fred's counted stops, gdb's `ignore` (the count left is the
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

const replayedKinds: ReadonlySet<CommandKind> = new Set<CommandKind>([
  'run', 'next', 'step', 'continue', 'finish', 'until', 'advance', 'stepi', 'nexti', 'jump',
  'side-effect', 'frame-select', 'kill', 'anchor', 'counted-stop', 'ignore',
]);

export interface SnapshotAt {
  id: string;
  /** The time point the snapshot was taken at. */
  commands: readonly string[];
}

export interface ReplayPlan {
  /** Restart from this snapshot; undefined: start the program afresh (gdb: the replay begins with `run`). */
  snapshotId?: string;
  /** The replayable commands the snapshot already covers. */
  covered: string[];
  /** Commands to send, in order, after restarting. */
  replay: string[];
}

/** The commands of a time point that replay must execute, from its last `run` on. */
export function replayable(commands: readonly string[], dialect: Dialect): string[] {
  const kept: string[] = [];
  for (const line of commands) {
    const c = dialect.classify(line);
    if (c.kind === 'run') {
      kept.length = 0;
      if (dialect.restartIsProgramStart) continue; // nothing to send: pdb's restart IS the program start
    }
    if (replayedKinds.has(c.kind)) kept.push(c.text);
  }
  return kept;
}

/** What a snapshot's process state covers: its replayable commands minus trailing frame selections. */
function snapshotKey(commands: readonly string[], dialect: Dialect): string[] {
  const key = replayable(commands, dialect);
  while (key.length && dialect.classify(key[key.length - 1]).kind === 'frame-select') key.pop();
  return key;
}

function isPrefix(prefix: readonly string[], list: readonly string[]): boolean {
  return prefix.length <= list.length && prefix.every((c, i) => c === list[i]);
}

/** Picks the snapshot covering the longest prefix of `target` and the commands left to replay. */
export function planReplay(target: readonly string[], snapshots: readonly SnapshotAt[], dialect: Dialect): ReplayPlan {
  const wanted = replayable(target, dialect);
  let best: { id: string; key: string[] } | undefined;
  for (const s of snapshots) {
    const key = snapshotKey(s.commands, dialect);
    if (isPrefix(key, wanted) && (!best || key.length > best.key.length)) best = { id: s.id, key };
  }
  if (!best) return { covered: [], replay: wanted };
  return { snapshotId: best.id, covered: best.key, replay: wanted.slice(best.key.length) };
}
