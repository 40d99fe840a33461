// How fred takes and restores snapshots of a program that gdb is debugging. Measured on
// this platform (DESIGN.md): an infcall would checkpoint gdb's dummy frame, so instead:
//   snapshot: leave the request, `queue-signal SIGUSR2`, `stepi` (gdb steps INTO the
//     handler without executing the program's instruction), then `tbreak *PC` + `continue`
//     lets the handler fork the frozen copy and return exactly where the program was.
//   restore: kill the live program, make the frozen copy fork a live copy that stops
//     itself inside the handler, `attach` to it, swallow that SIGSTOP, and run the handler
//     back to PC with a temporary breakpoint. gdb stays one process: symbols, breakpoints,
//     displays and settings survive with their numbers.
// The frozen copies' process group must not become orphaned (the stopped copy would get
// SIGHUP): fred-holder, the pty's session leader and subreaper, is their parent.
import { Debugger } from '../debugger-adapters/debugger';
import { preloadLibrary } from './nativePaths';
import { ProgramControl } from './session';
import { Snapshot, SnapshotStore } from './snapshots';

const CHECKPOINT_SIGNAL = 'SIGUSR2';

/**
 * gdb settings fred needs; sent silently once at startup. Every restore is an `attach`,
 * and gdb re-reads the shared libraries' debug info at each one (with libc's separate
 * debug info installed that was ~140 ms of zlib inflate per attach, measured here): its
 * index cache, kept in fred's own cache directory, brings that down.
 */
export function gdbSetupCommands(controlDir: string, indexCacheDir: string): string[] {
  return [
    `set index-cache directory ${indexCacheDir}`,
    'set index-cache enabled on',
    `handle ${CHECKPOINT_SIGNAL} nostop noprint pass`,
    `set environment LD_PRELOAD=${preloadLibrary}`,
    `set environment FRED_CKPT_CONTROL=${controlDir}`,
  ];
}

export class GdbProcessControl implements ProgramControl {
  constructor(private readonly gdb: Debugger, private readonly store: SnapshotStore) {}

  /** fred's own commands: never shown, never repeated by an empty line. */
  private async run(command: string, keepStatus = true): Promise<string> {
    const out = await this.gdb.execute(command, { silent: true, keepStatus });
    if (out.debuggerExited) throw new Error(`gdb exited while fred ran '${command}'`);
    return out.text;
  }

  /** pid of the live program, or undefined when none is running. */
  async programPid(): Promise<number | undefined> {
    return this.gdb.programPid?.();
  }

  private async pc(): Promise<string> {
    const text = await this.run('python print("fred-pc %x" % int(gdb.selected_frame().pc()))');
    const pc = /fred-pc ([0-9a-f]+)/.exec(text)?.[1];
    if (!pc) throw new Error(`could not read the program counter from gdb: ${text.trim()}`);
    return pc;
  }

  /** Return from fred's checkpoint handler to pc without running the program past it. */
  private async backTo(pc: string, keepStatus: boolean): Promise<void> {
    await this.run(`tbreak *0x${pc}`);
    const text = await this.run('continue', keepStatus);
    if (!new RegExp(`0x0*${pc}|Temporary breakpoint|Breakpoint`, 'i').test(text) || /exited|signal SIG(?!USR2)/.test(text))
      throw new Error(`gdb did not come back to 0x${pc} after the checkpoint handler: ${text.trim()}`);
  }

  /** Snapshot the stopped program without moving it. */
  async snapshot(): Promise<Snapshot | undefined> {
    const pid = await this.programPid();
    if (!pid) return undefined;
    const pc = await this.pc();
    const prepared = this.store.prepare(pid);
    await this.run(`queue-signal ${CHECKPOINT_SIGNAL}`);
    await this.run('stepi');
    await this.backTo(pc, true);
    const snapshot = await this.store.collect(prepared);
    if (snapshot.pc !== pc) throw new Error(`snapshot ${snapshot.id} was taken at 0x${snapshot.pc}, not at 0x${pc}`);
    return snapshot;
  }

  /** Replace the live program (if any) by a new copy of the snapshot, with gdb attached. */
  async restore(snapshot: Snapshot): Promise<void> {
    if (await this.programPid()) await this.run('kill', false);
    const pid = await this.store.resume(snapshot.id, { stop: true });
    const attached = await this.run(`attach ${pid}`);
    if (!/Attaching to/.test(attached) || /ptrace: /.test(attached)) throw new Error(`gdb could not attach to process ${pid}: ${attached.trim()}`);
    await this.run('handle SIGSTOP nostop noprint nopass');
    try {
      await this.backTo(snapshot.pc, false);
    } finally {
      await this.run('handle SIGSTOP stop print pass');
    }
  }

  async showLocation(): Promise<string> {
    if (this.gdb.status().kind === 'exited') return '[the program has exited]';
    if (!(await this.programPid())) return 'The program is not being run.';
    return this.run('frame', true);
  }

  async killProgram(): Promise<void> {
    if (await this.programPid()) await this.run('kill', false);
  }
}
