// What the screen shows about the session's time: the furthest history seen on this
// line of time (commands undone by a reverse command stay visible, after the current
// point), the snapshot and checkpoint marks, and the progress of a running search
// (probe targets, the distance left). Fed by session events; read by the panes.
import { TimePointEntry } from '../../history/timePointEntry';
import { SessionEvent } from '../session/sessionEvents';
import { StartedSession } from '../session/startSession';
import { ProgramClock } from './timeScale';

export interface SearchView {
  probes: number;
  phase: string;
  remaining: number;
  /** The largest distance reported in this phase (the bar's full width). */
  initial: number;
  /** The command that searched has finished. */
  done: boolean;
  /** Where the change lies, in time points (the search's bracket [lo, hi]), when it says. */
  span?: { from: number; to: number };
}

export interface TimeMark { at: number; checkpoint?: number; snapshotId: number }

function isPrefix(prefix: readonly string[], of: readonly string[]): boolean {
  return prefix.length <= of.length && prefix.every((c, i) => c === of[i]);
}

/** A mark's time point lies on the line of time OF. */
function liesOn(point: readonly TimePointEntry[], of: readonly string[]): boolean {
  return point.length <= of.length && point.every((e, i) => e.text === of[i]);
}

export class SessionView {
  /** The history including undone commands (a prefix of it is the current point). */
  furthest: string[] = [];
  search?: SearchView;
  /** Time points (command counts) the current command went to, latest last. */
  visits: number[] = [];
  /** The program's CPU time at the time points (the timeline's scale). */
  readonly clock = new ProgramClock();

  constructor(private readonly started: StartedSession) {}

  /** Where the program is, as of the last finished command (probes move it meanwhile). */
  now = 0;

  get history(): readonly string[] { return this.started.session.history; }

  /** Where snapshots and user checkpoints sit, in commands since program start. */
  marks(): TimeMark[] {
    const pinned = new Map(this.started.runner.checkpoints.map((c) => [c.snapshotId, c.number]));
    return this.started.session.marks
      .filter((m) => liesOn(m.point, this.furthest))
      .map((m) => ({ at: m.point.length, snapshotId: m.snapshotId, checkpoint: pinned.get(m.snapshotId) }));
  }

  /** Call after every command: keeps undone commands while we stay on the same line of time. */
  refresh(): void {
    const history = this.history;
    this.now = history.length;
    if (!isPrefix(history, this.furthest)) {
      let common = 0;
      while (common < history.length && history[common] === this.furthest[common]) common++;
      this.clock.forgetAfter(common);
      this.furthest = [...history];
    }
  }

  onEvent(event: SessionEvent): void {
    switch (event.type) {
      case 'command-started':
        this.search = undefined;
        this.visits = [];
        break;
      case 'command-finished':
        if (this.search) this.search.done = true; // on show until the next command
        this.refresh();
        break;
      case 'restore-started':
        this.visits.push(event.target);
        break;
      case 'search-progress': {
        const s = this.search;
        const newPhase = !s || s.phase !== event.phase;
        this.search = {
          probes: event.probes,
          phase: event.phase,
          remaining: event.remaining,
          initial: newPhase ? event.remaining : Math.max(s.initial, event.remaining),
          done: false,
          span: event.span,
        };
        break;
      }
      default:
        break;
    }
  }
}
