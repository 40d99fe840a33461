// Which breakpoints were enabled when each command of the history first ran. A replayed
// `continue` must stop where it stopped then, not at a breakpoint the user added later,
// nor run past one the user deleted since (the ground truth is a forward run of the
// commands in the order they were typed). So during a replay fred disables the newer
// ones, enables the ones disabled since, re-creates deleted ones for the time of the
// replay (from what created them), then puts the user's own set back.
import { BreakpointState, Debugger } from '../debugger-adapters/debugger';

type NumberSet = readonly number[];

const same = (a: NumberSet, b: NumberSet) => a.length === b.length && a.every((x, i) => x === b[i]);
const quiet = { silent: true, keepStatus: true };

export class BreakpointEras {
  /** sets[i]: enabled breakpoints when history[i] ran */
  private sets: NumberSet[] = [];
  private current?: NumberSet;
  /** What created each breakpoint fred has seen, to bring back deleted ones during replays. */
  private readonly specs = new Map<number, string>();
  /** During a replay: deleted breakpoint number -> the stand-in fred created for it. */
  private readonly standIns = new Map<number, number>();
  /** What fred believes the debugger has enabled right now, during a replay. */
  private applied?: NumberSet;

  constructor(private readonly dbg: Debugger, private readonly deleteCommand: (n: number) => string) {}

  /** The user ran a breakpoint command (break, delete, disable, tbreak ...). */
  changed(): void { this.current = undefined; }

  private async list(): Promise<BreakpointState[]> {
    const list = await this.dbg.breakpoints();
    for (const b of list) if (!this.standInFor(b.number) && b.spec) this.specs.set(b.number, b.spec);
    return list;
  }

  private standInFor(number: number): number | undefined {
    for (const [original, standIn] of this.standIns) if (standIn === number) return original;
    return undefined;
  }

  private async userSet(): Promise<NumberSet> {
    this.current ??= (await this.list()).filter((b) => b.enabled).map((b) => b.number).sort((a, b) => a - b);
    return this.current;
  }

  /** history[index] was just run by the user. */
  async recorded(index: number): Promise<void> {
    this.sets.length = index;
    this.sets[index] = await this.userSet();
  }

  /** The set wanted for position index of a target that shares `common` entries with the old history. */
  wanted(index: number, common: number): NumberSet | undefined {
    return this.sets[Math.min(index, common)];
  }

  /** History became target: positions past the common prefix ran with the set of the divergence point. */
  rebase(common: number, length: number): void {
    const fill = this.sets[common] ?? this.sets[this.sets.length - 1];
    this.sets.length = Math.min(common, this.sets.length);
    if (fill) for (let i = this.sets.length; i < length; i++) this.sets[i] = fill;
  }

  async beginReplay(): Promise<void> { this.applied = await this.userSet(); }

  /** A deleted breakpoint back for the replay, under a new number. */
  private async standIn(original: number, existing: BreakpointState[]): Promise<number | undefined> {
    const spec = this.specs.get(original);
    if (!spec) return undefined;
    await this.dbg.execute(spec, quiet);
    const before = new Set(existing.map((b) => b.number));
    const created = (await this.dbg.breakpoints()).find((b) => !before.has(b.number));
    if (created) this.standIns.set(original, created.number);
    return created?.number;
  }

  /** Make the debugger's enabled set `wanted`. */
  async ensure(wanted: NumberSet | undefined): Promise<void> {
    if (!wanted || (this.applied && same(wanted, this.applied))) return;
    const existing = await this.list();
    const numberOf = (original: number) => this.standIns.get(original) ?? original;
    const present = new Set(existing.map((b) => b.number));
    const wantedNow = new Set<number>();
    for (const original of wanted) {
      const n = present.has(numberOf(original)) ? numberOf(original) : await this.standIn(original, existing);
      if (n !== undefined) wantedNow.add(n);
    }
    const refreshed = await this.dbg.breakpoints();
    const disable = refreshed.filter((b) => b.enabled && !wantedNow.has(b.number)).map((b) => b.number);
    const enable = refreshed.filter((b) => !b.enabled && wantedNow.has(b.number)).map((b) => b.number);
    if (disable.length) await this.dbg.execute(`disable ${disable.join(' ')}`, quiet);
    if (enable.length) await this.dbg.execute(`enable ${enable.join(' ')}`, quiet);
    this.applied = wanted;
  }

  /** After a replay: stand-ins deleted, the user's own set again. */
  async endReplay(): Promise<void> {
    const existing = new Set((await this.dbg.breakpoints()).map((b) => b.number));
    for (const standIn of this.standIns.values()) if (existing.has(standIn)) await this.dbg.execute(this.deleteCommand(standIn), quiet);
    this.standIns.clear();
    await this.ensure(await this.userSet());
    this.applied = undefined;
  }
}
