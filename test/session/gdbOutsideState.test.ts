// fred gdb: state outside the program's private memory that a snapshot shares with the
// program that went on, and that going back must give its value of that time: the offset
// of a regular file at stdin (`run < FILE`) and shared memory. Ground truth: plain gdb's
// forward run of the shorter command sequence. Each scenario runs with a snapshot before
// every command (--cheap-replay 0) and with the default policy (replays from the start).
import * as assert from 'assert';
import * as path from 'path';
import { dumpState, example, repoRoot, runFred, runPlainGdb, section, withLines } from './gdbScenario';
import { Scenario } from './transcript';

const lines = path.join(repoRoot, 'examples', 'lines.txt');
const run = `run < ${lines}`;
const nexts = (n: number) => Array.from({ length: n }, () => 'next');
const rns = (n: number) => Array.from({ length: n }, () => 'fred-reverse-next');

interface OutsideScenario extends Scenario { show: string[] }

const scenarios: OutsideScenario[] = [
  { title: 'stdin from a file: reverse-next after three nexts shows the line read then', program: 'read_stdin', setup: ['break @PRINT'],
    fred: [run, ...nexts(3), 'fred-reverse-next'], truth: [run, ...nexts(2)], show: ['print line', 'print count'] },
  { title: 'stdin from a file: nine nexts, four reverse-nexts, the program has not exited', program: 'read_stdin', setup: ['break main'],
    fred: [run, ...nexts(9), ...rns(4)], truth: [run, ...nexts(5)], show: ['print line', 'print count'] },
  { title: 'stdin from a file: fred-undo then continue reads the next record, none skipped', program: 'read_stdin', setup: ['break @PRINT'],
    fred: [run, 'continue', 'continue', 'continue', 'fred-undo', 'continue', 'continue'], truth: [run, 'continue', 'continue', 'continue', 'continue'],
    show: ['print line', 'print count'] },
  { title: 'shared memory: back before the later value, *shared is 4 again (and the anonymous one 40)', program: 'shared_value', setup: ['break @FOUR'],
    fred: ['run', ...nexts(4), 'fred-reverse-next', 'fred-reverse-next', 'fred-reverse-next'], truth: ['run', 'next'],
    show: ['print *shared', 'print *anon'] },
  { title: 'shared memory: undo to before the first value gives back zeros', program: 'shared_value', setup: ['break @FOUR'],
    fred: ['run', ...nexts(3), 'fred-undo 3'], truth: ['run'], show: ['print *shared', 'print *anon'] },
  { title: 'shared memory: forward again after going back reaches the later values', program: 'shared_value', setup: ['break @FOUR'],
    fred: ['run', ...nexts(3), 'fred-undo 3', ...nexts(3)], truth: ['run', ...nexts(3)], show: ['print *shared', 'print *anon'] },
];

const modes: { name: string; args: string[] }[] = [
  { name: 'a snapshot before every command', args: ['--cheap-replay', '0'] },
  { name: 'default policy', args: [] },
];

for (const mode of modes) {
  describe(`fred gdb (${mode.name}): files at stdin and shared memory after going back`, function () {
    this.timeout(120000);
    for (const s of scenarios) {
      it(s.title, async function () {
        const program = example(s.program);
        const line = (c: string) => withLines(s.program, c);
        const dump = [...dumpState('S').slice(0, -1), ...s.show, 'echo @@END\\n'];
        const fred = await runFred(program, [...s.setup, ...s.fred, ...dump].map(line), { fredArgs: ['--plain', ...mode.args] });
        assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
        assert.doesNotMatch(fred.transcript, /exited normally|exited with code/, `the program must not end during a replay:\n${fred.transcript}`);
        const truth = runPlainGdb(program, [...s.setup, ...s.truth, ...dump].map(line));
        assert.strictEqual(section(fred.transcript, 'S'), section(truth, 'S'), `state differs from plain gdb after ${s.truth.join(', ')}\n--- fred transcript ---\n${fred.transcript}`);
      });
    }
  });
}

describe('fred gdb: shared memory fred cannot put back', function () {
  this.timeout(120000);

  it('a reverse command refuses, naming the mapping, and the program stays where it was', async function () {
    const program = example('shared_value');
    const line = (c: string) => withLines('shared_value', c);
    const dump = [...dumpState('S').slice(0, -1), 'print *shared', 'print *anon', 'echo @@END\\n'];
    // no copies at all (a budget of 0 bytes): only checksums, so a changed mapping cannot be gone back across
    const fred = await runFred(program, ['break @FOUR', 'run', ...nexts(3), 'fred-reverse-next', ...dump].map(line),
      { fredArgs: ['--plain', '--cheap-replay', '0'], env: { ...process.env, FRED_CKPT_SHARED_MAX: '0' } });
    assert.strictEqual(fred.status, 0, fred.transcript);
    assert.match(fred.transcript, /shared memory mapping \/dev\/shm\/fred-shared-value-\d+ \(deleted\) \([0-9a-f]+-[0-9a-f]+, 4 KiB\) changed since the snapshot.*FRED_CKPT_SHARED_MAX/);
    const truth = runPlainGdb(program, ['break @FOUR', 'run', ...nexts(3), ...dump].map(line));
    assert.strictEqual(section(fred.transcript, 'S'), section(truth, 'S'), fred.transcript);
  });
});
