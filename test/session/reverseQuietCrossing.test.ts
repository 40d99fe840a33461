// reverse-next/step skip the replay that asks where the breakpoints of now would have
// stopped inside the crossed command only when the run that made the history had them
// all enabled as now (quietCrossing.ts). Here the run had the breakpoint but could not
// stop at it (ignore count, disabled, another condition): going back must still stop
// there. Ground truth: a forward run in plain gdb that had the breakpoint all along; two
// modes (a snapshot before every command, and the default policy).
import * as assert from 'assert';
import { dumpState, example, runFred, runPlainGdb, section, withLines } from './gdbScenario';
import { Scenario } from './transcript';

const program = 'late_breakpoints';

const scenarios: Array<Omit<Scenario, 'program'>> = [
  { title: 'all breakpoints set before the run, none inside: reverse-next lands on the calling line', setup: ['break main'],
    fred: ['run', 'break @AFTER_VOID', 'break @CALL_VOID', 'continue', 'next', 'fred-reverse-next'],
    truth: ['run', 'break @CALL_VOID', 'continue'] },
  { title: 'an ignore count let the next pass the callee\'s breakpoint: reverse-next stops there', setup: ['break main'],
    fred: ['run', 'break @CALL_VOID', 'continue', 'break void_func', 'ignore 3 1', 'next', 'fred-reverse-next'],
    truth: ['run', 'break void_func', 'continue'] },
  { title: 'disabled while the next ran, enabled since: reverse-next stops in the callee', setup: ['break main'],
    fred: ['run', 'break @CALL_VOID', 'continue', 'break void_func', 'disable 3', 'next', 'enable 3', 'fred-reverse-next'],
    truth: ['run', 'break void_func', 'continue'] },
  { title: 'a condition false while the next ran, removed since: reverse-next stops in the callee', setup: ['break main'],
    fred: ['run', 'break @CALL_VOID', 'continue', 'break void_func if total < 0', 'next', 'condition 3', 'fred-reverse-next'],
    truth: ['run', 'break void_func', 'continue'] },
];

const modes = [
  { name: 'default', args: [] as string[] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

for (const mode of modes) {
  describe(`fred gdb (${mode.name}): reverse-next asks the replay only when the forward run proves nothing`, function () {
    this.timeout(120000);
    for (const s of scenarios) {
      it(s.title, async function () {
        const binary = example(program);
        const line = (c: string) => withLines(program, c);
        const fred = await runFred(binary, [...s.setup, ...s.fred, ...dumpState('S')].map(line), { fredArgs: mode.args });
        assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
        const truth = runPlainGdb(binary, [...s.setup, ...s.truth, ...dumpState('S')].map(line));
        assert.strictEqual(section(fred.transcript, 'S'), section(truth, 'S'), `state differs from plain gdb after ${s.truth.join(', ')}\n--- fred transcript ---\n${fred.transcript}`);
      });
    }
  });
}
