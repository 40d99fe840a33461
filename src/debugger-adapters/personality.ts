// What differs between debuggers driven through a pty: the prompt, how fred asks its
// questions (where are we, evaluate this, which breakpoints) and reads the answers, and
// how a command's output tells what happened to the program. Everything else (the pty,
// the queue, events) is shared in ptyDebugger.ts.
import { BreakpointState, Location, ProgramStatus } from './debugger';

export interface Personality {
  readonly kind: 'gdb' | 'pdb';
  /** Matches the prompt at the very end of the debugger's cleaned output. */
  readonly prompt: RegExp;
  /** The program's state before any command. */
  readonly initialStatus: ProgramStatus;
  /**
   * How Ctrl-C reaches the program: the ^C character (the terminal turns it into SIGINT
   * for its foreground job), or SIGINT sent to the debugger's process group. The character
   * also makes the terminal drop its unread input: pdb, which is its program's process,
   * would lose a command it had not read yet.
   */
  readonly interruptWith: 'character' | 'signal';

  /** Commands run once after the first prompt; each must print nothing when it works. */
  startupCommands(): string[];
  /**
   * How fred's own query is written so that it leaves no trace the user could notice
   * (gdb: the "server " prefix keeps it out of history and out of "repeat last command").
   */
  internal(command: string): string;
  /** What an empty line must send: the debugger's own "repeat the last command". */
  repeatOfEmptyLine(lastUserCommand: string | undefined): string;

  /**
   * How a command's output comes to say where it stopped (ExecuteOptions.reportStop):
   * `on`/`off` turn the debugger's reports on for fred's commands and off before the
   * user's (gdb), or `suffix` follows the command on its line (pdb). `parse` reads the
   * last report, as parseLocation would read the location query's answer.
   */
  readonly stopReport?: { on?: string; off?: string; suffix?: string; parse(text: string): Location | undefined };

  readonly locationQuery: string;
  /** undefined when there is no program position (not started, exited). */
  parseLocation(text: string): Location | undefined;

  /** frameDepth: see Debugger.evaluate (a debugger may ignore it). */
  evaluateQuery(expression: string, frameDepth?: number): string;
  /** undefined when the debugger reported an error instead of a value. */
  parseEvaluation(text: string): string | undefined;

  readonly breakpointsQuery: string;
  parseBreakpoints(text: string): BreakpointState[];

  readonly programPidQuery: string;
  parseProgramPid(text: string): number | undefined;

  /** Asks whether the program moved (resumed, or memory/registers changed) since the last time it was asked. */
  readonly movedQuery?: string;
  parseMoved?(text: string): boolean | undefined;

  /** The program's state after a user command printed text (command: what was sent). */
  statusAfter(command: string, text: string, previous: ProgramStatus): ProgramStatus;
}

/** First word of a command line, e.g. "next" for "next 3". */
export function commandWord(command: string): string {
  return command.trim().split(/\s+/)[0] ?? '';
}
