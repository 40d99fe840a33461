// What the session engine answers, as data: front ends (the DAP server) read these fields
// and never parse the text the debugger printed.

export type StopReason = 'entry' | 'breakpoint' | 'step' | 'watchpoint' | 'signal' | 'pause' | 'goto' | 'other';

/** The state a command left the program in. */
export type ProgramState =
  | { kind: 'not-started' }
  | { kind: 'stopped'; reason: StopReason; frame?: StackFrame }
  | { kind: 'exited'; code?: number; signal?: string };

/** The result of one command run through the engine. */
export interface CommandResult {
  /** What the debugger (and the program sharing its terminal) printed, for a console. */
  output: string;
  state: ProgramState;
  /** The program's time point changed (it moved forward or back): frames seen before are stale. */
  historyChanged: boolean;
  /** The debugger itself ended during the command: the session is over. */
  debuggerExited: boolean;
}

/** One frame of the program's stack; level 0 is the innermost. */
export interface StackFrame {
  level: number;
  function: string;
  file?: string;
  line?: number;
  /** gdb: the program counter. */
  pc?: string;
}

/** A variable of a frame, or a child of one (a field, an element). */
export interface Variable {
  name: string;
  value: string;
  type?: string;
  /** An expression that names it in its frame: asking for its children uses it. */
  expression: string;
  /** It has children (a struct, an array, a list, an object...). */
  expandable: boolean;
}

export interface BreakpointRequest {
  line: number;
  condition?: string;
}

/** A breakpoint as the debugger took it (or refused it). */
export interface BreakpointResult {
  line: number;
  verified: boolean;
  /** The debugger's number for it. */
  number?: number;
  /** Why it was refused. */
  message?: string;
}

/** How the program moves: forward as in the debugger, back through fred. */
export type Motion = 'continue' | 'next' | 'stepIn' | 'stepOut' | 'stepBack' | 'reverseContinue';
