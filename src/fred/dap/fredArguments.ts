// The arguments of fred's own requests (fred/...), checked, as the lines line mode runs.
import { FredError } from '../errors';

export type Arguments = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** fred's own requests that move the program: the line each runs, as typed in line mode. */
export const FRED_MOVES: Record<string, (args: Arguments) => string> = {
  'fred/undo': (args) => `fred-undo ${positive(args.count, 1)}`,
  'fred/restartCheckpoint': (args) => (args.checkpoint === undefined ? 'fred-restart' : `fred-restart ${positive(args.checkpoint, 1)}`),
  'fred/switchBranch': (args) => `fred-switch ${branchName(args.name)}`,
};

function positive(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new FredError('usage', `expected a whole number from 1 up, not '${String(value)}'`);
  return n;
}

export function branchName(value: unknown): string {
  if (typeof value !== 'string' || !/^[\w.-]+$/.test(value)) throw new FredError('usage', `a branch needs a name of letters, digits, '_', '.' or '-', not '${String(value ?? '')}'`);
  return value;
}
