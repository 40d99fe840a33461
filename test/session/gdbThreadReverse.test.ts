// Reverse commands in a worker thread, with gdb's meaning: after a `continue` (or a `next`
// in another thread) that stopped in worker 2 (gdb's thread 3), reverse-next and
// reverse-step go back to the previous line THAT thread executed. test/session/programs/
// thread_steps.c fixes the interleaving of its workers, so plain gdb's forward run is the
// ground truth: a breakpoint with a condition on the worker and its round stops the thread
// there, and `set scheduler-locking step` keeps gdb's `next`s in that thread. The dumps show
// the thread's stack and locals, the thread number and the shared counter. In both replay
// modes; the searches are done twice (going forward between them).
import * as assert from 'assert';
import { dumpState, example, runFred, runPlainGdb, section, withLines } from './gdbScenario';

const PROGRAM = 'thread_steps';
const dump = (tag: string) => [...dumpState(tag).slice(0, -1), 'p $_thread', 'p counter', 'echo @@END\\n'];
const line = (c: string) => withLines(PROGRAM, c);
/** Plain gdb stopped in worker 1 (thread 3) of round 0 at `marker`, then `then`. */
const truth = (marker: string, then: string[] = []) =>
  runPlainGdb(example(PROGRAM), [`break @${marker} if id == 1 && round == 0`, 'run', 'set scheduler-locking step', ...then, ...dump('T')].map(line));

describe('fred gdb: reverse commands in the thread that stopped', function () {
  this.timeout(240000);

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';
    it(`after a continue that stopped in another thread: reverse-next, reverse-step and next go by that thread's lines (${mode})`, async function () {
      const commands = ['break @ADD', 'run', 'next', 'next', 'continue', 'fred-reverse-next', ...dump('RN1'),
        'continue', 'fred-reverse-next', ...dump('RN2'), 'continue', 'fred-reverse-step', ...dump('RS'), 'next', ...dump('FWD')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|cannot rebuild/, fred.transcript);
      const call = section(truth('CALL'), 'T');
      assert.match(call, /^#0  work \(arg=0x1\) at .*:\d+\n/, call);
      assert.strictEqual(section(fred.transcript, 'RN1'), call, `reverse-next\n${fred.transcript}`);
      assert.strictEqual(section(fred.transcript, 'RN2'), call, `reverse-next again\n${fred.transcript}`);
      assert.strictEqual(section(fred.transcript, 'RS'), section(truth('END_SCALED'), 'T'), `reverse-step\n${fred.transcript}`);
      assert.strictEqual(section(fred.transcript, 'FWD'), section(truth('END_SCALED', ['next']), 'T'), `next after reverse-step\n${fred.transcript}`);
    });

    it(`after a next in worker 1 that stopped at worker 2's breakpoint: reverse-step, then reverse-next, in worker 2 (${mode})`, async function () {
      const commands = ['break @ADD', 'run', 'next 20', 'fred-reverse-step', ...dump('RS'), 'fred-reverse-next', ...dump('RN')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.match(fred.transcript, /Thread 3 "thread_steps" hit Breakpoint 1, work \(arg=0x1\)/, fred.transcript);
      assert.strictEqual(section(fred.transcript, 'RS'), section(truth('END_SCALED'), 'T'), `reverse-step\n${fred.transcript}`);
      assert.strictEqual(section(fred.transcript, 'RN'), section(truth('RETURN'), 'T'), `reverse-next\n${fred.transcript}`);
    });
  }
});
