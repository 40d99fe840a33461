// The habits of gdb users stay true when fred runs unprivileged: one scenario of each
// family (Ctrl-C, counts, tbreak, displays, the selected frame) as `nobody`, on a copy of
// the program nobody may read, against plain gdb's forward run (or, for Ctrl-C, what the
// same session showed going forward). Each in two modes.
import * as assert from 'assert';
import { asNobody, dumpState, example, nobodyCopy, runFred, runPlainGdb, section, withLines } from './gdbScenario';
import { LiveFred } from './liveFred';
import { Scenario } from './transcript';

const scenarios: Scenario[] = [
  { title: 'counts: continue 3 is replayed with its meaning, rn after a later continue', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'continue 3', 'continue', 'fred-rn'], truth: ['run', 'continue 3', 'next'] },
  { title: 'tbreak: continue to it, next, next, fred-undo twice', program: 'nested_calls', setup: ['break main'],
    fred: ['run', 'tbreak inner', 'continue', 'next', 'next', 'fred-undo', 'fred-undo'], truth: ['run', 'tbreak inner', 'continue'] },
  { title: 'up/frame: up, finish, next, fred-undo selects the frame again', program: 'nested_calls', setup: ['break inner'],
    fred: ['run', 'up', 'finish', 'next', 'fred-undo'], truth: ['run', 'up', 'finish'] },
  { title: 'displays: next three times, rn, fred-undo, info display', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'display sum', 'next', 'next', 'next', 'fred-rn', 'fred-undo', 'info display'], truth: ['run', 'display sum', 'next', 'info display'],
    says: /\(gdb\) fred-rn\n(?:.*\n)*?1: sum = 0\n/ },
];

const modes: Array<{ name: string; args: string[] }> = [
  { name: 'default', args: [] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

describe('fred gdb as nobody: habits stay true under going back', function () {
  this.timeout(120000);
  let fred: LiveFred | undefined;
  afterEach(async () => { await fred?.end(); fred = undefined; });

  for (const mode of modes) {
    for (const s of scenarios) {
      it(`${s.title} (${mode.name})`, async function () {
        const program = nobodyCopy(example(s.program));
        const line = (c: string) => withLines(s.program, c);
        const run = await runFred(program, [...s.setup, ...s.fred, ...dumpState('S')].map(line), { fredArgs: mode.args, nobody: true });
        assert.strictEqual(run.status, 0, `fred exited with ${run.status}:\n${run.transcript}`);
        assert.doesNotMatch(run.transcript, /internal error|Permission denied/, run.transcript);
        if (s.says) assert.match(run.transcript, s.says, run.transcript);
        const truth = runPlainGdb(program, [...s.setup, ...s.truth, ...dumpState('S')].map(line));
        assert.strictEqual(section(run.transcript, 'S'), section(truth, 'S'), `state differs from plain gdb after ${s.truth.join(', ')}\n--- fred transcript ---\n${run.transcript}`);
      });
    }

    it(`Ctrl-C: continue, Ctrl-C, next, next, rn, rn (${mode.name})`, async function () {
      const program = nobodyCopy(example('spin_lines'));
      fred = new LiveFred([...mode.args, 'gdb', program], asNobody);
      fred.type('break main', 'run', 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n/);
      fred.type(...dumpState('A'), 'next', ...dumpState('N1'), 'next', 'rn', ...dumpState('B'), 'rn', ...dumpState('C'));
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      assert.match(t, /Program received signal SIGINT/, t);
      assert.doesNotMatch(t, /internal error|Permission denied/, t);
      assert.strictEqual(section(t, 'B'), section(t, 'N1'), `rn after two nexts is the first next's stop:\n${t}`);
      assert.strictEqual(section(t, 'C'), section(t, 'A'), `rn twice is the Ctrl-C stop:\n${t}`);
    });
  }
});
