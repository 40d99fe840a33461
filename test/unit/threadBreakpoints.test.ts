// Breakpoints restricted to a thread and $_thread in conditions, as gdb is given them and
// as the user sees them (pure logic of src/fred/gdb/threadBreakpoints.ts).
import * as assert from 'assert';
import { ThreadBreakpoints } from '../../src/fred/gdb/threadBreakpoints';
import { ThreadMap } from '../../src/fred/gdb/threadNumbers';

/** A restored copy: gdb numbered the snapshot's thread (the user's 3) first. */
const restored = new ThreadMap([
  { gdb: 1, user: 3, selected: true },
  { gdb: 2, user: 2, selected: false },
  { gdb: 3, user: 1, selected: false },
]);

describe('breakpoints restricted to a thread', function () {
  it('gives gdb a condition on fred\'s thread number', function () {
    const b = new ThreadBreakpoints();
    assert.strictEqual(b.toGdb('break f.c:29 thread 2', restored, true), 'break f.c:29 if $_fred_in_thread(2)');
    assert.strictEqual(b.toGdb('tb 17 thread 3 if round == 1', restored, true), 'tb 17 if $_fred_in_thread(3) && (round == 1)');
    assert.strictEqual(b.toGdb('break thread 1', restored, true), 'break if $_fred_in_thread(1)');
    assert.strictEqual(b.toGdb('break 28 if $_thread == 2', restored, true), 'break 28 if $_fred_thread() == 2');
    assert.strictEqual(b.toGdb('break 28', restored, true), 'break 28');
    assert.strictEqual(b.toGdb('bt', restored, true), 'bt');
    assert.ok(ThreadBreakpoints.namesThread('b main thread 2'));
    assert.ok(!ThreadBreakpoints.namesThread('break thread_main'));
  });

  it('leaves a thread that does not exist to gdb, under a number no thread has', function () {
    const b = new ThreadBreakpoints();
    const gdb = b.toGdb('break 29 thread 7', restored, true);
    const n = Number(/thread (\d+)/.exec(gdb)![1]);
    assert.ok(![1, 2, 3].includes(n), gdb);
    assert.strictEqual(restored.userOf(n), 7);
    // one thread, running: only thread 1 exists; not running: gdb says so itself
    assert.strictEqual(b.toGdb('break 29 thread 1', undefined, true), 'break 29 if $_fred_in_thread(1)');
    assert.strictEqual(b.toGdb('break 29 thread 1', undefined, false), 'break 29 thread 1');
  });

  it('keeps the restriction through `condition`', function () {
    const b = new ThreadBreakpoints();
    b.noteAnswer('break 29 thread 2', 'Breakpoint 4 at 0x1234: file f.c, line 29.');
    assert.strictEqual(b.toGdb('condition 4 round == 2', restored, true), 'condition 4 $_fred_in_thread(2) && (round == 2)');
    assert.strictEqual(b.toGdb('cond 4', restored, true), 'cond 4 $_fred_in_thread(2)');
    assert.strictEqual(b.toGdb('condition 5 $_thread == 1', restored, true), 'condition 5 $_fred_thread() == 1');
    assert.strictEqual(b.toGdb('condition 5 x > 1', restored, true), 'condition 5 x > 1');
  });

  it('shows info breakpoints as plain gdb does', function () {
    const b = new ThreadBreakpoints();
    const gdb = [
      'Num     Type           Disp Enb Address            What',
      '2       breakpoint     keep y   0x000055555555523e in work at f.c:29',
      '\tstop only if $_fred_in_thread(2) && (round == 2)',
      '\tbreakpoint already hit 2 times',
      '3       breakpoint     keep y   0x000055555555522b in work at f.c:28',
      '\tstop only if $_fred_thread() == 2',
    ].join('\n');
    assert.strictEqual(b.answerToUser(gdb), [
      'Num     Type           Disp Enb Address            What',
      '2       breakpoint     keep y   0x000055555555523e in work at f.c:29 thread 2',
      '\tstop only if round == 2',
      '\tstop only in thread 2',
      '\tbreakpoint already hit 2 times',
      '3       breakpoint     keep y   0x000055555555522b in work at f.c:28',
      '\tstop only if $_thread == 2',
    ].join('\n'));
  });

  it('translates watch, rwatch and awatch EXPR thread N the same way (issue 18)', function () {
    const b = new ThreadBreakpoints();
    assert.strictEqual(b.toGdb('watch counter thread 3', restored, true), 'watch counter if $_fred_in_thread(3)');
    assert.strictEqual(b.toGdb('rwatch -l counter thread 2 if counter > 1', restored, true), 'rwatch -l counter if $_fred_in_thread(2) && (counter > 1)');
    assert.strictEqual(b.toGdb('awatch counter if $_thread == 1', restored, true), 'awatch counter if $_fred_thread() == 1');
    assert.strictEqual(b.toGdb('watch counter', restored, true), 'watch counter');
    b.noteAnswer('watch counter thread 3', 'Watchpoint 5: counter');
    b.noteAnswer('awatch total thread 2', 'Hardware access (read/write) watchpoint 6: total');
    assert.strictEqual(b.toGdb('condition 5 counter > 2', restored, true), 'condition 5 $_fred_in_thread(3) && (counter > 2)');
    assert.deepStrictEqual([...b.restrictions], [[5, 3], [6, 2]]);
    const gdb = [
      'Num     Type           Disp Enb Address            What',
      '5       watchpoint     keep y                      counter',
      '\tstop only if $_fred_in_thread(3)',
    ].join('\n');
    assert.strictEqual(b.answerToUser(gdb), [
      'Num     Type           Disp Enb Address            What',
      '5       watchpoint     keep y                      counter thread 3',
      '\tstop only in thread 3',
    ].join('\n'));
  });
});
