// The one interface fred uses to drive a line-oriented debugger (gdb, pdb) in a
// pseudo-terminal. What differs between debuggers is a Personality; the driver that
// talks to the pty is shared. Adapters know nothing of checkpoints or history: the
// session (src/fred/session/) decides when to snapshot, restart and replay.

/** Where the program is stopped. `depth` counts frames (innermost = 1). */
export interface Location {
  file?: string;
  line?: number;
  function?: string;
  /** Program counter (gdb) or a stable stand-in (pdb: file:line). */
  pc?: string;
  depth: number;
  /** Identifies the innermost frame across runs (gdb: frame's CFA; pdb: depth+function). */
  frameId?: string;
  /** The frame the user selected (gdb up/frame, pdb u/d), counted from the innermost; absent: 0. */
  selectedLevel?: number;
  /** The process it was read from (gdb): a probe's kill watch checks that one (src/fred/session/outsideKills.ts). */
  pid?: number;
}

/** What a debugger said about the program after a command. */
export type ProgramStatus =
  | { kind: 'not-started' }
  | { kind: 'stopped'; location?: Location; reason?: 'breakpoint' | 'watchpoint' | 'signal' | 'step' | 'other' }
  | { kind: 'exited'; code?: number; signal?: string };

export interface BreakpointState {
  number: number;
  enabled: boolean;
  /** What the user typed to create it (e.g. "break foo.c:12"), for re-creation. */
  spec: string;
  kind: 'breakpoint' | 'watchpoint' | 'other';
  /** The condition it stops only if, when it has one. */
  condition?: string;
}

export interface CommandOutput {
  /** Everything the debugger printed for the command, without the echo and the final prompt. */
  text: string;
  /** Set when the debugger process itself ended during the command. */
  debuggerExited?: boolean;
}

/** How fred runs a command of its own rather than the user's (all optional). */
export interface ExecuteOptions {
  /** Keep the output from onOutput listeners, and the command out of the debugger's
   *  history and of "repeat the last command" (fred's own commands, quiet replays). */
  silent?: boolean;
  /** Leave status() as it was (the command only looks, or puts the program back). */
  keepStatus?: boolean;
  /** (silent commands) Have the output say where the command stopped, for stopReported(). */
  reportStop?: boolean;
}

/** A line-oriented debugger running in a pty. */
export interface Debugger {
  readonly kind: 'gdb' | 'pdb';
  /** Start and wait for the first prompt; resolves with the banner text. */
  start(): Promise<string>;
  /** Run one command and wait for the next prompt. Rejects only if the debugger is gone. */
  execute(command: string, options?: ExecuteOptions): Promise<CommandOutput>;
  /** Like a user's Ctrl-C: interrupts the running program (the pending execute resolves). */
  interrupt(): void;
  /** Where the program is now (asks the debugger; never changes program state). */
  location(): Promise<Location | undefined>;
  /**
   * Where a command run with `reportStop` stopped, as location() would have said it, read
   * from its output; undefined when the output does not say (then ask location()).
   */
  stopReported?(output: string): Location | undefined;
  /** The state the last command left the program in. */
  status(): ProgramStatus;
  /**
   * Evaluate an expression; undefined when it cannot be evaluated here. With frameDepth
   * (gdb): in the frame that many frames from the outermost (1 = outermost) when the
   * stack is deeper than that, so that names mean what they meant in that frame.
   */
  evaluate(expression: string, frameDepth?: number): Promise<string | undefined>;
  breakpoints(): Promise<BreakpointState[]>;
  /** Raw output as it arrives (for the TUI and for passing through in line mode). */
  onOutput(listener: (chunk: string) => void): () => void;
  /** The debugger process ended (crash, quit). */
  onExit(listener: (code: number | undefined) => void): () => void;
  /** pid of the debugger process itself (the pty's child). */
  readonly pid: number;
  close(): Promise<void>;
  /** pid of the program being debugged (gdb: the inferior; pdb: the python process). */
  programPid?(): Promise<number | undefined>;
  /**
   * Whether the program was resumed or changed (memory, registers, a call) since the last
   * time this was asked; undefined when the debugger cannot tell (then its output must).
   */
  moved?(): Promise<boolean | undefined>;
  /** Raw keystrokes to the terminal, e.g. input for a program reading stdin mid-command. */
  sendInput?(data: string): void;
  /** The debugger took a command (echoed it) and has not shown its prompt since: a read of the terminal now is the program's, not the debugger's. */
  commandRunning?(): boolean;
  /** The terminal's size changed (TUI pane resized). */
  resize?(cols: number, rows: number): void;
}
