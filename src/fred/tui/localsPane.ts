// The locals of the frame the program is stopped in, and the stack, as the debugger
// reports them (gdb: `info locals` and `backtrace`; pdb: the frame's variables and
// `where`). Asked after every stop and every reverse command, never while one runs.
import * as blessed from 'blessed';
import type { Debugger } from '../../debugger-adapters/debugger';
import { Rect } from './geometry';
import { createBox, fit, innerSize, place } from './layout';

/** pdb: one "name = repr" line per variable of the frame (no modules, functions, dunders). */
const pdbLocals = "!print('\\n'.join('%s = %r' % (k, v) for k, v in sorted(locals().items()) if not k.startswith('__') and not callable(v) and type(v).__name__ != 'module'))";

export class LocalsPane {
  readonly box: blessed.Widgets.BoxElement;
  private size = { cols: 30, rows: 5 };
  private locals: string[] = [];
  private stack: string[] = [];

  constructor(screen: blessed.Widgets.Screen) {
    this.box = createBox(screen, { label: ' locals · stack ', border: true });
  }

  place(rect: Rect | undefined): void {
    place(this.box, rect);
    if (rect) this.size = innerSize(rect, true);
  }

  /** Ask the debugger again (the program is stopped); empty when it is not. */
  async refresh(dbg: Debugger, stopped: boolean): Promise<void> {
    if (!stopped) {
      this.locals = [];
      this.stack = [];
      return;
    }
    const ask = async (command: string) => (await dbg.execute(command, { silent: true, keepStatus: true }).catch(() => undefined))?.text ?? '';
    const lines = (text: string) => text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim());
    if (dbg.kind === 'gdb') {
      this.locals = lines(await ask('info locals'));
      this.stack = lines(await ask('backtrace 20')).filter((l) => l.startsWith('#')).map((l) => l.replace(/ (?:at|from) .*\//, ' at ').replace(/0x[0-9a-f]+ in /, ''));
    } else {
      this.locals = lines(await ask(pdbLocals));
      this.stack = lines(await ask('where')).filter((l) => /^(>| ) .*\(\d+\)/.test(l) && !/[/\\](bdb|pdb)\.py\(/.test(l) && !l.includes('<string>'))
        .map((l) => l.replace(/^(.)\s*(?:.*\/)?/, '$1 '));
    }
  }

  render(): void {
    const { cols, rows } = this.size;
    const stackRows = Math.min(this.stack.length, Math.max(1, Math.floor(rows / 3)));
    const localRows = Math.max(0, rows - stackRows - (this.stack.length ? 1 : 0));
    const shown = this.locals.length ? this.locals.slice(0, localRows) : ['(no locals)'];
    if (this.locals.length > localRows && localRows > 0) shown[localRows - 1] = `… ${this.locals.length - localRows + 1} more`;
    const out = shown.map((l) => fit(l, cols));
    if (this.stack.length) {
      out.push(`\x1b[90m${fit('─ stack', cols)}\x1b[0m`);
      out.push(...this.stack.slice(0, stackRows).map((l) => fit(l, cols)));
    }
    this.box.setContent(out.join('\n'));
  }
}
