// When does fred snapshot the program, and which of its own snapshots does it give up? The
// session asks before each resuming command the user types (beforeResume), before each
// command a replay runs again (beforeReplayedCommand), after a probe of pdb's search
// (markAfterLongCount) and when a reverse command starts (markIfPossible); the answers follow
// the SnapshotPolicy (the command line's --snapshot-every, --replay-budget, --memory-budget,
// --max-snapshots, --cheap-replay) and what replaying back here would cost. The marks
// themselves stay the session's: going back in time (goTo), series and searches use them too.
import { ClassifiedCommand } from '../../history/commands';
import type { Dialect } from '../../history/dialects';
import { snapshotsToDrop } from '../../history/retention';
import { isPointPrefix, samePoint, TimePointEntry } from '../../history/timePointEntry';
import { FredError } from '../errors';
import { SessionEvents } from './sessionEvents';
import { exclusiveBytes } from './snapshotMemory';
import { Snapshot, SnapshotStore } from './snapshots';

export interface SnapshotPolicy {
  /** Take a snapshot before a resuming command when this many moving commands ran since the last one. */
  everyCommands: number;
  /** Always snapshot before continue/finish/until/advance/`next N` (they may run long). */
  beforeLongCommands: boolean;
  /** During a replay, snapshot when this much time passed since the last snapshot. */
  replayBudgetMs: number;
  /** Drop fred's own snapshots (oldest first, thinned) above this much memory. */
  memoryBudgetBytes: number;
  /**
   * No automatic snapshot while the commands since the latest snapshot (or restore) took
   * less than this in all: replaying them is cheaper than a snapshot (3-20 ms), and stepping
   * forward is not slowed by one per command (bench: `next` 45-68 -> ~1 ms at 512 MiB).
   * 25 ms by default: a `continue` over a short loop then runs at plain gdb's speed (the
   * snapshot before it cost more than the loop; BENCHMARKS.md "fred gdb").
   */
  cheapReplayMs: number;
  /**
   * At most this many snapshots (fred's own dropped first, thinned like for the memory
   * budget): each is a process, and choosing where to restart from costs time per
   * snapshot (1000 snapshots: ~45 ms per reverse command here).
   */
  maxSnapshots: number;
}

export const defaultPolicy: SnapshotPolicy = {
  everyCommands: 1,
  beforeLongCommands: true,
  replayBudgetMs: 100,
  memoryBudgetBytes: 2 * 1024 ** 3,
  cheapReplayMs: 25,
  maxSnapshots: 100,
};

/** A snapshot placed on a time point (the commands that led there). */
export interface SnapshotMark {
  snapshotId: number;
  /** The time point it was taken at. */
  point: readonly TimePointEntry[];
  /** Memory the frozen copy may cost (resident size of the program when taken). */
  bytes: number;
  /** Taken for the user (fred-checkpoint): never dropped by the budget. */
  pinned: boolean;
  /** The breakpoints' hit counts there (user numbers), shown again after a restore. */
  hits?: ReadonlyMap<number, number>;
  /** Taken by a series during fred-reverse-watch: ended after it unless the history passes through it. */
  bySeries?: boolean;
  /** gdb: the crossings each breakpoint still ignored there (gdb's numbers). */
  ignores?: ReadonlyMap<number, number>;
}

/** The session as the program fred snapshots and the marks it keeps: what SnapshotTaking needs. */
export interface MarkedProgram {
  readonly dialect: Dialect;
  /** The time point the program is at (Session.timePoint: replaced as the program moves, so read each time). */
  readonly timePoint: readonly TimePointEntry[];
  /** The snapshots placed on time points (Session.marks): goTo, series and searches read and change them too. */
  readonly marks: SnapshotMark[];
  readonly store: SnapshotStore;
  readonly events: SessionEvents;
  /** Snapshot the stopped program without moving it; undefined when no program runs (ProgramControl.snapshot). */
  snapshot(): Promise<Snapshot | undefined>;
  /** What a mark keeps besides its snapshot: the breakpoints' hit counts, gdb's ignore counts. */
  markState(): Promise<Pick<SnapshotMark, 'hits' | 'ignores'>>;
  /** Whether the program runs several threads (Session.programHasThreads). */
  programHasThreads(): Promise<boolean>;
  /** Whether a replay to here goes as the program went: one thread, or threads that still take turns. */
  replaysExactly(): Promise<boolean>;
}

/** A snapshot refused by the checkpointer only costs replay time; a library that speaks
 * another control protocol is not one to go on with (each snapshot would be refused). */
export function doWithout(error: unknown): error is FredError {
  return error instanceof FredError && error.code !== 'protocol-mismatch';
}

export function isAnchorMark(mark: SnapshotMark): boolean {
  return mark.point[mark.point.length - 1]?.anchor !== undefined;
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** When to snapshot and which automatic snapshots to drop (see the top of this file). */
export class SnapshotTaking {
  private lastSnapshotAt = 0;
  /** How long the commands since the latest snapshot or restore took: what replaying back here costs. */
  private replayCostMs = 0;

  constructor(
    readonly policy: SnapshotPolicy,
    private readonly program: MarkedProgram,
  ) {}

  /** A snapshot was just taken at the program's time point (a mark, or the anchor of a Ctrl-C stop). */
  taken(): void {
    this.lastSnapshotAt = Date.now();
    this.replayCostMs = 0;
  }

  /** A snapshot was just restored: the next replay-budget snapshot counts from now. */
  restored(): void {
    this.lastSnapshotAt = Date.now();
  }

  /** A replay starts (from a restore or from the start): its own commands count from here. */
  replayStarts(): void {
    this.replayCostMs = 0;
  }

  /** A command ran in the debugger for `ms`: replaying back here costs that much more. */
  commandRan(ms: number): void {
    this.replayCostMs += ms;
  }

  /** Moving commands since the latest mark on the way to here: a longer mark on another path
   * (where a reverse command started, say) is no snapshot of this one. */
  private commandsSinceMark(): number {
    const { marks, timePoint } = this.program;
    const latest = marks.reduce((max, m) => (isPointPrefix(m.point, timePoint) ? Math.max(max, m.point.length) : max), -1);
    let count = 0;
    for (let i = Math.max(latest, 0); i < timePoint.length; i++)
      if (timePoint[i].command.movesProgram) count++;
    return latest < 0 ? Infinity : count;
  }

  private markAt(point: readonly TimePointEntry[]): SnapshotMark | undefined {
    return this.program.marks.find((m) => samePoint(m.point, point));
  }

  /**
   * A snapshot whose frozen copy was killed from outside leads nowhere: its mark goes, and
   * replays start from the others (or from the start of history).
   */
  forgetDeadMarks(): void {
    const { marks, store } = this.program;
    store.forgetDead();
    for (let i = marks.length - 1; i >= 0; i--) if (!store.has(marks[i].snapshotId)) marks.splice(i, 1);
  }

  /** Snapshot the program here (if running and not already marked); returns the mark. */
  async mark(pinned = false): Promise<SnapshotMark | undefined> {
    this.forgetDeadMarks();
    const existing = this.markAt(this.program.timePoint);
    if (existing) {
      existing.pinned ||= pinned;
      return existing;
    }
    const { marks, events } = this.program;
    events.emit({ type: 'snapshot-started' });
    const snapshot = await this.program.snapshot();
    if (!snapshot) return undefined;
    const mark: SnapshotMark = { snapshotId: snapshot.id, point: [...this.program.timePoint], bytes: snapshot.bytes, pinned, ...(await this.program.markState()) };
    const previous = marks[marks.length - 1];
    marks.push(mark);
    if (previous) void this.measure(previous);
    events.emit({ type: 'snapshot-taken', snapshotId: snapshot.id, commands: mark.point.length, pinned });
    this.taken();
    await this.enforceBudget();
    return mark;
  }

  /** Count a snapshot at what dropping it would free (snapshotMemory.ts), in the background. */
  private async measure(mark: SnapshotMark): Promise<void> {
    const snapshot = this.program.store.list().find((s) => s.id === mark.snapshotId);
    const bytes = snapshot && (await exclusiveBytes(snapshot.copyPid));
    if (snapshot && bytes !== undefined) mark.bytes = snapshot.bytes = bytes;
  }

  /**
   * pdb's search through a `c` by counted lines goes on from the points it probes: one a
   * replay of more than cheapReplayMs reached gets a snapshot now (replayAll would take it
   * only before the next command, once that one ran again). Not the replay budget: each
   * later probe from here would replay it all again, its counted stops a round trip each.
   */
  async markAfterLongCount(point: readonly TimePointEntry[]): Promise<void> {
    if (!this.program.dialect.countsLines || point[point.length - 1]?.countedStop === undefined) return;
    if (this.markAt(this.program.timePoint) || Date.now() - this.lastSnapshotAt <= this.policy.cheapReplayMs) return;
    await this.markIfPossible();
  }

  /**
   * A reverse command starts: the point it starts from stays one restore away, so that
   * coming back after a failure or a Ctrl-C replays nothing; unless replaying back here
   * costs less than a snapshot (cheapReplayMs) and goes as the program went. That snapshot
   * was 20-40 ms of a 100-200 ms fred-reverse-next in a threaded program (BENCHMARKS.md),
   * and only the way back after a failure uses it: the landing is the same either way.
   */
  async markBeforeReverse(): Promise<void> {
    if (this.replayCostMs < this.policy.cheapReplayMs && (await this.program.replaysExactly())) return;
    await this.markIfPossible();
  }

  /** A snapshot that only saves replay time: when the checkpointer refuses, do without it. */
  async markIfPossible(): Promise<void> {
    if (this.atFirstInstruction()) return;
    try {
      await this.mark();
    } catch (error) {
      if (!doWithout(error)) throw error;
    }
  }

  /** A replay is about to run `command` again: snapshot first when the replay budget's time passed since the last one. */
  async beforeReplayedCommand(c: ClassifiedCommand): Promise<void> {
    if (c.resumes && c.kind !== 'run' && Date.now() - this.lastSnapshotAt > this.policy.replayBudgetMs) await this.markIfPossible();
  }

  async enforceBudget(): Promise<void> {
    const { marks, store } = this.program;
    const newest = this.program.timePoint.length;
    // a search's series snapshots are not thinned while it runs (dropSearchSnapshots ends
    // them after it), anchors never: they are the only way back to their point
    const candidates = marks.filter((m) => !isAnchorMark(m) && !m.bySeries).map((m) => ({ id: String(m.snapshotId), bytes: m.bytes, age: newest - m.point.length, pinned: m.pinned }));
    const overMemory = snapshotsToDrop(candidates, this.policy.memoryBudgetBytes);
    const counted = candidates.filter((c) => !overMemory.includes(c.id)).map((c) => ({ ...c, bytes: 1 }));
    for (const id of [...overMemory, ...snapshotsToDrop(counted, this.policy.maxSnapshots)]) {
      marks.splice(marks.findIndex((m) => String(m.snapshotId) === id), 1);
      await store.discard(Number(id));
    }
  }

  /**
   * Before a resuming command the user typed: snapshot per policy. A snapshot that fails
   * only makes later replays longer, so the command still runs: returns a warning then.
   */
  async beforeResume(c: ClassifiedCommand): Promise<string | undefined> {
    if (!c.resumes || c.kind === 'run' || this.markAt(this.program.timePoint) || this.atFirstInstruction()) return undefined;
    if (this.replayCostMs < this.policy.cheapReplayMs && !(await this.program.programHasThreads())) return undefined;
    const long = ['continue', 'finish', 'until', 'advance'].includes(c.kind) || c.count > 1;
    if (!(long && this.policy.beforeLongCommands) && this.commandsSinceMark() < this.policy.everyCommands) return undefined;
    try {
      await this.mark();
      return undefined;
    } catch (error) {
      if (!doWithout(error)) throw error;
      return `fred: no snapshot before this command (${error.message}); going back past it will replay from an earlier point`;
    }
  }

  /**
   * At `starti`'s stop (where reverse-continue leaves the program before its first stop):
   * fred's library is not loaded yet, so no snapshot; replaying `starti` costs next to nothing.
   */
  private atFirstInstruction(): boolean {
    const { dialect, timePoint } = this.program;
    return dialect.startsStoppedEarly && timePoint.length === 1 && /^starti(\s|$)/.test(timePoint[0].text.trim());
  }
}
