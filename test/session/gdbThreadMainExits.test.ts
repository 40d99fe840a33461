// The program's first thread ends before the others (main calls pthread_exit) and a worker
// goes on (issue 18). The process then has a zombie first thread: fred must still see it
// alive, snapshot it, restore it and go back in it. Before, the worker waited forever for
// the turn main never gave back, and once that was mended fred took the process for
// killed. Only the worker runs after main's end, so plain gdb's forward run is the ground
// truth. Both replay modes: with --cheap-replay 0 every landing comes from a snapshot taken
// after main ended.
import { expectLikePlainGdb } from './gdbScenario';
import { Scenario } from './transcript';

const program = 'main_exits';

const scenarios: Array<Omit<Scenario, 'program'>> = [
  { title: 'reverse-next in the worker after main ended', setup: ['break @ADD'],
    fred: ['run', 'continue', 'next', 'next', 'fred-reverse-next'], truth: ['run', 'continue', 'next'] },
  { title: 'reverse-next twice, then reverse-step into the call of the line before', setup: ['break @ADD'],
    fred: ['run', 'continue', 'next', 'next', 'fred-reverse-next', 'fred-reverse-next', 'fred-reverse-step'],
    truthSetup: ['break @SCALED_END if x == 1'], truth: ['run'] },
  { title: 'reverse-continue to the last breakpoint stop', setup: ['break @ADD'],
    fred: ['run', 'continue', 'continue', 'next', 'fred-reverse-continue'], truth: ['run', 'continue', 'continue'] },
  { title: 'fred-undo twice, then continue again', setup: ['break @ADD'],
    fred: ['run', 'continue', 'continue', 'fred-undo', 'fred-undo', 'continue'], truth: ['run', 'continue'] },
];

for (const fredArgs of [['--cheap-replay', '0'], []]) {
  const mode = fredArgs.length ? '--cheap-replay 0' : 'default';
  describe(`fred gdb (${mode}): a program whose main thread ends before its worker`, function () {
    this.timeout(240000);
    for (const s of scenarios) it(s.title, () => expectLikePlainGdb(program, s, fredArgs, 200000));
  });
}
