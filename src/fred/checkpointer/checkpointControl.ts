// Talking to a process running libfredckpt.so: finding it and its control directory,
// leaving requests and waiting for answers (the words and files are controlProtocol.ts's),
// and the image checkpoint of a running process.
import * as fs from 'fs';
import {
  answerFile, ControlRequest, controlSignals, defaultControlDir, parseAnswer, parseImageAnswer, requestFile, requestLine, writerFile,
} from './controlProtocol';
import { FredError, processEnded } from '../errors';

export { defaultControlDir };

/** Create the control directory (mode 0700) or check that only this user can use it. */
export function ensureControlDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // lstat: a symlink planted by another user is refused, not followed
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== process.getuid!() || (st.mode & 0o077) !== 0)
    throw new FredError('unsafe-directory', `control directory ${dir} must be a directory of yours with mode 0700 (not a symlink); remove it or set FRED_CKPT_CONTROL`);
  return dir;
}

/** A process's environment, from /proc. */
export function environOf(pid: number): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of fs.readFileSync(`${liveTaskDir(pid)}/environ`, 'latin1').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

export interface CheckpointTarget { pid: number; controlDir: string; signal: number }

/** Check that pid exists, is ours and runs the preload library; find its control directory. */
export function targetOf(pid: number): CheckpointTarget {
  if (!Number.isInteger(pid) || pid <= 0) throw new FredError('bad-pid', `'${pid}' is not a process id`);
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    throw new FredError('no-process', `no process ${pid} is running`);
  }
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
  if (uid !== process.getuid!()) throw new FredError('not-yours', `process ${pid} belongs to another user (uid ${uid}); fred checkpoints only your own processes`);
  let maps = '';
  try { maps = fs.readFileSync(`${liveTaskDir(pid)}/maps`, 'utf8'); } catch { /* exited meanwhile */ }
  // killed while a debugger holds it: a zombie until the debugger looks, with no memory left
  if (!isAlive(pid) || !maps) throw processEnded(pid);
  if (!maps.includes('/libfredckpt.so')) {
    const exe = executableOf(pid);
    if (exe && isStaticExecutable(exe))
      throw new FredError('unsupported', `process ${pid} runs ${exe}, a statically linked program; fred-ckpt can only checkpoint dynamically linked programs`);
    throw new FredError('not-under-fred', `process ${pid} is not under fred-ckpt; start it with 'fred-ckpt launch -- PROG' or LD_PRELOAD=$(fred-ckpt lib)`);
  }
  const env = environOf(pid);
  const signal = Number(env.get('FRED_CKPT_SIGNAL')) || controlSignals.checkpoint;
  return { pid, controlDir: ensureControlDir(env.get('FRED_CKPT_CONTROL') || defaultControlDir()), signal };
}

function executableOf(pid: number): string | undefined {
  try { return fs.readlinkSync(`/proc/${pid}/exe`); } catch { return undefined; }
}

/** An ELF executable without a program interpreter (PT_INTERP): nothing can be preloaded into it. */
export function isStaticExecutable(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const eh = Buffer.alloc(64);
    if (fs.readSync(fd, eh, 0, 64, 0) < 64 || eh.readUInt32BE(0) !== 0x7f454c46 || eh[4] !== 2) return false;
    const phoff = Number(eh.readBigUInt64LE(32)), phentsize = eh.readUInt16LE(54), phnum = eh.readUInt16LE(56);
    const ph = Buffer.alloc(phentsize * phnum);
    fs.readSync(fd, ph, 0, ph.length, phoff);
    for (let i = 0; i < phnum; i++) if (ph.readUInt32LE(i * phentsize) === 3 /* PT_INTERP */) return false;
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function resultFile(controlDir: string, pid: number): string { return answerFile(controlDir, pid); }

/** Leave a request for pid; the caller then delivers the signal (kill, or a debugger's queue-signal). */
export function leaveRequest(target: CheckpointTarget, request: ControlRequest): void {
  fs.rmSync(resultFile(target.controlDir, target.pid), { force: true });
  writeAtomic(requestFile(target.controlDir, target.pid), `${requestLine(request)}\n`);
}

/** A /proc stat line's state letter. */
function stateOf(statFile: string): string {
  const stat = fs.readFileSync(statFile, 'utf8');
  return stat[stat.lastIndexOf(')') + 2];
}

/** The tids of pid's threads that have not ended. */
function liveTasks(pid: number): string[] {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).filter((tid) => {
      try {
        return stateOf(`/proc/${pid}/task/${tid}/stat`) !== 'Z';
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

/**
 * Where /proc shows pid's memory and environment: its own directory, or a live thread's
 * when the first thread has ended (main called pthread_exit: its entry shows none).
 */
function liveTaskDir(pid: number): string {
  try {
    if (stateOf(`/proc/${pid}/stat`) !== 'Z') return `/proc/${pid}`;
  } catch {
    return `/proc/${pid}`;
  }
  const tid = liveTasks(pid)[0];
  return tid ? `/proc/${pid}/task/${tid}` : `/proc/${pid}`;
}

/**
 * pid exists and is not a zombie (a dead process whose parent has not reaped it yet). Its
 * first thread alone may be one: main called pthread_exit, the other threads run on.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    if (stateOf(`/proc/${pid}/stat`) !== 'Z') return true;
  } catch {
    return false;
  }
  return liveTasks(pid).length > 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait for the one-line answer in file; fails if `alive()` turns false first or after timeoutMs.
 * deathReason, if given, says what died (default: the process). */
export async function awaitAnswer(file: string, what: string, alive: () => boolean, timeoutMs = 120000,
  deathReason: () => string = () => 'the process died before it finished; earlier images are intact'): Promise<string> {
  const started = Date.now();
  for (let delay = 0.5; ; delay = Math.min(delay * 2, 20)) {
    try {
      const text = fs.readFileSync(file, 'utf8');
      fs.rmSync(file, { force: true });
      const answer = parseAnswer(text);
      if (!answer.ok) throw new FredError('checkpoint-failed', `${what} failed: ${answer.reason}`);
      return answer.line;
    } catch (e) {
      if (e instanceof FredError) throw e;
    }
    if (!alive() && !fs.existsSync(file)) throw new FredError('died', `${what} failed: ${deathReason()}`);
    if (Date.now() - started > timeoutMs) throw new FredError('timeout', `${what} did not finish within ${timeoutMs / 1000} s`);
    await sleep(delay);
  }
}

/** The pid of the copy writing pid's image, from its note in the control directory (see fred_preload.c). */
function writerOf(target: CheckpointTarget): number | undefined {
  try { return Number(fs.readFileSync(writerFile(target.controlDir, target.pid), 'utf8').trim()) || undefined; } catch { return undefined; }
}

/** The checkpoint signal must reach fred's handler: not blocked, ignored or left at its default. */
function refuseUnreachable(pid: number, signal: number): void {
  let status = '';
  try { status = fs.readFileSync(`/proc/${pid}/status`, 'utf8'); } catch { return; }
  const has = (field: string) => (BigInt(`0x${new RegExp(`^${field}:\\s+([0-9a-f]+)`, 'm').exec(status)?.[1] ?? '0'}`) >> BigInt(signal - 1)) & 1n;
  const what = `the checkpoint signal (${signal})`;
  if (has('SigBlk')) throw new FredError('checkpoint-failed', `process ${pid} blocks ${what}; fred cannot checkpoint it while it does (FRED_CKPT_SIGNAL chooses another signal at launch)`);
  if (!has('SigCgt')) throw new FredError('checkpoint-failed', `process ${pid} no longer handles ${what} (the program reset it); start it with FRED_CKPT_SIGNAL set to a signal it leaves alone`);
}

/** A stopped process would not run its checkpoint handler until continued: say so instead of waiting. */
function refuseStopped(pid: number): void {
  let state = '';
  try { const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); state = stat[stat.lastIndexOf(')') + 2]; } catch { return; }
  if (state === 'T') throw new FredError('checkpoint-failed', `process ${pid} is stopped; continue it (kill -CONT ${pid}) and checkpoint again`);
  if (state === 't') throw new FredError('checkpoint-failed', `process ${pid} is stopped by a debugger; let it run, or checkpoint it from the debugger (queue-signal SIGUSR2)`);
}

/** Make pid write an image to file (absolute); resolves with the image's path and size. */
function inodeOf(file: string): number | undefined {
  try { return fs.statSync(file).ino; } catch { return undefined; }
}

export async function checkpointToImage(pid: number, file: string): Promise<{ path: string; bytes: number; ms: number }> {
  const target = targetOf(pid);
  refuseStopped(pid);
  refuseUnreachable(pid, target.signal);
  fs.rmSync(writerFile(target.controlDir, pid), { force: true });
  const before = inodeOf(file);
  leaveRequest(target, { kind: 'image', path: file });
  process.kill(pid, target.signal);
  let writer: number | undefined;
  const alive = () => {
    writer = writerOf(target) ?? writer;
    return writer !== undefined ? isAlive(writer) : isAlive(pid);
  };
  const deathReason = () => {
    if (writer === undefined) return 'the process died before it finished; earlier images are intact';
    // a killed writer leaves its temporary file and its note behind
    const wasComplete = !fs.existsSync(`${file}.tmp${writer}`) && inodeOf(file) !== undefined && inodeOf(file) !== before;
    fs.rmSync(`${file}.tmp${writer}`, { force: true });
    fs.rmSync(writerFile(target.controlDir, pid), { force: true });
    if (wasComplete) return `the copy writing the image (pid ${writer}) died after ${file} was complete and in place; check it with 'fred-ckpt verify ${file}'`;
    return `the copy writing the image (pid ${writer}) died before it finished; earlier images are intact`;
  };
  const line = await awaitAnswer(resultFile(target.controlDir, pid), `checkpoint of process ${pid}`, alive, 120000, deathReason);
  const image = parseImageAnswer(line, `process ${pid}`);
  return { path: image.path, bytes: image.bytes, ms: image.ns / 1e6 };
}
