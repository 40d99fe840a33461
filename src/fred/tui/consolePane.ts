// The debugger console: the debugger's raw output interpreted by a terminal emulator, so
// colours and cursor moves come out right, and the line the user is typing, drawn at
// the debugger's prompt. fred's own commands never reach the debugger: their echo and
// answers are written into the same emulator, so the console reads as one transcript.
import * as blessed from 'blessed';
import { Rect } from './geometry';
import { createBox, innerSize, place } from './layout';
import { LineEditor } from './lineEditor';
import { TerminalView } from './terminalView';

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

export class ConsolePane {
  readonly box: blessed.Widgets.BoxElement;
  readonly editor = new LineEditor();
  private readonly view: TerminalView;
  /** Lines scrolled back from the bottom (PageUp). */
  private scrolledBack = 0;
  /** The input line shows only at a prompt, never while a command runs. */
  atPrompt = false;
  focused = true;

  constructor(screen: blessed.Widgets.Screen, private readonly prompt: string, private readonly onChange: () => void) {
    this.box = createBox(screen, { label: ' console ', border: true });
    this.view = new TerminalView(80, 20);
  }

  /** Size of the emulator (and of the debugger's terminal) for a pane at rect. */
  place(rect: Rect): { cols: number; rows: number } {
    place(this.box, rect);
    const size = innerSize(rect, true);
    this.view.resize(size.cols, size.rows);
    return size;
  }

  /** Raw output of the debugger. */
  async write(raw: string): Promise<void> {
    // a debugger that prints its prompt again before echoing type-ahead: draw it over ours
    await this.view.write(raw.startsWith(this.prompt) && this.atBarePrompt() ? `\r${raw}` : raw);
    this.onChange();
  }

  /** fred's own text (plain lines), written as the debugger would print them. */
  async print(text: string): Promise<void> {
    if (!text) return;
    await this.view.write(crlf(text.endsWith('\n') ? text : `${text}\n`));
    this.onChange();
  }

  /** The cursor sits right after a bare prompt. */
  private atBarePrompt(): boolean {
    const { x, y } = this.view.cursor();
    return x === this.prompt.length && this.view.rowText(y).trimEnd() === this.prompt.trimEnd();
  }

  /** Begin fred's own output on a line of its own (a bare prompt line is reused). */
  async freshLine(): Promise<void> {
    if (this.atBarePrompt()) await this.view.write('\r\x1b[K');
    else if (this.view.cursor().x > 0) await this.view.write('\r\n');
  }

  /** Make sure the console ends with the prompt, ready for the next line. */
  async showPrompt(): Promise<void> {
    if (this.atBarePrompt()) return;
    if (this.view.cursor().x > 0) await this.view.write('\r\n');
    await this.view.write(this.prompt);
    this.onChange();
  }

  /** fred's question on a line of its own; the answer is typed after it, as after a prompt. */
  async ask(question: string): Promise<void> {
    await this.freshLine();
    await this.view.write(question);
    this.atPrompt = true;
    this.onChange();
  }

  /** The user's line, echoed after the prompt (for lines the debugger does not echo). */
  async echo(line: string): Promise<void> {
    if (!this.atBarePrompt()) await this.showPrompt();
    await this.view.write(`${line}\r\n`);
    this.onChange();
  }

  scroll(pages: number): void {
    const buffer = this.view.term.buffer.active;
    this.scrolledBack = Math.min(buffer.baseY, Math.max(0, this.scrolledBack - pages * (this.view.rows - 1)));
    this.onChange();
  }

  render(): void {
    const term = this.view.term;
    const buffer = term.buffer.active;
    term.scrollToLine(buffer.baseY - this.scrolledBack);
    const lines = this.view.screenLines();
    const { x, y } = this.view.cursor();
    if (this.atPrompt && this.scrolledBack === 0 && y >= 0 && y < lines.length) {
      // the typed line replaces the row after the prompt; its tail shows when too long
      const before = this.view.rowText(y).slice(0, x);
      const room = Math.max(1, this.view.cols - before.length - 1);
      const { text, cursor } = this.editor.display();
      const chars = [...text];
      const start = Math.max(0, cursor + 1 - room);
      const visible = chars.slice(start, start + room);
      const at = cursor - start;
      // the cursor: the character under it in reverse video (a space at the end of the line)
      const under = this.focused ? `\x1b[7m${visible[at] ?? ' '}\x1b[0m` : (visible[at] ?? '');
      lines[y] = `${before}${visible.slice(0, at).join('')}${under}${visible.slice(at + 1).join('')}`;
    }
    if (this.scrolledBack > 0) lines[lines.length - 1] = `\x1b[7m-- scrolled back ${this.scrolledBack} lines (PageDown) --\x1b[0m`;
    this.box.setContent(lines.join('\n'));
  }

  /** Plain text of the whole visible console (tests, notes). */
  text(): string {
    return Array.from({ length: this.view.rows }, (_, y) => this.view.rowText(y)).join('\n');
  }

  dispose(): void {
    this.view.dispose();
  }
}
