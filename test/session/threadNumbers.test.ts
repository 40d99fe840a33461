// The translation between gdb's thread numbers and the forward run's (pure logic).
import * as assert from 'assert';
import { answerToUser, commandNeedsThreads, commandToGdb, ThreadMap } from '../../src/fred/gdb/threadNumbers';

/** A restored copy: gdb numbered the snapshot's thread (the user's 3) first. */
const restored = new ThreadMap([
  { gdb: 1, user: 3, selected: true, name: 'adder-1' },
  { gdb: 2, user: 2, selected: false },
  { gdb: 3, user: 1, selected: false },
]);

describe('thread numbers across restores', function () {
  it('translates nothing while gdb numbers threads as the forward run did', function () {
    const same = new ThreadMap([{ gdb: 1, user: 1, selected: true }, { gdb: 2, user: 2, selected: false }]);
    assert.ok(same.identity);
    assert.strictEqual(commandToGdb('thread 2', same), 'thread 2');
  });

  it('the user\'s commands get gdb\'s numbers', function () {
    assert.strictEqual(commandToGdb('thread 1', restored), 'thread 3');
    assert.strictEqual(commandToGdb('t 3', restored), 't 1');
    assert.strictEqual(commandToGdb('thread apply 1-2 bt', restored), 'thread apply 3 2 bt');
    assert.strictEqual(commandToGdb('thread apply all bt', restored), 'thread apply all bt');
    assert.strictEqual(commandToGdb('info threads 1', restored), 'info threads 3');
    assert.strictEqual(commandToGdb('p $_thread', restored), 'p 3');
    assert.strictEqual(commandToGdb('thread name x', restored), 'thread name x');
    assert.ok(commandNeedsThreads('info thr'));
    assert.ok(!commandNeedsThreads('break foo if $_thread == 2'));
  });

  it('a number no thread has stays invalid for gdb, and gdb\'s error names the user\'s', function () {
    const gaps = new ThreadMap([{ gdb: 1, user: 3, selected: true }, { gdb: 2, user: 5, selected: false }]);
    assert.strictEqual(commandToGdb('thread 7', gaps), 'thread 7');
    const gdb = commandToGdb('thread 1', gaps);   // the user's 1 ended; gdb's 1 is the user's 3
    assert.notStrictEqual(gdb, 'thread 1');
    assert.notStrictEqual(gdb, 'thread 2');
    assert.strictEqual(answerToUser('thread 1', `Invalid thread ID: ${gdb.split(' ')[1]}`, gaps), 'Invalid thread ID: 1');
  });

  it('gdb\'s answers name the user\'s threads; info threads in the user\'s order', function () {
    assert.strictEqual(answerToUser('continue', 'Thread 1 "adder-1" hit Breakpoint 1, work () at w.c:3', restored), 'Thread 3 "adder-1" hit Breakpoint 1, work () at w.c:3');
    assert.strictEqual(answerToUser('thread 1', '[Switching to thread 3 (Thread 0x7f (LWP 5))]', restored), '[Switching to thread 1 (Thread 0x7f (LWP 5))]');
    const table = ['  Id   Target Id         Frame ', '* 1    Thread 0x1 "adder-1" work ()', '  2    Thread 0x2 "adder-0" wait ()', '  3    Thread 0x3 "main" join ()'].join('\n');
    assert.strictEqual(answerToUser('info threads', table, restored),
      ['  Id   Target Id         Frame ', '  1    Thread 0x3 "main" join ()', '  2    Thread 0x2 "adder-0" wait ()', '* 3    Thread 0x1 "adder-1" work ()'].join('\n'));
  });

  it('a thread the library did not number keeps gdb\'s number unless a numbered one has it', function () {
    const map = new ThreadMap([{ gdb: 1, user: 2, selected: false }, { gdb: 2, user: null, selected: true }, { gdb: 3, user: null, selected: false }]);
    assert.strictEqual(map.userOf(1), 2);
    assert.notStrictEqual(map.userOf(2), 2);
    assert.strictEqual(map.userOf(3), 3);
  });
});
