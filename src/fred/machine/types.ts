// The status machine's vocabulary, free of xstate so the rest of fred can use it.
// Every event carries its time (`at`, ms) so the machine itself stays pure.

export type ProgramState =
  | { kind: 'not-started' }
  | { kind: 'stopped'; where?: string }
  | { kind: 'exited'; code?: number; signal?: string };

export type StatusEvent =
  | { type: 'COMMAND_STARTED'; line: string; at: number }
  | { type: 'COMMAND_FINISHED'; ok: boolean; at: number }
  | { type: 'SNAPSHOT_STARTED'; at: number }
  | { type: 'SNAPSHOT_TAKEN'; at: number }
  | { type: 'RESTORE_STARTED'; at: number }
  | { type: 'RESTORED'; at: number }
  | { type: 'REPLAY_PROGRESS'; done: number; total: number; at: number }
  | { type: 'SEARCH_PROGRESS'; probes: number; phase: string; remaining: number; at: number }
  /** What the debugger says about the program, after each command. */
  | { type: 'PROGRAM'; program: ProgramState; at: number }
  /** Redraw (elapsed time); sent by the ticker while busy. */
  | { type: 'TICK'; at: number };

export interface SearchStatus {
  probes: number;
  /** Probes still expected: log2 of the distance left (0 when unknown). */
  expected: number;
  phase: string;
  remaining: number;
}

export interface StatusContext {
  /** The top-level command being run, and when it started. */
  command?: string;
  since: number;
  /** When the current phase (checkpointing, restarting...) began. */
  phaseSince: number;
  /** Nested commands (fred-source runs the lines of a file). */
  depth: number;
  replay?: { done: number; total: number };
  search?: SearchStatus;
  program: ProgramState;
  /** The last command failed. */
  failed: boolean;
  now: number;
}

/** The phases while a command runs; `stopped` is "waiting for the user". */
export type BusyPhase = 'running' | 'checkpointing' | 'restarting' | 'replaying' | 'searching';

export interface StatusView {
  phase: 'stopped' | BusyPhase;
  context: StatusContext;
}
