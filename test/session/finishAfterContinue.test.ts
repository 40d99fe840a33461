// fred-reverse-finish from a function a `continue` entered after many calls (issue 15):
// the call that made the frame is the last run of its call instruction in the caller's
// frame over the continue's replay (finishStops.ts), one counting replay; rebuilding the
// continue from `next`s took 22 s here and landed in the loop's first pass. gdb's own
// `record full` is the truth (it lands on the call instruction, mid-line).
import * as assert from 'assert';
import { checkedByRecordFull, expectLikePlainGdb } from './gdbScenario';

const program = 'finish_after_calls';
const show = ['p i', 'p total'];

const scenarios = [
  checkedByRecordFull({ title: 'reverse-finish out of a function entered by continue after 3000 calls of its caller: the last call',
    setup: ['break main'], fred: ['run', 'break rare', 'continue', 'fred-reverse-finish'], show }),
];

for (const fredArgs of [[], ['--cheap-replay', '0']]) {
  describe(`fred gdb (${fredArgs.join(' ') || 'default'}): reverse-finish after a continue over many calls`, function () {
    this.timeout(240000);
    for (const s of scenarios) {
      it(s.title, async () => {
        const fred = await expectLikePlainGdb(program, s, fredArgs, 200000);
        assert.doesNotMatch(fred.transcript, /cannot|went another way/, fred.transcript);
      });
    }
  });
}
