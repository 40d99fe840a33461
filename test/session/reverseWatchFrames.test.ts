// fred-reverse-watch asks about EXPR in the frame the user selected (up/frame), as gdb's
// print would, and the same question always gets the same answer: each search runs 10
// times, in two modes, and must land on the same state as plain gdb's forward run.
import * as assert from 'assert';
import { dumpState, example, runFred, runPlainGdb, section, withLines } from './gdbScenario';

const modes: Array<{ name: string; args: string[] }> = [
  { name: 'default', args: [] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

describe('fred-reverse-watch (gdb): the frame the user selected, the same answer every time', function () {
  this.timeout(600000);
  const program = 'shadowed_sum';
  const line = (c: string) => withLines(program, c);

  for (const mode of modes) {
    it(`up to main, then fred-rw sum < 0: main's sum (weigh's own is never negative), 10 times (${mode.name})`, async function () {
      const binary = example(program);
      const truth = section(runPlainGdb(binary, ['break @BUG if i == 5', 'run 5 10', ...dumpState('FOUND')].map(line)), 'FOUND');
      for (let run = 1; run <= 10; run++) {
        const commands = ['break weigh if i == 7', 'run 5 10', 'up', 'fred-reverse-watch sum < 0', ...dumpState('FOUND'), 'next', 'print sum'];
        const fred = await runFred(binary, commands.map(line), { fredArgs: mode.args, timeoutMs: 120000 });
        assert.strictEqual(fred.status, 0, fred.transcript);
        assert.match(fred.transcript, /sum < 0 changes from 0 to 1 in the next statement/, `run ${run}:\n${fred.transcript}`);
        assert.strictEqual(section(fred.transcript, 'FOUND'), truth, `run ${run} landed elsewhere:\n${fred.transcript}`);
      }
    });
  }
});
