// The user's breakpoint numbers and hit counts against gdb's (src/fred/gdb/breakpointNumbers.ts):
// pure text translation, so plain unit tests.
import * as assert from 'assert';
import { BreakpointNumbers } from '../../src/fred/gdb/breakpointNumbers';

/** gdb made 1 (break) and 2 (watch acc); a restore re-created 2 as gdb's 3; the user then set gdb's 4. */
function afterOneRecreation(): BreakpointNumbers {
  const numbers = new BreakpointNumbers();
  numbers.assign(2, 3);
  return numbers;
}

describe('breakpoint numbers: the user sees plain gdb\'s', function () {
  it('translates nothing while gdb\'s numbers are the user\'s', function () {
    const numbers = new BreakpointNumbers();
    assert.strictEqual(numbers.toGdb('delete 2'), 'delete 2');
    assert.strictEqual(numbers.toUser('continue', 'Hardware watchpoint 2: acc'), 'Hardware watchpoint 2: acc');
  });

  it('a re-created breakpoint keeps its number; a later one gets the number plain gdb gives', function () {
    const numbers = afterOneRecreation();
    assert.strictEqual(numbers.userOf(3), 2);
    assert.strictEqual(numbers.userOf(4), 3);
    assert.strictEqual(numbers.gdbOf(2), 3);
    assert.strictEqual(numbers.gdbOf(3), 4);
    assert.strictEqual(numbers.gdbOf(1), 1);
  });

  it('commands that take numbers are translated, and only their numbers', function () {
    const numbers = afterOneRecreation();
    assert.strictEqual(numbers.toGdb('delete 2 3'), 'delete 3 4');
    assert.strictEqual(numbers.toGdb('d 1-3'), 'd 1 3 4');
    assert.strictEqual(numbers.toGdb('disable breakpoints 2'), 'disable breakpoints 3');
    assert.strictEqual(numbers.toGdb('enable once 2'), 'enable once 3');
    assert.strictEqual(numbers.toGdb('enable count 2 3'), 'enable count 2 4');
    assert.strictEqual(numbers.toGdb('condition 2 acc > 2'), 'condition 3 acc > 2');
    assert.strictEqual(numbers.toGdb('ignore 3 2'), 'ignore 4 2');
    assert.strictEqual(numbers.toGdb('commands 2'), 'commands 3');
    assert.strictEqual(numbers.toGdb('info breakpoints 2'), 'info breakpoints 3');
    assert.strictEqual(numbers.toGdb('i b 3'), 'i b 4');
    assert.strictEqual(numbers.toGdb('delete display 2'), 'delete display 2');
    assert.strictEqual(numbers.toGdb('disable mem 2'), 'disable mem 2');
    assert.strictEqual(numbers.toGdb('print 2'), 'print 2');
    assert.strictEqual(numbers.toGdb('delete $bpnum'), 'delete $bpnum');
  });

  it('gdb\'s messages name the user\'s numbers', function () {
    const numbers = afterOneRecreation();
    assert.strictEqual(numbers.toUser('continue', 'Hardware watchpoint 3: acc\n\nOld value = 1'), 'Hardware watchpoint 2: acc\n\nOld value = 1');
    assert.strictEqual(numbers.toUser('next', 'Watchpoint 3 deleted because the program has left the block in'), 'Watchpoint 2 deleted because the program has left the block in');
    assert.strictEqual(numbers.toUser('break f', 'Breakpoint 4 at 0x1147: file w.c, line 6.'), 'Breakpoint 3 at 0x1147: file w.c, line 6.');
    assert.strictEqual(numbers.toUser('continue', 'Breakpoint 4, 0x0000555555555147 in f ()'), 'Breakpoint 3, 0x0000555555555147 in f ()');
    assert.strictEqual(numbers.toUser('delete 9', 'No breakpoint number 5.'), 'No breakpoint number 4.');
    assert.strictEqual(numbers.toUser('clear f', 'Deleted breakpoints 3 4 '), 'Deleted breakpoints 2 3 ');
  });

  it('info breakpoints: rows renumbered, hit counts as at the restored time point', function () {
    const numbers = afterOneRecreation();
    numbers.restoredHits(new Map([[1, 2], [2, 1]]));
    const gdb = [
      'Num     Type           Disp Enb Address            What',
      '1       breakpoint     keep y   0x0000555555555147 in f at w.c:6',
      '\tbreakpoint already hit 1 time',
      '3       hw watchpoint  keep y                      acc',
      '\tstop only if acc > 2',
      '4       breakpoint     keep y   0x0000555555555150 in g at w.c:9',
      '\tbreakpoint already hit 2 times',
    ].join('\n');
    assert.strictEqual(numbers.toUser('info breakpoints', gdb), [
      'Num     Type           Disp Enb Address            What',
      '1       breakpoint     keep y   0x0000555555555147 in f at w.c:6',
      '\tbreakpoint already hit 3 times',
      '2       hw watchpoint  keep y                      acc',
      '\tstop only if acc > 2',
      '\tbreakpoint already hit 1 time',
      '3       breakpoint     keep y   0x0000555555555150 in g at w.c:9',
      '\tbreakpoint already hit 2 times',
    ].join('\n'));
  });

  it('shown counts by user number, from gdb\'s', function () {
    const numbers = afterOneRecreation();
    numbers.restoredHits(new Map([[2, 4]]));
    assert.deepStrictEqual([...numbers.shownFromGdb(new Map([[1, 0], [3, 2]]))], [[1, 0], [2, 6]]);
  });
});
