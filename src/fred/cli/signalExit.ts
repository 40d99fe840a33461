// SIGTERM and SIGHUP (kill, a closed terminal window) end a session as quit does: the
// debugger, the program and its snapshots end, the session directory goes, the terminal
// gets its modes back; then fred exits with 128+N as if the signal had killed it.
import * as os from 'os';

const endingSignals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

/** While installed, those signals run `end` (bounded to a few seconds) and exit; returns the uninstaller. */
export function endOnSignals(end: () => Promise<void>): () => void {
  let ending = false;
  const handler = (signal: NodeJS.Signals) => {
    if (ending) return;
    ending = true;
    const status = 128 + (os.constants.signals[signal] ?? 15);
    // a hung debugger must not keep fred alive: exit anyway after a while
    setTimeout(() => process.exit(status), 5000).unref();
    void end().catch(() => undefined).finally(() => process.exit(status));
  };
  for (const signal of endingSignals) process.on(signal, handler);
  return () => { for (const signal of endingSignals) process.off(signal, handler); };
}
