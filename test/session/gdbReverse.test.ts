// fred gdb scenarios (rr style): a small C program, a command script, and the state after
// each reverse command compared with plain gdb's forward run of the shorter sequence.
import * as assert from 'assert';
import * as fs from 'fs';
import { dumpState, example, runFred, runPlainGdb, section, withLines } from './gdbScenario';
import { Scenario } from './transcript';
import { needsDebugRegisters, setsWatchpoint } from '../helpers/machine';

const scenarios: Scenario[] = [
  { title: 'reverse-next after nexts in a loop', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'next', 'next', 'fred-reverse-next'], truth: ['run', 'next', 'next'] },
  { title: 'rn 3 takes back three lines', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'next', 'next', 'next', 'disable 1', 'rn 3'], truth: ['run', 'next'] },
  // gdb's record full (from main) agrees: its reverse-next 3 reports the breakpoint and ends there
  { title: 'rn 3 ends early at a breakpoint on the way, as gdb\'s reverse-next 3 does', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'next', 'next', 'next', 'rn 3'], truth: ['run', 'continue'] },
  { title: 'reverse-next across a continue lands on the line before the breakpoint', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'continue', 'continue', 'fred-rn'], truth: ['run', 'continue', 'next'] },
  { title: 'reverse-continue goes to the previous breakpoint stop', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'continue', 'continue', 'continue', 'fred-reverse-continue'], truth: ['run', 'continue', 'continue'] },
  { title: 'rc twice', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'continue', 'continue', 'continue', 'rc', 'rc'], truth: ['run', 'continue'] },
  { title: 'fred-undo 2', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'next', 'next', 'fred-undo 2'], truth: ['run', 'next'] },
  // gdb stops on the call instruction, in the middle of the calling line: its own record is the truth
  { title: 'reverse-finish out of a recursive call', program: 'factorial', setup: ['break factorial'],
    fred: ['run', 'continue', 'continue', 'fred-reverse-finish'], truth: ['run', 'record full', 'continue', 'continue', 'reverse-finish'] },
  { title: 'reverse-step enters the function the previous line called', program: 'nested_calls', setup: ['break @CALL'],
    fred: ['run', 'next', 'fred-reverse-step'], truth: ['run', 'step', 'next', 'next'] },
  { title: 'reverse-next lands with the innermost frame selected, as gdb after any stop (an `up` before the command it went back over; fuzzer)', program: 'nested_calls', setup: ['break middle'],
    fred: ['run', 'next', 'up', 'next', 'fred-reverse-next'], truth: ['run', 'next'] },
  { title: 'reverse-next back over a call that a continue stopped in: at that breakpoint stop, as gdb\'s record (fuzzer)', program: 'finish_crossing', setup: ['break helper'],
    fred: ['run', 'finish', 'continue', 'step 2', 'fred-reverse-next'], truth: ['run', 'finish', 'continue'] },
  { title: 'reverse-next after finish goes to the start of the calling line', program: 'nested_calls', setup: ['break inner'],
    fred: ['run', 'finish', 'disable 1', 'fred-reverse-next'], truthSetup: ['break middle'], truth: ['run'] },
  // gdb's record full (from main) agrees: going back over the call it stops at the breakpoint inside
  { title: 'reverse-next after finish, the breakpoint in the call still there: stops at it', program: 'nested_calls', setup: ['break inner'],
    fred: ['run', 'finish', 'fred-reverse-next'], truth: ['run'] },
  // a watchpoint on a global (watchpoints on locals: gdbWatchLocals.test.ts; more: reverseWatchpoints.test.ts):
  // as gdb's reverse execution, rc stops just before the write the last continue stopped after
  { title: 'reverse-continue with a watchpoint: just before the last write (one stepi is the forward stop)', program: 'nested_calls', setup: ['break main'],
    fred: ['run', 'watch total', 'continue', 'continue', 'continue', 'fred-rc', 'stepi'], truth: ['run', 'watch total', 'continue', 'continue', 'continue'] },
  { title: 'a breakpoint added later does not stop the replay of an earlier continue', program: 'prints', setup: ['break main', 'break @DONE'],
    fred: ['run', 'continue', 'break say', 'fred-rn'], truth: ['run', 'next 10'] },
  { title: 'a breakpoint disabled later still stops the replay of an earlier continue', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'continue', 'continue', 'disable 1', 'fred-rn'], truth: ['run', 'continue', 'next'] },
  { title: 'side effects are replayed faithfully', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'print sum = 100', 'next', 'next', 'fred-undo'], truth: ['run', 'print sum = 100', 'next'] },
  { title: 'fred-restart goes back to the checkpoint', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'fred-checkpoint', 'next', 'next', 'continue', 'fred-restart'], truth: ['run', 'next'], says: /checkpoint 1 taken/ },
  { title: 'branches: fred-switch returns to the saved history', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'fred-branch alt', 'next', 'next', 'fred-switch main'], truth: ['run', 'next'] },
  { title: 'reverse-next right after run goes back into main, before the first stop', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'fred-rn'], truth: ['start', 'next'] },
  { title: 'reverse past the start of history: message, state unchanged', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['start', 'fred-rn'], truth: ['start'], says: /start of history/ },
  { title: 'undo more than was done: message, state unchanged', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'fred-undo 5'], truth: ['run', 'next'], says: /cannot undo 5/ },
  { title: 'fred-restart without checkpoints: message, state unchanged', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'fred-restart 3'], truth: ['run', 'next'], says: /no checkpoints yet/ },
  { title: 'a bad count: message, state unchanged', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'rn x'], truth: ['run', 'next'], says: /fred: .*x/ },
];

describe('fred gdb: reverse commands reach the state of a forward run', function () {
  this.timeout(120000);
  for (const s of scenarios) {
    it(s.title, async function () {
      if (setsWatchpoint(s.fred)) needsDebugRegisters(this);
      const program = example(s.program);
      const line = (c: string) => withLines(s.program, c);
      const fred = await runFred(program, [...s.setup, ...s.fred, ...dumpState('S')].map(line));
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      if (s.says) assert.match(fred.transcript, s.says);
      const truth = runPlainGdb(program, [...(s.truthSetup ?? s.setup), ...s.truth, ...dumpState('S')].map(line));
      assert.strictEqual(section(fred.transcript, 'S'), section(truth, 'S'), `state differs from plain gdb after ${s.truth.join(', ')}\n--- fred transcript ---\n${fred.transcript}`);
    });
  }
});

describe('fred gdb: what the user sees', function () {
  this.timeout(120000);

  it('the program output is not shown again during replay', async function () {
    const program = example('prints');
    const { transcript } = await runFred(program, ['break say', 'run', 'continue', 'continue', 'continue', 'fred-rc', 'continue']);
    const count = (text: string) => transcript.split('\n').filter((l) => l.trim() === text).length;
    assert.strictEqual(count('line 1'), 1, transcript);
    assert.strictEqual(count('line 2'), 1, transcript);
    assert.strictEqual(count('line 3'), 2, 'line 3 runs again after going back, as in a forward run');
  });

  it('an unknown fred- command shows the help and the session goes on', async function () {
    const program = example('loop_breakpoint');
    const { transcript, status } = await runFred(program, ['fred-frobnicate', 'break main', 'run', 'next', 'p sum']);
    assert.strictEqual(status, 0);
    assert.match(transcript, /unknown command fred-frobnicate/);
    assert.match(transcript, /fred-reverse-next/);
    assert.match(transcript, /\$1 = 0/);
  });

  it('fred-checkpoint writes an image only the user can read', async function () {
    const program = example('loop_breakpoint');
    const dir = fs.mkdtempSync('/tmp/fred-images-');
    const { transcript } = await runFred(program, ['break main', 'run', 'fred-checkpoint'], { fredArgs: ['--image-dir', dir] });
    const image = /image: (\S+\.img)\)/.exec(transcript)?.[1];
    assert.ok(image, transcript);
    assert.strictEqual(fs.statSync(image!).mode & 0o777, 0o600);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fred-history and fred-info describe the session', async function () {
    const program = example('loop_breakpoint');
    const { transcript } = await runFred(program, ['break @BREAK', 'run', 'next', 'next', 'fred-rn', 'fred-history', 'fred-info'].map((c) => withLines('loop_breakpoint', c)));
    assert.match(transcript, /1 +run\n.*2 +next/);
    assert.match(transcript, /last reverse command: fred-reverse-next took \d+ ms, \d+ probes/);
    assert.match(transcript, /snapshots: \d+/);
  });
});
