// Child processes under the record log (issue 13): the recorded run's children ran once.
// Going back across fork(), posix_spawn(), system() and popen() must show the pids,
// statuses and output the forward run got, and start no child again: each child appends
// a line to a file, which must still hold one line per child. Ground truth is what the same
// session printed going forward (pids and the clock cannot be run again).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { example, runFred, section, withLines } from './gdbScenario';
import * as pdb from './pdbScenario';

const modes = [['--cheap-replay', '0'], []];
const values = (tag: string) => [
  `echo @@${tag}\\n`,
  'print forked', 'print fork_waited', 'print fork_status', 'print spawned', 'print spawn_waited', 'print spawn_status',
  'print system_status', 'print said', 'print popen_status', 'echo @@END\\n',
];

describe('record log: child processes are not started again by a replay', function () {
  this.timeout(240000);
  let workDir: string;
  before(() => { workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-children-')); });
  after(() => fs.rmSync(workDir, { recursive: true, force: true }));

  for (const args of modes) {
    const mode = args.join(' ') || 'default';
    it(`gdb (${mode}): back to the fork and forward again: the same pids, statuses and output; each child ran once`, async () => {
      const file = path.join(workDir, `lines-${mode.replace(/\W/g, '')}.txt`);
      const middle = ['echo @@MIDDLE\\n', 'print forked', 'print spawned', 'print system_status', 'echo @@END\\n'];
      const commands = [
        'break @FORK', `run ${file}`, 'break @PRINT', 'continue', ...values('FORWARD'),
        'fred-reverse-continue', 'echo @@AT\\n', 'info line *$pc', 'echo @@END\\n',
        'continue', ...values('AGAIN'),
        'fred-reverse-next', 'fred-reverse-next', 'fred-reverse-next', ...middle, 'continue', ...values('END_AGAIN'),
      ].map((c) => withLines('children', c));
      const { transcript } = await runFred(example('children'), commands, { fredArgs: ['--plain', ...args] });
      const seen = section(transcript, 'FORWARD');
      assert.match(seen, /^\$N = "\d+ \d+"/m, transcript);
      assert.match(section(transcript, 'AT'), new RegExp(`^Line ${withLines('children', '@FORK')} `), transcript);
      assert.strictEqual(section(transcript, 'AGAIN'), seen, transcript);
      const forwardLines = seen.split('\n'); // forked, fork_waited, fork_status, spawned, ..., system_status
      assert.strictEqual(section(transcript, 'MIDDLE'), [0, 3, 6].map((i) => forwardLines[i]).join('\n'), transcript);
      assert.strictEqual(section(transcript, 'END_AGAIN'), seen, transcript);
      assert.doesNotMatch(transcript, /went another way/, transcript);
      assert.deepStrictEqual(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).sort(), ['fork', 'popen', 'spawn', 'system'], transcript);
    });
  }

  // Going back across the fork from a point before the wait, then forward again past the
  // end of the log: the replay did not start the child again, so this copy has none to wait
  // for. fred must not show the failed wait as the program's run: it says why and stays.
  for (const args of modes) {
    const mode = args.join(' ') || 'default';
    it(`gdb (${mode}): forward past the log to the wait for a child the replay did not start: fred says so and stays; typed again it runs live`, async () => {
      const file = path.join(workDir, `missing-${mode.replace(/\W/g, '')}.txt`);
      const where = (tag: string) => [`echo @@${tag}\\n`, 'info line *$pc', 'echo @@END\\n'];
      const commands = [
        'break @FORK', `run ${file}`, 'next', 'next', 'echo @@FORWARD\\n', 'print forked', 'echo @@END\\n',
        'fred-reverse-next', 'fred-reverse-next', 'next', 'next', 'echo @@REPLAYED\\n', 'print forked', 'echo @@END\\n',
        'next', ...where('BEFORE_WAIT'), 'next', ...where('STAYED'), 'next', ...where('LIVE'), 'print fork_waited',
      ].map((c) => withLines('children', c));
      const { transcript } = await runFred(example('children'), commands, { fredArgs: ['--plain', ...args] });
      assert.strictEqual(section(transcript, 'REPLAYED'), section(transcript, 'FORWARD'), transcript);
      const forked = /\$N = (\d+)/.exec(section(transcript, 'FORWARD'))![1];
      assert.match(transcript, new RegExp(`fred: 'next' went another way than the recorded run: waitpid\\(pid ${forked}\\): that child was started by the recorded run, not by this copy of the program`), transcript);
      assert.match(section(transcript, 'BEFORE_WAIT'), new RegExp(`^Line ${withLines('children', '@WAIT_FORK')} `), transcript);
      assert.strictEqual(section(transcript, 'STAYED'), section(transcript, 'BEFORE_WAIT'), transcript);
      // typed again, the wait runs live: this copy has no such child
      assert.notStrictEqual(section(transcript, 'LIVE'), section(transcript, 'BEFORE_WAIT'), transcript);
      assert.match(transcript, /\$\d+ = -1\s*\(gdb\) quit/, transcript);
      assert.deepStrictEqual(fs.readFileSync(file, 'utf8'), 'fork\n', transcript);
    });
  }

  for (const args of modes) {
    const mode = args.join(' ') || 'default';
    it(`pdb (${mode}): back across subprocess and os.system and forward again: the same output, statuses and pid; each child ran once`, async () => {
      const file = path.join(workDir, `pdb-${mode.replace(/\W/g, '')}.txt`);
      const script = pdb.script('children');
      const values = (tag: string) => [`!print("@@${tag}")`, 'p (said, status, child.pid, code)', '!print("@@END")'];
      const commands = [
        'b @PRINT', 'c', ...values('FORWARD'), 'fred-reverse-next', 'fred-reverse-next', 'fred-reverse-next',
        '!print("@@AT")', 'p said', '!print("@@END")', 'c', ...values('AGAIN'),
      ].map((c) => pdb.withLines(script, c));
      const { transcript } = await pdb.runFred(script, commands, { fredArgs: ['--plain', ...args], scriptArgs: [file] });
      const seen = pdb.section(transcript, 'FORWARD');
      assert.match(seen, /^\('\d+ \d+', 1280, \d+, 6\)$/, transcript);
      assert.match(pdb.section(transcript, 'AT'), /^'\d+ \d+'$/, transcript);
      assert.ok(seen.startsWith(`(${pdb.section(transcript, 'AT')},`), transcript);
      assert.strictEqual(pdb.section(transcript, 'AGAIN'), seen, transcript);
      assert.doesNotMatch(transcript, /went another way/, transcript);
      assert.deepStrictEqual(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).sort(), ['popen', 'run', 'system'], transcript);
    });
  }
});
