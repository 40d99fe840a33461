// Watchpoints on local variables across fred's restores (test/session/programs/watch_locals.c).
// gdb deletes them with the process at every restore; fred re-creates each in its frame
// under the user's number. After each reverse command the state, `info breakpoints`
// (numbers, hit counts) and what the following forward commands print (the watchpoint
// triggering, then deleted when its frame returns) must equal plain gdb's forward run
// of the shorter command list.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot, runFred, runPlainGdb, section } from './gdbScenario';
import { Scenario } from './transcript';
import { needsDebugRegisters, setsWatchpoint } from '../helpers/machine';

const source = path.join(repoRoot, 'test', 'session', 'programs', 'watch_locals.c');

let binary: string | undefined;
function program(): string {
  if (!binary) {
    binary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fred-watch-locals-')), 'watch_locals');
    execFileSync('gcc', ['-g', '-O0', '-o', binary, source]);
  }
  return binary;
}

/** @MARKER -> the line of watch_locals.c holding that marker comment. */
function withLines(command: string): string {
  const lines = fs.readFileSync(source, 'utf8').split('\n');
  return command.replace(/(?<!@)@([A-Z]+)/g, (_, marker: string) => {
    const index = lines.findIndex((line) => line.includes(`/* ${marker} */`));
    if (index < 0) throw new Error(`no /* ${marker} */ line in ${source}`);
    return String(index + 1);
  });
}

/** State, breakpoint table, then the given forward commands and the table again. */
function dumpAndGoOn(forward: string[]): string[] {
  return ['echo @@S\\n', 'bt', 'info locals', 'p $pc', 'info breakpoints', ...forward, 'info breakpoints', 'echo @@END\\n'];
}

const continues = (n: number) => Array<string>(n).fill('continue');

/** The dump, without what plain gdb -batch writes to stderr (fred's pty merges both). */
function dump(transcript: string): string {
  return section(transcript, 'S').split('\n').filter((l) => !/^(?:Continuing\.|Run till exit from .*)$/.test(l)).join('\n');
}

interface WatchScenario extends Scenario {
  /** Forward commands after the reverse one (and after the truth), compared too. */
  forward: string[];
}

/** Commands on the watchpoint (gdb -batch takes no multi-line `commands`; Python sets them the same way). */
const withCommands = 'python gdb.breakpoints()[-1].commands = "print acc + 100"';

const scenarios: WatchScenario[] = [
  // going back, a watchpoint stops just before the write (gdb's reverse execution): one stepi is the forward stop
  { title: 'reverse-continue: the watchpoint keeps its number, triggers again, and goes when its frame returns (not in the next call)',
    program: 'watch_locals', setup: ['break @LOOP'],
    fred: ['run', 'watch acc', ...continues(3), 'fred-reverse-continue', 'stepi'], truth: ['run', 'watch acc', ...continues(3)],
    forward: continues(4) },
  { title: 'fred-undo 2, then a new breakpoint gets the number plain gdb gives it',
    program: 'watch_locals', setup: ['break @LOOP'],
    fred: ['run', 'watch acc', ...continues(3), 'fred-undo 2'], truth: ['run', 'watch acc', 'continue'],
    forward: ['break @CALLS', 'continue', 'disable 2', 'continue', 'info breakpoints 3', 'delete 3', 'continue'] },
  { title: 'reverse-next over a watchpoint stop',
    program: 'watch_locals', setup: ['break @LOOP'],
    fred: ['run', 'watch acc', 'next', 'next', 'next', 'fred-reverse-next'], truth: ['run', 'watch acc', 'next', 'next'],
    forward: ['next', 'next', 'continue', 'continue'] },
  { title: 'a condition and commands survive the restore',
    program: 'watch_locals', setup: ['break @LOOP'],
    fred: ['run', 'watch acc', 'condition 2 acc > 2', withCommands, ...continues(2), 'fred-rc', 'stepi'], truth: ['run', 'watch acc', 'condition 2 acc > 2', withCommands, ...continues(2)],
    forward: continues(3) },
  { title: 'recursion: the watchpoint stays on its own frame (n == 2) across the restore',
    program: 'watch_locals', setup: ['break @RECURSE if n == 2', 'break @BOTTOM'],
    fred: ['run', 'watch here', 'continue', 'up', 'up', 'fred-rc'], truth: ['run', 'watch here'],
    forward: ['continue', 'finish', 'continue'] },
  { title: 'reverse-finish out of a deeper call: the watchpoint on an outer frame stays',
    program: 'watch_locals', setup: ['break @RECURSE if n == 2', 'break @BOTTOM'],
    fred: ['run', 'watch here', 'continue', 'fred-reverse-finish'], truth: ['run', 'watch here', 'step', 'next', 'next', 'stepi 3'], // on the call, as gdb
    forward: ['continue', 'continue', 'continue'] },
  { title: 'reverse-step back over a line',
    program: 'watch_locals', setup: ['break @LOOP'],
    fred: ['run', 'watch acc', 'next', 'next', 'fred-reverse-step', 'stepi'], truth: ['run', 'watch acc', 'next', 'next'],
    forward: continues(4) },
  { title: 'fred-restart to a checkpoint taken while the watchpoint was set',
    program: 'watch_locals', setup: ['break @LOOP'],
    fred: ['run', 'watch acc', 'continue', 'fred-checkpoint', 'continue', 'continue', 'fred-restart'], truth: ['run', 'watch acc', 'continue'],
    forward: continues(4) },
  { title: 'fred-reverse-watch with a watchpoint on a local set (many restores on the way)',
    program: 'watch_locals', setup: ['break @LOOP'],
    fred: ['run', 'watch acc', ...continues(3), 'fred-reverse-watch acc'], truth: ['run', 'watch acc', 'continue', 'continue', 'next'],
    forward: continues(3) },
  { title: 'back before the frame was entered: the watchpoint is absent, as in a forward run',
    program: 'watch_locals', setup: ['break main', 'break @LOOP'],
    fred: ['run', 'continue', 'watch acc', 'continue', 'fred-undo 2'], truth: ['run'],
    forward: ['continue', 'continue'], says: /watchpoint 3 \(acc\) is not set at this point/ },
];

describe('fred gdb: watchpoints on locals survive going back', function () {
  this.timeout(120000);
  for (const s of scenarios) {
    it(s.title, async function () {
      if (setsWatchpoint([...s.setup, ...s.fred])) needsDebugRegisters(this);
      const line = (c: string) => withLines(c);
      const fred = await runFred(program(), [...s.setup, ...s.fred, ...dumpAndGoOn(s.forward)].map(line));
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      if (s.says) assert.match(fred.transcript, s.says);
      const truth = runPlainGdb(program(), [...(s.truthSetup ?? s.setup), ...s.truth, ...dumpAndGoOn(s.forward)].map(line));
      assert.strictEqual(dump(fred.transcript), dump(truth), `differs from plain gdb after ${s.truth.join(', ')}, then ${s.forward.join(', ')}\n--- fred transcript ---\n${fred.transcript}`);
    });
  }

  it('the number and hit counts are right after several reverse commands in a row', async function () {
    needsDebugRegisters(this);
    // rc stops just before a write (gdb): `continue` from there triggers at once; stepi after undoing it too
    const commands = ['break @LOOP', 'run', 'watch acc', ...continues(3), 'fred-rc', 'fred-rc', 'continue', 'fred-undo', 'stepi', ...dumpAndGoOn(continues(3))].map(withLines);
    const fred = await runFred(program(), commands);
    const truth = runPlainGdb(program(), ['break @LOOP', 'run', 'watch acc', 'continue', 'continue', ...dumpAndGoOn(continues(3))].map(withLines));
    assert.strictEqual(dump(fred.transcript), dump(truth), fred.transcript);
  });
});
