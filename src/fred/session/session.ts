// A fred session: one debugger, the program it debugs, the command history and the
// snapshots. Every user line comes through handle(): fred's own commands are answered
// here, everything else passes to the debugger and is logged. Going back in time is
// "restart from the snapshot whose history is the longest prefix, replay the rest";
// the algorithms that decide WHERE to go live in src/history (pure).
import * as fs from 'fs';
import { BreakpointState, CommandOutput, Debugger, ExecuteOptions } from '../../debugger-adapters/debugger';
import { anchorCommand, callStopCommand, ClassifiedCommand, countedStopCommand, repeatCommand } from '../../history/commands';
import { Dialect } from '../../history/dialects';
import { atInnermostFrame, startOf } from '../../history/timePoints';
import { HistoryError } from '../../history/frameSearch';
import { FastForward, FastForwardUnavailable, InstructionUnits, LineEntry, LineWalk, LineWalkTarget, ProbeState, Prober, SearchAbortedError, SeriesSpacing, StopReason } from '../../history/probing';
import { planReplay } from '../../history/replayPlan';
import { entryOf, isPointPrefix, pointKey, samePoint, sharedLength, textsOf, TimePoint, TimePointEntry } from '../../history/timePointEntry';
import { WatchedExpression } from '../../history/watchStops';
import { BreakpointEras } from './breakpointEras';
import { BreakpointStops } from './breakpointStops';
import { catchpointsNotFollowed } from '../gdb/catchpointNotes';
import { PdbHits } from '../pdb/pdbHits';
import { pdbFrameOrigin } from '../pdb/pdbFrameOrigin';
import { BreakpointControl } from '../gdb/localWatchpoints';
import { debuggerExited, FredError } from '../errors';
import { helperAnswer } from '../gdb/helperAnswer';
import { endedBySigkill, KillReport, KillWatch, ProgramKilledError, refuseEnded } from './outsideKills';
import { RecordLog } from '../checkpointer/recordLog';
import { RecordedPath } from './recordedPath';
import { SessionEvents } from './sessionEvents';
import { defaultPolicy, doWithout, isAnchorMark, SnapshotMark, SnapshotPolicy, SnapshotTaking } from './snapshotPolicy';
import { Snapshot, SnapshotStore } from './snapshots';
import { ThreadBreakpoints } from '../gdb/threadBreakpoints';
import { EndedThreadBreakpoints } from '../gdb/endedThreadBreakpoints';
import { answerNeedsThreads, answerToUser, commandNeedsThreads, commandToGdb, ThreadControl, ThreadMap } from '../gdb/threadNumbers';

/** A debugger that repeats a command itself, ending early at an event (fred pdb: inside python3). */
export interface RepeatingDebugger {
  repeat(line: string, times: number, options?: ExecuteOptions): Promise<CommandOutput>;
}

/** How fred takes and restores snapshots of the program, per debugger. */
export interface ProgramControl {
  programPid(): Promise<number | undefined>;
  /** Snapshot the stopped program without moving it; undefined when no program runs. */
  snapshot(): Promise<Snapshot | undefined>;
  /** Make the program be a new copy of the snapshot, stopped where it was taken. */
  restore(snapshot: Snapshot): Promise<void>;
  /** Show where the program is, as the debugger would after a stop. */
  showLocation(): Promise<string>;
  /** No program at all (history before the start). */
  killProgram(): Promise<void>;
}

/** What fred-reverse-watch's full-speed search needs (gdb; see fred_search.h). */
export interface SearchControl {
  /** Arm a series of snapshots; resume next, then collect. */
  armSeries(spacing: SeriesSpacing, max: number): Promise<() => Snapshot[]>;
  /** Arm a counted stop; continue next, then disarm. */
  armCountedStop(address: bigint, count: number): Promise<void>;
  disarmCountedStop?(): Promise<void>;
  /** The continue's output says it ended at the counted stop. */
  endedAtCountedStop(output: string): boolean;
  /** See FastForward.lineStart (src/history/probing.ts), for where the program is now. */
  lineStart(depth?: number, loop?: boolean): Promise<bigint | undefined>;
}

/** gdb: executions of a few addresses counted by the kernel at full speed (fred_search.h "count"). */
export interface CounterControl {
  armCounters(addresses: readonly bigint[]): Promise<void>;
  readCounters(): Promise<number[]>;
}

function counterControlOf(control: ProgramControl): CounterControl | undefined {
  const c = control as Partial<CounterControl>;
  return c.armCounters && c.readCounters ? (control as unknown as CounterControl) : undefined;
}

/** gdb: the ignore counts of breakpoints, which a time point has but a restore does not bring back. */
export interface IgnoreControl {
  ignoreCounts(): Promise<ReadonlyMap<number, number>>;
  setIgnoreCounts(counts: ReadonlyMap<number, number>): Promise<void>;
}

function ignoreControlOf(control: ProgramControl): IgnoreControl | undefined {
  const c = control as Partial<IgnoreControl>;
  return c.ignoreCounts && c.setIgnoreCounts ? (control as unknown as IgnoreControl) : undefined;
}

function threadControlOf(control: ProgramControl): ThreadControl | undefined {
  const c = control as Partial<ThreadControl>;
  return c.threads ? (control as unknown as ThreadControl) : undefined;
}

function searchControlOf(control: ProgramControl): SearchControl | undefined {
  const c = control as Partial<SearchControl>;
  return c.armSeries && c.armCountedStop && c.endedAtCountedStop && c.lineStart ? (control as unknown as SearchControl) : undefined;
}

export interface ReverseStats { command: string; ms: number; probes: number; replayed: number }

export class Session {
  /** The time point the program is at: the commands since program start, each classified once, as it entered. */
  private point: TimePointEntry[] = [];
  /** The same commands' lines (see history). */
  private pointLines: string[] = [];
  readonly marks: SnapshotMark[] = [];
  /** What the session is doing, for the full-screen interface. */
  readonly events = new SessionEvents();
  lastReverse?: ReverseStats;
  private replayed = 0;
  /** A restore threw: the program is not at `history` (goTo must not skip). */
  private restoreFailed = false;
  /** Set while goTo replays; Ctrl-C then stops the replay instead of just the program. */
  private replaying = false;
  private replayInterrupted = false;
  /** A replayed command is running in the debugger (only then does Ctrl-C go to it). */
  private replayCommandRunning = false;
  /** The breakpoints each command ran with, so replays stop where the original did. */
  private readonly eras: BreakpointEras;
  /** Why the program stopped at each time point it reached (a restored snapshot cannot say). */
  private readonly stopReasons = new Map<string, ProbeState['reason']>();
  /** When to snapshot the program and which of fred's own snapshots to drop (snapshotPolicy.ts). */
  private readonly snapshotting: SnapshotTaking;
  /** Commands that did not move the program (errors), as typed, after how many history commands. */
  readonly notMoved: Array<{ line: string; after: number }> = [];
  /** Anchors standing for a user command interrupted by Ctrl-C -> that command. */
  private readonly interrupted = new Map<string, string>();
  /**
   * gdb: the call a Ctrl-C stop waited in (callInterruptedStop), while the program has not
   * gone past it: reverse searches guard it (no replay may run into that wait).
   */
  private waitingCall: number | undefined;
  /** The guard is armed: a replay that stops at it ends there (see replayAll). */
  private guarding = false;
  /** The breakpoint (the user's number) each time point stopped at: `continue N` there, and whether that stop still counts. */
  private readonly stopBreakpoints = new Map<string, number | undefined>();
  /** The breakpoint the last resuming command stopped at (the user's number). */
  private lastStopBreakpoint?: number;
  private readonly ignores?: IgnoreControl;
  /** A series: armed in the program just before the replay's last command resumes it. */
  private armBeforeLastCommand?: () => Promise<void>;
  /** What the program took from outside (clock, input, pid...), kept by the preloaded library. */
  recordLog?: RecordLog;
  /** Which path of history the record log belongs to, and the stops recorded along it (recordedPath.ts). */
  private readonly recordedPath: RecordedPath;
  /** Snapshots a timed series took inside a `continue`: continuing from one reaches that continue's end. */
  private readonly continueAnchors = new Set<number>();
  /** pdb: the places of breakpoints, for the counted stops that land at them. */
  private pdbHits?: PdbHits;
  /** Where the breakpoints of now would have stopped a command of the history (breakpointStops.ts). */
  private readonly stops: BreakpointStops;
  /** gdb: the thread numbers of the forward run (threadNumbers.ts). */
  private readonly threadControl?: ThreadControl;
  /** The program started a second thread at some point (gdb said so): thread numbers are worth asking for. */
  private sawThreads = false;
  /** Breakpoints restricted to a thread, in fred's thread numbers (threadBreakpoints.ts). */
  private readonly threadBreakpoints = new ThreadBreakpoints();
  /** Those whose thread ended, hidden from then on as plain gdb deletes them (endedThreadBreakpoints.ts). */
  private readonly endedThreads = new EndedThreadBreakpoints();
  /** The thread selected at each time point (the user's number), selected again after going there. */
  private readonly selectedThreads = new Map<string, number>();
  /** Notices the program killed from outside while a reverse command searches. */
  private readonly kills: KillWatch;

  constructor(
    /** What the session knows of its debugger's language and abilities. */
    readonly dialect: Dialect,
    readonly debugger_: Debugger,
    readonly control: ProgramControl,
    readonly store: SnapshotStore,
    readonly policy: SnapshotPolicy = defaultPolicy,
  ) {
    this.ignores = ignoreControlOf(control);
    this.threadControl = threadControlOf(control);
    const session = this; // the getters read the session's history and log as they are now (both are replaced)
    this.snapshotting = new SnapshotTaking(policy, {
      dialect,
      get timePoint() {
        return session.timePoint;
      },
      marks: this.marks,
      store,
      events: this.events,
      snapshot: () => control.snapshot(),
      markState: async () => ({ hits: this.eras.hitsAtSnapshot(), ignores: await this.ignores?.ignoreCounts() }),
      programHasThreads: () => this.programHasThreads(),
      replaysExactly: async () => !(await this.threadsUncounted()),
    });
    this.kills = new KillWatch(control as Partial<KillReport>, () => control.programPid());
    this.eras = new BreakpointEras(debugger_, (n) => `${dialect.deleteBreakpointWord} ${n}`, breakpointControlOf(control));
    this.prober = {
      probe: async (point, expression, frameDepth) => {
        await this.goTo(point);
        await this.snapshotting.markAfterLongCount(this.point);
        return this.state(expression, frameDepth);
      },
      fastForward: this.fastForward(),
      // pdb: no series, but breakpoints set after the fact are found by recording replays
      wouldStop: dialect.seesMachineCode ? undefined : (from, command) => this.stops.wouldStop(from, command),
      countsLines: dialect.countsLines,
      armedAsNow: (point) => this.armedAsNow(point),
      anyBreakpointNow: () => this.stops.breakpointsNow === undefined || this.stops.breakpointsNow.length > 0,
      frameOrigin: dialect.countsLines ? (from, command, depth) => pdbFrameOrigin(debugger_, (arm) => this.replayWithArm(from, command, arm), depth) : undefined,
    };
    if (dialect.countsLines) this.pdbHits = new PdbHits(debugger_);
    this.stops = new BreakpointStops({
      dialect,
      debugger_,
      counters: counterControlOf(control),
      seriesPossible: searchControlOf(control) !== undefined,
      pdbHits: this.pdbHits,
      continueAnchors: this.continueAnchors,
      goTo: (point) => this.goTo(point),
      series: (from, command, spacing, max, onArm) => this.series(from, command, spacing, max, onArm),
      replayArmed: (from, command, arm, watchesHere) => this.replayArmed(from, command, arm, watchesHere),
      threadsUncounted: () => this.threadsUncounted(),
      standsAt: (point) => this.standsAt(point),
    });
    this.recordedPath = new RecordedPath({
      debugger_,
      get timePoint() {
        return session.timePoint;
      },
      get recordLog() {
        return session.recordLog;
      },
      endSnapshotsFrom: (point) => this.endSnapshotsFrom(point),
    });
  }

  get timePoint(): readonly TimePointEntry[] {
    return this.point;
  }

  /** The time point's lines, for what shows them (fred-history and fred-info, the engine's history view, the TUI). */
  get history(): readonly string[] {
    return this.pointLines;
  }

  private setPoint(point: TimePointEntry[]): void {
    this.point = point;
    this.pointLines = textsOf(point);
  }

  private extendPoint(entry: TimePointEntry): void {
    this.point.push(entry);
    this.pointLines.push(entry.text);
  }

  /** Snapshot the program here (if running and not already marked); returns the mark (snapshotPolicy.ts). */
  mark(pinned = false): Promise<SnapshotMark | undefined> {
    return this.snapshotting.mark(pinned);
  }

  /**
   * Before a resuming command the user typed: log it for the record log's path, then
   * snapshot per policy (snapshotPolicy.ts); returns a warning when the snapshot failed.
   */
  async beforeResume(entry: TimePointEntry): Promise<string | undefined> {
    const c = entry.command;
    if (c.resumes && c.kind !== 'run') refuseEnded(await this.control.programPid());
    this.recordedPath.logBeforeUserCommand(entry);
    return this.snapshotting.beforeResume(c);
  }

  /**
   * Whether the program runs several threads: a replay of them is exact only while they take
   * turns (fred_thread_order.h; a spinning thread ends that), so a cheap replay is no reason
   * to skip a snapshot.
   */
  private async programHasThreads(): Promise<boolean> {
    const pid = await this.control.programPid();
    try { return pid !== undefined && fs.readdirSync(`/proc/${pid}/task`).length > 1; } catch { return false; }
  }

  /**
   * The kernel counts the executions of the thread a counter was opened for; while threads
   * take turns fred's library gives each its own and sums them (fred_search_threads.h).
   * When they no longer do (the record log stopped), only the arming thread would count,
   * and a replay of the threads is not exact either.
   */
  private async threadsUncounted(): Promise<boolean> {
    const log = this.recordLog?.read();
    return (await this.programHasThreads()) && (!log || log.unrecorded !== undefined);
  }

  /** Before a user command that may move the program: forget earlier moves (gdb counts them, see record()). */
  async beforeCommand(entry: TimePointEntry): Promise<void> {
    const c = entry.command;
    if (c.movesProgram) await this.debugger_.moved?.();
    await this.eras.beforeUserCommand(c.resumes);
  }

  /** A line the user typed, classified: the entry that enters the history if the command moves the program. */
  entryOf(line: string): TimePointEntry {
    return entryOf(line, this.dialect);
  }

  /**
   * Log a command the debugger has executed. `run` starts a new history. A command that did
   * not move the program (an error: `finish` in the outermost frame, `next` with no
   * program) is kept as typed for fred-history, never replayed. A resuming command the
   * user interrupted (Ctrl-C) would not stop there again when replayed: its stop becomes
   * an anchor, a snapshot that is the way back to it. Returns a note for the user, if any.
   */
  async record(entry: TimePointEntry, output: string, how: { interrupted?: boolean } = {}): Promise<string | undefined> {
    const { text: line, command: c } = entry;
    if (c.kind === 'breakpoint') {
      this.eras.changed();
      await this.eras.userCommand(line, 'breakpoint', output, this.point, false);
      await this.eras.noteUserSet();
    }
    if (c.kind === 'ignore') this.eras.changed();
    // an ignore count lets a run pass a breakpoint, commands may resume from its stop: the
    // runs no longer prove where a breakpoint would not stop (armedAsNow)
    if (c.kind === 'ignore' || (c.kind === 'continue' && c.argument !== '') || (c.kind === 'breakpoint' && /^comm/.test(c.text))) this.runsPassBreakpoints = true;
    if (!c.movesProgram && c.kind !== 'frame-select' && c.kind !== 'ignore') return undefined;
    if (!(await this.moved(c, output))) {
      this.notMoved.push({ line, after: this.point.length });
      return undefined;
    }
    if (c.kind === 'run') {
      this.setPoint([entry]);
      await this.recordedPath.leaveOtherPath(this.point); // a new execution
    } else this.extendPoint(entry);
    this.endedThreads.recorded(this.point);
    await this.eras.userCommand(line, c.kind === 'run' || c.kind === 'kill' ? 'restart' : 'other', output, this.point, this.debugger_.status().kind !== 'stopped');
    const note = how.interrupted && c.resumes && this.debugger_.status().kind === 'stopped' ? await this.anchorInterrupted(entry) : undefined;
    await this.eras.recorded(this.point, output);
    // gdb deleted a temporary breakpoint it stopped at: the next command runs without it
    if (/^Temporary breakpoint \d+, /m.test(output)) this.eras.changed();
    this.noteStopReason();
    await this.forgetPassedWait(c);
    await this.recordedPath.afterUserMove(c.resumes);
    await this.noteSelectedThread();
    return note;
  }

  /** The thread numbers now, when the program has had threads (one gdb round trip). */
  private async threadMap(): Promise<ThreadMap | undefined> {
    if (!this.threadControl || !this.sawThreads) return undefined;
    const threads = await this.threadControl.threads();
    // one thread left after a restore may still have another number in gdb (the copy's first was another thread)
    const renumbered = threads.some((t) => t.user !== null && t.user !== t.gdb);
    return threads.length > 1 || renumbered ? new ThreadMap(threads) : undefined;
  }

  private async noteSelectedThread(): Promise<void> {
    const map = await this.threadMap();
    if (map?.selectedUser !== undefined) this.selectedThreads.set(pointKey(this.point), map.selectedUser);
  }

  /** After going to a time point: the thread the user had selected there (a restored copy starts in the snapshot's). */
  private async selectRecordedThread(): Promise<void> {
    const wanted = this.selectedThreads.get(pointKey(this.point));
    if (wanted === undefined || this.debugger_.status().kind !== 'stopped') return;
    const map = await this.threadMap();
    const gdb = map?.gdbOfSelectedUser(wanted);
    if (!map || map.selectedUser === wanted || gdb === undefined) return;
    await this.debugger_.execute(`thread ${gdb}`, { silent: true, keepStatus: true });
  }

  /** The selected thread as the user knows it, for what a reverse command says (threaded programs). */
  async selectedThreadLine(): Promise<string | undefined> {
    const map = await this.threadMap();
    if (map?.selectedUser === undefined) return undefined;
    return `[thread ${map.selectedUser}${map.selectedName ? ` "${map.selectedName}"` : ''}]`;
  }

  /**
   * `point` was reached again by the same commands and stopped elsewhere (RecordedPath.leaveOtherPath):
   * end the old path's snapshots from `point` on, which a replay would take for this path's.
   * A checkpoint the user took there stays, as an anchor: fred-restart still goes back to
   * it, and no replay on this path starts from it.
   */
  private async endSnapshotsFrom(point: TimePoint): Promise<void> {
    const before = point.slice(0, -1);
    for (const mark of [...this.marks]) {
      if (!isPointPrefix(point, mark.point) || isAnchorMark(mark)) continue;
      if (mark.pinned) {
        mark.point = [...before, entryOf(anchorCommand(mark.snapshotId), this.dialect)];
        continue;
      }
      this.marks.splice(this.marks.indexOf(mark), 1);
      await this.store.discard(mark.snapshotId).catch(() => undefined);
    }
  }

  /** After a command the user typed: what the record log cannot promise, said once (RecordedPath.logNotice). */
  logNotice(): string | undefined {
    return this.recordedPath.logNotice();
  }

  /**
   * After a command the user typed: if it re-ran recorded history and the program asked for
   * other than the log holds (a file it reads changed...), this is not the recorded run any
   * more. Go back to where the command started, drop the log from there (the command runs
   * live when typed again) and say so. Undefined when nothing diverged.
   */
  async afterUserCommand(before: TimePoint, how: { interrupted?: boolean } = {}): Promise<string | undefined> {
    const divergence = this.recordLog?.read()?.divergence;
    if (!divergence) return undefined;
    if (how.interrupted && /\bsignal 2\b/.test(divergence)) {
      // the user's own Ctrl-C on a path the log had recorded: the stop is a point of this
      // very execution (its anchor snapshot holds it), and from here the program runs live
      this.recordedPath.runLiveFromInterrupt(before);
      return undefined;
    }
    const command = (this.point[before.length] ?? this.point[this.point.length - 1])?.text;
    this.recordLog!.clearDivergence();
    this.restoreFailed = true; // force a restore: the program is past the divergence
    await this.goTo(before);
    this.recordedPath.cutAfterDivergence(before);
    return `fred: '${command}' went another way than the recorded run: ${divergence}. fred went back to where it started; type it again to run it live from here`;
  }

  /** Whether a user command that could move the program did (an error leaves it where it was). */
  private async moved(c: ClassifiedCommand, output: string): Promise<boolean> {
    if (c.kind === 'frame-select') return !frameSelectFailed.test(output) && !/^\s*\*\*\* /.test(output);
    if (c.kind === 'ignore') return /^Will (ignore next|stop next time)/m.test(output);
    if (c.kind === 'run') return !/^No executable file specified/m.test(output);
    if (c.kind === 'kill') return !/^The program is not being run/m.test(output);
    const moved = await this.debugger_.moved?.();
    if (moved === true) return true;
    if (/^The program is not being run/m.test(output) || /^\s*\*\*\* /.test(output)) return false; // pdb's errors start with ***
    // gdb: a resume that never resumed failed; `return` or `queue-signal` change no memory
    // gdb reports, so for side effects its usual error messages decide
    if (moved === false) return !c.resumes && !gdbError.test(output);
    return true;
  }

  /**
   * The last command of the history was interrupted by the user: snapshot the stop and
   * put an anchor in its place (`run`: after `starti`, which replays to the program's
   * first instruction; the run itself would never stop where Ctrl-C stopped it).
   */
  private async anchorInterrupted({ text: line, command: c }: TimePointEntry): Promise<string | undefined> {
    let snapshot: Snapshot | undefined;
    try {
      snapshot = await this.control.snapshot();
    } catch (error) {
      if (!doWithout(error)) throw error;
      return `fred: no snapshot at this stop (${error.message}); going back past it replays '${line}', which may not stop by itself`;
    }
    if (!snapshot) return undefined;
    const anchor = entryOf(anchorCommand(snapshot.id), this.dialect);
    if (c.kind === 'run' && this.dialect.startsStoppedEarly) this.setPoint([entryOf('starti', this.dialect), anchor]);
    else this.setPoint([...this.point.slice(0, -1), anchor]);
    this.interrupted.set(anchor.text, line);
    this.marks.push({ snapshotId: snapshot.id, point: [...this.point], bytes: snapshot.bytes, pinned: false, hits: this.eras.hitsAtSnapshot(), ignores: await this.ignores?.ignoreCounts() });
    this.events.emit({ type: 'snapshot-taken', snapshotId: snapshot.id, commands: this.point.length, pinned: false });
    this.snapshotting.taken();
    return undefined;
  }

  /**
   * pdb: the history ends on a Ctrl-C stop (an anchor): replay the interrupted command
   * counting lines until the state of that stop comes again (fredPdbState.py arm_find), so
   * the stop becomes a counted stop (`fred-hits 0 N`) that rn and rs can step back from.
   * The anchor's snapshot stays the way to it. False (the program back at the stop) when
   * the state did not come again within `mostLines` lines (~1 us each here).
   */
  async countInterruptedStop(mostLines = 50_000_000): Promise<boolean> {
    const anchor = this.point[this.point.length - 1];
    const typed = anchor === undefined ? undefined : this.interrupted.get(anchor.text);
    if (typed === undefined || anchor.anchor === undefined) return false;
    if (this.dialect.seesMachineCode) return this.callInterruptedStop(anchor.anchor, typed);
    if (!this.dialect.countsLines) return false;
    const at = [...this.point];
    const helper = (call: string) => this.debugger_.execute(`p __import__('_fred_pdb').${call}`, { silent: true, keepStatus: true });
    if ((await helper('save_stop_state()')).text.trim() !== 'None') return false;
    const before = at.slice(0, -1);
    let count: number | undefined;
    try {
      await this.goTo(before);
      // the log holds the Ctrl-C's signal, which no replay receives: from here the stretch
      // is recorded anew, by the run that counts its lines
      this.recordedPath.recordAnewFrom(before);
      if ((await helper(`arm_find(${mostLines})`)).text.trim() !== 'None') throw new HistoryError('pdb could not arm the search for the Ctrl-C stop');
      await this.send('c', { silent: true });
      count = Number(/^(\d+)$/m.exec((await helper('found()')).text)?.[1]) || undefined;
    } catch (error) {
      if (!(error instanceof HistoryError)) throw error;
    }
    if (count === undefined) {
      this.restoreFailed = true; // the program stands wherever the search gave up
      await this.goTo(at);
      return false;
    }
    const counted = entryOf(countedStopCommand(0n, count), this.dialect);
    const point = [...at.slice(0, -1), counted];
    for (const mark of this.marks) {
      if (isPointPrefix(at, mark.point)) mark.point = [...point, ...mark.point.slice(at.length)];
    }
    this.interrupted.set(counted.text, typed);
    this.setPoint(point);
    this.noteStopReason('other');
    return true;
  }

  /**
   * gdb: the history ends on a Ctrl-C stop (the anchor of `snapshotId`) of a program
   * waiting in a system call or a sleep, its call N of those fred's library numbers: the
   * stop becomes `fred-call N`, which a replay reaches exactly (the entry of that call), so
   * rn, rs and reverse-finish step back from it (callStops.ts). The snapshot goes: its
   * program stands inside the wait, a replay's at the call's entry, and the two must not
   * pass for one point. False (the program back at the stop) when it waited in no such
   * call (it computed) or the replay did not reach the call.
   */
  private async callInterruptedStop(snapshotId: number, typed: string): Promise<boolean> {
    // the library numbers the calls of all threads in one sequence: which thread waited is not told
    const threads = await this.threadMap();
    if (threads && threads.users.length > 1) return false;
    const at = [...this.point];
    // a Ctrl-C during `run` itself: its replays start at the first instruction (starti),
    // where fred's library is not loaded yet to count the way back
    if (at.length === 2 && at[0].text === 'starti') return false;
    const { call } = await this.callsNow();
    if (call < 1) return false;
    const stop = entryOf(callStopCommand(call), this.dialect);
    const point = [...at.slice(0, -1), stop];
    try {
      await this.goTo(point);
      // at fred_call_reached the library has counted the call, not yet begun it
      if ((await this.callsNow()).made !== call) throw new HistoryError(`the replay did not reach call ${call}`);
    } catch (error) {
      if (!(error instanceof HistoryError)) throw error;
      this.restoreFailed = true; // the program stands wherever the replay gave up
      await this.goTo(at);
      return false;
    }
    const mark = this.marks.find((m) => m.snapshotId === snapshotId);
    if (mark) {
      this.marks.splice(this.marks.indexOf(mark), 1);
      await this.store.discard(snapshotId).catch(() => undefined);
    }
    this.interrupted.set(stop.text, typed);
    this.noteStopReason('other');
    this.waitingCall = call;
    return true;
  }

  /** What fred-call-inside says: the call the program is inside (0: none) and how many it began. */
  private async callsNow(): Promise<{ call: number; made: number }> {
    const answer = helperAnswer((await this.debugger_.execute('fred-call-inside', { silent: true, keepStatus: true })).text);
    return { call: typeof answer?.call === 'number' ? answer.call : 0, made: typeof answer?.made === 'number' ? answer.made : 0 };
  }

  /** After a user's command: the program went past the call it waited in (it read its input), or began anew. */
  private async forgetPassedWait(c: ClassifiedCommand): Promise<void> {
    if (this.waitingCall === undefined) return;
    if (c.kind === 'run') {
      this.waitingCall = undefined;
      return;
    }
    if (!c.resumes || this.debugger_.status().kind !== 'stopped') return;
    const { call, made } = await this.callsNow();
    if (made > this.waitingCall || (made === this.waitingCall && call !== this.waitingCall)) this.waitingCall = undefined;
  }

  /** fred-call-guard (fredGdbRestore.py): while a reverse search runs, replays stop entering the waited call. */
  private async guardWaitingCall(on: boolean): Promise<void> {
    if (this.waitingCall === undefined || on === this.guarding) return;
    await this.debugger_.execute(`fred-call-guard ${on ? this.waitingCall : 0}`, { silent: true, keepStatus: true });
    this.guarding = on;
  }

  /** How fred-history shows a history entry: an anchor for a Ctrl-C stop shows what was typed. */
  describeCommand(entry: TimePointEntry, next?: TimePointEntry): string {
    const line = entry.text;
    const typed = this.interrupted.get(line);
    if (typed && (entry.countedStop || entry.command.kind === 'call-stop')) return `${typed}  (interrupted by Ctrl-C; ${line} replays to that stop)`;
    if (typed) return `${typed}  (interrupted by Ctrl-C; ${line} is the snapshot of that stop)`;
    if (next && this.interrupted.has(next.text) && next.anchor !== undefined && line === 'starti') return 'starti  (where replays start the interrupted run below)';
    const counted = entry.countedStop;
    const place = counted && this.pdbHits?.describe(counted.address, counted.count);
    if (place) return `${line}  (${place})`;
    return line;
  }

  private noteStopReason(instead?: StopReason): void {
    const status = this.debugger_.status();
    const key = pointKey(this.point);
    this.stopReasons.set(key, instead ?? (status.kind === 'stopped' ? status.reason : undefined));
    if (!this.stopBreakpoints.has(key) || this.point[this.point.length - 1]?.command.resumes) this.stopBreakpoints.set(key, this.lastStopBreakpoint);
  }

  /** Go to a time point: restart from the best snapshot and replay, silently. */
  async goTo(target: TimePoint): Promise<void> {
    // Already there (a search probing where the program stands, or the reverse command's
    // final move to where its last probe left it): a restore costs tens of ms, skip it.
    if (!this.restoreFailed && samePoint(this.point, target)) return;
    this.recordedPath.logFor(target);
    this.snapshotting.forgetDeadMarks();
    const wanted = [...target];
    const snapshots = this.marks.map((m) => ({ id: String(m.snapshotId), point: m.point }));
    const plan = planReplay(wanted, snapshots, this.dialect);
    const from = plan.snapshotId === undefined ? undefined : Number(plan.snapshotId);
    this.replaying = true; // from here on, Ctrl-C stops the replay (and the restore before it)
    this.replayInterrupted = false;
    try {
      if (from !== undefined) {
        await this.store.check(from); // shared memory that cannot be put back: refuse, the program stays where it is
        this.events.emit({ type: 'restore-started', snapshotId: from, target: target.length });
        this.restoreFailed = true; // until restore() returns, the program is nowhere in particular
        await this.control.restore(this.store.get(from));
        const mark = this.marks.find((m) => m.snapshotId === from);
        this.eras.restored(mark?.hits);
        await this.ignores?.setIgnoreCounts(mark?.ignores ?? new Map());
        this.restoreFailed = false;
        this.events.emit({ type: 'restored', snapshotId: from, commands: plan.covered.length });
        this.snapshotting.restored();
      } else {
        if (plan.replay.length === 0 || plan.replay[0].command.kind !== 'run') await this.control.killProgram();
        await this.eras.startedOver();
        await this.ignores?.setIgnoreCounts(new Map());
      }
      this.snapshotting.replayStarts(); // the replay's own commands count from here
      const common = sharedLength(this.point, target);
      this.setPoint([...plan.covered]);
      await this.eras.beginReplay();
      try {
        await this.replayAll(plan.replay, plan.covered.length, target.length - plan.replay.length, common, target.length);
      } finally {
        await this.eras.endReplay(this.point);
      }
    } catch (error) {
      if (error instanceof ReplayDivergedError) await this.stayAtLastMatch(error);
      throw error;
    } finally {
      this.replaying = false;
    }
    this.setPoint(wanted);
    await this.selectRecordedThread();
  }

  /**
   * A replay went another way than the recorded run: go back to the point before the command
   * that diverged (the last one that matched), which a replay reaches exactly.
   */
  private async stayAtLastMatch(error: ReplayDivergedError): Promise<void> {
    const matched = [...this.point];
    this.recordLog?.clearDivergence();
    this.restoreFailed = true;
    this.replaying = false;
    try {
      await this.goTo(matched);
    } catch (again) {
      if (!(again instanceof ReplayDivergedError)) throw again;
    }
    error.matched = [...this.point];
  }

  /**
   * After a search: end the snapshots its series took that the history does not pass
   * through. Of those it passes through, anchors are the only way back there and stay
   * (the budget never thins them); the others are ordinary snapshots from now on.
   */
  async dropSearchSnapshots(): Promise<void> {
    for (const mark of [...this.marks]) {
      if (!mark.bySeries) continue;
      if (isPointPrefix(mark.point, this.point)) {
        mark.bySeries = false;
        continue;
      }
      this.marks.splice(this.marks.indexOf(mark), 1);
      await this.store.discard(mark.snapshotId).catch(() => undefined);
    }
    await this.snapshotting.enforceBudget();
  }

  /** fred-reverse-watch's series: from `from`, run `command` at full speed, snapshotting on the way. */
  private async series(from: TimePoint, command: TimePointEntry, spacing: SeriesSpacing, max: number, onArm?: () => Promise<void>): Promise<TimePointEntry[][]> {
    const control = searchControlOf(this.control)!;
    await this.goTo(from);
    const fromPoint = [...this.point];
    // the library counts every thread (fred_search_threads.h) and a series' snapshot stops
    // the others, but a search over such snapshots gave wrong answers in a test
    // (test/session/programs/thread_corruption.c): not used with threads yet
    if (await this.programHasThreads()) throw new FastForwardUnavailable('fred does not yet take series of snapshots in a program with several threads');
    let collect: (() => Snapshot[]) | undefined;
    let hits: ReadonlyMap<number, number> | undefined;
    try {
      await this.replayArmed(from, command, async () => {
        await onArm?.();
        try {
          collect = await control.armSeries(spacing, max);
        } catch (error) {
          throw new FastForwardUnavailable((error as Error).message);
        }
        hits = this.eras.hitsAtSnapshot(); // the series ends at the first hit: its snapshots have these counts
      }, false);
    } finally {
      // the program stopped after the last snapshot, its series perhaps still armed: never go on from here
      this.restoreFailed = true;
    }
    const points: TimePointEntry[][] = [];
    const continues = command.command.kind === 'continue';
    for (const [k, snapshot] of (collect ? collect() : []).entries()) {
      // spaced by executions, a snapshot is where a counted stop replays to
      const last = 'cpuNs' in spacing ? anchorCommand(snapshot.id) : countedStopCommand(spacing.address, spacing.executions * (k + 1));
      const point = [...from, entryOf(last, this.dialect)];
      this.marks.push({ snapshotId: snapshot.id, point: [...fromPoint, point[point.length - 1]], bytes: snapshot.bytes, pinned: false, hits, bySeries: true });
      this.stopReasons.set(pointKey(point), 'other'); // reached only by restoring: no stop of its own
      if ('cpuNs' in spacing && continues) this.continueAnchors.add(snapshot.id);
      points.push(point);
    }
    return points;
  }

  /**
   * Replay one `command` from `from` (where the program stands) with the breakpoints of its
   * time, `arm` run just before it resumes the program (a series, counters, recorders).
   * `watchesHere`: re-create the watchpoints on locals live where it ends.
   */
  private async replayArmed(from: TimePoint, command: TimePointEntry, arm: () => Promise<void>, watchesHere: boolean): Promise<void> {
    this.armBeforeLastCommand = arm;
    this.replaying = true;
    this.replayInterrupted = false;
    try {
      await this.eras.beginReplay();
      try {
        await this.replayAll([command], from.length, from.length, from.length, from.length + 1);
      } finally {
        await this.eras.endReplay(watchesHere ? this.point : undefined);
      }
    } finally {
      this.armBeforeLastCommand = undefined;
      this.replaying = false;
    }
  }

  /** Go to `from`, then replay `command` with `arm` run just before it resumes the program (see replayArmed; `lines`: a counted stop's). */
  private async replayWithArm(from: TimePoint, command: TimePointEntry, arm: (lines?: number) => Promise<void>): Promise<void> {
    await this.goTo(from);
    // pdb's `fred-hits 0 N` replays as a `c` that the armed trace itself stops at the N-th line
    const counted = command.countedStop;
    const lines = counted && counted.address === 0n && this.dialect.countsLines ? counted.count : undefined;
    try {
      await this.replayArmed(from, lines ? entryOf('c', this.dialect) : command, () => arm(lines), false);
    } finally {
      if (lines) {
        this.stopReasons.delete(pointKey(this.point));
        this.setPoint([...from, command]);
        this.restoreFailed = true;
      }
    }
  }

  /** A replay left the program at `point` after a stop the debugger did not take as that point's: forget that stop, restore next time (see Replayer.standsAt). */
  private standsAt(point: TimePoint): void {
    this.stopReasons.delete(pointKey(this.point));
    this.setPoint([...point]);
    this.restoreFailed = true;
  }

  /** Ctrl-C during a replay: stop it (goTo then throws ReplayInterruptedError). False when not replaying. */
  interruptReplay(): boolean {
    if (!this.replaying) return false;
    this.replayInterrupted = true;
    // fred's own debugger commands (restore, snapshot) finish; the replay stops after them.
    // gdb may be running a long replayed command: interrupt it. pdb's replayed commands
    // are short (python3 repeats `n N` itself) and a ^C inside that loop would wedge it.
    if (this.replayCommandRunning && this.dialect.interruptsReplayedCommands) this.debugger_.interrupt();
    return true;
  }

  private async replayAll(replay: readonly TimePointEntry[], covered: number, firstIndex: number, common: number, targetLength: number): Promise<void> {
    for (const [k, entry] of replay.entries()) {
      if (this.replayInterrupted) throw new ReplayInterruptedError();
      const { text: command, command: c, anchor } = entry;
      await this.snapshotting.beforeReplayedCommand(c);
      if (c.resumes) {
        await this.eras.recreateWatchpoints(this.point);
        await this.eras.ensureFor([...this.point, entry]);
      }
      if (anchor !== undefined) {
        throw new HistoryError(`snapshot ${anchor}, the only way back to a point fred-reverse-watch found, is gone; fred-undo goes back before that point`);
      }
      // a search's last command here stops elsewhere on purpose (its series, or the
      // breakpoints set since recording would-be stops): only the others are checked
      const checked = c.resumes && !(k === replay.length - 1 && this.armBeforeLastCommand);
      if (k === replay.length - 1) await this.armBeforeLastCommand?.();
      this.replayCommandRunning = true;
      let out;
      try {
        out = await this.sendReplayed(entry, checked && this.recordedPath.hasRecordedStop([...this.point, entry]));
      } finally {
        this.replayCommandRunning = false;
      }
      if (out.debuggerExited) throw debuggerExited(this.dialect.kind, `while fred replayed '${command}'`);
      // it ran into the call the Ctrl-C stop waited in: past there it would wait for real
      if (this.guarding && k < replay.length - 1 && /\bfred_call_reached\b/.test(out.text)) {
        this.restoreFailed = true;
        throw new HistoryError(`cannot step back this way: '${command}' runs into the call the program waited in at the Ctrl-C stop; fred-undo goes back before it`);
      }
      // Ctrl-C stopped the command early: not a divergence, the user asked to go back
      if (this.replayInterrupted) throw new ReplayInterruptedError();
      this.replayed++;
      const divergence = this.recordLog?.read()?.divergence;
      if (divergence) throw new ReplayDivergedError(command, this.point.length, divergence);
      this.extendPoint(entry);
      if (!(k === replay.length - 1 && this.armBeforeLastCommand)) this.divergedUnless(command, this.recordedPath.checkLogIndex());
      if (checked) this.divergedUnless(command, await this.recordedPath.checkRecordedStop(out.text));
      if (c.kind === 'run') await this.eras.watches?.programReplaced();
      else await this.eras.watches?.afterCommand(out.text, this.point, this.debugger_.status().kind !== 'stopped');
      this.events.emit({ type: 'replay-progress', done: this.point.length - covered, total: replay.length, target: targetLength });
      this.noteStopReason(this.madeByFred(entry, out.text) ? 'other' : undefined);
    }
    if (this.replayInterrupted) throw new ReplayInterruptedError();
  }

  /**
   * The replayed `command` (the last of the history) went another way than the recorded
   * run (RecordedPath.checkLogIndex, checkRecordedStop say how): the history ends before
   * it, at the last point that matched.
   */
  private divergedUnless(command: string, divergence: string | undefined): void {
    if (divergence === undefined) return;
    const at = this.point.length - 1;
    this.setPoint(this.point.slice(0, -1));
    throw new ReplayDivergedError(command, at, divergence);
  }

  /** A replayed command (reportStop: its output says where it stopped); a counted stop is armed in the program, then a plain `continue`. */
  private async sendReplayed({ text: command, countedStop: counted }: TimePointEntry, reportStop: boolean): Promise<CommandOutput> {
    if (counted && this.dialect.countsLines && counted.address === 0n) return this.sendCountedLines(counted.count);
    if (counted && this.pdbHits) {
      const armed = await this.pdbHits.armStop(counted.address, counted.count);
      try {
        return await this.send('continue', { silent: true, reportStop });
      } finally {
        await this.pdbHits.report(armed); // disarms, wherever the continue ended
      }
    }
    if (!counted || !this.dialect.seesMachineCode) return this.send(this.dialect.replayedForm(command), { silent: true, reportStop });
    const control = searchControlOf(this.control);
    if (!control) throw new Error(`cannot replay '${command}': this debugger has no counted stops`);
    await control.armCountedStop(counted.address, counted.count);
    try {
      return await this.send('continue', { silent: true });
    } finally {
      await control.disarmCountedStop?.();
    }
  }

  /** pdb's counted stop (`fred-hits 0 N`): a `c` that stops just before the N-th line run from here (fredPdbState.py arm_lines). */
  private async sendCountedLines(count: number): Promise<CommandOutput> {
    const armed = await this.debugger_.execute(`p __import__('_fred_pdb').arm_lines(${count})`, { silent: true, keepStatus: true });
    if (armed.debuggerExited) return armed;
    if (armed.text.trim() !== 'None') throw new Error(`pdb could not arm fred's counted stop: ${armed.text.trim().slice(-200)}`);
    return this.send('c', { silent: true });
  }

  /** A stop fred made (a counted stop), not the program's signal: searches must see a line landing. */
  private madeByFred(entry: TimePointEntry, output: string): boolean {
    if (entry.countedStop === undefined) return false;
    // pdb: a counted `c` looks like a breakpoint stop to the adapter (a `c` stops only there)
    return this.dialect.countsLines || searchControlOf(this.control)?.endedAtCountedStop(output) === true;
  }

  /** One command; pdb has no repeat counts: `n 3` is three `n`s, ending early at a breakpoint or the end. */
  async send(command: string, options?: ExecuteOptions): Promise<CommandOutput> {
    const started = Date.now();
    try {
      // the user's thread numbers (replayed `thread N` too), which gdb's differ from after a restore
      const namesThread = this.dialect.followsThreads && ThreadBreakpoints.namesThread(command);
      const user = this.dialect.followsThreads && !options?.silent;
      const refused = user ? this.endedThreads.refusal(command, this.point) : undefined;
      if (refused) return { text: refused };
      const replaced = user && this.threadBreakpoints.restrictions.size > 0 ? await this.dropRestrictedAtRestart(command) : '';
      const before = commandNeedsThreads(command) || namesThread ? await this.threadMap() : undefined;
      // the threads when a command that may end one started (their LWPs name those that exit)
      const watchEnds = user && this.threadBreakpoints.restrictions.size > 0 && this.dialect.classify(command).resumes;
      const threadsBefore = watchEnds ? before ?? await this.threadMap() : undefined;
      // breakpoints restricted to a thread, `$_thread` in conditions: fred's numbers (threadBreakpoints.ts)
      const inThreads = this.dialect.followsThreads ? this.threadBreakpoints.toGdb(command, before, this.debugger_.status().kind === 'stopped') : command;
      const gdbCommand = before ? commandToGdb(inThreads, before) : inThreads;
      // the user's breakpoint numbers, which gdb's drift from when fred re-creates one
      if (options?.silent) return await this.sendLines(gdbCommand, options);
      const out = await this.sendLines(this.eras.numbers.toGdb(gdbCommand), options);
      let text = this.threadBreakpoints.answerToUser(this.eras.numbers.toUser(command, out.text));
      this.threadBreakpoints.noteAnswer(command, text);
      if (watchEnds && /^\[(?:Thread .* exited\]|Inferior \d+ \(process \d+\) exited)/m.test(text)) text = this.endedThreads.threadsExited(text, threadsBefore, this.threadBreakpoints.restrictions, await this.shownBreakpoints());
      if (user) text = this.endedThreads.table(text, this.point);
      if (this.dialect.followsThreads && /^\[New Thread /m.test(text)) this.sawThreads = true;
      // a command that does not resume leaves the threads as they were (and `thread N`'s
      // error names the number the user gave)
      const stayed = before && !this.dialect.classify(command).resumes;
      const after = stayed ? before : before || answerNeedsThreads(text) ? await this.threadMap() : undefined;
      return { ...out, text: replaced + (after ? answerToUser(command, text, after) : text) };
    } finally {
      this.snapshotting.commandRan(Date.now() - started);
      this.kills.note(this.debugger_.status());
    }
  }

  /**
   * The user's `run` or `kill` of a live program: gdb would delete the thread-restricted
   * breakpoints with the threads; fred deletes them in gdb and returns gdb's notes.
   */
  private async dropRestrictedAtRestart(command: string): Promise<string> {
    const kind = this.dialect.classify(command).kind;
    if ((kind !== 'run' && kind !== 'kill') || this.debugger_.status().kind !== 'stopped') return '';
    const restrictions = this.threadBreakpoints.restrictions;
    const present = (await this.debugger_.breakpoints()).map((b) => b.number).filter((n) => restrictions.has(this.eras.numbers.userOf(n)));
    if (present.length === 0) return '';
    const notes = this.endedThreads.programReplaced(restrictions, await this.shownBreakpoints());
    await this.debugger_.execute(`delete ${present.join(' ')}`, { silent: true, keepStatus: true });
    this.eras.changed();
    return notes;
  }

  /** The user's breakpoints gdb has now, less those hidden (their thread ended). */
  private async shownBreakpoints(): Promise<Set<number>> {
    const hidden = this.endedThreads.hidden(this.point);
    return new Set((await this.debugger_.breakpoints()).map((b) => this.eras.numbers.userOf(b.number)).filter((b) => !hidden.has(b)));
  }

  private async sendLines(command: string, options?: ExecuteOptions): Promise<CommandOutput> {
    const out = await this.sendRepeated(command, options);
    if (this.dialect.stopBreakpoint && this.dialect.classify(command).resumes) {
      const gdbNumber = this.dialect.stopBreakpoint(out.text);
      this.lastStopBreakpoint = gdbNumber === undefined ? undefined : this.eras.userOf(gdbNumber);
    }
    return out;
  }

  /**
   * gdb's `continue N`: ignore the breakpoint the time point stopped at N-1 more times, then
   * continue. gdb itself would look at its last stop, which fred's own commands (a
   * snapshot, a restore) replace: "Not stopped at any breakpoint" where the user's was.
   */
  private async continueCounted(command: string, options?: ExecuteOptions): Promise<CommandOutput | undefined> {
    const c = this.dialect.classify(command);
    if (!this.dialect.continueTakesIgnoreCount || c.kind !== 'continue' || !/^\d+$/.test(c.argument)) return undefined;
    const user = this.stopBreakpoints.get(pointKey(this.point));
    const at = user === undefined ? undefined : this.eras.gdbOf(user);
    // gdb ignores the count when the stop's breakpoint is gone (a tbreak, or deleted since)
    const exists = at !== undefined && (await this.debugger_.breakpoints()).some((b) => b.number === at);
    let said = 'Not stopped at any breakpoint; argument ignored.\n';
    if (exists) {
      const set = await this.debugger_.execute(`ignore ${at} ${Math.max(Number(c.argument) - 1, 0)}`, { silent: true, keepStatus: true });
      said = `${set.text.trim()}  `;
    }
    const out = await this.debugger_.execute('continue', options);
    return { text: said + out.text, debuggerExited: out.debuggerExited };
  }

  private async sendRepeated(command: string, options?: ExecuteOptions): Promise<CommandOutput> {
    const counted = await this.continueCounted(command, options);
    if (counted) return counted;
    const { line, times } = this.dialect.repeatedLines(command);
    const repeating = this.debugger_ as Partial<RepeatingDebugger>;
    if (times > 1 && repeating.repeat) return repeating.repeat(line, times, options);
    let out = await this.debugger_.execute(line, options);
    let text = out.text;
    for (let i = 1; i < times && !out.debuggerExited; i++) {
      const status = this.debugger_.status();
      if (status.kind !== 'stopped' || status.reason === 'breakpoint') break;
      out = await this.debugger_.execute(line, options);
      text += out.text;
    }
    return { text, debuggerExited: out.debuggerExited };
  }

  /** The program's state here, for the history algorithms. */
  async state(expression?: string, frameDepth?: number): Promise<ProbeState> {
    const state = await this.readState(expression, frameDepth);
    await this.kills.check(state.location?.pid); // read from a live program, or the search ends here
    return state;
  }

  private async readState(expression?: string, frameDepth?: number): Promise<ProbeState> {
    const status = this.debugger_.status();
    this.kills.note(status);
    if (status.kind === 'exited') return { exited: true };
    if (status.kind === 'not-started') return { exited: true, error: 'the program is not running' };
    const location = await this.debugger_.location();
    const key = pointKey(this.point);
    const state: ProbeState = { location, reason: this.stopReasons.has(key) ? this.stopReasons.get(key) : status.reason };
    if (state.reason === 'breakpoint' && !(await this.stopStillCounts(key))) state.breakpointGone = true;
    const threads = await this.threadMap(); // reverse commands follow the thread (threadSwitch.ts)
    if (threads?.selectedUser !== undefined) Object.assign(state, { thread: threads.selectedUser, threads: threads.users, wayOut: threads.selectedWayOut, waitsIn: threads.selectedWaitsIn });
    if (expression !== undefined) {
      const value = await this.debugger_.evaluate(expression, frameDepth);
      if (value === undefined) state.error = `cannot evaluate ${expression} here`;
      else state.value = value;
    }
    return state;
  }

  /**
   * A breakpoint stop of the history is a stop of now only if its breakpoint would still
   * make it: not a `tbreak` the stop deleted, nor one deleted or disabled since; under a
   * condition changed since, the condition of now decides, asked here. A stop fred cannot
   * name the breakpoint of counts as before.
   */
  private async stopStillCounts(key: string): Promise<boolean> {
    const user = this.stopBreakpoints.get(key);
    if (user === undefined) return true;
    const condition = await this.eras.conditionNow(user);
    if (condition === undefined) return false;
    if (this.eras.ranWith(this.point, new Map([[user, condition]]))) return true;
    return (await this.debugger_.evaluate(`(${condition}) != 0`)) === '1';
  }

  readonly prober: Prober;

  private fastForward(): FastForward | undefined {
    const control = searchControlOf(this.control);
    if (!control) return undefined;
    return {
      series: (from, command, spacing, max) => this.series(from, command, spacing, max),
      lineStart: async (point, depth, loop) => {
        await this.goTo(point);
        return control.lineStart(depth, loop);
      },
      wouldStop: this.dialect.seesMachineCode ? (from, command) => this.stops.wouldStop(from, command) : undefined,
      callInstruction: this.dialect.seesMachineCode ? (point) => this.callInstruction(point) : undefined,
      programCall: this.dialect.seesMachineCode ? (point) => this.programCall(point) : undefined,
      lineEntry: this.dialect.seesMachineCode ? (point) => this.lineEntry(point) : undefined,
      executions: this.dialect.seesMachineCode ? (from, command, address, limit) => this.executions(from, command, address, limit) : undefined,
      lineWalk: this.dialect.seesMachineCode ? (from, units, target) => this.lineWalk(from, units, target) : undefined,
    };
  }

  /** See FastForward.executions: recorded by a silent breakpoint at `address` while `command` replays (a gdb stop each, up to `limit`). */
  private async executions(from: TimePoint, command: TimePointEntry, address: bigint, limit?: number): Promise<number | undefined> {
    const { stops, over } = await this.stops.recordedWouldStop(from, command, [], [address], limit ?? 0);
    if (over) return undefined;
    return stops.filter((s) => s.address === address).reduce((n, s) => Math.max(n, s.execution), 0);
  }

  /** See FastForward.callInstruction (fred-call-instruction in fredGdbHelpers.py). */
  private async callInstruction(point: TimePoint): Promise<bigint | undefined> {
    await this.goTo(point);
    const answer = helperAnswer((await this.debugger_.execute('fred-call-instruction', { silent: true, keepStatus: true })).text);
    return answer?.ok && typeof answer.address === 'string' ? BigInt(`0x${answer.address}`) : undefined;
  }

  /** See FastForward.programCall (fred-program-call in fredGdbHelpers.py). */
  private async programCall(point: TimePoint): Promise<{ address: bigint; depth: number } | undefined> {
    await this.goTo(point);
    const answer = helperAnswer((await this.debugger_.execute('fred-program-call', { silent: true, keepStatus: true })).text);
    return answer?.ok && typeof answer.address === 'string' && typeof answer.depth === 'number' ? { address: BigInt(`0x${answer.address}`), depth: answer.depth } : undefined;
  }

  /** See FastForward.lineEntry (fred-line-entry in fredGdbHelpers.py). */
  private async lineEntry(point: TimePoint): Promise<LineEntry | undefined> {
    await this.goTo(point);
    const answer = helperAnswer((await this.debugger_.execute('fred-line-entry', { silent: true, keepStatus: true })).text);
    return answer?.ok && typeof answer.entry === 'string' ? { entry: BigInt(`0x${answer.entry}`), loops: answer.loops === true, first: answer.first === true } : undefined;
  }

  /** See FastForward.lineWalk (fred-line-walk in fredGdbHelpers.py): gdb steps, fred only reads the answer. */
  private async lineWalk(from: TimePoint, units: readonly InstructionUnits[], target: LineWalkTarget): Promise<LineWalk | undefined> {
    await this.goTo(from);
    if (units.length > 0) this.restoreFailed = true; // the walk moves the program where no history says
    const kinds = units.map((u) => `${u.kind} ${u.count}`).join(' ');
    const out = await this.send(`fred-line-walk ${target.address.toString(16)} ${target.frameId} ${target.depth} ${kinds}`, { silent: true, keepStatus: true });
    const answer = helperAnswer(out.text);
    if (!answer?.ok || typeof answer.start !== 'number') return undefined;
    return { start: answer.start, call: (answer.call ?? undefined) as LineWalk['call'], entry: answer.entry === true };
  }

  /** See Prober.armedAsNow: the breakpoints of now, each enabled under the same condition when `point`'s last command ran. */
  private armedAsNow(point: TimePoint): boolean {
    if (this.runsPassBreakpoints || this.stops.breakpointsNow === undefined) return false;
    const now = new Map(this.stops.breakpointsNow.map((n) => [this.eras.numbers.userOf(n), this.stops.conditionsNow.get(n) ?? '']));
    return this.eras.ranWith(point, now);
  }

  /** The user gave an ignore count (`ignore`, `continue N`) or breakpoint commands at some time. */
  private runsPassBreakpoints = false;

  /** The write watchpoints enabled when the running reverse command started: it stops before their last change. */
  watchesNow: WatchedExpression[] = [];

  /** gdb's enabled write watchpoints, under the user's numbers (fredGdbHelpers.py). */
  private async watchStops(): Promise<WatchedExpression[]> {
    if (!this.dialect.hasWatchpoints || this.debugger_.status().kind !== 'stopped') return [];
    const answer = helperAnswer((await this.debugger_.execute('fred-watch-stops', { silent: true, keepStatus: true })).text);
    const list = (answer?.watchpoints ?? []) as Array<{ number: number; label: string; shown: string; expression: string; condition?: string | null }>;
    return list.map((w) => {
      const user = this.eras.numbers.userOf(w.number);
      return { number: user, label: w.label, shown: w.shown, expression: w.expression, frameDepth: this.eras.watches?.frameHeight(user), condition: w.condition ?? undefined };
    });
  }

  /**
   * reverse-stepi / reverse-nexti, `count` times: the time point one instruction back. After
   * `stepi N` that is `stepi N-1`; otherwise fred steps instructions from the point before
   * the last command until it reaches this one (gdb: fred-steps-to) and counts them. nexti:
   * when the instruction before was inside a call, back to the call, as gdb does.
   */
  async instructionsBack(kind: 'stepi' | 'nexti', count: number): Promise<TimePointEntry[]> {
    let point = [...this.point];
    for (let n = 0; n < count; n++) {
      const start = startOf(point);
      let last = point.length - 1;
      while (last >= start && !point[last].command.movesProgram) last--;
      if (last < start) {
        if (n > 0) return point;
        throw new HistoryError('already at the start of history: nothing to reverse (fred-history shows the commands)');
      }
      const c = point[last].command;
      const before = point.slice(0, last);
      if (c.kind === kind) {
        point = c.count > 1 ? [...before, entryOf(repeatCommand(kind, c.count - 1), this.dialect)] : before;
        continue;
      }
      point = await this.stepsBack(point, before, kind);
    }
    return point;
  }

  private async stepsBack(point: TimePoint, before: TimePointEntry[], kind: 'stepi' | 'nexti'): Promise<TimePointEntry[]> {
    await this.goTo(point);
    const here = await this.debugger_.location();
    if (!here?.pc || !here.frameId) throw new HistoryError('the program is not running here: nothing to step back through');
    // nexti: the instruction before, in this frame, may lie before the last command (it
    // called the function `finish` left): walk from a point no deeper than here
    for (;;) {
      await this.goTo(before);
      const depth = (await this.debugger_.location())?.depth;
      if (kind === 'stepi' || depth === undefined || depth <= here.depth) break;
      const start = startOf(before);
      let last = before.length - 1;
      while (last >= start && !before[last].command.movesProgram) last--;
      if (last < start) break;
      before = before.slice(0, last);
    }
    this.restoreFailed = true; // the walk moves the program where no history says
    const out = await this.send(`fred-steps-to ${here.pc} ${here.frameId} ${here.depth} ${maxInstructionsBack}`, { silent: true, keepStatus: true });
    // the walk replays everything after `before`: its steps stand for those commands
    const answer = /fred-json: (.*)/.exec(out.text)?.[1];
    const result = answer ? (JSON.parse(answer) as { ok: boolean; steps?: number; shallow?: number; error?: string }) : undefined;
    if (!result?.ok || result.steps === undefined) {
      throw new HistoryError(`cannot step back one instruction: stepping from the point before the last command, ${result?.error ?? 'fred got no answer'}; fred-undo goes back before it`);
    }
    const steps = kind === 'nexti' ? result.shallow! : result.steps - 1;
    return steps > 0 ? [...before, entryOf(repeatCommand('stepi', steps), this.dialect)] : before;
  }

  /** Run a reverse algorithm, go where it says, and report where the program is. */
  async reverse(command: string, plan: () => Promise<{ target: TimePoint; probes: number; message?: string }>): Promise<string> {
    const started = Date.now();
    const before = [...this.point];
    if (command !== 'fred-undo' && command !== 'fred-switch') this.refuseKilledEnd();
    const existing = await this.debugger_.breakpoints();
    // killed while stopped: gdb still shows the dead program; probes must not read it
    if (await this.kills.begin()) this.restoreFailed = true;
    // the point we start from stays one restore away, or a cheap exact replay away (snapshotPolicy.ts)
    else if (this.debugger_.status().kind === 'stopped') await this.snapshotting.markBeforeReverse();
    const replayedBefore = this.replayed;
    const watchpoints = existing.filter((b) => b.kind === 'watchpoint');
    // conditions of now: a replay runs with those of its time (breakpointEras)
    this.stops.startReverse(existing);
    this.watchesNow = await this.watchStops();
    const localWatches = this.eras.watches?.present() ?? new Set<number>();
    try {
      await this.guardWaitingCall(true);
      const result = await plan().finally(() => this.guardWaitingCall(false));
      await this.goTo(command.startsWith('fred-reverse-') ? atInnermostFrame(result.target) : result.target);
      await this.kills.check();
      this.kills.end();
      this.eras.arrived(this.point);
      await this.dropSearchSnapshots();
      this.lastReverse = { command, ms: Date.now() - started, probes: result.probes, replayed: this.replayed - replayedBefore };
      const where = await this.control.showLocation();
      const thread = await this.selectedThreadLine();
      const lines = [result.message, thread, where, ...(await this.lostWatchpoints(watchpoints, localWatches)), ...this.notFollowed(command, watchpoints, existing)].filter((l) => l);
      return lines.join('\n');
    } catch (error) {
      this.kills.end();
      if (error instanceof ProgramKilledError || await this.kills.happened(error)) return this.putBackAfterKill(command, before, Math.max(0, ...existing.map((b) => b.number)));
      if (error instanceof ReplayDivergedError) {
        // never show another execution: stay at the last point the replay matched, say so
        this.eras.arrived(this.point);
        await this.dropSearchSnapshots().catch(() => undefined);
        const where = await this.control.showLocation().catch(() => '');
        throw new FredError('replay-diverged', `${error.message}\n${where}`.trimEnd());
      }
      if (error instanceof HistoryError || error instanceof SearchAbortedError || error instanceof ReplayInterruptedError) {
        // a search may have moved the program: put it back where the user was
        if (this.restoreFailed || !samePoint(this.point, before)) {
          await this.goTo(before).catch((again) => {
            // the way back went another way than the recorded run: say that, in one line
            if (again instanceof ReplayDivergedError) throw new FredError('replay-diverged', `${error.message}; going back to where you were: ${again.message}`);
            throw again;
          });
        }
        await this.dropSearchSnapshots();
        throw new FredError('history', error.message);
      }
      // an internal error: still try to leave the program where the user was, keep the cause
      await this.goTo(before).catch(() => undefined);
      await this.dropSearchSnapshots().catch(() => undefined);
      throw error;
    }
  }

  /**
   * The program ended by SIGKILL (killed from outside while it ran): no replay ends that
   * way, so searching back from that end would never finish. Say so instead.
   */
  private refuseKilledEnd(): void {
    if (!endedBySigkill(this.debugger_.status())) return;
    const command = this.point[this.point.length - 1]?.text;
    throw new FredError('died', `the program was killed (SIGKILL)${command ? ` during '${command}'` : ''}; no replay ends that way, so fred cannot search back from here: fred-undo goes back before it, run starts it again`);
  }

  /**
   * The program was killed from outside while a reverse command searched: its answer
   * cannot be trusted. Put the program back where the user was (a copy of a snapshot) and
   * say so; the same command can be typed again.
   */
  private async putBackAfterKill(command: string, before: TimePoint, highestBreakpoint: number): Promise<never> {
    let failure: Error | undefined;
    // twice: the first restore may trip over what is left of the dead program in gdb
    for (let attempt = 0; attempt < 2; attempt++) {
      this.restoreFailed = true;
      failure = await this.goTo(before).then(() => undefined, (error: Error) => error);
      if (!failure || (failure instanceof FredError && failure.code === 'debugger')) break;
    }
    if (failure instanceof FredError && failure.code === 'debugger') throw failure;
    await (this.control as Partial<KillReport>).dropTemporaryAbove?.(highestBreakpoint).catch(() => undefined);
    if (failure) throw new FredError('died', `the program was killed (SIGKILL) during ${command}, and fred could not put it back (${failure.message.split('\n')[0]}); run starts it again`);
    await this.dropSearchSnapshots();
    throw new FredError('died', `the program was killed (SIGKILL) during ${command}; fred put it back where you were: type ${command} again`);
  }


  /** Read and access watchpoints: a reverse command that stops for watchpoints does not stop for these (nor does gdb 13's record here). */
  private notFollowed(command: string, watchpoints: readonly BreakpointState[], existing: readonly BreakpointState[]): string[] {
    if (!/^fred-reverse-(continue|next|step|finish)$/.test(command)) return [];
    return [
      ...(command === 'fred-reverse-finish' ? [] : watchpoints.filter((w) => w.enabled && /^[ra]watch\b/.test(w.spec))
        .map((w) => `fred: ${w.spec.startsWith('r') ? 'read' : 'access'} watchpoint ${this.eras.numbers.userOf(w.number)} is not followed going back (only watch is)`)),
      ...catchpointsNotFollowed(existing, (n) => this.eras.numbers.userOf(n)),
    ];
  }

  /**
   * Watchpoints there before the reverse command and not now: a watchpoint on a local whose
   * frame is not live at this point (as in a forward run), or one fred could not re-create.
   */
  private async lostWatchpoints(before: BreakpointState[], localBefore: ReadonlySet<number>): Promise<string[]> {
    if (before.length === 0) return [];
    const now = new Set((await this.debugger_.breakpoints()).map((b) => this.eras.numbers.userOf(b.number)));
    const notes: string[] = [];
    for (const w of before) {
      const user = this.eras.numbers.userOf(w.number);
      if (now.has(user)) continue;
      const expression = w.spec.replace(/^\S+\s+/, '');
      notes.push(localBefore.has(user)
        ? `fred: watchpoint ${user} (${expression}) is not set at this point: the frame it watches in is not live here`
        : `fred: gdb deleted watchpoint ${user} and fred could not set it again; set it again with: ${w.spec}`);
    }
    return notes;
  }

  async close(): Promise<void> {
    await this.store.discardAll().catch(() => undefined);
    await this.debugger_.close();
  }
}

/** gdb's and pdb's answers to up/down/frame that select nothing new. */
const frameSelectFailed = /^(Initial frame selected; you cannot go up\.|Bottom \(innermost\) frame selected; you cannot go down\.|No stack\.|No frame at level|Invalid frame)/m;

/** reverse-stepi walks at most this many instructions from the point before the last command. */
const maxInstructionsBack = 20000;

/** gdb's error messages for a side effect that did not happen (print x = 5 with no x, return in the outermost frame...). */
const gdbError = /^(No symbol|A syntax error|Cannot |Can not |Attempt to|Invalid|Left operand|No stack|The program has no|You can't do that|Argument required|Undefined|No frame|History has not yet reached)/m;

/** Ctrl-C stopped a replay; the session goes back to where the user was. */
export class ReplayInterruptedError extends Error {
  constructor() {
    super('interrupted (Ctrl-C): the program is back where it was before the command');
    this.name = 'ReplayInterruptedError';
  }
}

/** A replayed command asked the outside world for other than the recorded run got. */
export class ReplayDivergedError extends Error {
  /** The history the program was left at (the last point that matched). */
  matched: TimePoint = [];
  constructor(readonly command: string, readonly index: number, readonly divergence: string) {
    super(`the replay went another way than the recorded run at history entry ${index + 1} ('${command}'): ${divergence}; stopped at the last point that matched`);
    this.name = 'ReplayDivergedError';
  }
}

/** gdb's control also keeps watchpoints on locals and hit counts across restores. */
function breakpointControlOf(control: ProgramControl): BreakpointControl | undefined {
  const c = control as Partial<BreakpointControl>;
  return c.recreate && c.watchpoints && c.lostByRestore && c.resetHits && c.hitsAtLastSnapshot ? (control as unknown as BreakpointControl) : undefined;
}

