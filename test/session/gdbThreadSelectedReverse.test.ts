// Reverse commands on the thread the user selected, when the program stopped in another:
// after a `continue` that stopped in thread 3 and `thread 2`, reverse-next and reverse-step
// go back to the start of the line thread 2 waits in (gdb's reverse-next from the middle
// of a line), and `next` from there runs into thread 3's stop again. Where fred cannot
// find that line exactly it says so in one line and the program stays. test/session/
// programs/thread_steps.c fixes the order of its workers: at thread 3's first add, thread 2
// (worker 0) waits for its turn of round 1 in pthread_cond_wait, so plain gdb stopped at
// that line by a condition on the worker and its round is the ground truth. In both modes.
import * as assert from 'assert';
import { dumpState, example, programView, runFred, runPlainGdb, section, withLines } from './gdbScenario';

const PROGRAM = 'thread_steps';
const dump = (tag: string) => [...dumpState(tag).slice(0, -1), 'p $_thread', 'echo @@END\\n'];
const line = (c: string) => withLines(PROGRAM, c);
/** Plain gdb where worker 0 (thread 2) starts its wait for round 1. */
const waitTruth = () => section(runPlainGdb(example(PROGRAM), ['break @WAIT if id == 0 && round == 1', 'run', ...dump('T')].map(line)), 'T');
/** What fred says, from the command's line to the next prompt. */
const answer = (transcript: string, command: string) => {
  const at = transcript.lastIndexOf(`(gdb) ${command}\n`);
  return transcript.slice(at + command.length + 7, transcript.indexOf('(gdb) ', at + 1));
};

describe('fred gdb: reverse commands on the selected thread', function () {
  this.timeout(240000);

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';
    for (const reverse of ['fred-reverse-next', 'fred-reverse-step']) {
      it(`${reverse} after thread 2 is selected at thread 3's stop: the start of thread 2's line, then next runs into the stop (${mode})`, async function () {
        const commands = ['break @ADD', 'run', 'continue', ...dump('STOP'), 'thread 2', reverse, ...dump('BACK'), 'next', ...dump('FWD')];
        const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
        assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
        assert.doesNotMatch(fred.transcript, /internal error|went another way|cannot rebuild|fred: /, fred.transcript);
        assert.match(section(fred.transcript, 'STOP'), /^#0  work \(arg=0x1\)/, fred.transcript);
        assert.strictEqual(section(fred.transcript, 'BACK'), waitTruth(), `${reverse} in thread 2\n${fred.transcript}`);
        assert.match(answer(fred.transcript, reverse), /^\[thread 2 "thread_steps"\]\n/, fred.transcript);
        assert.strictEqual(section(fred.transcript, 'FWD'), section(fred.transcript, 'STOP'), `next after ${reverse}\n${fred.transcript}`);
      });
    }

    it(`reverse-next on thread 2, which waited through the last continue: found in the one before (${mode})`, async function () {
      // thread 2 starts waiting at its round 1 before thread 3 reaches CALL, and waits still at thread 3's ADD
      const commands = ['break @CALL', 'run', 'continue', 'break @ADD if id == 1', 'continue', ...dump('STOP'), 'thread 2', 'fred-reverse-next', ...dump('BACK')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|cannot rebuild|fred: /, fred.transcript);
      assert.match(section(fred.transcript, 'STOP'), /^#0  work \(arg=0x1\) at .*:29\n/, fred.transcript);
      assert.strictEqual(section(fred.transcript, 'BACK'), waitTruth(), `reverse-next in thread 2\n${fred.transcript}`);
    });

    it(`reverse-step on a waiting thread whose line called a function of the program first: into that call's last line (${mode})`, async function () {
      // thread_call_wait.c: worker 0 calls note() on the line where it then waits (which worker
      // runs first, and so whether worker 1 waited in its round 0, depends on timing in plain gdb:
      // only worker 0's count of waits is compared)
      const CALLS = 'thread_call_wait';
      const callLine = (c: string) => withLines(CALLS, c);
      const calls = (tag: string) => [...dump(tag).slice(0, -1), 'p waits[0]', 'echo @@END\\n'];
      const commands = ['break @ADD', 'run', 'continue', 'thread 2', 'fred-reverse-step', ...calls('RS'), 'continue', 'thread 2', 'fred-reverse-next', ...calls('RN')];
      const fred = await runFred(example(CALLS), commands.map(callLine), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|cannot rebuild|fred: /, fred.transcript);
      const truth = (stop: string) => section(runPlainGdb(example(CALLS), [stop, 'run', ...calls('T')].map(callLine)), 'T');
      assert.strictEqual(section(fred.transcript, 'RS'), truth('break @NOTE_END if id == 0 && waits[0] == 1'), `reverse-step in thread 2\n${fred.transcript}`);
      assert.strictEqual(section(fred.transcript, 'RN'), truth('break @WAIT if id == 0 && round == 1'), `reverse-next in thread 2\n${fred.transcript}`);
    });

    it(`refuses in one line where the stop gives no point to find thread 2's line from, and stays (${mode})`, async function () {
      // the last stop ended thread 3's `next`
      const commands = ['break @ADD', 'run', 'continue', 'next', 'thread 2', ...dump('STAY'), 'fred-reverse-next', ...dump('STILL')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|cannot rebuild/, fred.transcript);
      const quiet = answer(fred.transcript, 'fred-reverse-next');
      assert.match(quiet, /^fred: reverse-next in thread 2: "next" stopped thread 3 by ending a step, not at a breakpoint or signal, so fred cannot tell where thread 2 was then; select thread 3 \(where "next" stopped\) or use fred-undo\n$/, quiet);
      assert.strictEqual(programView(section(fred.transcript, 'STILL')), programView(section(fred.transcript, 'STAY')), fred.transcript);
      // at run's stop (thread 2's), thread 3 selected
      const first = await runFred(example(PROGRAM), ['break @ADD', 'run', 'thread 3', 'fred-reverse-step', 'fred-reverse-finish'].map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(first.status, 0, `fred exited with ${first.status}:\n${first.transcript}`);
      const started = answer(first.transcript, 'fred-reverse-step');
      assert.match(started, /^fred: reverse-step in thread 3: the program has stopped only where "run" stopped it, so fred has no earlier point to step thread 3 from; select thread 2 \(where "run" stopped\) or use fred-undo\n$/, started);
      assert.match(answer(first.transcript, 'fred-reverse-finish'), /^fred: reverse-finish in thread 3: the program has stopped only where "run" stopped it, .*\n$/, first.transcript);
    });
  }
});
