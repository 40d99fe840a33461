// Internal errors are one line on the terminal; their details (stack, cause) go to a log
// file the user can send us. The file lives in a directory only the user can read: the
// details may name paths and values of the debugged program.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Where the details of internal errors are appended. */
export function errorLogFile(): string {
  const state = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(state, 'fred', 'errors.log');
}

/** Append the error's details; the file written, or undefined if none could be. */
export function logInternalError(error: unknown): string | undefined {
  const details = error instanceof Error ? `${error.stack ?? error.message}${error.cause ? `\ncaused by: ${describeCause(error.cause)}` : ''}` : String(error);
  const candidates = [errorLogFile(), path.join(os.tmpdir(), `fred-ckpt-${process.getuid!()}`, 'errors.log')];
  for (const file of candidates) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.appendFileSync(file, `${new Date().toISOString()} fred ${process.argv.slice(2).join(' ')}\n${details}\n\n`, { mode: 0o600 });
      return file;
    } catch {
      // not writable here (no home for nobody): the next place
    }
  }
  return undefined;
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.stack ?? cause.message : String(cause);
}
