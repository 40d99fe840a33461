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

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';
    it(`threads that take a lock in an order set by timing: back and forward again twice, main sees what it saw going forward (${mode})`, async function () {
      const file = script('turns_counter');
      const look = (tag: string) => [`!print("@@${tag}")`, 'p seen', '!print("@@END")'];
      const commands = ['b @SEEN', 'c', ...look('F1'), 'c', ...look('F2'), 'c', ...look('F3'), 'c', ...look('F4')];
      for (let r = 0; r < 2; r++) commands.push('fred-rc', ...look(`R${r}B3`), 'fred-rc', ...look(`R${r}B2`), 'c', ...look(`R${r}F3`), 'c', ...look(`R${r}F4`));
      const fred = await runFred(file, commands.map((c) => withLines(file, c)), { fredArgs });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|not recorded from here on/, fred.transcript);
      const at = (tag: string) => section(fred.transcript, tag);
      assert.notStrictEqual(at('F2'), at('F3'), fred.transcript);   /* the workers moved on between two looks */
      for (let r = 0; r < 2; r++) {
        for (const k of [3, 2]) assert.strictEqual(at(`R${r}B${k}`), at(`F${k}`), `round ${r + 1}, back to look ${k}\n${fred.transcript}`);
        for (const k of [3, 4]) assert.strictEqual(at(`R${r}F${k}`), at(`F${k}`), `round ${r + 1}, forward to look ${k}\n${fred.transcript}`);
      }
      await expectNoneLeft(fred.tag);
    });
  }
});
