// Ctrl-C while the program waits in a system call (reading its terminal, sleeping): the
// stop becomes `fred-call N` (the program's N-th call that may wait, which a replay reaches
// exactly), and rn, rs, fred-reverse-finish step back from it. fred's library and libc
// stand between the wait and the program's code: the landing is the start of the program's
// line that made the call (README, Ctrl-C). Ground truth: plain gdb run forward to a
// breakpoint on that line. A program that computes keeps the one-line refusal.
import * as assert from 'assert';
import { dumpState, example, runPlainGdb, section, withLines } from './gdbScenario';
import { LiveFred } from './liveFred';

const modes: Array<{ name: string; args: string[] }> = [
  { name: 'default', args: [] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

describe('rn, rs, reverse-finish after a Ctrl-C stop of a program waiting in a system call', function () {
  this.timeout(240000);
  let fred: LiveFred | undefined;
  afterEach(async () => { await fred?.end(); fred = undefined; });

  for (const mode of modes) {
    it(`gdb (${mode.name}): waiting for its terminal: Ctrl-C, bt, rn lands on the reading line; n reads the input`, async function () {
      const program = example('blocked_read');
      fred = new LiveFred([...mode.args, 'gdb', program]);
      fred.type('break main', 'run', 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n/, 1500);
      fred.type('bt', 'rn', ...dumpState('RN'), 'next', 'typed-line', ...dumpState('N'), 'continue');
      await fred.until('the program read the line', /read typed-line, 30 60/);
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      const truth = runPlainGdb(program, [withLines('blocked_read', 'break @READ'), 'run', ...dumpState('RN')]);
      assert.strictEqual(section(t, 'RN'), section(truth, 'RN'), `rn from the wait is the start of the line that called fgets:\n${t}`);
      assert.match(section(t, 'N'), /main \(.*\) at \S*blocked_read\.c:\d+/, `n ran the line, the program read its input:\n${t}`);
      assert.doesNotMatch(t, /internal error|fred has only a snapshot/, t);
    });

    it(`gdb (${mode.name}): waiting for its terminal: Ctrl-C, rs; Ctrl-C, fred-reverse-finish, rn`, async function () {
      const program = example('blocked_read');
      fred = new LiveFred([...mode.args, 'gdb', program]);
      fred.type('break main', 'run', 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n/, 1500);
      fred.type('rs', ...dumpState('RS'), 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n[^]*\(gdb\) continue\n/, 1500);
      fred.type('fred-reverse-finish', ...dumpState('RF'), 'rn', ...dumpState('RN'));
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      const truth = runPlainGdb(program, [withLines('blocked_read', 'break @READ'), 'run', ...dumpState('RN')]);
      assert.strictEqual(section(t, 'RS'), section(truth, 'RN'), `rs from the wait: the line's start (its only call is libc's):\n${t}`);
      assert.match(section(t, 'RF'), /^#0 +0x[0-9a-f]+ in main \(.*\) at \S*blocked_read\.c:(\d+)\n/, `reverse-finish: on the call in main's line:\n${t}`);
      assert.strictEqual(section(t, 'RN'), section(truth, 'RN'), `rn from the call instruction: the line's start:\n${t}`);
    });

    it(`gdb (${mode.name}): waiting in read() (fred's wrapper, no lines): Ctrl-C, rs; Ctrl-C, fred-reverse-finish, rn`, async function () {
      const program = example('blocked_read');
      fred = new LiveFred([...mode.args, 'gdb', '--args', program, 'read']);
      fred.type('break main', 'run', 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n/, 1500);
      fred.type('rs', ...dumpState('RS'), 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n[^]*\(gdb\) continue\n/, 1500);
      fred.type('fred-reverse-finish', ...dumpState('RF'), 'rn', ...dumpState('RN'), 'next', 'abc', 'next');
      await fred.until('the program read the line', /read 4 bytes/);
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      const truth = runPlainGdb(program, ['set args read', withLines('blocked_read', 'break @RAW'), 'run', ...dumpState('RN')]);
      assert.strictEqual(section(t, 'RS'), section(truth, 'RN'), `rs from the wait: the line's start:\n${t}`);
      assert.match(section(t, 'RF'), /^#0 +0x[0-9a-f]+ in main \(.*\) at \S*blocked_read\.c:\d+\n/, `reverse-finish: on the call in main's line:\n${t}`);
      assert.strictEqual(section(t, 'RN'), section(truth, 'RN'), `rn from the call instruction: the line's start:\n${t}`);
    });

    // the program makes the system call itself, in a line of its own. gdb 13's `record full`
    // (this program, run < a pipe nobody writes, Ctrl-C, reverse-next) stops first at the
    // start of the line table entry holding the syscall instruction (raw_read+21, the asm's
    // second entry), then at the line's start (+15), then in main; fred goes to the line's
    // start at once (README, Ctrl-C), then to main's line
    it(`gdb (${mode.name}): its own syscall instruction: Ctrl-C, rn lands on that line's start, rn again on the caller's`, async function () {
      const program = example('raw_read');
      fred = new LiveFred([...mode.args, 'gdb', program]);
      fred.type('break main', 'run', 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n/, 1500);
      fred.type('rn', ...dumpState('RN'), 'rn', ...dumpState('RN2'));
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      const truth = runPlainGdb(program, [withLines('raw_read', 'break @SYSCALL'), 'run', ...dumpState('RN')]);
      assert.strictEqual(section(t, 'RN'), section(truth, 'RN'), `rn from the wait: the start of the syscall's line:\n${t}`);
      const caller = runPlainGdb(program, [withLines('raw_read', 'break @READ'), 'run', ...dumpState('RN2')]);
      assert.strictEqual(section(t, 'RN2'), section(caller, 'RN2'), `rn again: the caller's line that called raw_read:\n${t}`);
    });

    it(`gdb (${mode.name}): sleeping: Ctrl-C, rn lands on the line that called sleep`, async function () {
      const program = example('blocked_read');
      fred = new LiveFred([...mode.args, 'gdb', '--args', program, 'sleep']);
      fred.type('break main', 'run', 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n/, 1500);
      fred.type('rn', ...dumpState('RN'), 'rn', ...dumpState('RN2'));
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      const truth = runPlainGdb(program, ['set args sleep', withLines('blocked_read', 'break @SLEEP'), 'run', ...dumpState('RN')]);
      assert.strictEqual(section(t, 'RN'), section(truth, 'RN'), `rn from the sleep:\n${t}`);
      const before = runPlainGdb(program, ['set args sleep', 'break main', 'run', 'next', 'next', 'next', ...dumpState('RN2')]);
      assert.strictEqual(section(t, 'RN2'), section(before, 'RN2'), `rn again: the line before:\n${t}`);
    });
  }

  it('gdb: rn, continue into the same wait, Ctrl-C again, rn, rn, then n, n reads the input', async function () {
    const program = example('blocked_read');
    fred = new LiveFred(['gdb', program]);
    fred.type('break main', 'run', 'continue');
    await fred.interruptAfter(/\(gdb\) continue\n/, 1500);
    fred.type('rn', 'continue');
    await fred.interruptAfter(/\(gdb\) continue\n[^]*\(gdb\) continue\n/, 1500);
    fred.type('rn', ...dumpState('RN'), 'rn', ...dumpState('RN2'), 'next', 'next', 'xyz', 'continue');
    await fred.until('the program read the line', /read xyz, 30 60/);
    assert.strictEqual(await fred.quit(), 0, fred.transcript);
    const t = fred.transcript;
    const truth = runPlainGdb(program, [withLines('blocked_read', 'break @READ'), 'run', ...dumpState('RN')]);
    assert.strictEqual(section(t, 'RN'), section(truth, 'RN'), `the second Ctrl-C's rn:\n${t}`);
    const before = runPlainGdb(program, ['break main', 'run', 'next', 'next', 'next', 'next', ...dumpState('RN2')]);
    assert.strictEqual(section(t, 'RN2'), section(before, 'RN2'), `rn again: the line before:\n${t}`);
  });

  // replays of an interrupted `run` start at the first instruction, where fred's library is not loaded to count
  it('gdb: a Ctrl-C during run itself keeps the refusal, even waiting for the terminal', async function () {
    const program = example('blocked_read');
    fred = new LiveFred(['gdb', program]);
    fred.type('run');
    await fred.interruptAfter(/\(gdb\) run\n/, 1500);
    fred.type('fred-rn');
    assert.strictEqual(await fred.quit(), 0, fred.transcript);
    assert.match(fred.transcript, /\(gdb\) fred-rn\nfred: .*fred has only a snapshot of its end/, fred.transcript);
  });

  it('gdb: a program that computes (no call under way) keeps the refusal', async function () {
    const program = example('spin_lines');
    fred = new LiveFred(['gdb', program]);
    fred.type('break main', 'run', 'continue');
    await fred.interruptAfter(/\(gdb\) continue\n/);
    fred.type('fred-rn');
    assert.strictEqual(await fred.quit(), 0, fred.transcript);
    assert.match(fred.transcript, /\(gdb\) fred-rn\nfred: .*fred has only a snapshot of its end/, fred.transcript);
  });
});
