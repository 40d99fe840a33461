// Snapshots taken in a thread that stands on the record log's syscall instruction, about to
// make its call again. A restore runs the program's other threads out of fred's handler to
// where they resume; one that was blocked in a call of fred's wrappers resumes on that
// call's instruction, and it stays there when gdb stopped the program before it made the
// call again (a race with the restored leader). When the user selects it (`thread 3`), the
// next snapshot is taken in it, and fred's handler makes that call return early, to be
// decided again (fred_record_interrupted): the thread comes back after the instruction,
// which fred's check of the snapshot's position took for an error ("snapshot 4 was taken
// at 0x...229, not at 0x...227"). First the race, repeated (it went wrong in about 1 of 16
// sessions here, 2 in 4 elsewhere), then the same state made on purpose: a temporary
// breakpoint of the user's on that instruction in thread 3. Plain gdb's forward run is the
// ground truth: test/session/programs/thread_steps.c fixes its workers' order. Both modes.
import * as assert from 'assert';
import { dumpState, example, runFred, runPlainGdb, section, withLines } from './gdbScenario';

const PROGRAM = 'thread_steps';
const dump = (tag: string) => [...dumpState(tag).slice(0, -1), 'p $_thread', 'p counter', 'echo @@END\\n'];
const line = (c: string) => withLines(PROGRAM, c);
/** Plain gdb stopped by `stop`, then `then`. */
const truth = (stop: string, then: string[] = []) => section(runPlainGdb(example(PROGRAM), [stop, 'run', ...then, ...dump('T')].map(line)), 'T');
const rounds = 6;

describe('fred gdb: snapshots in a thread on the record log\'s syscall instruction', function () {
  this.timeout(240000);

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';

    it(`forward, fred-undo 2, thread 3, fred-reverse-step, ${rounds} times: every snapshot is where it was taken (${mode})`, async function () {
      const round = (k: number) => ['continue', 'next', ...dump(`FWD${k}`), 'fred-undo 2', 'thread 3', 'fred-reverse-step', 'thread 2', ...dump(`BACK${k}`)];
      const commands = ['break @ADD', 'run', ...Array.from({ length: rounds }, (_, k) => round(k)).flat()];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|cannot rebuild/, fred.transcript);
      const atRun = truth('break @ADD');
      const forward = truth('break @ADD', ['continue', 'next']);
      for (let k = 0; k < rounds; k++) {
        assert.strictEqual(section(fred.transcript, `FWD${k}`), forward, `round ${k}: continue, next\n${fred.transcript}`);
        assert.strictEqual(section(fred.transcript, `BACK${k}`), atRun, `round ${k}: after fred-undo 2\n${fred.transcript}`);
      }
    });

    it(`a snapshot taken in thread 3 standing on the syscall instruction, then continue and fred-restart to it (${mode})`, async function () {
      const commands = ['break @ADD', 'run', 'tbreak *fred_record_syscall_insn thread 3', 'continue', 'fred-checkpoint', 'delete',
        'break @ADD', 'continue', ...dump('FWD'), 'fred-restart 1', 'continue', ...dump('AGAIN')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|cannot rebuild/, fred.transcript);
      assert.match(fred.transcript, /Thread 3 "thread_steps" hit Temporary breakpoint 2, 0x[0-9a-f]+ in fred_record_raw_syscall \(\)/, fred.transcript);
      assert.match(fred.transcript, /\(gdb\) fred-checkpoint\ncheckpoint 1 taken/, fred.transcript);
      // by the workers' turns, the next stop at ADD is thread 3's of round 0
      const add = truth('break @ADD if id == 1 && round == 0');
      assert.strictEqual(section(fred.transcript, 'FWD'), add, `continue after the snapshot\n${fred.transcript}`);
      assert.strictEqual(section(fred.transcript, 'AGAIN'), add, `continue from the restored snapshot\n${fred.transcript}`);
    });
  }
});
