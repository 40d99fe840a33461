// fred gdb on a program with two threads: snapshots are taken (no "no snapshot" warning),
// reverse commands in the main thread reach the state of plain gdb's forward run, and
// both threads are there after going back. In both replay modes.
import * as assert from 'assert';
import { dumpState, example, runFred, runPlainGdb, section, withLines } from './gdbScenario';

const PROGRAM = 'threaded_sum';

/** The helper's pthread_t is an address that fred's preloaded library moves. */
const dump = (text: string, tag: string) => section(text, tag).replace(/^helper = \d+$/m, 'helper = N');

describe('fred gdb: a threaded program', function () {
  this.timeout(120000);

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';
    it(`reverse-next and reverse-continue in the main thread, with snapshots of both threads (${mode})`, async function () {
      const program = example(PROGRAM);
      const line = (c: string) => withLines(PROGRAM, c);
      const fred = await runFred(program, ['break @ADD', 'run', 'next', 'next', 'continue', 'next', 'fred-info', 'fred-reverse-next',
        ...dumpState('RN'), 'fred-reverse-continue', ...dumpState('RC'), 'info threads'].map(line), { fredArgs });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /fred: no snapshot/, fred.transcript);
      assert.match(fred.transcript, /snapshots: [2-9]/, fred.transcript);   /* also where replaying would be cheap */
      const rn = runPlainGdb(program, ['break @ADD', 'run', 'next', 'next', 'continue', ...dumpState('RN')].map(line));
      assert.strictEqual(dump(fred.transcript, 'RN'), dump(rn, 'RN'), `after reverse-next\n${fred.transcript}`);
      const rc = runPlainGdb(program, ['break @ADD', 'run', 'next', 'next', ...dumpState('RC')].map(line));
      assert.strictEqual(dump(fred.transcript, 'RC'), dump(rc, 'RC'), `after reverse-continue\n${fred.transcript}`);
      const threads = fred.transcript.slice(fred.transcript.lastIndexOf('info threads'));
      assert.match(threads, /\* 1 +Thread .* main \(\)/, threads);
      assert.match(threads, /\n +2 +Thread /, threads);
    });
  }
});
