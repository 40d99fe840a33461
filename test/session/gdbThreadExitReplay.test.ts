// Going back across a thread's end, and forward again past it and past a new thread's start.
// test/session/programs/thread_exit.c runs one thread at a time in a fixed order: worker 1
// (thread 2) hits `add` twice and ends, then main starts worker 2 (thread 3), which hits it
// twice too. So plain gdb's forward run is the ground truth: the state at the Nth stop of
// `break add` is that of `run` + N `continue`s. Each dump has the stopped thread's stack and
// locals, its number ($_thread) and the shared counter. In both replay modes.
//
// What failed before: a restored copy's first thread (the kernel's, whose end makes the
// process look ended) was the thread the snapshot was taken in, so going back to where
// thread 2 ran and on past its end was "killed (SIGKILL)"; and a replay gave the turn to
// thread 3 before main had created it ("went another way ... thread 3's turn").
import * as assert from 'assert';
import { dumpState, example, runFred, runPlainGdb, section, withLines } from './gdbScenario';

const PROGRAM = 'thread_exit';
const line = (c: string) => withLines(PROGRAM, c);
const dump = (tag: string) => [...dumpState(tag).slice(0, -1), 'p $_thread', 'p counter', 'echo @@END\\n'];
/** Plain gdb's state at each stop of `break add`: H0 after `run`, H1..H3 after 1..3 `continue`s. */
const hits = (() => {
  let text: string | undefined;
  return (n: number) => {
    text ??= runPlainGdb(example(PROGRAM), ['break @ADD', 'run', ...dump('H0'), 'continue', ...dump('H1'), 'continue', ...dump('H2'), 'continue', ...dump('H3')].map(line));
    return section(text, `H${n}`);
  };
})();
const FAILURES = /internal error|went another way|killed|has ended|\$_fred/;

describe('fred gdb: going back across a thread\'s end and forward again past it', function () {
  this.timeout(240000);

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';

    it(`reverse-continue from thread 3 lands at each earlier stop, in the thread that stopped there, and continue goes forward again (${mode})`, async function () {
      const commands = ['break @ADD', 'run', 'continue', 'continue', 'continue',
        'fred-reverse-continue', ...dump('R2'), 'fred-reverse-continue', ...dump('R1'), 'fred-reverse-continue', ...dump('R0'),
        'continue', ...dump('F1'), 'continue', ...dump('F2'), 'continue', ...dump('F3')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, FAILURES, fred.transcript);
      assert.match(hits(2), /^#0  add \(id=2, round=0\)[^]*^\$N = 3\n\$N = 21$/m, `plain gdb's third stop is thread 3's first\n${hits(2)}`);
      for (const [tag, n] of [['R2', 2], ['R1', 1], ['R0', 0], ['F1', 1], ['F2', 2], ['F3', 3]] as const)
        assert.strictEqual(section(fred.transcript, tag), hits(n), `${tag}\n${fred.transcript}`);
    });

    it(`continue after fred-undo to where thread 2 lived goes past its end and thread 3's start as the forward run did (${mode})`, async function () {
      const commands = ['break @ADD', 'run', 'continue', 'continue', 'continue', 'fred-undo', ...dump('U2'), 'fred-undo', ...dump('U1'),
        'continue', ...dump('C2'), 'continue', ...dump('C3')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, FAILURES, fred.transcript);
      for (const [tag, n] of [['U2', 2], ['U1', 1], ['C2', 2], ['C3', 3]] as const)
        assert.strictEqual(section(fred.transcript, tag), hits(n), `${tag}\n${fred.transcript}`);
    });

    it(`continue after going back to the first stop, three times past a thread's end or start (${mode})`, async function () {
      const commands = ['break @ADD', 'run', 'continue', 'continue', 'continue', 'fred-undo', 'fred-undo', 'fred-undo', ...dump('U0'),
        'continue', ...dump('C1'), 'continue', ...dump('C2'), 'continue', ...dump('C3')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, FAILURES, fred.transcript);
      for (const [tag, n] of [['U0', 0], ['C1', 1], ['C2', 2], ['C3', 3]] as const)
        assert.strictEqual(section(fred.transcript, tag), hits(n), `${tag}\n${fred.transcript}`);
    });
  }
});
