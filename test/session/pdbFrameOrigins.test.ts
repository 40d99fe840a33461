// fred pdb: going back into a frame that a `c` entered, by lines counted inside that `c`
// (frameOrigins.ts), not by expanding the `c` into `next`s: fred-reverse-finish to the
// call, fred-reverse-watch over the frame's locals. Each landing is compared with plain
// pdb's forward run; both snapshot modes; the search several times with the same answer.
import * as assert from 'assert';
import { dumpState, expectLikePlainPdb, expectNoneLeft, replayModes, runFred, runPlainPdb, script, section, withLines } from './pdbScenario';
import { Scenario } from './transcript';
import { searchRepeats } from '../helpers/repeats';

const finishes: Array<Omit<Scenario, 'program'>> = [
  { title: 'rf from a function a c entered lands before the calling line', setup: ['b @SQUARE'],
    fred: ['c', 'fred-reverse-finish'], truthSetup: ['b @ADD'], truth: ['c'] },
  { title: 'rf twice climbs to main\'s line that called work', setup: ['b @SQUARE'],
    fred: ['c', 'fred-rf', 'fred-rf'], truthSetup: ['b @CALL'], truth: ['c'] },
  // the second crosses the first c's stop in square: it stops there, as gdb's record full does
  { title: 'rf after a second c: the call of that c, then the first c\'s stop', setup: ['b @SQUARE'],
    fred: ['c', 'c', 'fred-rf', 'fred-rf'], truth: ['c'] },
  { title: 'rf after a second c lands at the second call\'s line', setup: ['b @SQUARE'],
    fred: ['c', 'c', 'fred-rf'], truthSetup: ['b @ADD'], truth: ['c', 'c'] },
  { title: 'rf, then n: the call runs into the breakpoint again', setup: ['b @SQUARE'],
    fred: ['c', 'fred-rf', 'n'], truthSetup: ['b @SQUARE'], truth: ['c'] },
];

/** "P probes" of the last reverse command, as fred-info says it. */
function lastProbes(transcript: string): number {
  const m = [...transcript.matchAll(/last reverse command: \S+ took \d+ ms, (\d+) probes/g)].pop();
  if (!m) throw new Error(`no fred-info answer in:\n${transcript}`);
  return Number(m[1]);
}

describe('fred pdb: going back into a frame a c entered, by counted lines', function () {
  this.timeout(600000);
  for (const mode of replayModes) {
    for (const s of finishes) {
      it(`${s.title} (${mode.name})`, async function () {
        await expectLikePlainPdb('late_call', s, mode.args);
      });
    }

    it(`rf costs one replay of the c, not a walk through main's loop (${mode.name})`, async function () {
      const file = script('late_call');
      const fred = await runFred(file, ['b @DONE', 'c', 'fred-reverse-finish', 'fred-info'].map((c) => withLines(file, c)), { fredArgs: mode.args });
      assert.strictEqual(fred.status, 0, fred.transcript);
      // the replay that counts, and the landing (the `c` ran with today's breakpoint: none to look for between)
      assert.ok(lastProbes(fred.transcript) <= 2, fred.transcript);
    });

    it(`fred-rw over work's local lands at its last change, the same ${searchRepeats} times (${mode.name})`, async function () {
      const file = script('late_call');
      const line = (c: string) => withLines(file, c);
      // the change completes after square returns: pdb's `n` from square's --Return-- shows it (s: --Call--, n, n: as in pdbReverse.test.ts)
      const truth = section(await runPlainPdb(file, ['b @ADD, k == 29', 'c', 's', 'n', 'n', ...dumpState('FOUND')].map(line)), 'FOUND');
      for (let run = 1; run <= searchRepeats; run++) {
        const fred = await runFred(file, ['b @DONE', 'c', 'fred-reverse-watch total', ...dumpState('FOUND')].map(line), { fredArgs: mode.args });
        assert.strictEqual(fred.status, 0, fred.transcript);
        assert.match(fred.transcript, /total changes from 7714 to 8555 in the next statement/, `run ${run}:\n${fred.transcript}`);
        assert.doesNotMatch(fred.transcript, /searched with next, not at full speed/, fred.transcript);
        assert.strictEqual(section(fred.transcript, 'FOUND'), truth, `run ${run} landed elsewhere:\n${fred.transcript}`);
        await expectNoneLeft(fred.tag);
      }
    });

    it(`fred-rw over square's argument from inside square: the call made it, the same ${searchRepeats} times (${mode.name})`, async function () {
      const file = script('late_call');
      const line = (c: string) => withLines(file, c);
      const truth = section(await runPlainPdb(file, ['b @ADD, k == 3', 'c', ...dumpState('FOUND')].map(line)), 'FOUND');
      for (let run = 1; run <= searchRepeats; run++) {
        const fred = await runFred(file, ['b @SQUARE, k == 3', 'c', 'fred-reverse-watch k * 10', ...dumpState('FOUND')].map(line), { fredArgs: mode.args });
        assert.strictEqual(fred.status, 0, fred.transcript);
        assert.strictEqual(section(fred.transcript, 'FOUND'), truth, `run ${run} landed elsewhere:\n${fred.transcript}`);
      }
    });
  }
});
