// Where would the breakpoints enabled now have stopped one command of the history, run from
// a given time point? The reverse commands ask it (through Prober and FastForward.wouldStop,
// src/history/probing.ts) to find the last stop of today's breakpoints going back: the
// breakpoints may have been set, changed or given conditions after that command ran.
// Several ways, cheapest first (wouldStop): a counted stop's own count, the full-speed
// search of lastStopSearch.ts, the kernel's execution counters, and recorders that stop at
// each would-be stop (gdb: fredGdbHelpers.py; pdb: fredPdbState.py through PdbHits).
import { BreakpointState, Debugger } from '../../debugger-adapters/debugger';
import { countedStopCommand } from '../../history/commands';
import type { Dialect } from '../../history/dialects';
import { FastForwardUnavailable, SeriesSpacing, WouldStop } from '../../history/probing';
import { entryOf, pointKey, TimePoint, TimePointEntry } from '../../history/timePointEntry';
import { helperAnswer } from '../gdb/helperAnswer';
import { LastStopHost, lastStopAtFullSpeed } from './lastStopSearch';
import { PdbHits } from '../pdb/pdbHits';
import type { CounterControl } from './session';

/** The session as a replayer of its history: what BreakpointStops needs to move the program and run commands again with recorders armed. */
export interface Replayer {
  readonly dialect: Dialect;
  readonly debugger_: Debugger;
  /** gdb: the kernel's execution counters (fred_search.h "count"); undefined when the program control has none. */
  readonly counters: CounterControl | undefined;
  /** Whether full-speed series of snapshots can be taken (a SearchControl: gdb). */
  readonly seriesPossible: boolean;
  /** pdb: the places of breakpoints and the recorders of fredPdbState.py. */
  readonly pdbHits: PdbHits | undefined;
  /** Snapshots a timed series took inside a `continue`: continuing from one reaches that continue's end. */
  readonly continueAnchors: ReadonlySet<number>;
  /** Put the program at time point `point` (Session.goTo). */
  goTo(point: TimePoint): Promise<void>;
  /** From `from`, run `command` at full speed, snapshotting on the way; `onArm` just before it resumes (Session.series). */
  series(from: TimePoint, command: TimePointEntry, spacing: SeriesSpacing, max: number, onArm?: () => Promise<void>): Promise<TimePointEntry[][]>;
  /** Replay `command` from `from` with the breakpoints of its time, `arm` run just before it resumes the program (Session.replayArmed). */
  replayArmed(from: TimePoint, command: TimePointEntry, arm: () => Promise<void>, watchesHere: boolean): Promise<void>;
  /** Threads run that the kernel's counters would not count (Session.threadsUncounted). */
  threadsUncounted(): Promise<boolean>;
  /** A replay left the program at `point` after a stop the debugger did not take as that point's: the history says `point`, the next goTo restores. */
  standsAt(point: TimePoint): void;
}

/** Where the breakpoints of now would have stopped a command of the history (see the top of this file). */
export class BreakpointStops {
  /** gdb's numbers of the breakpoints enabled when the running reverse command started: those it honours. */
  private numbersNow?: number[];
  /** gdb's number -> condition of each breakpoint enabled when the reverse command began. */
  private conditionsByNumber = new Map<number, string>();
  /** Whether a breakpoint enabled when the reverse command began has a condition (counting cannot honour it). */
  private conditionalNow = false;
  /** The addresses of the breakpoints enabled when the reverse command began (fred-hits-plan), once asked. */
  private planNow?: { addresses: bigint[]; conditional: boolean };
  /** Points inside a `continue` the full-speed search went through -> the addresses a breakpoint of that continue's time traps. */
  private readonly trappedInside = new Map<string, bigint[]>();

  constructor(private readonly replayer: Replayer) {}

  /** A line this search replays of its own (`continue`, a counted stop), classified. */
  private entry(line: string): TimePointEntry {
    return entryOf(line, this.replayer.dialect);
  }

  /** The breakpoints enabled when the running reverse command started (gdb's numbers); undefined before the first. */
  get breakpointsNow(): readonly number[] | undefined {
    return this.numbersNow;
  }

  /** gdb's number -> condition of each of those that has one. */
  get conditionsNow(): ReadonlyMap<number, string> {
    return this.conditionsByNumber;
  }

  /** A reverse command starts with these breakpoints: they are "now" until the next one (conditions of now: a replay runs with those of its time, breakpointEras). */
  startReverse(existing: readonly BreakpointState[]): void {
    this.numbersNow = existing.filter((b) => b.kind === 'breakpoint' && b.enabled).map((b) => b.number);
    this.conditionalNow = existing.some((b) => b.kind === 'breakpoint' && b.enabled && b.condition !== undefined);
    this.planNow = undefined;
    this.conditionsByNumber = new Map(existing.filter((b) => b.kind === 'breakpoint' && b.enabled && b.condition).map((b) => [b.number, b.condition!]));
  }

  /**
   * See FastForward.wouldStop: replay `command` from `from` (with the breakpoints of its
   * time, so it ends where it did) while silent copies of the breakpoints that are
   * enabled now record where each would have stopped the program (fredGdbHelpers.py).
   */
  async wouldStop(from: TimePoint, command: TimePointEntry): Promise<WouldStop> {
    const numbers = this.breakpointsNow ?? [];
    if (numbers.length === 0) return { stops: [], endsAtOne: false };
    if (command.anchor !== undefined) return this.wouldStopBeforeAnchor(from, command, numbers);
    if (this.replayer.pdbHits) return this.pdbWouldStop(this.replayer.pdbHits, from, command, numbers);
    const single = await this.wouldStopInCountedStop(from, command, numbers);
    if (single) return single;
    const fast = await this.fullSpeedWouldStop(from, command, numbers);
    if (fast) return fast;
    const counted = await this.countedWouldStop(from, command, numbers);
    if (counted) return counted;
    return this.recordedWouldStop(from, command, numbers);
  }

  /** The breakpoints' addresses and whether one has a condition or an ignore count (asked once per reverse command). */
  private async plan(numbers: readonly number[]): Promise<{ addresses: bigint[]; conditional: boolean } | undefined> {
    if (!this.planNow) {
      const plan = helperAnswer((await this.replayer.debugger_.execute(`fred-hits-plan ${numbers.join(' ')}`, { silent: true, keepStatus: true })).text);
      if (!plan) return undefined;
      this.planNow = { addresses: ((plan.addresses as string[] | undefined) ?? []).map((a) => BigInt(`0x${a}`)), conditional: plan.conditional === true || this.conditionalNow };
    }
    return this.planNow;
  }

  /**
   * `fred-hits ADDR N` when ADDR is the only address of the breakpoints, none conditional:
   * the stops inside are its executions before the N-th, which ends the command.
   */
  private async wouldStopInCountedStop(from: TimePoint, command: TimePointEntry, numbers: readonly number[]): Promise<WouldStop | undefined> {
    const counted = command.countedStop;
    if (!counted || !this.replayer.dialect.seesMachineCode) return undefined;
    const plan = await this.plan(numbers);
    // the others' addresses end the continue where a breakpoint of its time traps them: not run before this stop
    const trapped = this.trappedInside.get(pointKey(from)) ?? [];
    if (!plan || plan.conditional || !plan.addresses.every((a) => a === counted.address || trapped.includes(a))) return undefined;
    const stops = [counted.count - 1, counted.count].filter((n) => n > 0).map((execution) => ({ address: counted.address, execution }));
    return { stops, endsAtOne: true };
  }

  /**
   * A `continue` at full speed (lastStopSearch.ts): series of snapshots narrow down where
   * the addresses last run, the kernel counts executions only after the last snapshot
   * before that. Undefined when this way does not apply (then the ways below do).
   */
  private async fullSpeedWouldStop(from: TimePoint, command: TimePointEntry, numbers: readonly number[]): Promise<WouldStop | undefined> {
    const c = command.command;
    if (c.kind !== 'continue' || c.argument !== '' || !this.replayer.seriesPossible || !this.replayer.counters) return undefined;
    const plan = await this.plan(numbers);
    if (!plan || plan.conditional || plan.addresses.length === 0 || plan.addresses.length > 4) return undefined;
    let trapped: bigint[] | undefined;
    const host: LastStopHost<TimePoint> = {
      series: (point, cpuNs, max) => this.replayer.series(point, this.entry('continue'), { cpuNs }, max, point.length > from.length ? undefined : async () => {
        // the breakpoints the replay has enabled (of the command's time) end the command where they are
        const answer = helperAnswer((await this.replayer.debugger_.execute(`fred-hits-plan ${numbers.join(' ')}`, { silent: true, keepStatus: true })).text);
        trapped = answer && !answer.conditional ? ((answer.trapped as string[] | undefined) ?? []).map((a) => BigInt(`0x${a}`)) : undefined;
      }),
      runsAfter: async (point, address) => {
        if (trapped) this.trappedInside.set(pointKey(point), trapped);
        await this.replayer.goTo([...point, this.entry(countedStopCommand(address, 1))]);
        const pc = this.replayer.debugger_.status().kind === 'stopped' ? (await this.replayer.debugger_.location())?.pc : undefined;
        return pc !== undefined && BigInt(pc) === address;
      },
      countsAfter: async (point) => {
        if (trapped) this.trappedInside.set(pointKey(point), trapped);
        return this.countsAfter(point, numbers);
      },
    };
    // where the command ends: a stop at one of the addresses is a stop of them (gdb's trap
    // there ends it), or one the counted stops cannot tell from their own
    await this.replayer.goTo([...from, command]);
    if (this.replayer.debugger_.status().kind !== 'stopped') return undefined; // the counters go with the program
    const endPc = BigInt((await this.replayer.debugger_.location())?.pc ?? '0');
    let last;
    try {
      // an address where a breakpoint of the command's time is enabled ends the command
      // there: no stop inside can be there (with a condition then, the ways below do it)
      last = await lastStopAtFullSpeed(host, from, () => trapped && plan.addresses.filter((a) => a !== endPc && !trapped!.includes(a)));
    } catch (error) {
      if (error instanceof FastForwardUnavailable) return undefined;
      throw error;
    }
    if (last === undefined || trapped === undefined) return undefined;
    const endsAtOne = plan.addresses.includes(endPc);
    if (endsAtOne && !trapped.includes(endPc)) return undefined;
    const stops: WouldStop['stops'] = [];
    if (last) stops.push({ address: last.address, execution: last.execution, base: last.base });
    if (endsAtOne) stops.push({ address: endPc, execution: 1 });
    return { stops, endsAtOne };
  }

  /** Executions of the breakpoints' addresses from `point` to the end of the command after it, counted by the kernel. */
  private async countsAfter(point: TimePoint, numbers: readonly number[]): Promise<Map<bigint, number> | undefined> {
    const counted = await this.countedWouldStop(point, this.entry('continue'), numbers);
    if (!counted) return undefined;
    const inside = counted.endsAtOne ? counted.stops.slice(0, -1) : counted.stops;
    return new Map(inside.map((s) => [s.address, s.execution]));
  }

  /**
   * Stops between `from` and a snapshot a series took inside the `continue` after it:
   * executions counted from each to that continue's end, the difference. Other anchors
   * (a Ctrl-C stop) cannot be replayed: nothing is known inside them.
   */
  private async wouldStopBeforeAnchor(from: TimePoint, command: TimePointEntry, numbers: readonly number[]): Promise<WouldStop> {
    const none = { stops: [], endsAtOne: false };
    if (!this.replayer.continueAnchors.has(command.anchor!)) return none;
    const before = await this.countsAfter(from, numbers);
    const after = before && (await this.countsAfter([...from, command], numbers));
    if (!before || !after) return none;
    const between = [...before].map(([address, n]) => ({ address, execution: n - (after.get(address) ?? 0) })).filter((s) => s.execution > 0);
    return between.length === 1 ? { stops: between, endsAtOne: false } : none;
  }

  /**
   * The full-speed way: the kernel counts the executions of the breakpoints' addresses
   * while the command replays. Exact when no condition, no trap of gdb's at an address
   * hit and hits at one address at most (their order is not counted); undefined otherwise.
   */
  private async countedWouldStop(from: TimePoint, command: TimePointEntry, numbers: readonly number[]): Promise<WouldStop | undefined> {
    const counters = this.replayer.counters;
    const kind = command.command.kind;
    // single instructions: few executions, and each ptrace stop at a counted address would count it again
    if (!counters || this.conditionalNow || kind === 'stepi' || kind === 'nexti' || command.countedStop || command.anchor !== undefined) return undefined;
    await this.replayer.goTo(from);
    if (await this.replayer.threadsUncounted()) return undefined;
    let addresses: bigint[] = [];
    let all: bigint[] = [];
    let trapped = new Set<string>();
    let startsAt: bigint | undefined;
    let armed = false;
    await this.replayer.replayArmed(from, command, async () => {
      const plan = helperAnswer((await this.replayer.debugger_.execute(`fred-hits-plan ${numbers.join(' ')}`, { silent: true, keepStatus: true })).text);
      if (!plan || plan.conditional) return;
      // a breakpoint the replay has enabled stops the command at its address: no stop
      // inside can be there, and its trap would count one execution twice: not counted
      trapped = new Set(plan.trapped as string[]);
      all = ((plan.addresses as string[] | undefined) ?? []).map((a) => BigInt(`0x${a}`));
      addresses = all.filter((a) => !trapped.has(a.toString(16)));
      startsAt = BigInt(`0x${plan.pc as string}`);
      // stopped by ptrace at a counted address, the kernel counts it again on resume: the recorders do it
      if (addresses.length > 4 || addresses.includes(startsAt)) return;
      try {
        if (addresses.length > 0) await counters.armCounters(addresses);
        armed = true;
      } catch {
        // no perf events here: the recorders do it
      }
    }, true);
    if (!armed || this.replayer.debugger_.status().kind !== 'stopped') return undefined;
    const counts = addresses.length > 0 ? await counters.readCounters().catch(() => undefined) : [];
    if (!counts || counts.length !== addresses.length) return undefined;
    const hit = addresses.map((address, k) => ({ address, count: counts[k] })).filter((h) => h.count > 0);
    if (hit.length > 1) return undefined; // their order is not counted
    const pc = (await this.replayer.debugger_.location())?.pc;
    const end = all.find((a) => pc !== undefined && BigInt(pc) === a);
    const stops = hit.map((h) => ({ address: h.address, execution: h.count }));
    if (end !== undefined) stops.push({ address: end, execution: (hit.find((h) => h.address === end)?.count ?? 0) + 1 });
    return { stops, endsAtOne: end !== undefined };
  }

  /** The exact way: silent copies of the breakpoints record each would-be stop, in order (a gdb stop each). */
  async recordedWouldStop(from: TimePoint, command: TimePointEntry, numbers: readonly number[], at: readonly bigint[] = [], limit = 0): Promise<WouldStop & { over?: boolean }> {
    await this.replayer.goTo(from);
    // a counted stop: a `continue` that the recorders stop (see fredGdbHelpers.py)
    const counted = command.countedStop;
    const stopAt = counted ? ` stop ${counted.address.toString(16)} ${counted.count}` : '';
    // the conditions of now, not those of the replay's time (breakpointEras applies those)
    const conditions = JSON.stringify(Object.fromEntries(this.conditionsNow));
    let report = '';
    try {
      await this.replayer.replayArmed(from, counted ? this.entry('continue') : command, async () => {
        const extra = at.length > 0 ? `${limit > 0 ? ` limit ${limit}` : ''} at ${at.map((a) => a.toString(16)).join(' ')}` : '';
        await this.replayer.debugger_.execute(`fred-hits-record ${numbers.join(' ')}${stopAt}${extra} conditions ${conditions}`, { silent: true, keepStatus: true });
      }, true);
    } finally {
      report = (await this.replayer.debugger_.execute('fred-hits-report', { silent: true, keepStatus: true })).text;
      if (counted || /"over": true/.test(report)) {
        // the program stands where the counted stop would be, but gdb saw another stop: restore next time
        this.replayer.standsAt([...from, command]);
      }
    }
    const answer = /fred-json: (.*)/.exec(report)?.[1];
    const parsed = answer ? (JSON.parse(answer) as { hits?: string[]; atEnd?: boolean; over?: boolean }) : {};
    const stops = (parsed.hits ?? []).map((h) => {
      const [address, execution] = h.split(' ');
      return { address: BigInt(`0x${address}`), execution: Number(execution) };
    });
    return { stops, endsAtOne: parsed.atEnd === true, over: parsed.over === true };
  }

  /**
   * pdb: replay `command` while fredPdbState.py records where the breakpoints of now would
   * have stopped it (their conditions of now). A counted stop replays as a `continue` the
   * recorders stop, as for gdb (recordedWouldStop).
   */
  private async pdbWouldStop(hits: PdbHits, from: TimePoint, command: TimePointEntry, numbers: readonly number[]): Promise<WouldStop> {
    const places = await hits.placesOf(numbers);
    const conditions = numbers.map((n) => this.conditionsNow.get(n) ?? '');
    await this.replayer.goTo(from);
    // a stop at a breakpoint's place replays as a `continue` the recorders stop; one at the
    // N-th line run (`fred-hits 0 N`, reverse-watch's) replays as itself
    const parsed = command.countedStop;
    const counted = parsed && parsed.address !== 0n ? parsed : undefined;
    let armed: number[] = [];
    let answer: WouldStop = { stops: [], endsAtOne: false };
    try {
      await this.replayer.replayArmed(from, counted ? this.entry('continue') : command, async () => {
        armed = await hits.arm(places, conditions, counted);
      }, true);
    } finally {
      answer = await hits.report(armed);
      if (counted) {
        // the program stands where the counted stop would be, as a `continue`: restore next time
        this.replayer.standsAt([...from, command]);
      }
    }
    return answer;
  }
}
