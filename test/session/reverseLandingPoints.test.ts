// gdb's exact landing points inside a line (issue 14), on test/session/programs/landing_points.c
// (and watch_locals.c for a recursion):
// reverse-next/step from the middle of a line (after stepi, nexti, finish, until) go to
// the line's start or into the last call it made before; reverse-finish stops on the call
// instruction; of two calls on one line, reverse-step enters the second; advance/until
// can be stepped back over. Every landing is compared (function, line, locals, $pc) with
// plain gdb: its own `record full` where gdb 13 gets it right, else a forward run of the
// shorter command list. A "line" is all its line table entries in a row, as `next` treats
// it; gdb 13's reverse commands stop at each entry (`x = f(1) + g(2);` has three), which
// is why some truths are forward runs. Two modes: a snapshot before every command
// (--cheap-replay 0) and the default policy.
import { expectLikePlainGdb } from './gdbScenario';
import { Scenario } from './transcript';

const program = 'landing_points';

const scenarios: Array<Omit<Scenario, 'program'> & { program?: string }> = [
  // after stepi/nexti: the start of the line, or into the call the line made before
  { title: 'stepi into the middle of a line; reverse-next: the start of that line', setup: ['break main'],
    fred: ['run', 'next', 'stepi 2', 'fred-reverse-next'], truth: ['run', 'next'] },
  { title: 'stepi into the middle of a line; reverse-step: the start of that line', setup: ['break main'],
    fred: ['run', 'next', 'stepi 2', 'fred-reverse-step'], truth: ['run', 'record full', 'next', 'stepi 2', 'reverse-step'] },
  // (gdb 13's record stops at line 30's second line table entry, its last instruction, as it does after `next`s)
  { title: 'stepi onto the start of the next line; reverse-next: the start of the line it ran, not its last instruction (fuzzer)', setup: ['break main'],
    fred: ['run', 'next', 'next', 'stepi 4', 'fred-reverse-next'], truth: ['run', 'next', 'next'] },
  { title: 'si; si: reverse-next goes to the start of the line, not one instruction back', setup: ['break main'],
    fred: ['run', 'next', 'si', 'si', 'fred-reverse-next'], truth: ['run', 'next'] },
  { title: 'si onto the first instruction of a call; reverse-next: back to the calling line', setup: ['break main'],
    fred: ['run', 'next', 'si', 'si', 'si', 'fred-reverse-next'], truth: ['run', 'record full', 'next', 'si', 'si', 'si', 'reverse-next'] },
  { title: 'stepi into the first instructions of a call; reverse-step: back to the calling line', setup: ['break main'],
    fred: ['run', 'next', 'stepi 4', 'fred-reverse-step'], truth: ['run', 'record full', 'next', 'stepi 4', 'reverse-step'] },
  { title: 'stepi in a function; reverse-step: the start of its line', setup: ['break main', 'break add_one'],
    fred: ['run', 'continue', 'stepi', 'fred-reverse-step'], truth: ['run', 'record full', 'continue', 'stepi', 'reverse-step'] },
  { title: 'nexti over a call; reverse-step: the last line of that call', setup: ['break main'],
    fred: ['run', 'next', 'nexti 4', 'fred-reverse-step'], truth: ['run', 'next', 'step', 'next'] },
  { title: 'nexti over a call; reverse-next: the start of the line', setup: ['break main'],
    fred: ['run', 'next', 'nexti 4', 'fred-reverse-next'], truth: ['run', 'next'] },
  // reverse-finish: on the call instruction
  { title: 'reverse-finish stops on the call instruction', setup: ['break main', 'break add_one'],
    fred: ['run', 'continue', 'fred-reverse-finish'], truth: ['run', 'record full', 'continue', 'reverse-finish'] },
  { title: 'reverse-finish from the first call of a line', setup: ['break main'],
    fred: ['run', 'next', 'step', 'next', 'fred-reverse-finish'], truth: ['run', 'record full', 'next', 'step', 'next', 'reverse-finish'] },
  { title: 'reverse-finish, then reverse-next: the start of the calling line', setup: ['break main', 'break add_one'],
    fred: ['run', 'continue', 'fred-reverse-finish', 'fred-reverse-next'], truthSetup: ['break main'], truth: ['run', 'next'] },
  { title: 'reverse-finish from the second call, then reverse-step: the last line of the first', setup: ['break main', 'break add_one'],
    fred: ['run', 'continue', 'fred-reverse-finish', 'fred-reverse-step'], truthSetup: ['break main'], truth: ['run', 'next', 'step', 'next'] },
  { title: 'reverse-finish from a void call: the call that starts its line', setup: ['break main', 'break bump_twice'],
    fred: ['run', 'continue', 'fred-reverse-finish'], truth: ['run', 'record full', 'continue', 'reverse-finish'] },
  // finish returns into the middle of the calling line
  { title: 'finish, then reverse-step: the last line of the function finished', setup: ['break main'],
    fred: ['run', 'next', 'step', 'finish', 'fred-reverse-step'], truth: ['run', 'record full', 'next', 'step', 'finish', 'reverse-step'] },
  { title: 'finish, then reverse-next: the start of the calling line', setup: ['break main'],
    fred: ['run', 'next', 'step', 'finish', 'fred-reverse-next'], truth: ['run', 'next'] },
  { title: 'up; finish out of a recursion; reverse-step: the last line of the frame finished', program: 'watch_locals', setup: ['break main', 'break @BOTTOM'],
    fred: ['run', 'continue', 'up', 'finish', 'fred-reverse-step'], truth: ['run', 'record full', 'continue', 'up', 'finish', 'reverse-step'] },
  // two calls on one line
  { title: 'x = f(1) + g(2): reverse-step from the next line enters g', setup: ['break main'],
    fred: ['run', 'next 2', 'fred-reverse-step'], truth: ['run', 'next', 'step', 'next', 'step', 'next 2'] },
  { title: 'f(); g(); on one line: reverse-step from the next line enters g', setup: ['break main'],
    fred: ['run', 'next 4', 'fred-reverse-step'], truth: ['run', 'record full', 'next 4', 'reverse-step'] },
  { title: 'f(); g(); on one line: reverse-step twice: g\'s first line', setup: ['break main'],
    fred: ['run', 'next 4', 'fred-reverse-step', 'fred-reverse-step'], truth: ['run', 'record full', 'next 4', 'reverse-step', 'reverse-step'] },
  // advance and until
  { title: 'advance into a one-line function; reverse-step: the start of the calling line', setup: ['break main'],
    fred: ['run', 'advance square', 'fred-reverse-step'], truth: ['run', 'record full', 'advance square', 'reverse-step'] },
  { title: 'advance into a one-line function; reverse-next: the start of the calling line', setup: ['break main'],
    fred: ['run', 'advance square', 'fred-reverse-next'], truth: ['run', 'record full', 'advance square', 'reverse-next'] },
  { title: 'advance LINE; reverse-next: the line before', setup: ['break main'],
    fred: ['run', 'advance @CALL_SQUARE', 'fred-reverse-next'], truth: ['run', 'next 3'] },
  { title: 'until LINE returning from a function; reverse-next: the start of the calling line', setup: ['break main'],
    fred: ['run', 'advance square', 'until @AFTER_LOOP', 'fred-reverse-next'], truth: ['run', 'record full', 'advance square', 'until @AFTER_LOOP', 'reverse-next'] },
  { title: 'until LINE returning from a function; reverse-step: back into it', setup: ['break main'],
    fred: ['run', 'advance square', 'until @AFTER_LOOP', 'fred-reverse-step'], truth: ['run', 'advance square'] },
  { title: 'until LINE past a loop; reverse-next: the loop\'s last line', setup: ['break main'],
    fred: ['run', 'advance @LOOP', 'until @AFTER_LOOP', 'fred-reverse-next'], truth: ['run', 'record full', 'advance @LOOP', 'until @AFTER_LOOP', 'reverse-next'] },
  // single instructions
  { title: 'reverse-stepi after stepi', setup: ['break main'],
    fred: ['run', 'next', 'stepi 3', 'fred-reverse-stepi'], truth: ['run', 'record full', 'next', 'stepi 3', 'reverse-stepi'] },
  { title: 'reverse-stepi after next: the last instruction of the line before', setup: ['break main'],
    fred: ['run', 'next 2', 'fred-reverse-stepi'], truth: ['run', 'record full', 'next 2', 'reverse-stepi'] },
  { title: 'reverse-nexti after nexti over a call: on the call', setup: ['break main'],
    fred: ['run', 'next', 'nexti 3', 'fred-reverse-nexti'], truth: ['run', 'record full', 'next', 'nexti 3', 'reverse-nexti'] },
  { title: 'finish; reverse-stepi: on the return instruction of the function finished', setup: ['break main'],
    fred: ['run', 'next', 'step', 'finish', 'fred-reverse-stepi'], truth: ['run', 'record full', 'next', 'step', 'finish', 'reverse-stepi'] },
  { title: 'finish; reverse-nexti: on the call instruction', setup: ['break main'],
    fred: ['run', 'next', 'step', 'finish', 'fred-reverse-nexti'], truth: ['run', 'record full', 'next', 'step', 'finish', 'reverse-nexti'] },
  { title: 'reverse-finish; reverse-stepi: the instruction before the call', setup: ['break main', 'break add_one'],
    fred: ['run', 'continue', 'fred-reverse-finish', 'fred-reverse-stepi'], truth: ['run', 'record full', 'continue', 'reverse-finish', 'reverse-stepi'] },
];

const modes = [
  { name: 'default', args: [] as string[] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

for (const mode of modes) {
  describe(`fred gdb (${mode.name}): reverse commands land where gdb does inside a line`, function () {
    this.timeout(120000);
    for (const s of scenarios) {
      it(s.title, async () => { await expectLikePlainGdb(s.program ?? program, s, mode.args); });
    }
  });
}
