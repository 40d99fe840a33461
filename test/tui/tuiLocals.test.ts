// The locals and stack pane in tmux: after a stop and after a reverse command it shows
// what `info locals` and `backtrace` say in the same place.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { waitFor } from '../helpers/processGroup';
import { TmuxScreen } from './tmuxScreen';

const root = path.resolve(__dirname, '..', '..', '..');
const fred = path.join(root, 'bin', 'fred');
const cols = 120;
const rightColumn = Math.floor(cols * 0.62);

/** The text of the left column (source and console panes). */
function leftPanes(screen: string): string {
  return screen.split('\n').map((l) => [...l].slice(0, rightColumn).join('')).join('\n');
}

/** The text of the right column (history, locals, program panes). */
function rightPanes(screen: string): string {
  return screen.split('\n').map((l) => [...l].slice(rightColumn).join('')).join('\n');
}

describe('fred TUI locals and stack pane', function () {
  this.timeout(120000);
  let dir: string;
  let tmux: TmuxScreen | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-tuilocals-'));
    execFileSync('gcc', ['-g', '-O0', '-o', path.join(dir, 'loop_bug'), path.join(root, 'examples', 'loop_bug.c')]);
  });
  afterEach(async () => { await tmux?.close(); tmux = undefined; });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows the values info locals prints, after next and after fred-reverse-next, and the stack', async () => {
    const t = (tmux = new TmuxScreen());
    t.start([fred, 'gdb', path.join(dir, 'loop_bug')], cols, 36, { LANG: 'C.UTF-8', TERM: 'tmux-256color' });
    await t.waitFor('the TUI shows gdb\'s prompt', /\(gdb\)[\s\S]*not started/);
    t.type('break fee_for');
    await t.waitFor('breakpoint set', /Breakpoint 1 at/);
    t.type('run');
    await t.waitFor('stopped in fee_for', /Breakpoint 1, fee_for/);
    await t.waitFor('the stack shows fee_for called by main', /#0\s+fee_for[\s\S]*#1\s+main/);
    t.type('up');
    t.type('info locals');
    const day = /day = (\d+)[\s│]*\n[\s│]*balance = (\d+)/;
    await waitFor('info locals in the console', () => day.test(leftPanes(t.screen())), 30000);
    const [, dayValue, balance] = day.exec(leftPanes(t.screen()))!;
    // the pane (right column) said the same before the user asked
    assert.ok(rightPanes(t.screen()).includes(`day = ${dayValue}`) && rightPanes(t.screen()).includes(`balance = ${balance}`), t.screen());
    t.type('down');
    t.type('finish');
    await t.waitFor('back in main', /Run till exit/);
    t.type('next');
    await t.waitFor('the pane shows main\'s locals after next', new RegExp(`│day = ${dayValue} [\\s\\S]*│balance = (?!${balance} )\\d+ `));
    // with the breakpoint in fee_for, gdb's reverse-next would stop there, inside the call
    // the line made: without it, it goes back to the start of main's line 15
    t.type('delete');
    t.type('fred-reverse-next');
    await waitFor('the pane shows the locals from before, after fred-reverse-next', () => {
      const right = rightPanes(t.screen());
      return right.includes(`balance = ${balance}`) && right.includes(`day = ${dayValue}`);
    }, 30000).catch((e: Error) => { throw new Error(`${e.message}\n${t.screen()}`); });
    t.type('quit');
    await waitFor('fred exits after quit', () => t.exitStatus() !== undefined, 30000);
    assert.strictEqual(t.exitStatus(), 0);
  });
});
