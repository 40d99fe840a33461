// fred pdb: reverse-next skips the replay that asks where the breakpoints of now would
// have stopped inside the crossed command only when the run that made the history had them
// all enabled as now (quietCrossing.ts). Here the run had the breakpoint but could not stop
// at it (ignore count, disabled, another condition): going back must still stop there.
// Ground truth: plain pdb with the breakpoint all along; two modes.
import { expectLikePlainPdb, replayModes } from './pdbScenario';
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

for (const mode of replayModes) {
  describe(`fred pdb (${mode.name}): reverse-next asks the replay only when the forward run proves nothing`, function () {
    this.timeout(120000);
    for (const s of scenarios) {
      it(s.title, async () => expectLikePlainPdb(program, s, mode.args));
    }
  });
}
