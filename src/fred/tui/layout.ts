// The blessed screen and the boxes the panes draw in. Panes get a box each; the layout
// places them for the terminal's size (see geometry.ts) and hides the ones that do not fit.
import * as blessed from 'blessed';
import { Rect } from './geometry';

export function createScreen(): blessed.Widgets.Screen {
  const screen = blessed.screen({
    smartCSR: true,
    fullUnicode: true,
    forceUnicode: true,
    autoPadding: false,
    warnings: false,
    title: 'fred',
  });
  // box drawing as UTF-8 characters, not the terminal's alternate character set
  const tput = (screen as unknown as { tput: { brokenACS: boolean; colors: number } }).tput;
  tput.brokenACS = true;
  // blessed 0.1.81 has no terminfo for tmux-256color (and others) and falls back to 8
  // colours, where grey becomes black: trust a TERM or COLORTERM that says otherwise
  if (/256color|truecolor|24bit/.test(`${process.env.TERM ?? ''} ${process.env.COLORTERM ?? ''}`) && !(tput.colors >= 256)) tput.colors = 256;
  screen.program.hideCursor();
  return screen;
}

export interface BoxOptions {
  label?: string;
  border?: boolean;
  style?: blessed.Widgets.Types.TStyle;
}

/** A box that shows text as given: SGR colour codes are drawn, braces are not tags. */
export function createBox(screen: blessed.Widgets.Screen, options: BoxOptions = {}): blessed.Widgets.BoxElement {
  return blessed.box({
    parent: screen,
    tags: false,
    wrap: false,
    label: options.label,
    border: options.border ? { type: 'line' } : undefined,
    // mid grey (256-colour 244) and the default foreground: visible on dark and light backgrounds
    style: { border: { fg: 244 }, label: { bold: true }, ...options.style },
  });
}

/** Put a box at rect (or hide it when there is none). */
export function place(box: blessed.Widgets.BoxElement, rect: Rect | undefined): void {
  if (!rect || rect.width <= 0 || rect.height <= 0) {
    box.hide();
    return;
  }
  box.left = rect.left;
  box.top = rect.top;
  box.width = rect.width;
  box.height = rect.height;
  box.show();
}

/** Inner size of a bordered box at rect. */
export function innerSize(rect: Rect, bordered: boolean): { cols: number; rows: number } {
  const edge = bordered ? 2 : 0;
  return { cols: Math.max(1, rect.width - edge), rows: Math.max(1, rect.height - edge) };
}

/** Fits plain text to a width (cut, or padded with spaces). */
export function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? chars.slice(0, Math.max(0, width - 1)).join('') + '…' : text + ' '.repeat(width - chars.length);
}

/** Breaks plain text into lines of at most width characters, at spaces when it can. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
      while (line.length > width) {
        lines.push(line.slice(0, width));
        line = line.slice(width);
      }
    }
    lines.push(line);
  }
  return lines;
}
