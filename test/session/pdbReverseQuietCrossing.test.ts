// fred pdb: reverse-next skips the replay that asks where the breakpoints of now would
// have stopped inside the crossed command only when the run that made the history had them
// all enabled as now (quietCrossing.ts). Here the run had the breakpoint but could not stop
// at it (ignore count, disabled, another condition): going back must still stop there.
// Ground truth: plain pdb with the breakpoint all along; two modes.
import * as assert from 'assert';
import { dumpState, expectNoneLeft, runFred, runPlainPdb, script, section, withLines } from './pdbScenario';
import { Scenario } from './transcript';

const program = 'late_breakpoints';

const scenarios: Array<Omit<Scenario, 'program'>> = [
  { title: 'all breakpoints set before the run, none inside: rn lands on the calling line', setup: [],
    fred: ['b @AFTER_VOID', 'b @CALL_VOID', 'c', 'n', 'rn'], truth: ['b @CALL_VOID', 'c'] },
  { title: 'an ignore count let n pass the callee\'s breakpoint: rn stops there', setup: [],
    fred: ['b @CALL_VOID', 'c', 'b void_func', 'ignore 2 1', 'n', 'rn'], truth: ['b void_func', 'c'] },
  { title: 'disabled while n ran, enabled since: rn stops in the callee', setup: [],
    fred: ['b @CALL_VOID', 'c', 'b void_func', 'disable 2', 'n', 'enable 2', 'rn'], truth: ['b void_func', 'c'] },
  { title: 'a condition false while n ran, removed since: rn stops in the callee', setup: [],
    fred: ['b @CALL_VOID', 'c', 'b void_func, total < 0', 'n', 'condition 2', 'rn'], truth: ['b void_func', 'c'] },
];

const modes = [
  { name: 'default', args: [] as string[] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

for (const mode of modes) {
  describe(`fred pdb (${mode.name}): reverse-next asks the replay only when the forward run proves nothing`, function () {
    this.timeout(120000);
    for (const s of scenarios) {
      it(s.title, async function () {
        const file = script(program);
        const line = (c: string) => withLines(file, c);
        const fred = await runFred(file, [...s.setup, ...s.fred, ...dumpState('S')].map(line), { fredArgs: mode.args });
        assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
        assert.doesNotMatch(fred.transcript, /internal error/, fred.transcript);
        const truth = await runPlainPdb(file, [...(s.truthSetup ?? s.setup), ...s.truth, ...dumpState('S')].map(line));
        assert.strictEqual(section(fred.transcript, 'S'), section(truth, 'S'), `state differs from plain pdb after ${s.truth.join(', ')}\n--- fred transcript ---\n${fred.transcript}`);
        await expectNoneLeft(fred.tag);
      });
    }
  });
}
