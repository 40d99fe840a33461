// The one error catalogue of fred: errors a user can act on carry a code and one line
// that names the thing and what to do; anything else is an internal error with its cause.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type FredErrorCode =
  | 'usage' | 'bad-pid' | 'no-process' | 'not-yours' | 'not-under-fred' | 'unsafe-directory' | 'bad-image'
  | 'checkpoint-failed' | 'died' | 'timeout' | 'no-snapshot' | 'history' | 'debugger' | 'unsupported' | 'replay-diverged'
  | 'protocol-mismatch';

/** A user error: printed as one line, exit status 2. */
export class FredError extends Error {
  constructor(readonly code: FredErrorCode, message: string) {
    super(message);
    this.name = 'FredError';
  }
}

/** The debugger died under fred (killed, crashed): its own class, so front ends know it without reading the text. */
export class DebuggerExitedError extends FredError {
  constructor(message: string) {
    super('debugger', message);
    this.name = 'DebuggerExitedError';
  }
}

/** The debugger died under fred (killed, crashed) in the middle of something: the session is over. */
export function debuggerExited(kind: string, doing: string): DebuggerExitedError {
  return new DebuggerExitedError(`${kind} exited unexpectedly ${doing}; the session is over`);
}

/** The program died under fred (killed from outside) in the middle of fred's work: the command did not finish. */
export function programKilled(pid: number, doing: string): FredError {
  return new FredError('died', `the program (pid ${pid}) died ${doing}; the command did not finish (run starts it again)`);
}

/** A process killed while stopped (a debugger still shows it): nothing can resume it. */
export function processEnded(pid: number): FredError {
  return new FredError('no-process', `process ${pid} has ended (killed?); start it again (gdb: run)`);
}

/** Exit statuses of fred and fred-ckpt (documented in README). */
export const ExitStatus = { ok: 0, internal: 1, user: 2 } as const;

/** System errors a user can act on (disk full, no permission), as one line. */
function systemError(e: NodeJS.ErrnoException): string | undefined {
  const where = e.path ? ` (${e.path})` : '';
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return `no space left on the device${where}; free some space and try again`;
  if (e.code === 'EACCES' || e.code === 'EPERM') return `permission denied${where}; check who owns it`;
  if (e.code === 'EMFILE' || e.code === 'ENFILE') return 'too many open files; raise the limit (ulimit -n) and try again';
  return undefined;
}

/** Where the details of an internal error go: a private file, named on the one line. */
function writeDetails(text: string): string | undefined {
  try {
    const dir = path.join(os.tmpdir(), `fred-ckpt-${process.getuid!()}`);
    fs.mkdirSync(dir, { mode: 0o700, recursive: true });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory() || st.uid !== process.getuid!() || (st.mode & 0o077) !== 0) return undefined;
    const file = path.join(dir, `error-${process.pid}-${Date.now()}.log`);
    fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    return file;
  } catch {
    return undefined;
  }
}

/** One line for the user; an internal error's stack goes to a log file, never the terminal. */
export function describe(error: unknown): { line: string; status: number } {
  if (error instanceof FredError) return { line: error.message, status: ExitStatus.user };
  const e = error as NodeJS.ErrnoException;
  const system = e && typeof e === 'object' ? systemError(e) : undefined;
  if (system) return { line: system, status: ExitStatus.user };
  const message = (e?.message ?? String(error)).split('\n')[0];
  const details = writeDetails(`${new Date().toISOString()} fred ${process.argv.slice(2).join(' ')}\n${e?.stack ?? String(error)}\n`);
  return { line: `internal error: ${message}${details ? ` (details in ${details})` : ''}`, status: ExitStatus.internal };
}
