// The program's own terminal, apart from the debugger's: its output (through a terminal
// emulator, so a program that draws with escape codes looks right) and, when the pane has
// the focus (Tab), the user's keystrokes go to the program.
import * as blessed from 'blessed';
import type { Debugger } from '../../debugger-adapters/debugger';
import { Rect } from './geometry';
import { createBox, innerSize, place, wrapText } from './layout';
import { ProgramTerminal } from './programTerminal';
import { TerminalView } from './terminalView';

export class ProgramPane {
  readonly box: blessed.Widgets.BoxElement;
  readonly terminal: ProgramTerminal;
  private readonly view = new TerminalView(40, 10, 1000);
  focused = false;
  /** fred is restoring and replaying: what the program prints now it printed before. */
  replaying = false;
  private replayedOutput = false;
  /** Why the program has no terminal of its own (pdb), shown instead of its output. */
  private sharedNote?: string;
  private sharedInput?: (data: string) => void;

  constructor(screen: blessed.Widgets.Screen, private readonly onChange: () => void) {
    this.box = createBox(screen, { label: ' program ', border: true });
    this.terminal = new ProgramTerminal(40, 10, (data) => this.output(data));
  }

  place(rect: Rect | undefined): void {
    place(this.box, rect);
    if (!rect) return;
    const { cols, rows } = innerSize(rect, true);
    this.view.resize(cols, rows);
    this.terminal.resize(cols, rows);
  }

  private output(data: string): void {
    // replayed output is shown dim: the program really printed it again
    if (this.replaying) this.replayedOutput = true;
    void this.view.write(this.replaying ? `\x1b[2m${data}\x1b[22m` : data).then(this.onChange);
  }

  /** The program runs on the debugger's terminal (pdb): keystrokes go there. */
  shareTerminal(dbg: Debugger, note: string): void {
    this.sharedNote = note;
    this.sharedInput = (data) => dbg.sendInput?.(data);
  }

  /** Keystrokes (raw sequences) for the program. */
  type(sequence: string): void {
    if (this.sharedInput) this.sharedInput(sequence);
    else this.terminal.write(sequence);
  }

  render(): void {
    if (this.sharedNote) {
      this.box.setLabel(this.focused ? ' program (typing goes here; Tab: back) ' : ' program ');
      this.box.style.border = { fg: this.focused ? 'yellow' : 'gray' };
      this.box.setContent(wrapText(this.sharedNote, this.view.cols).join('\n'));
      return;
    }
    const label = this.focused ? 'program (typing goes here; Tab: back)' : this.replayedOutput ? 'program (dim: printed again by a replay)' : 'program';
    this.box.setLabel(` ${label} `);
    this.box.style.border = { fg: this.focused ? 'yellow' : 'gray' };
    const lines = this.view.screenLines();
    if (this.focused) {
      const { x, y } = this.view.cursor();
      const row = this.view.rowText(y);
      if (y >= 0 && y < lines.length) lines[y] = `${row.slice(0, x)}\x1b[7m${row[x] ?? ' '}\x1b[0m${row.slice(x + 1)}`;
    }
    this.box.setContent(lines.join('\n'));
  }

  dispose(): void {
    this.terminal.close();
    this.view.dispose();
  }
}
