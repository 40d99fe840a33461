// Ctrl-C during fred-reverse-watch: in line mode SIGINT reaches the command runner, which
// aborts the search; the program must be back where it was before the search, and the
// session goes on. Progress lines (FRED_PROGRESS=1 forces them on a pipe) tell the test
// that the search is under way, so the signal lands in the middle of it.
import * as assert from 'assert';
import * as path from 'path';
import { killGroup, spawnGroup, waitFor } from '../helpers/processGroup';
import { dumpState, example, repoRoot, section, withLines } from './gdbScenario';
import { dumpState as pdbDumpState, script, section as pdbSection, withLines as pdbWithLines } from './pdbScenario';

const fredCli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');

/** Runs fred with the commands on stdin; sends SIGINT to fred once `when` shows up on stderr. */
async function interruptedRun(args: string[], commands: string[], when: RegExp): Promise<{ transcript: string; status: number | null; progress: string }> {
  const child = spawnGroup(process.execPath, [fredCli, ...args], {
    cwd: path.dirname(args[args.length - 1]), stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FRED_PROGRESS: '1' },
  });
  let transcript = '';
  let progress = '';
  child.stdout!.on('data', (d) => { transcript += d; });
  child.stderr!.on('data', (d) => { progress += d; transcript += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    child.stdin!.end([...commands, 'quit', ''].join('\n'));
    await waitFor(() => `a progress line ${when} from the search (transcript so far:\n${transcript})`, () => when.test(progress), 60000);
    process.kill(child.pid!, 'SIGINT');
    const status = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 60000))]);
    if (status === 'hung') throw new Error(`fred did not finish within 60 s after SIGINT; transcript:\n${transcript}`);
    return { transcript, status, progress };
  } finally {
    await killGroup(child.pid!);
  }
}

describe('fred-reverse-watch: Ctrl-C stops the search and leaves the program where it was', function () {
  this.timeout(150000);

  it('gdb: SIGINT during the search', async function () {
    const program = example('iteration_bug');
    const line = (c: string) => withLines('iteration_bug', c);
    const commands = ['break @END', 'run 50', 'next', ...dumpState('BEFORE'), 'fred-reverse-watch sum < 0', ...dumpState('AFTER'), 'print sum'].map(line);
    const run = await interruptedRun(['gdb', program], commands, /probe 3\b/);
    assert.strictEqual(run.status, 0, `fred exited with ${run.status}:\n${run.transcript}`);
    assert.match(run.transcript, /^fred: (search )?interrupted.*(the program is where it was before|back where it was before)/m);
    assert.doesNotMatch(run.transcript, /changes from/, `the search was not interrupted:\n${run.transcript}`);
    assert.strictEqual(section(run.transcript, 'AFTER'), section(run.transcript, 'BEFORE'), `the program moved:\n${run.transcript}`);
    assert.match(run.transcript, /^\$\d+ = -\d+$/m, 'the session did not go on after the interrupted search');
  });

  it('pdb: SIGINT during the search', async function () {
    const file = script('loop_bug');
    const line = (c: string) => pdbWithLines(file, c);
    const commands = ['b @END', 'c', ...pdbDumpState('BEFORE'), 'fred-reverse-watch balance < 0', ...pdbDumpState('AFTER'), 'p balance'].map(line);
    const run = await interruptedRun(['pdb', file], commands, /probe 3\b/);
    assert.strictEqual(run.status, 0, `fred exited with ${run.status}:\n${run.transcript}`);
    assert.match(run.transcript, /^fred: (search )?interrupted.*(the program is where it was before|back where it was before)/m);
    assert.doesNotMatch(run.transcript, /changes from/, `the search was not interrupted:\n${run.transcript}`);
    assert.strictEqual(pdbSection(run.transcript, 'AFTER'), pdbSection(run.transcript, 'BEFORE'), `the program moved:\n${run.transcript}`);
    assert.match(run.transcript, /^-218$/m, 'the session did not go on after the interrupted search');
  });
});
