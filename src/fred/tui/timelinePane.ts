// The session on one axis, from program start to the furthest point reached, scaled by
// the program's CPU time once it used enough of it (timeScale.ts): snapshots
// (•), user checkpoints (C), the current position (▲), the time points the current
// command visited (probes: ·, the latest ◆), and during a search the bracket [ ] where
// the change is known to lie, narrowing probe by probe, with the search's progress.
import * as blessed from 'blessed';
import { expectedProbes } from '../machine';
import { Rect } from './geometry';
import { createBox, fit, place } from './layout';
import { SessionView } from './sessionView';
import { timeAxis } from './timeScale';

export class TimelinePane {
  readonly box: blessed.Widgets.BoxElement;
  private width = 80;

  constructor(screen: blessed.Widgets.Screen, private readonly model: SessionView) {
    this.box = createBox(screen);
  }

  place(rect: Rect | undefined): void {
    place(this.box, rect);
    if (rect) this.width = rect.width;
  }

  render(): void {
    this.box.setContent(timelineLines(this.model, this.width).join('\n'));
  }
}

/** What the timeline reads of the session (SessionView). */
export type TimelineModel = Pick<SessionView, 'furthest' | 'now' | 'clock' | 'visits' | 'search' | 'marks'>;

/** The pane's three lines for a width: the axis, the pointer under it, and the counts or the search. */
export function timelineLines(m: TimelineModel, width: number): string[] {
  const end = Math.max(m.furthest.length, m.now, 1);
  const title = 'timeline 0 ';
  const scaled = timeAxis(m.clock.at, end, Math.max(10, width - title.length - String(end).length - 2));
  const endLabel = scaled.spanNs === undefined ? String(end) : `${end} (${(scaled.spanNs / 1e9).toFixed(2)} s CPU)`;
  const axisWidth = Math.max(10, width - title.length - endLabel.length - 2);
  const column = timeAxis(m.clock.at, end, axisWidth).column;
  const axis = Array.from({ length: axisWidth }, () => '─');
  const marks = m.marks();
  for (const mark of marks) if (mark.checkpoint === undefined) axis[column(mark.at)] = '•';
  for (const mark of marks) if (mark.checkpoint !== undefined) axis[column(mark.at)] = 'C';
  m.visits.forEach((at, i) => { axis[column(at)] = i === m.visits.length - 1 ? '◆' : '·'; });
  const span = m.search && !m.search.done ? m.search.span : undefined;
  if (span) drawBracket(axis, column(span.from), column(span.to));
  const pointer = Array.from({ length: axisWidth }, () => ' ');
  pointer[column(m.now)] = '▲';
  const undone = m.furthest.length > m.now ? ` · ${m.furthest.length - m.now} undone` : '';
  const where = `now ${m.now} of ${m.furthest.length}${undone}`;
  const lines = [`${title}${axis.join('')} ${endLabel}`, `${' '.repeat(title.length)}${pointer.join('')}`, `${where} · ${searchLine(m)}`];
  return lines.map((line) => fit(line, width));
}

function searchLine(m: TimelineModel): string {
  const s = m.search;
  if (!s) {
    const marks = m.marks();
    const checkpoints = marks.filter((x) => x.checkpoint !== undefined).length;
    return `snapshots ${marks.length - checkpoints} · checkpoints ${checkpoints}`;
  }
  if (s.done) return `last search: ${s.probes} probes`;
  const barWidth = 16;
  const done = narrowed(s.initial, s.remaining);
  const filled = Math.round(done * barWidth);
  const bar = s.initial > 1 ? `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)} ` : '';
  const left = s.remaining > 0 ? ` · ${s.remaining} left` : '';
  const span = s.span ? ` · [${s.span.from}, ${s.span.to}]` : '';
  // a total only where a bisection knows its distance: log2 of what is left
  const more = expectedProbes(s.remaining);
  const probes = more >= 2 ? `probe ${s.probes} of about ${s.probes + more}` : `probe ${s.probes}`;
  return `search ${bar}${probes} · ${s.phase}${left}${span}`;
}

/**
 * How far a bisection has narrowed its phase, 0..1: each probe halves the distance, so
 * the share of the halvings done (log2), not of the distance (which falls to nothing at once).
 */
export function narrowed(initial: number, remaining: number): number {
  if (initial <= 1) return 0;
  return Math.min(1, Math.max(0, 1 - Math.log2(Math.max(remaining, 1)) / Math.log2(initial)));
}

/** The search's bracket on the axis: [ and ] at its ends, ═ between (marks stay visible). */
function drawBracket(axis: string[], from: number, to: number): void {
  for (let x = from + 1; x < to; x++) if (axis[x] === '─') axis[x] = '═';
  if (from === to) { axis[from] = '│'; return; }
  axis[from] = '[';
  axis[to] = ']';
}
