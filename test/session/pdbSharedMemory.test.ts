// fred pdb: shared memory (Python's mmap.mmap(-1, n) is MAP_SHARED) after going back holds
// the value of that time; ground truth: plain pdb's forward run. With a snapshot before
// every command (--cheap-replay 0) and with the default policy.
import * as assert from 'assert';
import { dumpState, expectNoneLeft, runFred, runPlainPdb, script, section } from './pdbScenario';

const scenarios = [
  { title: 'back before the later value: shared[0] is 4 again', fred: ['n', 'n', 'n', 'n', 'n', 'fred-rn', 'fred-rn'], truth: ['n', 'n', 'n'], value: '4' },
  { title: 'undo to before the first value: 0', fred: ['n', 'n', 'n', 'n', 'n', 'fred-undo 3'], truth: ['n', 'n'], value: '0' },
];

for (const mode of [{ name: 'a snapshot before every command', args: ['--cheap-replay', '0'] }, { name: 'default policy', args: [] }]) {
  describe(`fred pdb (${mode.name}): shared memory after going back`, function () {
    this.timeout(120000);
    for (const s of scenarios) {
      it(s.title, async function () {
        const file = script('shared_value');
        const dump = [...dumpState('S').slice(0, -1), 'p shared[0]', '!print("@@END")'];
        const fred = await runFred(file, [...s.fred, ...dump], { fredArgs: mode.args });
        assert.strictEqual(fred.status, 0, fred.transcript);
        const truth = await runPlainPdb(file, [...s.truth, ...dump]);
        assert.strictEqual(section(fred.transcript, 'S'), section(truth, 'S'), fred.transcript);
        assert.match(section(fred.transcript, 'S'), new RegExp(`^${s.value}$`, 'm'));
        await expectNoneLeft(fred.tag);
      });
    }
  });
}
