// fred gdb's command line, as a gdb user types it: options after which gdb answers alone
// (--help, --version, -batch...) give plain gdb's output and exit status; every way of
// attaching to a running process (and gdb commands on the command line that fred answers
// itself) is refused in one line before gdb starts, and the process is left untouched;
// options gdb rejects give gdb's own words, never a stack trace.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { killGroup, spawnGroup } from '../helpers/processGroup';
import { example, repoRoot } from './gdbScenario';

const fredCli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');
const fred = (args: string[]) => spawnSync(process.execPath, [fredCli, 'gdb', ...args], { encoding: 'utf8', timeout: 30000, stdio: ['pipe', 'pipe', 'pipe'], input: 'quit\n' });
const gdb = (args: string[]) => spawnSync('gdb', args, { encoding: 'utf8', timeout: 30000, stdio: ['pipe', 'pipe', 'pipe'], input: 'quit\n' });
const samePids = (text: string) => text.replace(/process \d+/g, 'process N');

/** The fields of /proc/PID/status that show whether a debugger took the process. */
function traceState(pid: number): { state: string; tracer: string } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return { state: /^State:\s+(\S)/m.exec(status)![1], tracer: /^TracerPid:\s+(\d+)/m.exec(status)![1] };
}

describe('fred gdb: the command line a gdb user types', function () {
  this.timeout(120000);

  const alone: Array<(program: string) => string[]> = [
    () => ['-h'],
    () => ['--version'],
    () => ['-v'],
    () => ['--configuration'],
    (program) => ['-batch', '-ex', 'break inner', '-ex', 'run', '-ex', 'bt', '-ex', 'print total', program],
    (program) => ['-q', '-batch', '-ex', 'frobnicate', program],
    (program) => ['--batch', '-ex', 'run', program],
  ];
  for (const args of alone) {
    const shown = args('PROG').join(' ');
    // -h and --version: fred's own answer first (its options, its version), then gdb's
    const fredFirst = ['-h', '--version'].includes(shown);
    it(`fred gdb ${shown}: ${fredFirst ? 'fred\'s answer, then' : ''} plain gdb's output and exit status`, function () {
      const full = args(example('nested_calls'));
      const mine = fred(full);
      const plain = gdb(full);
      assert.strictEqual(mine.status, plain.status, mine.stderr);
      if (fredFirst) {
        assert.match(mine.stdout, /^(usage|fred|Usage)/i, mine.stdout);
        assert.ok(samePids(mine.stdout).endsWith(samePids(plain.stdout)), mine.stdout);
      } else {
        assert.strictEqual(samePids(mine.stdout), samePids(plain.stdout));
      }
      assert.strictEqual(samePids(mine.stderr), samePids(plain.stderr));
    });
  }

  it('an option gdb does not know: gdb\'s own words, one line, no stack trace', function () {
    const mine = fred(['--no-such-option', example('nested_calls')]);
    assert.strictEqual(mine.status, 2);
    assert.match(mine.stderr, /^fred: gdb did not start: gdb: unrecognized option '--no-such-option'.*\n$/);
  });

  describe('attaching is refused before gdb starts; the process is untouched', function () {
    let sleeper: ReturnType<typeof spawnGroup> | undefined;
    beforeEach(() => { sleeper = spawnGroup('sleep', ['60'], { stdio: 'ignore' }); });
    afterEach(async () => { await killGroup(sleeper!.pid!); sleeper = undefined; });

    const forms: Array<{ name: string; args: (pid: number, program: string) => string[]; says: RegExp }> = [
      { name: '-p PID', args: (pid) => ['-p', String(pid)], says: /^fred: fred gdb -p PID: fred cannot take over a process it did not start/ },
      { name: '--pid=PID', args: (pid) => [`--pid=${pid}`], says: /^fred: fred gdb -p PID: fred cannot take over a process it did not start/ },
      { name: '-pid PID PROG', args: (pid, program) => ['-pid', String(pid), program], says: /^fred: fred gdb -p PID: fred cannot take over/ },
      { name: 'PROG PID', args: (pid, program) => [program, String(pid)], says: /^fred: fred gdb PROG \d+: fred cannot take over a process it did not start/ },
      { name: '-ex "attach PID" PROG', args: (pid, program) => ['-ex', `attach ${pid}`, program], says: /^fred: fred gdb -ex 'attach \d+': fred cannot take over a process it did not start/ },
      { name: '-ex "record full" PROG', args: (_pid, program) => ['-ex', 'record full', program], says: /^fred: fred gdb -ex 'record full': fred records the program's history already/ },
    ];
    for (const form of forms) {
      it(`fred gdb ${form.name}`, function () {
        const pid = sleeper!.pid!;
        const mine = fred(form.args(pid, example('nested_calls')));
        assert.strictEqual(mine.status, 2, mine.stderr);
        assert.match(mine.stderr, form.says);
        assert.strictEqual(mine.stderr.split('\n').length, 2, `one line:\n${mine.stderr}`);
        assert.strictEqual(mine.stdout, '', 'gdb never started');
        assert.deepStrictEqual(traceState(pid), { state: 'S', tracer: '0' });
      });
    }
  });
});
