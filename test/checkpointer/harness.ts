// The checkpointer tests' harness: compiles the test programs (test/checkpointer/programs)
// once per run into a temporary directory, runs fred-ckpt and the programs as real
// processes in their own process groups, and drives the zdtm protocol (programs print
// "ready <pid>", the harness checkpoints/restarts them, writes "check", reads PASS/FAIL).
import { execFileSync, SpawnOptions } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../src/fred/checkpointer/nativePaths';
import { killGroup, spawnGroup, waitFor } from '../helpers/processGroup';
import { processScratch } from '../helpers/processScratch';

export const fredCkpt = path.join(repoRoot, 'bin', 'fred-ckpt');
const sources = path.join(repoRoot, 'test', 'checkpointer', 'programs');
export const NOBODY = { uid: 65534, gid: 65534 };

/** One temporary directory per test process, readable by everyone (tests also run as nobody). */
export const work = processScratch('fred-ckpt-test-', 0o755);

/** A fresh directory for one test; owned by nobody when the test runs as nobody. */
export function scratchDir(name: string, owner?: { uid: number; gid: number }): string {
  const dir = fs.mkdtempSync(path.join(work(), `${name}-`));
  fs.chmodSync(dir, 0o755);
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  return dir;
}

export interface BuildOptions { pie?: boolean; static?: boolean; flags?: string[]; variant?: string }

const built = new Map<string, string>();

/** Compile programs/<source> (C or C++) once; returns the executable's path. */
export function program(source: string, options: BuildOptions = {}): string {
  const name = `${path.parse(source).name}${options.variant ? `-${options.variant}` : ''}`;
  const known = built.get(name);
  if (known) return known;
  const out = path.join(work(), 'bin', name);
  fs.mkdirSync(path.dirname(out), { recursive: true, mode: 0o755 });
  const cxx = source.endsWith('.cpp');
  const args = ['-O1', '-g', '-pthread', ...(options.pie === false ? ['-no-pie', '-fno-pie'] : []),
    ...(options.static ? ['-static'] : []), ...(options.flags ?? []), '-o', out, path.join(sources, source)];
  execFileSync(cxx ? 'g++' : 'gcc', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  built.set(name, out);
  return out;
}

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

/** A process started by a test, in its own process group, with its output collected. */
export class Proc {
  out = '';
  err = '';
  exit?: Exit;
  readonly pid: number;
  private readonly child;

  constructor(readonly label: string, cmd: string, args: string[], options: SpawnOptions = {}) {
    this.child = spawnGroup(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    if (!this.child.pid) throw new Error(`${label}: could not start ${cmd}`);
    this.pid = this.child.pid;
    this.child.stdout?.on('data', (d: Buffer) => { this.out += d.toString(); });
    this.child.stderr?.on('data', (d: Buffer) => { this.err += d.toString(); });
    this.child.stdin?.on('error', () => { /* the process may exit before reading */ });
    this.child.on('exit', (code, signal) => { this.exit = { code, signal }; });
  }

  /** Wait until stdout matches re; the error names the phase and shows the output so far. */
  async waitOut(phase: string, re: RegExp, timeoutMs = 20000): Promise<RegExpMatchArray> {
    try {
      return await waitFor(`${this.label}: ${phase}`, () => re.exec(this.out) ?? (this.exit ? this.died(phase) : undefined), timeoutMs);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n  stdout: ${this.out.slice(-500)}\n  stderr: ${this.err.slice(-500)}`);
    }
  }

  async waitExit(phase: string, timeoutMs = 20000): Promise<Exit> {
    await waitFor(`${this.label}: ${phase} (exit)`, () => this.exit !== undefined && this.child.stdout?.readableEnded !== false, timeoutMs)
      .catch((e) => { throw new Error(`${(e as Error).message}\n  stdout: ${this.out.slice(-500)}\n  stderr: ${this.err.slice(-500)}`); });
    return this.exit!;
  }

  send(text: string): void { this.child.stdin?.write(text); }

  closeStdin(): void { this.child.stdin?.end(); }

  async kill(): Promise<void> { await killGroupMembers(this.pid, this.label); }

  private died(phase: string): never {
    throw new Error(`${this.label} exited (${JSON.stringify(this.exit)}) during: ${phase}\n  stdout: ${this.out.slice(-500)}\n  stderr: ${this.err.slice(-500)}`);
  }
}

/** Non-zombie members of a process group (zombies wait for this machine's slow init to reap them). */
function liveMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch { /* gone meanwhile */ }
  }
  return members;
}

/** SIGKILL a process group and wait until only zombies (if anything) are left of it. */
export async function killGroupMembers(pgid: number, label: string): Promise<void> {
  await killGroup(pgid, 0);
  await waitFor(`${label}: process group ${pgid} to die`, () => liveMembers(pgid).length === 0, 5000);
}

export interface RunOptions { cwd?: string; env?: NodeJS.ProcessEnv; as?: { uid: number; gid: number }; timeoutMs?: number }

function command(cmd: string, args: string[], as?: { uid: number; gid: number }): [string, string[]] {
  if (!as) return [cmd, args];
  return ['setpriv', [`--reuid=${as.uid}`, `--regid=${as.gid}`, '--clear-groups', cmd, ...args]];
}

export function start(label: string, cmd: string, args: string[], options: RunOptions = {}): Proc {
  const [c, a] = command(cmd, args, options.as);
  return new Proc(label, c, a, { cwd: options.cwd ?? work(), env: options.env ?? process.env });
}

/**
 * The command line that runs cmd with no descriptor above 2, except (optionally) a pipe
 * at fd pipeAt. The test runner itself may have inherited stray descriptors (a pipe at
 * fd 251 from its caller, say), which a program checkpointed the classic way would
 * inherit and be refused for.
 */
export function cleanFds(cmd: string, args: string[], pipeAt?: number): [string, string[]] {
  const script = 'import os, sys\n' +
    'os.closerange(3, 65536)\n' +
    'if sys.argv[1] != "-":\n' +
    '    r, w = os.pipe(); os.dup2(r, int(sys.argv[1]), inheritable=True); os.close(r); os.close(w)\n' +
    'os.execvp(sys.argv[2], sys.argv[2:])\n';
  return ['python3', ['-c', script, pipeAt === undefined ? '-' : String(pipeAt), cmd, ...args]];
}

/** Run a command to its end; returns its exit status and output. */
export async function run(label: string, cmd: string, args: string[], options: RunOptions = {}): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const p = start(label, cmd, args, options);
  p.closeStdin();
  try {
    const exit = await p.waitExit(label, options.timeoutMs ?? 30000);
    return { code: exit.code, signal: exit.signal, stdout: p.out, stderr: p.err };
  } finally {
    await p.kill();
  }
}

export function ckpt(label: string, args: string[], options: RunOptions = {}) {
  return run(label, fredCkpt, args, options);
}

/** fred-ckpt launch -- PROG ARGS, waiting for the program's "ready <pid>". */
export async function launch(label: string, prog: string, args: string[] = [], options: RunOptions & { launchArgs?: string[] } = {}): Promise<Proc> {
  const p = start(label, fredCkpt, ['launch', ...(options.launchArgs ?? []), '--', prog, ...args], options);
  await p.waitOut('program ready', /ready (\d+)/);
  await waitBlockedInRead(p.pid, label);
  return p;
}

/** Wait until pid (one of its threads) sits in read(0, ...) so a checkpoint catches it at the zdtm check point. */
export async function waitBlockedInRead(pid: number, label: string): Promise<void> {
  await waitFor(`${label}: process ${pid} blocked reading stdin`, () => {
    try {
      return fs.readdirSync(`/proc/${pid}/task`).some((tid) => fs.readFileSync(`/proc/${pid}/task/${tid}/syscall`, 'utf8').startsWith('0 0x0 '));
    } catch { return false; }
  });
}

/** checkpoint PID -o IMAGE --kill; asserts success and that the process is gone. */
export async function checkpointKill(p: Proc, image: string, options: RunOptions = {}): Promise<void> {
  const r = await ckpt(`checkpoint ${p.label}`, ['checkpoint', String(p.pid), '-o', image, '--kill'], options);
  if (r.code !== 0) throw new Error(`checkpoint of ${p.label} failed (${r.code}): ${r.stderr}`);
  if (r.stdout.trim() !== image) throw new Error(`checkpoint printed '${r.stdout.trim()}', expected ${image}`);
  await p.waitExit('killed after checkpoint');
  await p.kill();
}

export function restart(label: string, image: string, flags: string[] = [], options: RunOptions = {}): Proc {
  return start(label, fredCkpt, ['restart', image, ...flags], options);
}

/** The zdtm round trip: launch, checkpoint --kill, restart, "check", expect PASS. */
export async function roundTrip(label: string, prog: string, args: string[] = [], options: RunOptions & { launchArgs?: string[]; image?: string } = {}): Promise<Proc> {
  const p = await launch(label, prog, args, options);
  const image = options.image ?? path.join(scratchDir(`${label}-img`, options.as), 'image.img');
  await checkpointKill(p, image, options);
  const r = restart(`${label} restarted`, image, [], options);
  await waitBlockedInRead(r.pid, `${label} restarted`);
  r.send('check\n');
  await r.waitOut('PASS or FAIL after restart', /PASS|FAIL.*/);
  const exit = await r.waitExit('restored program');
  if (!/PASS/.test(r.out) || exit.code !== 0) throw new Error(`${label}: ${/FAIL.*/.exec(r.out)?.[0] ?? `exit ${JSON.stringify(exit)}`}\n  stderr: ${r.err}`);
  return r;
}

export function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }
