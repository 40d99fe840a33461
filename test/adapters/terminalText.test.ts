// Pure: how terminal output becomes parseable text.
import * as assert from 'assert';
import { cleanTerminalText, endsInsideEscape, stripEscapes } from '../../src/debugger-adapters/terminalText';

describe('terminal text', () => {
  it('removes colours, mode switches, titles and readline markers', () => {
    assert.strictEqual(stripEscapes('\x1b[32ma.c\x1b[m:\x1b[01;34m2\x1b[m'), 'a.c:2');
    assert.strictEqual(stripEscapes('\x1b[?2004h(gdb) \x1b[?2004l'), '(gdb) ');
    assert.strictEqual(stripEscapes('\x1b]0;title\x07x\x1b]2;t\x1b\\y'), 'xy');
    assert.strictEqual(stripEscapes('\x01\x1b[1m\x02(gdb)\x01\x1b[0m\x02 \x1b(B\x1b=\x07'), '(gdb) ');
  });

  it('applies carriage returns and backspaces like a terminal', () => {
    assert.strictEqual(cleanTerminalText('a\r\nb\r\r\n'), 'a\nb\n');
    assert.strictEqual(cleanTerminalText('50%\r100%\n'), '100%\n');
    assert.strictEqual(cleanTerminalText('abcdef\rXY\n'), 'XYcdef\n');
    assert.strictEqual(cleanTerminalText('next\r\n\x1b[?2004l\rStarting'), 'next\nStarting');
    assert.strictEqual(cleanTerminalText('ab\bc'), 'ac');
  });

  it('knows when output stops inside an escape sequence', () => {
    assert.strictEqual(endsInsideEscape('(gdb) \x1b'), true);
    assert.strictEqual(endsInsideEscape('(gdb) \x1b[?20'), true);
    assert.strictEqual(endsInsideEscape('x\x1b]0;title'), true);
    assert.strictEqual(endsInsideEscape('\x1b[?2004h(gdb) '), false);
    assert.strictEqual(endsInsideEscape('\x1b]0;t\x07(gdb) '), false);
  });
});
