// Watchpoints on local variables across restores. gdb deletes them whenever the process
// it debugs goes away, which every restore does, and scopes each to the frame it was set
// in. fred notes that frame (gdb's frame id: CFA + function, the same in every copy of
// the program) when the user sets a watchpoint, and after each restore, at each replayed
// command and at the end of a replay re-creates the user's watchpoints whose frame is live
// there, under the user's number (breakpointNumbers.ts). Where the frame is not live, the
// watchpoint is absent, as in a forward run. A watchpoint gdb deleted because its frame
// returned stays deleted at every later time point of that history.
import { BreakpointNumbers } from './breakpointNumbers';
import { isPointPrefix, TimePoint } from '../../history/timePointEntry';

export interface FrameIdentity { frame: string; height: number; function?: string }

/** A watchpoint as gdb reports it (fredGdbRestore.py `fred-watchpoints`). */
export interface GdbWatchpoint {
  number: number;
  verb: 'watch' | 'rwatch' | 'awatch';
  expression: string;
  condition?: string | null;
  enabled: boolean;
  ignore: number;
  commands?: string | null;
  silent: boolean;
}

/** What gdb offers for this and for hit counts (GdbProcessControl). */
export interface BreakpointControl {
  /** Hit counts by gdb number when the last snapshot was taken. */
  hitsAtLastSnapshot(): ReadonlyMap<number, number>;
  /** Set every hit count to 0 (a restore does it too). */
  resetHits(): Promise<void>;
  /**
   * gdb's watchpoints now, the selected frame (where gdb scopes one just set) and which of
   * them name a variable of that frame (gdb numbers).
   */
  watchpoints(): Promise<{ watchpoints: GdbWatchpoint[]; selected?: FrameIdentity; locals?: number[] }>;
  /** The watchpoints gdb deleted when the last restore killed the program, as they were. */
  lostByRestore(): readonly GdbWatchpoint[];
  /** Create each in its frame where that frame is live; user number -> gdb number of those created. */
  recreate(wanted: Array<Omit<GdbWatchpoint, 'number'> & FrameIdentity & { user: number }>): Promise<Map<number, number>>;
}

interface LocalWatchpoint {
  user: number;
  /** gdb's number while it exists in gdb. */
  gdbNumber?: number;
  frame: FrameIdentity;
  attributes: Omit<GdbWatchpoint, 'number'>;
  /** The time point (commands since the start) where the user set it. */
  setAt: TimePoint;
  /** Time points where gdb deleted it because its frame returned (on that point's history, for good). */
  endedAt: TimePoint[];
  /** The user deleted it (or restarted the program): never re-created for the user. */
  deleted: boolean;
  /** On a local (gdb deletes it with the process): fred re-creates it. */
  local: boolean;
}


export class LocalWatchpoints {
  private readonly all = new Map<number, LocalWatchpoint>();

  constructor(private readonly control: BreakpointControl, private readonly numbers: BreakpointNumbers) {}

  /** Any watchpoint fred may have to re-create (skips every query when none). */
  get active(): boolean { return [...this.all.values()].some((w) => !w.deleted && w.local); }

  /** Watchpoints fred keeps that gdb does not have now, with their enabled state (for the user's set). */
  absent(): Array<{ user: number; enabled: boolean }> {
    return [...this.all.values()].filter((w) => w.local && !w.deleted && w.gdbNumber === undefined).map((w) => ({ user: w.user, enabled: w.attributes.enabled }));
  }

  /** gdb's watchpoints, noting what each would need to be re-created. */
  private async refresh(): Promise<{ present: Set<number>; selected?: FrameIdentity }> {
    const { watchpoints, selected } = await this.control.watchpoints();
    this.update(watchpoints);
    return { present: new Set(watchpoints.map((w) => w.number)), selected };
  }

  private update(watchpoints: readonly GdbWatchpoint[]): void {
    for (const w of watchpoints) {
      const known = this.byGdbNumber(w.number);
      if (known) known.attributes = withoutNumber(w);
    }
  }

  private byGdbNumber(gdbNumber: number): LocalWatchpoint | undefined {
    return [...this.all.values()].find((w) => w.gdbNumber === gdbNumber);
  }

  /**
   * The user ran a breakpoint command at time point `here`: note new watchpoints with the
   * selected frame; the ones gone were deleted by the user.
   */
  async userChanged(command: string, here: TimePoint): Promise<void> {
    const setsOne = /^\s*(?:wa|wat|watc|watch|rw|rwa|rwat|rwatc|rwatch|aw|awa|awat|awatc|awatch)\b/.test(command);
    if (!setsOne && !this.active) return;
    const { watchpoints, selected, locals } = await this.control.watchpoints();
    const present = new Set(watchpoints.map((w) => w.number));
    for (const w of this.all.values()) {
      if (w.gdbNumber !== undefined && !present.has(w.gdbNumber)) {
        w.deleted = true;
        w.gdbNumber = undefined;
      }
    }
    this.update(watchpoints);
    if (!selected) return;
    for (const w of watchpoints) {
      const user = this.numbers.userOf(w.number);
      if (this.byGdbNumber(w.number) || this.all.get(user)?.gdbNumber !== undefined) continue;
      const local = locals?.includes(w.number) ?? false;
      this.all.set(user, { user, gdbNumber: w.number, frame: selected, attributes: withoutNumber(w), setAt: [...here], endedAt: [], deleted: false, local });
    }
  }

  /**
   * A command ran (the user's or a replayed one) and left the program at `here`: note the
   * watchpoints gdb deleted because their frame returned or the program ended there.
   * True when some did.
   */
  async afterCommand(output: string, here: TimePoint, programEnded: boolean): Promise<boolean> {
    if (!this.active || (!programEnded && !/^Watchpoint \d+ deleted because/m.test(output))) return false;
    const gone = await this.vanished();
    for (const w of gone) {
      // a copy set by frame id before the user's own time point may be an earlier call of
      // the same function: its end says nothing about the user's watchpoint
      if (isPointPrefix(w.setAt, here)) w.endedAt.push([...here]);
    }
    return gone.length > 0;
  }

  /** The program was replaced (a replayed `run`, fred's kill): gdb deleted the ones on locals. */
  async programReplaced(): Promise<void> {
    if (this.active) await this.vanished();
  }

  /** The user ran or killed the program: in gdb the watchpoints on locals are gone for good. True when some were. */
  async userRestarted(): Promise<boolean> {
    if (!this.active) return false;
    const gone = await this.vanished();
    for (const w of gone) w.deleted = true;
    return gone.length > 0;
  }

  /** The watchpoints fred believed gdb had and gdb no longer has. */
  private async vanished(): Promise<LocalWatchpoint[]> {
    const { present } = await this.refresh();
    const gone = [...this.all.values()].filter((w) => w.gdbNumber !== undefined && !present.has(w.gdbNumber));
    for (const w of gone) w.gdbNumber = undefined;
    return gone;
  }

  /** A restore killed the program: gdb deleted the watchpoints on locals. */
  restored(): void {
    for (const lost of this.control.lostByRestore()) {
      const w = this.byGdbNumber(lost.number);
      if (!w) continue;
      w.attributes = withoutNumber(lost);
      w.gdbNumber = undefined;
      w.local = true;
    }
  }

  /**
   * The program is at time point `here`: re-create the user's watchpoints that should exist
   * here and whose frame is live. `enabled(user)`: the state each must have (a replay
   * enables only what the replayed command ran with). `standIns`: during a replay, the ones
   * the user deleted since that the replayed command ran with (dropStandIns ends them).
   */
  async recreate(here: TimePoint, enabled: (user: number, own: boolean) => boolean, standIns?: readonly number[]): Promise<void> {
    const wanted = [...this.all.values()].filter((w) => w.local && (!w.deleted || standIns?.includes(w.user)) && w.gdbNumber === undefined && !w.endedAt.some((end) => isPointPrefix(end, here)));
    if (wanted.length === 0) return;
    const created = await this.control.recreate(wanted.map((w) => ({ ...w.attributes, ...w.frame, user: w.user, enabled: enabled(w.user, w.attributes.enabled) })));
    for (const [user, gdbNumber] of created) {
      const w = this.all.get(user)!;
      w.gdbNumber = gdbNumber;
      this.numbers.assign(user, gdbNumber);
    }
  }

  /** After a replay: gdb's numbers of the copies of deleted watchpoints it needed (to delete them). */
  dropStandIns(): number[] {
    const copies = [...this.all.values()].filter((w) => w.deleted && w.gdbNumber !== undefined);
    const numbers = copies.map((w) => w.gdbNumber!);
    for (const w of copies) w.gdbNumber = undefined;
    return numbers;
  }

  /**
   * The user is at a time point where these are absent (their frame is not live): as in a
   * forward run, they are gone, also when the program comes back into a frame like theirs.
   */
  forgetAbsent(): boolean {
    const absent = [...this.all.values()].filter((w) => w.local && !w.deleted && w.gdbNumber === undefined);
    for (const w of absent) w.deleted = true;
    return absent.length > 0;
  }

  /** The frame a watchpoint on a local watches in, as its height from the outermost (user number). */
  frameHeight(user: number): number | undefined {
    const w = this.all.get(user);
    return w?.local ? w.frame.height : undefined;
  }

  /** A watchpoint fred re-creates itself (never stood in for from what created it). */
  knows(user: number): boolean { return this.all.get(user)?.local === true; }

  /** The watchpoints that existed before and are absent now, for a note to the user. */
  missing(before: ReadonlySet<number>): Array<{ user: number; expression: string }> {
    return [...this.all.values()]
      .filter((w) => before.has(w.user) && w.local && w.gdbNumber === undefined)
      .map((w) => ({ user: w.user, expression: w.attributes.expression }));
  }

  /** User numbers of the watchpoints present in gdb now. */
  present(): Set<number> {
    return new Set([...this.all.values()].filter((w) => w.gdbNumber !== undefined).map((w) => w.user));
  }
}

function withoutNumber(w: GdbWatchpoint): Omit<GdbWatchpoint, 'number'> {
  const { number: _number, ...rest } = w;
  return rest;
}
