// fred pdb on a `threading` program (a helper thread taking the same lock): snapshots are
// taken with both threads, also where replaying would be cheap (replays of threads are
// not deterministic), and reverse commands reach the state of plain pdb's forward run.
import * as assert from 'assert';
import { dumpState, expectNoneLeft, runFred, runPlainPdb, script, section, withLines } from './pdbScenario';

describe('fred pdb: a threading program', function () {
  this.timeout(120000);

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';
    it(`reverse-next and reverse-continue with a second thread holding a lock (${mode})`, async function () {
      const file = script('threaded_sum');
      const line = (c: string) => withLines(file, c);
      const fred = await runFred(file, ['b @ADD', 'c', 'n', 'n', 'c', 'n', 'fred-info', 'fred-rn', ...dumpState('RN'),
        'fred-rc', ...dumpState('RC')].map(line), { fredArgs });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|fred: no snapshot/, fred.transcript);
      // a threaded program is snapshotted even where replaying would be cheap: replays of threads differ
      assert.match(fred.transcript, /snapshots: [2-9]/, fred.transcript);
      const rn = await runPlainPdb(file, ['b @ADD', 'c', 'n', 'n', 'c', ...dumpState('RN')].map(line));
      assert.strictEqual(section(fred.transcript, 'RN'), section(rn, 'RN'), `after reverse-next\n${fred.transcript}`);
      const rc = await runPlainPdb(file, ['b @ADD', 'c', ...dumpState('RC')].map(line));
      assert.strictEqual(section(fred.transcript, 'RC'), section(rc, 'RC'), `after reverse-continue\n${fred.transcript}`);
      await expectNoneLeft(fred.tag);
    });
  }
});
