// fred gdb: ordinary gdb habits stay true under going back. Each scenario (as in
// gdbReverse.test.ts: the state after fred's commands equals plain gdb's forward run of
// the shorter sequence; for reverse-stepi/nexti, plain gdb's own `record` + reverse
// command on a stretch without AVX code) runs in two modes: default and --cheap-replay 0.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { dumpState, example, repoRoot, runFred, runPlainGdb, section, withLines } from './gdbScenario';
import { Scenario } from './transcript';

const scenarios: Scenario[] = [
  // only commands that moved the program are history
  { title: 'a finish that failed (outermost frame) is not history: rn goes back over the next before it', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'finish', 'fred-rn'], truth: ['run'], says: /"finish" not meaningful in the outermost frame/ },
  { title: 'a next with no process is not history', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['next', 'run', 'next', 'fred-undo', 'fred-history'], truth: ['run'], says: /typed, but did not move the program[^]*after +0: next/ },
  { title: 'a side effect that failed is not history; fred-undo at the first stop says so and keeps the program', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'print nosuch = 5', 'next', 'fred-undo', 'fred-undo'], truth: ['run'], says: /nothing to undo/ },
  { title: 'fred-undo right after run: nothing to undo, the program stays', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'fred-undo', 'next'], truth: ['run', 'next'], says: /nothing to undo/ },
  { title: 'an advance to no such place is not history; fred-history lists it apart', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'advance nosuch', 'next', 'fred-undo', 'fred-history'], truth: ['run', 'next'], says: /Function "nosuch" not defined[^]*typed, but did not move the program[^]*advance nosuch/ },
  // counts mean what they meant going forward; hit counts are those of the time point
  { title: 'continue 3 right after run ignores two crossings, as plain gdb does', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'continue 3', 'next', 'fred-undo'], truth: ['run', 'continue 3'], says: /Will ignore next 2 crossings of breakpoint 1\.  Continuing\./ },
  { title: 'continue 3 is replayed with its meaning: rn after a later continue', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'continue 3', 'continue', 'fred-rn'], truth: ['run', 'continue 3', 'next'] },
  // gdb ignores the count when the stop's breakpoint is gone
  { title: 'continue 3 at a tbreak stop: the count is ignored (gdb deleted the breakpoint)', program: 'loop_breakpoint', setup: ['break main', 'break @PRINT'],
    fred: ['run', 'tbreak @BREAK', 'continue', 'continue 3', 'fred-undo'], truth: ['run', 'tbreak @BREAK', 'continue'], says: /continue 3\nNot stopped at any breakpoint; argument ignored\.\nContinuing\./ },
  { title: 'continue 3 at a stop whose breakpoint was deleted since: the count is ignored', program: 'loop_breakpoint', setup: ['break @BREAK', 'break @PRINT'],
    fred: ['run', 'delete 1', 'continue 3', 'fred-undo'], truth: ['run', 'delete 1'], says: /continue 3\nNot stopped at any breakpoint; argument ignored\.\nContinuing\./ },
  { title: 'ignore 1 2, continue, next, rn: back at the stop after the ignored crossings', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'ignore 1 2', 'continue', 'next', 'fred-rn'], truth: ['run', 'ignore 1 2', 'continue'] },
  { title: 'ignore 1 2, continue, continue, rc', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'ignore 1 2', 'continue', 'continue', 'rc'], truth: ['run', 'ignore 1 2', 'continue'] },
  { title: 'step 2, finish, next, until, next 2 replay as they ran', program: 'nested_calls', setup: ['break main'],
    fred: ['run', 'next', 'step 2', 'finish', 'next', 'until', 'next 2', 'next', 'fred-undo'], truth: ['run', 'next', 'step 2', 'finish', 'next', 'until', 'next 2'] },
  // tbreak, advance, until LOCATION keep their forward meaning when replayed
  { title: 'tbreak, continue, next, next, fred-undo twice: the temporary breakpoint stop', program: 'nested_calls', setup: ['break main'],
    fred: ['run', 'tbreak inner', 'continue', 'next', 'next', 'fred-undo', 'fred-undo'], truth: ['run', 'tbreak inner', 'continue'] },
  { title: 'tbreak, continue, continue, rn: replaying the tbreak stop does not stop the later continue', program: 'nested_calls', setup: ['break main', 'break @OUTER'],
    fred: ['run', 'tbreak inner', 'continue', 'continue', 'next', 'fred-rn'], truth: ['run', 'tbreak inner', 'continue', 'continue'] },
  { title: 'advance FUNCTION, next, rn', program: 'nested_calls', setup: ['break main'],
    fred: ['run', 'advance middle', 'next', 'fred-rn'], truth: ['run', 'advance middle'] },
  { title: 'advance LINE, then next twice, fred-undo', program: 'nested_calls', setup: ['break main'],
    fred: ['run', 'advance @INNER', 'next', 'next', 'fred-undo'], truth: ['run', 'advance @INNER', 'next'] },
  { title: 'until LINE past the loop, next, rn', program: 'loop_breakpoint', setup: ['break main'],
    fred: ['run', 'next', 'until @PRINT', 'next', 'fred-rn'], truth: ['run', 'next', 'until @PRINT'] },
  // the frame the user selected
  { title: 'up, finish (the selected frame returns), next, fred-undo: the replay selects the frame again', program: 'nested_calls', setup: ['break inner'],
    fred: ['run', 'up', 'finish', 'next', 'fred-undo'], truth: ['run', 'up', 'finish'] },
  { title: 'frame 2, finish, next, fred-undo', program: 'nested_calls', setup: ['break inner'],
    fred: ['run', 'frame 2', 'finish', 'next', 'fred-undo'], truth: ['run', 'frame 2', 'finish'] },
  { title: 'up, then rn: reverse-next, like next, works in the innermost frame', program: 'nested_calls', setup: ['break inner'],
    fred: ['run', 'next', 'up', 'fred-rn'], truth: ['run'] },
  { title: 'up, finish (middle returns), rn: the start of the calling line in outer', program: 'nested_calls', setup: ['break inner'],
    fred: ['run', 'delete 1', 'next', 'up', 'finish', 'fred-rn'], truthSetup: ['break outer'], truth: ['run'] },
  { title: 'up, finish stopped by a breakpoint on the way, rn: the line that made the call (searched like a continue)', program: 'nested_calls', setup: ['break inner'],
    fred: ['run', 'next', 'up', 'finish', 'fred-rn'], truth: ['run', 'delete 1', 'finish'] },
  // a condition set later does not change where an earlier continue stopped
  // (rc with the condition of now passes over those stops: reverseBreakpointsAfter.test.ts)
  { title: 'continue twice, condition 1 (never true), fred-undo: the previous stop', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'continue', 'continue', 'condition 1 i == 99', 'fred-undo', 'info breakpoints'], truth: ['run', 'continue'], says: /\(gdb\) info breakpoints\n(?:.*\n)*\tstop only if i == 99\n/ },
  { title: 'condition 1 i > 2, continue, condition 1 (removed), continue, next, fred-undo', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'condition 1 i > 2', 'continue', 'condition 1', 'continue', 'next', 'fred-undo'], truth: ['run', 'condition 1 i > 2', 'continue', 'condition 1', 'continue'] },
  // breakpoints deleted later are back for the replay, each as itself
  { title: 'two breakpoints, continue twice, delete all, fred-undo: the previous stop', program: 'nested_calls', setup: ['break inner', 'break middle'],
    fred: ['run', 'continue', 'continue', 'delete', 'fred-undo'], truth: ['run', 'continue'] },
  // one instruction back
  { title: 'reverse-stepi after stepi 3', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'stepi 3', 'reverse-stepi'], truth: ['run', 'stepi 2'] },
  { title: 'rsi after next: the last instruction of the line', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'rsi'], truth: ['run', 'record', 'next', 'reverse-stepi'] },
  { title: 'rsi 2 after next', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'next', 'rsi 2'], truth: ['run', 'record', 'next', 'next', 'reverse-stepi 2'] },
  { title: 'rsi after step into a call: back to the call instruction', program: 'nested_calls', setup: ['break @CALL'],
    fred: ['run', 'step', 'rsi'], truth: ['run', 'record', 'step', 'reverse-stepi'] },
  { title: 'rsi after finish: the return instruction of the callee', program: 'nested_calls', setup: ['break @MIDDLE'],
    fred: ['run', 'step', 'finish', 'rsi'], truth: ['run', 'record', 'step', 'finish', 'reverse-stepi'] },
  { title: 'rni after finish: the call instruction in the caller, before the step into it', program: 'nested_calls', setup: ['break @MIDDLE'],
    fred: ['run', 'step', 'finish', 'rni'], truth: ['run', 'record', 'step', 'finish', 'reverse-nexti'] },
  { title: 'rni after nexti 3', program: 'nested_calls', setup: ['break @MIDDLE'],
    fred: ['run', 'nexti 3', 'rni'], truth: ['run', 'nexti 2'] },
  // gdb commands fred answers itself
  { title: 'record: fred records already, nothing changes', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'record', 'record full', 'target record-full', 'next', 'fred-undo'], truth: ['run'], says: /records the program's history already/ },
  { title: 'layout src and tui enable are refused in line mode', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'layout src', 'tui enable', 'next'], truth: ['run', 'next'], says: /full-screen layout cannot run inside fred/ },
  { title: 'attach is refused; the session goes on', program: 'loop_breakpoint', setup: ['break @BREAK'],
    fred: ['run', 'next', 'attach 1', 'next', 'fred-rn'], truth: ['run', 'next'], says: /\(gdb\) attach 1\nfred: .*cannot take over a process it did not start/ },
];

const modes: Array<{ name: string; args: string[] }> = [
  { name: 'default', args: [] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

describe('fred gdb: habits stay true under going back', function () {
  this.timeout(120000);
  for (const mode of modes) {
    for (const s of scenarios) {
      it(`${s.title} (${mode.name})`, async function () {
        const program = example(s.program);
        const line = (c: string) => withLines(s.program, c);
        const fred = await runFred(program, [...s.setup, ...s.fred, ...dumpState('S')].map(line), { fredArgs: mode.args });
        assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
        assert.doesNotMatch(fred.transcript, /internal error/, fred.transcript);
        if (s.says) assert.match(fred.transcript, s.says, fred.transcript);
        const truth = runPlainGdb(program, [...(s.truthSetup ?? s.setup), ...s.truth, ...dumpState('S')].map(line));
        assert.strictEqual(section(fred.transcript, 'S'), section(truth, 'S'), `state differs from plain gdb after ${s.truth.join(', ')}\n--- fred transcript ---\n${fred.transcript}`);
      });
    }
  }
});

describe('fred gdb: gdb options that make no session', function () {
  this.timeout(60000);
  const fredCli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');
  const fred = (args: string[]) => spawnSync(process.execPath, [fredCli, 'gdb', ...args], { encoding: 'utf8', timeout: 30000, stdio: ['ignore', 'pipe', 'pipe'] });
  const gdb = (args: string[]) => spawnSync('gdb', args, { encoding: 'utf8', timeout: 30000, stdio: ['ignore', 'pipe', 'pipe'] });

  it('fred gdb -batch is plain gdb\'s answer and exit status', function () {
    const args = ['-batch', '-ex', 'run', '-ex', 'print total', example('nested_calls')];
    const mine = fred(args);
    const plain = gdb(args);
    assert.strictEqual(mine.status, plain.status, mine.stderr);
    assert.strictEqual(mine.stdout.replace(/process \d+/g, 'process N'), plain.stdout.replace(/process \d+/g, 'process N'));
    assert.doesNotMatch(mine.stderr, /internal error|at .*\.js:\d+/);
  });

  for (const option of ['--help', '--version']) {
    it(`fred gdb ${option} is fred's answer followed by plain gdb's`, function () {
      const mine = fred([option]);
      assert.strictEqual(mine.status, 0, mine.stderr);
      assert.ok(mine.stdout.endsWith(gdb([option]).stdout), mine.stdout);
      assert.match(mine.stdout, /^fred/);
    });
  }

  it('fred gdb -p PID is refused before gdb starts, in one line', function () {
    const mine = fred(['-p', String(process.pid)]);
    assert.strictEqual(mine.status, 2);
    assert.match(mine.stderr, /^fred: fred gdb -p PID: fred cannot take over a process it did not start.*\n$/);
    assert.doesNotMatch(mine.stderr, /at .*\.js:\d+/);
  });
});

describe('fred gdb: value history and displays survive going back', function () {
  this.timeout(120000);
  /** The "$N = value" lines of a transcript, in order. */
  const values = (text: string) => text.split('\n').filter((l) => /^\$\d+ = /.test(l)).map((l) => l.trim());

  for (const mode of modes) {
    it(`fred's replays and searches take no value numbers (${mode.name})`, async function () {
      const program = example('nested_calls');
      // finish records its value; replaying it (rn passes through it) must not record again
      const user = ['break inner', 'run', 'finish', 'print 100', 'print total = 7', 'next', 'fred-rn', 'print $', 'print $$2', 'fred-reverse-watch total', 'print 5'];
      const fred = await runFred(program, user, { fredArgs: mode.args });
      assert.strictEqual(fred.status, 0, fred.transcript);
      const plain = runPlainGdb(program, ['break inner', 'run', 'finish', 'print 100', 'print total = 7', 'print $', 'print $$2', 'print 5']);
      assert.deepStrictEqual(values(fred.transcript), values(plain), fred.transcript);
    });

    it(`displays stay after reverse commands and show after their stop (${mode.name})`, async function () {
      const program = example('loop_breakpoint');
      const line = (c: string) => withLines('loop_breakpoint', c);
      const fred = await runFred(program, ['break @BREAK', 'run', 'display sum', 'display/x 1+2', 'next', 'next', 'next', 'fred-rn', 'fred-undo', 'info display'].map(line), { fredArgs: mode.args });
      assert.strictEqual(fred.status, 0, fred.transcript);
      const plain = runPlainGdb(program, ['break @BREAK', 'run', 'display sum', 'display/x 1+2', 'next', 'info display'].map(line));
      const after = (command: string) => fred.transcript.split(`(gdb) ${command}\n`)[1].split('(gdb) ')[0];
      assert.match(after('fred-rn'), /^1: sum = 0\n2: \/x 1\+2 = 0x3\n/m, fred.transcript);
      assert.match(after('fred-undo'), /^1: sum = 0\n2: \/x 1\+2 = 0x3\n/m, fred.transcript);
      assert.strictEqual(after('info display'), plain.slice(plain.indexOf('Auto-display expressions')), fred.transcript);
    });

    it(`displays show after rc, rs, fred-rf and fred-reverse-watch as after the same stop going forward (${mode.name})`, async function () {
      const program = example('nested_calls');
      const line = (c: string) => withLines('nested_calls', c);
      const fred = await runFred(program, ['break inner', 'run', 'display total', 'display/x 1+2', 'continue', 'continue', 'rc', 'next', 'rs', 'fred-rf', 'continue', 'fred-reverse-watch total'].map(line), { fredArgs: mode.args });
      assert.strictEqual(fred.status, 0, fred.transcript);
      const after = (command: string) => fred.transcript.split(`(gdb) ${command}\n`)[1].split('(gdb) ')[0];
      const shown = (text: string) => text.split('\n').filter((l) => /^\d+: /.test(l)).join('\n');
      // rc lands at the first continue's stop, and rs (after a next) there too; rf
      // at middle's calling line; the watch before `total += k` of the last stop
      const plainShown = (commands: string[]) => shown(runPlainGdb(program, ['break inner', 'run', 'display total', 'display/x 1+2', ...commands].map(line)).split('\n').slice(-3).join('\n'));
      assert.strictEqual(shown(after('rc')), plainShown(['continue']), fred.transcript);
      assert.strictEqual(shown(after('rs')), plainShown(['continue']), fred.transcript);
      assert.match(after('fred-rf'), /^1: total = \d+\n2: \/x 1\+2 = 0x3$/m, fred.transcript);
      assert.match(after('fred-reverse-watch total'), /^1: total = \d+\n2: \/x 1\+2 = 0x3$/m, fred.transcript);
    });
  }
});
