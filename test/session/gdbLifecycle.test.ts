// fred gdb across a session's life: Ctrl-C for the program and for a long replay, quit
// ends every process, reverse commands after the program exited.
import * as assert from 'assert';
import { ChildProcess, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { killGroup, spawnGroup, waitFor } from '../helpers/processGroup';
import { dumpState, example, repoRoot, runFred, runPlainGdb, section, withLines } from './gdbScenario';
import { needsDebugRegisters } from '../helpers/machine';

/** fred in line mode with stdin kept open, so the test can type and send Ctrl-C. */
class LiveFred {
  transcript = '';
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(program: string, fredArgs: string[] = []) {
    this.child = spawnGroup(process.execPath, [path.join(repoRoot, 'dist/src/fred/cli/cli.js'), ...fredArgs, 'gdb', program], { cwd: path.dirname(program), stdio: ['pipe', 'pipe', 'pipe'] });
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
    // the interrupted run is a snapshot of its stop (replaying run would not stop there)
    assert.match(fred.transcript, /history of branch main[^]*1 +starti.*\n.*2 +run +\(interrupted by Ctrl-C[^\n]*\n[^]*3 +stepi\n(?![^]*4 +stepi)/);
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

  it('a checkpoint that cannot be taken (program still in the dynamic loader): the reason, the session intact', async function () {
    const program = example('loop_breakpoint');
    fred = new LiveFred(program);
    for (const c of ['break main', 'starti', 'fred-checkpoint', 'next', 'info inferiors', 'quit']) fred.type(c);
    assert.strictEqual(await fred.exited, 0, fred.transcript);
    assert.match(fred.transcript, /\(gdb\) fred-checkpoint\nfred: .*process \d+ is not under fred-ckpt/);
    assert.match(fred.transcript, /Breakpoint 1, main \(\)/, 'the session goes on');
    assert.match(fred.transcript, /\(gdb\) info inferiors\n[^]*process \d+/);
  });

  it('gdb killed while fred waits for the next command: fred says so at once, not at the next command', async function () {
    const program = example('loop_breakpoint');
    fred = new LiveFred(program);
    fred.type('break main');
    fred.type('run');
    await fred.until('stopped at main', /Breakpoint 1, main/);
    const gdb = descendants(fred.child.pid!).find((pid) => commandOf(pid) === 'gdb');
    assert.ok(gdb, 'gdb runs under fred');
    process.kill(gdb, 'SIGKILL');
    await fred.until('the death said', /fred: gdb exited unexpectedly while waiting for your command\./);
    assert.strictEqual(await fred.exited, 0, fred.transcript);
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

  it('works unprivileged: a whole session as nobody, images owned by nobody with mode 0600', async function () {
    // a directory nobody can enter, holding the program and receiving the images
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-nobody-'));
    fs.chmodSync(dir, 0o755);
    const program = path.join(dir, 'loop_breakpoint');
    fs.copyFileSync(example('loop_breakpoint'), program);
    fs.chmodSync(program, 0o755);
    execFileSync('chown', ['nobody:nogroup', dir]);
    const line = (c: string) => withLines('loop_breakpoint', c);
    const commands = ['break @BREAK', 'run', 'next', 'next', 'fred-rn', ...dumpState('S'), 'fred-checkpoint', 'quit', ''].map(line);
    const child = spawnGroup('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath,
      path.join(repoRoot, 'dist/src/fred/cli/cli.js'), '--image-dir', dir, 'gdb', program], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let transcript = '';
    child.stdout!.on('data', (d) => { transcript += d; });
    child.stderr!.on('data', (d) => { transcript += d; });
    child.stdin!.end(commands.join('\n'));
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    await killGroup(child.pid!);
    assert.strictEqual(status, 0, transcript);
    const truth = runPlainGdb(program, ['break @BREAK', 'run', 'next', ...dumpState('S')].map(line));
    assert.strictEqual(section(transcript, 'S'), section(truth, 'S'));
    const image = /image: (\S+\.img)\)/.exec(transcript)?.[1];
    assert.ok(image, transcript);
    const st = fs.statSync(image!);
    assert.strictEqual(st.mode & 0o777, 0o600);
    assert.strictEqual(st.uid, Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a program reading a file reads on from the right place after going back', async function () {
    const program = example('read_file');
    // larger than stdio's buffer, so the file is read between the snapshots
    const input = path.join(path.dirname(program), 'big-input.txt');
    fs.writeFileSync(input, Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}\n`).join(''));
    const line = (c: string) => withLines('read_file', c);
    const setup = ['break @READ if lines % 700 == 0 && lines > 0'];
    const run = await runFred(program, [...setup, `run ${input}`, 'continue', 'continue', 'fred-rc', ...dumpState('RC'), 'continue', 'continue', ...dumpState('ON')].map(line));
    const back = runPlainGdb(program, [...setup, `run ${input}`, 'continue', ...dumpState('RC')].map(line));
    assert.strictEqual(section(run.transcript, 'RC'), section(back, 'RC'));
    const on = runPlainGdb(program, [...setup, `run ${input}`, 'continue', 'continue', 'continue', ...dumpState('ON')].map(line));
    assert.strictEqual(section(run.transcript, 'ON'), section(on, 'ON'));
    assert.match(section(run.transcript, 'ON'), /lines = 2800/);
  });

  it('deleting a breakpoint after a continue does not change where going back lands', async function () {
    const program = example('prints');
    const kept = await runFred(program, ['break say', 'run', 'continue', 'fred-rn', ...dumpState('S')]);
    const deleted = await runFred(program, ['break say', 'run', 'continue', 'delete 1', 'fred-rn', ...dumpState('S'), 'info breakpoints']);
    assert.strictEqual(section(deleted.transcript, 'S'), section(kept.transcript, 'S'));
    assert.match(section(kept.transcript, 'S'), /main \(\) at/, 'reverse-next from the first line of say() goes back to its caller');
    assert.match(deleted.transcript, /\(gdb\) info breakpoints\nNo breakpoints or watchpoints\./, 'the stand-in used during the replay is gone');
  });

  it('a watchpoint on a local that gdb deletes at a restore is set again by fred, with its number', async function () {
    needsDebugRegisters(this);
    const program = example('loop_breakpoint');
    const run = await runFred(program, ['break main', 'run', 'watch sum', 'continue', 'continue', 'fred-undo', 'info breakpoints']);
    assert.strictEqual(run.status, 0, run.transcript);
    assert.doesNotMatch(run.transcript, /fred: gdb deleted watchpoint/);
    assert.match(run.transcript.slice(run.transcript.lastIndexOf('info breakpoints')), /^2 +hw watchpoint +keep y +sum$/m);
  });
});

/** Every process below pid (its children, theirs...). */
function descendants(pid: number): number[] {
  const children = (p: number) => {
    try {
      return fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const found: number[] = [];
  for (let queue = children(pid); queue.length; ) {
    const next = queue.shift()!;
    found.push(next);
    queue.push(...children(next));
  }
  return found;
}

function commandOf(pid: number): string {
  try { return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return ''; }
}
