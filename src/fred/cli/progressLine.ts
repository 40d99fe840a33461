// Progress of long searches (fred-reverse-watch, reverse commands) in line mode, on stderr
// so that stdout stays a clean transcript. On a terminal: one line, rewritten at each
// probe and erased when the command ends. Elsewhere only when FRED_PROGRESS=1 (a log, a
// test that wants to see the search running): one line per probe.
import { SessionEvent, SessionEvents } from '../session/sessionEvents';

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function progressText(event: { probes: number; phase: string; remaining: number; span?: { from: number; to: number } }): string {
  const left = event.remaining > 0 ? `, about ${event.remaining} left` : '';
  const span = event.span ? `, between commands ${event.span.from} and ${event.span.to}` : '';
  return `fred: probe ${event.probes}, ${event.phase}${left}${span}`;
}

/** Shows search progress on `output`; returns the function that stops it. */
export function showSearchProgress(events: SessionEvents, output: ProgressOutput = process.stderr, env = process.env): () => void {
  const terminal = output.isTTY === true;
  if (!terminal && env.FRED_PROGRESS !== '1') return () => undefined;
  let shown = false;
  return events.on((event: SessionEvent) => {
    if (event.type === 'search-progress') {
      output.write(terminal ? `\r\x1b[K${progressText(event)}` : `${progressText(event)}\n`);
      shown = true;
    } else if (event.type === 'command-finished' && shown) {
      if (terminal) output.write('\r\x1b[K');
      shown = false;
    }
  });
}
