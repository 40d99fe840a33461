// fred-reverse-watch asks about EXPR in the frame the user selected (up/frame), as gdb's
// print would, and the same question always gets the same answer: each search runs 10
// times, in two modes, and must land on the same state as plain gdb's forward run.
import * as assert from 'assert';
import { dumpState, example, runFred, runPlainGdb, section, withLines } from './gdbScenario';
import { searchRepeats } from '../helpers/repeats';

const modes: Array<{ name: string; args: string[] }> = [
  { name: 'default', args: [] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

describe('fred-reverse-watch (gdb): the frame the user selected, the same answer every time', function () {
  this.timeout(600000);
  const program = 'shadowed_sum';
  const line = (c: string) => withLines(program, c);

  for (const mode of modes) {
    it(`up to main, then fred-rw sum < 0: main's sum (weigh's own is never negative), ${searchRepeats} times (${mode.name})`, async function () {
      const binary = example(program);
      const truth = section(runPlainGdb(binary, ['break @BUG if i == 5', 'run 5 10', ...dumpState('FOUND')].map(line)), 'FOUND');
      for (let run = 1; run <= searchRepeats; run++) {
        const commands = ['break weigh if i == 7', 'run 5 10', 'up', 'fred-reverse-watch sum < 0', ...dumpState('FOUND'), 'next', 'print sum'];
        const fred = await runFred(binary, commands.map(line), { fredArgs: mode.args, timeoutMs: 120000 });
        assert.strictEqual(fred.status, 0, fred.transcript);
        assert.match(fred.transcript, /sum < 0 changes from 0 to 1 in the next statement/, `run ${run}:\n${fred.transcript}`);
        assert.strictEqual(section(fred.transcript, 'FOUND'), truth, `run ${run} landed elsewhere:\n${fred.transcript}`);
      }
    });
  }
});

describe('fred-reverse-watch (gdb): a frame that did not exist at the start of history', function () {
  this.timeout(600000);
  const program = 'late_frame';
  const line = (c: string) => withLines(program, c);
  // work()'s frame begins inside run (history opened at main) or inside a continue
  const histories: Array<{ name: string; commands: string[] }> = [
    { name: 'run to the DONE line', commands: ['break @DONE', 'run'] },
    { name: 'run to main, then continue to the DONE line', commands: ['break main', 'run', 'break @DONE', 'continue'] },
  ];

  for (const mode of modes) {
    for (const history of histories) {
      it(`${history.name}, fred-rw total: into the call that made the frame, ${searchRepeats} times (${mode.name})`, async function () {
        const binary = example(program);
        const truth = section(runPlainGdb(binary, ['break @ADD', 'run', 'continue', 'continue', ...dumpState('FOUND')].map(line)), 'FOUND');
        for (let run = 1; run <= searchRepeats; run++) {
          const fred = await runFred(binary, [...history.commands, 'fred-reverse-watch total', ...dumpState('FOUND')].map(line), { fredArgs: mode.args, timeoutMs: 120000 });
          assert.strictEqual(fred.status, 0, fred.transcript);
          assert.match(fred.transcript, /total changes from 1 to 5 in the next statement/, `run ${run}:\n${fred.transcript}`);
          assert.strictEqual(section(fred.transcript, 'FOUND'), truth, `run ${run} landed elsewhere:\n${fred.transcript}`);
        }
      });
    }

    it(`in main after work returned, fred-rw b: the last line of work (its return sets b), ${searchRepeats} times (${mode.name})`, async function () {
      const binary = example(program);
      const truth = section(runPlainGdb(binary, ['break @DONE', 'run', 'next', ...dumpState('FOUND')].map(line)), 'FOUND');
      for (let run = 1; run <= searchRepeats; run++) {
        const fred = await runFred(binary, ['break @DONE', 'run', 'next', 'next', 'fred-reverse-watch b', ...dumpState('FOUND')].map(line), { fredArgs: mode.args, timeoutMs: 120000 });
        assert.strictEqual(fred.status, 0, fred.transcript);
        assert.match(fred.transcript, /b changes from .* to 5 in the next statement/, `run ${run}:\n${fred.transcript}`);
        assert.strictEqual(section(fred.transcript, 'FOUND'), truth, `run ${run} landed elsewhere:\n${fred.transcript}`);
      }
    });

    it(`in work, up to main, fred-rw a: main's a (work has none), ${searchRepeats} times (${mode.name})`, async function () {
      const binary = example(program);
      const truth = section(runPlainGdb(binary, ['break @SET', 'run', ...dumpState('FOUND')].map(line)), 'FOUND');
      for (let run = 1; run <= searchRepeats; run++) {
        const fred = await runFred(binary, ['break @DONE', 'run', 'up', 'fred-reverse-watch a', ...dumpState('FOUND')].map(line), { fredArgs: mode.args, timeoutMs: 120000 });
        assert.strictEqual(fred.status, 0, fred.transcript);
        assert.match(fred.transcript, /a changes from .* to 3 in the next statement/, `run ${run}:\n${fred.transcript}`);
        assert.strictEqual(section(fred.transcript, 'FOUND'), truth, `run ${run} landed elsewhere:\n${fred.transcript}`);
      }
    });
  }
});
