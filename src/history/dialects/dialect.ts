// What fred knows about one debugger's language, asked instead of testing which debugger
// runs: its command words, how it repeats and replays commands, what it can see of the
// program. Pure data and functions (src/history does no I/O); one file per debugger.
import { ClassifiedCommand, DebuggerKind } from '../commands';

export interface Dialect {
  // its words
  /** The debugger's name, as fred says it in messages ("gdb exited unexpectedly"). */
  readonly kind: DebuggerKind;
  /** What a command line does to the program (commands.ts lists the kinds). */
  classify(line: string): ClassifiedCommand;
  /** The command that deletes breakpoints by number. */
  readonly deleteBreakpointWord: 'delete' | 'clear';
  /** The command that lists breakpoints, each "at FILE:LINE". */
  readonly listBreakpointsWord: 'info breakpoints' | 'break';
  /** The command that starts the program again, stopped at its start. */
  readonly restartStoppedWord: 'start' | 'restart';
  /** The command that runs until the selected function returns. */
  readonly returnWord: 'finish' | 'return';
  /** The command that gives the variable (or element) TARGET the value VALUE. */
  assignment(target: string, value: string): string;

  // how commands are sent and replayed
  /** How the session sends a time point's command: `next 3` once, or `next` three times (pdb has no repeat counts). */
  repeatedLines(line: string): { line: string; times: number };
  /** The line replay sends for a command: the same effect on the program, without touching what the user sees numbered (gdb's value history). */
  replayedForm(command: string): string;
  /** The history's starting `run` rewritten to stop early (`start`: at main, `starti`: at the first instruction); undefined when the debugger cannot. */
  runStoppingEarly(run: ClassifiedCommand, stop: 'start' | 'starti'): string | undefined;
  /** The breakpoint number a resuming command's output says it stopped at; absent when the debugger does not say. */
  stopBreakpoint?(output: string): number | undefined;
  /** `continue N` sets the ignore count of the breakpoint the program stopped at. */
  readonly continueTakesIgnoreCount: boolean;
  /** The debugger's restart is the program's start: replay sends no `run`. */
  readonly restartIsProgramStart: boolean;
  /** The debugger can start the program stopped before it runs (`starti`), so an interrupted run is reached from there. */
  readonly startsStoppedEarly: boolean;
  /** Its `finish` stops in the middle of the calling line, just after the call. */
  readonly finishStopsMidLine: boolean;
  /** A long replayed command may be interrupted; pdb's are short (python3 repeats `n N` itself) and a ^C inside that loop would wedge it. */
  readonly interruptsReplayedCommands: boolean;

  // what it can see and do
  /** The debugger sees machine code: addresses, instructions, calls and execution counts. */
  readonly seesMachineCode: boolean;
  /** fred's counted stops count the lines the program runs (`fred-hits 0 N`), with a helper inside the program. */
  readonly countsLines: boolean;
  /** The debugger has watchpoints (which need the machine's debug registers). */
  readonly hasWatchpoints: boolean;
  /** The debugger follows the program's threads and says when one starts. */
  readonly followsThreads: boolean;
  /** An expression watched in a frame is still asked of that frame while deeper calls run (pdb's eval_at). */
  readonly asksEntryFrameFromBelow: boolean;
  /** The debugger runs inside the program's process, on its terminal (pdb): the program cannot have a terminal of its own. */
  readonly runsInsideProgram: boolean;
  /** The debugger is taught fred's commands for its help and completion (gdb); otherwise fred answers `help fred-...` itself. */
  readonly learnsFredCommands: boolean;
}
