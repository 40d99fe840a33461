// Pure: how each personality reads its debugger's answers (texts as gdb 13 and
// Python 3.11's pdb print them, after terminal cleanup).
import * as assert from 'assert';
import { gdbPersonality, parseHelperAnswer } from '../../src/debugger-adapters/gdbPersonality';
import { pdbPersonality } from '../../src/debugger-adapters/pdbPersonality';
import { ProgramStatus } from '../../src/debugger-adapters/debugger';

const stopped: ProgramStatus = { kind: 'stopped', reason: 'step' };

describe('gdb personality', () => {
  const gdb = gdbPersonality({ helpersFile: '/x/fredGdbHelpers.py' });

  it('reads exits, signals and stops from gdb\'s messages; the last one wins', () => {
    const status = (command: string, text: string, previous: ProgramStatus = stopped) => gdb.statusAfter(command, text, previous);
    assert.deepStrictEqual(status('c', 'Continuing.\n[Inferior 1 (process 12) exited normally]\n'), { kind: 'exited', code: 0 });
    assert.deepStrictEqual(status('c', '[Inferior 1 (process 12) exited with code 012]\n'), { kind: 'exited', code: 10 });
    assert.deepStrictEqual(status('c', '\nProgram terminated with signal SIGSEGV, Segmentation fault.\nThe program no longer exists.\n'),
      { kind: 'exited', signal: 'SIGSEGV' });
    assert.deepStrictEqual(status('c', '\nProgram received signal SIGSEGV, Segmentation fault.\n0x0 in ?? ()\n'), { kind: 'stopped', reason: 'signal' });
    assert.deepStrictEqual(status('run', 'Starting program: /a \n\nBreakpoint 1, main () at a.c:4\n4\t{\n', { kind: 'exited', code: 0 }),
      { kind: 'stopped', reason: 'breakpoint' });
    assert.deepStrictEqual(status('start', '\nTemporary breakpoint 1, main () at a.c:4\n'), { kind: 'stopped', reason: 'breakpoint' });
    assert.deepStrictEqual(status('c', '\nHardware watchpoint 2: sum\n\nOld value = 0\nNew value = 1\nmain () at a.c:9\n'),
      { kind: 'stopped', reason: 'watchpoint' });
    assert.deepStrictEqual(status('finish', 'Run till exit from #0  f (n=1) at a.c:2\n\nBreakpoint 2, f (n=0) at a.c:2\n'),
      { kind: 'stopped', reason: 'breakpoint' });
    assert.deepStrictEqual(status('kill', '[Inferior 1 (process 12) killed]\n'), { kind: 'not-started' });
    assert.deepStrictEqual(status('run', 'Starting program: /x \nDuring startup program exited with code 127.\n', { kind: 'not-started' }),
      { kind: 'exited', code: 127 });
    assert.deepStrictEqual(status('run', 'Starting program:  \nNo executable file specified.\n', { kind: 'not-started' }), { kind: 'not-started' });
    assert.deepStrictEqual(status('run', 'Starting program: /x \n$1 = 100\n', { kind: 'not-started' }), { kind: 'stopped', reason: 'other' });
  });

  it('does not mistake creating a watchpoint for hitting one; keeps the state for other commands', () => {
    const atBreakpoint: ProgramStatus = { kind: 'stopped', reason: 'breakpoint' };
    assert.deepStrictEqual(gdb.statusAfter('watch sum', 'Hardware watchpoint 2: sum\n', atBreakpoint), atBreakpoint);
    assert.deepStrictEqual(gdb.statusAfter('print x', '$1 = 3\n', atBreakpoint), atBreakpoint);
    assert.deepStrictEqual(gdb.statusAfter('next', '10\t  x++;\n', atBreakpoint), { kind: 'stopped', reason: 'step' });
    const exited: ProgramStatus = { kind: 'exited', code: 0 };
    assert.deepStrictEqual(gdb.statusAfter('next', 'The program is not being run.\n', exited), exited);
  });

  it('reads the helper\'s JSON line among other output, and its errors as nothing', () => {
    assert.deepStrictEqual(parseHelperAnswer('x=1\nfred-json: {"ok": true, "pid": 5}\n'), { ok: true, pid: 5 });
    assert.strictEqual(parseHelperAnswer('fred-json: {"ok": false, "error": "No stack."}\n'), undefined);
    assert.strictEqual(parseHelperAnswer('Undefined command: "fred-location".\n'), undefined);
    assert.strictEqual(gdb.parseEvaluation('fred-json: {"ok": true, "value": "{a = 1, b = 0x0}"}\n'), '{a = 1, b = 0x0}');
    assert.deepStrictEqual(gdb.parseLocation('fred-json: {"ok": true, "pc": "0x1139", "depth": 2, "function": "f", "file": "/a.c", "line": 3, "frameId": "0x7ffe0"}\n'),
      { file: '/a.c', line: 3, function: 'f', pc: '0x1139', depth: 2, frameId: '0x7ffe0' });
  });

  it('reads the last stop report among a command\'s output, as fred-location\'s answer', () => {
    const out = 'fred-stop: {"ok": true, "pc": "0x1130", "depth": 1, "function": "main"}\n\nBreakpoint 2, f () at /a.c:3\n3\t  x++;\n'
      + 'fred-stop: {"ok": true, "pc": "0x1139", "depth": 2, "function": "f", "file": "/a.c", "line": 3}\n';
    assert.deepStrictEqual(gdb.stopReport?.parse(out), { file: '/a.c', line: 3, function: 'f', pc: '0x1139', depth: 2, frameId: undefined });
    assert.strictEqual(gdb.stopReport?.parse('3\t  x++;\n'), undefined);
  });

  it('sends its queries with "server" and leaves empty lines to gdb', () => {
    assert.strictEqual(gdb.internal('fred-location'), 'server fred-location');
    assert.strictEqual(gdb.repeatOfEmptyLine('next'), '');
  });
});

describe('pdb personality', () => {
  const pdb = pdbPersonality();

  it('counts only the user\'s frames in `where`', () => {
    const where = [
      '  /usr/lib/python3.11/bdb.py(600)run()', '-> exec(cmd, globals, locals)',
      '  <string>(1)<module>()',
      '  /w/f.py(11)<module>()', '-> result = factorial(5)',
      '  /w/f.py(7)factorial()', '-> rest = factorial(n - 1)',
      '> /w/f.py(6)factorial()->1', '-> return 1', '',
    ].join('\n');
    assert.deepStrictEqual(pdb.parseLocation(where),
      { file: '/w/f.py', line: 6, function: 'factorial', pc: '/w/f.py:6', depth: 3, frameId: '3:factorial' });
    assert.strictEqual(pdb.parseLocation('*** Oops\n'), undefined);
  });

  it('reads the stop report queued after a command (the frames after the last mark)', () => {
    const report = ['fred-stop', '  /usr/lib/python3.11/bdb.py(600)run()', '  <string>(1)<module>()', '  /w/f.py(11)<module>()', '  /w/f.py(7)factorial()', 'None'];
    const stop = ['> /w/f.py(7)factorial()', '-> rest = factorial(n - 1)'];
    assert.deepStrictEqual(pdb.stopReport?.parse([...stop, ...report, ''].join('\n')), { file: '/w/f.py', line: 7, function: 'factorial', pc: '/w/f.py:7', depth: 2, frameId: '2:factorial' });
    // Python 3.13 runs the queued report before the command: not this stop's
    assert.strictEqual(pdb.stopReport?.parse([...report, ...stop, ''].join('\n')), undefined);
    assert.strictEqual(pdb.stopReport?.parse("*** ModuleNotFoundError: No module named '_fred_pdb'\n"), undefined);
    assert.match(pdb.stopReport?.suffix ?? '', /^;;/);
  });

  it('reads values and errors of `p`', () => {
    assert.strictEqual(pdb.parseEvaluation("'abc'\n"), "'abc'");
    assert.strictEqual(pdb.parseEvaluation("*** NameError: name 'zz' is not defined\n"), undefined);
  });

  it('reads the breakpoint table', () => {
    const table = [
      'Num Type         Disp Enb   Where',
      '1   breakpoint   keep no    at /w/a.py:4',
      '\tbreakpoint already hit 2 times',
      '2   breakpoint   del  yes   at /w/a.py:12',
      '\tstop only if day > 3', '',
    ].join('\n');
    assert.deepStrictEqual(pdb.parseBreakpoints(table), [
      { number: 1, enabled: false, spec: 'break /w/a.py:4', kind: 'breakpoint' },
      { number: 2, enabled: true, spec: 'tbreak /w/a.py:12, day > 3', kind: 'breakpoint', condition: 'day > 3' },
    ]);
  });

  it('reads ends, crashes and stops', () => {
    assert.deepStrictEqual(pdb.statusAfter('c', 'The program exited via sys.exit(). Exit status: 3\n> /a.py(1)<module>()\n', stopped), { kind: 'exited', code: 3 });
    assert.deepStrictEqual(pdb.statusAfter('c', 'The program exited via sys.exit(). Exit status: bye\n', stopped), { kind: 'exited', code: 1 });
    assert.deepStrictEqual(pdb.statusAfter('c', 'done\nThe program finished and will be restarted\n> /a.py(1)<module>()\n', stopped), { kind: 'exited', code: 0 });
    assert.deepStrictEqual(pdb.statusAfter('c', 'Traceback...\nUncaught exception. Entering post mortem debugging\n> /a.py(3)f()\n', stopped),
      { kind: 'stopped', reason: 'signal' });
    assert.deepStrictEqual(pdb.statusAfter('c', 'Post mortem debugger finished. The /a.py will be restarted\n> /a.py(1)<module>()\n', stopped),
      { kind: 'exited', code: 1 });
    assert.deepStrictEqual(pdb.statusAfter('c', '> /a.py(3)f()\n-> x = 1\n', stopped), { kind: 'stopped', reason: 'breakpoint' });
    assert.deepStrictEqual(pdb.statusAfter('n', '> /a.py(4)f()\n-> y = 2\n', stopped), { kind: 'stopped', reason: 'step' });
    const exited: ProgramStatus = { kind: 'exited', code: 0 };
    assert.deepStrictEqual(pdb.statusAfter('p x', '1\n', exited), exited);
  });

  it('sends the user\'s last command for an empty line', () => {
    assert.strictEqual(pdb.repeatOfEmptyLine('next'), 'next');
  });
});
