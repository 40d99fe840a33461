// The screenshot renderer's reading of tmux's coloured capture: SGR colours (16, 256,
// true colour), bold and reverse become cells; rows are padded to the screen's width.
import { strict as assert } from 'assert';
import { parseCapture, toMvg } from '../tui/screenImage';

describe('screenshots: tmux capture to cells', () => {
  it('reads colours, bold and reverse, and pads rows', () => {
    const rows = parseCapture('\x1b[1;31mab\x1b[0m c\n\x1b[7mR\x1b[27m\x1b[38;5;196mx\x1b[48;2;1;2;3my\x1b[0m\n', 5);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0].map((c) => c.ch).join(''), 'ab c ');
    assert.equal(rows[0][0].fg, '#cd3131');
    assert.equal(rows[0][0].bold, true);
    assert.equal(rows[0][2].bold, false);
    assert.equal(rows[1][0].bg, '#d4d4d4', 'reverse: the default foreground becomes the background');
    assert.equal(rows[1][1].fg, '#ff0000', 'colour 196 of 256');
    assert.equal(rows[1][2].bg, '#010203', 'true colour');
  });

  it('draws a rectangle for a coloured background and quotes text for MVG', () => {
    const mvg = toMvg(parseCapture("\x1b[44m'\\\x1b[0m", 2));
    assert.match(mvg, /fill #2472c8\nrectangle 0,0 15,16/);
    assert.match(mvg, /text 0,12 '\\''/);
    assert.match(mvg, /text 8,12 '\\\\'/);
  });
});
