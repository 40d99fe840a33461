// The full-screen interface as a user sees it: fred gdb in a tmux pane, keys typed with
// send-keys, the screen read with capture-pane. Every wait polls the screen and names
// the phase it waited for.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { waitFor } from '../helpers/processGroup';
import { descendants, processAlive, TmuxScreen } from './tmuxScreen';

const root = path.resolve(__dirname, '..', '..', '..');
const fred = path.join(root, 'bin', 'fred');

function compile(dir: string, name: string): string {
  const out = path.join(dir, name);
  execFileSync('gcc', ['-g', '-O0', '-o', out, path.join(root, 'examples', `${name}.c`)]);
  return out;
}

describe('fred TUI in a terminal (tmux)', function () {
  this.timeout(180000);
  let dir: string;
  let tmux: TmuxScreen | undefined;

  before(function () {
    try {
      execFileSync('tmux', ['-V']);
    } catch {
      throw new Error('tmux is needed for the TUI tests (README, Requirements: apt-get install tmux; .ci/run installs it)');
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-tui-'));
  });
  afterEach(async () => {
    await tmux?.close();
    tmux = undefined;
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  /** Quit with the command and check that fred and everything it started are gone. */
  async function quitCleanly(t: TmuxScreen, started: number[]): Promise<void> {
    t.type('quit');
    const status = await waitFor('fred exits after quit', () => t.exitStatus() !== undefined && { code: t.exitStatus() }, 30000).catch((error: Error) => {
      const left = descendants(t.panePid).map((pid) => { try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { return String(pid); } });
      throw new Error(`${error.message}\nprocesses under fred: ${left.join(' | ')}\n--- screen ---\n${t.screen().trim()}`);
    });
    assert.strictEqual(status.code, 0, `fred's exit status after quit; the terminal shows:\n${t.screen().trim()}`);
    await waitFor('fred\'s process group is gone', () => !t.groupAlive(), 10000);
    await waitFor(`every process fred started is gone (${started.join(' ')})`, () => started.every((pid) => !processAlive(pid)), 10000);
  }

  it('breakpoint, run, next, reverse-next by command and by F2, timeline, program output apart, resize, quit', async () => {
    const program = compile(dir, 'loop_breakpoint');
    const t = (tmux = new TmuxScreen());
    t.start([fred, 'gdb', program], 120, 36, { LANG: 'C.UTF-8' });
    await t.waitFor('the TUI shows gdb\'s prompt and the status line', /\(gdb\)[\s\S]*not started/);
    assert.match(t.screen(), /F2 rev-next/, 'key bar');

    t.type('break 9');
    await t.waitFor('breakpoint set', /Breakpoint 1 at 0x[0-9a-f]+: file /);
    t.type('run');
    await t.waitFor('source pane at line 9 after run', /=>\s+9\s+sum \+= i;/);
    await t.waitFor('status line: stopped at line 9', /stopped at loop_breakpoint\.c:9 in main/);
    t.type('next');
    await t.waitFor('source pane at line 8 after next', /=>\s+8\s+for \(int i/);
    t.type('next');
    await t.waitFor('history shows three commands', /now \(after 3 commands\)/);
    await t.waitFor('timeline at 3', /now 3 of 3 · snapshots/);

    // the processes fred started, while snapshots exist
    const started = descendants(t.panePid);
    assert.ok(started.length >= 3, `fred started gdb, its holder and the program: ${started.join(' ')}`);

    t.type('fred-rn');
    await t.waitFor('source pane back at line 8 after fred-rn', /=>\s+8\s+for \(int i/);
    await t.waitFor('history: now after 2 commands, one undone', /history \(1 undone\)[\s\S]*now \(after 2 commands\)/);
    await t.waitFor('timeline: position moved back to 2, one undone', /now 2 of 3 · 1 undone/);

    t.keys('F2');
    await t.waitFor('F2 ran fred-reverse-next: echoed in the console', /\(gdb\) fred-reverse-next/);
    await t.waitFor('source pane back at line 9 after F2', /=>\s+9\s+sum \+= i;/);
    await t.waitFor('timeline: position 1, two undone', /now 1 of 3 · 2 undone/);

    t.resize(70, 20);
    await t.waitFor('too small: console alone with a note', /terminal too small for fred's panes/);
    assert.doesNotMatch(t.screen(), /─ source/, 'no source pane when too small');
    t.resize(120, 36);
    await t.waitFor('panes come back after growing', /─ source: loop_breakpoint\.c:9/);

    t.type('delete');
    t.type('continue');
    await t.waitFor('the program ran to its end', /exited normally/);
    const screen = await t.waitFor('the program\'s output is in the program pane', /─ program[\s\S]*sum = 45/);
    const consoleRows = screen.split('\n').map((row) => row.slice(0, 74)).join('\n');
    assert.doesNotMatch(consoleRows, /sum = 45/, 'program output must not appear in the console column');
    await t.waitFor('status line: exited', /■ exited \(code 0\)/);

    await quitCleanly(t, started);
  });

  it('fred-reverse-watch: the search ends where the value changed, the timeline tells how many probes', async () => {
    const program = compile(dir, 'loop_bug');
    const t = (tmux = new TmuxScreen());
    t.start([fred, 'gdb', program], 120, 36, { LANG: 'C.UTF-8' });
    await t.waitFor('gdb prompt', /\(gdb\)[\s\S]*not started/);
    t.type('break 17');
    t.type('run');
    await t.waitFor('stopped at the END line', /=>\s+17\s+printf/);
    const started = descendants(t.panePid);
    t.type('fred-reverse-watch balance < 0');
    await t.waitFor('the search found the statement that changed the value', /balance < 0: 0 before the statement below, 1 after \(\d+ probes/);
    await t.waitFor('source pane at the UPDATE line', /=>\s+15\s+balance -= fee_for\(day\);/);
    await t.waitFor('timeline: the last search and its probes', /last search: \d+ probes/);
    await t.waitFor('status line: stopped at line 15', /■ stopped at loop_bug\.c:15 in main/);
    await quitCleanly(t, started);
  });

  it('Tab gives the keyboard to the program, which reads its own terminal', async () => {
    const source = path.join(dir, 'echo_line.c');
    fs.writeFileSync(source, '#include <stdio.h>\nint main(void)\n{\n    char line[100];\n    printf("type a line\\n");\n    fflush(stdout);\n    if (fgets(line, sizeof line, stdin)) printf("got: %s", line);\n    return 0;\n}\n');
    const program = path.join(dir, 'echo_line');
    execFileSync('gcc', ['-g', '-O0', '-o', program, source]);
    const t = (tmux = new TmuxScreen());
    t.start([fred, 'gdb', program], 110, 30, { LANG: 'C.UTF-8' });
    await t.waitFor('gdb prompt', /\(gdb\)[\s\S]*not started/);
    t.type('run');
    await t.waitFor('the program asks for a line', /─ program[\s\S]*type a line/);
    const started = descendants(t.panePid);
    t.keys('Tab');
    await t.waitFor('the program pane has the keyboard', /program \(typing goes here/);
    t.type('hello fred');
    await t.waitFor('the program got the line', /got: hello fred/);
    await t.waitFor('the program ended', /exited normally/);
    t.keys('Tab');
    await t.waitFor('the console has the keyboard again', /─ program ─/);
    await quitCleanly(t, started);
  });

  it('fred pdb: the same panes; the program shares the console', async () => {
    const t = (tmux = new TmuxScreen());
    t.start([fred, 'pdb', path.join(root, 'examples', 'loop_bug.py')], 120, 36, { LANG: 'C.UTF-8' });
    await t.waitFor('pdb prompt', /\(Pdb\)/);
    await t.waitFor('the program pane says where the output goes', /pdb runs the program in its own/);
    t.type('break 10');
    t.type('continue');
    await t.waitFor('source pane at line 10', /=>\s+10\s+balance \+= 5/);
    t.type('next');
    await t.waitFor('source pane at line 11', /=>\s+11\s+balance -= fee_for/);
    const started = descendants(t.panePid);
    t.keys('F2');
    await t.waitFor('F2 went back to line 10', /=>\s+10\s+balance \+= 5/);
    await t.waitFor('timeline: one command undone', /now 1 of 2 · 1 undone/);
    await quitCleanly(t, started);
  });

  it('fred pdb: help of a fred command is answered in the console (fred answers it, not pdb)', async () => {
    const t = (tmux = new TmuxScreen());
    t.start([fred, 'pdb', path.join(root, 'examples', 'loop_bug.py')], 110, 30, { LANG: 'C.UTF-8' });
    await t.waitFor('pdb prompt', /\(Pdb\)/);
    const started = descendants(t.panePid);
    t.type('help fred-undo');
    await t.waitFor('fred\'s help in the console', /Usage: fred-undo \[N\]/);
    await quitCleanly(t, started);
  });

  it('fred pdb: after Tab, a line typed is the program\'s input', async () => {
    const script = path.join(dir, 'ask.py');
    fs.writeFileSync(script, 'name = input("name? ")\nprint("hello", name)\nprint("done")\n');
    const t = (tmux = new TmuxScreen());
    t.start([fred, 'pdb', script], 110, 30, { LANG: 'C.UTF-8' });
    await t.waitFor('pdb prompt', /\(Pdb\)/);
    t.type('break 3');
    t.type('continue');
    await t.waitFor('the program asks in the console', /\(Pdb\) continue[^\n]*\n│name\? /);
    const started = descendants(t.panePid);
    t.keys('Tab');
    await t.waitFor('typing goes to the program', /program \(typing goes here/);
    t.type('fred');
    await t.waitFor('the program got the line', /hello fred/);
    await t.waitFor('stopped at the breakpoint after the input', /=>\s+3\s+print\("done"\)/);
    t.keys('Tab');
    await t.waitFor('commands again', /─ program ─/);
    await quitCleanly(t, started);
  });

  it('Ctrl-C interrupts a running program; the status line shows it running, then stopped', async () => {
    const program = compile(dir, 'infinite_loop');
    const t = (tmux = new TmuxScreen());
    t.start([fred, 'gdb', program], 110, 30, { LANG: 'C.UTF-8' });
    await t.waitFor('gdb prompt', /\(gdb\)[\s\S]*not started/);
    t.type('run');
    await t.waitFor('the program prints in its own pane', /─ program[\s\S]*spinning/);
    await t.waitFor('status line: running run, with elapsed time', /◴ running run · \d+\.\d s/);
    const started = descendants(t.panePid);
    t.keys('C-c');
    await t.waitFor('gdb reports the interrupt', /Program received signal SIGINT/);
    await t.waitFor('status line: stopped in main', /■ stopped at infinite_loop\.c:\d+ in main/);
    await quitCleanly(t, started);
  });
});
