// What a session is doing, as it happens: the commands it runs, the snapshots it takes,
// the restores and replays behind every reverse command, and the progress of searches.
// The session and the command runner emit; the full-screen interface listens (status
// line, timeline, history). Typed events, one emitter per session.

export type SessionEvent =
  /** A line the user (or a command file) gave fred starts / has finished. */
  | { type: 'command-started'; line: string }
  | { type: 'command-finished'; line: string; ok: boolean }
  /** A snapshot of the program is being taken / was taken (`commands`: its time point's length). */
  | { type: 'snapshot-started' }
  | { type: 'snapshot-taken'; snapshotId: number; commands: number; pinned: boolean }
  /** The program is being put back to a snapshot / is back (going to a time point of `target` commands). */
  | { type: 'restore-started'; snapshotId: number; target: number }
  | { type: 'restored'; snapshotId: number; commands: number }
  /** Replaying commands after a restore: `done` of `total`, going to a time point of `target` commands. */
  | { type: 'replay-progress'; done: number; total: number; target: number }
  /** A reverse search made another probe; `remaining` is the distance still to search (0: unknown). */
  | { type: 'search-progress'; probes: number; phase: string; remaining: number; span?: { from: number; to: number } };

export type SessionEventListener = (event: SessionEvent) => void;

export class SessionEvents {
  private readonly listeners = new Set<SessionEventListener>();

  /** Returns the function that stops listening. */
  on(listener: SessionEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SessionEvent): void {
    // a broken listener (the screen) must never break the session
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        /* ignored on purpose */
      }
    }
  }

  /** Emits command-started now; call the result when the command ends. */
  command(line: string): (ok: boolean) => void {
    this.emit({ type: 'command-started', line });
    return (ok) => this.emit({ type: 'command-finished', line, ok });
  }
}
