// reverse-finish on the thread the user selected, when the program stopped in another:
// after a `continue` that stopped in thread 3 and `thread 2`, fred-reverse-finish goes back
// to the call instruction that made the function thread 2 waits in, with thread 2 selected
// (gdb's reverse-finish: the call instruction, in the middle of the calling line), and
// `next` from there runs into thread 3's stop again. test/session/programs/thread_finish.c
// fixes the order of its workers: at thread 3's first add, thread 2 (worker 0) waits for
// its turn of round 1 inside wait_turn. The ground truth is plain gdb stopped at that
// line in that round, then run alone (scheduler-locking) to the line's call instruction.
// When thread 2 waited in that function through later commands too, the call is found
// in the command during which it was made. Where fred cannot be exact (thread_steps.c:
// thread 2 waits in work itself, called before the program's first stop; a breakpoint
// stop on the way back, where gdb's reverse-finish would end) it refuses in one line and
// the program stays. In both modes.
import * as assert from 'assert';
import { dumpState, example, programView, runFred, runPlainGdb, section, withLines } from './gdbScenario';

const PROGRAM = 'thread_finish';
// thread 2's own state: the shared counter at its call depends on the workers' timing in plain gdb
const dump = (tag: string) => [...dumpState(tag).slice(0, -1), 'p $_thread', 'echo @@END\\n'];
const line = (c: string) => withLines(PROGRAM, c);
/** A temporary breakpoint on the first call instruction from the selected frame's pc on. */
const breakOnCall = 'python f = gdb.selected_frame(); gdb.execute("tbreak *%d" % next(i["addr"] for i in f.architecture().disassemble(f.pc(), count=16) if i["asm"].startswith("call")))';
/** Plain gdb with worker 0 (thread 2) on the call of wait_turn in round 1. */
const callTruth = () => section(runPlainGdb(example(PROGRAM),
  ['break @CALL if id == 0 && round == 1', 'run', 'set scheduler-locking on', breakOnCall, 'continue', ...dump('T')].map(line)), 'T');
/** What fred says, from the command's line to the next prompt. */
const answer = (transcript: string, command: string) => {
  const at = transcript.lastIndexOf(`(gdb) ${command}\n`);
  return transcript.slice(at + command.length + 7, transcript.indexOf('(gdb) ', at + 1));
};

describe('fred gdb: reverse-finish on the selected thread', function () {
  this.timeout(240000);

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';

    it(`after thread 2 is selected at thread 3's stop: the call of the function thread 2 waits in, then next runs into the stop (${mode})`, async function () {
      const commands = ['break @ADD', 'run', 'continue', ...dump('STOP'), 'thread 2', 'fred-reverse-finish', ...dump('BACK'), 'next', ...dump('FWD')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|cannot rebuild|fred: /, fred.transcript);
      assert.match(section(fred.transcript, 'STOP'), /^#0  work \(arg=0x1\)/, fred.transcript);
      const truth = callTruth();
      assert.match(truth, /^#0  0x[0-9a-f]+ in work \(arg=0x0\) at .*:\d+\n/, truth);
      assert.strictEqual(section(fred.transcript, 'BACK'), truth, `reverse-finish in thread 2\n${fred.transcript}`);
      assert.match(answer(fred.transcript, 'fred-reverse-finish'), /^\[thread 2 "thread_finish"\]\n#0  0x[0-9a-f]+ in work \(arg=0x0\)/, fred.transcript);
      assert.strictEqual(section(fred.transcript, 'FWD'), section(fred.transcript, 'STOP'), `next after reverse-finish\n${fred.transcript}`);
    });

    it(`thread 2 waited in its function through two continues: the call, found in the first (${mode})`, async function () {
      const commands = ['break @ADD', 'run', 'continue', 'break @TURN', 'continue', ...dump('STOP'), 'delete', 'thread 2', 'fred-reverse-finish', ...dump('BACK')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|cannot rebuild|fred: /, fred.transcript);
      assert.match(section(fred.transcript, 'STOP'), /^#0  work \(arg=0x1\) at .*:\d+\n/, fred.transcript);
      const truth = callTruth();
      assert.strictEqual(section(fred.transcript, 'BACK'), truth, `reverse-finish in thread 2\n${fred.transcript}`);
    });

    it(`refuses in one line where gdb would stop first at the breakpoint of an earlier continue, and stays (${mode})`, async function () {
      const commands = ['break @ADD', 'run', 'continue', 'break @TURN', 'continue', 'thread 2', ...dump('STAY'), 'fred-reverse-finish', ...dump('STILL')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|cannot rebuild/, fred.transcript);
      const quiet = answer(fred.transcript, 'fred-reverse-finish');
      assert.match(quiet, /^fred: reverse-finish in thread 2: going back to its call, gdb would stop first at the breakpoint where "continue" stopped \(thread_finish\.c:\d+ in work\); fred-reverse-continue goes there; select thread 3 \(where "continue" stopped\) or use fred-undo\n$/, quiet);
      assert.strictEqual(programView(section(fred.transcript, 'STILL')), programView(section(fred.transcript, 'STAY')), fred.transcript);
    });

    it(`refuses in one line where thread 2's function was called before the continue, and stays (${mode})`, async function () {
      const STEPS = 'thread_steps';
      const commands = ['break @ADD', 'run', 'continue', 'thread 2', ...dump('STAY'), 'fred-reverse-finish', ...dump('STILL')];
      const fred = await runFred(example(STEPS), commands.map((c) => withLines(STEPS, c)), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|cannot rebuild/, fred.transcript);
      const quiet = answer(fred.transcript, 'fred-reverse-finish');
      assert.match(quiet, /^fred: reverse-finish in thread 2: it was in its function already where "continue" started \(thread_steps\.c:\d+ in work\), and fred looks for the call within the commands since the program's first stop \(8 back at most\); select thread 3 \(where "continue" stopped\) or use fred-undo\n$/, quiet);
      assert.strictEqual(programView(section(fred.transcript, 'STILL')), programView(section(fred.transcript, 'STAY')), fred.transcript);
    });
  }
});
