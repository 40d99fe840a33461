// Deterministic replay of threads under fred gdb: the threads of examples/turns_counter.c add
// to a shared counter under a mutex in an order that depends on timing (plain runs differ).
// Going back across many changes of thread, then forward again, every stop shows what the
// same session showed going forward (the counter, the order of additions, the thread that
// stopped), again and again. The ground truth is the forward run itself: it cannot be
// repeated. In both replay modes.
import * as assert from 'assert';
import { example, runFred, section, withLines } from './gdbScenario';

const PROGRAM = 'turns_counter';
const dump = (tag: string) => [`echo @@${tag}\\n`, 'p counter', 'p order', 'p $_thread', 'echo @@END\\n'];

describe('fred gdb: threads replay in the recorded order', function () {
  this.timeout(180000);

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';
    it(`back across changes of thread and forward again, three times: the forward run's stops (${mode})`, async function () {
      const program = example(PROGRAM);
      const forward: string[] = ['break @ADD', 'run', ...dump('F0')];
      for (let k = 1; k <= 6; k++) forward.push('continue', ...dump(`F${k}`));
      const rounds: string[] = [];
      for (let r = 0; r < 3; r++) {
        for (let k = 5; k >= 2; k--) rounds.push('fred-reverse-continue', ...dump(`R${r}B${k}`));
        for (let k = 3; k <= 6; k++) rounds.push('continue', ...dump(`R${r}F${k}`));
      }
      const fred = await runFred(program, [...forward, ...rounds].map((c) => withLines(PROGRAM, c)), { fredArgs, timeoutMs: 150000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|not recorded from here on/, fred.transcript);
      const at = (tag: string) => section(fred.transcript, tag);
      // the stops going forward are distinct points: the counter grows by one each time
      for (let k = 0; k <= 6; k++) assert.match(at(`F${k}`), new RegExp(`^\\$N = ${k}\\n`), fred.transcript);
      for (let r = 0; r < 3; r++) {
        for (let k = 5; k >= 2; k--) assert.strictEqual(at(`R${r}B${k}`), at(`F${k}`), `round ${r + 1}, back to stop ${k}\n${fred.transcript}`);
        for (let k = 3; k <= 6; k++) assert.strictEqual(at(`R${r}F${k}`), at(`F${k}`), `round ${r + 1}, forward to stop ${k}\n${fred.transcript}`);
      }
    });

    it(`fred-reverse-watch on the shared counter lands where the forward run stopped before the change, naming the thread (${mode})`, async function () {
      const program = example(PROGRAM);
      const commands = ['break @ADD', 'run', 'continue', 'continue', 'continue', ...dump('F3'), 'continue', 'fred-reverse-watch counter', ...dump('W')];
      const fred = await runFred(program, commands.map((c) => withLines(PROGRAM, c)), { fredArgs, timeoutMs: 120000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      const at = (tag: string) => section(fred.transcript, tag);
      assert.strictEqual(at('W'), at('F3'), `reverse-watch\n${fred.transcript}`);
      const thread = /^\$N = (\d+)$/m.exec(at('F3').split('\n').slice(-1)[0])![1];
      assert.match(fred.transcript, new RegExp(`counter: 3 before the statement below, 4 after .*\\n\\[thread ${thread} "turns_counter"\\]\\n#0  work `), fred.transcript);
      assert.match(fred.transcript, new RegExp(`counter changes from 3 to 4 in the next statement \\(at \\S+ in work, thread ${thread}\\)`), fred.transcript);
    });
  }

  it('a thread that spins without a point where another may run: after 1 s fred says threads no longer take turns, and the program goes on', async function () {
    const program = example('spin_flag');
    const fred = await runFred(program, ['break @DONE', 'run', 'fred-reverse-next', 'next'].map((c) => withLines('spin_flag', c)), { timeoutMs: 150000 });
    assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
    const said = fred.transcript.match(/fred: not recorded from here on: thread 2 computed for 1 s without reaching a point where fred can let another thread run/g) ?? [];
    assert.strictEqual(said.length, 1, fred.transcript);
    assert.match(fred.transcript, /the worker saw the flag/, fred.transcript);
    assert.doesNotMatch(fred.transcript, /internal error/, fred.transcript);
  });

  // sched_yield keeps the turn for a while (fred_thread_order.c): a thread spinning on it
  // for another's move must still let that one move, and a replay must hand the turn over
  // at the yields the recorded run did (the counts of yields show it).
  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    it(`threads passing a token by spinning on sched_yield finish, and going back and forward again shows the same counts (${fredArgs.length ? 'snapshots at every step' : 'default replay policy'})`, async function () {
      const program = example('yield_flag');
      const counts = (tag: string) => [`echo @@${tag}\\n`, 'p moves', 'p spins', 'echo @@END\\n'];
      const commands = ['break @DONE', 'run', ...counts('F'), 'fred-reverse-next', 'fred-reverse-next', ...counts('B'), 'next', 'next', ...counts('A'),
        'fred-undo 2', 'next', 'next', ...counts('U')];
      const fred = await runFred(program, commands.map((c) => withLines('yield_flag', c)), { fredArgs, timeoutMs: 150000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|not recorded from here on/, fred.transcript);
      const at = (tag: string) => section(fred.transcript, tag);
      assert.match(at('F'), /^\$N = 400\n\$N = \{\d+, \d+\}$/, fred.transcript);
      assert.match(at('B'), /^\$N = 0\n\$N = \{0, 0\}$/, fred.transcript);   /* back before the worker started */
      assert.strictEqual(at('A'), at('F'), fred.transcript);
      assert.strictEqual(at('U'), at('F'), fred.transcript);
    });
  }

  // A restored copy waited for gdb stopped (SIGSTOP); the kernel kept it marked stopped for
  // job control after gdb resumed it, and a thread created later joined that stop: gdb said
  // "Thread 3 received signal SIGSTOP" in clone3, and the next command found no program.
  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    it(`a thread created after going back starts as in the forward run, no SIGSTOP (${fredArgs.length ? 'snapshots at every step' : 'default replay policy'})`, async function () {
      const program = example('thread_steps');
      const commands = ['start', 'next', 'next', 'next', 'next', 'next', 'next', 'fred-undo 4', 'next', 'next', 'next', 'echo @@AFTER\\n', 'info threads', 'echo @@END\\n'];
      const fred = await runFred(program, commands, { fredArgs, timeoutMs: 120000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /received signal SIGSTOP|internal error|The program is not being run/, fred.transcript);
      const afterUndo = fred.transcript.slice(fred.transcript.indexOf('fred-undo 4'));
      assert.strictEqual(afterUndo.match(/\[New Thread /g)?.length, 1, fred.transcript);
      const threads = section(fred.transcript, 'AFTER');
      assert.match(threads, /^\* 1 .* main \(\) at \S*thread_steps\.c:42$/m, fred.transcript);
      assert.strictEqual(threads.split('\n').filter((l) => /^\s*\*?\s*\d+\s+Thread /.test(l)).length, 3, fred.transcript);
    });
  }
});
