// The snapshot tests' harness: builds test/snapshots/programs/snapper.c once, and runs it
// as fred runs a debugged program: in a pty, under fred-holder (which holds the terminal
// session and reaps frozen copies), with a private control directory.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { defaultControlDir, ensureControlDir } from '../../src/fred/checkpointer/checkpointControl';
import { SnapshotStore } from '../../src/fred/session/snapshots';
import { repoRoot, sessionHolder } from '../../src/fred/checkpointer/nativePaths';
import { processScratch } from '../helpers/processScratch';
import { groupOf, Terminal, TerminalOptions } from './terminal';

export const fredCkpt = path.join(repoRoot, 'bin', 'fred-ckpt');

export const work = processScratch('fred-snapshots-test-');

export function scratchDir(name: string): string { return fs.mkdtempSync(path.join(work(), `${name}-`)); }

let snapper: string | undefined;

/** test/snapshots/programs/snapper.c, compiled once per run. */
export function snapperProgram(): string {
  if (snapper) return snapper;
  const out = path.join(work(), 'snapper');
  execFileSync('gcc', ['-O1', '-g', '-Wall', '-o', out, path.join(repoRoot, 'test', 'snapshots', 'programs', 'snapper.c')],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  snapper = out;
  return out;
}

/** A control directory of its own (mode 0700), as a fred session has. */
export function privateControlDir(): string {
  return fs.mkdtempSync(path.join(ensureControlDir(defaultControlDir()), 'test-'));
}

export interface HeldProgram {
  term: Terminal;
  /** the program's pid (it printed "ready <pid>") */
  pid: number;
  holder: number;
  controlDir: string;
}

/**
 * fred-holder runs a shell that runs `fred-ckpt launch -- PROG ARGS` and then sleeps, so
 * killing the program (to resume a snapshot in its place) does not end the session; the
 * program's process group stays the terminal's foreground group.
 */
export async function startHeld(label: string, prog: string, args: string[], options: TerminalOptions = {}): Promise<HeldProgram> {
  const controlDir = privateControlDir();
  const script = 'trap : INT; "$@"; exec sleep 100000';   // the shell outlives a Ctrl-C that kills the program
  const term = new Terminal(label, sessionHolder, ['/bin/sh', '-c', script, 'sh', fredCkpt, 'launch', '--', prog, ...args],
    { ...options, env: { ...(options.env ?? process.env), FRED_CKPT_CONTROL: controlDir } });
  const pid = Number((await term.expect('program ready', /ready (\d+)/))[1]);
  const group = groupOf(pid);
  if (group) term.track(group);
  await blockedReading(pid, label);
  return { term, pid, holder: term.pid, controlDir };
}

/** Wait until pid sits in read() (of its terminal), where the tests snapshot it. */
export async function blockedReading(pid: number, label: string, timeoutMs = 20000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try { if (fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').startsWith('0 0x0 ')) return; } catch { /* not yet */ }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${label}: process ${pid} blocked reading its terminal`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Type a snapper command and return its bracketed answer. */
export async function ask(term: Terminal, command: string, answer: RegExp = /\[([^\]\r\n]*)\]/): Promise<string> {
  term.type(command);
  return (await term.expect(`answer to '${command}'`, answer))[1];
}

/** The fields of a snapper "get" answer. */
export async function state(term: Terminal): Promise<{ n: number; pid: number; tty: number; fg: number; sum: string }> {
  const line = await ask(term, 'get', /\[(n=\d+ pid=\d+[^\]]*)\]/);
  const field = (name: string) => new RegExp(`${name}=(\\w+)`).exec(line)![1];
  return { n: Number(field('n')), pid: Number(field('pid')), tty: Number(field('tty')), fg: Number(field('fg')), sum: field('sum') };
}

/** Per test of the calling `describe`: a fresh SnapshotStore, and the terminals the test
 *  opens (push them to `terminals`); both are released after the test. */
export function snapshotFixture(): { store: SnapshotStore; terminals: Terminal[] } {
  const fixture = { store: new SnapshotStore(), terminals: [] as Terminal[] };
  beforeEach(() => { fixture.store = new SnapshotStore(); });
  afterEach(async () => {
    await fixture.store.discardAll().catch(() => undefined);
    for (const t of fixture.terminals.splice(0)) await t.close();
  });
  return fixture;
}
