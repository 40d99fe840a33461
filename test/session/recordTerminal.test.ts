// A program that reads its terminal, as in the full-screen interface (the program on a
// terminal of its own, `tty`): after going back across the read, running forward again
// takes what the user typed from fred's record log; nobody types it again. Runs the
// session in-process to hold the program's terminal, like the full-screen interface does.
import * as assert from 'assert';
import { parseCliArguments } from '../../src/fred/cli/cliArguments';
import { StartedSession, startSession } from '../../src/fred/session/startSession';
import { ProgramTerminal } from '../../src/fred/tui/programTerminal';
import { killGroup, trackGroup } from '../helpers/processGroup';
import { example, withLines } from './gdbScenario';

/** Await promise, or fail naming the phase if it takes longer than ms. */
async function within<T>(phase: string, promise: Promise<T>, ms = 30000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms in phase: ${phase}`)), ms); });
  try { return await Promise.race([promise, timeout]); } finally { clearTimeout(timer); }
}

async function waitFor(phase: string, done: () => boolean): Promise<void> {
  const until = Date.now() + 20000;
  while (!done()) {
    if (Date.now() > until) throw new Error(`phase "${phase}" hung`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('record/replay log: a program reading its terminal', function () {
  this.timeout(90000);
  let started: StartedSession | undefined;
  let terminal: ProgramTerminal | undefined;
  let holder = 0;

  afterEach(async function () {
    this.timeout(20000);
    await within('session close', started?.close() ?? Promise.resolve()).catch(() => undefined);
    terminal?.close();
    if (holder) await killGroup(holder);
    started = undefined;
    terminal = undefined;
    holder = 0;
  });

  for (const fredArgs of [['--cheap-replay', '0'], ['--snapshot-every', '100', '--cheap-replay', '1000000']]) {
    it(`what the user typed comes back after fred-undo and after reverse-next, without typing it again (${fredArgs.join(' ')})`, async () => {
      const program = example('terminal_input');
      let screen = '';
      terminal = new ProgramTerminal(80, 24, (data) => { screen += data; });
      started = await within('start', startSession(parseCliArguments(['--plain', ...fredArgs, 'gdb', program]), () => undefined));
      holder = started.session.debugger_.pid;
      trackGroup(holder);
      const run = (line: string) => within(line, started!.runner.handle(withLines('terminal_input', line)));
      await run(`tty ${terminal.path}`);
      await run('break @ASK');
      await run('break @GOT');
      await run('run');
      const reading = run('continue');
      await waitFor('the program asks', () => screen.includes('name? '));
      terminal.write('Ada\n');
      await reading;
      assert.match(await run('print name'), /"Ada"/);
      await run('next');
      assert.match(await run('fred-reverse-next'), /GOT/);
      await run('fred-reverse-next');
      assert.match(await run('fred-reverse-next'), /ASK/, 'back before the read');
      // forward again across the read: answered from the log, the user types nothing (a read
      // of the terminal would wait, and `within` names the phase that hung)
      await run('next');
      assert.match(await run('print name'), /"Ada/);
      await run('fred-undo 1');
      assert.match(await run('continue'), /GOT/);
      assert.match(await run('print name'), /"Ada"/);
    });
  }
});
