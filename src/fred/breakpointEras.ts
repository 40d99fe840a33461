// Which breakpoints were enabled when each command of the history first ran. A replayed
// `continue` must stop where it stopped then, not at a breakpoint the user added later
// (the ground truth is a forward run of the commands in the order they were typed), so
// during a replay fred disables the newer ones and enables the ones disabled since, then
// puts the user's current set back. Breakpoints deleted since cannot come back; a
// temporary breakpoint that was hit is gone the same way in a forward run.
import { Debugger } from '../debugger-adapters/debugger';

type NumberSet = readonly number[];

const same = (a: NumberSet, b: NumberSet) => a.length === b.length && a.every((x, i) => x === b[i]);

export class BreakpointEras {
  /** sets[i]: enabled breakpoints when history[i] ran */
  private sets: NumberSet[] = [];
  private current?: NumberSet;
  /** What fred believes the debugger has enabled right now, during a replay. */
  private applied?: NumberSet;

  constructor(private readonly dbg: Debugger) {}

  /** The user ran a breakpoint command (break, delete, disable, tbreak ...). */
  changed(): void { this.current = undefined; }

  private async enabledNow(): Promise<NumberSet> {
    const list = await this.dbg.breakpoints();
    return list.filter((b) => b.enabled).map((b) => b.number).sort((a, b) => a - b);
  }

  private async userSet(): Promise<NumberSet> {
    this.current ??= await this.enabledNow();
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

  /** Make the debugger's enabled set `wanted` (as far as those breakpoints still exist). */
  async ensure(wanted: NumberSet | undefined): Promise<void> {
    if (!wanted || (this.applied && same(wanted, this.applied))) return;
    const existing = await this.dbg.breakpoints();
    const disable = existing.filter((b) => b.enabled && !wanted.includes(b.number)).map((b) => b.number);
    const enable = existing.filter((b) => !b.enabled && wanted.includes(b.number)).map((b) => b.number);
    const quiet = { silent: true, keepStatus: true };
    if (disable.length) await this.dbg.execute(`disable ${disable.join(' ')}`, quiet);
    if (enable.length) await this.dbg.execute(`enable ${enable.join(' ')}`, quiet);
    this.applied = wanted;
  }

  /** After a replay: the user's own set again. */
  async endReplay(): Promise<void> {
    await this.ensure(await this.userSet());
    this.applied = undefined;
  }
}
