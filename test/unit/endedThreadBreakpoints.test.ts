// Thread-restricted breakpoints whose thread ended: plain gdb's note where the thread exits,
// hidden at that time point and after it on its path, shown again before it
// (pure logic of src/fred/gdb/endedThreadBreakpoints.ts).
import * as assert from 'assert';
import { EndedThreadBreakpoints } from '../../src/fred/gdb/endedThreadBreakpoints';
import { gdbDialect } from '../../src/history/dialects';
import { entriesOf } from '../../src/history/timePointEntry';

const at = (lines: string[]) => entriesOf(lines, gdbDialect);
import { ThreadMap } from '../../src/fred/gdb/threadNumbers';

const before = new ThreadMap([
  { gdb: 1, user: 3, selected: true, lwp: 120 },
  { gdb: 2, user: 1, selected: false, lwp: 100 },
]);
const table = [
  'Num     Type           Disp Enb Address            What',
  '2       breakpoint     keep y   0x0000555555555163 in add at f.c:11 thread 3',
  '\tstop only in thread 3',
  '\tbreakpoint already hit 1 time',
  '3       breakpoint     keep y   0x0000555555555217 in main at f.c:29',
].join('\n');

describe('thread-restricted breakpoints whose thread ended', function () {
  it('adds plain gdb\'s note after the thread\'s exit and hides the breakpoint from that time point on', function () {
    const e = new EndedThreadBreakpoints();
    const said = e.threadsExited('Continuing.\n[Thread 0x7ffff7d496c0 (LWP 120) exited]\n\nThread 1 "p" hit Breakpoint 3, main () at f.c:29',
      before, new Map([[2, 3], [4, 1]]), new Set([2, 3, 4]));
    assert.strictEqual(said, 'Continuing.\n[Thread 0x7ffff7d496c0 (LWP 120) exited]\nThread-specific breakpoint 2 deleted - thread 3 no longer in the thread list.\n\nThread 1 "p" hit Breakpoint 3, main () at f.c:29');
    e.recorded(at(['run', 'continue']));
    assert.deepStrictEqual([...e.hidden(at(['run', 'continue', 'next']))], [2]);
    assert.deepStrictEqual([...e.hidden(at(['run']))], []);
    assert.deepStrictEqual([...e.hidden(at(['run', 'next']))], []);
    assert.strictEqual(e.table(table, at(['run', 'continue'])), [
      'Num     Type           Disp Enb Address            What',
      '3       breakpoint     keep y   0x0000555555555217 in main at f.c:29',
    ].join('\n'));
    assert.strictEqual(e.table(table, at(['run'])), table);
    assert.strictEqual(e.refusal('delete 2', at(['run', 'continue'])), 'No breakpoint number 2.\n');
    assert.strictEqual(e.refusal('disable 3', at(['run', 'continue'])), undefined);
    assert.strictEqual(e.refusal('delete 2', at(['run'])), undefined);
  });

  it('says there are none when only hidden ones are left', function () {
    const e = new EndedThreadBreakpoints();
    e.threadsExited('[Thread 0x7ffff7d496c0 (LWP 120) exited]', before, new Map([[2, 3]]), new Set([2]));
    e.recorded(at(['run', 'continue']));
    assert.strictEqual(e.table(table.split('\n').slice(0, 4).join('\n'), at(['run', 'continue'])), 'No breakpoints or watchpoints.');
  });

  it('notes those whose thread was still there when the program ends, after gdb\'s line', function () {
    const e = new EndedThreadBreakpoints();
    const said = e.threadsExited('counter=62\n[Inferior 1 (process 42) exited normally]', undefined, new Map([[2, 1], [5, 3]]), new Set([2, 5]));
    assert.strictEqual(said, 'counter=62\n[Inferior 1 (process 42) exited normally]\n'
      + 'Thread-specific breakpoint 2 deleted - thread 1 no longer in the thread list.\n'
      + 'Thread-specific breakpoint 5 deleted - thread 3 no longer in the thread list.');
  });
});

