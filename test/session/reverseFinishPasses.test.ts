// reverse-finish honours every breakpoint stop between the call and now (issue 14): from a
// line that ran several times in the frame since the call, and again from where an
// earlier reverse-finish stopped at a breakpoint (a counted stop, whose stretch `next`s
// cannot rebuild); and it stops before a watched write between the call and now. The truth is gdb's own `record full` going back the same way (its
// reverse-finish stops at breakpoints on the way, as a forward run would have), in two
// modes: the default policy and a snapshot before every command (--cheap-replay 0).
import { expectLikePlainGdb, checkedByRecordFull } from './gdbScenario';
import { Scenario } from './transcript';
import { needsDebugRegisters, setsWatchpoint } from '../helpers/machine';

const scenarios: Array<Omit<Scenario, 'program'> & { program: string }> = [
  checkedByRecordFull({ title: 'from a line that ran three times since the call: the callee\'s last stop, not its first', program: 'finish_passes', setup: ['break main'],
    fred: ['run', 'break @LOOP_BODY', 'continue', 'continue', 'continue', 'break helper', 'fred-reverse-finish'] }),
  checkedByRecordFull({ title: 'a second reverse-finish from that breakpoint landing: on the call instruction', program: 'finish_passes', setup: ['break main'],
    fred: ['run', 'break @LOOP_BODY', 'continue', 'continue', 'continue', 'break helper', 'fred-reverse-finish', 'fred-reverse-finish'] }),
  checkedByRecordFull({ title: 'a third: the loop\'s breakpoint of the pass before', program: 'finish_passes', setup: ['break main'],
    fred: ['run', 'break @LOOP_BODY', 'continue', 'continue', 'continue', 'break helper', 'fred-reverse-finish', 'fred-reverse-finish', 'fred-reverse-finish'] }),
  checkedByRecordFull({ title: 'a fourth: the callee\'s stop of the pass before', program: 'finish_passes', setup: ['break main'],
    fred: ['run', 'break @LOOP_BODY', 'continue', 'continue', 'continue', 'break helper', 'fred-reverse-finish', 'fred-reverse-finish', 'fred-reverse-finish', 'fred-reverse-finish'] }),
  checkedByRecordFull({ title: 'twice from a breakpoint landing in a callee, then out to main', program: 'finish_crossing', setup: ['break main'],
    fred: ['run', 'break @OUTER_LAST', 'continue', 'break helper', 'fred-reverse-finish', 'fred-reverse-finish', 'fred-reverse-finish'] }),
  // found by the reverse commands' fuzzer (reverseFuzz.test.ts)
  checkedByRecordFull({ title: 'reverse-next from a breakpoint landing in a recursive call: the caller\'s line start, not its call instruction', program: 'recursion_bug', setup: ['break walk'],
    fred: ['run', 'continue', 'next', 'fred-reverse-finish', 'fred-reverse-next'] }),
  checkedByRecordFull({ title: 'reverse-step from that landing: the caller\'s line start too (its call is the frame\'s own)', program: 'recursion_bug', setup: ['break walk'],
    fred: ['run', 'continue', 'next', 'fred-reverse-finish', 'fred-reverse-step'] }),
  checkedByRecordFull({ title: 'reverse-finish onto the call, next into the callee\'s breakpoint, reverse-next: the calling line\'s start', program: 'finish_passes', setup: ['break looper', 'break main'],
    fred: ['run', 'continue', 'fred-reverse-finish', 'next', 'fred-reverse-next'] }),
  checkedByRecordFull({ title: 'reverse-finish onto a call reached from main, advance into the callee\'s breakpoint, reverse-next: the calling line\'s start', program: 'nested_calls', setup: ['break middle', 'break main'],
    fred: ['run', 'next', 'next 3', 'finish', 'fred-reverse-next', 'fred-reverse-finish', 'advance 14', 'fred-reverse-next'] }),
  checkedByRecordFull({ title: 'reverse-finish, `frame` to look, reverse-next: the calling line\'s start (frame is history, not the last move)', program: 'nested_calls', setup: ['break middle', 'break main'],
    fred: ['run', 'next', 'fred-reverse-finish', 'frame', 'fred-reverse-next'] }),
  checkedByRecordFull({ title: 'from the frame of the first stop: back to that breakpoint stop, not past it to the call', program: 'finish_crossing', setup: ['break outer'],
    fred: ['run', 'next', 'fred-reverse-finish'] }),
  { title: 'then reverse-next: the calling line\'s start, before the first stop', program: 'finish_crossing', setup: ['break outer'],
    fred: ['run', 'next', 'fred-reverse-finish', 'fred-reverse-next'], truth: ['start'] },
  // a watchpoint that exists now: before the last write between the call and now (gdb's
  // record with software watchpoints: its hardware ones do not stop going back)
  { title: 'a watched write between the call and now: before the write', program: 'finish_crossing', setup: ['break main'],
    fred: ['run', 'break @OUTER_LAST', 'continue', 'watch total', 'fred-reverse-finish'],
    truth: ['run', 'record full', 'set can-use-hw-watchpoints 0', 'break @OUTER_LAST', 'continue', 'watch total', 'reverse-finish'] },
  { title: 'a watched write after a breakpoint stop: the write, which came later', program: 'finish_crossing', setup: ['break main'],
    fred: ['run', 'break @OUTER_LAST', 'continue', 'break helper', 'watch total', 'fred-reverse-finish'],
    truth: ['run', 'record full', 'set can-use-hw-watchpoints 0', 'break @OUTER_LAST', 'continue', 'break helper', 'watch total', 'reverse-finish'] },
];

const modes = [
  { name: 'default', args: [] as string[] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

for (const mode of modes) {
  describe(`fred gdb (${mode.name}): reverse-finish through breakpoint landings and repeated lines`, function () {
    this.timeout(180000);
    for (const s of scenarios) {
      it(s.title, async function () {
        if (setsWatchpoint(s.fred)) needsDebugRegisters(this);
        await expectLikePlainGdb(s.program, s, mode.args);
      });
    }
  });
}
