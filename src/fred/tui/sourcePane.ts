// The source around the line the program is stopped at, that line highlighted.
import * as blessed from 'blessed';
import * as fs from 'fs';
import * as path from 'path';
import type { Location } from '../../debugger-adapters/debugger';
import { Rect } from './geometry';
import { highlightLine, Language, languageOf } from './highlight';
import { createBox, fit, innerSize, place, wrapText } from './layout';

export class SourcePane {
  readonly box: blessed.Widgets.BoxElement;
  private location?: Location;
  private message = 'no source yet: the program is not stopped in code with debug information';
  private readonly files = new Map<string, string[] | undefined>();
  private size = { cols: 40, rows: 5 };

  constructor(screen: blessed.Widgets.Screen) {
    this.box = createBox(screen, { label: ' source ', border: true });
  }

  place(rect: Rect | undefined): void {
    place(this.box, rect);
    if (rect) this.size = innerSize(rect, true);
  }

  /** Lines with a breakpoint, by file base name (drawn as a red dot). */
  breakpointLines = new Map<string, Set<number>>();

  /** Whether a C block comment is open at the start of line index `first`. */
  private commentOpenBefore(text: string[], first: number, language: Language): boolean {
    if (language !== 'c') return false;
    let open = false;
    for (let i = 0; i < first; i++) open = highlightLine(text[i], language, open).inComment;
    return open;
  }

  /** Where the program is (undefined: not running / exited, with why). */
  show(location: Location | undefined, why?: string): void {
    this.location = location;
    if (why) this.message = why;
  }

  private lines(file: string): string[] | undefined {
    if (!this.files.has(file)) {
      try {
        this.files.set(file, fs.readFileSync(file, 'utf8').split('\n'));
      } catch {
        this.files.set(file, undefined);
      }
    }
    return this.files.get(file);
  }

  render(): void {
    const l = this.location;
    const { cols, rows } = this.size;
    if (!l?.file || !l.line) {
      this.box.setLabel(' source ');
      this.box.setContent(wrapText(this.message, cols).join('\n'));
      return;
    }
    this.box.setLabel(` source: ${path.basename(l.file)}:${l.line}${l.function ? ` in ${l.function}` : ''} `);
    const text = this.lines(l.file);
    if (!text) {
      this.box.setContent(`cannot read ${l.file}`);
      return;
    }
    const first = Math.max(0, Math.min(l.line - 1 - Math.floor(rows / 2), text.length - rows));
    const width = String(Math.min(text.length, first + rows)).length;
    const shown: string[] = [];
    const language = languageOf(l.file);
    let inComment = this.commentOpenBefore(text, first, language);
    const marks = this.breakpointLines.get(path.basename(l.file)) ?? new Set<number>();
    for (let i = first; i < Math.min(text.length, first + rows); i++) {
      const current = i === l.line - 1;
      const marked = marks.has(i + 1);
      const gutter = (mark: string) => `${mark}${current ? '=>' : '  '} ${String(i + 1).padStart(width)}  `;
      const plainGutter = gutter(marked ? '●' : ' ');
      const code = fit(text[i].replace(/\t/g, '    '), Math.max(0, cols - [...plainGutter].length));
      const coloured = highlightLine(code, language, inComment);
      // the state after the whole line: the cut may hide a comment's end
      inComment = highlightLine(text[i], language, inComment).inComment;
      // the current line in reverse video: readable on dark and light backgrounds alike
      shown.push(current ? `\x1b[1;7m${plainGutter}${code}\x1b[0m` : `${gutter(marked ? '\x1b[31m●\x1b[39m' : ' ')}${coloured.text}`);
    }
    this.box.setContent(shown.join('\n'));
  }
}
