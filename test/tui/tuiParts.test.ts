// Pure parts of the TUI: pane geometry for a terminal size, the input line, and the
// terminal emulator's screen as coloured lines.
import * as assert from 'assert';
import { computeLayout, minimumSize } from '../../src/fred/tui/geometry';
import { fit, wrapText } from '../../src/fred/tui/layout';
import { LineEditor } from '../../src/fred/tui/lineEditor';
import { TerminalView } from '../../src/fred/tui/terminalView';
import { narrowed, timelineLines } from '../../src/fred/tui/timelinePane';
import { ProgramClock } from '../../src/fred/tui/timeScale';

describe('TUI parts', () => {
  it('lays the panes out without overlap and inside the terminal', () => {
    for (const [cols, rows] of [[80, 22], [120, 36], [200, 60], [97, 31]]) {
      const layout = computeLayout(cols, rows);
      assert.strictEqual(layout.kind, 'full');
      if (layout.kind !== 'full') continue;
      const rects = [layout.source, layout.console, layout.history, layout.locals, layout.program, layout.timeline, layout.status, layout.keys];
      const cells = new Set<string>();
      for (const r of rects) {
        assert.ok(r.left >= 0 && r.top >= 0 && r.left + r.width <= cols && r.top + r.height <= rows, `${cols}x${rows}: ${JSON.stringify(r)} inside`);
        for (let y = r.top; y < r.top + r.height; y++) for (let x = r.left; x < r.left + r.width; x++) {
          assert.ok(!cells.has(`${x},${y}`), `${cols}x${rows}: cell ${x},${y} in two panes`);
          cells.add(`${x},${y}`);
        }
      }
      assert.strictEqual(cells.size, cols * rows, `${cols}x${rows}: every cell belongs to a pane`);
      assert.ok(layout.console.height >= 8, 'the console keeps room to work');
    }
  });

  it('falls back to the console alone below the minimum size', () => {
    const layout = computeLayout(minimumSize.cols - 1, 30);
    assert.strictEqual(layout.kind, 'compact');
    if (layout.kind === 'compact') assert.strictEqual(layout.console.height + layout.note.height + layout.status.height, 30);
    assert.strictEqual(computeLayout(100, minimumSize.rows - 1).kind, 'compact');
    const tiny = computeLayout(10, 1);
    assert.strictEqual(tiny.kind, 'compact');
    if (tiny.kind === 'compact') assert.strictEqual(tiny.console.height, 1);
  });

  it('edits the input line and recalls earlier lines', () => {
    const e = new LineEditor();
    e.insert('brek');
    e.backspace();
    e.backspace();
    e.insert('eak 9');
    assert.strictEqual(e.take(), 'break 9');
    e.insert('run');
    assert.strictEqual(e.take(), 'run');
    e.insert('nex');
    e.up();
    assert.strictEqual(e.text, 'run');
    e.up();
    assert.strictEqual(e.text, 'break 9');
    e.down();
    e.down();
    assert.strictEqual(e.text, 'nex', 'the draft comes back');
    e.deleteWord();
    assert.strictEqual(e.text, '');
    e.insert('a\x1bb\tc');
    assert.strictEqual(e.text, 'abc', 'control characters are not inserted');
  });

  it('moves the cursor (Left, Right, Ctrl-A, Ctrl-E, Ctrl-K), searches back (Ctrl-R) and completes', () => {
    const e = new LineEditor();
    e.insert('print 20');
    e.home();
    for (let i = 0; i < 6; i++) e.right();
    e.insert('1');
    assert.strictEqual(e.text, 'print 120');
    e.left();
    e.killToEnd();
    assert.deepStrictEqual(e.display(), { text: 'print ', cursor: 6 });
    e.end();
    e.insert('x');
    assert.strictEqual(e.take(), 'print x');
    e.insert('break main');
    e.take();
    e.insert('next');
    e.take();
    e.reverseSearch();
    e.insert('pr');
    assert.strictEqual(e.display().text, "(reverse-i-search)`pr': print x");
    e.endSearch();
    assert.strictEqual(e.text, 'print x');
    e.clear();
    e.insert('fred-reverse-');
    assert.deepStrictEqual(e.complete(['fred-reverse-next', 'fred-reverse-nexti']), ['fred-reverse-next', 'fred-reverse-nexti']);
    assert.strictEqual(e.text, 'fred-reverse-next', 'grows to the common beginning');
    assert.deepStrictEqual(e.complete(['fred-reverse-next']), []);
    assert.strictEqual(e.text, 'fred-reverse-next ');
  });

  it('fits and wraps plain text', () => {
    assert.strictEqual(fit('abcdef', 4), 'abc…');
    assert.strictEqual(fit('ab', 4), 'ab  ');
    assert.deepStrictEqual(wrapText('one two three', 8), ['one two', 'three']);
    assert.deepStrictEqual(wrapText('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  });

  it('turns the emulator screen into lines with colour codes, cursor moves applied', async () => {
    const view = new TerminalView(20, 3);
    await view.write('plain\r\n\x1b[31mred\x1b[0m text\r\nabc\x1b[2Dz');
    const lines = view.screenLines();
    assert.strictEqual(lines[0], 'plain');
    assert.strictEqual(lines[1], '\x1b[0;31mred\x1b[0m text');
    assert.strictEqual(view.rowText(2), 'azc');
    assert.deepStrictEqual(view.cursor(), { x: 2, y: 2 });
    view.resize(10, 2);
    assert.strictEqual(view.rows, 2);
    view.dispose();
  });

  it('timeline: draws the search bracket [lo, hi] on the axis, with an honest estimate', () => {
    const model = (search?: { probes: number; phase: string; remaining: number; initial: number; done: boolean; span?: { from: number; to: number } }) => ({
      furthest: Array.from({ length: 32 }, () => 'next'), now: 32, clock: new ProgramClock(), visits: [] as number[], search, marks: () => [],
    });
    const axisOf = (lines: string[]) => lines[0].slice('timeline 0 '.length);
    // 32 commands on 105 columns (120 - title - end label - 2): point p at column round(p / 32 * 104)
    const wide = timelineLines(model({ probes: 3, phase: 'history', remaining: 31, initial: 31, done: false, span: { from: 1, to: 32 } }), 120);
    assert.strictEqual(axisOf(wide).indexOf('['), 3);
    assert.strictEqual(axisOf(wide).indexOf(']'), 104);
    assert.match(wide[2], /search ░{16} probe 3 of about 8 · history · 31 left · \[1, 32\]/);
    const narrow = timelineLines(model({ probes: 7, phase: 'history', remaining: 2, initial: 31, done: false, span: { from: 20, to: 22 } }), 120);
    assert.strictEqual(axisOf(narrow).indexOf('['), Math.round((20 / 32) * 104));
    assert.strictEqual(axisOf(narrow).indexOf(']'), Math.round((22 / 32) * 104));
    assert.match(axisOf(narrow), /\[═+\]/);
    // nearly done: most of the bar filled; one probe to go makes no claim of a total
    assert.match(narrow[2], /search █{13}░{3} probe 7 · history · 2 left · \[20, 22\]/);
    const inside = timelineLines(model({ probes: 9, phase: 'inside "next"', remaining: 0, initial: 0, done: false, span: { from: 20, to: 21 } }), 120);
    assert.match(inside[2], /search probe 9 · inside "next" · \[20, 21\]/);
    const done = timelineLines(model({ probes: 12, phase: 'inside "next"', remaining: 0, initial: 0, done: true, span: { from: 20, to: 21 } }), 120);
    assert.doesNotMatch(axisOf(done), /[[\]]/, 'the bracket goes with the search');
    assert.match(done[2], /last search: 12 probes/);
    assert.strictEqual(narrowed(32, 32), 0);
    assert.strictEqual(narrowed(32, 1), 1);
    assert.strictEqual(narrowed(32, 8), 0.4);
  });
});
