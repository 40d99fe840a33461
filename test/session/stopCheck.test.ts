// The replay stop check on every replayed command (issue 13): a replay that goes another
// way in a MIDDLE command, and comes back to the same line by the last one, is no longer
// shown as the recorded run. The programs record nothing (a static build; pdb with the
// log off) and read a file that changed since the forward run: the replay takes the other
// branch of an `if`, whose two arms meet again at the same line. Ground truth is what the
// same session showed going forward: fred must name the command that went elsewhere and
// leave the program at the `if`, the last point that matched.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { example, repoRoot, runFred, section, withLines } from './gdbScenario';
import * as pdb from './pdbScenario';

/** Replays start from the program's start: no snapshot covers the branch. */
const fromTheStart = ['--snapshot-every', '100', '--cheap-replay', '1000000'];
/** Two modes: fred-undo replaying from a new launch; fred-reverse-next (its probes) from a snapshot taken before the file is read. */
const modes = [
  { name: 'fred-undo, replayed from a new launch', checkpoint: [], back: 'fred-undo' },
  { name: 'fred-reverse-next, replayed from a fred-checkpoint', checkpoint: ['fred-checkpoint'], back: 'fred-reverse-next' },
];

describe('stop check: a replay that goes another way in a middle command', function () {
  this.timeout(120000);
  let workDir: string;
  let program: string;
  before(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-stop-check-'));
    program = path.join(workDir, 'branch_on_file_static');
    execFileSync('gcc', ['-g', '-O0', '-static', '-o', program, path.join(repoRoot, 'examples', 'branch_on_file.c')]);
  });
  after(() => fs.rmSync(workDir, { recursive: true, force: true }));

  for (const mode of modes) {
    it(`gdb, ${mode.name}: fred names the command that took the other branch and stays at the if`, async () => {
      const number = path.join(workDir, `number-${mode.back}.txt`);
      fs.writeFileSync(number, '7\n');
      // 5 nexts reach BIG (history entry 6), the 6th PRINT, the 7th the return: going back
      // one replays 6 nexts, the last of which reaches PRINT on either branch
      const commands = [
        'break @OPEN', `run ${number}`, ...mode.checkpoint, 'next', 'next', 'next', 'next', 'next',
        'echo @@BRANCH\\n', 'info line *$pc', 'echo @@END\\n',
        'next', 'next', `shell echo 1 > ${number}`, mode.back,
        'echo @@WHERE\\n', 'info line *$pc', 'echo @@END\\n',
      ].map((c) => withLines('branch_on_file', c));
      const { transcript } = await runFred(program, commands, { fredArgs: ['--plain', ...fromTheStart] });
      const line = (marker: string) => withLines('branch_on_file', marker);
      assert.match(section(transcript, 'BRANCH'), new RegExp(`^Line ${line('@BIG')} `), transcript);
      const said = new RegExp(`fred: the replay went another way than the recorded run at history entry 6 \\('next'\\): it stopped in main at branch_on_file.c:${line('@SMALL')} \\(0x[0-9a-f]+, 1 frame deep\\), the recorded run in main at branch_on_file.c:${line('@BIG')} \\(0x[0-9a-f]+, 1 frame deep\\); stopped at the last point that matched`);
      assert.match(transcript, said, transcript);
      assert.match(section(transcript, 'WHERE'), new RegExp(`^Line ${line('@TEST')} `), transcript);
    });
  }

  for (const mode of modes) {
    it(`pdb (log off), ${mode.name}: fred names the command that took the other branch and stays at the if`, async () => {
      const script = pdb.script('branch_on_file');
      const state = path.join(workDir, `number-pdb-${mode.back}.txt`);
      fs.writeFileSync(state, '7\n');
      // c stops at TEST, n reaches BIG (entry 2), then SAVE, the write, SAVE again (the
      // file is closed), PRINT: the script rewrote its file, so going back one replays
      // c + 4 n on the other branch, the last of which reaches SAVE on either
      const commands = [...mode.checkpoint, 'b @TEST', 'c', 'n', 'n', 'n', 'n', 'n', mode.back, 'where'].map((c) => pdb.withLines(script, c));
      const { transcript } = await pdb.runFred(script, commands, {
        fredArgs: ['--plain', ...fromTheStart], scriptArgs: [state], env: { FRED_NO_RECORD: '1' },
      });
      assert.strictEqual(fs.readFileSync(state, 'utf8'), '1\n', transcript);
      const line = (marker: string) => pdb.withLines(script, marker);
      const said = new RegExp(`fred: the replay went another way than the recorded run at history entry 2 \\('n'\\): it stopped in <module> at branch_on_file.py:${line('@SMALL')} \\(1 frame deep\\), the recorded run in <module> at branch_on_file.py:${line('@BIG')} \\(1 frame deep\\); stopped at the last point that matched`);
      assert.match(transcript, said, transcript);
      const back = transcript.slice(transcript.lastIndexOf(mode.back), transcript.lastIndexOf('(Pdb) where'));
      assert.match(back, new RegExp(`^> \\S*branch_on_file\\.py\\(${line('@TEST')}\\)<module>\\(\\)$`, 'm'), transcript);
    });
  }
});

// The same commands typed again after going back may stop elsewhere (a breakpoint set
// since; a new `run` is a new execution): what fred knew of the old path (its stops, its
// snapshots) must not stand for the new one.
describe('stop check: the same commands typed again on another path', function () {
  this.timeout(120000);
  const modes = [['--cheap-replay', '0'], []];

  for (const args of modes) {
    it(`gdb (${args.join(' ') || 'default'}): continue again after a breakpoint set since, next, fred-undo: back at the new stop`, async () => {
      const commands = [
        'break main', 'run', 'break late_fn', 'continue', 'fred-undo', 'break void_func', 'continue',
        'echo @@NEW\\n', 'info line *$pc', 'echo @@END\\n',
        'next', 'fred-undo',
        'echo @@BACK\\n', 'info line *$pc', 'echo @@END\\n',
      ];
      const { transcript } = await runFred(example('late_breakpoints'), commands, { fredArgs: ['--plain', ...args] });
      assert.match(section(transcript, 'NEW'), new RegExp(`^Line ${withLines('late_breakpoints', '@VOID_BODY')} `), transcript);
      assert.strictEqual(section(transcript, 'BACK'), section(transcript, 'NEW'), transcript);
      assert.doesNotMatch(transcript, /went another way/, transcript);
    });

    it(`gdb (${args.join(' ') || 'default'}): a second run, next, fred-undo: the second run's pid and clock, not the first's`, async () => {
      const values = (tag: string) => [`echo @@${tag}\\n`, 'print pid', 'print nanos', 'echo @@END\\n'];
      const commands = [
        'break @TAKEN', 'run < /dev/null', ...values('FIRST'), 'next', 'run < /dev/null', ...values('SECOND'),
        'next', 'fred-undo', ...values('BACK'),
      ].map((c) => withLines('outside_world', c));
      const { transcript } = await runFred(example('outside_world'), commands, { fredArgs: ['--plain', ...args] });
      assert.notStrictEqual(section(transcript, 'SECOND'), section(transcript, 'FIRST'), transcript);
      assert.strictEqual(section(transcript, 'BACK'), section(transcript, 'SECOND'), transcript);
    });
  }
});
