// The full-screen console edits like readline: Tab completes gdb's symbols and fred's
// commands (Tab on an empty line still moves the keyboard to the program), Ctrl-A and
// typing edit the start of the line, Ctrl-R finds an earlier line.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { waitFor } from '../helpers/processGroup';
import { TmuxScreen } from './tmuxScreen';

const root = path.resolve(__dirname, '..', '..', '..');
const fred = path.join(root, 'bin', 'fred');

describe('fred TUI console: completion and editing keys', function () {
  this.timeout(120000);
  let dir: string;
  let tmux: TmuxScreen | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-tuiedit-'));
    execFileSync('gcc', ['-g', '-O0', '-o', path.join(dir, 'loop_bug'), path.join(root, 'examples', 'loop_bug.c')]);
  });
  afterEach(async () => { await tmux?.close(); tmux = undefined; });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('completes on Tab, edits with Ctrl-A, searches with Ctrl-R', async () => {
    const t = (tmux = new TmuxScreen());
    t.start([fred, 'gdb', path.join(dir, 'loop_bug')], 120, 36, { LANG: 'C.UTF-8', TERM: 'tmux-256color' });
    await t.waitFor('the TUI shows gdb\'s prompt', /\(gdb\)[\s\S]*not started/);
    t.keys('-l', 'break fee_f');
    t.keys('Tab');
    await t.waitFor('gdb completed the symbol', /\(gdb\) break fee_for /);
    t.keys('Enter');
    await t.waitFor('breakpoint set', /Breakpoint 1 at 0x[0-9a-f]+: file .*loop_bug\.c/);
    t.keys('-l', 'fred-reverse-ne');
    t.keys('Tab');
    await t.waitFor('fred commands listed', /fred-reverse-next\s+fred-reverse-nexti/);
    await t.waitFor('the line grew to their common beginning', /\(gdb\) fred-reverse-next/);
    t.keys('C-u');
    t.keys('-l', 'int 7');
    t.keys('C-a');
    t.keys('-l', 'pr');
    t.keys('Enter');
    await t.waitFor('the edited line ran', /\$1 = 7/);
    t.keys('C-r');
    t.keys('-l', 'brea');
    await t.waitFor('the search shows the match', /reverse-i-search\)`brea': break fee_for/);
    t.keys('Enter');
    await t.waitFor('the found line ran', /Breakpoint 2 at/);
    t.type('quit');
    await waitFor('fred exits after quit', () => t.exitStatus() !== undefined, 30000);
    assert.strictEqual(t.exitStatus(), 0);
    await waitFor('fred\'s process group is gone', () => !t.groupAlive(), 10000);
  });

  it('in the background of its terminal (timeout without --foreground) says so and exits 2 instead of hanging', async () => {
    const t = (tmux = new TmuxScreen());
    t.start(['timeout', '60', fred, 'gdb', path.join(dir, 'loop_bug')], 120, 36, { LANG: 'C.UTF-8', TERM: 'tmux-256color' });
    await waitFor('fred exits', () => t.exitStatus() !== undefined, 30000);
    assert.strictEqual(t.exitStatus(), 2);
    assert.match(t.screen(), /timeout --foreground/);
  });
});
