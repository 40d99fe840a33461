// Replay that never lies: what a program takes from outside its memory (pid, clocks,
// random bytes, stdin, a child's output through a pipe) comes back from fred's record log
// when a reverse command replays across it. Such values cannot be produced again by a fresh
// run, so the ground truth is what the same session showed going forward: print it then,
// go back, compare. A replay that cannot be the same execution (a file it reads changed)
// is stopped at the last point that matched, and fred says where and what.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { example, repoRoot, runFred, section, withLines } from './gdbScenario';
import * as pdb from './pdbScenario';
import { searchRepeats } from '../helpers/repeats';

/** Every local of main, between markers: the values the program took from outside. */
function locals(tag: string): string[] {
  return [`echo @@${tag}\\n`, 'info locals', 'echo @@END\\n'];
}

/** The locals and the global tick counter of alarm_counter.c. */
function withTicks(tag: string): string[] {
  return [`echo @@${tag}\\n`, 'info locals', 'print ticks', 'echo @@END\\n'];
}

/** Snapshots everywhere; snapshots only before long commands; none at all (replays start with a new launch). */
const modes: { name: string; args: string[] }[] = [
  { name: 'a snapshot before every command (--cheap-replay 0)', args: ['--cheap-replay', '0'] },
  { name: 'snapshots only before long commands', args: ['--snapshot-every', '100'] },
  { name: 'no automatic snapshots: replays launch the program again', args: ['--snapshot-every', '100', '--cheap-replay', '1000000'] },
];

describe('record/replay log: a replay shows what the forward run took from outside', function () {
  this.timeout(180000);
  let workDir: string;
  before(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-record-'));
    fs.writeFileSync(path.join(workDir, 'lines.txt'), 'alpha\nbeta\n');
  });
  after(() => fs.rmSync(workDir, { recursive: true, force: true }));

  for (const mode of modes) {
    it(`gdb, ${mode.name}: pid, clocks, random bytes, stdin from a file and a pipe keep their values after reverse-next and after undo + continue`, async () => {
      const program = example('outside_world');
      const commands = [
        'break @TAKE', 'break @TAKEN', `run < ${path.join(workDir, 'lines.txt')}`, 'continue',
        ...locals('FORWARD'),
        'next', 'next', 'fred-reverse-next', 'fred-reverse-next',
        ...locals('BACK'),
        'fred-undo 1', 'continue',
        ...locals('AGAIN'),
        'fred-info',
      ].map((c) => withLines('outside_world', c));
      const { transcript } = await runFred(program, commands, { fredArgs: ['--plain', ...mode.args] });
      const forward = section(transcript, 'FORWARD');
      assert.match(forward, /first = "alpha"/, transcript);
      assert.match(forward, /second = "beta"/, transcript);
      assert.strictEqual(section(transcript, 'BACK'), forward, transcript);
      assert.strictEqual(section(transcript, 'AGAIN'), forward, transcript);
      assert.doesNotMatch(transcript, /went another way/, transcript);
    });
  }

  for (const mode of modes.slice(1)) {
    it(`gdb, ${mode.name}: a file changed after the forward run read it: fred says the replay went another way and stays where it matched`, async () => {
      const numbers = path.join(workDir, `numbers-${mode.args.length}.txt`);
      fs.writeFileSync(numbers, '10 20 30\n');
      const program = example('changing_input');
      const commands = [
        'break @OPEN', `run ${numbers}`, 'break @END', 'continue', 'print total',
        `shell echo 1 2 3 > ${numbers}`,
        'fred-reverse-next',
        'echo @@WHERE\\n', 'info line *$pc', 'echo @@END\\n',
        'fred-history',
      ].map((c) => withLines('changing_input', c));
      const { transcript } = await runFred(program, commands, { fredArgs: ['--plain', ...mode.args] });
      assert.match(transcript, /\$\d+ = 120/, transcript);
      assert.match(transcript, /fred: the replay went another way than the recorded run at history entry 2 \('[^']+'\): read\(fd 3, 4096 bytes\) read other data than recorded/, transcript);
      // the last point that matched: the stop of `run`, before the file was read
      const line = withLines('changing_input', '@OPEN');
      assert.match(section(transcript, 'WHERE'), new RegExp(`^Line ${line} of "[^"]*changing_input.c"`), transcript);
    });
  }

  for (const mode of modes) {
    it(`gdb, ${mode.name}: timer signals that interrupted a call come back at the same point (20 SIGALRM ticks waited for in poll)`, async () => {
      const program = example('alarm_counter');
      const commands = [
        'break @DONE', 'run wait', ...withTicks('FORWARD'),
        'next', 'next', 'fred-reverse-next', 'fred-reverse-next', ...withTicks('BACK'),
      ].map((c) => withLines('alarm_counter', c));
      const { transcript } = await runFred(program, commands, { fredArgs: ['--plain', ...mode.args] });
      const forward = section(transcript, 'FORWARD');
      assert.match(forward, /^\$N = 20$/m, transcript);
      assert.strictEqual(section(transcript, 'BACK'), forward, transcript);
      assert.doesNotMatch(transcript, /went another way/, transcript);
    });
  }

  it('gdb: a timer signal that came while the program computed cannot be put at the same point: fred says so instead of showing another run', async () => {
    const program = example('alarm_counter');
    const commands = ['break @DONE', 'run spin', 'next', 'next', 'fred-reverse-next', 'fred-reverse-next', 'fred-history']
      .map((c) => withLines('alarm_counter', c));
    const { transcript } = await runFred(program, commands, { fredArgs: ['--plain', '--snapshot-every', '100', '--cheap-replay', '1000000'] });
    assert.match(transcript, /fred: the replay went another way than the recorded run at history entry 1 \('run spin'\): signal 14 came while the program computed: a replay cannot deliver it at the same point/, transcript);
  });

  it('gdb: a new path after going back (set var) runs live with its own values; fred-switch back to the first path shows the first path\'s values', async () => {
    const program = example('outside_world');
    const commands = [
      'break @TAKE', 'break @TAKEN', `run < ${path.join(workDir, 'lines.txt')}`, 'continue',
      ...locals('FIRST'),
      'fred-branch first', 'fred-undo 1', 'set var micros = 5', 'continue',
      ...locals('SECOND'),
      'fred-switch first',
      ...locals('FIRST_AGAIN'),
      'fred-undo 1', 'continue',
      ...locals('FIRST_RERUN'),
    ].map((c) => withLines('outside_world', c));
    const { transcript } = await runFred(program, commands, { fredArgs: ['--plain', '--snapshot-every', '100'] });
    const first = section(transcript, 'FIRST');
    const second = section(transcript, 'SECOND');
    assert.notStrictEqual(second.match(/^nanos = .*$/m)?.[0], first.match(/^nanos = .*$/m)?.[0], transcript);
    assert.strictEqual(section(transcript, 'FIRST_AGAIN'), first, transcript);
    // running the first path forward again reads the first path's log, not the second's
    assert.strictEqual(section(transcript, 'FIRST_RERUN'), first, transcript);
  });

  for (const mode of modes.slice(0, 2)) {
    it(`gdb line mode, ${mode.name}: a program reading the terminal gets the next line typed; going back and forward again, it gets it from the log`, async () => {
      const program = example('terminal_input');
      const commands = [
        'break @ASK', 'run', 'next', 'Ada', ...locals('TYPED'),
        'next', 'fred-reverse-next', 'fred-reverse-next', 'fred-reverse-next',
        'next', 'next', ...locals('AGAIN'),
      ].map((c) => withLines('terminal_input', c));
      const { transcript } = await runFred(program, commands, { fredArgs: ['--plain', ...mode.args] });
      assert.match(section(transcript, 'TYPED'), /^name = "Ada\\n"/m, transcript);
      assert.strictEqual(section(transcript, 'AGAIN'), section(transcript, 'TYPED'), transcript);
    });
  }

  it('gdb: a statically linked program (no preloaded library) is said once not to be recorded', async () => {
    const program = path.join(workDir, 'changing_input_static');
    execFileSync('gcc', ['-g', '-O0', '-static', '-o', program, path.join(repoRoot, 'examples', 'changing_input.c')]);
    const numbers = path.join(workDir, 'numbers-static.txt');
    fs.writeFileSync(numbers, '1 2 3\n');
    const commands = ['break @OPEN', `run ${numbers}`, 'next', 'next'].map((c) => withLines('changing_input', c));
    const { transcript } = await runFred(program, commands, { fredArgs: ['--plain'] });
    const notices = transcript.match(/fred: this program does not record what it takes from outside \(it does not load fred's library: statically linked/g) ?? [];
    assert.strictEqual(notices.length, 1, transcript);
  });

  it('gdb: a program that records nothing (static) whose input changed: the replay stops elsewhere than the forward run, and fred says so and stays where it matched', async () => {
    const program = path.join(workDir, 'branch_on_file_static');
    execFileSync('gcc', ['-g', '-O0', '-static', '-o', program, path.join(repoRoot, 'examples', 'branch_on_file.c')]);
    const number = path.join(workDir, 'number-static.txt');
    fs.writeFileSync(number, '7\n');
    const commands = [
      'break @OPEN', `run ${number}`, 'next', 'next', 'next', 'next', 'next',
      'echo @@FORWARD\\n', 'info line *$pc', 'echo @@END\\n',
      'next', `shell echo 1 > ${number}`, 'fred-undo',
      'echo @@WHERE\\n', 'info line *$pc', 'echo @@END\\n',
    ].map((c) => withLines('branch_on_file', c));
    const { transcript } = await runFred(program, commands, { fredArgs: ['--plain'] });
    assert.match(section(transcript, 'FORWARD'), new RegExp(`^Line ${withLines('branch_on_file', '@BIG')} `), transcript);
    const small = withLines('branch_on_file', '@SMALL');
    const big = withLines('branch_on_file', '@BIG');
    const said = new RegExp(`fred: the replay went another way than the recorded run at history entry 6 \\('next'\\): it stopped in main at branch_on_file.c:${small} \\(0x[0-9a-f]+, 1 frame deep\\), the recorded run in main at branch_on_file.c:${big} \\(0x[0-9a-f]+, 1 frame deep\\)`);
    assert.match(transcript, said, transcript);
    // the last point that matched: the `if` before the branch
    assert.match(section(transcript, 'WHERE'), new RegExp(`^Line ${withLines('branch_on_file', '@TEST')} `), transcript);
  });

  it('gdb: a program that starts a second thread is recorded on (its threads take turns): no notice, and going back replays it', async () => {
    const commands = ['break @ADD', 'run', 'next', 'next', 'fred-reverse-next'].map((c) => withLines('threaded_sum', c));
    const { transcript } = await runFred(example('threaded_sum'), commands, { fredArgs: ['--plain'] });
    assert.doesNotMatch(transcript, /not recorded from here on|went another way/, transcript);
  });

  // the issue asks for 10 of 10 here: the log must hide the clock and random bytes every time
  const clockSearches = Math.max(searchRepeats, 10);
  it(`gdb: fred-reverse-watch over a walk driven by random bytes and the clock gives the forward run's answer, ${clockSearches} times of ${clockSearches}`, async () => {
    const program = example('random_walk');
    const searches: string[] = [];
    for (let k = 0; k < clockSearches; k++) searches.push('fred-reverse-watch fell', `echo @@FOUND${k}\\n`, 'print i', 'echo @@END\\n', 'fred-restart 1');
    const commands = ['break @END', 'run', 'echo @@FELL\\n', 'print fell', 'echo @@END\\n', 'fred-checkpoint', ...searches]
      .map((c) => withLines('random_walk', c));
    const { transcript } = await runFred(program, commands, { fredArgs: ['--plain', '--image-dir', workDir], timeoutMs: 170000 });
    const fell = section(transcript, 'FELL');
    assert.match(fell, /^\$N = [1-9]\d*$/, transcript);
    for (let k = 0; k < clockSearches; k++) assert.strictEqual(section(transcript, `FOUND${k}`), fell, `search ${k + 1}:\n${transcript}`);
  });
});

describe('record/replay log under fred pdb', function () {
  this.timeout(120000);

  it('input() and sys.stdin.readline() get the lines typed; after going back, n over them takes them from the log', async () => {
    const asking = pdb.script('terminal_input');
    const commands = ['b @GOT', 'c', 'Ada', 'Lovelace', 'p (name, line)', 'rn', 'rn', 'rn', 'n', 'n', 'n', 'p (name, line)']
      .map((c) => pdb.withLines(asking, c));
    const { transcript } = await pdb.runFred(asking, commands, { fredArgs: ['--plain'] });
    const answers = transcript.match(/^\('Ada', 'Lovelace'\)$/gm) ?? [];
    assert.strictEqual(answers.length, 2, transcript);
  });

  const file = pdb.script('outside_world');
  const dump = (tag: string) => [`!print("@@${tag}")`, 'p (pid, now, ticks, token, raw)', '!print("@@END")'];

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    it(`os.getpid(), time.time(), time.monotonic_ns(), random.random(), os.urandom() keep their values after rn and undo (${fredArgs.join(' ') || 'default'})`, async () => {
      const commands = ['b @TAKEN', 'c', ...dump('FORWARD'), 'n', 'n', 'rn', 'rn', ...dump('BACK'), 'fred-undo 1', 'c', ...dump('AGAIN')]
        .map((c) => pdb.withLines(file, c));
      const { transcript } = await pdb.runFred(file, commands, { fredArgs: ['--plain', ...fredArgs] });
      const forward = pdb.section(transcript, 'FORWARD');
      assert.match(forward, /^\(\d+, [\d.]+, \d+, 0\.\d+, '[0-9a-f]{16}'\)$/, transcript);
      assert.strictEqual(pdb.section(transcript, 'BACK'), forward, transcript);
      assert.strictEqual(pdb.section(transcript, 'AGAIN'), forward, transcript);
    });
  }
  for (const [label, env] of [['the record log', {}], ['the log off (FRED_NO_RECORD=1)', { FRED_NO_RECORD: '1' }]] as const) {
    it(`a script that rewrites the file it read, replayed from the start with ${label}: the same branch, or fred says the replay went another way`, async () => {
      const script = pdb.script('branch_on_file');
      const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fred-record-pdb-')), 'number.txt');
      fs.writeFileSync(state, '7\n');
      const commands = ['b @TEST', 'c', 'n', 'n', 'n', 'n', 'n', 'fred-undo 4', 'where'].map((c) => pdb.withLines(script, c));
      const { transcript } = await pdb.runFred(script, commands, {
        fredArgs: ['--plain', '--snapshot-every', '100', '--cheap-replay', '1000000'], scriptArgs: [state], env,
      });
      const written = fs.readFileSync(state, 'utf8');
      fs.rmSync(path.dirname(state), { recursive: true, force: true });
      assert.strictEqual(written, '1\n', transcript);
      const landed = (line: string) => new RegExp(`^> \\S*branch_on_file\\.py\\(${pdb.withLines(script, line)}\\)<module>\\(\\)$`, 'm');
      const afterUndo = transcript.slice(transcript.lastIndexOf('fred-undo 4'), transcript.lastIndexOf('(Pdb) where'));
      if (Object.keys(env).length === 0) {
        assert.doesNotMatch(transcript, /went another way/, transcript);
        assert.match(afterUndo, landed('@BIG'), transcript);
      } else {
        const said = new RegExp(`fred: the replay went another way than the recorded run at history entry 2 \\('n'\\): it stopped in <module> at branch_on_file.py:${pdb.withLines(script, '@SMALL')} \\(1 frame deep\\), the recorded run in <module> at branch_on_file.py:${pdb.withLines(script, '@BIG')} `);
        assert.match(transcript, said, transcript);
        assert.match(afterUndo, landed('@TEST'), transcript);
      }
    });
  }
});
