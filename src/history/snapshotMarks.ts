// Which snapshot to restart from: snapshots are marks on time points (command lists from
// program start); to reach a target, restart from the mark whose command list is the
// longest prefix of the target and replay the rest. Also which marks to drop when the
// snapshots cost more memory than the budget. Pure: ids only, the session owns the copies.
import { TimePoint } from './timePoints';

export interface SnapshotMark {
  snapshotId: number;
  commands: TimePoint;
  /** Memory the frozen copy may cost (resident size of the program when taken). */
  bytes: number;
  /** Taken for the user (fred-checkpoint): never dropped by the budget. */
  pinned: boolean;
}

export interface ReplayPlan {
  /** Restart from this snapshot; undefined = start the program afresh. */
  from?: SnapshotMark;
  /** Commands to re-execute after that, in order. */
  replay: string[];
}

function isPrefix(prefix: TimePoint, of: TimePoint): boolean {
  if (prefix.length > of.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== of[i]) return false;
  return true;
}

export function planReplay(target: TimePoint, marks: readonly SnapshotMark[]): ReplayPlan {
  let best: SnapshotMark | undefined;
  for (const mark of marks)
    if (isPrefix(mark.commands, target) && (!best || mark.commands.length > best.commands.length)) best = mark;
  return { from: best, replay: target.slice(best ? best.commands.length : 0) };
}

/**
 * Marks to drop so the rest fit in budgetBytes: pinned marks stay; of the others, the
 * newest stay longest and older ones are thinned so the kept ones are roughly
 * exponentially spaced (any point in the past stays a short replay away).
 */
export function marksToDrop(marks: readonly SnapshotMark[], budgetBytes: number): SnapshotMark[] {
  const total = (list: readonly SnapshotMark[]) => list.reduce((sum, m) => sum + m.bytes, 0);
  let kept = [...marks].sort((a, b) => a.commands.length - b.commands.length);
  const dropped: SnapshotMark[] = [];
  while (total(kept) > budgetBytes) {
    const candidates = kept.filter((m) => !m.pinned);
    if (candidates.length <= 1) break;
    // the droppable mark closest to its older neighbour, relative to its age from now
    const newest = kept[kept.length - 1].commands.length;
    let victim = candidates[0];
    let smallest = Infinity;
    for (let i = 1; i < kept.length - 1; i++) {
      const m = kept[i];
      if (m.pinned) continue;
      const gap = m.commands.length - kept[i - 1].commands.length;
      const age = newest - m.commands.length + 1;
      if (gap / age < smallest) { smallest = gap / age; victim = m; }
    }
    dropped.push(victim);
    kept = kept.filter((m) => m !== victim);
  }
  return dropped;
}
