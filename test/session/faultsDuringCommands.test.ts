// Faults in the middle of a command: fred, gdb or python3 killed (SIGKILL) during a reverse
// command's replay, during a reverse search and while a checkpoint image is written. Each
// time: no process of the session is left, no session directory outlives its fred (a
// killed fred's goes at the next start), checkpoint images verify or are not there, the
// user's terminal has the settings it had before fred started, and the next fred works.
// fred runs in an interactive bash on a pseudo-terminal, as a user runs it.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAddon } from '../../src/fred/checkpointer/nativePaths';
import { waitFor } from '../helpers/processGroup';
import { groupOf, Terminal } from '../snapshots/terminal';
import { processesTagged } from './pdbScenario';
import { commandLine, commandName, parentOf } from '../helpers/procInfo';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const fredCli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');
const programs = path.join(repoRoot, 'test', 'session', 'programs');

let scratch: string | undefined;
function scratchDir(): string {
  if (!scratch) {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-faults-'));
    fs.chmodSync(scratch, 0o755); // the programs run as nobody too
  }
  return scratch;
}

function faultTarget(): string {
  const binary = path.join(scratchDir(), 'fault_target');
  if (!fs.existsSync(binary)) execFileSync('gcc', ['-g', '-O0', '-o', binary, path.join(programs, 'fault_target.c')]);
  return binary;
}

/** The line of a test program that carries the comment MARKER (C or Python). */
function lineOf(file: string, marker: string): number {
  const index = fs.readFileSync(path.join(programs, file), 'utf8').split('\n').findIndex((l) => l.includes(`/* ${marker} */`) || l.includes(`# ${marker}`));
  assert.ok(index >= 0, `no ${marker} in ${file}`);
  return index + 1;
}

function longLoop(): string {
  const binary = path.join(scratchDir(), 'long_loop');
  if (!fs.existsSync(binary)) execFileSync('gcc', ['-g', '-O0', '-o', binary, path.join(repoRoot, 'examples', 'long_loop.c')]);
  return binary;
}

/** When pid started (clock ticks since boot, /proc/PID/stat field 22). */
function startTime(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return Infinity;
  }
}

const NOBODY = 65534;

function sessionDirectoriesOf(fredPid: number, uid = process.getuid!()): string[] {
  try {
    return fs.readdirSync(`/tmp/fred-ckpt-${uid}`).filter((name) => name.startsWith(`session-${fredPid}-`));
  } catch {
    return [];
  }
}

let runs = 0;

/** `fred --plain ARGS` typed into an interactive bash on a pseudo-terminal; every process carries a tag. */
class FredAtTerminal {
  readonly tag = `fred-fault-test-${process.pid}-${++runs}`;
  readonly imageDir = fs.mkdtempSync(path.join(scratchDir(), 'images-'));
  private readonly files = { before: path.join(this.imageDir, `${this.tag}.before`), after: path.join(this.imageDir, `${this.tag}.after`) };
  readonly term: Terminal;
  fredPid = 0;

  /** asNobody: the shell (so fred and all it starts) runs as the unprivileged user nobody. */
  constructor(private readonly args: string[], readonly asNobody = false) {
    // nobody has no home: one of its own, apart from the images (readline's history, gdb's cache)
    const home = asNobody ? fs.mkdtempSync(path.join(scratchDir(), 'home-')) : undefined;
    if (asNobody) for (const dir of [this.imageDir, home!]) fs.chownSync(dir, NOBODY, NOBODY);
    const shell = ['bash', '--norc', '--noprofile', '-i'];
    const argv = asNobody ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...shell] : shell;
    this.term = new Terminal(this.tag, argv[0], argv.slice(1), {
      cwd: this.imageDir, cols: 120, rows: 40, env: { ...process.env, PS1: 'SHELL$ ', FRED_TEST_TAG: this.tag, HISTFILE: '/dev/null', ...(home ? { HOME: home } : {}) },
    });
  }

  async start(): Promise<void> {
    await this.term.expect('the shell prompt', /SHELL\$ /);
    this.term.type(`stty -g > ${this.files.before}`);
    await this.term.expect('stty done', /SHELL\$ /);
    const quoted = [fredCli, '--plain', '--image-dir', this.imageDir, ...this.args].map((a) => `'${a}'`).join(' ');
    this.term.type(`node ${quoted}; echo "fred-status=$?"`);
    this.fredPid = await waitFor('fred to start', () => processesTagged(this.tag).find((pid) => commandLine(pid).includes(fredCli)));
  }

  async expect(phase: string, pattern: RegExp, timeoutMs = 60000): Promise<RegExpMatchArray> {
    return this.term.expect(phase, pattern, timeoutMs);
  }

  type(line: string): void { this.term.type(line); }

  /** The debugger fred runs (gdb, or python3 -m pdb: the child of fred-holder). */
  debuggerPid(kind: 'gdb' | 'pdb'): number {
    const holder = processesTagged(this.tag).find((pid) => commandName(pid) === 'fred-holder');
    assert.ok(holder, 'fred-holder runs');
    // frozen snapshot copies of python3 are children of fred-holder too: the live one is the
    // one fred announced in the holder's --follow file, or before any, the holder's first child
    const holderArgs = commandLine(holder).split(' ');
    const follow = holderArgs.includes('--follow') ? holderArgs[holderArgs.indexOf('--follow') + 1] : undefined;
    const announced = follow && fs.existsSync(follow) ? Number(fs.readFileSync(follow, 'utf8').trim()) : 0;
    const children = processesTagged(this.tag).filter((pid) => parentOf(pid) === holder && commandName(pid) === (kind === 'gdb' ? 'gdb' : 'python3'));
    const found = announced || children.sort((a, b) => startTime(a) - startTime(b))[0];
    assert.ok(found, `${kind} runs under fred-holder`);
    return found;
  }

  /** After fred ended: its exit status as the shell saw it; the terminal's settings are compared. */
  async ended(): Promise<number> {
    const status = Number((await this.expect('fred to end', /fred-status=(\d+)/))[1]);
    this.type(`stty -g > ${this.files.after}`);
    await this.expect('stty done', /SHELL\$ /);
    await waitFor('stty to write its file', () => fs.existsSync(this.files.after) && fs.readFileSync(this.files.after, 'utf8').includes(':'));
    assert.equal(fs.readFileSync(this.files.after, 'utf8'), fs.readFileSync(this.files.before, 'utf8'), 'the terminal has its settings of before fred started');
    return status;
  }

  /** Every process the run started is gone (the shell aside). */
  async expectNothingLeft(): Promise<void> {
    const others = () => processesTagged(this.tag).filter((pid) => pid !== this.term.pid);
    try {
      await waitFor('every process of the session to end', () => others().length === 0, 10000);
    } catch (e) {
      throw new Error(`${(e as Error).message}: ${others().map((pid) => `${pid} ${commandLine(pid)}`).join('; ')}`);
    }
  }

  /** Checkpoint images the session wrote: each verifies; no partial image under a temporary name. */
  checkImages(): string[] {
    const names = fs.readdirSync(this.imageDir).filter((n) => !n.startsWith(this.tag));
    const addon = loadAddon();
    for (const name of names.filter((n) => n.endsWith('.img'))) assert.doesNotThrow(() => addon.imageVerify(path.join(this.imageDir, name)), `${name} verifies`);
    assert.deepEqual(names.filter((n) => !n.endsWith('.img')), [], 'no partial image is left');
    return names;
  }

  /** Ends every process group the run still has (fred's job, fred-holder's session...), by group id. */
  async close(): Promise<void> {
    for (const pid of processesTagged(this.tag)) {
      const group = groupOf(pid);
      if (group) this.term.track(group);
    }
    await this.term.close();
  }
}

/** The next fred after a fault: starts, goes forward and back, quits; a killed fred's session directory is gone. */
async function nextFredWorks(killedFred?: number, asNobody = false): Promise<void> {
  const next = new FredAtTerminal(['gdb', faultTarget()], asNobody);
  try {
    await next.start();
    await next.expect('gdb prompt', /\(gdb\) /);
    if (killedFred) assert.deepEqual(sessionDirectoriesOf(killedFred, asNobody ? NOBODY : undefined), [], 'the killed fred\'s session directory is removed at the next start');
    for (const c of [`break fault_target.c:${lineOf('fault_target.c', 'A1')}`, 'run 0 1000', 'next', 'next', 'next', 'fred-rn', 'p a']) next.type(c);
    await next.expect('went back', /\$1 = 1/);
    next.type('quit');
    assert.equal(await next.ended(), 0);
    await next.expectNothingLeft();
  } finally {
    await next.close();
  }
}

function noStackTrace(transcript: string): void {
  assert.doesNotMatch(transcript, /internal error|\n\s+at [\w.<>]+ \(/, 'no internal error, no stack trace');
}

describe('faults during reverse commands and checkpoints: nothing left, terminal restored, next start works', function () {
  this.timeout(300000);
  const open: FredAtTerminal[] = [];
  afterEach(async () => { for (const f of open.splice(0)) await f.close(); });

  /** gdb session stopped after `next` over slow(): a reverse-next replays that call (seconds). */
  async function gdbOverSlowCall(asNobody = false): Promise<FredAtTerminal> {
    const fred = new FredAtTerminal(['--snapshot-every', '100', '--cheap-replay', '0', 'gdb', faultTarget()], asNobody);
    open.push(fred);
    await fred.start();
    for (const c of [`break fault_target.c:${lineOf('fault_target.c', 'A1')}`, 'run 8 4000000000', 'fred-checkpoint', 'next', 'next', 'next', 'p a']) fred.type(c);
    await fred.expect('forward run done', /\$1 = 2/);
    return fred;
  }

  for (const asNobody of [false, true]) {
    const who = asNobody ? ' (as nobody)' : '';
    it(`gdb killed during a replay${who}: fred says so in one line, ends, nothing is left, the image verifies`, async function () {
      const fred = await gdbOverSlowCall(asNobody);
      fred.type('fred-rn');
      await fred.expect('reverse-next started', /fred-rn/);
      await new Promise((r) => setTimeout(r, 800));
      process.kill(fred.debuggerPid('gdb'), 'SIGKILL');
      await fred.expect('the death said', /fred: gdb exited unexpectedly/);
      await fred.expect('the offer to go on from the checkpoint', /start a new gdb on checkpoint 1 \(.*\)\? \(y or n\)/);
      fred.type('n');
      assert.equal(await fred.ended(), 0);
      noStackTrace(fred.term.output);
      await fred.expectNothingLeft();
      assert.deepEqual(sessionDirectoriesOf(fred.fredPid, asNobody ? NOBODY : undefined), []);
      assert.equal(fred.checkImages().length, 1);
      await nextFredWorks(undefined, asNobody);
    });

    it(`fred killed during a replay${who}: every process of its session ends; the next start removes its directory`, async function () {
      const fred = await gdbOverSlowCall(asNobody);
      fred.type('fred-rn');
      await fred.expect('reverse-next started', /fred-rn/);
      await new Promise((r) => setTimeout(r, 800));
      process.kill(fred.fredPid, 'SIGKILL');
      await fred.ended();
      await fred.expectNothingLeft();
      assert.equal(fred.checkImages().length, 1);
      await nextFredWorks(fred.fredPid, asNobody);
    });
  }

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`fred ended by ${signal} during a replay: it ends its session itself (directory gone at once), restores the terminal, exits 128+N`, async function () {
      const fred = await gdbOverSlowCall();
      fred.type('fred-rn');
      await fred.expect('reverse-next started', /fred-rn/);
      await new Promise((r) => setTimeout(r, 800));
      process.kill(fred.fredPid, signal);
      // an exit status, not a death by signal: bash leaves the terminal as fred left it
      assert.equal(await fred.ended(), 128 + os.constants.signals[signal]);
      assert.deepEqual(sessionDirectoriesOf(fred.fredPid), [], 'the session directory is removed by fred itself');
      await fred.expectNothingLeft();
      assert.equal(fred.checkImages().length, 1);
    });
  }

  it('gdb killed during a reverse search (fred-reverse-watch, between probes): the same', async function () {
    const program = longLoop();
    const fred = new FredAtTerminal(['--cheap-replay', '0', 'gdb', program]);
    open.push(fred);
    await fred.start();
    const end = fs.readFileSync(path.join(repoRoot, 'examples', 'long_loop.c'), 'utf8').split('\n').findIndex((l) => l.includes('/* END */')) + 1;
    for (const c of [`break long_loop.c:${end}`, 'run 7000000 10000000', 'fred-checkpoint', 'fred-reverse-watch value < 0']) fred.type(c);
    await fred.expect('the search is probing', /fred: probe [2-9]/, 120000);
    process.kill(fred.debuggerPid('gdb'), 'SIGKILL');
    await fred.expect('the death said', /fred: gdb exited unexpectedly/);
    await fred.expect('the offer to go on from the checkpoint', /\(y or n\)/);
    fred.type('n');
    assert.equal(await fred.ended(), 0);
    noStackTrace(fred.term.output);
    await fred.expectNothingLeft();
    assert.deepEqual(sessionDirectoriesOf(fred.fredPid), []);
    assert.equal(fred.checkImages().length, 1);
  });

  for (const victim of ['gdb', 'fred'] as const) {
    it(`${victim} killed while a checkpoint image is written: no partial image, nothing left, the next start works`, async function () {
      const fred = new FredAtTerminal(['gdb', faultTarget()]);
      open.push(fred);
      await fred.start();
      for (const c of [`break fault_target.c:${lineOf('fault_target.c', 'A1')}`, 'run 96 1000']) fred.type(c);
      await fred.expect('stopped at A1', /A1 \*\/\r\n/, 120000);
      fred.type('fred-checkpoint');
      await fred.expect('checkpoint started', /fred-checkpoint\r*\n/);
      await new Promise((r) => setTimeout(r, Math.random() * 150));
      process.kill(victim === 'gdb' ? fred.debuggerPid('gdb') : fred.fredPid, 'SIGKILL');
      if (victim === 'gdb') {
        await fred.expect('the death said', /gdb exited unexpectedly|checkpoint 1 taken[^]*gdb exited unexpectedly/);
        const offered = /\(y or n\)/.test(fred.term.output);
        if (offered) fred.type('n');
      }
      const status = await fred.ended();
      if (victim === 'gdb') assert.equal(status, 0);
      noStackTrace(fred.term.output);
      await fred.expectNothingLeft();
      const images = fred.checkImages();
      console.log(`      (${victim} killed: ${images.length ? 'the image was complete' : 'no image'})`);
      if (victim === 'gdb') assert.deepEqual(sessionDirectoriesOf(fred.fredPid), []);
      await nextFredWorks(victim === 'fred' ? fred.fredPid : undefined);
    });
  }

  /** pdb session stopped after `n` over slow(): a reverse-next replays that call (seconds). */
  async function pdbOverSlowCall(): Promise<FredAtTerminal> {
    const fred = new FredAtTerminal(['--snapshot-every', '100', '--cheap-replay', '0', 'pdb', path.join(programs, 'fault_target.py'), '8', '40000000']);
    open.push(fred);
    await fred.start();
    // no breakpoint in the file: pdb would trace every line of slow() (bdb's break_anywhere)
    for (const c of ['n', 'n', 'n', 'n', 'n', 'n', 'fred-checkpoint', 'n', 'n', 'p a']) fred.type(c);
    await fred.expect('forward run done', /(\n|\x1b\[7G)2\r\n/, 120000);
    return fred;
  }

  for (const victim of ['python3', 'fred'] as const) {
    it(`pdb: ${victim} killed during a replay: nothing left, terminal restored, the next start works`, async function () {
      const fred = await pdbOverSlowCall();
      fred.type('fred-rn');
      await fred.expect('reverse-next replays', /fred: probe 1/);
      await new Promise((r) => setTimeout(r, 200));
      process.kill(victim === 'python3' ? fred.debuggerPid('pdb') : fred.fredPid, 'SIGKILL');
      if (victim === 'python3') {
        await fred.expect('the death said', /fred: pdb exited unexpectedly/);
        await fred.expect('the offer to go on from the checkpoint', /\(y or n\)/);
        fred.type('n');
      }
      const status = await fred.ended();
      if (victim === 'python3') assert.equal(status, 0);
      noStackTrace(fred.term.output);
      await fred.expectNothingLeft();
      if (victim === 'python3') assert.deepEqual(sessionDirectoriesOf(fred.fredPid), []);
      assert.equal(fred.checkImages().length, 1);
      await nextFredWorks(victim === 'fred' ? fred.fredPid : undefined);
    });
  }
});
