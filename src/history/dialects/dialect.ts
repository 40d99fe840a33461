// What fred knows about one debugger's language, asked instead of testing which debugger
// runs: its command words, how it repeats and replays commands, what it can see of the
// program. Pure data and functions (src/history does no I/O); one file per debugger.
import { ClassifiedCommand, DebuggerKind } from '../commands';

export interface Dialect {
  /** The debugger's name, as fred says it in messages ("gdb exited unexpectedly"). */
  readonly kind: DebuggerKind;
  /** What a command line does to the program (commands.ts lists the kinds). */
  classify(line: string): ClassifiedCommand;
  /** How the session sends a time point's command: `next 3` once, or `next` three times (pdb has no repeat counts). */
  repeatedLines(line: string): { line: string; times: number };
  /** The line replay sends for a command: the same effect on the program, without touching what the user sees numbered (gdb's value history). */
  replayedForm(command: string): string;
  /** The history's starting `run` rewritten to stop early (`start`: at main, `starti`: at the first instruction); undefined when the debugger cannot. */
  runStoppingEarly(run: ClassifiedCommand, stop: 'start' | 'starti'): string | undefined;
  /** The breakpoint number a resuming command's output says it stopped at; absent when the debugger does not say. */
  stopBreakpoint?(output: string): number | undefined;
  /** The command that deletes breakpoints by number. */
  readonly deleteBreakpointWord: 'delete' | 'clear';
  /** The command that runs until the selected function returns. */
  readonly returnWord: 'finish' | 'return';
  /** The debugger's restart is the program's start: replay sends no `run`. */
  readonly restartIsProgramStart: boolean;
  /** The debugger can start the program stopped before it runs (`starti`), so an interrupted run is reached from there. */
  readonly startsStoppedEarly: boolean;
  /** Its `finish` stops in the middle of the calling line, just after the call. */
  readonly finishStopsMidLine: boolean;
  /** An expression watched in a frame is still asked of that frame while deeper calls run (pdb's eval_at). */
  readonly asksEntryFrameFromBelow: boolean;
  /** The debugger sees machine code: addresses, instructions, calls and execution counts. */
  readonly seesMachineCode: boolean;
  /** fred's counted stops count the lines the program runs (`fred-hits 0 N`), with a helper inside the program. */
  readonly countsLines: boolean;
  /** `continue N` sets the ignore count of the breakpoint the program stopped at. */
  readonly continueTakesIgnoreCount: boolean;
  /** The debugger follows the program's threads and says when one starts. */
  readonly followsThreads: boolean;
  /** The debugger has watchpoints (which need the machine's debug registers). */
  readonly hasWatchpoints: boolean;
  /** The debugger is taught fred's commands for its help and completion (gdb); otherwise fred answers `help fred-...` itself. */
  readonly learnsFredCommands: boolean;
  /** A long replayed command may be interrupted; pdb's are short (python3 repeats `n N` itself) and a ^C inside that loop would wedge it. */
  readonly interruptsReplayedCommands: boolean;
}
