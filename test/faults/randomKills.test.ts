// Fault injection (issue 16): SIGKILL of the program, the image writer, fred and gdb at
// random moments during a checkpoint, a restart and a reverse command, FRED_FAULT_ROUNDS
// (100) times each. After every kill: every image there is whole and verifies, no process
// of the trial is left, and the session goes on (the next command works) or fred said in
// one line why it cannot (never a stack trace or an internal error).
//
// The moments come from a seeded generator: the seed is in the titles, FRED_FAULT_SEED
// gives it again. To stay cheap, the program and the writer are killed in one long-lived
// fred session and under fred-ckpt directly (milliseconds a kill); gdb is killed in one
// session that goes on each time from the latest checkpoint image (fred's recovery); only
// a killed fred needs a new session, so those trials run a few sessions side by side.
//
// "The writer": fred-ckpt's copy writing an image (<control>/wrk.PID), or in a fred
// session the frozen snapshot copy, which is what writes a checkpoint's image (a spill)
// and what a restart or a reverse command resumes from.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { checkpointToImage, defaultControlDir } from '../../src/fred/checkpointer/checkpointControl';
import { launch, program, Proc, restart, scratchDir, waitBlockedInRead } from '../checkpointer/harness';
import { running } from '../snapshots/terminal';
import {
  childrenOf, expectGone, expectNoneTagged, expectNoTrace, expectWholeImages, faultRounds, faultSeed, FredOnPty, plain, Rng, sleep, tracerOf,
} from './faultHarness';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const fredCli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');
const source = path.join(repoRoot, 'test', 'faults', 'programs', 'kill_loop.c');
const TURN = fs.readFileSync(source, 'utf8').split('\n').findIndex((l) => l.includes('/* TURN */')) + 1;

const seed = faultSeed();
const rounds = faultRounds();
const rng = new Rng(seed);
/** FRED_FAULT_VERBOSE=1: one line a trial, with its duration. */
const verbose = !!process.env.FRED_FAULT_VERBOSE;
const ops = ['checkpoint', 'restart', 'reverse'] as const;
type Op = typeof ops[number];

let scratch: string | undefined;
function work(): string {
  scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), 'fred-random-kills-'));
  return scratch;
}
after(() => { if (scratch) fs.rmSync(scratch, { recursive: true, force: true }); });

function killLoop(): string {
  const binary = path.join(work(), 'kill_loop');
  if (!fs.existsSync(binary)) execFileSync('gcc', ['-g', '-O0', '-o', binary, source]);
  return binary;
}

function kill(pid: number | undefined): boolean {
  if (!pid) return false;
  try { process.kill(pid, 'SIGKILL'); return true; } catch { return false; }
}

/** Counts of what happened, printed after each victim kind. */
class Tally {
  private readonly counts = new Map<string, number>();
  add(key: string): void { this.counts.set(key, (this.counts.get(key) ?? 0) + 1); }
  toString(): string { return [...this.counts].sort().map(([k, n]) => `${k} ${n}`).join(', '); }
}

let trials = 0;
const tag = () => `fred-random-kill-${process.pid}-${++trials}`;

/** What fred said after the kill, if the command did not succeed: one line of fred's or gdb's saying what happened. */
function expectSaysWhy(text: string, succeeded: RegExp, phase: string): boolean {
  expectNoTrace(text, phase);
  if (succeeded.test(text)) return true;
  assert.match(text, /^fred: (?!probe \d).+$|^Program terminated with signal SIGKILL|^\[Inferior \d+ \(process \d+\) killed\]/m, `${phase}: neither the answer nor a line saying why:\n${text}`);
  return false;
}

const succeeded: Record<Op, RegExp> = {
  checkpoint: /^checkpoint \d+ taken/m,
  restart: /^#0 /m,
  reverse: /^#0 /m,
};

/** One long-lived fred session on kill_loop, stopped at TURN with a checkpoint taken. */
class LongSession {
  readonly imageDir = fs.mkdtempSync(path.join(work(), 'session-images-'));
  fred!: FredOnPty;
  readonly tag = tag();

  async start(): Promise<void> {
    this.fred = new FredOnPty(this.tag, fredCli, ['--image-dir', this.imageDir, 'gdb', killLoop()], work());
    await this.fred.settle('fred to start', 0);
    await this.fred.ok(`break kill_loop.c:${TURN}`);
    await this.ready('start');
  }

  /** The program runs and stands at TURN, with a checkpoint (its snapshot may have been killed since). */
  async ready(phase: string): Promise<void> {
    const probe = await this.fred.ok('p $pc', `${phase}: probe`);
    if (!/\$\d+ = .*0x/.test(probe)) {
      const ran = await this.fred.command('run 4 2000000', `${phase}: run again`);
      if (ran.outcome === 'question') await this.fred.ok('y', `${phase}: run again (confirmed)`);
      else assert.equal(ran.outcome, 'prompt', ran.text);
      assert.match(await this.fred.ok('p $pc', `${phase}: probe after run`), /\$\d+ = .*0x/);
    }
    // old images go (the last stays): the disk holds only what the test checks
    const images = fs.readdirSync(this.imageDir).sort((a, b) => fs.statSync(path.join(this.imageDir, a)).mtimeMs - fs.statSync(path.join(this.imageDir, b)).mtimeMs);
    for (const name of images.slice(0, -1)) fs.rmSync(path.join(this.imageDir, name));
    if (images.length === 0 || rng.next() < 0.2) {
      const answer = await this.fred.ok('fred-checkpoint', `${phase}: checkpoint`);
      // a program killed while stopped: gdb still shows its registers; fred's checkpoint sees it is gone
      if (/has ended \(killed\?\)/.test(answer)) return this.runAgain(phase);
      assert.match(answer, /checkpoint \d+ taken/);
    }
  }

  /** The program was killed while stopped: gdb forgets it, and it runs again to TURN. */
  private async runAgain(phase: string): Promise<void> {
    const killed = await this.fred.command('kill', `${phase}: gdb forgets the dead program`);
    if (killed.outcome === 'question') await this.fred.ok('y', `${phase}: kill (confirmed)`);
    return this.ready(`${phase} (program gone)`);
  }

  /** The program goes on to its next TURN (a reverse command then has a \`continue\` to go back into). */
  private async goOn(label: string): Promise<void> {
    const went = await this.fred.ok('continue', `${label}: continue`);
    // killed after the last trial's command: fred says so and does not resume it. From the
    // first TURN a reverse command walks the 4 MiB fill loop line by line (minutes here).
    if (!/has ended \(killed\?\)/.test(went)) return;
    await this.runAgain(`${label}: the program had ended`);
    await this.fred.ok('continue', `${label}: continue`);
  }

  /** op in the session; victim killed after delayMs. Returns whether the kill happened before the command ended. */
  async trial(op: Op, victim: 'program' | 'writer', delayMs: number, label: string, tally: Tally): Promise<void> {
    const f = this.fred;
    await this.goOn(label);
    const command = { checkpoint: 'fred-checkpoint', restart: 'fred-restart', reverse: 'fred-rn' }[op];
    const from = f.output.length;
    f.term.type(command);
    await sleep(delayMs);
    const program = 'kill_loop';
    let target: number | undefined;
    if (victim === 'program') {
      target = f.program();
    } else {
      const copies = f.copies(program);
      // a checkpoint's writer is its newest copy; a restart or reverse command resumes from any
      target = op === 'checkpoint' ? copies.sort((a, b) => b - a)[0] : copies[rng.int(Math.max(1, copies.length))];
    }
    const dependants = target ? childrenOf(target, f.tagged()) : [];
    const killed = kill(target);
    const outcome = await f.settle(`${label}: ${command} after the kill`, from);
    const text = f.output.slice(from);
    assert.equal(outcome, 'prompt', `${label}: the session did not go on after ${command}:\n${text}`);
    const ok = expectSaysWhy(plain(text), succeeded[op], label);
    tally.add(`${killed ? 'killed' : 'missed'}/${ok ? 'done' : 'said why'}`);
    if (verbose && !ok) console.log(`        ${label}: ${/^fred: (?!probe \d).+$|^Program terminated.*$/m.exec(plain(text))?.[0]}`);
    // a frozen copy's children are its spare (which follows it) or the live program it resumed (which gdb debugs now)
    const gdb = f.gdb();
    await expectGone([...(killed ? [target!] : []), ...dependants.filter((p) => !gdb || tracerOf(p) !== gdb)], `${label}: the killed process and its children to end`);
    expectWholeImages(this.imageDir, label);
    await this.ready(label);
  }

  async end(): Promise<void> {
    if (!this.fred) return;
    try {
      await this.fred.command('quit', 'quit');
      await expectNoneTagged(this.tag, 'the long session to end');
    } finally {
      await this.fred.close();
    }
  }
}

/** fred-ckpt on its own: a launched program checkpointed and restarted, killed at random moments. */
class CkptLane {
  readonly dir = scratchDir('random-kills');
  readonly image = path.join(this.dir, 'image.img');
  p?: Proc;
  private restarts = 0;

  async program(): Promise<Proc> {
    if (!this.p || this.p.exit || !running(this.p.pid)) {
      if (this.p) await this.p.kill();
      this.p = await launch('memory under random kills', program('memory.c'), [path.join(scratchDir('random-kills-scratch'), 'scratch')]);
    }
    return this.p;
  }

  async checkpoint(victim: 'program' | 'writer', delayMs: number, label: string, tally: Tally): Promise<void> {
    const p = await this.program();
    await waitBlockedInRead(p.pid, label);
    const first = !fs.existsSync(this.image);
    const pending = checkpointToImage(p.pid, this.image).then(() => 'ok', (e: Error) => e.message);
    let target: number | undefined;
    const until = Date.now() + delayMs;
    while (Date.now() < until) await sleep(0.2);
    if (victim === 'program') target = p.pid;
    else {
      try { target = Number(fs.readFileSync(path.join(defaultControlDir(), `wrk.${p.pid}`), 'utf8')) || undefined; } catch { /* not yet, or done */ }
    }
    const killed = kill(target);
    const outcome = await pending;
    if (outcome !== 'ok') assert.match(outcome, /^checkpoint of process \d+ failed: .*died/, `${label}: ${outcome}`);
    expectNoTrace(outcome, label);
    tally.add(`${killed ? 'killed' : 'missed'}/${outcome === 'ok' ? 'done' : 'said why'}`);
    if (killed) await expectGone([target!], `${label}: the killed process to end`);
    if (victim === 'program') await p.kill();
    expectWholeImages(this.dir, label);
    if (first && outcome !== 'ok') await checkpointToImage((await this.program()).pid, this.image);
  }

  async restart(delayMs: number, label: string, tally: Tally): Promise<void> {
    if (!fs.existsSync(this.image)) await checkpointToImage((await this.program()).pid, this.image);
    const r = restart(`${label} restart`, this.image);
    await sleep(delayMs);
    const killed = kill(r.pid);
    await r.kill();   // its group: nothing of it may be left
    tally.add(killed && !r.exit ? 'killed' : 'missed');
    expectNoTrace(r.err, label);
    expectWholeImages(this.dir, label);
    // the image still restarts into a program that finds its memory as it was (every few trials: it costs seconds here)
    if (++this.restarts % 5 !== 1) return;
    const again = restart(`${label} restart again`, this.image);
    await waitBlockedInRead(again.pid, `${label}: restarted again`);
    again.send('check\n');
    await again.waitOut('PASS or FAIL', /PASS|FAIL.*/);
    assert.match(again.out, /PASS/, `${label}: ${again.out}`);
    await again.kill();
  }

  async end(): Promise<void> { await this.p?.kill(); }
}

const commandOf: Record<Op, string> = { checkpoint: 'fred-checkpoint', restart: 'fred-restart', reverse: 'fred-rn' };

function sessionDirectoriesOf(fredPid: number): string[] {
  try { return fs.readdirSync(defaultControlDir()).filter((n) => n.startsWith(`session-${fredPid}-`)); } catch { return []; }
}

/** A fresh session brought to op (a checkpoint and a turn behind it where op needs them). */
async function sessionBefore(op: Op, label: string, imageDir: string, t = tag()): Promise<FredOnPty> {
  const f = new FredOnPty(t, fredCli, ['--image-dir', imageDir, 'gdb', killLoop()], work());
  await f.settle(`${label}: fred to start`, 0);
  await f.ok(`break kill_loop.c:${TURN}`, `${label}: break`);
  await f.ok('run 4 2000000', `${label}: run`);
  if (op !== 'checkpoint') await f.ok('fred-checkpoint', `${label}: checkpoint`);
  if (op !== 'checkpoint') await f.ok('continue', `${label}: continue`);
  return f;
}

/** fred killed during op: every process of its session ends, no partial image, the next fred removes its directory. */
async function fredTrial(op: Op, delayMs: number, label: string, tally: Tally, previous?: number): Promise<number> {
  const imageDir = fs.mkdtempSync(path.join(work(), 'fred-images-'));
  const f = await sessionBefore(op, label, imageDir);
  try {
    if (previous) assert.deepEqual(sessionDirectoriesOf(previous), [], `${label}: the session directory of the fred killed before is left after this start`);
    f.term.type(commandOf[op]);
    await sleep(delayMs);
    const done = /\(gdb\) (?:\x1b\[\d+G)?$/.test(f.output) && f.output.trimEnd().endsWith('(gdb)');
    kill(f.fredPid);
    tally.add(done ? 'after the command' : 'killed');
    await expectNoneTagged(f.tag, `${label}: every process of the killed fred's session to end`);
    expectWholeImages(imageDir, label);
    return f.fredPid;
  } finally {
    await f.close();
    fs.rmSync(imageDir, { recursive: true, force: true });
  }
}

/** One session whose gdb is killed again and again: each time fred offers to go on from the latest checkpoint image, and does. */
class GdbVictimSession {
  readonly imageDir = fs.mkdtempSync(path.join(work(), 'gdb-images-'));
  f?: FredOnPty;

  async trial(op: Op, delayMs: number, label: string, tally: Tally): Promise<void> {
    if (!this.f) this.f = await sessionBefore(op, label, this.imageDir);
    const f = this.f;
    if (op !== 'checkpoint' && !/checkpoint \d+ taken/.test(await f.ok('fred-checkpoint', `${label}: checkpoint`)))
      assert.fail(`${label}: no checkpoint`);
    if (op !== 'checkpoint') await f.ok('continue', `${label}: continue`);
    const before = f.tagged().filter((p) => p !== f.fredPid);
    const gdb = f.gdb();
    const from = f.output.length;
    f.term.type(commandOf[op]);
    await sleep(delayMs);
    const killed = kill(gdb);
    let outcome = await f.settle(`${label}: fred after gdb's death`, from);
    // killed after the command ended: fred notices at its prompt, at once (typing now would answer its question)
    if (outcome === 'prompt' && killed) outcome = await f.settle(`${label}: fred to notice gdb's death at its prompt`, f.output.length - 1);
    const text = plain(f.output.slice(from));
    expectNoTrace(text, label);
    if (outcome === 'prompt') {
      tally.add('missed');
      assert.ok(!killed, `${label}: gdb was killed and fred goes on as if not:\n${text}`);
    } else {
      assert.match(text, /fred: gdb exited unexpectedly/, `${label}: the death is not said:\n${text}`);
      await expectGone(before, `${label}: the processes of the session whose gdb died to end`);
      expectWholeImages(this.imageDir, label);
      if (outcome === 'question') {
        tally.add('killed/went on');
        await f.ok('y', `${label}: a new gdb on the checkpoint image`);
        // a new gdb: the breakpoint is set again
        if (/No breakpoints/.test(await f.ok('info breakpoints', `${label}: breakpoints`))) await f.ok(`break kill_loop.c:${TURN}`, `${label}: break again`);
        assert.match(await f.ok('p $pc', `${label}: the session goes on`), /\$\d+ = .*0x/);
      } else {
        tally.add('killed/ended, said why');
        assert.match(text, /no checkpoint image to start a new gdb from/, `${label}: fred ended without saying why:\n${text}`);
        await expectNoneTagged(f.tag, `${label}: the ended session's processes`);
        await f.close();
        this.f = undefined;
      }
    }
    // old images go, the newest stays for the next recovery
    const images = fs.readdirSync(this.imageDir).map((n) => path.join(this.imageDir, n)).sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
    for (const image of images.slice(0, -1)) fs.rmSync(image);
  }

  async end(): Promise<void> {
    if (!this.f) return;
    await this.f.command('quit', 'quit');
    await expectNoneTagged(this.f.tag, 'the gdb victim session to end');
    await this.f.close();
  }
}

describe(`random kills (seed ${seed}, FRED_FAULT_SEED=${seed} to repeat; ${rounds} kills per victim)`, function () {
  this.timeout(900000);
  const session = new LongSession();
  const lane = new CkptLane();
  before(async function () {
    this.timeout(120000);
    fs.chmodSync(work(), 0o755);
    await session.start();
  });
  after(async () => { await session.end(); await lane.end(); });

  for (const victim of ['program', 'writer'] as const) {
    it(`the ${victim}: killed ${rounds} times during checkpoint, restart, reverse command (fred-ckpt and a long fred session)`, async () => {
      const r = rng.fork(victim);
      const tally = new Tally();
      const started = Date.now();
      for (let i = 0; i < rounds; i++) {
        const op = ops[i % 3];
        const viaCkpt = op !== 'reverse' && !(op === 'restart' && victim === 'writer') && r.next() < 0.5;
        const label = `${victim} trial ${i} (${op}, ${viaCkpt ? 'fred-ckpt' : 'session'}, seed ${seed})`;
        const t0 = Date.now();
        if (viaCkpt && op === 'checkpoint') await lane.checkpoint(victim, r.next() * 8, label, tally);
        else if (viaCkpt) await lane.restart(r.next() * 15, label, tally);
        else await session.trial(op, victim, r.next() * (op === 'checkpoint' ? 60 : 250), label, tally);
        if (verbose) console.log(`      ${label}: ${Date.now() - t0} ms`);
      }
      console.log(`      (${victim}: ${tally}; ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    });
  }

  it(`gdb: killed ${rounds} times during checkpoint, restart, reverse command; fred goes on from the latest checkpoint image each time`, async () => {
    const r = rng.fork('gdb');
    const tally = new Tally();
    const started = Date.now();
    const victim = new GdbVictimSession();
    try {
      for (let i = 0; i < rounds; i++) {
        const op = ops[i % 3];
        const label = `gdb trial ${i} (${op}, seed ${seed})`;
        const t0 = Date.now();
        await victim.trial(op, r.next() * (op === 'checkpoint' ? 80 : 250), label, tally);
        if (verbose) console.log(`      ${label}: ${Date.now() - t0} ms`);
      }
      await victim.end();
    } finally {
      await victim.f?.close();
    }
    console.log(`      (gdb: ${tally}; ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });

  it(`fred: killed ${rounds} times during checkpoint, restart, reverse command, a few sessions side by side; nothing of a killed session is left`, async () => {
    const r = rng.fork('fred');
    const tally = new Tally();
    const started = Date.now();
    const plan = Array.from({ length: rounds }, (_, i) => ({ i, op: ops[i % 3], delay: r.next() * (i % 3 === 0 ? 80 : 250) }));
    const lanes = Number(process.env.FRED_FAULT_LANES) || 3;
    await Promise.all(Array.from({ length: lanes }, async (_, lane) => {
      let killed: number | undefined;
      for (let k = lane; k < plan.length; k += lanes) {
        const { i, op, delay } = plan[k];
        const label = `fred trial ${i} (${op}, seed ${seed})`;
        const t0 = Date.now();
        killed = await fredTrial(op, delay, label, tally, killed);
        if (verbose) console.log(`      ${label}: ${Date.now() - t0} ms`);
      }
      // the last one's session directory goes when the next fred starts
      const next = new FredOnPty(tag(), fredCli, ['gdb', killLoop()], work());
      try {
        await next.settle('the next fred to start', 0);
        assert.deepEqual(sessionDirectoriesOf(killed!), [], 'the last killed fred\'s session directory is left after the next start');
        await next.command('quit');
      } finally {
        await next.close();
      }
    }));
    console.log(`      (fred: ${tally}; ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });
});
