// Watchpoints going back, and history back to the program's entry (issue 14). gdb's
// reverse execution stops a reverse command where a watched value was last written, with
// the program left just BEFORE the writing instruction and "Old value" / "New value"
// reversed. Each landing is compared with gdb's own `record full` doing the same commands
// (software watchpoints: gdb 13's hardware ones do not stop going back here) and with a
// forward run in plain gdb: one `stepi` from the landing is where a forward watchpoint
// stop leaves the program. Entry scenarios (before the first stop) compare with plain gdb's
// `starti` and forward runs. Every scenario runs in two modes.
import * as assert from 'assert';
import { example, runFred, runPlainGdb, section, withLines } from './gdbScenario';
import { needsDebugRegisters, setsWatchpoint } from '../helpers/machine';

const program = 'watch_back';

interface WatchScenario {
  title: string;
  /** What the user types (after `break main`, `run` unless `fromStart`). */
  commands: string[];
  /** Plain gdb's forward run to the state one `stepi` after the landing (or to the landing itself with `atLanding`); none: gdb's record only. */
  forward?: string[];
  atLanding?: boolean;
  /** The commands begin with the program not started (no `break main`, `run`; no gdb record to compare with). */
  fromStart?: boolean;
  says?: RegExp;
}

const continues = (n: number) => Array<string>(n).fill('continue');

const scenarios: WatchScenario[] = [
  { title: 'rc with a watchpoint set after the fact: before the last write, in main', commands: ['break @END', 'continue', 'watch total', 'rc'],
    forward: ['watch total', ...continues(5)], says: /Hardware watchpoint 3: total\n\nOld value = 100\nNew value = 10\n/ },
  { title: 'rc twice: before the write inside the callee (the middle of its line)', commands: ['break @END', 'continue', 'watch total', 'rc', 'rc'],
    forward: ['watch total', ...continues(4)], says: /Old value = 10\nNew value = 6\n#0  0x[0-9a-f]+ in add \(k=4\)/ },
  { title: 'rc with a watchpoint that stopped the forward run: before the write it stopped after', commands: ['watch total', ...continues(3), 'rc'],
    forward: ['watch total', ...continues(3)] },
  { title: 'rc twice from a watchpoint stop', commands: ['watch total', ...continues(3), 'rc', 'rc'],
    forward: ['watch total', ...continues(2)] },
  { title: 'reverse-next over a line that writes the watched value stops at the write', commands: ['break @LOCAL', 'continue', 'continue', 'watch flags', 'rn'],
    forward: ['watch flags', 'continue'], says: /Old value = 3\nNew value = 0\n/ },
  { title: 'reverse-step into a callee stops at its write, not before', commands: ['break @SET_FLAGS', 'continue', 'continue', 'watch total', 'rs', 'rs'],
    forward: ['watch total', 'continue'] },
  { title: 'a watchpoint on a local of main', commands: ['break @END', 'continue', 'watch local', 'rc', 'rc'],
    forward: ['watch local', ...continues(3)] },
  { title: 'watch -l (the location)', commands: ['break @END', 'continue', 'watch -l total', 'rc'],
    forward: ['watch -l total', ...continues(5)] },
  { title: 'a condition is evaluated where the program stops going back (before the write), as gdb does', commands: ['break @END', 'continue', 'watch total if total < 5', 'rc'],
    forward: ['watch total', ...continues(3)], says: /Old value = 6\nNew value = 3\n/ },
  { title: 'two watchpoints: the later write first, then the other', commands: ['break @END', 'continue', 'watch total', 'watch flags', 'rc', 'rc'],
    forward: ['watch total', ...continues(5)] },
  { title: 'a breakpoint and a watchpoint set afterwards: the later event first', commands: ['break @END', 'continue', 'watch flags', 'break add', 'rc', 'rc'],
    forward: ['watch flags', ...continues(4)] },
  { title: '... and then the breakpoint stop before that write', commands: ['break @END', 'continue', 'watch flags', 'break add', 'rc', 'rc', 'rc'],
    forward: ['break add', ...continues(5)], atLanding: true },
  // a local of a function called twice at the same stack address: its frame only
  { title: 'a watchpoint on a callee\'s local: back to its first write (the stale value of the call before)', commands: ['break @SUM_RETURN', 'continue', 'continue', 'watch acc', 'rc', 'rc', 'rc'],
    forward: ['break sum_to', 'continue', 'continue', 'watch acc', 'continue'], says: /Old value = 0\nNew value = 6\n/ },
  { title: '... then back out of its frame: gdb deletes it on the call instruction', commands: ['break @SUM_RETURN', 'continue', 'continue', 'watch acc', 'rc', 'rc', 'rc', 'rc'],
    says: /Watchpoint 3 deleted because the program has left the block in\nwhich its expression is valid\./ },
  // history back to the program's entry
  { title: 'rc from the first stop of run: the program\'s first instruction (starti)', fromStart: true, commands: ['break @END', 'run', 'rc'],
    forward: ['starti'], atLanding: true, says: /No more reverse-execution history/ },
  { title: 'rc from the first stop to a breakpoint set afterwards, before that stop', fromStart: true, commands: ['break @END', 'run', 'break add', 'rc'],
    forward: ['break add', 'run', ...continues(4)], atLanding: true },
  { title: 'run to the end, break afterwards, rc: its last stop', fromStart: true, commands: ['run', 'break add', 'rc'],
    forward: ['break add', 'run', ...continues(4)], atLanding: true },
  { title: 'rc from the first stop with a watchpoint: before the last write', fromStart: true, commands: ['break @END', 'run', 'watch total', 'rc'],
    forward: ['break main', 'run', 'watch total', ...continues(5)] },
  { title: 'continue from the entry reaches the first stop again', fromStart: true, commands: ['break @END', 'run', 'rc', 'continue'],
    forward: ['break @END', 'run'], atLanding: true },
];

/** The state compared: stack, locals, pc and the watched globals. */
function dump(tag: string): string[] {
  return [`echo @@${tag}\\n`, 'bt', 'info locals', 'p $pc', 'p total', 'p flags', 'echo @@END\\n'];
}

/** gdb's last "Old value = ... New value = ..." before the dump. */
function lastChange(transcript: string): string | undefined {
  const before = transcript.slice(0, transcript.lastIndexOf('@@S'));
  const all = [...before.matchAll(/^Old value = .*\nNew value = .*$/gm)];
  return all[all.length - 1]?.[0];
}

const modes = [
  { name: 'default', args: [] as string[] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

for (const mode of modes) {
  describe(`fred gdb (${mode.name}): watchpoints going back stop before the write; history from the entry`, function () {
    this.timeout(180000);
    for (const s of scenarios) {
      it(s.title, async function () {
        if (setsWatchpoint(s.commands)) needsDebugRegisters(this);
        const binary = example(program);
        const line = (c: string) => withLines(program, c);
        const start = s.fromStart ? [] : ['break main', 'run'];
        const after = s.atLanding ? [] : ['stepi', ...dump('T')];
        const fred = await runFred(binary, [...start, ...s.commands, ...dump('S'), ...after].map(line), { fredArgs: mode.args, timeoutMs: 150000 });
        assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
        if (s.says) assert.match(fred.transcript, s.says, fred.transcript);
        if (s.forward) {
          const forward = runPlainGdb(binary, [...(s.fromStart ? [] : ['break main', 'run']), ...s.forward, ...dump(s.atLanding ? 'S' : 'T')].map(line));
          const tag = s.atLanding ? 'S' : 'T';
          assert.strictEqual(section(fred.transcript, tag), section(forward, tag), `${s.atLanding ? 'the landing' : 'one stepi after the landing'} differs from plain gdb's forward run (${s.forward.join(', ')})\n--- fred transcript ---\n${fred.transcript}`);
        }
        if (s.fromStart) return;
        // gdb's own record, software watchpoints
        const recorded = runPlainGdb(binary, ['break main', 'run', 'record full', 'set can-use-hw-watchpoints 0', ...s.commands, ...dump('S')].map(line));
        assert.strictEqual(section(fred.transcript, 'S'), section(recorded, 'S'), `the landing differs from gdb's record full\n--- gdb record ---\n${recorded}\n--- fred transcript ---\n${fred.transcript}`);
        assert.strictEqual(lastChange(fred.transcript), lastChange(recorded), `Old/New values differ from gdb's record full\n--- gdb record ---\n${recorded}\n--- fred transcript ---\n${fred.transcript}`);
      });
    }
  });
}
