// Ctrl-C while the program runs (the "my program hangs" habit): the stop becomes a point
// of history fred can return to (a snapshot, since replaying the interrupted command would
// never stop there), and the reverse commands work after it. Ground truth: what the same
// session printed going forward (where Ctrl-C lands differs from run to run), and plain
// gdb/pdb for points before the interrupted command. Each scenario runs in two modes.
import * as assert from 'assert';
import { dumpState, example, runPlainGdb, section } from './gdbScenario';
import { LiveFred } from './liveFred';
import { dumpState as pdbDumpState, runPlainPdb, script, section as pdbSection } from './pdbScenario';

const modes: Array<{ name: string; args: string[] }> = [
  { name: 'default', args: [] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

describe('Ctrl-C stops become points of history', function () {
  this.timeout(240000);
  let fred: LiveFred | undefined;
  afterEach(async () => { await fred?.end(); fred = undefined; });

  for (const mode of modes) {
    it(`gdb (${mode.name}): continue, Ctrl-C, next, next, rn, rn, rn, rc, fred-undo`, async function () {
      const program = example('spin_lines');
      fred = new LiveFred([...mode.args, 'gdb', program]);
      fred.type('break main', 'run', 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n/);
      fred.type(...dumpState('A'), 'next', ...dumpState('N1'), 'next', 'rn', ...dumpState('B'), 'rn', ...dumpState('C'));
      fred.type('fred-rn', ...dumpState('D'), 'fred-history', 'rc', ...dumpState('E'));
      fred.type('continue');
      await fred.interruptAfter(/\(gdb\) rc\n[^]*\(gdb\) continue\n/);
      fred.type(...dumpState('F'), 'fred-undo', ...dumpState('G'));
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      assert.match(t, /Program received signal SIGINT/);
      assert.strictEqual(section(t, 'B'), section(t, 'N1'), `rn after two nexts is the first next's stop:\n${t}`);
      assert.strictEqual(section(t, 'C'), section(t, 'A'), `rn twice is the Ctrl-C stop:\n${t}`);
      assert.match(t, /\(gdb\) fred-rn\nfred: .*(Ctrl-C|snapshot)/, `rn from the Ctrl-C stop says why it cannot go into the interrupted stretch:\n${t}`);
      assert.strictEqual(section(t, 'D'), section(t, 'A'), `a refused rn leaves the program at the Ctrl-C stop:\n${t}`);
      const truth = runPlainGdb(program, ['break main', 'run', ...dumpState('E')]);
      assert.strictEqual(section(t, 'E'), section(truth, 'E'), `rc from the Ctrl-C stop is the breakpoint stop of run:\n${t}`);
      assert.doesNotMatch(t, /went to the start of history/, 'the stop of run at a breakpoint is a breakpoint stop');
      assert.match(t, /continue +\(interrupted by Ctrl-C/, 'fred-history shows what was typed');
      assert.strictEqual(section(t, 'G'), section(truth, 'E'), `fred-undo from a Ctrl-C stop goes back before the interrupted continue:\n${t}`);
    });

    it(`gdb (${mode.name}): run with no breakpoint, Ctrl-C, next, next, rn, rn; displays and value history go on`, async function () {
      const program = example('spin_lines');
      fred = new LiveFred([...mode.args, 'gdb', program]);
      fred.type('run');
      await fred.interruptAfter(/\(gdb\) run\n/, 1500);
      fred.type(...dumpState('A'), 'display spins & 1', 'print 7', 'next', ...dumpState('N1'), 'next', 'rn', ...dumpState('B'), 'rn', ...dumpState('C'));
      fred.type('print $$3', 'fred-history', 'fred-undo', 'fred-history');
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      assert.match(t, /Program received signal SIGINT/);
      assert.strictEqual(section(t, 'B'), section(t, 'N1'), `rn after two nexts is the first next's stop:\n${t}`);
      assert.strictEqual(section(t, 'C'), section(t, 'A'), `rn twice is the Ctrl-C stop:\n${t}`);
      assert.match(t, /\(gdb\) rn\n(?:.*\n)*?1: spins & 1 = [01]\n/, `the display shows after rn:\n${t}`);
      const numbers = [...t.matchAll(/^\$(\d+) = /gm)].map((m) => Number(m[1]));
      assert.deepStrictEqual(numbers, numbers.map((_, i) => i + 1), `fred's own evaluations take no value numbers:\n${t}`);
      assert.match(t, /\(gdb\) print \$\$3\n\$\d+ = 7\n/, `$$3 is the user's print 7:\n${t}`);
      // before an interrupted run is the program's first instruction, where its replays start
      assert.match(t, /\(gdb\) fred-undo\n#0 .* in _start \(\)/, `fred-undo from the Ctrl-C stop of run: the program's first instruction:\n${t}`);
      assert.match(t, /\(gdb\) fred-history\n.*\n +1 +starti\n/, `fred-history after it:\n${t}`);
      assert.match(t, /run +\(interrupted by Ctrl-C/, `fred-history shows what was typed:\n${t}`);
      assert.doesNotMatch(t, /internal error/);
    });

    // Ctrl-C lands inside fred's record log (the loop's system calls go through it): the
    // program is shown stopped in its own frame, where plain gdb would show it, and the
    // snapshot at that stop works (it used to hang: fred's handler ran the same instructions)
    it(`gdb (${mode.name}): continue on a loop that calls the system, Ctrl-C, next, rn`, async function () {
      const program = example('syscall_spin');
      fred = new LiveFred([...mode.args, 'gdb', program]);
      fred.type('break main', 'run', 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n/, 1500);
      fred.type(...dumpState('A'), 'next', 'rn', ...dumpState('B'));
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      assert.match(fred.transcript, /Program received signal SIGINT, Interrupt\.\n0x[0-9a-f]+ in main \(\) at .*syscall_spin\.c:1[45]\n/, fred.transcript);
      assert.doesNotMatch(fred.transcript, /libfredckpt/, `fred's library never shows:\n${fred.transcript}`);
      assert.strictEqual(section(fred.transcript, 'B'), section(fred.transcript, 'A'), fred.transcript);
    });

    // the usual "it hangs" case of a program waiting for input: the wait stays where it is
    // (leaving fred's library would only wait again), and the history goes on from there
    it(`gdb (${mode.name}): Ctrl-C while the program waits for its terminal shows the wait; fred-undo goes back before the continue`, async function () {
      const program = example('read_stdin');
      fred = new LiveFred([...mode.args, 'gdb', program]);
      fred.type('break main', 'run', 'next', 'next', 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n/, 1500);
      fred.type('bt', 'fred-undo', ...dumpState('U'));
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      assert.match(fred.transcript, /Program received signal SIGINT[^]*\(gdb\) bt\n[^]*#\d+ +0x[0-9a-f]+ in main \(\) at \S*read_stdin\.c:\d+\n/, fred.transcript);
      const truth = runPlainGdb(program, ['break main', 'run', 'next', 'next', ...dumpState('U')]);
      assert.strictEqual(section(fred.transcript, 'U'), section(truth, 'U'), fred.transcript);
    });

    // Ctrl-C at once after the command, while fred may still be taking its snapshot before
    // it: the Ctrl-C waits for the command, then stops the program in its own code
    it(`pdb (${mode.name}): Ctrl-C at once after c stops the program, not fred's preparation`, async function () {
      const file = script('spin_lines');
      fred = new LiveFred([...mode.args, 'pdb', file]);
      fred.type('b main', 'c', 'c');
      await fred.interruptAfter(/\(Pdb\) c\n[^]*\(Pdb\) c\n/, 0);
      fred.type(...pdbDumpState('A'));
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      assert.match(t, /Program interrupted/, t);
      assert.match(pdbSection(t, 'A'), /^> \S*spin_lines\.py\(\d+\)main\(\)/m, `the stop is in the program's main:\n${t}`);
    });

    it(`gdb (${mode.name}): Ctrl-C at once after continue stops the program, not fred's preparation`, async function () {
      const program = example('spin_lines');
      fred = new LiveFred([...mode.args, 'gdb', program]);
      fred.type('break main', 'run', 'continue');
      await fred.interruptAfter(/\(gdb\) continue\n/, 0);
      fred.type(...dumpState('A'));
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      assert.match(t, /Program received signal SIGINT/, t);
      assert.match(section(t, 'A'), /^#0 .*spin_lines\.c:\d+/m, `the stop is in the program:\n${t}`);
    });

    it(`pdb (${mode.name}): c, Ctrl-C, rs twice from the stop, n twice comes back to it, then Ctrl-C again`, async function () {
      const file = script('spin_lines');
      fred = new LiveFred([...mode.args, 'pdb', file]);
      fred.type('b main', 'c', 'c');
      await fred.interruptAfter(/\(Pdb\) c\n[^]*\(Pdb\) c\n/, 1000);
      fred.type(...pdbDumpState('A'), 'fred-rs', ...pdbDumpState('R1'), 'fred-rs', 'n', ...pdbDumpState('R2'), 'n', ...pdbDumpState('R3'), 'fred-history', 'c');
      await fred.interruptAfter(/\(Pdb\) fred-history\n[^]*\(Pdb\) c\n/, 1000);
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      const programPart = (dump: string) => dump.slice(dump.lastIndexOf('\n', dump.indexOf('spin_lines.py')) + 1);
      assert.doesNotMatch(t, /\(Pdb\) fred-rs\nfred: /, `rs from the Ctrl-C stop goes back:\n${t}`);
      assert.notStrictEqual(programPart(pdbSection(t, 'R1')), programPart(pdbSection(t, 'A')), t);
      assert.strictEqual(programPart(pdbSection(t, 'R2')), programPart(pdbSection(t, 'R1')), `rs twice then n is the first rs's point:\n${t}`);
      assert.strictEqual(programPart(pdbSection(t, 'R3')), programPart(pdbSection(t, 'A')), `and one more n is the Ctrl-C stop:\n${t}`);
      assert.match(t, /fred-hits 0 \d+/, `the stop became a counted one:\n${t}`);
      assert.strictEqual([...t.matchAll(/Program interrupted/g)].length, 2, `the second Ctrl-C stops the program too:\n${t}`);
    });

    it(`pdb (${mode.name}): c, Ctrl-C, n, n, rn, rn, rn, rc, fred-undo`, async function () {
      const file = script('spin_lines');
      fred = new LiveFred([...mode.args, 'pdb', file]);
      fred.type('b main', 'c', 'c');
      await fred.interruptAfter(/\(Pdb\) c\n[^]*\(Pdb\) c\n/, 1000);
      fred.type(...pdbDumpState('A'), 'n', ...pdbDumpState('N1'), 'n', 'rn', ...pdbDumpState('B'), 'rn', ...pdbDumpState('C'));
      // rn from the Ctrl-C stop itself: fred replays the interrupted c counting lines until
      // that stop comes again, and steps back from there; one n comes back to the stop
      fred.type('fred-history', 'fred-rn', ...pdbDumpState('D'), 'n', ...pdbDumpState('D2'), 'rc', ...pdbDumpState('E'));
      // a second Ctrl-C stop: nexts after it, then fred-undo back to it and before it
      fred.type('c');
      await fred.interruptAfter(/\(Pdb\) rc\n[^]*\(Pdb\) c\n/, 1000);
      fred.type(...pdbDumpState('F'), 'n', ...pdbDumpState('F1'), 'n', 'n', 'fred-undo 2', ...pdbDumpState('G'), 'fred-undo', ...pdbDumpState('H'), 'fred-undo', ...pdbDumpState('I'));
      assert.strictEqual(await fred.quit(), 0, fred.transcript);
      const t = fred.transcript;
      assert.match(t, /Program interrupted/);
      assert.strictEqual(pdbSection(t, 'G'), pdbSection(t, 'F1'), `fred-undo 2 after three nexts is the first next's stop:\n${t}`);
      assert.strictEqual(pdbSection(t, 'H'), pdbSection(t, 'F'), `fred-undo once more is the Ctrl-C stop:\n${t}`);
      assert.strictEqual(pdbSection(t, 'I'), pdbSection(t, 'E'), `fred-undo from the Ctrl-C stop goes back before the interrupted c:\n${t}`);
      assert.strictEqual(pdbSection(t, 'B'), pdbSection(t, 'N1'), `rn after two nexts is the first next's stop:\n${t}`);
      assert.strictEqual(pdbSection(t, 'C'), pdbSection(t, 'A'), `rn twice is the Ctrl-C stop:\n${t}`);
      assert.doesNotMatch(t, /\(Pdb\) fred-rn\nfred: /, `rn from the Ctrl-C stop goes back:\n${t}`);
      assert.notStrictEqual(pdbSection(t, 'D'), pdbSection(t, 'A'), `rn from the Ctrl-C stop moved:\n${t}`);
      // pdb's Ctrl-C moves its bottom frame out (its own frames then show in `where`): the program's part
      const programPart = (dump: string) => dump.slice(dump.lastIndexOf('\n', dump.indexOf('spin_lines.py')) + 1);
      assert.strictEqual(programPart(pdbSection(t, 'D2')), programPart(pdbSection(t, 'A')), `one n after rn from the Ctrl-C stop is that stop again:\n${t}`);
      const truth = await runPlainPdb(file, ['b main', 'c', ...pdbDumpState('E')]);
      assert.strictEqual(pdbSection(t, 'E'), pdbSection(truth, 'E'), `rc from the Ctrl-C stop is the breakpoint stop:\n${t}`);
      assert.match(t, /\bc +\(interrupted by Ctrl-C/, 'fred-history shows what was typed');
    });
  }
});
