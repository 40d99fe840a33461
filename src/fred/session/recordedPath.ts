// Which path of history does fred's record log (recordLog.ts; the native side in
// src/checkpointer-native/src/fred_record.h) belong to, and do replays stay on it? The
// session asks it around each command the user types and each command it replays: it
// keeps the log consistent with the history (cut where the user goes a new way, the old
// path's log kept for fred-switch and fred-restart), notes where each point stood in the
// log and where each resuming command stopped, answers whether a replay went elsewhere,
// and says once what the log cannot promise.
import * as path from 'path';
import { Debugger } from '../../debugger-adapters/debugger';
import { isPointPrefix, pointKey, TimePoint, TimePointEntry } from '../../history/timePointEntry';
import { RecordLog } from '../checkpointer/recordLog';

/** The session as it moves along its history: what RecordedPath needs to see where the program stands and end an old path. */
export interface HistoryWalker {
  readonly debugger_: Debugger;
  /** The commands that led to where the program stands now (Session.timePoint). */
  readonly timePoint: TimePoint;
  /** What the program took from outside, kept by the preloaded library (Session.recordLog); undefined without one. */
  readonly recordLog: RecordLog | undefined;
  /**
   * End the snapshots on the old path from `point` on, which a replay would take for the
   * new path's; a checkpoint the user took there stays as an anchor (Session.endSnapshotsFrom).
   */
  endSnapshotsFrom(point: TimePoint): Promise<void>;
}

/** The record log's path of history and the stops recorded along it (see the top of this file). */
export class RecordedPath {
  /** The history the record log was written along: replays and re-runs of its prefixes read it. */
  private logHistory: TimePoint = [];
  /** How many recorded calls the program had made at each time point it reached (its place in the log). */
  private readonly logIndexAt = new Map<string, number>();
  /** Where each resuming command the user typed stopped going forward (see stopKey). */
  private readonly recordedStops = new Map<string, string>();
  /** What fred said about the record log already (once per execution). */
  private readonly logNotices = new Set<string>();
  /** Logs of paths left for a new one (fred-switch and fred-restart may go back to them). */
  private readonly otherLogs: { history: TimePoint; bytes: Buffer }[] = [];

  constructor(private readonly walker: HistoryWalker) {}

  private get history(): TimePoint {
    return this.walker.timePoint;
  }

  /** Whether the user's forward run stopped somewhere at `point` (a replay to it is checked: checkRecordedStop). */
  hasRecordedStop(point: TimePoint): boolean {
    return this.recordedStops.has(pointKey(point));
  }

  /** Where the program stands in the record log at this time point (the first time it is reached). */
  noteLogIndex(): number | undefined {
    const index = this.walker.recordLog?.read()?.liveIndex;
    const key = pointKey(this.history);
    if (index !== undefined && !this.logIndexAt.has(key)) this.logIndexAt.set(key, index);
    return index;
  }

  /**
   * Before a command the user typed runs: the record log holds what the program took from
   * outside along logHistory. Stepping or continuing again from a point of it re-runs the
   * same execution (it only stops elsewhere), so the log goes on answering: the same clock,
   * the same input, nothing typed again. A command that changes the program (set var, call,
   * jump, a signal) takes a new path: the log is cut where the program stands (the old one
   * is kept for fred-switch). `run` is a new execution with an empty log.
   */
  logBeforeUserCommand({ text: line, command: c }: TimePointEntry): void {
    const log = this.walker.recordLog;
    if (!log) return;
    if (c.kind === 'run') {
      log.startOver();
      this.logHistory = [];
      this.otherLogs.length = 0;
      this.logNotices.clear();
      this.logIndexAt.clear();
    } else if ((c.kind === 'side-effect' || c.kind === 'jump') && this.logHistory[this.history.length]?.text !== line) {
      if (this.logHistory.length > this.history.length) this.keepLogOfPath();
      log.cutAtLive();
      this.logHistory = [...this.history];
      this.forgetWhatLiesAfter(this.history);
    }
  }

  /**
   * A command the user typed moved the program to the end of the history: the log's path
   * goes on along it (unless it re-ran a stretch of the log's), this point's place in the
   * log is noted, and a resuming command's stop (noteRecordedStop).
   */
  async afterUserMove(resumes: boolean): Promise<void> {
    if (!isPointPrefix(this.history, this.logHistory)) this.logHistory = [...this.history];
    this.noteLogIndex();
    if (resumes) await this.noteRecordedStop();
  }

  /**
   * Where the program stands now, as compared between a forward run and its replays. A
   * replayed command's output says where it stopped (ExecuteOptions.reportStop): then no
   * question is asked.
   */
  private async stopKey(output?: string): Promise<string | undefined> {
    const status = this.walker.debugger_.status();
    if (status.kind === 'exited') return 'after the program exited';
    if (status.kind !== 'stopped') return undefined;
    const at = (output === undefined ? undefined : this.walker.debugger_.stopReported?.(output)) ?? await this.walker.debugger_.location();
    if (!at) return undefined;
    const line = at.file && at.line !== undefined ? ` at ${path.basename(at.file)}:${at.line}` : '';
    const pc = at.pc && /^0x/.test(at.pc) ? `${at.pc}, ` : '';
    return `in ${at.function ?? '??'}${line} (${pc}${at.depth} frame${at.depth === 1 ? '' : 's'} deep)`;
  }

  /**
   * The stop a command the user typed reached going forward: replays to it must reach it
   * too. The same commands typed again after going back may stop elsewhere (a breakpoint
   * set since, input that changed in a program that records nothing): from here on, what
   * fred knew of this point and those after it belongs to the other path.
   */
  private async noteRecordedStop(): Promise<void> {
    const key = pointKey(this.history);
    const stop = await this.stopKey();
    const recorded = this.recordedStops.get(key);
    if (!stop || stop === recorded) return;
    if (recorded !== undefined) await this.leaveOtherPath(this.history);
    this.recordedStops.set(key, stop);
  }

  /**
   * `point` was reached again by the same commands and stopped elsewhere: forget the stops
   * and log positions of the old path from `point` on and end its snapshots, which a replay
   * would take for this path's. A checkpoint the user took there stays, as an anchor:
   * fred-restart still goes back to it, and no replay on this path starts from it.
   */
  async leaveOtherPath(point: TimePoint): Promise<void> {
    const before = point.slice(0, -1);
    this.forgetWhatLiesAfter(before);
    this.noteLogIndex();
    await this.walker.endSnapshotsFrom(point);
  }

  /**
   * Each replayed command must stop where it stopped when the user typed it (gdb:
   * function, pc and depth; pdb: function, file:line and depth). Else the replay ran
   * another execution (a signal, a thread, a clock read fred could not record): say so
   * at the first command that went elsewhere, before any later one hides it. Returns how
   * the replay diverged (the session throws ReplayDivergedError), undefined when it did not.
   */
  async checkRecordedStop(output: string): Promise<string | undefined> {
    const recorded = this.recordedStops.get(pointKey(this.history));
    if (!recorded) return undefined;
    const now = await this.stopKey(output);
    if (now === undefined || now === recorded) return undefined;
    return `it stopped ${now}, the recorded run ${recorded}`;
  }

  /**
   * A replayed command must stop where the recorded run stopped in the log too: after as
   * many recorded calls. Fewer or more means it went another way between two calls (a
   * signal that could not be placed, an input the log does not cover). Returns how it
   * diverged (the session throws ReplayDivergedError), undefined when it did not.
   */
  checkLogIndex(): string | undefined {
    const expected = this.logIndexAt.get(pointKey(this.history));
    const now = this.noteLogIndex();
    if (expected === undefined || now === undefined || now === expected) return undefined;
    return `it stopped after ${now} of the recorded calls, the recorded run after ${expected}`;
  }

  /** Past a cut, the time points ahead of here will be reached along a new path: forget their log positions and stops. */
  private forgetWhatLiesAfter(point: TimePoint): void {
    const prefix = pointKey(point);
    for (const known of [this.logIndexAt, this.recordedStops]) {
      for (const key of [...known.keys()]) if (key.length > prefix.length && key.startsWith(prefix)) known.delete(key);
    }
  }

  /**
   * After a command the user typed: what the record log cannot promise, said once. A
   * program that never opened the log does not load fred's library (statically linked,
   * set-user-ID, or not the program fred was started on); a full log stops recording.
   */
  logNotice(): string | undefined {
    const log = this.walker.recordLog;
    if (!log || this.history.length === 0 || this.walker.debugger_.status().kind !== 'stopped') return undefined;
    const state = log.read();
    const notice = !state
      ? 'fred: this program does not record what it takes from outside (it does not load fred\'s library: statically linked, set-user-ID, or another program than fred was started on); going back may show other clock values, random numbers or input'
      : state.unrecorded && `fred: not recorded from here on: ${state.unrecorded}; going back past this point may show other values than this run saw`;
    if (!notice || this.logNotices.has(notice)) return undefined;
    this.logNotices.add(notice);
    return notice;
  }

  /** Keep the log of the path being left, for a later fred-switch or fred-restart to it. */
  private keepLogOfPath(): void {
    const bytes = this.walker.recordLog?.save();
    if (bytes && bytes.length <= MAX_KEPT_LOG_BYTES) this.otherLogs.push({ history: [...this.logHistory], bytes });
  }

  /** Before going to a point on another path than the log's: put that path's own log in place. */
  logFor(target: TimePoint): void {
    const log = this.walker.recordLog;
    if (!log || onePath(target, this.logHistory)) return;
    const index = this.otherLogs.findIndex((o) => onePath(target, o.history));
    if (index < 0) return;
    const [saved] = this.otherLogs.splice(index, 1);
    this.keepLogOfPath();
    log.load(saved.bytes);
    this.logHistory = saved.history;
  }

  /**
   * The user's own Ctrl-C stopped a command on a path the log had recorded (the log says it
   * diverged at signal 2): the stop is a point of this very execution (its anchor snapshot
   * holds it), and from here the program runs live. The log is cut where the program stands;
   * the points after `before` will be reached along this new path.
   */
  runLiveFromInterrupt(before: TimePoint): void {
    const log = this.walker.recordLog;
    if (!log) return;
    log.clearDivergence();
    if (this.logHistory.length > before.length) this.keepLogOfPath();
    log.cutAtLive();
    this.forgetWhatLiesAfter(before);
    this.logHistory = [...this.history];
    this.noteLogIndex();
  }

  /** A command diverged and the program went back to `before`: the log is cut there (the command runs live when typed again). */
  cutAfterDivergence(before: TimePoint): void {
    this.walker.recordLog?.cutAtLive();
    this.logHistory = [...before];
  }

  /**
   * The program stands at `before` and the stretch after it is recorded anew (pdb: the
   * log holds a Ctrl-C's signal, which no replay receives): the old path's log is kept,
   * the log cut here.
   */
  recordAnewFrom(before: TimePoint): void {
    const log = this.walker.recordLog;
    if (!log) return;
    if (this.logHistory.length > before.length) this.keepLogOfPath();
    log.cutAtLive();
    this.logHistory = [...before];
    this.forgetWhatLiesAfter(before);
  }
}

/** Logs of other paths kept in memory up to this size each (a bigger one is dropped). */
const MAX_KEPT_LOG_BYTES = 64 * 1024 * 1024;

/** One is a prefix of the other: both lie on one path of the program. */
function onePath(a: TimePoint, b: TimePoint): boolean {
  return isPointPrefix(a, b) || isPointPrefix(b, a);
}
