// The program killed from outside (SIGKILL) while a reverse command searches: what the
// search saw after the kill (an exit, a stop nowhere, a failed restore) is not the
// program's run, so its answer cannot be trusted. KillWatch notices such a kill; the
// session then puts the program back where the user was and says so (issue 16).
import { ProgramStatus } from '../../debugger-adapters/debugger';
import { isAlive } from '../checkpointer/checkpointControl';
import { FredError, processEnded } from '../errors';

/** What a program control can say about kills it met (gdbControl.ts: a restore or a snapshot found the program dead). */
export interface KillReport {
  /** The programs fred worked on that it found killed since the last call (and forget them). */
  killedFromOutside(): number[];
  /** Delete temporary breakpoints numbered above `number`: a search's `start` killed before main leaves its own. */
  dropTemporaryAbove?(number: number): Promise<void>;
}

/** An end by SIGKILL: nothing the program does makes a replay end that way, so it came from outside. */
export function endedBySigkill(status: ProgramStatus): boolean {
  return status.kind === 'exited' && status.signal === 'SIGKILL';
}

/**
 * After gdb failed on pid: whether it was killed. A killed process loses its memory (gdb's
 * "Cannot access memory") a moment before it shows as a zombie: wait that moment (bounded).
 */
export async function killedMeanwhile(pid: number, withinMs = 500): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (isAlive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

/** Before a resuming command: a program killed while stopped would make gdb fail half-way or run a replay that never was. */
export function refuseEnded(pid: number | undefined): void {
  if (pid !== undefined && !isAlive(pid)) throw processEnded(pid);
}

/** Thrown by a probe that finds the program killed: the search stops there (its target may be unreachable now). */
export class ProgramKilledError extends Error {
  constructor() {
    super('the program was killed from outside');
    this.name = 'ProgramKilledError';
  }
}

/** A program dead under fred: the status says so, or its process is gone or a zombie. */
export class KillWatch {
  private seen = false;
  /** Between begin() and end(): a reverse command runs. */
  private active = false;
  /** The program the reverse command started from, when it was dead already: going back from there is fine. */
  private deadBefore?: number;

  constructor(private readonly report: Partial<KillReport>, private readonly programPid: () => Promise<number | undefined>) {}

  /**
   * A reverse command starts: kills before it are not its business. True when the program
   * is dead already (killed while stopped): even where it stands must come from a snapshot.
   */
  async begin(): Promise<boolean> {
    this.seen = false;
    this.active = true;
    this.report.killedFromOutside?.();
    const pid = await this.programPid().catch(() => undefined);
    this.deadBefore = pid !== undefined && !isAlive(pid) ? pid : undefined;
    return this.deadBefore !== undefined;
  }

  end(): void {
    this.active = false;
  }

  /**
   * After a probe read the program's state: a kill makes it worthless, and the search ends.
   * readFrom: the process the probe read, when the debugger said (gdb's location does);
   * otherwise the debugger is asked (a round trip, ~2 ms here: bench kill-watch).
   */
  async check(readFrom?: number): Promise<void> {
    if (this.active && await this.happened(undefined, readFrom)) throw new ProgramKilledError();
  }

  /** After each of fred's own commands in the debugger. */
  note(status: ProgramStatus): void {
    if (endedBySigkill(status)) this.seen = true;
  }

  /** Whether the program was killed since begin(); error: what the command failed with, if it did; readFrom: as for check(). */
  async happened(error?: unknown, readFrom?: number): Promise<boolean> {
    // a dead debugger ends the session: that is said elsewhere (errors.ts debuggerExited)
    if (error instanceof FredError && error.code === 'debugger') return false;
    if (error instanceof FredError && error.code === 'died') this.seen = true;
    if (this.report.killedFromOutside?.().some((pid) => pid !== this.deadBefore)) this.seen = true;
    if (this.seen) return true;
    const pid = readFrom ?? await this.programPid().catch(() => undefined);
    return pid !== undefined && pid !== this.deadBefore && !isAlive(pid);
  }
}
