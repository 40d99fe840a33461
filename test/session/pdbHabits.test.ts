// fred pdb: ordinary pdb habits stay true under going back (as pdbReverse.test.ts: the
// state after fred's commands equals a fresh plain pdb's forward run of the shorter
// sequence), each scenario in two modes: default and --cheap-replay 0.
import * as assert from 'assert';
import { dumpState, expectLikePlainPdb, replayModes, runFred, runPlainPdb, script, section, withLines } from './pdbScenario';
import { Scenario } from './transcript';
import { searchRepeats } from '../helpers/repeats';

const scenarios: Scenario[] = [
  { title: 'a jump that failed is not history: fred-undo takes back the next before it', program: 'loop_bug', setup: [],
    fred: ['n', 'n', 'j 1000', 'n', 'fred-undo', 'fred-undo'], truth: ['n'], says: /^\*\*\* / },
  { title: 'an until to an earlier line (refused by pdb) is not history: fred-undo takes back the next before it', program: 'loop_bug', setup: [],
    fred: ['n', 'n', 'unt 1', 'n', 'fred-undo', 'fred-undo'], truth: ['n'], says: /^\*\*\* / },
  { title: 'a failed command is listed apart by fred-history', program: 'loop_bug', setup: [],
    fred: ['n', 'j 1000', 'n', 'fred-history'], truth: ['n', 'n'], says: /did not move the program[^]*j 1000/ },
  { title: 'nothing to undo at the first line: says so, the program stays', program: 'loop_bug', setup: [],
    fred: ['fred-undo', 'n'], truth: ['n'], says: /start of history/ },
  { title: 'until replays as it ran', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'n', 'until', 'n', 'fred-undo'], truth: ['c', 'n', 'until'] },
  { title: 'return (r) replays as it ran', program: 'loop_bug', setup: ['b fee_for'],
    fred: ['c', 'r', 'n', 'fred-undo'], truth: ['c', 'r'] },
  { title: 'jump replays as it ran', program: 'loop_bug', setup: [],
    fred: ['n', 'n', 'n', 'j @END', 'n', 'fred-undo'], truth: ['n', 'n', 'n', 'j @END'] },
  { title: 'u, n (pdb steps in the selected frame: work returns), n, fred-undo: the replay selects the frame again', program: 'late_frame', setup: ['tbreak @ADD'],
    fred: ['c', 'u', 'n', 'n', 'fred-undo'], truth: ['c', 'u', 'n'] },
  { title: 'u, n, n, rn: back at the line the n in the selected frame reached', program: 'late_frame', setup: ['tbreak @ADD'],
    fred: ['c', 'u', 'n', 'n', 'rn'], truth: ['c', 'u', 'n'] },
  { title: 'rn after a jump says it cannot reverse across it; the state stays', program: 'loop_bug', setup: [],
    fred: ['n', 'n', 'n', 'j @END', 'rn'], truth: ['n', 'n', 'n', 'j @END'], says: /jump/ },
];

const modes = replayModes;

describe('fred pdb: habits stay true under going back', function () {
  this.timeout(120000);
  for (const mode of modes) {
    for (const s of scenarios) {
      it(`${s.title} (${mode.name})`, async () => expectLikePlainPdb(s.program, s, mode.args));
    }

    it(`displays stay after reverse commands (${mode.name})`, async function () {
      const file = script('loop_bug');
      const line = (c: string) => withLines(file, c);
      const fred = await runFred(file, ['b @UPDATE', 'c', 'display balance', 'display day', 'n', 'n', 'rn', 'display'].map(line), { fredArgs: mode.args });
      assert.strictEqual(fred.status, 0, fred.transcript);
      const plain = await runPlainPdb(file, ['b @UPDATE', 'c', 'display balance', 'display day', 'n', 'display'].map(line));
      const listing = (t: string) => t.slice(t.lastIndexOf('Currently displaying:')).split('(Pdb)')[0].trim();
      assert.strictEqual(listing(fred.transcript), listing(plain), fred.transcript);
    });
  }
});

describe('fred-reverse-watch (pdb): a frame that did not exist at the start of history', function () {
  this.timeout(300000);
  for (const mode of modes) {
    it(`goes down into the calls that create it; the same answer ${searchRepeats} times (${mode.name})`, async function () {
      const file = script('late_frame');
      const line = (c: string) => withLines(file, c);
      const truth = section(await runPlainPdb(file, ['b @ADD', 'c', 'c', 'c', ...dumpState('FOUND')].map(line)), 'FOUND');
      for (let run = 1; run <= searchRepeats; run++) {
        const fred = await runFred(file, ['b @DONE', 'c', 'fred-reverse-watch total', ...dumpState('FOUND')].map(line), { fredArgs: mode.args });
        assert.strictEqual(fred.status, 0, fred.transcript);
        assert.match(fred.transcript, /total changes from 1 to 5 in the next statement/, `run ${run}:\n${fred.transcript}`);
        assert.strictEqual(section(fred.transcript, 'FOUND'), truth, `run ${run} landed elsewhere:\n${fred.transcript}`);
      }
    });
  }
});

describe('fred-reverse-watch (pdb): the frame the user selected with u', function () {
  this.timeout(300000);
  for (const mode of modes) {
    it(`u to main, then fred-rw a: main's a (work has none), ${searchRepeats} times (${mode.name})`, async function () {
      const file = script('late_frame');
      const line = (c: string) => withLines(file, c);
      const truth = section(await runPlainPdb(file, ['b @SET', 'c', ...dumpState('FOUND')].map(line)), 'FOUND');
      for (let run = 1; run <= searchRepeats; run++) {
        const fred = await runFred(file, ['b @DONE', 'c', 'u', 'fred-reverse-watch a', ...dumpState('FOUND')].map(line), { fredArgs: mode.args });
        assert.strictEqual(fred.status, 0, fred.transcript);
        assert.match(fred.transcript, /a changes from \(unknown\) to 3 in the next statement/, `run ${run}:\n${fred.transcript}`);
        assert.strictEqual(section(fred.transcript, 'FOUND'), truth, `run ${run} landed elsewhere:\n${fred.transcript}`);
      }
    });
  }
});
