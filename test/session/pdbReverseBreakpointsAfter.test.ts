// fred pdb: reverse commands honour the breakpoints that exist now, also those set after
// the program passed them (issue 14, "the same in pdb where pdb has the concept"). Every
// landing is compared with a forward run in plain pdb that had the breakpoint all along
// (where, locals), in two modes: a snapshot before every command (--cheap-replay 0) and
// the default policy.
import { expectLikePlainPdb, replayModes } from './pdbScenario';
import { Scenario } from './transcript';

const program = 'late_breakpoints';

const scenarios: Array<Omit<Scenario, 'program'> & { program?: string }> = [
  { title: 'rc stops at the last run of a function broken after it ran', setup: [],
    fred: ['b late_fn', 'c', 'b early_fn', 'rc'], truth: ['b early_fn', 'c', 'c', 'c'] },
  { title: 'rc twice: the run before that', setup: [],
    fred: ['b late_fn', 'c', 'b early_fn', 'rc', 'rc'], truth: ['b early_fn', 'c', 'c'] },
  { title: 'rc past the first run of it: the start of history', setup: [],
    fred: ['b late_fn', 'c', 'b early_fn', 'rc', 'rc', 'rc', 'rc'], truth: [] },
  { title: 'two breakpoints set afterwards: the later stop first', setup: [],
    fred: ['b late_fn', 'c', 'b early_fn', 'b void_func', 'rc', 'rc'], truth: ['b early_fn', 'c', 'c', 'c'] },
  { title: 'a condition set afterwards is honoured', setup: [],
    fred: ['b late_fn', 'c', 'b early_fn, i == 1', 'rc'], truth: ['b early_fn, i == 1', 'c'] },
  { title: 'rc to a line never stopped at before', setup: [],
    fred: ['b late_fn', 'c', 'b @VOID_BODY', 'rc'], truth: ['b @VOID_BODY', 'c'] },
  { title: 'rc to a line a next landed on, broken afterwards', setup: [],
    fred: ['b @CALL_VOID', 'c', 'n', 'n', 'b @AFTER_VOID', 'rc'], truth: ['b @AFTER_VOID', 'c'] },
  // pdb stops at a function's breakpoint each time its first line runs again (a loop there)
  { title: 'rc to a loop line that a function breakpoint set afterwards stops at again', setup: [],
    fred: ['b @CALL_EARLY', 'c', 'c', 'b main', 'rc'], truth: ['b main', 'c', 'c'] },
  { title: 'reverse-next over a call stops in the callee broken afterwards', setup: [],
    fred: ['b @CALL_VOID', 'c', 'n', 'b void_func', 'rn'], truth: ['b void_func', 'c'] },
  { title: 'tbreak set afterwards: rc stops at its last run', setup: [],
    fred: ['b late_fn', 'c', 'tbreak early_fn', 'rc'], truth: ['b early_fn', 'c', 'c', 'c'] },
  { title: 'tbreak LINE; c; reverse-next: the line before', setup: [],
    fred: ['tbreak @AFTER_VOID', 'c', 'rn'], truth: ['tbreak @CALL_VOID', 'c'] },
  // pdb stops at a function's call event (--Call--) on the way in: the line before its first
  { title: 'tbreak FUNC; c; n; rn; rn: back to pdb\'s --Call-- stop of the function', setup: [],
    fred: ['tbreak void_func', 'c', 'n', 'rn', 'rn'], truth: ['tbreak @CALL_VOID', 'c', 's'] },
  // fred-reverse-watch lands with a counted line (`fred-hits 0 N`); going back from there
  // replays that command while the breakpoints of now are recorded
  { title: 'rc after fred-reverse-watch: the breakpoint stop before it', setup: [],
    fred: ['b early_fn', 'c', 'c', 'c', 'b late_fn', 'c', 'fred-reverse-watch total', 'rc'], truth: ['b early_fn', 'c', 'c', 'c'] },
  { title: 'rc after fred-reverse-watch to a breakpoint set after it', setup: [],
    fred: ['b late_fn', 'c', 'fred-reverse-watch total', 'b void_func', 'rc'], truth: ['b void_func', 'c'] },
  // a function breakpoint given with a condition, deleted after it stopped: its replay stops in the function again
  { title: 'a function breakpoint with a condition, deleted after its stop: rc past it', setup: [],
    fred: ['b @CALL_EARLY', 'c', 'b early_fn, i == 1', 'c', 'c', 'clear 2', 'rc'], truth: ['b @CALL_EARLY', 'c', 'c'] },
  // a condition that prints (a logpoint): asking it again while recording prints nothing and is no divergence
  { title: 'a printing condition (logpoint) while going back to a breakpoint set afterwards', setup: [],
    fred: ['b @CALL_EARLY', 'b void_func, print("seen")', 'c', 'c', 'c', 'b late_fn', 'c', 'rc'], truth: ['b @CALL_EARLY', 'c', 'c', 'c'] },
  // the landing's frame began before the breakpoint's pass before (a loop in a function
  // called once): the replay of its counted stop with the counting trace says where
  { title: 'rc into a loop of a function called once, clear, fred-reverse-finish: the calling line', program: 'loop_in_callee', setup: [],
    fred: ['b @AFTER_WORK', 'c', 'b @LOOP_BODY', 'rc', 'rn', 'cl 2', 'fred-reverse-finish'], truth: ['b @CALL_WORK', 'c'] },
  { title: 'rc into a loop, clear, fred-reverse-finish, rn: the line before the call', program: 'loop_in_callee', setup: [],
    fred: ['b @AFTER_WORK', 'c', 'b @LOOP_BODY', 'rc', 'cl 2', 'fred-reverse-finish', 'rn'], truth: ['b @MAIN_FIRST', 'c'] },
  // fred-reverse-finish stops at the last breakpoint stop between the call and now, as in
  // gdb (pdb has no reverse-finish of its own): the way from the call is counted in lines
  { title: 'fred-reverse-finish stops in a function the current one called, broken afterwards', program: 'finish_crossing', setup: [],
    fred: ['b @OUTER_LAST', 'c', 'b helper', 'fred-reverse-finish'], truth: ['b helper', 'c'] },
  { title: 'fred-reverse-finish stops on an earlier line of the current function, broken afterwards', program: 'finish_crossing', setup: [],
    fred: ['b @OUTER_LAST', 'c', 'b helper', 'b @OUTER_MIDDLE', 'fred-reverse-finish'], truth: ['b @OUTER_MIDDLE', 'c'] },
  { title: 'fred-reverse-finish from the second call: the callee\'s stop of this call, not of the first', program: 'finish_crossing', setup: [],
    fred: ['b @OUTER_LAST', 'c', 'c', 'b helper', 'fred-reverse-finish'], truth: ['b helper', 'c', 'c'] },
  { title: 'fred-reverse-finish with no breakpoint inside: the calling line', program: 'finish_crossing', setup: [],
    fred: ['b @OUTER_LAST', 'c', 'c', 'b @END', 'fred-reverse-finish'], truth: ['b @CALL_OUTER_AGAIN', 'c'] },
  { title: 'rc into a loop, rn, fred-reverse-finish twice: the passes before', program: 'loop_in_callee', setup: [],
    fred: ['b @AFTER_WORK', 'c', 'b @LOOP_BODY', 'rc', 'rn', 'fred-reverse-finish', 'fred-reverse-finish'], truth: ['b @LOOP_BODY', 'c', 'c', 'c'] },
];

for (const mode of replayModes) {
  describe(`fred pdb (${mode.name}): going back to breakpoints set after the program passed them`, function () {
    this.timeout(120000);
    for (const s of scenarios) {
      it(s.title, async () => expectLikePlainPdb(s.program ?? program, s, mode.args));
    }
  });
}
