// Which breakpoints were enabled when each command of the history first ran. A replayed
// `continue` must stop where it stopped then, not at a breakpoint the user added later,
// nor run past one the user deleted since (the ground truth is a forward run of the
// commands in the order they were typed). So during a replay fred disables the newer
// ones, enables the ones disabled since, re-creates deleted ones for the time of the
// replay (from what created them), then puts the user's own set back.
// Numbers here are the user's (breakpointNumbers.ts): gdb's change when fred re-creates a
// watchpoint on a local (localWatchpoints.ts), which happens at each restore and, during
// a replay, wherever the watchpoint's frame becomes live.
import { BreakpointState, Debugger } from '../../debugger-adapters/debugger';
import { BreakpointNumbers } from '../gdb/breakpointNumbers';
import { LocalWatchpoints, BreakpointControl } from '../gdb/localWatchpoints';
import { sharedLength, TimePoint } from '../../history/timePointEntry';

type NumberSet = readonly number[];
type Conditions = ReadonlyMap<number, string>;

const same = (a: NumberSet, b: NumberSet) => a.length === b.length && a.every((x, i) => x === b[i]);
const quiet = { silent: true, keepStatus: true };

export class BreakpointEras {
  /** sets[i]: enabled breakpoints (user numbers) when history[i] ran */
  private sets: NumberSet[] = [];
  /**
   * The user's history, which `sets` describe. The probes of a reverse command go to other
   * time points; only the point the user arrives at (arrived()) becomes their history.
   */
  private history: TimePoint = [];
  private current?: NumberSet;
  /** conditionSets[i]: the breakpoints' conditions (user numbers) when history[i] ran */
  private conditionSets: Conditions[] = [];
  private currentConditions?: Conditions;
  private beforeConditions?: Conditions;
  /** What fred believes the debugger's conditions are right now, during a replay. */
  private appliedConditions?: Conditions;
  /** The set when the user's command now running started (beforeUserCommand). */
  private before?: NumberSet;
  /** What created each breakpoint fred has seen, to bring back deleted ones during replays. */
  private readonly specs = new Map<number, string>();
  /** pdb: breakpoints the user made by function name, as typed (noteFunctionBreakpoint). */
  private readonly functionSpecs = new Map<number, string>();
  /** During a replay: deleted breakpoint (user number) -> gdb's number of the stand-in fred created for it. */
  private readonly standIns = new Map<number, number>();
  /** What fred believes the debugger has enabled right now, during a replay. */
  private applied?: NumberSet;
  /** The numbers and hit counts the user sees. */
  readonly numbers = new BreakpointNumbers();
  /** gdb: the user's watchpoints on locals, re-created after restores. */
  readonly watches?: LocalWatchpoints;

  constructor(private readonly dbg: Debugger, private readonly deleteCommand: (n: number) => string, private readonly control?: BreakpointControl) {
    if (control) this.watches = new LocalWatchpoints(control, this.numbers);
  }

  /** The hit counts the user saw when the last snapshot was taken (user numbers). */
  hitsAtSnapshot(): ReadonlyMap<number, number> | undefined {
    return this.control && this.numbers.shownFromGdb(this.control.hitsAtLastSnapshot());
  }

  /** A snapshot taken with `hits` was restored (gdb deleted the watchpoints on locals, reset its counts). */
  restored(hits: ReadonlyMap<number, number> | undefined): void {
    this.watches?.restored();
    this.numbers.restoredHits(hits ?? new Map());
  }

  /** The replay starts the program from the beginning: no hits yet. */
  async startedOver(): Promise<void> {
    if (!this.control) return;
    await this.control.resetHits();
    this.numbers.restoredHits(new Map());
  }

  /** The user ran a breakpoint command (break, delete, disable, tbreak ...). */
  changed(): void {
    this.current = undefined;
    this.currentConditions = undefined;
  }

  /**
   * Right after a breakpoint command: note the user's set (and what created each) now. A
   * `tbreak` is gone once the next command hit it; that command still ran with it.
   */
  async noteUserSet(): Promise<void> { await this.userSet(); }

  /**
   * The user's command `line` left the program at `here`: watchpoints on locals set, deleted,
   * or deleted by gdb (frame returned, program ended or started again).
   */
  async userCommand(line: string, kind: 'breakpoint' | 'restart' | 'other', output: string, here: TimePoint, programEnded: boolean): Promise<void> {
    if (kind === 'breakpoint') this.noteFunctionBreakpoint(line, output);
    if (!this.watches) return;
    if (kind === 'breakpoint') await this.watches.userChanged(line, here);
    else if (kind === 'restart' ? await this.watches.userRestarted() : await this.watches.afterCommand(output, here, programEnded)) this.changed();
  }

  /**
   * pdb: `break FUNCTION` lists as FILE:LINE of the `def`, but stops in the function's
   * body; re-created from that listing it would stop at the `def` statement instead. So
   * what the user typed re-creates it (pdb finds the function in the file again).
   */
  private noteFunctionBreakpoint(line: string, output: string): void {
    const typed = /^(b|break|tbreak)\s+([A-Za-z_][\w.]*)\s*(?:,.*)?$/.exec(line.trim()); // a condition given here comes back from the listing
    const made = /^Breakpoint (\d+) at \S+:\d+$/m.exec(output);
    if (typed && made && !/^\d+$/.test(typed[2])) this.functionSpecs.set(this.numbers.userOf(Number(made[1])), `${typed[1] === 'tbreak' ? 'tbreak' : 'break'} ${typed[2]}`);
  }

  /** The user's number of gdb's breakpoint `gdbNumber` (a replay's stand-in: the one it stands for). */
  userOf(gdbNumber: number): number {
    return this.standInFor(gdbNumber) ?? this.numbers.userOf(gdbNumber);
  }

  /** gdb's number now of the user's breakpoint `user` (during a replay, its stand-in). */
  gdbOf(user: number): number {
    return this.standIns.get(user) ?? this.numbers.gdbOf(user);
  }

  private async list(): Promise<BreakpointState[]> {
    const list = await this.dbg.breakpoints();
    for (const b of list) {
      if (this.standInFor(b.number) !== undefined || !b.spec) continue;
      const user = this.numbers.userOf(b.number);
      const condition = /^\S+ [^,]*(, .*)$/.exec(b.spec)?.[1] ?? '';
      const byFunction = this.functionSpecs.get(user);
      this.specs.set(user, byFunction ? byFunction + condition : b.spec);
    }
    return list;
  }

  private standInFor(gdbNumber: number): number | undefined {
    for (const [original, standIn] of this.standIns) if (standIn === gdbNumber) return original;
    return undefined;
  }

  /** The user's enabled breakpoints, including watchpoints absent while their frame is not live. */
  private async userSet(): Promise<NumberSet> {
    if (!this.current) {
      const list = await this.list();
      this.currentConditions = new Map(list.filter((b) => b.condition).map((b) => [this.userOf(b.number), b.condition!]));
      const enabled = list.filter((b) => b.enabled).map((b) => this.userOf(b.number));
      const absent = (this.watches?.absent() ?? []).filter((w) => w.enabled).map((w) => w.user);
      this.current = [...new Set([...enabled, ...absent])].sort((a, b) => a - b);
    }
    return this.current;
  }

  /**
   * The user's command is about to run: the set it runs with. A temporary breakpoint the
   * command stops at is gone afterwards, yet its replay must stop there again.
   */
  async beforeUserCommand(resumes: boolean): Promise<void> {
    this.before = resumes ? await this.userSet() : undefined;
    this.beforeConditions = resumes ? this.currentConditions : undefined;
  }

  /** The last command of `history` was just run by the user (`output`: what it printed). */
  async recorded(history: TimePoint, output = ''): Promise<void> {
    const index = history.length - 1;
    this.history = [...history];
    this.sets.length = index;
    this.sets[index] = this.before ?? await this.userSet();
    this.conditionSets.length = index;
    this.conditionSets[index] = this.beforeConditions ?? this.currentConditions ?? new Map();
    this.before = undefined;
    this.beforeConditions = undefined;
    // gdb deletes a temporary breakpoint at its stop, pdb says it deleted it
    if (/^(?:Temporary breakpoint \d+, |Deleted breakpoint \d+)/m.test(output)) this.changed();
  }

  /**
   * The set a replay wants for the last command of `upTo` (a time point's commands):
   * the user's own where it follows their history, else that of where it leaves it.
   */
  wanted(upTo: TimePoint): NumberSet | undefined {
    return this.sets[this.eraOf(upTo)];
  }

  /**
   * Whether the last command of `upTo` ran (or replays) with each of `now` (user number ->
   * condition, '' for none) enabled under that same condition (see quietCrossing.ts).
   */
  ranWith(upTo: TimePoint, now: ReadonlyMap<number, string>): boolean {
    const era = this.eraOf(upTo);
    const set = this.sets[era];
    const conditions = this.conditionSets[era];
    if (!set || !conditions) return false;
    for (const [user, condition] of now) if (!set.includes(user) || (conditions.get(user) ?? '') !== condition) return false;
    return true;
  }

  /** The user's breakpoint `user` now: its condition ('' for none), or undefined when it is deleted or disabled. */
  async conditionNow(user: number): Promise<string | undefined> {
    if (!(await this.userSet()).includes(user)) return undefined;
    return this.currentConditions?.get(user) ?? '';
  }

  private eraOf(upTo: TimePoint): number {
    return Math.min(upTo.length - 1, sharedLength(upTo, this.history));
  }

  /**
   * Before a replayed command (the last of `upTo`): the breakpoints enabled, and their
   * conditions, as when it first ran (a condition the user set later must not change
   * where an earlier continue stops).
   */
  async ensureFor(upTo: TimePoint): Promise<void> {
    const era = this.eraOf(upTo);
    await this.ensure(this.sets[era]);
    await this.ensureConditions(this.conditionSets[era]);
  }

  private async ensureConditions(wanted: Conditions | undefined): Promise<void> {
    const now = this.appliedConditions ?? this.currentConditions;
    if (!wanted || !now || wanted === now) return;
    const present = new Set((await this.dbg.breakpoints()).map((b) => b.number));
    for (const user of new Set([...wanted.keys(), ...now.keys()])) {
      const condition = wanted.get(user) ?? '';
      if (condition === (now.get(user) ?? '') || !present.has(this.gdbOf(user))) continue;
      await this.dbg.execute(`condition ${this.gdbOf(user)} ${condition}`.trimEnd(), quiet);
    }
    this.appliedConditions = wanted;
  }

  /**
   * A reverse command left the user at `history`: positions past what it shares with the
   * old history ran with the set of the divergence point; the watchpoints on locals absent
   * here are gone, as in a forward run.
   */
  arrived(history: TimePoint): void {
    const common = sharedLength(history, this.history);
    const fill = this.sets[common] ?? this.sets[this.sets.length - 1];
    this.sets.length = Math.min(common, this.sets.length);
    if (fill) for (let i = this.sets.length; i < history.length; i++) this.sets[i] = fill;
    this.history = [...history];
    if (this.watches?.forgetAbsent()) this.changed();
  }

  async beginReplay(): Promise<void> {
    this.applied = await this.userSet();
    this.appliedConditions = this.currentConditions;
  }

  /**
   * The program is at time point `here` during a replay (or after a restore): bring back
   * the watchpoints on locals whose frame is live, enabled as the replay needs them.
   */
  async recreateWatchpoints(here: TimePoint): Promise<void> {
    const applied = this.applied;
    await this.watches?.recreate(here, (user, own) => (applied ? applied.includes(user) : own), applied);
  }

  /** A deleted breakpoint back for the replay, under a new number. */
  private async standIn(original: number): Promise<number | undefined> {
    const spec = this.specs.get(original);
    if (!spec) return undefined;
    // asked now, not before the loop: the stand-in made for another one is not this one
    const before = new Set((await this.dbg.breakpoints()).map((b) => b.number));
    await this.dbg.execute(spec, quiet);
    const created = (await this.dbg.breakpoints()).find((b) => !before.has(b.number));
    if (!created) return undefined;
    this.numbers.fredCreated(created.number, original);
    this.standIns.set(original, created.number);
    return created.number;
  }

  /** Make the debugger's enabled set `wanted` (user numbers). */
  async ensure(wanted: NumberSet | undefined): Promise<void> {
    if (!wanted || (this.applied && same(wanted, this.applied))) return;
    const existing = await this.list();
    const present = new Set(existing.map((b) => b.number));
    const wantedNow = new Set<number>();
    for (const original of wanted) {
      // a watchpoint on a local absent here: its frame is not live, nothing can trigger it
      const n = present.has(this.gdbOf(original)) ? this.gdbOf(original) : this.watches?.knows(original) ? undefined : await this.standIn(original);
      if (n !== undefined) wantedNow.add(n);
    }
    const refreshed = await this.dbg.breakpoints();
    const disable = refreshed.filter((b) => b.enabled && !wantedNow.has(b.number)).map((b) => b.number);
    const enable = refreshed.filter((b) => !b.enabled && wantedNow.has(b.number)).map((b) => b.number);
    if (disable.length) await this.dbg.execute(`disable ${disable.join(' ')}`, quiet);
    if (enable.length) await this.dbg.execute(`enable ${enable.join(' ')}`, quiet);
    this.applied = wanted;
  }

  /** After a replay that ended at `here`: stand-ins deleted, the user's watchpoints and own set again. */
  async endReplay(here?: TimePoint): Promise<void> {
    const existing = new Set((await this.dbg.breakpoints()).map((b) => b.number));
    const copies = [...this.standIns.values(), ...(this.watches?.dropStandIns() ?? [])];
    for (const standIn of copies) if (existing.has(standIn)) await this.dbg.execute(this.deleteCommand(standIn), quiet);
    this.standIns.clear();
    const applied = this.applied;
    this.applied = undefined; // re-created as the user had them
    if (here) await this.recreateWatchpoints(here);
    this.applied = applied;
    const own = await this.userSet();
    const conditions = this.currentConditions;
    await this.ensure(own);
    await this.ensureConditions(conditions);
    this.applied = undefined;
    this.appliedConditions = undefined;
  }
}
