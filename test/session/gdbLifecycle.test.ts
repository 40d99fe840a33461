// fred gdb across a session's life: Ctrl-C for the program and for a long replay, quit
// ends every process, reverse commands after the program exited.
import * as assert from 'assert';
import { ChildProcess, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { killGroup, spawnGroup, waitFor } from '../helpers/processGroup';
import { dumpState, example, repoRoot, runFred, runPlainGdb, section, withLines } from './gdbScenario';

/** fred in line mode with stdin kept open, so the test can type and send Ctrl-C. */
class LiveFred {
  transcript = '';
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(program: string, fredArgs: string[] = []) {
    this.child = spawnGroup(process.execPath, [path.join(repoRoot, 'dist/src/fred/cli.js'), ...fredArgs, 'gdb', program], { cwd: path.dirname(program), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => { this.transcript += d; });
    this.child.stderr!.on('data', (d) => { this.transcript += d; });
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
  }

  type(line: string): void { this.child.stdin!.write(`${line}\n`); }

  async until(phase: string, pattern: RegExp, timeoutMs = 60000): Promise<void> {
    try {
      await waitFor(phase, () => pattern.test(this.transcript), timeoutMs);
    } catch (e) {
      throw new Error(`${(e as Error).message}\ntranscript so far:\n${this.transcript}`);
    }
  }

  async end(): Promise<void> { await killGroup(this.child.pid!); }
}

/** pids of processes running program (the live one, frozen snapshot copies...). */
function runningCopies(program: string): string[] {
  return fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try { return fs.readlinkSync(`/proc/${p}/exe`) === program; } catch { return false; }
  });
}

function slowProgram(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-slow-'));
  const source = path.join(dir, 'slow.c');
  fs.writeFileSync(source, [
    '#include <stdio.h>',
    'volatile unsigned long spin;',
    'void slow(void) { for (unsigned long i = 0; i < 1500000000UL; i++) spin++; }',
    'int main(void) {',
    '    int a = 1;',
    '    slow();',
    '    a = 2;',
    '    a = 3;',
    '    printf("a = %d\\n", a);',
    '    return 0;',
    '}',
  ].join('\n'));
  execFileSync('gcc', ['-g', '-O0', '-o', path.join(dir, 'slow'), source]);
  return path.join(dir, 'slow');
}

describe('fred gdb: Ctrl-C, quit, exit', function () {
  this.timeout(180000);
  let fred: LiveFred | undefined;
  afterEach(async () => { await fred?.end(); fred = undefined; });

  it('Ctrl-C interrupts the running program, and going back still works', async function () {
    fred = new LiveFred(example('infinite_loop'));

    const program = example('infinite_loop');
    fred.type('run');
    // running its loop: past the dynamic loader, with fred's library in place
    await waitFor('program running', () => runningCopies(program).some((pid) => fs.readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libfredckpt.so')));
    await new Promise((r) => setTimeout(r, 200));
    fred.child.kill('SIGINT');
    await fred.until('program interrupted', /Program received signal SIGINT/);
    // a one-line endless loop: `next` would never reach another line (as in plain gdb)
    fred.type('stepi');
    fred.type('stepi');
    fred.type('fred-undo');
    fred.type('fred-history');
    fred.type('quit');
    assert.strictEqual(await fred.exited, 0, fred.transcript);
    assert.match(fred.transcript, /history of branch main[^]*1 +run\n[^]*2 +stepi\n(?![^]*3 +stepi)/);
  });

  it('Ctrl-C during a long replay goes back to where the user was', async function () {
    const program = slowProgram();
    fred = new LiveFred(program, ['--snapshot-every', '100']);
    for (const c of ['break main', 'run', 'next', 'next', 'next', 'p a']) fred.type(c);
    await fred.until('forward run done', /\$1 = 2/);
    fred.type('fred-rn');
    await fred.until('reverse-next started', /\(gdb\) fred-rn\n/);
    await new Promise((r) => setTimeout(r, 300)); // the replay of `next` over slow() takes seconds
    fred.child.kill('SIGINT');
    await fred.until('replay interrupted', /interrupted \(Ctrl-C\)/);
    fred.type('p a');
    fred.type('info line *$pc');
    fred.type('quit');
    assert.strictEqual(await fred.exited, 0, fred.transcript);
    assert.match(fred.transcript, /\(gdb\) p a\n\$\d+ = 2\n(?![^]*\(gdb\) p a\n)/, 'after the interrupted rn the program is where the first rn left it');
    assert.match(fred.transcript, /Line 8 of/);
  });

  it('a command still runs when its snapshot is impossible (program still in the dynamic loader)', async function () {
    const program = example('loop_breakpoint');
    fred = new LiveFred(program);
    fred.type('break main');
    fred.type('starti');
    fred.type('next');
    fred.type('info inferiors');
    fred.type('quit');
    assert.strictEqual(await fred.exited, 0, fred.transcript);
    assert.match(fred.transcript, /fred: no snapshot before this command \(process \d+ is not under fred-ckpt/);
    assert.match(fred.transcript, /\(gdb\) info inferiors\n[^]*process \d+/);
  });

  it('quit ends the session and every process it started', async function () {
    const program = example('loop_breakpoint');
    const { status, transcript } = await runFred(program, ['break main', 'run', 'next', 'next', 'fred-checkpoint', 'fred-undo']);
    assert.strictEqual(status, 0, transcript);
    assert.deepStrictEqual(runningCopies(program), [], 'no copy of the program may outlive fred');
  });

  it('reverse commands work after the program exited', async function () {
    const program = example('prints');
    const fredRun = await runFred(program, ['break say', 'run', 'continue', 'continue', 'continue', 'continue', 'continue', 'fred-rc', ...dumpState('RC'), 'continue', 'fred-undo', ...dumpState('UNDO')]);
    assert.match(fredRun.transcript, /exited normally/);
    const truth = runPlainGdb(program, ['break say', 'run', 'continue', 'continue', 'continue', 'continue', ...dumpState('RC')]);
    assert.strictEqual(section(fredRun.transcript, 'RC'), section(truth, 'RC'));
    assert.strictEqual(section(fredRun.transcript, 'UNDO'), section(truth, 'RC'));
  });

  it('until and advance are replayed like any command', async function () {
    const program = example('loop_breakpoint');
    const line = (c: string) => withLines('loop_breakpoint', c);
    const fredRun = await runFred(program, ['break main', 'run', 'advance @BREAK', 'next', 'until', 'next', 'fred-undo', ...dumpState('UNDO'), 'fred-rn', ...dumpState('RN')].map(line));
    const undone = runPlainGdb(program, ['break main', 'run', 'advance @BREAK', 'next', 'until', ...dumpState('UNDO')].map(line));
    assert.strictEqual(section(fredRun.transcript, 'UNDO'), section(undone, 'UNDO'));
    assert.match(section(undone, 'UNDO'), /loop_breakpoint.c:11/, 'until ran the loop to its end');
    // the line before the loop's exit: the for line, after the last iteration
    const previous = runPlainGdb(program, ['break main', 'run', 'advance @BREAK', 'next', ...Array(18).fill('next'), ...dumpState('RN')].map(line));
    assert.strictEqual(section(fredRun.transcript, 'RN'), section(previous, 'RN'));
  });
});
