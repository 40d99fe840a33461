// How fred takes and restores snapshots of a program that gdb is debugging. Measured on
// this platform (DESIGN.md): an infcall would checkpoint gdb's dummy frame, so instead:
//   snapshot: leave the request, `queue-signal SIGUSR2`, `stepi` (gdb steps INTO the
//     handler without executing the program's instruction), then run back to the PC with a
//     temporary breakpoint: the handler forks the frozen copy and returns exactly there.
//   restore: kill the live program, make the frozen copy fork a live copy that stops
//     itself inside the handler, `attach` to it, swallow that SIGSTOP, and run the handler
//     back to PC. gdb stays one process: symbols, breakpoints, displays and settings
//     survive with their numbers; watchpoints on locals, which gdb deletes with the
//     process, are re-created in their frames by the session (localWatchpoints.ts).
// Each sequence is one gdb Python command (fredGdbRestore.py): one round trip, and the
// library symbols kept loaded across the attach (that was 50-150 ms of each restore).
// The frozen copies' process group must not become orphaned (the stopped copy would get
// SIGHUP): fred-holder, the pty's session leader and subreaper, is their parent.
import * as fs from 'fs';
import * as path from 'path';
import { Debugger } from '../../debugger-adapters/debugger';
import { parseHelperAnswer } from '../../debugger-adapters/gdbPersonality';
import { SeriesSpacing } from '../../history/probing';
import { controlSignals } from '../checkpointer/controlProtocol';
import { BreakpointControl, FrameIdentity, GdbWatchpoint } from './localWatchpoints';
import { debuggerExited, FredError, programKilled } from '../errors';
import { killedMeanwhile, KillReport } from '../session/outsideKills';
import { preloadLibrary } from '../checkpointer/nativePaths';
import { ProgramControl } from '../session/session';
import { Snapshot, SnapshotStore } from '../session/snapshots';
import { GdbThread, ThreadControl } from './threadNumbers';

/** gdb's name of controlSignals.checkpoint (the library's default checkpoint signal). */
const CHECKPOINT_SIGNAL = 'SIGUSR2';
/** The series' signal (passed silently) and the search's stop signal (stopped at, never passed). */
const SERIES_SIGNAL = `SIG${controlSignals.series}`;
const SEARCH_STOP_SIGNAL = `SIG${controlSignals.stop}`;
/** fred_record_seccomp.c: the filter's signal, answered by the library. */
const RECORD_SIGNAL = 'SIGSYS';
const RESTORE_HELPER = 'fredGdbRestore.py';
const THREADS_HELPER = 'fredGdbThreads.py';
const ANSWER_MARK = 'fred-control: ';

/** One of fred's gdb helpers, next to this file or in the source tree when running from dist/. */
function helperFile(name: string): string {
  const candidates = [path.join(__dirname, name), path.resolve(__dirname, '..', '..', '..', '..', 'src', 'fred', 'gdb', name)];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`fred's gdb helper ${name} is missing (looked in ${candidates.join(', ')}); reinstall fred`);
  return found;
}

/**
 * gdb settings fred needs; sent silently once at startup. The index cache, kept in fred's
 * own cache directory, makes the first load of libc's separate debug info cheap (it was
 * ~140 ms of zlib inflate, measured here).
 */
export function gdbSetupCommands(controlDir: string, indexCacheDir: string, programEnvironment: Record<string, string> = {}): string[] {
  return [
    `set index-cache directory ${indexCacheDir}`,
    'set index-cache enabled on',
    `handle ${CHECKPOINT_SIGNAL} nostop noprint pass`,
    `handle ${SERIES_SIGNAL} nostop noprint pass`,
    `handle ${SEARCH_STOP_SIGNAL} stop print nopass`,
    // the record log's filter: calls libc makes inside (stdio's reads) reach fred's layer
    `handle ${RECORD_SIGNAL} nostop noprint pass`,
    `set environment LD_PRELOAD=${preloadLibrary}`,
    ...Object.entries(programEnvironment).map(([name, value]) => `set environment ${name}=${value}`),
    `set environment FRED_CKPT_CONTROL=${controlDir}`,
    `source ${helperFile(RESTORE_HELPER)}`,
    `source ${helperFile(THREADS_HELPER)}`,
  ];
}

/** The answer of one of fredGdbRestore.py's commands; throws with gdb's reason. */
function answerOf(command: string, text: string): Record<string, unknown> {
  const line = text.split('\n').reverse().find((l) => l.startsWith(ANSWER_MARK));
  if (!line) throw new Error(`gdb gave no answer to fred's '${command}': ${text.trim().slice(-300)}`);
  const answer = JSON.parse(line.slice(ANSWER_MARK.length)) as Record<string, unknown>;
  if (answer.ok !== true) throw new Error(`${command}: ${String(answer.error)}`);
  return answer;
}

/** fred_search.c's answer where hardware breakpoints never fire (some virtual machines). */
const KERNEL_CANNOT_COUNT = /hardware breakpoints do not count on this machine/;

export class GdbProcessControl implements ProgramControl, BreakpointControl, ThreadControl, KillReport {
  private lost: GdbWatchpoint[] = [];
  private snapshotHits = new Map<number, number>();
  /** Programs a restore or a snapshot found killed from outside (see outsideKills.ts). */
  private killed: number[] = [];

  killedFromOutside(): number[] {
    const killed = this.killed;
    this.killed = [];
    return killed;
  }

  async dropTemporaryAbove(number: number): Promise<void> {
    await this.run(`python [b.delete() for b in gdb.breakpoints() if b.temporary and b.number > ${number}]`);
  }

  constructor(private readonly gdb: Debugger, private readonly store: SnapshotStore) {}

  /** fred's own commands: never shown, never repeated by an empty line. */
  private async run(command: string, keepStatus = true): Promise<string> {
    const out = await this.gdb.execute(command, { silent: true, keepStatus });
    if (out.debuggerExited) throw debuggerExited('gdb', `while fred ran '${command}'`);
    return out.text;
  }

  /** One of fredGdbRestore.py's commands. */
  private async control(command: string, keepStatus = true): Promise<Record<string, unknown>> {
    return answerOf(command.split(' ')[0], await this.run(command, keepStatus));
  }

  /** pid of the live program, or undefined when none is running. */
  async programPid(): Promise<number | undefined> {
    // asked of gdb itself: the adapter's status does not know every way a program stops (starti)
    const text = await this.run('python print("fred-pid", gdb.selected_inferior().pid)');
    const pid = Number(/fred-pid (\d+)/.exec(text)?.[1]);
    return pid > 0 ? pid : undefined;
  }

  /** Snapshot the stopped program without moving it. */
  async snapshot(): Promise<Snapshot | undefined> {
    const pid = await this.programPid();
    if (!pid) return undefined;
    const prepared = this.store.prepare(pid);
    let pc: string | undefined;
    try {
      pc = await this.enterHandler();
    } catch (error) {
      // killed from outside meanwhile: not fred's fault; a copy it may have made goes too
      if (error instanceof FredError || !(await killedMeanwhile(pid))) throw error;
      this.killed.push(pid);
      const made = await this.store.collect(prepared).catch(() => undefined);
      if (made) await this.store.discard(made.id).catch(() => undefined);
      throw programKilled(pid, 'while fred took a snapshot of it');
    }
    const snapshot = await this.store.collect(prepared);
    if (snapshot.pc !== pc) throw new Error(`snapshot ${snapshot.id} was taken at 0x${snapshot.pc}, not at 0x${String(pc)}`);
    return snapshot;
  }

  /**
   * Replace the live program (if any) by a new copy of the snapshot, with gdb attached.
   */
  async restore(snapshot: Snapshot): Promise<void> {
    // the old program dies before the copy exists: when the program leads its own terminal
    // session (the TUI gives it a pty), its death hangs up that terminal's foreground group
    const { lost, ended } = await this.control('fred-restore-begin', false);
    if (typeof ended === 'number') this.killed.push(ended); // dead before fred ended it
    this.lost = (lost ?? []) as GdbWatchpoint[];
    const pid = await this.store.resume(snapshot.id, { stop: true });
    try {
      await this.control(`fred-restore-attach ${pid} ${snapshot.pc}`, false);
    } catch (error) {
      // killed from outside while gdb attached to it: not fred's fault, and the snapshot stays
      if (error instanceof FredError || !(await killedMeanwhile(pid))) throw error;
      this.killed.push(pid);
      throw programKilled(pid, `while gdb attached to it (a copy of snapshot ${snapshot.id})`);
    }
  }

  /**
   * Arm a series in the stopped program; the caller then resumes it. Returns how to
   * collect the snapshots once it stops. Like a snapshot, arming records the hit counts:
   * no breakpoint is hit between here and the series' snapshots (the first hit ends it).
   */
  async armSeries(spacing: SeriesSpacing, max: number): Promise<() => Snapshot[]> {
    const pid = await this.pidForSearch();
    if ('address' in spacing) await this.leaveAddress(spacing.address);
    const prepared = this.store.prepareSeries(pid, spacing, max);
    await this.enterHandler();
    this.store.searchArmed(prepared);
    return () => this.store.collectSeries(prepared, max);
  }

  /**
   * Arm a counted stop in the stopped program; the caller then continues it.
   */
  async armCountedStop(address: bigint, count: number): Promise<void> {
    const pid = await this.pidForSearch();
    await this.leaveAddress(address);
    this.countedByGdb = false;
    const prepared = this.store.prepareCountedStop(pid, address, count);
    await this.enterHandler();
    try {
      this.store.searchArmed(prepared);
    } catch (error) {
      if (!KERNEL_CANNOT_COUNT.test((error as Error).message)) throw error;
      // some virtual machines accept hardware breakpoints and never fire them: gdb counts
      // instead, a trap per execution (fredGdbHelpers.py hits_record with `stop`)
      const armed = await this.run(`fred-hits-record stop ${address.toString(16)} ${count}`);
      if (!/"ok": true/.test(armed)) throw new Error(`gdb could not arm fred's counted stop: ${armed.trim().slice(-200)}`);
      this.countedByGdb = true;
    }
  }

  /** The last counted stop is gdb's (armCountedStop): the continue ends at its silent breakpoint. */
  private countedByGdb = false;

  /** After the continue of a counted stop: gdb's breakpoints for it go. */
  async disarmCountedStop(): Promise<void> {
    if (this.countedByGdb) await this.run('fred-hits-report');
  }

  /** Count executions of each address (up to 4) at full speed from here; readCounters ends it. */
  async armCounters(addresses: readonly bigint[]): Promise<void> {
    const prepared = this.store.prepareCounters(await this.pidForSearch(), addresses);
    await this.enterHandler();
    this.store.searchArmed(prepared);
  }

  /** The executions counted since armCounters, in its order. */
  async readCounters(): Promise<number[]> {
    const prepared = this.store.prepareCountRead(await this.pidForSearch());
    await this.enterHandler();
    return this.store.countsRead(prepared);
  }

  private async pidForSearch(): Promise<number> {
    const pid = await this.programPid();
    if (!pid) throw new Error('fred-reverse-watch: the program is not running here');
    return pid;
  }

  /** Whether gdb's output for a continue says it ended at the counted stop (fred's stop signal). */
  endedAtCountedStop(output: string): boolean {
    if (this.countedByGdb) {
      this.countedByGdb = false;
      return !/^(?:Thread .* hit )?(?:(?:Temporary )?Breakpoint \d+|(?:Hardware |Software )?(?:[Rr]ead |[Aa]ccess \(read\/write\) )?[Ww]atchpoint \d+)|received signal|^\[Inferior \d+ \(process \d+\) exited/m.test(output);
    }
    return new RegExp(`received signal ${SEARCH_STOP_SIGNAL}\\b`).test(output);
  }

  /**
   * Counting executions of an address starts with the next one: when the program stands
   * at it, one `stepi` first, so the execution about to happen is never counted, whether
   * or not a breakpoint of gdb's (which gdb steps over) sits there.
   */
  private async leaveAddress(address: bigint): Promise<void> {
    if (BigInt(await this.innermostPc()) === address) await this.run('stepi');
  }

  private async innermostPc(): Promise<string> {
    const text = await this.run('python print("fred-pc", hex(gdb.newest_frame().pc()))');
    const pc = /fred-pc (0x[0-9a-f]+)/.exec(text)?.[1];
    if (!pc) throw new Error(`gdb did not say where the program is: ${text.trim().slice(-200)}`);
    return pc;
  }

  /** The program runs fred's handler (which reads the request left for it) and comes back. */
  private async enterHandler(): Promise<string | undefined> {
    const { pc, hits } = await this.control(`fred-snapshot-signal ${CHECKPOINT_SIGNAL}`);
    this.snapshotHits = new Map(Object.entries((hits ?? {}) as Record<string, number>).map(([n, count]) => [Number(n), count]));
    return typeof pc === 'string' ? pc : undefined;
  }

  /** See FastForward.lineStart (src/history/probing.ts), for where the program is now. */
  async lineStart(depth?: number, loop = false): Promise<bigint | undefined> {
    const { address } = await this.control(depth === undefined ? 'fred-line-start' : `fred-line-start ${depth}${loop ? ' loop' : ''}`);
    return typeof address === 'string' ? BigInt(`0x${address}`) : undefined;
  }

  /** See interruptStop.ts: out of fred's library into the program's own frame; true when it moved. */
  async leaveLibrary(): Promise<boolean> {
    if (!(await this.programPid())) return false;
    return (await this.control('fred-leave-library', false)).moved === true;
  }

  hitsAtLastSnapshot(): ReadonlyMap<number, number> { return this.snapshotHits; }

  /** The crossings each breakpoint still ignores (gdb's numbers; absent: 0). */
  async ignoreCounts(): Promise<ReadonlyMap<number, number>> {
    const text = await this.run('fred-ignore-counts');
    const counts = (parseHelperAnswer(text)?.counts ?? {}) as Record<string, number>;
    return new Map(Object.entries(counts).map(([n, count]) => [Number(n), count]));
  }

  /** Put back the ignore counts of a time point (a restore does not: they live in gdb). */
  async setIgnoreCounts(counts: ReadonlyMap<number, number>): Promise<void> {
    await this.run(`fred-set-ignore-counts ${JSON.stringify(Object.fromEntries(counts))}`);
  }

  lostByRestore(): readonly GdbWatchpoint[] { return this.lost; }

  /** The program's threads: gdb's numbers and the forward run's (fredGdbThreads.py). */
  async threads(): Promise<GdbThread[]> {
    return (await this.control('fred-threads')).threads as GdbThread[];
  }

  async resetHits(): Promise<void> { await this.control('fred-hits-reset'); }

  async watchpoints(): Promise<{ watchpoints: GdbWatchpoint[]; selected?: FrameIdentity; locals?: number[] }> {
    const answer = await this.control('fred-watchpoints');
    return { watchpoints: answer.watchpoints as GdbWatchpoint[], selected: answer.selected as FrameIdentity | undefined, locals: answer.locals as number[] | undefined };
  }

  async recreate(wanted: Parameters<BreakpointControl['recreate']>[0]): Promise<Map<number, number>> {
    const { numbers } = await this.control(`fred-watch-restore ${JSON.stringify(wanted)}`);
    return new Map(Object.entries(numbers as Record<string, number>).map(([user, n]) => [Number(user), n]));
  }

  async showLocation(): Promise<string> {
    if (this.gdb.status().kind === 'exited') return '[the program has exited]';
    if (!(await this.programPid())) return 'The program is not being run.';
    // after a stop gdb shows the frame, then the displays (`display` records no values)
    const frame = await this.run('frame', true);
    const displays = await this.run('display', true);
    return displays.trim() ? `${frame.trimEnd()}\n${displays.trimEnd()}` : frame;
  }

  async killProgram(): Promise<void> {
    if (await this.programPid()) await this.run('kill', false);
  }
}
