// Breakpoints restricted to a thread (`break LOC thread N`) and `$_thread` in a breakpoint's
// condition, in fred's thread numbers (the forward run's, main 1), across restores: gdb
// numbers threads otherwise in a restored copy and deletes a thread-specific breakpoint with
// the process, yet after going back the breakpoint is there under its number and stops only
// in the thread the user meant. test/session/programs/thread_steps.c fixes the order in
// which its workers (threads 2 and 3) add, so plain gdb's forward run, stopped by a condition
// on the worker and its round, is the ground truth. The dumps show the stack, locals, the
// thread number and the shared counter. In both replay modes.
import * as assert from 'assert';
import { dumpState, example, runFred, runPlainGdb, section, withLines } from './gdbScenario';

const PROGRAM = 'thread_steps';
const dump = (tag: string) => [...dumpState(tag).slice(0, -1), 'p $_thread', 'p counter', 'echo @@END\\n'];
const table = (tag: string) => [`echo @@${tag}\\n`, 'info breakpoints', 'echo @@END\\n'];
const line = (c: string) => withLines(PROGRAM, c);
/** Plain gdb stopped where worker `id` (thread id + 2) reaches ADD in round `round`. */
const truth = (id: number, round: number) =>
  section(runPlainGdb(example(PROGRAM), [`break @ADD if id == ${id} && round == ${round}`, 'run', ...dump('T')].map(line)), 'T');
/** The breakpoint table without hit counts (counted as the time point's, checked elsewhere). */
const rows = (transcript: string, tag: string) => section(transcript, tag).split('\n').filter((l) => !/already hit/.test(l)).join('\n');

describe('fred gdb: breakpoints restricted to a thread, in fred\'s thread numbers', function () {
  this.timeout(240000);

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';
    it(`break LOC thread 2 stops only in thread 2, before and after going back, under its number (${mode})`, async function () {
      // stopped in thread 3 (worker 1, round 0): thread 2 has added once already; then
      // thread 2's adds of rounds 1 and 2 (thread 3's of round 1 lies between)
      const commands = ['break @CALL if id == 1', 'run', 'break @ADD thread 2', 'delete 1', ...table('SET'), 'continue', 'continue',
        'fred-reverse-continue', ...dump('RC1'), 'continue', ...dump('FWD'), ...table('BACK'),
        // round 1 alone would stop in thread 3 first, going back
        'condition 2 round == 1', 'fred-reverse-continue', ...dump('COND'), ...table('CONDTABLE'), 'break @ADD thread 7'];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|\$_fred/, fred.transcript);
      assert.strictEqual(section(fred.transcript, 'RC1'), truth(0, 1), `reverse-continue\n${fred.transcript}`);
      assert.strictEqual(section(fred.transcript, 'FWD'), truth(0, 2), `continue after going back\n${fred.transcript}`);
      assert.strictEqual(section(fred.transcript, 'COND'), truth(0, 1), `condition kept the thread\n${fred.transcript}`);
      const plain = runPlainGdb(example(PROGRAM), ['break @CALL if id == 1', 'run', 'break @ADD thread 2', 'delete 1', ...table('SET'),
        'continue', 'condition 2 round == 1', ...table('CONDTABLE'), 'break @ADD thread 7'].map(line));
      assert.strictEqual(rows(fred.transcript, 'SET'), rows(plain, 'SET'), fred.transcript);
      assert.strictEqual(rows(fred.transcript, 'BACK'), rows(plain, 'SET'), `info breakpoints after going back\n${fred.transcript}`);
      assert.strictEqual(rows(fred.transcript, 'CONDTABLE'), rows(plain, 'CONDTABLE'), fred.transcript);
      assert.match(fred.transcript, /Unknown thread 7\./, fred.transcript);
    });

    it(`$_thread in a breakpoint's condition is fred's thread number, also after going back (${mode})`, async function () {
      const commands = ['break @ADD if $_thread == 3', 'run', 'continue', 'continue', 'fred-reverse-continue', 'fred-reverse-continue', ...dump('RC0'),
        'continue', ...dump('FWD'), ...table('TABLE')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|\$_fred/, fred.transcript);
      assert.strictEqual(section(fred.transcript, 'RC0'), truth(1, 0), `reverse-continue twice\n${fred.transcript}`);
      assert.strictEqual(section(fred.transcript, 'FWD'), truth(1, 1), `continue after going back\n${fred.transcript}`);
      const plain = runPlainGdb(example(PROGRAM), ['break @ADD if $_thread == 3', 'run', 'continue', ...table('TABLE')].map(line));
      assert.strictEqual(section(fred.transcript, 'TABLE'), section(plain, 'TABLE'), fred.transcript);
    });
  }
});
