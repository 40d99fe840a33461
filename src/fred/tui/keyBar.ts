// The function keys and what they run (typed into the console, so they are logged and
// echoed like any command).
import * as blessed from 'blessed';
import { Rect } from './geometry';
import { createBox, fit, place } from './layout';

export interface KeyBinding { key: string; label: string; command: string }

export const keyBindings: KeyBinding[] = [
  { key: 'f1', label: 'help', command: 'fred-help' },
  { key: 'f2', label: 'rev-next', command: 'fred-reverse-next' },
  { key: 'f3', label: 'rev-step', command: 'fred-reverse-step' },
  { key: 'f4', label: 'rev-cont', command: 'fred-reverse-continue' },
  { key: 'f5', label: 'rev-finish', command: 'fred-reverse-finish' },
  { key: 'f6', label: 'undo', command: 'fred-undo' },
  { key: 'f7', label: 'checkpoint', command: 'fred-checkpoint' },
];

export class KeyBar {
  readonly box: blessed.Widgets.BoxElement;
  private width = 80;

  constructor(screen: blessed.Widgets.Screen) {
    this.box = createBox(screen);
  }

  place(rect: Rect | undefined): void {
    place(this.box, rect);
    if (rect) this.width = rect.width;
  }

  render(): void {
    const keys = keyBindings.map((b) => `\x1b[1;97;40m${b.key.toUpperCase()}\x1b[0;30;46m ${b.label} \x1b[0m`);
    const extra = '\x1b[1;97;40mTab\x1b[0;30;46m program \x1b[0m\x1b[1;97;40m^C\x1b[0;30;46m interrupt \x1b[0m\x1b[1;97;40mPgUp\x1b[0;30;46m scroll \x1b[0m';
    const plainLength = [...keyBindings.map((b) => `${b.key} ${b.label} `), 'Tab program ^C interrupt PgUp scroll '].join('').length;
    this.box.setContent(plainLength <= this.width ? keys.join('') + extra : fit(keyBindings.map((b) => `${b.key.toUpperCase()} ${b.label}`).join(' '), this.width));
  }
}
