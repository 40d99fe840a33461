// The pdb adapter against real `python3 -m pdb` on the Python examples.
import * as assert from 'assert';
import * as fs from 'fs';
import { Debugger } from '../../src/debugger-adapters/debugger';
import { createPdb, PdbOptions } from '../../src/debugger-adapters/pdb';
import { DebuggerJanitor, examplePath, examplesDir, holderPath, makeTempDir, markerLine, recordOutput, within } from './adapterHarness';

describe('pdb adapter', function () {
  this.timeout(60000);
  const janitor = new DebuggerJanitor();

  afterEach(async function () {
    this.timeout(30000);
    await janitor.cleanup();
  });

  async function startPdb(script: string, extra: Partial<PdbOptions> = {}): Promise<Debugger> {
    const pdb = createPdb({ script: examplePath(script), cwd: examplesDir, ...extra });
    await janitor.start(pdb, `pdb start on ${script}`);
    return pdb;
  }

  it('starts stopped at the first line, with only the user\'s frames counted', async () => {
    const pdb = await startPdb('factorial.py');
    assert.deepStrictEqual(pdb.status(), { kind: 'stopped', reason: 'other' });
    const start = await within('location at start', pdb.location());
    assert.deepStrictEqual(start, {
      file: examplePath('factorial.py'), line: 1, function: '<module>',
      pc: `${examplePath('factorial.py')}:1`, depth: 1, frameId: '1:<module>',
    });
  });

  it('stops at breakpoints in a recursion and reports line, function and depth', async () => {
    const pdb = await startPdb('factorial.py');
    await within('break factorial', pdb.execute('break factorial'));
    await within('continue to factorial(5)', pdb.execute('continue'));
    assert.deepStrictEqual(pdb.status(), { kind: 'stopped', reason: 'breakpoint' });
    const top = await within('location in factorial(5)', pdb.location());
    assert.strictEqual(top?.function, 'factorial');
    assert.strictEqual(top?.depth, 2);
    assert.strictEqual(await within('evaluate n', pdb.evaluate('n')), '5');

    await within('continue to factorial(4)', pdb.execute('c'));
    assert.strictEqual((await within('location in factorial(4)', pdb.location()))?.depth, 3);

    const base = markerLine('factorial.py', '# BASE');
    await within('clear 1', pdb.execute('clear 1'));
    await within('break at BASE', pdb.execute(`b ${base}`));
    await within('continue to BASE', pdb.execute('c'));
    const bottom = await within('location at BASE', pdb.location());
    assert.strictEqual(bottom?.line, base);
    assert.strictEqual(bottom?.depth, 6);

    await within('return', pdb.execute('return'));
    assert.deepStrictEqual(pdb.status(), { kind: 'stopped', reason: 'step' });
    await within('next out of factorial(1)', pdb.execute('next'));
    const back = await within('location back in factorial(2)', pdb.location());
    assert.strictEqual(back?.depth, 5);
    // Python resumes the caller at its next line event: the line after RECURSE.
    assert.strictEqual(back?.line, markerLine('factorial.py', '# RECURSE') + 1);
    assert.strictEqual(await within('evaluate rest', pdb.evaluate('rest')), '1');
  });

  it('evaluates expressions and returns undefined for errors', async () => {
    const pdb = await startPdb('loop_bug.py');
    await within('break at UPDATE', pdb.execute(`b ${markerLine('loop_bug.py', '# UPDATE')}, day == 37`));
    await within('continue to day 37', pdb.execute('c'));
    assert.strictEqual(await within('evaluate day', pdb.evaluate('day')), '37');
    assert.strictEqual(await within('evaluate balance', pdb.evaluate('balance')), '213');
    assert.strictEqual(await within('evaluate a string', pdb.evaluate('"x" * 3')), "'xxx'");
    assert.strictEqual(await within('evaluate unknown', pdb.evaluate('no_such_name')), undefined);
    assert.strictEqual(await within('evaluate a division by zero', pdb.evaluate('1 / 0')), undefined);
    await within('next over the update', pdb.execute('next'));
    assert.strictEqual(await within('evaluate balance after', pdb.evaluate('balance')), '-287');
  });

  it('lists breakpoints with the spec that recreates them', async () => {
    const pdb = await startPdb('loop_bug.py');
    const update = markerLine('loop_bug.py', '# UPDATE');
    const end = markerLine('loop_bug.py', '# END');
    const file = examplePath('loop_bug.py');
    await within('break fee_for', pdb.execute('break fee_for'));
    await within('conditional break', pdb.execute(`break ${update}, day > 3`));
    await within('tbreak', pdb.execute(`tbreak ${end}`));
    await within('disable 1', pdb.execute('disable 1'));
    const list = await within('breakpoints', pdb.breakpoints());
    assert.deepStrictEqual(list, [
      { number: 1, enabled: false, spec: `break ${file}:${markerLine('loop_bug.py', 'def fee_for')}`, kind: 'breakpoint' },
      { number: 2, enabled: true, spec: `break ${file}:${update}, day > 3`, kind: 'breakpoint', condition: 'day > 3' },
      { number: 3, enabled: true, spec: `tbreak ${file}:${end}`, kind: 'breakpoint' },
    ]);
  });

  it('passes breakpoint commands and the question of `clear` through', async () => {
    const pdb = await startPdb('prints.py');
    await within('break say', pdb.execute('b say'));
    await within('commands 1', pdb.execute('commands 1'));
    await within('command body', pdb.execute('p i * 100'));
    await within('end', pdb.execute('end'));
    const output = await within('continue to say', pdb.execute('c'));
    assert.match(output.text, /^100$/m);
    const question = await within('clear asks', pdb.execute('clear'));
    assert.match(question.text, /^$/);
    const answer = await within('answer', pdb.execute('y'));
    assert.match(answer.text, /Deleted breakpoint 1/);
    assert.deepStrictEqual(await within('breakpoints after clear', pdb.breakpoints()), []);
  });

  it('reports sys.exit codes and normal ends, with the program\'s output', async () => {
    const pdb = await startPdb('exit_code.py');
    const exit = await within('continue to exit', pdb.execute('continue'));
    assert.match(exit.text, /Exit status: 10/);
    assert.deepStrictEqual(pdb.status(), { kind: 'exited', code: 10 });

    const printer = await startPdb('prints.py');
    const output = await within('continue through prints', printer.execute('c'));
    assert.match(output.text, /line 1\nline 2\nline 3\nline 4\nline 5\ndone\n/);
    assert.deepStrictEqual(printer.status(), { kind: 'exited', code: 0 });
    // pdb restarts the script: the next stop is a stop again.
    await within('step after restart', printer.execute('step'));
    assert.strictEqual(printer.status().kind, 'stopped');
  });

  it('runs a script that reads a file from the working directory', async () => {
    const pdb = await startPdb('read_file.py');
    const output = await within('continue read_file', pdb.execute('c'));
    assert.match(output.text, /4 lines, 26 characters/);
  });

  it('passes the script\'s arguments', async () => {
    const dir = makeTempDir();
    try {
      fs.writeFileSync(`${dir}/two_lines.txt`, 'one\ntwo\n');
      const pdb = await startPdb('read_file.py', { args: [`${dir}/two_lines.txt`], cwd: dir });
      const output = await within('continue read_file two_lines.txt', pdb.execute('c'));
      assert.match(output.text, /2 lines, 8 characters/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('repeats the user\'s last command on an empty line even after fred\'s queries', async () => {
    const pdb = await startPdb('prints.py');
    await within('break say', pdb.execute('b say'));
    await within('continue to say', pdb.execute('c'));
    const seen = recordOutput(pdb);
    await within('continue to say(2)', pdb.execute('c'));
    await within('location between', pdb.location());
    await within('evaluate between', pdb.evaluate('i'));
    const repeated = await within('empty line', pdb.execute(''));
    assert.match(repeated.text, /line 2/);
    assert.strictEqual(await within('evaluate i', pdb.evaluate('i')), '3');
    assert.doesNotMatch(seen.text(), /bdb\.py/, 'fred\'s `where` stays out of what the user sees');
  });

  it('interrupts a running script like Ctrl-C', async () => {
    const pdb = await startPdb('infinite_loop.py');
    const seen = recordOutput(pdb);
    const running = pdb.execute('continue');
    await within('script prints "spinning"', new Promise<void>((resolve) => {
      const timer = setInterval(() => { if (seen.text().includes('spinning')) { clearInterval(timer); resolve(); } }, 10);
    }));
    pdb.interrupt();
    const output = await within('continue ends after interrupt', running);
    assert.match(output.text, /Program interrupted/);
    assert.deepStrictEqual(pdb.status(), { kind: 'stopped', reason: 'signal' });
    assert.strictEqual(await within('evaluate spins > 0', pdb.evaluate('spins > 0')), 'True');
  });

  it('forwards keystrokes to a program reading the terminal mid-command', async () => {
    const pdb = await startPdb('prints.py');
    const seen = recordOutput(pdb);
    const reading = pdb.execute('p input("name? ")');
    await within('program asks', new Promise<void>((resolve) => {
      const timer = setInterval(() => { if (seen.text().includes('name? ')) { clearInterval(timer); resolve(); } }, 10);
    }));
    pdb.sendInput!('fred\r');
    const output = await within('input read', reading);
    assert.match(output.text, /^name\? fred\n'fred'\n$/);
  });

  it('knows the program\'s pid: the python process itself', async () => {
    const pdb = await startPdb('prints.py');
    assert.strictEqual(await within('program pid', pdb.programPid!()), pdb.pid);
  });

  it('reports pdb quitting: the command resolves, onExit fires, later commands reject', async () => {
    const pdb = await startPdb('prints.py');
    const exited = new Promise<number | undefined>((resolve) => pdb.onExit(resolve));
    const output = await within('quit', pdb.execute('quit'));
    assert.strictEqual(output.debuggerExited, true);
    assert.strictEqual(await within('onExit', exited), 0);
    await assert.rejects(pdb.execute('next'), /pdb has exited/);
  });

  it('runs pdb under a wrapper (fred-holder) when one is given', async function () {
    assert.ok(fs.existsSync(holderPath), `${holderPath} is missing: npm install builds it`);
    const pdb = await startPdb('prints.py', { wrapper: [holderPath] });
    const pid = await within('program pid under the holder', pdb.programPid!());
    assert.ok(pid && pid !== pdb.pid, 'python runs as the holder\'s child');
    await within('continue under the holder', pdb.execute('c'));
    assert.deepStrictEqual(pdb.status(), { kind: 'exited', code: 0 });
  });
});
