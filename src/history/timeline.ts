// The history of one debugging session: the commands executed since the program started
// (the current time point), the snapshots taken along the way, and named branches.
// Pure bookkeeping; the session decides when to snapshot, restart and replay.
//
// - A time point is a command list from program start. gdb: it begins with `run`
//   (or `start`); pdb: the program starts stopped at its first line, so [] is the start.
//   A new `run` (pdb: restart) begins a new execution: the history restarts there.
// - Snapshot marks tie a snapshot id to the time point it was taken at. User checkpoints
//   (fred-checkpoint) are numbered 1, 2, ... separately from automatic snapshots.
// - Branches: fred-branch NAME saves the current history under NAME and makes it the
//   current branch (like `git checkout -b`); fred-switch NAME saves the current history
//   under the current branch's name and makes NAME's history current; the session then
//   replays to its end. The first branch is called "main".

import { ClassifiedCommand, DebuggerKind, classifyCommand } from './commands';
import type { ProbeState } from './probing';
import { ReplayPlan, planReplay } from './replayPlan';

export interface HistoryEntry extends ClassifiedCommand {
  /** Where the program stopped after this command, as the session saw it (divergence checks). */
  stop?: ProbeState;
}

export interface SnapshotMark {
  /** The session's id of the snapshot (or image). */
  id: string;
  /** The time point it was taken at. */
  commands: string[];
  /** User checkpoint number (fred-checkpoint), undefined for automatic snapshots. */
  checkpoint?: number;
  bytes?: number;
  /** When it was taken, in the session's clock (for retention). */
  takenAt?: number;
}

export interface SnapshotOptions {
  /** Time point it was taken at; default: the current one. */
  commands?: readonly string[];
  /** A user checkpoint (gets the next number). */
  user?: boolean;
  bytes?: number;
  takenAt?: number;
}

export class Timeline {
  private history: HistoryEntry[] = [];
  private marks: SnapshotMark[] = [];
  private nextCheckpoint = 1;
  private readonly branchStore = new Map<string, string[]>();
  private branchName = 'main';

  constructor(readonly debuggerKind: DebuggerKind) {}

  /** Logs a command the user typed (and the debugger ran). A `run` starts a new execution. */
  record(line: string, stop?: ProbeState): HistoryEntry {
    const entry: HistoryEntry = { ...classifyCommand(line, this.debuggerKind), stop };
    if (entry.kind === 'run') this.history = this.debuggerKind === 'gdb' ? [entry] : [];
    else this.history.push(entry);
    return entry;
  }

  /** The current time point. */
  get commands(): string[] {
    return this.history.map((e) => e.text);
  }

  get entries(): readonly HistoryEntry[] {
    return this.history;
  }

  /** After a reverse command, undo, restart or branch switch: the history becomes `target`. */
  moveTo(target: readonly string[]): void {
    const kept = this.history;
    let common = true;
    this.history = target.map((line, i) => {
      const entry: HistoryEntry = classifyCommand(line, this.debuggerKind);
      common = common && kept[i]?.text === entry.text;
      if (common) entry.stop = kept[i].stop; // what we saw still holds on the common prefix
      return entry;
    });
  }

  /** Records a snapshot taken at a time point. User checkpoints get the next number. */
  addSnapshot(id: string, options: SnapshotOptions = {}): SnapshotMark {
    if (this.marks.some((m) => m.id === id)) throw new Error(`snapshot ${id} is already recorded`);
    const mark: SnapshotMark = {
      id,
      commands: [...(options.commands ?? this.commands)],
      checkpoint: options.user ? this.nextCheckpoint++ : undefined,
      bytes: options.bytes,
      takenAt: options.takenAt,
    };
    this.marks.push(mark);
    return mark;
  }

  removeSnapshot(id: string): boolean {
    const before = this.marks.length;
    this.marks = this.marks.filter((m) => m.id !== id);
    return this.marks.length !== before;
  }

  get snapshots(): readonly SnapshotMark[] {
    return this.marks;
  }

  /** User checkpoint n (fred-restart n); throws a message listing the valid numbers. */
  checkpoint(n: number): SnapshotMark {
    const mark = this.marks.find((m) => m.checkpoint === n);
    if (mark) return mark;
    const valid = this.marks.filter((m) => m.checkpoint !== undefined).map((m) => m.checkpoint);
    throw new Error(valid.length
      ? `no checkpoint ${n}: the checkpoints are ${valid.join(', ')} (fred-list shows them)`
      : `no checkpoint ${n}: take one with fred-checkpoint`);
  }

  /** The most recent user checkpoint (fred-restart without a number). */
  lastCheckpoint(): SnapshotMark | undefined {
    return [...this.marks].reverse().find((m) => m.checkpoint !== undefined);
  }

  /** How to get to `target` (default: the current time point) from the best snapshot. */
  planReplay(target: readonly string[] = this.commands): ReplayPlan {
    return planReplay(target, this.marks, this.debuggerKind);
  }

  get currentBranch(): string {
    return this.branchName;
  }

  /** Names of all branches, the current one included. */
  get branches(): string[] {
    return [...new Set([this.branchName, ...this.branchStore.keys()])].sort();
  }

  /** fred-branch NAME: saves the current history as NAME and continues on it. */
  branch(name: string): void {
    if (name === this.branchName || this.branchStore.has(name)) {
      throw new Error(`branch ${name} already exists: pick another name or fred-switch ${name}`);
    }
    this.branchStore.set(this.branchName, this.commands);
    this.branchName = name;
  }

  /** fred-switch NAME: makes NAME's history current and returns it (the session replays to its end). */
  switchTo(name: string): string[] {
    if (name === this.branchName) return this.commands;
    const target = this.branchStore.get(name);
    if (!target) throw new Error(`no branch ${name}: the branches are ${this.branches.join(', ')}`);
    this.branchStore.set(this.branchName, this.commands);
    this.branchStore.delete(name);
    this.branchName = name;
    this.moveTo(target);
    return [...target];
  }
}
