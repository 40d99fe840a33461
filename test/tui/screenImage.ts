// A tmux screen capture with colours (`capture-pane -p -e`) drawn as a PNG: the SGR
// sequences become cells with a foreground, a background and boldness; the cells become
// an ImageMagick drawing (MVG: one rectangle and one text run per stretch of equal
// style) rendered in DejaVu Sans Mono. Needs ImageMagick's convert (apt-get install
// imagemagick) and fonts-dejavu-core.
import { execFileSync } from 'child_process';
import * as fs from 'fs';

export interface Cell { ch: string; fg: string; bg: string; bold: boolean }

/** A dark terminal's palette (xterm's 16 colours, tuned a little for the dark background). */
const base16 = ['#1e1e1e', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
  '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff'];
const defaultFg = '#d4d4d4';
const defaultBg = '#1e1e1e';

function colour256(n: number): string {
  if (n < 16) return base16[n];
  if (n >= 232) { const v = 8 + (n - 232) * 10; return `#${v.toString(16).padStart(2, '0').repeat(3)}`; }
  const i = n - 16;
  const level = (x: number) => (x === 0 ? 0 : 55 + x * 40).toString(16).padStart(2, '0');
  return `#${level(Math.floor(i / 36))}${level(Math.floor(i / 6) % 6)}${level(i % 6)}`;
}

interface Style { fg?: string; bg?: string; bold: boolean; reverse: boolean }

/** Apply one SGR parameter list to style. */
function applySgr(style: Style, params: number[]): void {
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) Object.assign(style, { fg: undefined, bg: undefined, bold: false, reverse: false });
    else if (p === 1) style.bold = true;
    else if (p === 22) style.bold = false;
    else if (p === 7) style.reverse = true;
    else if (p === 27) style.reverse = false;
    else if (p >= 30 && p <= 37) style.fg = base16[p - 30];
    else if (p >= 90 && p <= 97) style.fg = base16[p - 90 + 8];
    else if (p === 39) style.fg = undefined;
    else if (p >= 40 && p <= 47) style.bg = base16[p - 40];
    else if (p >= 100 && p <= 107) style.bg = base16[p - 100 + 8];
    else if (p === 49) style.bg = undefined;
    else if ((p === 38 || p === 48) && params[i + 1] === 5) {
      const c = colour256(params[i + 2] ?? 0);
      if (p === 38) style.fg = c; else style.bg = c;
      i += 2;
    } else if ((p === 38 || p === 48) && params[i + 1] === 2) {
      const c = `#${params.slice(i + 2, i + 5).map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`;
      if (p === 38) style.fg = c; else style.bg = c;
      i += 4;
    }
  }
}

/** The capture as rows of cells (one cell per character: tmux writes wide characters rarely here). */
export function parseCapture(text: string, cols: number): Cell[][] {
  const rows: Cell[][] = [];
  const style: Style = { bold: false, reverse: false };
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const row: Cell[] = [];
    for (let i = 0; i < line.length;) {
      const sgr = /^\x1b\[([\d;]*)m/.exec(line.slice(i, i + 40));
      if (sgr) {
        applySgr(style, sgr[1] === '' ? [0] : sgr[1].split(';').map(Number));
        i += sgr[0].length;
        continue;
      }
      const ch = String.fromCodePoint(line.codePointAt(i)!);
      i += ch.length;
      const fg = style.fg ?? defaultFg, bg = style.bg ?? defaultBg;
      row.push({ ch, fg: style.reverse ? bg : fg, bg: style.reverse ? fg : bg, bold: style.bold });
    }
    while (row.length < cols) row.push({ ch: ' ', fg: defaultFg, bg: defaultBg, bold: false });
    rows.push(row.slice(0, cols));
  }
  return rows;
}

const font = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
const boldFont = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';
const cellW = 8, cellH = 17, fontSize = 13.5;

/** The drawing of the cells in ImageMagick's MVG language. */
export function toMvg(rows: Cell[][]): string {
  const width = (rows[0]?.length ?? 0) * cellW, height = rows.length * cellH;
  const out = [`viewbox 0 0 ${width} ${height}`, `fill ${defaultBg}`, `rectangle 0,0 ${width},${height}`, `font-size ${fontSize}`];
  const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length;) {
      const c = row[x];
      let end = x + 1;
      while (end < row.length && row[end].fg === c.fg && row[end].bg === c.bg && row[end].bold === c.bold) end++;
      if (c.bg !== defaultBg) out.push(`fill ${c.bg}`, `rectangle ${x * cellW},${y * cellH} ${end * cellW - 1},${(y + 1) * cellH - 1}`);
      // one text run per cell keeps the columns exact whatever the font's advance
      out.push(`fill ${c.fg}`, `font ${quote(c.bold ? boldFont : font)}`);
      for (let i = x; i < end; i++) if (row[i].ch !== ' ') out.push(`text ${i * cellW},${y * cellH + 12} ${quote(row[i].ch)}`);
      x = end;
    }
  });
  return `${out.join('\n')}\n`;
}

/** Render the capture (with colours) of a cols-wide screen into png. */
export function captureToPng(capture: string, cols: number, png: string): void {
  const mvg = `${png}.mvg`;
  fs.writeFileSync(mvg, toMvg(parseCapture(capture, cols)));
  try {
    // /usr/bin: a stand-in `convert` may come first on PATH
    const convert = fs.existsSync('/usr/bin/convert') ? '/usr/bin/convert' : 'convert';
    execFileSync(convert, [`mvg:${mvg}`, png], { stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    fs.rmSync(mvg, { force: true });
  }
}
