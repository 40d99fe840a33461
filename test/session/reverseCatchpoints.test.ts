// Reverse commands honour the catchpoints that exist now (issue 14). catch throw, catch
// catch and catch rethrow stop at code in the C++ runtime: going back stops at the last
// place one of them would have stopped a forward run, set before or after the program
// passed it; every landing is compared with a forward run in plain gdb that had the
// catchpoint all along (frames, locals, $pc). Other catchpoints (system calls, signals,
// fork, exec) are not followed going back: fred says so. Two modes: the default policy
// and a snapshot before every command (--cheap-replay 0). `set language c++`: in a frame
// without debug information (__cxa_throw) gdb prints $pc's type in the language it had
// before, which depends on how it got there.
import * as assert from 'assert';
import { expectLikePlainGdb } from './gdbScenario';
import { Scenario } from './transcript';

const program = 'exceptions';

const scenarios: Array<Omit<Scenario, 'program'> & { said?: RegExp }> = [
  { title: 'catch throw set afterwards: reverse-continue stops at the last throw', setup: ['set language c++', 'break main'],
    fred: ['run', 'break @END', 'continue', 'catch throw', 'fred-reverse-continue'],
    truth: ['run', 'catch throw', 'continue', 'continue'] },
  { title: 'rc twice: the throw before that', setup: ['set language c++', 'break main'],
    fred: ['run', 'break @END', 'continue', 'catch throw', 'rc', 'rc'],
    truth: ['run', 'catch throw', 'continue'] },
  { title: 'catch catch set afterwards: the last catch', setup: ['set language c++', 'break main'],
    fred: ['run', 'break @END', 'continue', 'catch catch', 'rc'],
    truth: ['run', 'catch catch', 'continue', 'continue'] },
  { title: 'catch throw set before: from the second throw back to the first', setup: ['set language c++', 'break main'],
    fred: ['run', 'catch throw', 'continue', 'continue', 'rc'],
    truth: ['run', 'catch throw', 'continue'] },
  { title: 'catch syscall is not followed going back, and fred says so', setup: ['set language c++', 'break main'],
    fred: ['run', 'break @END', 'continue', 'catch syscall write', 'rc'],
    truth: ['run'], said: /fred: catchpoint 3 \(catch syscall write\) is not followed going back/ },
];

const modes = [
  { name: 'default', args: [] as string[] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

for (const mode of modes) {
  describe(`fred gdb (${mode.name}): going back to catchpoints`, function () {
    this.timeout(180000);
    for (const s of scenarios) {
      it(s.title, async function () {
        const fred = await expectLikePlainGdb(program, s, mode.args);
        if (s.said) assert.match(fred.transcript, s.said);
      });
    }
  });
}
