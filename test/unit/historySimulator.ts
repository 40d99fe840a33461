// A simulated program for the history unit tests: a recorded trace of line starts (line,
// function, stack depth, variable changes) and a Prober that "restarts and replays" a
// command list over it with gdb's (or pdb's) meaning of next/step/continue/finish/until/
// advance, including `next N` stopping early at a breakpoint. Frame ids mimic gdb's CFA:
// sibling calls at the same depth share one, as they do in a real program.
//
// Optionally (SimulatorOptions.fastForward) the Prober also runs a `continue` "at full
// speed" the way fred's gdb session does for fred-reverse-watch: series of snapshots
// spaced by CPU time (`fred-anchor ID`, which may fall inside a line) or by executions
// of a line (`fred-hits ADDR N`). An address is a line number (BigInt(line)); CPU time
// is counted in trace steps (each line start one step, or its `cost`).

import type { Location } from '../../src/debugger-adapters/debugger';
import { anchorCommand, anchorSnapshot, countedStopCommand, DebuggerKind, parseCountedStop } from '../../src/history/commands';
import { dialectOf } from '../../src/history/dialects';
import { FastForward, FastForwardUnavailable, ProbeState, Prober, SeriesSpacing, WouldStop } from '../../src/history/probing';
import { entriesOf, entryOf, TimePoint, TimePointEntry } from '../../src/history/timePointEntry';
import type { Dialect } from '../../src/history/dialects/dialect';

/** A time point as the tests write it: lines, or entries (an answer of the algorithms). */
export type Written = TimePoint | readonly string[];

/** The lines of a written time point (what the simulator replays, what tests compare). */
export function linesOf(point: Written): string[] {
  return point.map((c) => (typeof c === 'string' ? c : c.text));
}

/** A written time point as the algorithms take it: classified by `dialect`. */
export function pointOf(point: Written, dialect: Dialect): TimePointEntry[] {
  return entriesOf(linesOf(point), dialect);
}

type Value = number | string;

class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number { return this.data[i]; }
}

/** Builds a trace by "executing" a program written as TypeScript calls. */
export class TraceBuilder {
  readonly lines = new IntList();
  readonly depths = new IntList();
  readonly functions = new IntList();
  readonly functionNames: string[] = [];
  readonly changes = new Map<string, { at: number[]; values: Value[]; scope?: string }>();
  /** Lines that take more than one step of CPU time: [index, extra steps]. */
  readonly extraCost: Array<[number, number]> = [];
  private stack: string[] = ['main'];

  /** Declares a variable (optionally visible only inside function `scope`). */
  variable(name: string, initial: Value, scope?: string): this {
    this.changes.set(name, { at: [0], values: [initial], scope });
    return this;
  }

  /**
   * One line start in the current function; `effects` happen when the line executes
   * (half-way through its `cost`, the CPU time it takes in trace steps).
   */
  line(line: number, effects: Record<string, Value> = {}, cost = 1): this {
    let fn = this.functionNames.indexOf(this.stack[this.stack.length - 1]);
    if (fn < 0) fn = this.functionNames.push(this.stack[this.stack.length - 1]) - 1;
    const index = this.lines.length;
    this.lines.push(line);
    this.depths.push(this.stack.length);
    this.functions.push(fn);
    if (cost > 1) this.extraCost.push([index, cost - 1]);
    for (const [name, value] of Object.entries(effects)) {
      const v = this.changes.get(name);
      if (!v) throw new Error(`undeclared variable ${name}`);
      v.at.push(index + 0.5); // visible once the line has run
      v.values.push(value);
    }
    return this;
  }

  /** A line that calls `fn`: the line, then the callee's body one frame deeper. */
  call(line: number, fn: string, body: () => void, effectsAfterReturn: Record<string, Value> = {}): this {
    this.line(line);
    this.stack.push(fn);
    body();
    this.stack.pop();
    // Effects of the rest of the calling line (x = f()) become visible at the next line.
    for (const [name, value] of Object.entries(effectsAfterReturn)) {
      const v = this.changes.get(name)!;
      v.at.push(this.lines.length - 0.1); // after the return, before the next line
      v.values.push(value);
    }
    return this;
  }

  build(): Trace {
    return new Trace(this);
  }
}

type Position =
  | { kind: 'not-started' }
  | { kind: 'exited' }
  /** At a line start, or (`within`, 0.1..0.85) part-way through the line: a snapshot's place. */
  | { kind: 'line'; index: number; reason: ProbeState['reason']; within?: number }
  /** gdb finish: in the caller, mid-way through the calling line (`call` = index of that line). */
  | { kind: 'mid'; call: number; resume: number }
  /** pdb: the return event of the frame whose last line is `last`. */
  | { kind: 'return'; last: number; resume: number };

export class Trace {
  readonly size: number;
  private readonly line: Int32Array;
  private readonly depth: Int32Array;
  private readonly fn: Int32Array;
  private readonly names: string[];
  private readonly changes: TraceBuilder['changes'];
  /** First later index at the same or a smaller depth (where `next` lands). */
  private readonly nextShallow: Int32Array;
  /** First later index at a smaller depth (where the frame has returned). */
  private readonly nextShallower: Int32Array;
  /** Last earlier index at a smaller depth (the line that called the frame). */
  private readonly prevShallower: Int32Array;
  /** Lines costing more than one step (ascending) and the extra steps before each of them. */
  private readonly costlyIndex: number[];
  private readonly extraBefore: number[];
  private readonly executionsOf = new Map<number, Int32Array>();

  constructor(b: TraceBuilder) {
    this.size = b.lines.length;
    this.line = b.lines.data.slice(0, this.size);
    this.depth = b.depths.data.slice(0, this.size);
    this.fn = b.functions.data.slice(0, this.size);
    this.names = b.functionNames;
    this.changes = b.changes;
    this.costlyIndex = b.extraCost.map(([i]) => i);
    this.extraBefore = [0];
    for (const [, extra] of b.extraCost) this.extraBefore.push(this.extraBefore[this.extraBefore.length - 1] + extra);
    this.nextShallow = new Int32Array(this.size);
    this.nextShallower = new Int32Array(this.size);
    this.prevShallower = new Int32Array(this.size);
    const stack: number[] = [];
    for (let i = this.size - 1; i >= 0; i--) {
      while (stack.length && this.depth[stack[stack.length - 1]] > this.depth[i]) stack.pop();
      this.nextShallow[i] = stack.length ? stack[stack.length - 1] : this.size;
      stack.push(i);
    }
    stack.length = 0;
    for (let i = this.size - 1; i >= 0; i--) {
      while (stack.length && this.depth[stack[stack.length - 1]] >= this.depth[i]) stack.pop();
      this.nextShallower[i] = stack.length ? stack[stack.length - 1] : this.size;
      stack.push(i);
    }
    stack.length = 0;
    for (let i = 0; i < this.size; i++) {
      while (stack.length && this.depth[stack[stack.length - 1]] >= this.depth[i]) stack.pop();
      this.prevShallower[i] = stack.length ? stack[stack.length - 1] : -1;
      stack.push(i);
    }
  }

  lineAt(i: number): number { return this.line[i]; }
  depthAt(i: number): number { return this.depth[i]; }
  functionAt(i: number): string { return this.names[this.fn[i]]; }
  nextShallowOf(i: number): number { return this.nextShallow[i]; }
  nextShallowerOf(i: number): number { return this.nextShallower[i]; }
  callerOf(i: number): number { return this.prevShallower[i]; }

  /** CPU time (in steps) at which line start i is reached; timeOf(size) is the whole run. */
  timeOf(i: number): number {
    return i + this.extraBefore[lowerBound(this.costlyIndex, i)];
  }

  /** CPU time one execution of line start i takes. */
  costOf(i: number): number {
    return this.timeOf(i + 1) - this.timeOf(i);
  }

  /** The line being executed at CPU time t (0 <= t < timeOf(size)) and how far into it. */
  lineAtTime(t: number): { index: number; fraction: number } {
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.timeOf(mid) <= t) lo = mid; else hi = mid - 1;
    }
    return { index: lo, fraction: (t - this.timeOf(lo)) / this.costOf(lo) };
  }

  /** Indices (ascending) of every line start of `line`. */
  executions(line: number): Int32Array {
    let found = this.executionsOf.get(line);
    if (!found) {
      const list = new IntList();
      for (let i = 0; i < this.size; i++) if (this.line[i] === line) list.push(i);
      found = list.data.slice(0, list.length);
      this.executionsOf.set(line, found);
    }
    return found;
  }

  /**
   * Value of a variable at position i (a line start is at its index; effects of a line
   * come at index + 0.5); `scopeIndex` is the line whose function is current.
   * undefined when out of scope.
   */
  valueAt(name: string, i: number, scopeIndex = Math.floor(i)): Value | undefined {
    const v = this.changes.get(name);
    if (!v) return undefined;
    if (v.scope !== undefined && this.functionAt(Math.min(scopeIndex, this.size - 1)) !== v.scope) return undefined;
    let lo = 0;
    let hi = v.at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (v.at[mid] <= i) lo = mid; else hi = mid - 1;
    }
    return v.values[lo];
  }
}

export interface SimulatorOptions {
  debuggerKind?: DebuggerKind;
  /** Line numbers with a breakpoint. */
  breakpoints?: number[];
  /**
   * Line numbers with a breakpoint that exists now, as a reverse command starts: those of
   * `breakpoints` (enabled for every run, as if set before it) and ones set after the fact.
   * The Prober then answers wouldStop (counted in wouldStopRuns) and armedAsNow for them.
   */
  breakpointsNow?: number[];
  /** Give the Prober a FastForward (gdb only), as fred's gdb session has. */
  fastForward?: FastForwardOptions;
}

export interface FastForwardOptions {
  /** CPU time of one trace step (default 1 ns: a tight loop at full speed). */
  nsPerStep?: number;
  /** Time-spaced snapshots fall every spacing * (1 +- jitter) (default 0.5). */
  jitter?: number;
  /** Seeds the timing: the same series from the same point falls at the same places. */
  seed?: number;
  /** series() throws FastForwardUnavailable with this message (no perf events, say). */
  unavailable?: string;
}

/** Where a time-spaced snapshot fell; `from` is the time point its series started at. */
export interface AnchorRecord { from: string; index: number; within: number }

/** A Prober over a Trace: each probe replays the commands from scratch. */
export class SimulatedProgram implements Prober {
  probes = 0;
  /** series() calls, and `fred-hits` replays that ended at the continue's own stop. */
  seriesRuns = 0;
  countedStopsPastEnd = 0;
  readonly anchors = new Map<number, AnchorRecord>();
  readonly fastForward?: FastForward;
  readonly wouldStop?: Prober['wouldStop'];
  readonly armedAsNow?: Prober['armedAsNow'];
  /** wouldStop calls: each a replay of its own in fred's session. */
  wouldStopRuns = 0;
  readonly debuggerKind: DebuggerKind;
  private readonly breakpointLines: Set<number>;
  /** First index >= i whose line has a breakpoint (size when none). */
  private readonly nextBreak: Int32Array;

  constructor(readonly trace: Trace, options: SimulatorOptions = {}) {
    this.debuggerKind = options.debuggerKind ?? 'gdb';
    this.breakpointLines = new Set(options.breakpoints ?? []);
    this.nextBreak = new Int32Array(trace.size + 1);
    this.nextBreak[trace.size] = trace.size;
    for (let i = trace.size - 1; i >= 0; i--) {
      this.nextBreak[i] = this.breakpointLines.has(trace.lineAt(i)) ? i : this.nextBreak[i + 1];
    }
    const now = options.breakpointsNow;
    if (now) {
      const lines = new Set(now);
      this.wouldStop = async (from, command) => {
        this.wouldStopRuns++;
        return this.stopsInside(linesOf(from), command.text, lines);
      };
      // every run had `breakpoints` enabled: it proves something only when those of now are among them
      this.armedAsNow = () => now.every((line) => this.breakpointLines.has(line));
    }
    const fast = options.fastForward;
    if (fast) {
      this.fastForward = {
        series: async (from, command, spacing, max) => {
          if (fast.unavailable !== undefined) throw new FastForwardUnavailable(fast.unavailable);
          this.seriesRuns++;
          // each point is `from` and one command more: only that one is new
          return this.series(linesOf(from), command.text, spacing, max, fast).map((p) => [...from, entryOf(p[p.length - 1], dialectOf(this.debuggerKind))]);
        },
        lineStart: async (point, depth, loop) => this.lineStart(linesOf(point), depth, loop),
      };
    }
  }

  async probe(point: TimePoint, expression?: string, frameDepth?: number): Promise<ProbeState> {
    this.probes++;
    return this.run(point, expression, frameDepth);
  }

  /** Synchronous replay, also used by tests to check answers against ground truth. */
  run(point: Written, expression?: string, frameDepth?: number): ProbeState {
    return this.describe(this.replay(linesOf(point)), expression, frameDepth);
  }

  /** The trace index a state corresponds to (for tests); fractional inside a line. */
  indexOf(point: Written): number {
    const position = this.replay(linesOf(point));
    switch (position.kind) {
      case 'line': return position.index + (position.within ?? 0);
      case 'mid': case 'return': return position.resume - 0.5;
      case 'exited': return this.trace.size;
      default: return -1;
    }
  }

  private replay(commands: readonly string[]): Position {
    let position: Position = this.debuggerKind === 'pdb' ? this.land(0) : { kind: 'not-started' };
    for (const [k, command] of commands.entries()) {
      const id = anchorSnapshot(command);
      position = id === undefined ? this.execute(position, command) : this.restoreAnchor(commands.slice(0, k), id);
    }
    return position;
  }

  /** A snapshot's state; only reachable from the time point its series started at. */
  private restoreAnchor(before: readonly string[], id: number): Position {
    const anchor = this.anchors.get(id);
    if (!anchor) throw new Error(`simulator: no snapshot ${id}`);
    if (anchor.from !== before.join('\n')) throw new Error(`simulator: snapshot ${id} was taken after [${anchor.from}], not after [${before.join(', ')}]`);
    return { kind: 'line', index: anchor.index, reason: 'other', within: anchor.within };
  }

  private land(index: number, reason: ProbeState['reason'] = 'step'): Position {
    if (index >= this.trace.size) return { kind: 'exited' };
    const hit = this.breakpointLines.has(this.trace.lineAt(index));
    return { kind: 'line', index, reason: hit ? 'breakpoint' : reason };
  }

  /** Where execution continues from (the index of the next line start to execute). */
  private resumeIndex(p: Position): number {
    if (p.kind === 'line') return p.index + 1;
    if (p.kind === 'mid' || p.kind === 'return') return p.resume;
    return this.trace.size;
  }

  /** First breakpoint line start in [from, to); `to` when none. */
  private breakBefore(from: number, to: number): number {
    const b = this.nextBreak[Math.min(from, this.trace.size)];
    return b < to ? b : to;
  }

  private next(p: Position): Position {
    if (p.kind === 'mid' || p.kind === 'return') return this.land(p.resume);
    if (p.kind !== 'line') return p;
    const t = this.trace;
    const landing = t.nextShallowOf(p.index);
    const hit = this.breakBefore(p.index + 1, landing);
    if (hit < landing) return this.land(hit, 'breakpoint');
    if (this.debuggerKind === 'pdb' && landing < t.size && t.depthAt(landing) < t.depthAt(p.index)) {
      return { kind: 'return', last: p.index, resume: landing }; // pdb stops at "--Return--"
    }
    return this.land(landing);
  }

  private step(p: Position): Position {
    if (p.kind === 'mid' || p.kind === 'return') return this.land(p.resume);
    if (p.kind !== 'line') return p;
    return this.land(p.index + 1);
  }

  private finish(p: Position): Position {
    if (p.kind !== 'line') return p.kind === 'mid' || p.kind === 'return' ? this.finish(this.step(p)) : p;
    const t = this.trace;
    if (t.depthAt(p.index) <= 1) return p; // "finish" not meaningful in the outermost frame
    const back = t.nextShallowerOf(p.index);
    const hit = this.breakBefore(p.index + 1, back);
    if (hit < back) return this.land(hit, 'breakpoint');
    if (back >= t.size) return { kind: 'exited' };
    if (this.debuggerKind === 'pdb') {
      let last = back - 1;
      while (t.depthAt(last) !== t.depthAt(p.index)) last--;
      return { kind: 'return', last, resume: back };
    }
    return { kind: 'mid', call: t.callerOf(p.index), resume: back };
  }

  private repeat(p: Position, times: number, one: (p: Position) => Position): Position {
    let position = p;
    for (let i = 0; i < times; i++) {
      position = one(position);
      if (position.kind !== 'line' && position.kind !== 'mid' && position.kind !== 'return') break;
      if (position.kind === 'line' && position.reason === 'breakpoint') break;
    }
    return position;
  }

  private execute(p: Position, text: string): Position {
    const c = dialectOf(this.debuggerKind).classify(text);
    const word = text.trim().split(/\s+/)[0];
    if (c.kind === 'run') {
      if (this.debuggerKind === 'pdb' || word === 'start') return { kind: 'line', index: 0, reason: 'other' };
      return this.continueFrom(0);
    }
    if (p.kind === 'not-started' || p.kind === 'exited') return p;
    const t = this.trace;
    switch (c.kind) {
      case 'next': return this.repeat(p, c.count, (q) => this.next(q));
      case 'step': {
        if (p.kind !== 'line') return this.repeat(p, c.count, (q) => this.step(q));
        const end = p.index + c.count; // O(1): stop at the first breakpoint on the way
        const hit = this.breakBefore(p.index + 1, end);
        return this.land(Math.min(hit, end), hit < end ? 'breakpoint' : 'step');
      }
      case 'continue': return this.continueFrom(this.resumeIndex(p));
      case 'finish': return this.finish(p);
      case 'until': case 'advance': {
        if (p.kind !== 'line') return this.next(p);
        const start = p.index;
        const target = c.argument ? Number(c.argument) : undefined;
        let q: Position = p;
        for (let i = start + 1; i <= t.size; i++) {
          if (i === t.size) return { kind: 'exited' };
          if (this.breakpointLines.has(t.lineAt(i))) return this.land(i, 'breakpoint');
          if (t.depthAt(i) < t.depthAt(start)) return this.land(i);
          const sameFrame = t.depthAt(i) === t.depthAt(start);
          if (target !== undefined ? t.lineAt(i) === target && (c.kind === 'advance' || sameFrame)
            : sameFrame && t.lineAt(i) > t.lineAt(start)) { q = this.land(i, 'other'); break; }
        }
        return q;
      }
      case 'kill': return { kind: 'exited' };
      case 'counted-stop': {
        const stop = parseCountedStop(c.text);
        if (!stop) throw new Error(`simulator: bad counted stop ${c.text}`);
        return this.countedStop(p, stop.address, stop.count);
      }
      default: return p;
    }
  }

  /** Prober.wouldStop: executions of `lines` inside `command` run from `from` (counted from there), then its end if at one. */
  private stopsInside(from: readonly string[], command: string, lines: ReadonlySet<number>): WouldStop {
    const first = this.resumeIndex(this.replay(from));
    const end = this.replay([...from, command]);
    const inside = end.kind === 'line' ? end.index : end.kind === 'mid' || end.kind === 'return' ? end.resume : this.trace.size;
    const seen = new Map<number, number>();
    const stops: WouldStop['stops'] = [];
    const at = (i: number) => {
      const line = this.trace.lineAt(i);
      seen.set(line, (seen.get(line) ?? 0) + 1);
      stops.push({ address: BigInt(line), execution: seen.get(line)! });
    };
    for (let i = first; i < inside; i++) if (lines.has(this.trace.lineAt(i))) at(i);
    const endsAtOne = end.kind === 'line' && lines.has(this.trace.lineAt(end.index));
    if (endsAtOne) at(end.index);
    return { stops, endsAtOne };
  }

  /** Index of the count-th execution of `address` from `from` on (size when there is none). */
  private nthExecution(address: bigint, from: number, count: number): number {
    const list = this.trace.executions(Number(address));
    const k = lowerBound(list, from) + count - 1;
    return k < list.length ? list[k] : this.trace.size;
  }

  /** `fred-hits ADDR N`: just before the N-th execution of ADDR, or the continue's own stop. */
  private countedStop(p: Position, address: bigint, count: number): Position {
    const from = this.resumeIndex(p);
    const target = this.nthExecution(address, from, count);
    const stop = this.breakBefore(from, this.trace.size);
    if (target < stop) return this.land(target, 'other');
    this.countedStopsPastEnd++;
    return this.continueFrom(from);
  }

  /** FastForward.series over the trace (see FastForwardOptions for the timing rule). */
  private series(from: readonly string[], command: string, spacing: SeriesSpacing, max: number, options: FastForwardOptions): string[][] {
    if (dialectOf(this.debuggerKind).classify(command).kind !== 'continue') throw new Error(`simulator: series of "${command}"`);
    const p = this.replay(from);
    if (p.kind === 'not-started' || p.kind === 'exited') return [];
    const t = this.trace;
    const resume = this.resumeIndex(p);
    const stop = this.breakBefore(resume, t.size); // the continue's own stop (or the end)
    const points: string[][] = [];
    if ('address' in spacing) {
      for (let k = 1; k <= max; k++) {
        if (this.nthExecution(spacing.address, resume, spacing.executions * k) >= stop) break;
        points.push([...from, countedStopCommand(spacing.address, spacing.executions * k)]);
      }
      return points;
    }
    const random = seededRandom(hashString(`${options.seed ?? 1}\n${from.join('\n')}\n${spacing.cpuNs}`));
    const steps = spacing.cpuNs / (options.nsPerStep ?? 1);
    const jitter = options.jitter ?? 0.5;
    let time = this.timeAt(p);
    for (let k = 0; k < max; k++) {
      time += steps * (1 + jitter * (2 * random() - 1));
      if (time >= t.timeOf(stop)) break;
      const at = t.lineAtTime(time);
      const id = this.anchors.size + 1;
      this.anchors.set(id, { from: from.join('\n'), index: at.index, within: 0.1 + 0.75 * at.fraction });
      points.push([...from, anchorCommand(id)]);
    }
    return points;
  }

  /** CPU time at a position (a line start, part-way through a line, or where a return resumes). */
  private timeAt(p: Position): number {
    if (p.kind !== 'line') return this.trace.timeOf(this.resumeIndex(p));
    const into = p.within === undefined ? 0 : (p.within - 0.1) / 0.75;
    return this.trace.timeOf(p.index) + into * this.trace.costOf(p.index);
  }

  /**
   * FastForward.lineStart: the line of frame `depth` (1 = outermost; deeper than the
   * innermost = innermost); with `loop`, the first line start after it in that frame
   * whose line is lower than the one before (a loop condition), if any.
   */
  private lineStart(point: readonly string[], depth?: number, loop?: boolean): bigint | undefined {
    const p = this.replay(point);
    if (p.kind === 'not-started' || p.kind === 'exited') return undefined;
    const t = this.trace;
    let i = p.kind === 'line' ? p.index : p.kind === 'mid' ? p.call : p.last;
    const frame = Math.min(depth ?? t.depthAt(i), t.depthAt(i));
    if (frame < 1) return undefined;
    while (t.depthAt(i) > frame) i = t.callerOf(i);
    if (loop) {
      let previous = t.lineAt(i);
      for (let j = t.nextShallowOf(i); j < t.size && t.depthAt(j) === frame; j = t.nextShallowOf(j)) {
        if (t.lineAt(j) < previous) return BigInt(t.lineAt(j));
        previous = t.lineAt(j);
      }
    }
    return BigInt(t.lineAt(i));
  }

  private continueFrom(index: number): Position {
    const hit = this.breakBefore(index, this.trace.size);
    return hit < this.trace.size ? this.land(hit, 'breakpoint') : { kind: 'exited' };
  }

  /** frameDepth: names are looked up in the frame at that depth when the stack is deeper (gdb's fred-eval-at). */
  private describe(p: Position, expression?: string, frameDepth?: number): ProbeState {
    if (p.kind === 'not-started') return { error: 'The program is not being run.' };
    if (p.kind === 'exited') return { exited: true, ...(expression ? { error: 'The program is not being run.' } : {}) };
    const t = this.trace;
    let location: Location;
    let reason: ProbeState['reason'];
    let valueIndex: number;
    let scopeIndex: number;
    if (p.kind === 'line') {
      location = this.locationAt(p.index, p.within === undefined ? '' : `+${p.within.toFixed(4)}`);
      reason = p.reason;
      valueIndex = p.index + (p.within ?? 0);
      scopeIndex = p.index;
    } else {
      const at = p.kind === 'mid' ? p.call : p.last;
      location = this.locationAt(at, p.kind === 'mid' ? '+mid' : '+return');
      reason = 'other';
      valueIndex = p.kind === 'mid' ? p.resume - 0.2 : p.last + 0.6;
      scopeIndex = at;
    }
    const state: ProbeState = { location, reason };
    // the caller's frame is at the line it last ran at that depth
    while (frameDepth !== undefined && scopeIndex > 0 && t.depthAt(scopeIndex) > frameDepth) scopeIndex--;
    if (expression !== undefined) {
      const value = evaluate(expression, (name) => t.valueAt(name, valueIndex, scopeIndex));
      if (value === undefined) state.error = `No symbol in current context: ${expression}`;
      else state.value = value;
    }
    return state;
  }

  private locationAt(index: number, suffix: string): Location {
    const t = this.trace;
    const fn = t.functionAt(index);
    const depth = t.depthAt(index);
    return { file: 'prog.c', line: t.lineAt(index), function: fn, pc: `${fn}:${t.lineAt(index)}${suffix}`, depth, frameId: `cfa-${depth}` };
  }
}

/** `name` or `name OP number` (OP one of < <= > >= == !=). */
function evaluate(expression: string, lookup: (name: string) => Value | undefined): string | undefined {
  const m = /^\s*([A-Za-z_]\w*)\s*(?:(<=|>=|==|!=|<|>)\s*(-?\d+))?\s*$/.exec(expression);
  if (!m) return undefined;
  const v = lookup(m[1]);
  if (v === undefined) return undefined;
  if (!m[2]) return String(v);
  const x = Number(v);
  const y = Number(m[3]);
  const r = { '<': x < y, '<=': x <= y, '>': x > y, '>=': x >= y, '==': x === y, '!=': x !== y }[m[2] as '<'];
  return r ? 'true' : 'false';
}

/** Number of elements of an ascending list below x. */
function lowerBound(list: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** 32-bit FNV-1a: a seed from a string. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** xorshift32 in [0, 1): deterministic timing jitter. */
function seededRandom(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 2 ** 32;
  };
}
