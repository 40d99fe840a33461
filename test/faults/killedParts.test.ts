// Targeted repros of what randomKills.test.ts found: a snapshot whose frozen copy was
// killed from outside was reused (fred-checkpoint failed with "snapshot N is gone", a
// reverse command planned its replay from it), and gdb killed while fred worked on a
// reverse command was reported as "internal error: gdb has exited", and fred-rn from a
// program killed while it ran searched forever for an end no replay reaches.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expectGone, expectNoneTagged, expectNoTrace, expectWholeImages, FredOnPty, sleep } from './faultHarness';
import { waitFor } from '../helpers/processGroup';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const fredCli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');
const source = path.join(repoRoot, 'test', 'faults', 'programs', 'kill_loop.c');
/** The one-letter state of /proc/PID/stat (R running, t traced stop, Z zombie). */
function stateOf(pid: number): string {
  try { const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); return stat[stat.lastIndexOf(')') + 2]; } catch { return ''; }
}
const TURN = fs.readFileSync(source, 'utf8').split('\n').findIndex((l) => l.includes('/* TURN */')) + 1;

describe('parts of a session killed from outside', function () {
  this.timeout(180000);
  let work: string;
  let binary: string;
  let runs = 0;
  const open: FredOnPty[] = [];
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-killed-parts-'));
    binary = path.join(work, 'kill_loop');
    execFileSync('gcc', ['-g', '-O0', '-o', binary, source]);
  });
  afterEach(async () => { for (const f of open.splice(0)) await f.close(); });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  async function atSecondTurn(imageDir: string): Promise<FredOnPty> {
    const f = new FredOnPty(`fred-killed-parts-${process.pid}-${++runs}`, fredCli, ['--image-dir', imageDir, 'gdb', binary], work);
    open.push(f);
    await f.settle('fred to start', 0);
    for (const line of [`break kill_loop.c:${TURN}`, 'run 1 1000', 'continue']) await f.ok(line);
    return f;
  }

  it('frozen copies killed: fred-checkpoint takes a new snapshot, going back replays without the dead ones', async () => {
    const imageDir = fs.mkdtempSync(path.join(work, 'images-'));
    const f = await atSecondTurn(imageDir);
    assert.match(await f.ok('fred-checkpoint'), /checkpoint 1 taken/);
    const copies = f.copies('kill_loop');
    assert.ok(copies.length > 0, 'the session has frozen copies');
    for (const copy of copies) process.kill(copy, 'SIGKILL');
    await expectGone(copies, 'the frozen copies to die');
    const again = await f.ok('fred-checkpoint');
    assert.match(again, /checkpoint 2 taken/, again);
    assert.match(await f.ok('fred-rn'), /#0 .*\n23\t/);
    assert.match(await f.ok('fred-restart 1'), /#0 .*\n24\t/);
    assert.match(await f.ok('p turn'), /\$\d+ = 1\b/);
    expectNoTrace(f.output, 'the session');
    expectWholeImages(imageDir, 'after the kills');
    await f.command('quit');
    await expectNoneTagged(f.tag, 'the session to end');
  });

  it('the program killed while it runs: fred-rn says no replay ends that way (it searched forever), fred-undo goes back', async () => {
    const imageDir = fs.mkdtempSync(path.join(work, 'images-'));
    const f = await atSecondTurn(imageDir);
    await f.ok('disable 1');
    const from = f.output.length;
    f.term.type('continue');
    await waitFor('the program to run', () => f.program() !== undefined && stateOf(f.program()!) === 'R', 10000);
    process.kill(f.program()!, 'SIGKILL');
    assert.equal(await f.settle('continue to end', from), 'prompt');
    assert.match(f.output.slice(from), /Program terminated with signal SIGKILL/);
    await f.ok('enable 1');
    assert.match(await f.ok('fred-rn'), /^fred: the program was killed \(SIGKILL\) during 'continue'; .*fred-undo goes back before it/m);
    assert.match(await f.ok('fred-undo'), /#0 .*\n24\t/);
    assert.match(await f.ok('p turn'), /\$\d+ = 1\b/);
    expectNoTrace(f.output, 'the session');
    await f.command('quit');
    await expectNoneTagged(f.tag, 'the session to end');
  });

  it('the program killed while stopped: continue says it has ended (no history entry), fred-rn goes back from a snapshot to the recorded run', async () => {
    const imageDir = fs.mkdtempSync(path.join(work, 'images-'));
    const f = await atSecondTurn(imageDir);
    const program = f.program()!;
    process.kill(program, 'SIGKILL');
    await expectGone([program], 'the program to die');
    assert.match(await f.ok('continue'), new RegExp(`^fred: process ${program} has ended \\(killed\\?\\); start it again \\(gdb: run\\)$`, 'm'));
    assert.match(await f.ok('fred-rn'), /#0 .*\n23\t/);
    assert.match(await f.ok('p turn'), /\$\d+ = 1\b/);
    expectNoTrace(f.output, 'the session');
    await f.command('quit');
    await expectNoneTagged(f.tag, 'the session to end');
  });

  it('gdb killed while fred prepares a reverse command: fred says gdb exited, in one line, no internal error', async () => {
    const imageDir = fs.mkdtempSync(path.join(work, 'images-'));
    const f = await atSecondTurn(imageDir);
    const gdb = f.gdb()!;
    const from = f.output.length;
    // stopped, gdb answers nothing: fred is caught in the middle of its work before the replay
    process.kill(gdb, 'SIGSTOP');
    f.term.type('fred-rn');
    await sleep(500);
    process.kill(gdb, 'SIGKILL');
    const outcome = await f.settle('fred after gdb\'s death', from);
    const text = f.output.slice(from);
    expectNoTrace(text, 'fred-rn');
    assert.match(text, /fred: gdb exited unexpectedly/);
    // no checkpoint image to go on from: the session is over, and fred says so
    assert.equal(outcome, 'ended', text);
    assert.match(text, /no checkpoint image to start a new gdb from/);
    await expectNoneTagged(f.tag, 'the session to end');
  });
});
