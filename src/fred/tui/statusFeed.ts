// Session events, in the status machine's words.
import { StatusEvent } from '../machine';
import { SessionEvent } from '../session/sessionEvents';

export function statusEventOf(event: SessionEvent, at: number): StatusEvent | undefined {
  switch (event.type) {
    case 'command-started': return { type: 'COMMAND_STARTED', line: event.line, at };
    case 'command-finished': return { type: 'COMMAND_FINISHED', ok: event.ok, at };
    case 'snapshot-started': return { type: 'SNAPSHOT_STARTED', at };
    case 'snapshot-taken': return { type: 'SNAPSHOT_TAKEN', at };
    case 'restore-started': return { type: 'RESTORE_STARTED', at };
    case 'restored': return { type: 'RESTORED', at };
    case 'replay-progress': return { type: 'REPLAY_PROGRESS', done: event.done, total: event.total, at };
    case 'search-progress': return { type: 'SEARCH_PROGRESS', probes: event.probes, phase: event.phase, remaining: event.remaining, at };
  }
}
