// A terminal emulator in memory (@xterm/headless): raw output goes in, colours and cursor
// moves are interpreted as a real terminal would, and the screen comes out as lines with
// SGR colour codes that a blessed box draws as they are.
import { IBufferCell, Terminal } from '@xterm/headless';

function colourCodes(cell: IBufferCell, ground: 'fg' | 'bg'): string[] {
  const fg = ground === 'fg';
  if (fg ? cell.isFgDefault() : cell.isBgDefault()) return [];
  const colour = fg ? cell.getFgColor() : cell.getBgColor();
  if (fg ? cell.isFgRGB() : cell.isBgRGB()) return [fg ? '38' : '48', '2', String((colour >> 16) & 255), String((colour >> 8) & 255), String(colour & 255)];
  if (colour < 8) return [String((fg ? 30 : 40) + colour)];
  if (colour < 16) return [String((fg ? 90 : 100) + colour - 8)];
  return [fg ? '38' : '48', '5', String(colour)];
}

function sgrOf(cell: IBufferCell): string {
  const codes = ['0'];
  if (cell.isBold()) codes.push('1');
  if (cell.isUnderline()) codes.push('4');
  if (cell.isInverse()) codes.push('7');
  // blessed has no dim: dim text with the default colour is drawn grey
  codes.push(...(cell.isDim() && cell.isFgDefault() ? ['90'] : colourCodes(cell, 'fg')), ...colourCodes(cell, 'bg'));
  return codes.join(';');
}

export class TerminalView {
  readonly term: Terminal;

  constructor(cols: number, rows: number, scrollback = 2000) {
    this.term = new Terminal({ cols: Math.max(cols, 2), rows: Math.max(rows, 1), scrollback, allowProposedApi: true });
  }

  get cols(): number { return this.term.cols; }
  get rows(): number { return this.term.rows; }

  /** Resolves once the emulator has interpreted the data. */
  write(data: string): Promise<void> {
    return new Promise((resolve) => this.term.write(data, resolve));
  }

  resize(cols: number, rows: number): void {
    const c = Math.max(cols, 2);
    const r = Math.max(rows, 1);
    if (c !== this.term.cols || r !== this.term.rows) this.term.resize(c, r);
  }

  /** The visible screen, one string per row, with SGR codes (no braces interpreted). */
  screenLines(): string[] {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    const cell = buffer.getNullCell();
    for (let y = 0; y < this.term.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      if (!line) { lines.push(''); continue; }
      let text = '';
      let current = '0';
      for (let x = 0; x < this.term.cols; x++) {
        line.getCell(x, cell);
        if (cell.getWidth() === 0) continue; // second half of a wide character
        const sgr = sgrOf(cell);
        if (sgr !== current) { text += `\x1b[${sgr}m`; current = sgr; }
        text += cell.getChars() || ' ';
      }
      lines.push(current === '0' ? text.replace(/ +$/, '') : `${text}\x1b[0m`);
    }
    return lines;
  }

  /** Plain text of a visible row. */
  rowText(y: number): string {
    const buffer = this.term.buffer.active;
    return buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '';
  }

  /** Cursor position in the visible screen. */
  cursor(): { x: number; y: number } {
    const buffer = this.term.buffer.active;
    return { x: buffer.cursorX, y: buffer.cursorY + buffer.baseY - buffer.viewportY };
  }

  dispose(): void {
    this.term.dispose();
  }
}
