// The timeline is scaled by the program's CPU time: after a cheap `run` to main and a
// `continue` that runs a long loop (about half a second of CPU, so that clock ticks of 10 ms
// do not matter), going back to main puts the current point (▲) near
// the start of the axis, not half-way as counting commands would; the axis says how
// much CPU time it spans.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TmuxScreen } from './tmuxScreen';

const root = path.resolve(__dirname, '..', '..', '..');
const fred = path.join(root, 'bin', 'fred');

describe('fred TUI: the timeline by CPU time', function () {
  this.timeout(120000);
  let dir: string;
  let tmux: TmuxScreen | undefined;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-tui-time-')); });
  afterEach(async () => { await tmux?.close(); tmux = undefined; });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a long continue is wide, a run to main is narrow', async () => {
    const program = path.join(dir, 'long_loop');
    execFileSync('gcc', ['-g', '-O0', '-o', program, path.join(root, 'examples', 'long_loop.c')]);
    const end = fs.readFileSync(path.join(root, 'examples', 'long_loop.c'), 'utf8').split('\n').findIndex((l) => l.includes('/* END */')) + 1;
    const t = (tmux = new TmuxScreen());
    t.start([fred, 'gdb', program], 120, 36, { LANG: 'C.UTF-8' });
    await t.waitFor('the prompt', /\(gdb\)/);
    for (const c of ['break main', `break ${end}`, 'run 1000000000 600000000']) t.type(c);
    await t.waitFor('at main', /Breakpoint 1, main/);
    t.type('continue');
    const screen = await t.waitFor('at END, the axis in CPU seconds', /Breakpoint 2, main[^]*timeline 0 .*\(\d+\.\d\d s CPU\)/);
    assert.match(screen, /timeline 0 .* 2 \(\d+\.\d\d s CPU\)/);
    t.type('fred-undo');
    const back = await t.waitFor('back at main', /fred-undo[^]*now 1 of 2/);
    const rows = back.split('\n');
    const axisRow = rows.findIndex((r) => r.startsWith('timeline 0 '));
    const axisEnd = rows[axisRow].lastIndexOf(' 2 (');
    const pointer = rows[axisRow + 1].indexOf('▲');
    const share = (pointer - 'timeline 0 '.length) / (axisEnd - 'timeline 0 '.length);
    assert.ok(share >= 0 && share < 0.2, `the point after \`run\` is near the start (at ${share.toFixed(2)} of the axis):\n${rows.slice(axisRow, axisRow + 2).join('\n')}`);
    t.type('quit');
  });
});
