// The one error catalogue of fred: errors a user can act on carry a code and one line
// that names the thing and what to do; anything else is an internal error with its cause.
import { logInternalError } from './errorLog';

export type FredErrorCode =
  | 'usage' | 'bad-pid' | 'no-process' | 'not-yours' | 'not-under-fred' | 'unsafe-directory' | 'bad-image'
  | 'checkpoint-failed' | 'died' | 'timeout' | 'no-snapshot' | 'history' | 'debugger' | 'unsupported' | 'replay-diverged';

/** A user error: printed as one line, exit status 2. */
export class FredError extends Error {
  constructor(readonly code: FredErrorCode, message: string) {
    super(message);
    this.name = 'FredError';
  }
}

/** Exit statuses of fred and fred-ckpt (documented in README). */
export const ExitStatus = { ok: 0, internal: 1, user: 2 } as const;

/** One line for the user; an internal error's details (its stack) go to the error log. */
export function describe(error: unknown): { line: string; status: number } {
  if (error instanceof FredError) return { line: error.message, status: ExitStatus.user };
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const file = logInternalError(error);
  const where = file ? `details in ${file}` : 'no error log could be written';
  return { line: `internal error: ${message} (${where}; please report it)`, status: ExitStatus.internal };
}
