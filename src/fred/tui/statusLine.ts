// The status line: the session's state machine in words, with elapsed time while busy.
import * as blessed from 'blessed';
import { StatusView, statusText } from '../machine';
import { Rect } from './geometry';
import { createBox, fit, place } from './layout';

export class StatusLine {
  readonly box: blessed.Widgets.BoxElement;
  private width = 80;
  private view?: StatusView;
  /** What is debugged, shown on the right. */
  constructor(screen: blessed.Widgets.Screen, private readonly title: string) {
    this.box = createBox(screen);
  }

  place(rect: Rect | undefined): void {
    place(this.box, rect);
    if (rect) this.width = rect.width;
  }

  show(view: StatusView): void {
    this.view = view;
  }

  render(): void {
    if (!this.view) return;
    const busy = this.view.phase !== 'stopped';
    const right = ` ${fit(this.title, Math.min(this.title.length, Math.floor(this.width / 3)))} `;
    const left = ` ${busy ? '◴' : '■'} ${statusText(this.view)}`;
    const colour = busy ? '\x1b[30;43m' : '\x1b[97;44m';
    this.box.setContent(`${colour}${fit(left, Math.max(1, this.width - right.length))}${right}\x1b[0m`);
  }
}
