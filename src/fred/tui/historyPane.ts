// The history since the program started: each command, the snapshots (•) and user
// checkpoints (C1, C2...) taken before it, the point in time the program is at, and the
// commands a reverse command undid (grey, after that point: where "next" would lead again).
import * as blessed from 'blessed';
import { Rect } from './geometry';
import { createBox, fit, innerSize, place } from './layout';
import { SessionView } from './sessionView';

export class HistoryPane {
  readonly box: blessed.Widgets.BoxElement;
  private size = { cols: 30, rows: 5 };

  constructor(screen: blessed.Widgets.Screen, private readonly model: SessionView) {
    this.box = createBox(screen, { label: ' history ', border: true });
  }

  place(rect: Rect | undefined): void {
    place(this.box, rect);
    if (rect) this.size = innerSize(rect, true);
  }

  render(): void {
    const { cols, rows } = this.size;
    const m = this.model;
    const marks = m.marks();
    const markAt = (i: number) => {
      const here = marks.filter((x) => x.at === i);
      const checkpoint = here.find((x) => x.checkpoint !== undefined);
      return checkpoint ? `C${checkpoint.checkpoint}` : here.length ? '•' : '';
    };
    const lines: string[] = [];
    let nowRow = 0;
    for (let i = 0; i <= m.furthest.length; i++) {
      if (i === m.now) {
        nowRow = lines.length;
        const tag = markAt(i);
        lines.push(`\x1b[1;30;43m${fit(`${tag.padEnd(3)} ▶ now (after ${i} command${i === 1 ? '' : 's'})`, cols)}\x1b[0m`);
      }
      if (i === m.furthest.length) break;
      const tag = i === m.now ? '' : markAt(i);
      const body = fit(`${tag.padEnd(3)}${String(i + 1).padStart(4)}  ${m.furthest[i]}`, cols);
      lines.push(i < m.now ? body : `\x1b[90m${body}\x1b[0m`);
    }
    if (m.furthest.length === 0) lines.push('(no commands yet: the program is not started)');
    this.box.setLabel(m.furthest.length > m.now ? ` history (${m.furthest.length - m.now} undone) ` : ' history ');
    // keep the current point in sight, a little below the top
    const first = Math.max(0, Math.min(nowRow - Math.floor(rows / 2), lines.length - rows));
    this.box.setContent(lines.slice(first, first + rows).join('\n'));
  }
}
