// The session on one axis, from program start to the furthest point reached, scaled by
// the program's CPU time once it used enough of it (timeScale.ts): snapshots
// (•), user checkpoints (C), the current position (▲), the time points the current
// command visited (probes: ·, the latest ◆), and during a search the distance still to
// search, narrowing probe by probe.
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
    const m = this.model;
    const end = Math.max(m.furthest.length, m.now, 1);
    const title = 'timeline 0 ';
    const scaled = timeAxis(m.clock.at, end, Math.max(10, this.width - title.length - String(end).length - 2));
    const endLabel = scaled.spanNs === undefined ? String(end) : `${end} (${(scaled.spanNs / 1e9).toFixed(2)} s CPU)`;
    const axisWidth = Math.max(10, this.width - title.length - endLabel.length - 2);
    const column = timeAxis(m.clock.at, end, axisWidth).column;
    const axis = Array.from({ length: axisWidth }, () => '─');
    const marks = m.marks();
    for (const mark of marks) if (mark.checkpoint === undefined) axis[column(mark.at)] = '•';
    for (const mark of marks) if (mark.checkpoint !== undefined) axis[column(mark.at)] = 'C';
    m.visits.forEach((at, i) => { axis[column(at)] = i === m.visits.length - 1 ? '◆' : '·'; });
    const pointer = Array.from({ length: axisWidth }, () => ' ');
    pointer[column(m.now)] = '▲';
    const undone = m.furthest.length > m.now ? ` · ${m.furthest.length - m.now} undone` : '';
    const where = `now ${m.now} of ${m.furthest.length}${undone}`;
    const lines = [`${title}${axis.join('')} ${endLabel}`, `${' '.repeat(title.length)}${pointer.join('')}`, `${where} · ${this.searchLine()}`];
    this.box.setContent(lines.map((line) => fit(line, this.width)).join('\n'));
  }

  private searchLine(): string {
    const s = this.model.search;
    if (!s) {
      const marks = this.model.marks();
      const checkpoints = marks.filter((x) => x.checkpoint !== undefined).length;
      return `snapshots ${marks.length - checkpoints} · checkpoints ${checkpoints}`;
    }
    if (s.done) return `last search: ${s.probes} probes`;
    const barWidth = 24;
    const filled = s.initial > 0 ? Math.max(1, Math.round((s.remaining / s.initial) * barWidth)) : 0;
    const bar = s.initial > 0 ? `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ` : '';
    const left = s.remaining > 0 ? ` · ${s.remaining} left` : '';
    return `search ${bar}probe ${s.probes} of about ${s.probes + expectedProbes(s.remaining)} · ${s.phase}${left}`;
  }
}
