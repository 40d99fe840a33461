// Turns what a terminal program wrote into plain text for parsing: escape sequences
// (colours, bracketed-paste mode switches, titles) go away and carriage returns are
// applied the way a terminal would, so "a\rb" reads as "b". The raw bytes still go to
// whoever displays them; only parsers use this.

// CSI (colours, modes), OSC (titles, ended by BEL or ST), DCS/SOS/PM/APC strings,
// character-set selection, then any other two-byte escape.
const ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][\s\S]*?\x1b\\|[()*+][\x20-\x7e]|[^[\]PX^_()*+])/g;
// Readline's invisible-prompt markers and the bell.
const INVISIBLE = /[\x01\x02\x07]/g;
// An escape cut off by the end of a chunk: more of it is still on its way.
const UNFINISHED_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[PX^_](?:[^\x1b]|\x1b(?!\\))*|[()*+])?$/;

export function stripEscapes(raw: string): string {
  return raw.replace(ESCAPE, '').replace(INVISIBLE, '');
}

/** True when raw ends in the middle of an escape sequence. */
export function endsInsideEscape(raw: string): boolean {
  return UNFINISHED_ESCAPE.test(raw.slice(-256));
}

/** What one line shows after its carriage returns overwrite from column 0. */
function overlayCarriageReturns(line: string): string {
  if (!line.includes('\r')) return line;
  let shown = '';
  for (const segment of line.split('\r')) shown = segment + shown.slice(segment.length);
  return shown;
}

function applyBackspaces(line: string): string {
  if (!line.includes('\b')) return line;
  let shown = '';
  for (const ch of line) shown = ch === '\b' ? shown.slice(0, -1) : shown + ch;
  return shown;
}

/** Plain text with "\n" line ends, as a terminal would show it (cursor moves aside). */
export function cleanTerminalText(raw: string): string {
  return stripEscapes(raw)
    .split('\n')
    .map((line) => applyBackspaces(overlayCarriageReturns(line.replace(/\r+$/, ''))))
    .join('\n');
}
