// fred pdb at the terminal level: after a restore the resumed python3 copy must be the
// terminal's foreground process group, keep reading the terminal, and readline's echo,
// line editing and Ctrl-C must work as before. Runs the session in-process to reach the
// program's pid and the raw keystrokes.
import * as assert from 'assert';
import * as fs from 'fs';
import { parseCliArguments } from '../../src/fred/cli/cliArguments';
import { StartedSession, startSession } from '../../src/fred/session/startSession';
import { killGroup, trackGroup } from '../helpers/processGroup';
import { script } from './pdbScenario';

/** Await promise, or fail naming the phase if it takes longer than ms. */
async function within<T>(phase: string, promise: Promise<T>, ms = 20000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms in phase: ${phase}`)), ms); });
  try { return await Promise.race([promise, timeout]); } finally { clearTimeout(timer); }
}

/** pgrp and the terminal's foreground group (tpgid) of a process, from /proc/PID/stat. */
function groups(pid: number): { pgrp: number; tpgid: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pgrp: Number(fields[2]), tpgid: Number(fields[5]) };
}

describe('fred pdb: the terminal after a restore', function () {
  this.timeout(60000);
  let started: StartedSession | undefined;
  let holder = 0;

  async function start(name: string): Promise<StartedSession> {
    const session = startSession(parseCliArguments(['--plain', 'pdb', script(name)]), () => undefined);
    started = await within(`fred pdb ${name} start`, session);
    holder = started.session.debugger_.pid;
    trackGroup(holder);
    return started;
  }

  afterEach(async function () {
    this.timeout(20000);
    await within('session close', started?.close() ?? Promise.resolve()).catch(() => undefined);
    if (holder) await killGroup(holder);
    started = undefined;
    holder = 0;
  });

  async function pythonPid(s: StartedSession): Promise<number> {
    const pid = await within('program pid', s.session.control.programPid());
    assert.ok(pid, 'python3 runs');
    return pid;
  }

  it('the resumed copy is the foreground process group and reads the terminal', async function () {
    const s = await start('loop_bug');
    const original = await pythonPid(s);
    for (const c of ['n', 'n', 'n', 'n']) await within(c, s.runner.handle(c));
    await within('fred-undo', s.runner.handle('fred-undo'));
    const resumed = await pythonPid(s);
    assert.notStrictEqual(resumed, original, 'a new process stands for python3');
    const g = groups(resumed);
    assert.strictEqual(g.tpgid, g.pgrp, 'its group is the terminal\'s foreground group');
    assert.strictEqual(fs.existsSync(`/proc/${original}`) && !/\) Z /.test(fs.readFileSync(`/proc/${original}/stat`, 'utf8')), false, 'the old process is gone');
    assert.strictEqual((await within('p balance', s.runner.handle('p balance'))).trim(), '100');
  });

  it('readline editing and echo work in the resumed copy', async function () {
    const s = await start('loop_bug');
    for (const c of ['n', 'n', 'n', 'n', 'fred-undo']) await within(c, s.runner.handle(c));
    const shown: string[] = [];
    s.session.debugger_.onOutput((chunk) => shown.push(chunk));
    // backspace, then cursor left and an insertion: readline rewrites the line
    const edited = await within('edited line', s.runner.handle('p 40+3\x7f2'));
    assert.strictEqual(edited.trim(), '42');
    const inserted = await within('inserted characters', s.runner.handle(`p +balance${'\x1b[D'.repeat(8)}1000`));
    assert.strictEqual(inserted.trim(), '1100', '"1000" went in front of "+balance"');
    assert.match(shown.join(''), /p 40\+3/, 'the typed characters were echoed');
  });

  it('the session ends when the resumed copy ends (fred-holder follows it), and not before', async function () {
    const s = await start('loop_bug');
    let exited = false;
    s.session.debugger_.onExit(() => { exited = true; });
    for (const c of ['n', 'n', 'n', 'fred-undo', 'n', 'fred-undo']) await within(c, s.runner.handle(c));
    assert.strictEqual(exited, false, 'killing the replaced python3 did not end the session');
    const text = await within('python3 exits by itself', s.runner.handle('!__import__("os")._exit(3)'));
    assert.match(text, /pdb exited/);
    assert.strictEqual(exited, true);
    const until = Date.now() + 5000;
    while (fs.existsSync(`/proc/${holder}`) && !/\) Z /.test(fs.readFileSync(`/proc/${holder}/stat`, 'utf8'))) {
      if (Date.now() > until) throw new Error('phase "fred-holder ends" hung');
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  it('Ctrl-C interrupts the resumed copy', async function () {
    const s = await start('infinite_loop');
    for (const c of ['n', 'n', 'n', 'fred-undo']) await within(c, s.runner.handle(c));
    let shown = '';
    const off = s.session.debugger_.onOutput((chunk) => { shown += chunk; });
    const running = s.runner.handle('c');
    const until = Date.now() + 20000;
    while (!shown.includes('spinning')) {
      if (Date.now() > until) throw new Error(`phase "program runs after c" hung; shown: ${shown}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    s.runner.interrupt();
    const text = await within('interrupted continue', running);
    off();
    assert.match(text, /Program interrupted/);
    assert.match(await within('p spins', s.runner.handle('p spins > 0')), /True/);
  });
});
