// Breakpoints that exist now, crossed going back from the middle of a line (after stepi)
// and into the last line of a callee (issue 14). The truth is gdb's own `record full` going
// back the same way; two modes: the default policy and a snapshot before every command.
import { expectLikePlainGdb, checkedByRecordFull } from './gdbScenario';
import { Scenario } from './transcript';

const program = 'midline_stops';

const scenarios: Array<Omit<Scenario, 'program'>> = [
  checkedByRecordFull({ title: 'reverse-next from the middle of a line crosses the call it made: stops at the breakpoint in it', setup: ['break main'],
    fred: ['run', 'break @CALL_COMPUTE', 'continue', 'stepi 12', 'break compute', 'fred-reverse-next'] }),
  checkedByRecordFull({ title: 'reverse-step from the middle of a line: the call\'s last line, after its breakpoint (as gdb\'s record)', setup: ['break main'],
    fred: ['run', 'break @CALL_COMPUTE', 'continue', 'stepi 12', 'break compute', 'fred-reverse-step'] }),
  { title: 'reverse-next from the middle of a line with no breakpoint crossed: the line\'s start', setup: ['break main'],
    fred: ['run', 'break @CALL_COMPUTE', 'continue', 'stepi 12', 'break inner', 'fred-reverse-next'],
    truth: ['run', 'break @CALL_COMPUTE', 'continue'] },
  checkedByRecordFull({ title: 'reverse-step into a callee whose last line makes a call broken afterwards: as gdb\'s record', setup: ['break main'],
    fred: ['run', 'break @AFTER_MIDDLE', 'continue', 'break inner', 'fred-reverse-step'] }),
  // found by the reverse commands' fuzzer (reverseFuzz.test.ts)
  { title: 'reverse-next 2 from the middle of a line whose start has a breakpoint: the count ends at it, as gdb\'s does', setup: ['break @CALL_COMPUTE'],
    fred: ['run', 'stepi 3', 'fred-reverse-next 2'], truth: ['run', 'record full', 'stepi 3', 'reverse-next 2'] },
  { title: 'reverse-next 2 back to run\'s breakpoint stop, a `frame` typed there: the count ends at it too', setup: ['break @CALL_COMPUTE'],
    fred: ['run', 'frame', 'next', 'fred-reverse-next 2'], truth: ['run', 'record full', 'frame', 'next', 'reverse-next 2'] },
];

const modes = [
  { name: 'default', args: [] as string[] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

for (const mode of modes) {
  describe(`fred gdb (${mode.name}): breakpoints crossed going back from the middle of a line`, function () {
    this.timeout(180000);
    for (const s of scenarios) {
      it(s.title, async function () {
        await expectLikePlainGdb(program, s, mode.args);
      });
    }
  });
}
