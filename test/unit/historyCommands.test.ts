// Classification of gdb/pdb command lines and parsing of fred's own commands.
import { strict as assert } from 'assert';
import { repeatCommand } from '../../src/history/commands';
import { dialectOf, gdbDialect, pdbDialect } from '../../src/history/dialects';
import { parseFredCommand } from '../../src/history/fredCommands';

function kindOf(line: string, debuggerKind: 'gdb' | 'pdb' = 'gdb') {
  return dialectOf(debuggerKind).classify(line).kind;
}

describe('history/commands: gdb', () => {
  it('knows the abbreviations of resuming commands', () => {
    const expected: Record<string, string> = {
      n: 'next', next: 'next', s: 'step', step: 'step', c: 'continue', cont: 'continue', continue: 'continue',
      fin: 'finish', finish: 'finish', u: 'until', until: 'until', adv: 'advance', 'advance 12': 'advance',
      si: 'stepi', stepi: 'stepi', ni: 'nexti', nexti: 'nexti', r: 'run', run: 'run', start: 'run',
      'j 12': 'jump', 'jump 12': 'jump', kill: 'kill', k: 'kill', q: 'quit',
    };
    for (const [line, kind] of Object.entries(expected)) assert.equal(kindOf(line), kind, line);
    for (const line of ['n', 'c', 'r', 'fin', 'si', 'j 3']) assert.equal(gdbDialect.classify(line).resumes, true, line);
  });

  it('parses repeat counts; continue N is one resume with an ignore count', () => {
    assert.equal(gdbDialect.classify('next 3').count, 3);
    assert.equal(gdbDialect.classify('s 2').count, 2);
    assert.equal(gdbDialect.classify('si 4').count, 4);
    assert.equal(gdbDialect.classify('n').count, 1);
    const c5 = gdbDialect.classify('c 5');
    assert.equal(c5.kind, 'continue');
    assert.equal(c5.count, 1);
    assert.equal(c5.argument, '5');
  });

  it('tells side effects from read-only prints', () => {
    for (const line of ['print x = 5', 'p x++', 'p --x', 'call f()', 'p f(3)', 'set var x=1', 'set variable y = 2',
      'print a[i] += 2', 'set x = 4', 'p (*fp)(1)', 'return', 'signal SIGINT']) {
      assert.equal(kindOf(line), 'side-effect', line);
    }
    for (const line of ['print x', 'p x == 5', 'p/x y', 'p a <= b', 'p x != 3', 'p sizeof(int)', 'p "a=b"',
      'p $_streq(s, "x")', 'output x', 'p -pretty -- s']) {
      assert.equal(kindOf(line), 'read-only', line);
    }
    assert.equal(gdbDialect.classify('p x = 1').movesProgram, true);
    assert.equal(gdbDialect.classify('p x').movesProgram, false);
  });

  it('classifies breakpoints, frame selection, read-only commands and settings', () => {
    for (const line of ['b main', 'break f.c:12', 'tbreak 3', 'watch x', 'rwatch y', 'awatch z', 'delete 1', 'd',
      'disable 2', 'enable 2', 'condition 1 x > 3', 'display x', 'undisplay 1', 'clear f']) {
      assert.equal(kindOf(line), 'breakpoint', line);
    }
    // the crossings left to ignore belong to the time point: replayed, moves nothing
    assert.equal(kindOf('ignore 1 4'), 'ignore');
    assert.equal(gdbDialect.classify('ignore 1 4').movesProgram, false);
    for (const line of ['frame 2', 'f 1', 'up', 'down', 'up 2']) assert.equal(kindOf(line), 'frame-select', line);
    for (const line of ['info locals', 'i r', 'list', 'l 10', 'bt', 'backtrace full', 'where', 'x/4x &a', 'show args', 'help next']) {
      assert.equal(kindOf(line), 'read-only', line);
    }
    assert.equal(kindOf('set listsize 5'), 'other');
    assert.equal(kindOf('shell ls'), 'other');
    assert.equal(gdbDialect.classify('up').movesProgram, false);
  });
});

describe('history/commands: pdb', () => {
  it('knows pdb abbreviations', () => {
    const expected: Record<string, string> = {
      n: 'next', s: 'step', c: 'continue', cont: 'continue', r: 'finish', return: 'finish', unt: 'until',
      'until 12': 'until', 'j 7': 'jump', restart: 'run', run: 'run', q: 'quit', b: 'breakpoint', 'b 12': 'breakpoint',
      tbreak: 'breakpoint', cl: 'breakpoint', 'disable 1': 'breakpoint', 'condition 1 x>2': 'breakpoint',
      display: 'breakpoint', 'p x': 'read-only', 'pp d': 'read-only', l: 'read-only', ll: 'read-only', w: 'read-only',
      a: 'read-only', u: 'frame-select', d: 'frame-select',
    };
    for (const [line, kind] of Object.entries(expected)) assert.equal(kindOf(line, 'pdb'), kind, line);
  });

  it('treats Python statements by their effects', () => {
    for (const line of ['!x = 3', 'x = 3', 'p f()', 'lst.append(3)', 'del d[1]', 'x += 1', '!import os']) {
      assert.equal(kindOf(line, 'pdb'), 'side-effect', line);
    }
    for (const line of ['!x', 'x', 'p len(lst)', 'p x == 3', 'pp sorted(d.keys())', 'print(x, end="")']) {
      assert.equal(kindOf(line, 'pdb'), 'read-only', line);
    }
  });

  it('writes repeated commands for each debugger', () => {
    assert.equal(repeatCommand('next', 1), 'next');
    assert.equal(repeatCommand('step', 3), 'step 3');
    assert.throws(() => repeatCommand('next', 0), /positive/);
    assert.deepEqual(pdbDialect.repeatedLines('next 3'), { line: 'next', times: 3 });
    assert.deepEqual(gdbDialect.repeatedLines('next 3'), { line: 'next 3', times: 1 });
    assert.deepEqual(pdbDialect.repeatedLines('p x'), { line: 'p x', times: 1 });
  });
});

describe('history/fredCommands', () => {
  it('parses every command and alias', () => {
    assert.deepEqual(parseFredCommand('fred-checkpoint'), { kind: 'checkpoint' });
    assert.deepEqual(parseFredCommand('fred-ckpt'), { kind: 'checkpoint' });
    assert.deepEqual(parseFredCommand('fred-restart'), { kind: 'restart' });
    assert.deepEqual(parseFredCommand('fred-restart 2'), { kind: 'restart', checkpoint: 2 });
    assert.deepEqual(parseFredCommand('fred-undo'), { kind: 'undo', count: 1 });
    assert.deepEqual(parseFredCommand('fred-undo 4'), { kind: 'undo', count: 4 });
    for (const name of ['fred-reverse-next', 'fred-rn', 'reverse-next', 'rn']) {
      assert.deepEqual(parseFredCommand(`${name} 3`), { kind: 'reverse-next', count: 3 });
    }
    for (const name of ['fred-reverse-step', 'fred-rs', 'reverse-step', 'rs']) {
      assert.deepEqual(parseFredCommand(name), { kind: 'reverse-step', count: 1 });
    }
    for (const name of ['fred-reverse-finish', 'fred-rf', 'reverse-finish']) {
      assert.deepEqual(parseFredCommand(name), { kind: 'reverse-finish', count: 1 });
    }
    for (const name of ['fred-reverse-continue', 'fred-rc', 'reverse-continue', 'rc']) {
      assert.deepEqual(parseFredCommand(name), { kind: 'reverse-continue', count: 1 });
    }
    assert.deepEqual(parseFredCommand('fred-reverse-watch x > 10'), { kind: 'reverse-watch', expression: 'x > 10' });
    assert.deepEqual(parseFredCommand('fred-rw len(a) < 3'), { kind: 'reverse-watch', expression: 'len(a) < 3' });
    assert.deepEqual(parseFredCommand('fred-history'), { kind: 'history' });
    assert.deepEqual(parseFredCommand('fred-list'), { kind: 'list' });
    assert.deepEqual(parseFredCommand('fred-branch try-2'), { kind: 'branch', name: 'try-2' });
    assert.deepEqual(parseFredCommand('fred-switch main'), { kind: 'switch', name: 'main' });
    assert.deepEqual(parseFredCommand('fred-source cmds.txt'), { kind: 'source', file: 'cmds.txt' });
    assert.deepEqual(parseFredCommand('fred-help'), { kind: 'help' });
    assert.deepEqual(parseFredCommand('fred-info'), { kind: 'info' });
  });

  it('passes debugger commands through and flags unknown fred commands', () => {
    assert.equal(parseFredCommand('next'), undefined);
    assert.equal(parseFredCommand('print rn'), undefined);
    assert.equal(parseFredCommand(''), undefined);
    assert.deepEqual(parseFredCommand('fred-frobnicate 3'), { kind: 'unknown', name: 'fred-frobnicate' });
  });

  it('rejects bad counts and missing arguments with one clear line', () => {
    for (const line of ['rn x', 'rn 0', 'rn -1', 'fred-undo 1.5', 'fred-restart zero']) {
      const parsed = parseFredCommand(line);
      assert.equal(parsed?.kind, 'invalid', line);
      assert.match((parsed as { message: string }).message, /positive whole number/, line);
    }
    assert.match((parseFredCommand('fred-rw') as { message: string }).message, /needs an expression/);
    assert.match((parseFredCommand('fred-branch') as { message: string }).message, /branch name/);
    assert.match((parseFredCommand('fred-history now') as { message: string }).message, /takes no argument/);
  });
});
