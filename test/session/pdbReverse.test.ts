// fred pdb scenarios: a small Python program, a command script, and the state after each
// reverse command (where, current line, locals) compared with a fresh plain pdb's forward
// run of the shorter sequence. pdb has no repeat counts: truths spell `n 3` out.
import * as assert from 'assert';
import { dumpState, expectNoneLeft, runFred, runPlainPdb, script, section, withLines } from './pdbScenario';
import { Scenario } from './transcript';

const n = (count: number) => Array<string>(count).fill('n');

const scenarios: Scenario[] = [
  { title: 'reverse-next after nexts in a loop', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'n', 'n', 'n', 'fred-reverse-next'], truth: ['c', 'n', 'n'] },
  { title: 'rn 3 takes back three lines', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'n', 'n', 'n', 'n', 'rn 3'], truth: ['c', 'n'] },
  { title: 'reverse-next across a continue lands on the line before the breakpoint', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'c', 'fred-rn'], truth: ['c', 'n', 'n'] },
  { title: 'reverse-continue goes to the previous breakpoint stop', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'c', 'c', 'fred-reverse-continue'], truth: ['c', 'c'] },
  { title: 'rc twice', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'c', 'c', 'rc', 'rc'], truth: ['c'] },
  { title: 'fred-undo 2', program: 'loop_bug', setup: [],
    fred: ['n', 'n', 'n', 'fred-undo 2'], truth: ['n'] },
  { title: 'n 3 is three nexts, and rn 3 takes them back', program: 'loop_bug', setup: [],
    fred: ['n 3', 'n 3', 'rn 3'], truth: n(3) },
  { title: 'n 5 stops early at a breakpoint, as gdb\'s next 5 does', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['n', 'n', 'n 5'], truth: n(5) },
  { title: 'n 8 passes a breakpoint whose condition is false', program: 'loop_bug', setup: ['b @UPDATE, day == 2'],
    fred: ['n', 'n', 'n 8', 'n', 'fred-undo'], truth: n(8) },
  { title: 'n 100 (repeated inside python3) equals 100 single nexts', program: 'loop_bug', setup: [],
    fred: ['n 100'], truth: n(100) },
  { title: 's 40 equals 40 single steps, into and out of calls', program: 'loop_bug', setup: [],
    fred: ['s 40'], truth: Array<string>(40).fill('s') },
  { title: 'n 50 stops early at a conditional breakpoint in a called function', program: 'loop_bug', setup: ['b @BUG, day == 5'],
    fred: ['n', 'n', 'n 50'], truth: ['c'] },
  { title: 'n 1000 ends where the program ends; going back from there', program: 'prints', setup: [],
    fred: ['n 1000', 'fred-undo', 'n 5'], truth: n(5), says: /The program finished and will be restarted/ },
  { title: 'fred-reverse-watch finds the statement that makes the balance negative', program: 'loop_bug', setup: ['b @END'],
    fred: ['c', 'fred-reverse-watch balance < 0'], truthSetup: ['b @UPDATE, day == 37'], truth: ['c', 's', 'n', 'n'],
    says: /balance < 0: False before the statement below, True after/ },
  { title: 'reverse-finish out of a recursive call', program: 'factorial', setup: ['b factorial'],
    fred: ['c', 'c', 'fred-reverse-finish'], truth: ['c', 'n'] },
  // the second crosses the caller's own breakpoint stop at its first line: it stops there, as gdb's record full does
  { title: 'reverse-finish twice: out of the call, then the caller\'s breakpoint stop', program: 'factorial', setup: ['b factorial'],
    fred: ['c', 'c', 'c', 'fred-rf', 'fred-rf'], truth: ['c', 'c'] },
  { title: 'reverse-step from the line after a call goes to the callee\'s return', program: 'factorial', setup: [],
    fred: ['n', 'n', 'n', 'fred-reverse-step'], truth: ['n', 'n', 's', ...n(4)] },
  { title: 'reverse-step from a function\'s first line goes to pdb\'s --Call-- stop', program: 'factorial', setup: ['b factorial'],
    fred: ['c', 'n', 'n', 'fred-rs'], truth: ['c', 'n', 's'] },
  { title: 'reverse-step inside a function goes back one line', program: 'factorial', setup: ['b factorial'],
    fred: ['c', 'n', 'n', 'n', 'fred-rs'], truth: ['c', 'n', 'n'] },
  { title: 'a statement typed with ! is replayed faithfully', program: 'loop_bug', setup: [],
    fred: ['n', 'n', 'n', '!balance = 7', 'n', 'n', 'fred-undo'], truth: ['n', 'n', 'n', '!balance = 7', 'n'] },
  { title: 'fred-restart goes back to the checkpoint', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'n', 'fred-checkpoint', 'n', 'n', 'c', 'fred-restart'], truth: ['c', 'n'], says: /checkpoint 1 taken/ },
  { title: 'branches: fred-switch returns to the saved history', program: 'loop_bug', setup: ['b @UPDATE'],
    fred: ['c', 'n', 'fred-branch alt', 'n', 'n', 'c', 'fred-switch main'], truth: ['c', 'n'] },
  { title: 'a file being read is read on from the right place after going back', program: 'read_file', setup: ['b @READ'],
    fred: ['c', 'c', 'c', 'fred-rc', 'n', 'n', 'n'], truth: ['c', 'c', 'n', 'n', 'n'] },
  { title: 'undo after the program finished: pdb stops again where it was', program: 'prints', setup: [],
    fred: ['c', 'n', 'n', 'fred-undo'], truth: ['c', 'n'], says: /The program finished and will be restarted/ },
  { title: 'undo over a sys.exit', program: 'exit_code', setup: [],
    fred: ['n', 'c', 'fred-undo'], truth: ['n'], says: /Exit status: 10/ },
  { title: 'reverse past the start of history: message, state unchanged', program: 'loop_bug', setup: [],
    fred: ['fred-rn'], truth: [], says: /start of history|nothing to|before the start/ },
  { title: 'undo more than was done: message, state unchanged', program: 'loop_bug', setup: [],
    fred: ['n', 'fred-undo 5'], truth: ['n'], says: /cannot undo 5/ },
  { title: 'a bad count: message, state unchanged', program: 'loop_bug', setup: [],
    fred: ['n', 'rn x'], truth: ['n'], says: /fred: .*x/ },
];

describe('fred pdb: reverse commands reach the state of a forward run', function () {
  this.timeout(120000);
  for (const s of scenarios) {
    it(s.title, async function () {
      const file = script(s.program);
      const line = (c: string) => withLines(file, c);
      const fred = await runFred(file, [...s.setup, ...s.fred, ...dumpState('S')].map(line));
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error/, fred.transcript);
      if (s.says) assert.match(fred.transcript, s.says);
      const truth = await runPlainPdb(file, [...(s.truthSetup ?? s.setup), ...s.truth, ...dumpState('S')].map(line));
      assert.strictEqual(section(fred.transcript, 'S'), section(truth, 'S'), `state differs from plain pdb after ${s.truth.join(', ')}\n--- fred transcript ---\n${fred.transcript}`);
      await expectNoneLeft(fred.tag);
    });
  }
});
