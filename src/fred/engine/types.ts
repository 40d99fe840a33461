// What the session engine answers, as data: front ends (line mode, the DAP server, the
// full-screen interface's console) read these fields and never parse the text the engine produced.

export type StopReason = 'entry' | 'breakpoint' | 'step' | 'watchpoint' | 'signal' | 'pause' | 'goto' | 'other';

/** The state a command left the program in. */
export type ProgramState =
  | { kind: 'not-started' }
  | { kind: 'stopped'; reason: StopReason; frame?: StackFrame }
  | { kind: 'exited'; code?: number; signal?: string };

/** The result of one command run through the engine. */
export interface CommandResult {
  /** Everything the command printed, for a console: the debugger's text and fred's, in order. */
  output: string;
  /** What the debugger (and the program sharing its terminal) printed. */
  debuggerOutput: string;
  /** fred's own answer, or its remarks on the debugger's (one text each, in order). */
  notes: string[];
  /** Who answered the command: fred itself (its commands), the debugger, or nobody (it ended the session). */
  answeredBy: 'fred' | 'debugger' | 'quit';
  state: ProgramState;
  /** The program's time point changed (it moved forward or back): frames seen before are stale. */
  historyChanged: boolean;
  /** The debugger itself ended during the command: the session is over (a note at the end of the output says so). */
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
  /** "N" or ">= N": stop from the N-th hit on. */
  hitCondition?: string;
  /** A logpoint: print this ({expressions} replaced by their values) instead of stopping. */
  logMessage?: string;
}

export interface FunctionBreakpointRequest {
  name: string;
  condition?: string;
  hitCondition?: string;
}

/** A breakpoint as the debugger took it (or refused it). */
export interface BreakpointResult {
  /** Line breakpoints: the line asked for. */
  line?: number;
  verified: boolean;
  /** The debugger's number for it. */
  number?: number;
  /** Why it was refused. */
  message?: string;
}

/** How the program moves: forward as in the debugger, back through fred. */
export type Motion = 'continue' | 'next' | 'stepIn' | 'stepOut' | 'stepBack' | 'reverseContinue';

/** One command of the history, as fred-history lists it. */
export interface HistoryEntry {
  /** 1-based position in the history. */
  index: number;
  command: string;
  /** A snapshot of the program was taken just before it. */
  snapshotBefore: boolean;
}

/** A checkpoint the user took (fred-checkpoint). */
export interface CheckpointInfo {
  number: number;
  /** The history's length at the checkpoint. */
  commands: number;
  image?: string;
}

/** The program's history and its branches (fred-branch, fred-switch). */
export interface HistoryView {
  branch: string;
  branches: string[];
  commands: HistoryEntry[];
  checkpoints: CheckpointInfo[];
}

/** A step of a long search (fred-reverse-watch): probes so far, what it does, distance left (0: unknown). */
export interface SearchStep {
  probes: number;
  phase: string;
  remaining: number;
}
