// Sessions a test starts in-process (startSession): the debugger's process group is tracked
// so the run's cleanup ends it, and a test's afterEach closes the session and kills that group.
import { StartedSession } from '../../src/fred/session/startSession';
import { killGroup, trackGroup } from '../helpers/processGroup';

export function tracked(started: StartedSession): StartedSession {
  trackGroup(started.session.debugger_.pid);
  return started;
}

/** Close the session (it may be half dead already) and end its debugger's group. */
export async function endSession(started: StartedSession | undefined): Promise<void> {
  const holder = started?.session.debugger_.pid;
  await started?.close().catch(() => undefined);
  if (holder) await killGroup(holder);
}
