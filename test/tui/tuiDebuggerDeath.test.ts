// The full-screen interface notices the debugger's death while it waits for a command
// (nobody typing): it ends at once, leaves the normal screen with one line saying why,
// exits 0 and leaves no process behind. gdb and pdb (python3), in tmux.
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
      const started = descendants(t.panePid);
      const holder = started.find((pid) => commandName(pid) === 'fred-holder');
      const victim = started.filter((pid) => parentOf(pid) === holder && commandName(pid) === c.debugger).sort((a, b) => a - b)[0];
      assert.ok(victim, `${c.debugger} runs under fred-holder`);
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
});
