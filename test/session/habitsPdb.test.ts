// fred pdb: more ordinary pdb habits under going back (pdbHabits.test.ts has the first
// ones): temporary breakpoints, failed commands, the frame selected with `u`, displays.
// Ground truth: a fresh plain pdb's forward run of the shorter sequence (as
// pdbReverse.test.ts), each scenario in two modes: default and --cheap-replay 0.
import * as assert from 'assert';
import { dumpState, expectLikePlainPdb, replayModes, runFred, runPlainPdb, script, section, withLines } from './pdbScenario';
import { Scenario } from './transcript';

const scenarios: Scenario[] = [
  // pdb deletes a temporary breakpoint at its stop; a replay must stop there again
  { title: 'tbreak FUNCTION, c, n, n, fred-undo twice: the temporary breakpoint\'s stop in the function', program: 'loop_bug', setup: [],
    fred: ['tbreak fee_for', 'c', 'n', 'n', 'fred-undo', 'fred-undo'], truth: ['tbreak fee_for', 'c'] },
  { title: 'tbreak LINE, c, n, n, fred-undo twice', program: 'loop_bug', setup: [],
    fred: ['tbreak @UPDATE', 'c', 'n', 'n', 'fred-undo', 'fred-undo'], truth: ['tbreak @UPDATE', 'c'] },
  { title: 'tbreak, c, c, n, fred-undo: the replayed tbreak stop does not stop the later c', program: 'loop_bug', setup: ['b @END'],
    fred: ['tbreak fee_for', 'c', 'c', 'n', 'fred-undo'], truth: ['tbreak fee_for', 'c', 'c'] },
  // ignore counts and hit counts are those of the time point, as in gdb
  { title: 'ignore 1 2, c, n, fred-undo: the stop after the ignored crossings', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['ignore 1 2', 'c', 'n', 'fred-undo'], truth: ['ignore 1 2', 'c'] },
  { title: 'ignore 1 3, c, c, rc: the stop after the ignored crossings, not an ignored one', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['ignore 1 3', 'c', 'c', 'rc'], truth: ['ignore 1 3', 'c'] },
  { title: 'c, ignore 1 2, c, c, rc', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'ignore 1 2', 'c', 'c', 'rc'], truth: ['c', 'ignore 1 2', 'c'] },
  // a condition set later does not change where an earlier c stopped
  { title: 'c, c, c, condition 1 (never true), rc: the previous stop; the condition stays the user\'s', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'c', 'c', 'condition 1 day == 99', 'rc'], truth: ['c', 'c'] },
  { title: 'condition 1 day > 3, c, condition 1 (removed), c, n, fred-undo', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['condition 1 day > 3', 'c', 'condition 1', 'c', 'n', 'fred-undo'], truth: ['condition 1 day > 3', 'c', 'condition 1', 'c'] },
  // breakpoints deleted later are back for the replay, each as itself
  { title: 'c, c, c, clear both breakpoints, rc: the previous stop', program: 'loop_bug', setup: ['b @UPDATE', 'b fee_for'],
    fred: ['c', 'c', 'c', 'clear 1', 'clear 2', 'rc'], truth: ['c', 'c'] },
  { title: 'until LINE past the loop, n, fred-undo', program: 'loop_bug', setup: [],
    fred: ['n', 'n', 'n', 'unt @END', 'n', 'fred-undo'], truth: ['n', 'n', 'n', 'unt @END'] },
  { title: 'until LINE past the loop, n, rn', program: 'loop_bug', setup: [],
    fred: ['n', 'n', 'n', 'unt @END', 'n', 'rn'], truth: ['n', 'n', 'n', 'unt @END'] },
  // a command pdb refused (*** ...) is kept for fred-history, never replayed
  { title: 'until a line above the current one fails: not history, fred-undo takes back the n before it', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'n', 'unt 3', 'n', 'fred-undo', 'fred-undo'], truth: ['c'], says: /^\*\*\* "until" line number is smaller than current line number/ },
  { title: 'p of an unknown name and a failed jump, then rn: back over the n before them', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'n', 'n', 'p nosuch', 'j 1000', 'rn'], truth: ['c', 'n'], says: /^\*\*\* NameError: name 'nosuch' is not defined/ },
  // pdb's next and until work in the frame selected with u
  { title: 'u, n (in the caller), n, fred-undo: the replay selects the frame again', program: 'loop_bug', setup: ['b fee_for'],
    fred: ['c', 'u', 'n', 'n', 'fred-undo'], truth: ['c', 'u', 'n'] },
  { title: 'u, c, rc: the previous stop, with the innermost frame selected as after any stop', program: 'loop_bug', setup: ['b fee_for'],
    fred: ['c', 'u', 'c', 'rc'], truth: ['c'] },
  { title: 'u, c, c, fred-undo: the stop before, with the frame selected by the u replayed', program: 'loop_bug', setup: ['b fee_for'],
    fred: ['c', 'u', 'c', 'c', 'fred-undo'], truth: ['c', 'u', 'c'] },
  { title: 'u, n, rn: back in the caller, at the line that called', program: 'loop_bug', setup: ['b fee_for'],
    fred: ['c', 'u', 'n', 'n', 'rn'], truth: ['c', 'u', 'n'] },
];

const modes = replayModes;

describe('fred pdb: more habits stay true under going back', function () {
  this.timeout(120000);
  for (const mode of modes) {
    for (const s of scenarios) {
      it(`${s.title} (${mode.name})`, async () => expectLikePlainPdb(s.program, s, mode.args));
    }

    it(`displays: after a reverse command's stop, pdb's lines for what changed since the user last looked (${mode.name})`, async function () {
      const file = script('loop_bug');
      const line = (c: string) => withLines(file, c);
      const fred = await runFred(file, ['b @UPDATE', 'c', 'display balance', 'display day', 'n', 'n', 'rn', 'fred-undo', 'n'].map(line), { fredArgs: mode.args });
      assert.strictEqual(fred.status, 0, fred.transcript);
      const plain = await runPlainPdb(file, ['b @UPDATE', 'c', 'display balance', 'display day', 'n', 'n'].map(line));
      /** The display lines a command printed (after its location lines). */
      const shown = (t: string, command: string, nth = 1) => t.split(`(Pdb) ${command}\n`)[nth].split('(Pdb) ')[0].split('\n').filter((l) => l.startsWith('display '));
      // going back from B to A shows pdb's line of going from A to B with the values swapped
      const swapped = (l: string) => l.replace(/^(display [^:]+): (.*)  \[old: (.*)\]$/, '$1: $3  [old: $2]');
      assert.deepStrictEqual(shown(fred.transcript, 'rn'), shown(plain, 'n', 2).map(swapped), fred.transcript);
      assert.deepStrictEqual(shown(fred.transcript, 'fred-undo'), shown(plain, 'n', 1).map(swapped), fred.transcript);
      assert.deepStrictEqual(shown(fred.transcript, 'n', 3), shown(plain, 'n', 1), `the next forward stop compares with what the reverse command showed:\n${fred.transcript}`);
    });

    it(`hit counts after rc are those of the time point (${mode.name})`, async function () {
      const file = script('loop_bug');
      const line = (c: string) => withLines(file, c);
      const fred = await runFred(file, ['b @UPDATE', 'c', 'c', 'c', 'rc', 'b'].map(line), { fredArgs: mode.args });
      assert.strictEqual(fred.status, 0, fred.transcript);
      const plain = await runPlainPdb(file, ['b @UPDATE', 'c', 'c', 'b'].map(line));
      const hits = (t: string) => /breakpoint already hit \d+ times?/.exec(t.slice(t.lastIndexOf('(Pdb) b\n')))?.[0];
      assert.strictEqual(hits(fred.transcript), hits(plain), fred.transcript);
    });

    it(`failed commands are listed as typed and never replayed (${mode.name})`, async function () {
      const file = script('loop_bug');
      const line = (c: string) => withLines(file, c);
      const fred = await runFred(file, ['b @UPDATE', 'c', 'unt 3', 'n', 'fred-history'].map(line), { fredArgs: mode.args });
      assert.strictEqual(fred.status, 0, fred.transcript);
      assert.match(fred.transcript, /typed, but did not move the program[^]*after +1: unt 3/, fred.transcript);
    });
  }
});
