// The gdb adapter against real gdb 13 on the C examples, compiled into a temporary dir.
import * as assert from 'assert';
import * as fs from 'fs';
import { Debugger } from '../../src/debugger-adapters/debugger';
import { createGdb, GdbOptions } from '../../src/debugger-adapters/gdb';
import { compileExample, DebuggerJanitor, examplesDir, holderPath, makeTempDir, markerLine, recordOutput, within } from './adapterHarness';
import { loadAddon } from '../../src/fred/checkpointer/nativePaths';

describe('gdb adapter', function () {
  this.timeout(60000);
  const janitor = new DebuggerJanitor();
  let dir: string;

  before(() => { dir = makeTempDir(); });
  afterEach(async function () {
    this.timeout(30000);
    await janitor.cleanup();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function startGdb(example: string, extra: Partial<GdbOptions> = {}): Promise<Debugger> {
    const program = compileExample(example, dir);
    const gdb = createGdb({ args: [program], noInitFiles: true, cwd: examplesDir, hardwareWatchpoints: loadAddon().hardwareBreakpointsWork(), ...extra });
    await janitor.start(gdb, `gdb start on ${example}`);
    return gdb;
  }

  /** Run a command, then remember the program's process group for cleanup. */
  async function run(gdb: Debugger, command: string, phase: string) {
    const output = await within(phase, gdb.execute(command));
    const pid = await within(`${phase}: program pid`, gdb.programPid!());
    if (pid) janitor.track(pid);
    return output;
  }

  it('stops at breakpoints in a recursion and reports line, function, depth and frame', async () => {
    const gdb = await startGdb('factorial');
    assert.deepStrictEqual(gdb.status(), { kind: 'not-started' });
    assert.strictEqual(await within('location before run', gdb.location()), undefined);

    await within('break factorial', gdb.execute('break factorial'));
    const first = await run(gdb, 'run', 'run to factorial');
    assert.match(first.text, /Breakpoint 1, factorial \(n=5\)/);
    assert.deepStrictEqual(gdb.status(), { kind: 'stopped', reason: 'breakpoint' });
    const top = await within('location in factorial(5)', gdb.location());
    assert.ok(top);
    assert.strictEqual(top.function, 'factorial');
    assert.strictEqual(top.depth, 2);
    assert.ok(top.file?.endsWith('factorial.c'), `file was ${top.file}`);
    assert.match(top.pc ?? '', /^0x[0-9a-f]+$/);
    assert.match(top.frameId ?? '', /^0x[0-9a-f]+$/);
    assert.strictEqual(await within('evaluate n', gdb.evaluate('n')), '5');

    await within('continue to factorial(4)', gdb.execute('continue'));
    const deeper = await within('location in factorial(4)', gdb.location());
    assert.strictEqual(deeper?.depth, 3);
    assert.notStrictEqual(deeper?.frameId, top.frameId);
    assert.strictEqual(await within('evaluate n', gdb.evaluate('n')), '4');

    const base = markerLine('factorial.c', '/* BASE */');
    await within('delete 1', gdb.execute('delete 1'));
    await within('break at BASE', gdb.execute(`break factorial.c:${base}`));
    await within('continue to BASE', gdb.execute('continue'));
    const bottom = await within('location at BASE', gdb.location());
    assert.strictEqual(bottom?.line, base);
    assert.strictEqual(bottom?.depth, 6);

    const finished = await within('finish', gdb.execute('finish'));
    assert.match(finished.text, /Run till exit from/);
    assert.deepStrictEqual(gdb.status(), { kind: 'stopped', reason: 'step' });
    assert.strictEqual((await within('location after finish', gdb.location()))?.depth, 5);
    await within('next after finish', gdb.execute('next'));
    assert.strictEqual(await within('evaluate rest', gdb.evaluate('rest')), '1');
    assert.strictEqual((await within('location after next', gdb.location()))?.line, markerLine('factorial.c', '/* RECURSE */') + 1);
  });

  it('steps into nested calls and keeps the frame id while in the same frame', async () => {
    const gdb = await startGdb('nested_calls');
    await within('break middle', gdb.execute('break middle'));
    await run(gdb, 'run', 'run to middle');
    const inMiddle = await within('location in middle', gdb.location());
    assert.strictEqual(inMiddle?.line, markerLine('nested_calls.c', '/* MIDDLE */'));
    assert.strictEqual(inMiddle?.depth, 3);
    await within('step into inner', gdb.execute('step'));
    const inInner = await within('location in inner', gdb.location());
    assert.strictEqual(inInner?.function, 'inner');
    assert.strictEqual(inInner?.depth, 4);
    await within('finish inner', gdb.execute('finish'));
    await within('next over second inner', gdb.execute('next'));
    const backInMiddle = await within('location back in middle', gdb.location());
    assert.strictEqual(backInMiddle?.function, 'middle');
    assert.strictEqual(backInMiddle?.frameId, inMiddle?.frameId);
  });

  it('evaluates expressions, and returns undefined for errors without touching $ history', async () => {
    const gdb = await startGdb('loop_breakpoint');
    await within('break at BREAK', gdb.execute(`break loop_breakpoint.c:${markerLine('loop_breakpoint.c', '/* BREAK */')}`));
    await run(gdb, 'run', 'run to BREAK');
    await within('continue to i == 1', gdb.execute('continue'));
    await within('continue to i == 2', gdb.execute('continue'));
    assert.strictEqual(await within('evaluate i', gdb.evaluate('i')), '2');
    assert.strictEqual(await within('evaluate i * 10 + sum', gdb.evaluate('i * 10 + sum')), '21');
    assert.strictEqual(await within('evaluate unknown', gdb.evaluate('no_such_variable')), undefined);
    assert.strictEqual(await within('evaluate bad pointer', gdb.evaluate('*(int *)0')), undefined);
    const history = await within('print $', gdb.execute('print $'));
    assert.doesNotMatch(history.text, /\$1 = /, 'fred\'s evaluations must not enter the value history');
  });

  it('lists breakpoints and watchpoints with the spec that recreates them', async () => {
    const gdb = await startGdb('loop_breakpoint');
    const line = markerLine('loop_breakpoint.c', '/* BREAK */');
    await within('break main', gdb.execute('break main'));
    await within('conditional break', gdb.execute(`break loop_breakpoint.c:${line} if i == 4`));
    await within('tbreak', gdb.execute('tbreak printf'));
    await run(gdb, 'run', 'run to main');
    await within('watch sum', gdb.execute('watch sum'));
    await within('disable 1', gdb.execute('disable 1'));
    const list = await within('breakpoints', gdb.breakpoints());
    assert.deepStrictEqual(list, [
      { number: 1, enabled: false, spec: 'break main', kind: 'breakpoint' },
      { number: 2, enabled: true, spec: `break loop_breakpoint.c:${line} if i == 4`, kind: 'breakpoint', condition: 'i == 4' },
      { number: 3, enabled: true, spec: 'tbreak printf', kind: 'breakpoint' },
      { number: 4, enabled: true, spec: 'watch sum', kind: 'watchpoint' },
    ]);
    const changed = await within('continue to watchpoint', gdb.execute('continue'));
    assert.match(changed.text, /Old value = 0/);
    assert.deepStrictEqual(gdb.status(), { kind: 'stopped', reason: 'watchpoint' });
  });

  it('passes multi-line input (breakpoint commands) and questions through', async () => {
    const gdb = await startGdb('prints');
    await within('break say', gdb.execute('break say'));
    const opening = await within('commands 1', gdb.execute('commands 1'));
    assert.match(opening.text, /End with a line saying just "end"/);
    await within('command body', gdb.execute('silent'));
    await within('command body', gdb.execute('print i * 100'));
    await within('end', gdb.execute('end'));
    await within('confirm on', gdb.execute('set confirm on'));
    const question = await within('delete asks', gdb.execute('delete'));
    assert.match(question.text, /Delete all breakpoints\? $/);
    await within('answer', gdb.execute('n'));
    await within('confirm off', gdb.execute('set confirm off'));
    const output = await run(gdb, 'run', 'run with breakpoint commands');
    assert.match(output.text, /\$1 = 100\n$/);
    assert.deepStrictEqual(gdb.status(), { kind: 'stopped', reason: 'other' });
  });

  it('reports exit codes (gdb prints them in octal) and the program\'s own output', async () => {
    const gdb = await startGdb('exit_code');
    await run(gdb, 'run', 'run to exit');
    assert.deepStrictEqual(gdb.status(), { kind: 'exited', code: 10 });
    assert.strictEqual(await within('location after exit', gdb.location()), undefined);
    const again = await within('next after exit', gdb.execute('next'));
    assert.match(again.text, /The program is not being run/);
    assert.deepStrictEqual(gdb.status(), { kind: 'exited', code: 10 });

    const printer = await startGdb('prints');
    const output = await run(printer, 'run', 'run prints');
    assert.match(output.text, /line 1\nline 2\nline 3\nline 4\nline 5\ndone\n/);
    assert.deepStrictEqual(printer.status(), { kind: 'exited', code: 0 });
  });

  it('runs a program that reads a file from the working directory', async () => {
    const gdb = await startGdb('read_file');
    const output = await run(gdb, 'run', 'run read_file');
    assert.match(output.text, /4 lines, 26 characters/);
  });

  it('passes the program\'s arguments given with --args', async () => {
    const program = compileExample('read_file', dir);
    fs.writeFileSync(`${dir}/two_lines.txt`, 'one\ntwo\n');
    const gdb = createGdb({ args: ['--args', program, `${dir}/two_lines.txt`], noInitFiles: true, cwd: dir });
    await janitor.start(gdb, 'gdb start with --args');
    const output = await run(gdb, 'run', 'run read_file two_lines.txt');
    assert.match(output.text, /2 lines, 8 characters/);
  });

  it('stays in step over many quick commands and queries (as a replay sends them)', async () => {
    const gdb = await startGdb('loop_bug');
    await within('break main', gdb.execute('break main'));
    await run(gdb, 'run', 'run to main');
    let previousLine = 0;
    for (let i = 0; i < 150; i++) {
      await within(`step ${i}`, gdb.execute('step'));
      const where = await within(`location after step ${i}`, gdb.location());
      assert.ok(where?.line && where.line !== previousLine || where?.function === 'fee_for', `step ${i} stayed on line ${where?.line}`);
      previousLine = where?.line ?? 0;
    }
    // Five steps a day (for, +=, -=, into fee_for, its return): 150 steps reach day 30.
    assert.strictEqual(await within('evaluate day', gdb.evaluate('day')), '30');
  });

  it('repeats the user\'s last command on an empty line even after fred\'s queries', async () => {
    const gdb = await startGdb('prints');
    await within('break say', gdb.execute('break say'));
    await run(gdb, 'run', 'run to say');
    await within('delete', gdb.execute('delete'));
    const first = await within('next', gdb.execute('next'));
    assert.match(first.text, /line 1/);
    await within('location between', gdb.location());
    await within('evaluate between', gdb.evaluate('i'));
    await within('empty line', gdb.execute(''));
    const after = await within('location after the repeat', gdb.location());
    assert.strictEqual(after?.line, markerLine('prints.c', '/* PRINT */') + 2);
  });

  it('keeps fred\'s queries out of what the user sees, colours in', async () => {
    const gdb = await startGdb('factorial');
    const seen = recordOutput(gdb);
    await within('break factorial', gdb.execute('break factorial'));
    await run(gdb, 'run', 'run to factorial');
    await within('location', gdb.location());
    await within('breakpoints', gdb.breakpoints());
    assert.doesNotMatch(seen.text(), /fred-json|fred-location|fred-breakpoints/);
    assert.match(seen.text(), /Breakpoint 1, /);
    assert.match(seen.text(), /\x1b\[/, 'gdb\'s styling reaches the user');
    assert.doesNotMatch((await within('bt', gdb.execute('bt'))).text, /\x1b/, 'parsed text has no escapes');
  });

  it('runs fred\'s own commands silently: no output shown, no history, no repeat, status kept on request', async () => {
    const gdb = await startGdb('factorial');
    await within('break main', gdb.execute('break main'));
    await run(gdb, 'run', 'run to main');
    const seen = recordOutput(gdb);
    const hidden = await within('silent tbreak', gdb.execute('tbreak factorial', { silent: true }));
    assert.match(hidden.text, /Temporary breakpoint 2 at/);
    await within('silent continue', gdb.execute('continue', { silent: true, keepStatus: true }));
    assert.deepStrictEqual(gdb.status(), { kind: 'stopped', reason: 'breakpoint' });
    assert.strictEqual(seen.text(), '', 'nothing of the silent commands reaches the user');
    await within('user next', gdb.execute('next'));
    await within('silent print', gdb.execute('print n', { silent: true }));
    await within('empty line repeats next', gdb.execute(''));
    assert.strictEqual((await within('location', gdb.location()))?.line, markerLine('factorial.c', '/* RECURSE */') + 1);
    const history = await within('show commands', gdb.execute('show commands'));
    assert.doesNotMatch(history.text, /tbreak|print n|fred-/);
    assert.match(history.text, /next/);
  });

  it('interrupts a running program like Ctrl-C', async () => {
    const gdb = await startGdb('infinite_loop');
    const seen = recordOutput(gdb);
    const running = gdb.execute('run');
    await within('program prints "spinning"', new Promise<void>((resolve) => {
      const timer = setInterval(() => { if (seen.text().includes('spinning')) { clearInterval(timer); resolve(); } }, 10);
    }));
    gdb.interrupt();
    const output = await within('run ends after interrupt', running);
    assert.match(output.text, /Program received signal SIGINT/);
    assert.deepStrictEqual(gdb.status(), { kind: 'stopped', reason: 'signal' });
    const pid = await within('program pid', gdb.programPid!());
    assert.ok(pid && pid > 0);
    janitor.track(pid);
    // the interrupt may land in libc's write of "spinning", before the loop: main's frame has spins all the same
    await within('select main', gdb.execute('frame function main', { silent: true }));
    assert.strictEqual(await within('evaluate spins >= 0', gdb.evaluate('spins >= 0')), '1');
  });

  it('reports gdb quitting: the command resolves, onExit fires, later commands reject', async () => {
    const gdb = await startGdb('factorial');
    const exited = new Promise<number | undefined>((resolve) => gdb.onExit(resolve));
    const output = await within('quit', gdb.execute('quit'));
    assert.strictEqual(output.debuggerExited, true);
    assert.strictEqual(await within('onExit', exited), 0);
    await assert.rejects(gdb.execute('next'), /gdb has exited/);
    assert.strictEqual(await gdb.location(), undefined);
  });

  it('runs gdb under a wrapper (fred-holder) when one is given', async function () {
    assert.ok(fs.existsSync(holderPath), `${holderPath} is missing: npm install builds it`);
    const gdb = await startGdb('prints', { wrapper: [holderPath] });
    await run(gdb, 'run', 'run prints under the holder');
    assert.deepStrictEqual(gdb.status(), { kind: 'exited', code: 0 });
    const exited = new Promise<number | undefined>((resolve) => gdb.onExit(resolve));
    await within('quit under the holder', gdb.execute('quit'));
    assert.strictEqual(await within('holder exits', exited), 0);
  });
});
