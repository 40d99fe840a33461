// The full-screen view's colours as a terminal shows them (tmux capture-pane -e), with
// TERM=tmux-256color and xterm-256color: borders not drawn in colour 0 (black), source
// highlighted, the current line in reverse video, breakpoints marked; quit leaves nothing.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { waitFor } from '../helpers/processGroup';
import { TmuxScreen } from './tmuxScreen';

const root = path.resolve(__dirname, '..', '..', '..');
const fred = path.join(root, 'bin', 'fred');

/** The SGR parameters in force before the first occurrence of text on its line. */
function sgrBefore(coloured: string, text: string): string[] {
  const line = coloured.split('\n').find((l) => l.includes(text));
  if (!line) return [];
  return [...line.slice(0, line.indexOf(text)).matchAll(/\x1b\[([\d;]*)m/g)].map((m) => m[1]);
}

describe('fred TUI colours in tmux', function () {
  this.timeout(120000);
  let dir: string;
  let tmux: TmuxScreen | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-tuicolour-'));
    execFileSync('gcc', ['-g', '-O0', '-o', path.join(dir, 'loop_bug'), path.join(root, 'examples', 'loop_bug.c')]);
  });
  afterEach(async () => { await tmux?.close(); tmux = undefined; });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const term of ['tmux-256color', 'xterm-256color']) {
    it(`TERM=${term}: visible borders, highlighted source, readable current line, breakpoint mark`, async () => {
      const t = (tmux = new TmuxScreen());
      t.start([fred, 'gdb', path.join(dir, 'loop_bug')], 120, 36, { LANG: 'C.UTF-8', TERM: term });
      await t.waitFor('the TUI shows gdb\'s prompt', /\(gdb\)[\s\S]*not started/);
      t.type('break main');
      await t.waitFor('breakpoint set', /Breakpoint 1 at/);
      t.type('run');
      await t.waitFor('stopped in main, source shown', /source: loop_bug\.c:\d+ in main/);
      const coloured = t.colouredScreen();
      // borders: the pane corner is drawn in a colour that is not black (30 or 38;5;0)
      const border = sgrBefore(coloured, '┌').join(';');
      assert.ok(border.length > 0, `no colour on the border:\n${coloured}`);
      assert.doesNotMatch(`;${border};`, /;30;|;38;5;0;|;38;5;16;/, `border drawn in black: ${border}`);
      // the current line (=>) in reverse video, no black-on-green
      const current = coloured.split('\n').find((l) => l.includes('=>'))!;
      assert.match(current, /\x1b\[[\d;]*7[\d;]*m(?:\x1b\[[\d;]*m)*●?=>/, `current line: ${JSON.stringify(current)}`);
      assert.doesNotMatch(coloured, /\x1b\[[\d;]*42m/);
      // keywords in colour: "int" on a source line is preceded by a foreground colour
      const sourceLine = coloured.split('\n').find((l) => l.includes('main(') && !l.includes('=>'));
      assert.ok(sourceLine && /\x1b\[[\d;]*3[1-6]mint\b/.test(sourceLine), `no highlighting in: ${JSON.stringify(sourceLine)}`);
      // breakpoint mark: the current line has a breakpoint (it is where run stopped)
      assert.match(t.screen(), /●=>\s+\d+/);
      t.type('quit');
      await waitFor('fred exits after quit', () => t.exitStatus() !== undefined, 30000);
      assert.strictEqual(t.exitStatus(), 0);
      await waitFor('fred\'s process group is gone', () => !t.groupAlive(), 10000);
    });
  }
});
