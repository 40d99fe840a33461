// The full-screen interface notices the debugger's death while it waits for a command
// (nobody typing): without a checkpoint image it ends at once, leaves the normal screen
// with one line saying why, exits 0 and leaves no process behind. After a fred-checkpoint
// it asks, as line mode does, whether to go on from that image: `y` starts a new session
// there in a new full-screen view, `n` ends as without an image. gdb and pdb (python3), in tmux.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { waitFor } from '../helpers/processGroup';
import { descendants, processAlive, TmuxScreen } from './tmuxScreen';
import { commandName, parentOf } from '../helpers/procInfo';

const root = path.resolve(__dirname, '..', '..', '..');
const fred = path.join(root, 'bin', 'fred');

describe('fred TUI: the debugger dies while nobody types', function () {
  this.timeout(120000);
  let dir: string;
  let tmux: TmuxScreen | undefined;

  before(function () {
    execFileSync('tmux', ['-V']);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-tui-death-'));
  });
  afterEach(async () => { await tmux?.close(); tmux = undefined; });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  /** The debugger fred-holder runs for the interface in tmux pane t. */
  function debuggerOf(t: TmuxScreen, debugger_: string): { victim: number; started: number[] } {
    const started = descendants(t.panePid);
    const holder = started.find((pid) => commandName(pid) === 'fred-holder');
    // a restored python3 runs under the name of the image's executable (python3.11)
    const victim = started.filter((pid) => parentOf(pid) === holder && commandName(pid).replace(/^python3\.\d+$/, 'python3') === debugger_).sort((a, b) => a - b)[0];
    assert.ok(victim, `${debugger_} runs under fred-holder`);
    return { victim, started };
  }

  const cases = [
    { kind: 'gdb', argv: () => { const p = path.join(dir, 'loop_breakpoint'); execFileSync('gcc', ['-g', '-O0', '-o', p, path.join(root, 'examples', 'loop_breakpoint.c')]); return ['gdb', p]; }, commands: ['break main', 'run'], stopped: /Breakpoint 1, main/, debugger: 'gdb' },
    { kind: 'pdb', argv: () => ['pdb', path.join(root, 'examples', 'factorial.py')], commands: ['n'], stopped: /\(Pdb\)[^]*\(Pdb\)/, debugger: 'python3' },
  ];
  for (const c of cases) {
    it(`${c.kind}: the debugger killed at the prompt ends the interface at once, one line says why`, async () => {
      const t = (tmux = new TmuxScreen());
      t.start([fred, ...c.argv()], 120, 36, { LANG: 'C.UTF-8' });
      await t.waitFor('the prompt', c.kind === 'gdb' ? /\(gdb\)/ : /\(Pdb\)/);
      for (const command of c.commands) t.type(command);
      await t.waitFor('stopped', c.stopped);
      await new Promise((r) => setTimeout(r, 500)); // idle: the command's after-work done
      const { victim, started } = debuggerOf(t, c.debugger);
      process.kill(victim, 'SIGKILL');
      const status = await waitFor('fred ends by itself', () => t.exitStatus() !== undefined && { code: t.exitStatus() }, 20000)
        .catch((e: Error) => { throw new Error(`${e.message}\n--- screen ---\n${t.screen()}`); });
      assert.strictEqual(status.code, 0, t.screen());
      const screen = t.screenWithHistory();
      assert.match(screen, new RegExp(`fred: ${c.kind} exited unexpectedly; the session is over`));
      assert.doesNotMatch(screen, /internal error|\n\s+at /);
      await waitFor(`every process fred started is gone (${started.join(' ')})`, () => started.every((pid) => !processAlive(pid)), 10000);
    });
  }

  const recoveries = [
    { kind: 'gdb', argv: cases[0].argv, commands: ['break main', 'run', 'next'], at: /Breakpoint 1, main[^]*\(gdb\)/, next: 'next', after: /\(gdb\) next[^]*sum \+= i[^]*now 1 of 1/, debugger: 'gdb' },
    { kind: 'pdb', argv: cases[1].argv, commands: ['n'], at: /\(Pdb\)[^]*\(Pdb\)/, next: 'n', after: /\(Pdb\) n[^]*now 1 of 1/, debugger: 'python3' },
  ];
  for (const c of recoveries) {
    it(`${c.kind}: after a fred-checkpoint, the death asks whether to go on from it; y starts a new session there`, async () => {
      const t = (tmux = new TmuxScreen());
      t.start([fred, '--image-dir', dir, ...c.argv()], 120, 36, { LANG: 'C.UTF-8' });
      await t.waitFor('the prompt', c.kind === 'gdb' ? /\(gdb\)/ : /\(Pdb\)/);
      for (const command of c.commands) t.type(command);
      await t.waitFor('stopped', c.at);
      t.type('fred-checkpoint');
      await t.waitFor('the checkpoint', /checkpoint 1 taken/);
      await new Promise((r) => setTimeout(r, 500)); // idle: the command's after-work done
      const first = debuggerOf(t, c.debugger);
      process.kill(first.victim, 'SIGKILL');
      // the image's long path wraps in the console
      await t.waitFor('the question', new RegExp(`start a new ${c.kind} on checkpoint 1 \\([^]*\\.img\\)\\? \\(y or n\\)`));
      t.type('y');
      await t.waitFor('the new session at the checkpoint, its prompt', c.kind === 'gdb' ? /fred: restarted from [^]*\(gdb\)/ : /fred: restarted from [^]*\(Pdb\)/);
      const second = debuggerOf(t, c.debugger);
      assert.notStrictEqual(second.victim, first.victim, 'a new debugger runs');
      t.type(c.next);
      await t.waitFor(`${c.next} in the new session`, c.after);
      t.type('quit');
      const status = await waitFor('fred ends after quit', () => t.exitStatus() !== undefined && { code: t.exitStatus() }, 30000)
        .catch((e: Error) => { throw new Error(`${e.message}\n--- screen ---\n${t.screen()}`); });
      assert.strictEqual(status.code, 0, t.screen());
      const all = [...first.started, ...second.started];
      await waitFor(`every process fred started is gone (${all.join(' ')})`, () => all.every((pid) => !processAlive(pid)), 10000);
    });

    it(`${c.kind}: n at the question ends the session as without an image`, async () => {
      const t = (tmux = new TmuxScreen());
      t.start([fred, '--image-dir', dir, ...c.argv()], 120, 36, { LANG: 'C.UTF-8' });
      await t.waitFor('the prompt', c.kind === 'gdb' ? /\(gdb\)/ : /\(Pdb\)/);
      for (const command of c.commands) t.type(command);
      await t.waitFor('stopped', c.at);
      t.type('fred-checkpoint');
      await t.waitFor('the checkpoint', /checkpoint 1 taken/);
      await new Promise((r) => setTimeout(r, 500));
      const first = debuggerOf(t, c.debugger);
      process.kill(first.victim, 'SIGKILL');
      await t.waitFor('the question', /\? \(y or n\)/);
      t.type('n');
      const status = await waitFor('fred ends by itself', () => t.exitStatus() !== undefined && { code: t.exitStatus() }, 20000)
        .catch((e: Error) => { throw new Error(`${e.message}\n--- screen ---\n${t.screen()}`); });
      assert.strictEqual(status.code, 0, t.screen());
      assert.match(t.screenWithHistory(), new RegExp(`fred: ${c.kind} exited unexpectedly; the session is over`));
      await waitFor(`every process fred started is gone (${first.started.join(' ')})`, () => first.started.every((pid) => !processAlive(pid)), 10000);
    });
  }
});
