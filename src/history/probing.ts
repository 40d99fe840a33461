// The one operation the reverse algorithms need from the outside world: "go to this time
// point and tell me what the program looks like". The session implements Prober by
// restarting from a snapshot and replaying; here we only count, cache and compare.

import type { Location } from '../debugger-adapters/debugger';
import { pointKey, TimePoint, TimePointEntry } from './timePointEntry';

export type StopReason = 'breakpoint' | 'watchpoint' | 'signal' | 'step' | 'other';

/** What the program looks like at a time point. */
export interface ProbeState {
  location?: Location;
  /** The program has exited (or was killed) at this time point. */
  exited?: boolean;
  /** Why the last command of the time point stopped (breakpoint hit, watchpoint...). */
  reason?: StopReason;
  /**
   * A breakpoint stop whose breakpoint would not stop here now (a tbreak this stop deleted,
   * one deleted or disabled since, its condition false now): going back passes it over.
   */
  breakpointGone?: boolean;
  /** Value of the expression that was asked for, as the debugger printed it. */
  value?: string;
  /** The expression could not be evaluated here (out of scope, not running...). */
  error?: string;
  /** Threaded programs: the selected thread (the user's number) and every thread's. */
  thread?: number;
  threads?: readonly number[];
  /** The selected thread is in a library (waiting for its turn, a lock): the level of the frame whose finish takes it back to the program's code (`fred-thread-to-program` finds it anew when it runs). */
  wayOut?: number;
  /** With wayOut: the line of the program's code that thread waits in (the frame wayOut's finish returns to: its id and depth). */
  waitsIn?: { line?: number; frameId?: string; depth: number };
}

/**
 * Restart + replay to a time point (a command list from program start) and report.
 * Contract: `next N` / `step N` stop early at a breakpoint, watchpoint, signal or exit
 * (gdb's meaning; for pdb the session repeats the bare command and stops early itself).
 * When `expression` is given, evaluate it there (value or error); with `frameDepth`, in
 * the frame that many frames from the outermost when the stack is deeper (gdb; see
 * Debugger.evaluate), so that a callee's variables do not stand in for the caller's.
 */
export interface Prober {
  probe(point: TimePoint, expression?: string, frameDepth?: number): Promise<ProbeState>;
  /** Present when the debugger can run a long command at full speed and stop inside it (gdb). */
  fastForward?: FastForward;
  /** See FastForward.wouldStop, for a debugger that has no fastForward (pdb). */
  wouldStop?: FastForward['wouldStop'];
  /**
   * pdb: `fred-hits 0 N` (countedStopCommand(0n, N)) continues to just before the N-th
   * line the program runs (in any frame), at full speed but for a counting trace.
   */
  countsLines?: boolean;
  /**
   * Whether the run of the last command of `point` (the user's, or the replay that defines
   * a point off their history) had every breakpoint that exists now enabled, with the
   * condition it has now and no ignore count, none that goes on by itself: then it would
   * have stopped at the first of them it met (see quietCrossing.ts). False when unsure.
   */
  armedAsNow?(point: TimePoint): boolean;
  /** Whether a breakpoint is enabled now (false: wouldStop can find nothing; a search may skip asking). True when unsure. */
  anyBreakpointNow?(): boolean;
  /**
   * pdb: replay `command` (a plain `c`) from `from` counting the lines the program runs,
   * and say where the frame `depth` frames from the outermost at its end came from (see
   * FrameOrigin). One replay at counting speed; undefined when there is no such frame.
   */
  frameOrigin?(from: TimePoint, command: TimePointEntry, depth: number): Promise<FrameOrigin | undefined>;
}

/** Where a frame live at the end of a `c` came from, in lines run since the `c` began (`fred-hits 0 N` replays to the N-th). */
export interface FrameOrigin {
  /** The frame's first line; undefined: the frame existed when the `c` began. */
  entry?: number;
  /** The caller's line that called it; 0: the caller stood at that line when the `c` began. */
  site?: number;
  /** Lines the `c` ran (it stopped at the last of them). */
  lines: number;
}

/**
 * How far apart a series's snapshots are: about `cpuNs` of the program's running time, or
 * `executions` executions of the instruction at `address`.
 */
export type SeriesSpacing = { cpuNs: number } | { address: bigint; executions: number };

/**
 * Going through a long `continue` without single-stepping it (fred-reverse-watch).
 * Points of a series spaced by time are anchors (`fred-anchor N`, see commands.ts): where
 * they fall depends on timing, so they exist only as snapshots; their ORDER is certain.
 * Points of a series spaced by executions are counted stops (`fred-hits ADDR N`), which
 * replay like any command.
 */
export interface FastForward {
  /**
   * From `from`, resume with `command` at full speed, snapshotting at `spacing`, at most
   * `max` times. The snapshots' time points, oldest first (fewer than max when the
   * command's own stop came first).
   */
  series(from: TimePoint, command: TimePointEntry, spacing: SeriesSpacing, max: number): Promise<TimePointEntry[][]>;
  /**
   * Start address of the source line the program is in at `point`, in the frame `depth`
   * frames from the outermost (default the innermost), or the first older one with line
   * information. With `loop`: of a line after it that looks like the condition of a loop
   * around it (one that runs every iteration), when there is one.
   */
  lineStart(point: TimePoint, depth?: number, loop?: boolean): Promise<bigint | undefined>;
  /**
   * Replay `command` from `from` and say where the breakpoints that exist NOW (whenever
   * they were set) would have stopped it, oldest first.
   * `endsAtOne`: the last of them is where the command itself ended (not a stop inside it).
   */
  wouldStop?(from: TimePoint, command: TimePointEntry): Promise<WouldStop>;
  /**
   * How many times the instruction at `address` runs while `command` replays from `from`
   * (gdb). The executions that would end it are counted too: a breakpoint there stops the
   * command before the instruction runs; a counted stop there before its own. undefined
   * when it runs more than `limit` times (each costs a debugger stop).
   */
  executions?(from: TimePoint, command: TimePointEntry, address: bigint, limit?: number): Promise<number | undefined>;
  /**
   * At `point`, where the innermost frames are not the program's own (libc's, fred's
   * library's: it waits in a system call): the call instruction in the program's first
   * frame with line information, and that frame's depth (gdb).
   */
  programCall?(point: TimePoint): Promise<{ address: bigint; depth: number } | undefined>;
  /** Address of the call instruction that made the innermost frame at `point` (gdb). */
  callInstruction?(point: TimePoint): Promise<bigint | undefined>;
  /**
   * gdb's line table entry holding the innermost frame's pc at `point` (where gdb's reverse
   * stepping goes back to), whether its statement jumps back into itself (a loop written
   * on one line), and whether the pc starts its function's first line. undefined without
   * line information.
   */
  lineEntry?(point: TimePoint): Promise<LineEntry | undefined>;
  /** See LineWalk: from `from`, run `units` (stepi/nexti, one instruction each) watching for `target`. */
  lineWalk?(from: TimePoint, units: readonly InstructionUnits[], target: LineWalkTarget): Promise<LineWalk | undefined>;
}

/** See FastForward.lineEntry. */
export interface LineEntry {
  entry: bigint;
  loops: boolean;
  /** The pc starts its function's first line (where `break FUNCTION` stops). */
  first: boolean;
}

/** `count` single instructions of one kind, as a time point's `stepi 3` / `nexti 2`. */
export interface InstructionUnits { kind: 'stepi' | 'nexti'; count: number }

/** A line start to look for: the address where `next` lands on the line, in one frame. */
export interface LineWalkTarget { address: bigint; frameId: string; depth: number }

/** What FastForward.lineWalk saw, counting units from `from` (0 = `from` itself). */
export interface LineWalk {
  /** The last unit after which the program was at the target line start; -1: never. */
  start: number;
  /**
   * The last call of code with line information the target's frame made after that:
   * `stepi`: the unit that entered it; `nexti`: the unit before the nexti that ran it.
   */
  call?: { unit: number; via: 'stepi' | 'nexti' };
  /** The target is where its function begins (the line of `{`, which `step` never lands on). */
  entry?: boolean;
}

/** See FastForward.wouldStop. */
export interface WouldStop {
  /**
   * Each would-be stop: just before the `execution`-th execution of `address` since `from`,
   * or since `base` (a point inside the command, a snapshot a series took) when given.
   */
  stops: { address: bigint; execution: number; base?: TimePoint }[];
  endsAtOne: boolean;
}

/** The program cannot run a series here (no perf events, say): the search uses `next`s. */
export class FastForwardUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FastForwardUnavailable';
  }
}

/** Progress of a long search, for the status line. */
export interface SearchProgress {
  probes: number;
  /** What is being searched ("history", "continue expanded into next", ...). */
  phase: string;
  /** Distance (in commands or statements) still to search; 0 when unknown. */
  remaining: number;
  /**
   * Where the change is known to lie, in time points (commands since the program start):
   * the bracket [from, to] of the history's bisection, then the one command it narrowed to
   * while the search goes on inside it. undefined when the search does not say.
   */
  span?: { from: number; to: number };
}

export interface SearchOptions {
  /** Ctrl-C: the search stops before its next probe and rejects with AbortedError. */
  signal?: AbortSignal;
  onProgress?: (progress: SearchProgress) => void;
  /** Refuse to probe more than this (a safety net against non-terminating searches). */
  maxProbes?: number;
}

export class SearchAbortedError extends Error {
  constructor(readonly probes: number) {
    super(`search interrupted after ${probes} probes; the program is where it was before`);
    this.name = 'SearchAbortedError';
  }
}

/** Counts probes, caches answers (replay is deterministic), reports progress, honours abort. */
export class ProbeContext {
  probes = 0;
  private readonly cache = new Map<string, ProbeState>();
  private readonly stopsCache = new Map<string, WouldStop>();
  private readonly origins = new Map<string, FrameOrigin | undefined>();
  private phase = 'searching';
  private remaining = 0;
  private span?: { from: number; to: number };

  constructor(private readonly prober: Prober, private readonly options: SearchOptions = {}) {}

  async probe(point: TimePoint, expression?: string, frameDepth?: number): Promise<ProbeState> {
    // A probe that evaluated an expression also answers "where is the program" there.
    const where = pointKey(point);
    const key = expression === undefined ? where : `${expression}\u0000${frameDepth ?? ''}\u0000${where}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const state = await this.counted(() => this.prober.probe(point, expression, frameDepth));
    this.cache.set(key, state);
    if (!this.cache.has(where)) this.cache.set(where, state);
    return state;
  }

  /** A series counts as one probe (one restart, one run). */
  async series(from: TimePoint, command: TimePointEntry, spacing: SeriesSpacing, max: number): Promise<TimePointEntry[][]> {
    const fast = this.prober.fastForward;
    if (!fast) throw new Error('this debugger cannot run a command at full speed with snapshots');
    return this.counted(() => fast.series(from, command, spacing, max));
  }

  get fastForward(): FastForward | undefined { return this.prober.fastForward; }

  get countsLines(): boolean { return this.prober.countsLines === true; }

  /** See Prober.armedAsNow (no probe: the session knows it). */
  armedAsNow(point: TimePoint): boolean { return this.prober.armedAsNow?.(point) === true; }

  /** See Prober.anyBreakpointNow. */
  get anyBreakpointNow(): boolean { return this.prober.anyBreakpointNow?.() !== false; }

  get countsFrameOrigins(): boolean { return this.prober.frameOrigin !== undefined; }

  /** See Prober.frameOrigin. One probe, cached. */
  async frameOrigin(from: TimePoint, command: TimePointEntry, depth: number): Promise<FrameOrigin | undefined> {
    const frameOrigin = this.prober.frameOrigin?.bind(this.prober);
    if (!frameOrigin) return undefined;
    const key = `frameOrigin\u0000${depth}\u0000${pointKey([...from, command])}`;
    if (this.origins.has(key)) return this.origins.get(key);
    const answer = await this.counted(() => frameOrigin(from, command, depth));
    this.origins.set(key, answer);
    return answer;
  }

  /** Where today's breakpoints would have stopped `command` from `from`; undefined when the debugger cannot tell. One probe. */
  async wouldStop(from: TimePoint, command: TimePointEntry): Promise<WouldStop | undefined> {
    const wouldStop = this.prober.wouldStop ?? this.prober.fastForward?.wouldStop;
    if (!wouldStop) return undefined;
    const key = `wouldStop\u0000${pointKey([...from, command])}`;
    const cached = this.stopsCache.get(key);
    if (cached) return cached;
    const answer = await this.counted(() => wouldStop(from, command));
    this.stopsCache.set(key, answer);
    return answer;
  }

  /** One probe, whichever way the prober makes it: counted, abortable, and reported when done. */
  async counted<T>(run: () => Promise<T>): Promise<T> {
    this.countProbe();
    const answer = await run();
    this.options.onProgress?.({ probes: this.probes, phase: this.phase, remaining: this.remaining, span: this.span });
    return answer;
  }

  private countProbe(): void {
    if (this.options.signal?.aborted) throw new SearchAbortedError(this.probes);
    const limit = this.options.maxProbes ?? 10_000;
    if (this.probes >= limit) throw new Error(`search gave up after ${limit} probes (the history may not replay deterministically)`);
    this.probes++;
  }

  /** Says what the following probes are for (shown with each progress report); span: see SearchProgress (kept when not given). */
  progress(phase: string, remaining: number, span?: { from: number; to: number }): void {
    this.phase = phase;
    this.remaining = remaining;
    if (span) this.span = span;
  }
}

/** Stops that a `next N` ends on early: events, as opposed to ordinary line landings. */
/** A stop at a breakpoint of now: where gdb's reverse commands stop. */
export function atBreakpointNow(state: ProbeState): boolean {
  return state.reason === 'breakpoint' && !state.breakpointGone;
}

export function isEventStop(state: ProbeState): boolean {
  return state.exited === true || state.reason === 'breakpoint' || state.reason === 'watchpoint' || state.reason === 'signal';
}

/** Stack depth of a state; exited programs have depth 0. */
export function depthOf(state: ProbeState): number {
  return state.exited ? 0 : state.location?.depth ?? 0;
}

/**
 * Whether two states are "the same point of the program": both exited, or the same code
 * position (pc; file:line when there is no pc) in the same frame (frameId; depth when
 * there is no frameId). Loop iterations are NOT told apart: every search that uses this
 * is arranged so the first match is the wanted one. A watchpoint or signal stop only
 * matches a stop of the same reason (a line landing at the same pc is not that event).
 */
export function sameState(a: ProbeState, b: ProbeState): boolean {
  if (a.exited || b.exited) return a.exited === true && b.exited === true;
  const x = a.location;
  const y = b.location;
  if (!x || !y) return false;
  const samePosition = x.pc !== undefined && y.pc !== undefined
    ? x.pc === y.pc
    : x.file === y.file && x.line === y.line && x.function === y.function;
  const sameFrame = x.frameId !== undefined && y.frameId !== undefined ? x.frameId === y.frameId && x.depth === y.depth : x.depth === y.depth;
  if (a.thread !== undefined && b.thread !== undefined && a.thread !== b.thread) return false;
  for (const special of ['watchpoint', 'signal'] as const) {
    if ((a.reason === special) !== (b.reason === special)) return false;
  }
  return samePosition && sameFrame;
}

/** Whether `inner` is in the frame of `outer` (same depth, same frame id when both have one). */
export function sameFrame(a: ProbeState, b: ProbeState): boolean {
  if (a.exited || b.exited || !a.location || !b.location) return false;
  if (a.location.depth !== b.location.depth) return false;
  const x = a.location.frameId;
  const y = b.location.frameId;
  return x === undefined || y === undefined || x === y;
}

/** "file.c:12 in f" for messages. */
export function describeState(state: ProbeState): string {
  if (state.exited) return 'program exit';
  const l = state.location;
  if (!l) return 'an unknown point';
  const where = l.file !== undefined ? `${l.file}:${l.line ?? '?'}` : l.pc ?? '?';
  return l.function ? `${where} in ${l.function}` : where;
}
