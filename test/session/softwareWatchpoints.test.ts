// A machine without working debug registers (some virtual machines, this CI's among them
// at times): gdb's hardware watchpoints never trigger there, so fred starts gdb with
// software ones. They are exact forward and back; fred says once per watchpoint that gdb
// then steps every instruction. FRED_SOFTWARE_WATCHPOINTS=1 makes fred use them on any
// machine, so these scenarios run everywhere (plain gdb's truth uses them too).
import * as assert from 'assert';
import { softwareWatchpointNote } from '../../src/fred/gdb/softwareWatchpoints';
import { dumpState, example, recordFullTruth, runFred, runPlainGdb, section, withLines } from './gdbScenario';

describe('fred gdb: software watchpoints where the debug registers do not work', function () {
  this.timeout(120000);

  it('the note follows a watch command that gdb answered with a software watchpoint, nothing else', () => {
    assert.match(softwareWatchpointNote('watch total', 'Watchpoint 2: total\n') ?? '', /^fred: watchpoint 2 is a software one/);
    assert.match(softwareWatchpointNote('wa -l *p', 'Watchpoint 3: -location *p\n') ?? '', /watchpoint 3/);
    assert.strictEqual(softwareWatchpointNote('watch total', 'Hardware watchpoint 2: total\n'), undefined);
    // a stop at a watchpoint prints the same words: not a watch command
    assert.strictEqual(softwareWatchpointNote('continue', '\nWatchpoint 2: total\n\nOld value = 0\nNew value = 1\n'), undefined);
    assert.strictEqual(softwareWatchpointNote('watch nosuch', 'No symbol "nosuch" in current context.\n'), undefined);
  });

  for (const mode of [[], ['--cheap-replay', '0']]) {
    it(`watch says it is a software one; continue stops as plain gdb's; rn goes back; rwatch gets gdb's answer (${mode.join(' ') || 'default'})`, async function () {
      const program = 'watch_back';
      const line = (c: string) => withLines(program, c);
      const forward = ['break main', 'run', 'next', 'watch total', 'continue', 'continue'];
      const fred = await runFred(example(program), [...forward, ...dumpState('F'), 'rwatch flags', 'fred-reverse-next', ...dumpState('B')].map(line), { fredArgs: mode, env: { ...process.env, FRED_SOFTWARE_WATCHPOINTS: '1' } });
      const t = fred.transcript;
      assert.strictEqual(fred.status, 0, t);
      assert.match(t, /\(gdb\) watch total\nWatchpoint 2: total\n+fred: watchpoint 2 is a software one \(the machine's debug registers are not used\)/, `the note\n${t}`);
      assert.strictEqual(section(t, 'F'), section(runPlainGdb(example(program), ['set can-use-hw-watchpoints 0', ...forward, ...dumpState('F')].map(line)), 'F'), `forward\n${t}`);
      assert.match(t, /\(gdb\) rwatch flags\n.*(?:hardware watchpoints are disabled|Expression cannot be implemented)/, `rwatch\n${t}`);
      // back from the second change's stop: gdb's own record full (software watchpoints too) is the truth
      const truth = runPlainGdb(example(program), ['set can-use-hw-watchpoints 0', ...recordFullTruth([...forward, 'fred-reverse-next']), ...dumpState('B')].map(line));
      assert.strictEqual(section(t, 'B'), section(truth, 'B'), `back\n${t}\n--- truth ---\n${truth}`);
      assert.doesNotMatch(t, /internal error/, t);
    });
  }
});
