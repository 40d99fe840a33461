// fred and fred-ckpt as a user runs them: --help and --version (stdout, exit 0), every
// usage error (one line on stderr with one "fred:" prefix, exit 2, before anything
// starts), help for fred's commands inside gdb and pdb, and --log.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { example, repoRoot } from './gdbScenario';

const fredBin = path.join(repoRoot, 'bin', 'fred');
const ckptBin = path.join(repoRoot, 'bin', 'fred-ckpt');
const run = (file: string, args: string[], input = '') =>
  spawnSync(file, args, { encoding: 'utf8', input, timeout: 60000, cwd: os.tmpdir() });

describe('fred and fred-ckpt command lines', function () {
  this.timeout(90000);

  for (const args of [['--help'], ['-h'], ['gdb', '--help'], ['pdb', '--help'], ['python3', '-m', 'pdb', '-h'], ['--plain', 'gdb', '-h']]) {
    it(`fred ${args.join(' ')} prints fred's help on stdout and exits 0`, () => {
      const r = run(fredBin, args);
      assert.strictEqual(r.status, 0, r.stderr);
      assert.match(r.stdout, /^fred( gdb| pdb)?: .*\n\nusage: fred/);
      assert.match(r.stdout, /--cheap-replay MS/);
      assert.strictEqual(r.stderr, '');
    });
  }

  it('fred gdb --help adds gdb\'s own options; fred gdb --version adds gdb\'s version', () => {
    assert.match(run(fredBin, ['gdb', '--help']).stdout, /gdb's own options \(after fred's\):\nThis is the GNU debugger/);
    const version = run(fredBin, ['gdb', '--version']);
    assert.match(version.stdout, /^fred \d+\.\d+\.\d+\nGNU gdb/);
    assert.match(run(fredBin, ['--version']).stdout, /^fred \d+\.\d+\.\d+\n$/);
  });

  for (const args of [['--help'], ['launch', '--help'], ['restart', '-h'], ['checkpoint', '--help'], ['info', '--help'], ['verify', '--help'], ['lib', '--help'], ['python-path', '--help']]) {
    it(`fred-ckpt ${args.join(' ')} prints its help and exits 0`, () => {
      const r = run(ckptBin, args);
      assert.strictEqual(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^fred-ckpt${args[0] === '--help' ? '' : ` ${args[0]}`}: .*\\n\\nusage: fred-ckpt`));
    });
  }

  it('fred-ckpt --version and fred-ckpt launch --version print the version', () => {
    for (const args of [['--version'], ['launch', '--version'], ['info', '-V']]) {
      assert.match(run(ckptBin, args).stdout, /^fred-ckpt \d+\.\d+\.\d+\n$/);
    }
  });

  const errors: Array<[string[], RegExp]> = [
    [['--bogus', 'gdb', 'x'], /^fred: unknown option --bogus; run 'fred --help' for usage\n$/],
    [['lldb', 'x'], /^fred: unknown command 'lldb' \(expected gdb, pdb or dap\); run 'fred --help' for usage\n$/],
    [['gdb'], /^fred: name the program to debug; run 'fred gdb --help' for usage\n$/],
    [['pdb'], /^fred: name the script to debug; run 'fred pdb --help' for usage\n$/],
    [['gdb', '-x'], /^fred: option -x needs a FILE; run 'fred gdb --help' for usage\n$/],
    [['--snapshot-every', 'x', 'gdb', 'p'], /^fred: --snapshot-every needs a positive number, not 'x'; run 'fred --help' for usage\n$/],
    [['--cheap-replay', '-1', 'gdb', 'p'], /^fred: --cheap-replay needs a number >= 0, not '-1'/],
    [['-x', '/nonexistent/cmds', 'gdb', '/bin/true'], /^fred: command file \/nonexistent\/cmds: no such file\n$/],
    [['--restore', '/nonexistent/a.img', 'gdb'], /^fred: image \/nonexistent\/a.img: no such file\n$/],
    [['--image-dir', '/nonexistent', 'gdb', '/bin/true'], /^fred: --image-dir \/nonexistent: no such directory; create it or name another\n$/],
    [['--log', '/nonexistent/x.log', 'gdb', '/bin/true'], /^fred: --log \/nonexistent\/x.log: its directory does not exist\n$/],
    [['gdb', './no-such-program'], /^fred: .\/no-such-program: no such program\n$/],
    [['pdb', 'no_such_script.py'], /^fred: no_such_script.py: no such script\n$/],
  ];
  for (const [args, message] of errors) {
    it(`fred ${args.join(' ')}: one line, exit 2, nothing started`, () => {
      const r = run(fredBin, args);
      assert.strictEqual(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.strictEqual(r.stdout, '');
    });
  }

  it('fred-ckpt usage errors: one line, exit 2', () => {
    for (const [args, message] of [[['frob'], /^fred-ckpt: unknown command 'frob'; run 'fred-ckpt --help' for usage\n$/],
      [['info'], /^fred-ckpt: info: expected one IMAGE; run 'fred-ckpt --help' for usage\n$/]] as Array<[string[], RegExp]>) {
      const r = run(ckptBin, args);
      assert.strictEqual(r.status, 2);
      assert.match(r.stderr, message);
    }
    assert.strictEqual(run(ckptBin, []).status, 2);
  });

  it('help fred-reverse-next in gdb and help fred-undo in pdb describe fred\'s command; --log keeps the transcript', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-cli-'));
    try {
      const log = path.join(dir, 'session.log');
      const gdb = run(fredBin, ['--log', log, 'gdb', example('loop_bug')], 'help fred-reverse-next\ncomplete fred-reverse-s\nquit\n');
      assert.strictEqual(gdb.status, 0, gdb.stderr);
      assert.match(gdb.stdout, /\(gdb\) help fred-reverse-next\nBack to the previous line executed in this function \(fred\)\.\nUsage: fred-reverse-next \[N\]\nAlso spelt: fred-rn, reverse-next, rn\./);
      assert.match(gdb.stdout, /fred-reverse-step\nfred-reverse-stepi/);
      assert.doesNotMatch(gdb.stdout, /Undefined command/);
      const transcript = fs.readFileSync(log, 'utf8');
      assert.match(transcript, /^\S+ # fred \d/);
      assert.match(transcript, /> "help fred-reverse-next\\r"/);
      assert.match(transcript, /< ".*Back to the previous line/);
      assert.strictEqual(fs.statSync(log).mode & 0o777, 0o600);
      const pdb = run(fredBin, ['pdb', path.join(repoRoot, 'examples', 'loop_bug.py')], 'help fred-undo\nh fred-rw\nquit\n');
      assert.strictEqual(pdb.status, 0, pdb.stderr);
      assert.match(pdb.stdout, /\(Pdb\) help fred-undo\nUndo the last N commands that moved the program \(fred\)\.\nUsage: fred-undo \[N\]/);
      assert.match(pdb.stdout, /\(Pdb\) h fred-rw\nBack to just before the statement that last changed EXPR/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
