// fred's command line: what goes to fred, what goes to the debugger, and usage errors.
import * as assert from 'assert';
import { parseCliArguments, parseCommandLine } from '../../src/fred/cli/cliArguments';
import { FredError } from '../../src/fred/errors';

function usageError(argv: string[], pattern: RegExp): void {
  assert.throws(() => parseCliArguments(argv), (e: unknown) => e instanceof FredError && e.code === 'usage' && pattern.test(e.message));
}

describe('fred command line', () => {
  it('gives gdb everything after its name, gdb options included', () => {
    const args = parseCliArguments(['gdb', '-q', '-ex', 'break main', './prog', 'a1']);
    assert.strictEqual(args.debugger, 'gdb');
    assert.deepStrictEqual(args.debuggerArgs, ['-q', '-ex', 'break main', './prog', 'a1']);
    assert.deepStrictEqual(parseCliArguments(['gdb', '--args', './prog', '-x']).debuggerArgs, ['--args', './prog', '-x']);
  });

  it('takes fred options before the debugger name', () => {
    const args = parseCliArguments(['--plain', '-x', 'cmds.fred', '--image-dir', '/tmp/i', '--snapshot-every', '3',
      '--replay-budget', '50', '--memory-budget', '512', '--max-snapshots', '20', '--cheap-replay', '25', 'gdb', './prog']);
    assert.strictEqual(args.plain, true);
    assert.deepStrictEqual(args.commandFiles, ['cmds.fred']);
    assert.strictEqual(args.imageDir, '/tmp/i');
    assert.deepStrictEqual(
      [args.policy.everyCommands, args.policy.replayBudgetMs, args.policy.memoryBudgetBytes, args.policy.maxSnapshots, args.policy.cheapReplayMs],
      [3, 50, 512 * 1048576, 20, 25]);
  });

  it('knows pdb by both spellings', () => {
    assert.deepStrictEqual(parseCliArguments(['pdb', 's.py', 'x']).debuggerArgs, ['s.py', 'x']);
    const python = parseCliArguments(['/usr/bin/python3', '-m', 'pdb', 's.py']);
    assert.strictEqual(python.debugger, 'pdb');
    assert.strictEqual(python.python, '/usr/bin/python3');
    assert.deepStrictEqual(python.debuggerArgs, ['s.py']);
  });

  it('takes fred options right after the debugger name, --opt=value, and -x more than once', () => {
    const args = parseCliArguments(['-x', 'a', 'gdb', '--plain', '-x', 'b', '--log=t.log', '--image-dir', 'imgs', '-q', './prog', '--plain']);
    assert.strictEqual(args.plain, true);
    assert.deepStrictEqual(args.commandFiles, ['a', 'b']);
    assert.strictEqual(args.log, 't.log');
    assert.strictEqual(args.imageDir, 'imgs');
    assert.deepStrictEqual(args.debuggerArgs, ['-q', './prog', '--plain']);
  });

  it('leaves --help and --version to the caller, with the subcommand they are for', () => {
    assert.deepStrictEqual([parseCommandLine(['--help']).values.help, parseCommandLine(['--help']).subcommand], [true, undefined]);
    const gdb = parseCommandLine(['gdb', '-V']);
    assert.deepStrictEqual([gdb.values.version, gdb.subcommand], [true, 'gdb']);
    assert.strictEqual(parseCommandLine(['python3', '-m', 'pdb', '--help']).subcommand, 'pdb');
  });

  it('takes --cheap-replay 0 (snapshot whenever the policy says, however cheap the replay)', () => {
    assert.strictEqual(parseCliArguments(['--cheap-replay', '0', 'gdb', './prog']).policy.cheapReplayMs, 0);
  });

  it('restarts an image without naming the program', () => {
    const args = parseCliArguments(['--restore', 'a.img', 'gdb']);
    assert.strictEqual(args.restore, 'a.img');
    assert.deepStrictEqual(args.debuggerArgs, []);
  });

  it('refuses bad input with a usage error that says what is wrong', () => {
    usageError([], /name a debugger/);
    usageError(['lldb', './prog'], /unknown command 'lldb' \(expected gdb, pdb or dap\)/);
    usageError(['--bogus', 'gdb', './prog'], /^unknown option --bogus; run 'fred --help' for usage$/);
    usageError(['gdb', '--log'], /^option --log needs a FILE; run 'fred gdb --help' for usage$/);
    usageError(['gdb'], /name the program to debug; run 'fred gdb --help'/);
    usageError(['pdb'], /name the script/);
    usageError(['--snapshot-every', '0', 'gdb', './p'], /--snapshot-every needs a positive number, not '0'/);
    usageError(['--memory-budget', 'lots', 'gdb', './p'], /--memory-budget needs a positive number/);
    usageError(['--cheap-replay', '-1', 'gdb', './p'], /--cheap-replay needs a number >= 0, not '-1'/);
    usageError(['-x', 'gdb', './p'], /unknown command '.\/p'/);
    usageError(['--restore'], /option --restore needs a IMAGE/);
  });
});
