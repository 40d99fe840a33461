// A machine without working debug registers (some virtual machines, this CI's among them
// at times): gdb's hardware watchpoints never trigger there, and software ones would step
// every instruction of fred's snapshots and replays. fred refuses watchpoints with one line
// and the session goes on where it was. Runs only on such a machine.
import * as assert from 'assert';
import { refusal } from '../../src/fred/gdb/refusedCommands';
import { debugRegistersWork } from '../../src/fred/checkpointer/machineFacts';
import { dumpState, example, runFred, section, withLines } from './gdbScenario';

describe('fred gdb without debug registers: watchpoints', function () {
  this.timeout(120000);

  it('watch, rwatch, awatch and their abbreviations are refused there, nothing else', () => {
    const without = { debugRegisters: false };
    for (const line of ['watch total', 'wa x', 'watch -l *p', 'rwatch x', 'awatch x']) assert.match(refusal(line, 'gdb', without) ?? '', /debug registers/, line);
    for (const line of ['where', 'whatis x', 'info watchpoints', 'delete 2']) assert.strictEqual(refusal(line, 'gdb', without), undefined, line);
    assert.strictEqual(refusal('watch total', 'gdb', { debugRegisters: true }), undefined);
  });

  for (const mode of [[], ['--cheap-replay', '0']]) {
    it(`watch says why in one line; the program stays and reverse commands go on (${mode.join(' ') || 'default'})`, async function () {
      // where debug registers work, watch is allowed and the watchpoint tests going back cover it
      if (debugRegistersWork()) this.skip();
      const program = 'watch_back';
      const line = (c: string) => withLines(program, c);
      const fred = await runFred(example(program), ['break main', 'run', 'next', ...dumpState('A'), 'watch total', ...dumpState('B'), 'next', 'rn', ...dumpState('C')].map(line), { fredArgs: mode });
      const t = fred.transcript;
      assert.strictEqual(fred.status, 0, t);
      assert.match(t, /\(gdb\) watch total\nfred: watchpoints need the machine's debug registers, which do not work here/, t);
      assert.strictEqual(section(t, 'B'), section(t, 'A'), `the refused watch leaves the program where it was:\n${t}`);
      assert.strictEqual(section(t, 'C'), section(t, 'A'), `next and rn go on as usual:\n${t}`);
      assert.doesNotMatch(t, /internal error|Watchpoint 2/);
    });
  }
});
