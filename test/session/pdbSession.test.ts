// fred pdb: what the user sees stays pdb's (prompt, where, b, cl, display, !, the end of
// the program), pdb's own state survives going back, programs with files, output, C
// extensions and large data, both Python 3.11 interpreters, and no process left behind.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnGroup, killGroup } from '../helpers/processGroup';
import { dumpState, expectNoneLeft, repoRoot, runFred, runPlainPdb, script, section, withLines } from './pdbScenario';

const count = (transcript: string, text: string) => transcript.split('\n').filter((l) => l.trim() === text).length;

describe('fred pdb: pdb\'s own behaviour stays', function () {
  this.timeout(120000);

  it('shows pdb\'s prompt, where, b, cl and ! statements as pdb does', async function () {
    const file = script('loop_bug');
    const commands = ['b @UPDATE', 'b', 'c', 'where', '!print("day is", day)', 'cl 1', 'b', 'n', 'fred-undo', 'p day'].map((c) => withLines(file, c));
    const { transcript, tag, status } = await runFred(file, commands);
    assert.strictEqual(status, 0, transcript);
    assert.match(transcript, /^\(Pdb\) b 11\nBreakpoint 1 at .*loop_bug\.py:11$/m);
    assert.match(transcript, /1 +breakpoint +keep yes +at .*loop_bug\.py:11/);
    assert.match(transcript, /^day is 1$/m);
    assert.match(transcript, /^Deleted breakpoint 1 at .*loop_bug\.py:11$/m);
    assert.match(transcript, /\(Pdb\) p day\n1\n/);
    await expectNoneLeft(tag);
  });

  it('says "The program finished and will be restarted" and goes on like pdb', async function () {
    const file = script('prints');
    const { transcript } = await runFred(file, ['c', 'n', 'where', 'fred-undo', 'n']);
    assert.strictEqual(count(transcript, 'The program finished and will be restarted'), 1, transcript);
    // after the undo pdb is again at the first line of the restarted program; n moves on
    assert.match(transcript, /fred-undo\n.*finished.*\n> .*prints\.py\(1\)<module>\(\)/);
    assert.match(transcript, /\(Pdb\) n\n> .*prints\.py\(4\)<module>\(\)\n-> def say\(i\):\n\(Pdb\) quit/);
  });

  it('breakpoints set, changed or deleted after a snapshot stay as the user left them', async function () {
    const file = script('loop_bug');
    const commands = ['n', 'n', 'n', 'b @UPDATE', 'b @END', 'condition 1 day == 3', 'disable 2', 'b fee_for', 'cl 3', 'fred-undo 3', 'b', 'b @BUG', 'c', 'p day']
      .map((c) => withLines(file, c));
    const { transcript } = await runFred(file, commands);
    const table = transcript.slice(transcript.lastIndexOf('(Pdb) b\n'));
    assert.match(table, /^1 +breakpoint +keep yes +at .*loop_bug\.py:11\n\tstop only if day == 3$/m, transcript);
    assert.match(table, /^2 +breakpoint +keep no +at .*loop_bug\.py:12$/m, transcript);
    assert.doesNotMatch(table, /^3 /m, 'breakpoint 3 was deleted');
    assert.match(transcript, /^Breakpoint 4 at .*loop_bug\.py:5$/m, 'numbering goes on after the restore');
    assert.match(transcript, /\(Pdb\) p day\n1\n/, 'the new breakpoint in fee_for stops on day 1');
  });

  it('breakpoints survive pdb\'s own restart and going back over it', async function () {
    const file = script('loop_bug');
    const { transcript } = await runFred(file, ['b @UPDATE', 'c', 'c', 'restart', 'c', 'p day', 'fred-undo', 'c', 'p day'].map((c) => withLines(file, c)));
    assert.match(transcript, /Restarting .*loop_bug\.py with arguments/);
    assert.strictEqual((transcript.match(/\(Pdb\) p day\n1\n/g) ?? []).length, 2, transcript);
  });

  it('a display goes on showing changes after going back', async function () {
    const file = script('loop_bug');
    const { transcript } = await runFred(file, ['b @UPDATE', 'c', 'display balance', 'n', 'n', 'n', 'fred-undo', 'n', 'display'].map((c) => withLines(file, c)));
    assert.match(transcript, /display balance: 105/);
    const afterUndo = transcript.slice(transcript.indexOf('fred-undo'));
    assert.match(afterUndo, /\(Pdb\) n\n.*\n.*\ndisplay balance: 108  \[old: 103\]/, transcript);
    assert.match(afterUndo, /Currently displaying:\nbalance: 108/);
  });

  it('program output is not shown again during replays', async function () {
    const file = script('prints');
    const { transcript } = await runFred(file, ['b say', 'c', 'c', 'c', 'fred-rc', 'cl 1', 'c']);
    assert.strictEqual(count(transcript, 'line 1'), 1, transcript);
    assert.strictEqual(count(transcript, 'line 2'), 2, 'line 2 runs again after going back, as in a forward run');
    assert.strictEqual(count(transcript, 'done'), 1);
  });

  it('an unknown fred- command shows the help and the session goes on', async function () {
    const file = script('loop_bug');
    const { transcript, status } = await runFred(file, ['fred-frobnicate', 'n', 'p __name__']);
    assert.strictEqual(status, 0);
    assert.match(transcript, /unknown command fred-frobnicate/);
    assert.match(transcript, /fred-reverse-next/);
    assert.match(transcript, /'__main__'/);
  });

  it('fred-history and fred-info describe the session', async function () {
    const file = script('loop_bug');
    const { transcript } = await runFred(file, ['n', 'n', 'n 3', 'fred-rn', 'fred-history', 'fred-info']);
    assert.match(transcript, /1 +n\n.*2 +n\n.*3 +next 2\n/, transcript); // rn took one of the three back
    assert.match(transcript, /last reverse command: fred-reverse-next took \d+ ms/);
    assert.match(transcript, /snapshot 1: after 0 commands/);
  });
});

describe('fred pdb: programs and interpreters', function () {
  this.timeout(120000);
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-pdb-programs-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Compare fred's state after `fred` with plain pdb's after `truth`. */
  async function sameAsPlain(file: string, fred: string[], truth: string[], options: { launcher?: string[]; python?: string; scriptArgs?: string[] } = {}): Promise<string> {
    const run = await runFred(file, [...fred, ...dumpState('S')], { launcher: options.launcher, scriptArgs: options.scriptArgs });
    assert.strictEqual(run.status, 0, run.transcript);
    const plain = await runPlainPdb(file, [...truth, ...dumpState('S')], { python: options.python, scriptArgs: options.scriptArgs });
    assert.strictEqual(section(run.transcript, 'S'), section(plain, 'S'), `state differs from plain pdb after ${truth.join(', ')}\n--- fred transcript ---\n${run.transcript}`);
    await expectNoneLeft(run.tag);
    return run.transcript;
  }

  it('C extensions and 40 MB of data come back intact', async function () {
    const file = path.join(dir, 'extensions.py');
    fs.writeFileSync(file, [
      'import array, hashlib, json, math, struct, zlib, _sqlite3',
      'class Box:',
      '    def __repr__(self): return "Box(%d items, last %r)" % (len(self.data), self.data[-1])',
      'box = Box()',
      'box.data = array.array("d", map(math.sqrt, range(5_000_000)))  # 40 MB, built in C: no traced frames',
      'digest = hashlib.sha256(box.data.tobytes()).hexdigest()[:16]',
      'packed = zlib.compress(struct.pack("<3d", *box.data[:3]))',
      'db = _sqlite3.connect(":memory:")',
      'db.execute("create table t (x)")',
      'db.execute("insert into t values (?)", (json.dumps({"n": len(box.data)}),))',
      'row = db.execute("select x from t").fetchone()[0]',
      'del box.data[1_000_000:]',
      'size = len(box.data)',
      '',
    ].join('\n'));
    const transcript = await sameAsPlain(file, [...Array(12).fill('n'), 'fred-undo 2', 'n'], Array(11).fill('n'));
    assert.doesNotMatch(transcript, /Error/);
  });

  it('a program reading a file given as argument', async function () {
    await sameAsPlain(script('read_file'), ['b @READ', 'c', 'c', 'n', 'n', 'fred-rn 2', 'n'].map((c) => withLines(script('read_file'), c)),
      ['b @READ', 'c', 'c', 'n'].map((c) => withLines(script('read_file'), c)), { scriptArgs: [path.join(repoRoot, 'examples', 'input.txt')] });
  });

  /** Debian's python3 and every pyenv Python 3 installed here. */
  const interpreters = (() => {
    const pyenv = path.join(os.homedir(), '.pyenv', 'versions');
    const found = fs.existsSync(pyenv) ? fs.readdirSync(pyenv).filter((v) => /^3\.\d+\.\d+$/.test(v)).map((v) => path.join(pyenv, v, 'bin', 'python3')) : [];
    return ['/usr/bin/python3', ...found].filter((p) => fs.existsSync(p));
  })();
  for (const python of interpreters) {
    it(`reverse commands, breakpoints and displays with ${python}`, async function () {
      const file = script('factorial');
      await sameAsPlain(file, ['b factorial', 'c', 'c', 'c', 'display n', 'fred-rf', 'fred-rc', 'n', 'fred-rn'], ['b factorial', 'c', 'c'],
        { launcher: [python, '-m', 'pdb'], python });
    });
  }

  it('Debian\'s /usr/bin/python3 through `fred /usr/bin/python3 -m pdb`', async function () {
    assert.ok(fs.existsSync('/usr/bin/python3'), "Debian's python3 is needed (README, Requirements: apt-get install python3)");
    const file = script('factorial');
    const transcript = await sameAsPlain(file, ['b factorial', 'c', 'c', 'c', 'fred-rf', 'fred-rc'], ['b factorial', 'c', 'c'],
      { launcher: ['/usr/bin/python3', '-m', 'pdb'], python: '/usr/bin/python3' });
    assert.match(transcript, /\/usr\/lib\/python3\.11\/bdb\.py/, 'Debian\'s pdb ran');
  });
});

describe('fred pdb: processes', function () {
  this.timeout(60000);

  it('killing fred mid-session leaves no process behind', async function () {
    const tag = `fred-pdb-kill-${process.pid}`;
    const file = script('loop_bug');
    const child = spawnGroup(process.execPath, [path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js'), 'pdb', file], {
      cwd: path.dirname(file), stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FRED_TEST_TAG: tag },
    });
    let transcript = '';
    child.stdout!.on('data', (d) => { transcript += d; });
    child.stdin!.write('n\nn\nn\nn\nfred-undo\np balance\n');
    const until = Date.now() + 30000;
    while (!/p balance\n100\n/.test(transcript)) {
      if (Date.now() > until) throw new Error(`phase "commands before the kill" did not finish:\n${transcript}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await killGroup(child.pid!);
    await expectNoneLeft(tag, 10000);
  });
});
