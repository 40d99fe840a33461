// The pdb adapter as a fred session needs it (RestorablePdb): status put back by a
// restore, breakpoint stops in gdb's sense, and `next N` / `step N` repeated inside
// python3. Questions go to fredPdbState.py, the helper module pdbControl.ts installs.
import { BreakpointState, CommandOutput, Debugger, ExecuteOptions, Location, ProgramStatus } from '../../debugger-adapters/debugger';
import { pdbDialect } from '../../history/dialects';

/** Commands after which a stop deeper than the start can only be a breakpoint's. */
const STAYING_COMMANDS = new Set(['next', 'until', 'finish']);
/** Commands that stop at the next line anyway: a breakpoint there goes unnoticed by pdb. */
const STEPPING_COMMANDS = new Set([...STAYING_COMMANDS, 'step']);

interface StopInfo {
  depth: number;
  atBreakpoint: boolean;
  anyBreakpoints: boolean;
  /** How an armed `next N`/`step N` ended (undefined: none was armed). */
  repeatEnded?: 'count' | 'breakpoint' | 'end';
}

/**
 * The pdb adapter, with what a reversible session adds:
 * - pdb's idea of the program's state (stopped, or finished and about to restart) is part
 *   of a snapshot: after a restore, status() says what it said when the snapshot was
 *   taken, until a command's output says otherwise;
 * - pdb announces no breakpoint hit, and a step that lands on a breakpoint's line does
 *   not even count as one. fred's history needs gdb's meaning (`next 3` stops early at a
 *   breakpoint, a stop there is an event): after a stepping command, fredPdbState.py's
 *   stop() says whether an effective breakpoint is here (as bdb's break_here() would)
 *   and how deep the stack is; a next/until/return that ends deeper than it started
 *   stopped at a breakpoint too (a temporary one is already gone). Without any
 *   breakpoint, steps cost no extra question.
 */
export class RestorablePdb implements Debugger {
  private override?: ProgramStatus;
  /** From the last stop(), while no command moved the program since. */
  private known?: StopInfo;
  /** false only when the last stop() saw no breakpoint and no command could have set one since. */
  private mayHaveBreakpoints = true;
  /** A Ctrl-C went to pdb during the current user command. */
  private interruptSent = false;

  constructor(private readonly inner: Debugger) {}

  get kind(): 'gdb' | 'pdb' { return this.inner.kind; }
  get pid(): number { return this.inner.pid; }

  /** After a restore: the status the snapshot was taken with (breakpoints are the live ones). */
  assumeStatus(status: ProgramStatus): void {
    this.override = status;
    this.known = undefined;
  }

  status(): ProgramStatus { return this.override ?? this.inner.status(); }

  async execute(command: string, options?: ExecuteOptions): Promise<CommandOutput> {
    return (await this.run(command, options))!;
  }

  /**
   * `next N` / `step N`: python3 repeats the command itself (fredPdbState.py's arm()),
   * ending early at a breakpoint, post mortem or the program's end, as gdb's `next N`.
   * One round trip instead of N: a million steps take seconds, not minutes.
   */
  async repeat(line: string, times: number, options?: ExecuteOptions): Promise<CommandOutput> {
    const kind = pdbDialect.classify(line).kind;
    if (times > 1 && (kind === 'next' || kind === 'step')) {
      const out = await this.run(line, options, `p __import__('_fred_pdb').arm('${kind}', ${times})`);
      if (out) return out;
    }
    let out = (await this.run(line, options))!; // the slow way: one command per step
    let text = out.text;
    for (let i = 1; i < times && !out.debuggerExited; i++) {
      const status = this.status();
      if (status.kind !== 'stopped' || status.reason === 'breakpoint') break;
      out = (await this.run(line, options))!;
      text += out.text;
    }
    return { text, debuggerExited: out.debuggerExited };
  }

  /** One command; with `arm`, that request first (undefined when it fails: nothing ran). */
  private async run(command: string, options?: ExecuteOptions, arm?: string): Promise<CommandOutput | undefined> {
    if (options?.keepStatus) return this.inner.execute(command, options);
    const kind = pdbDialect.classify(command).kind;
    const stepping = STEPPING_COMMANDS.has(kind) && this.status().kind === 'stopped';
    if (arm && !stepping) return undefined;
    if (!stepping) {
      this.known = undefined;
      if (!['continue', 'read-only', 'frame-select'].includes(kind)) this.mayHaveBreakpoints = true;
    }
    const before = stepping && this.mayHaveBreakpoints ? this.known ?? await this.stopInfo() : undefined;
    if (arm) {
      const armed = await this.inner.execute(arm, { silent: true, keepStatus: true });
      if (armed.debuggerExited) return armed;
      if (armed.text.trim() !== 'None') return undefined;
    }
    const previous = this.inner.status();
    const out = await this.inner.execute(command, options);
    await this.forgetUnusedInterrupt(out);
    // the adapter keeps the very same object when the output said nothing new
    if (this.inner.status() !== previous) this.override = undefined;
    this.known = undefined;
    // after a repeat, always ask: it also disarms what the program's end may have left armed
    if ((before || arm) && !out.debuggerExited) {
      const after = this.known = await this.stopInfo();
      if (this.inner.status().kind === 'stopped' && after) {
        const deeper = before !== undefined && STAYING_COMMANDS.has(kind) && after.depth > before.depth;
        if (deeper || after.repeatEnded === 'breakpoint' || after.atBreakpoint) this.override = { kind: 'stopped', reason: 'breakpoint' };
      }
    }
    return out;
  }

  /**
   * A Ctrl-C that reached pdb while it still read or ran a command waits there for the
   * program (fredPdbState.py's interrupt_in_program); if the command ended without letting
   * the program go, it must not stop the user's next one.
   */
  private async forgetUnusedInterrupt(out: CommandOutput): Promise<void> {
    if (!this.interruptSent) return;
    this.interruptSent = false;
    if (out.debuggerExited || /^Program interrupted\./m.test(out.text)) return;
    await this.inner.execute("p __import__('_fred_pdb').forget_interrupt()", { silent: true, keepStatus: true });
  }

  /** fredPdbState.py's stop(); undefined if the helper is not there. */
  private async stopInfo(): Promise<StopInfo | undefined> {
    const out = await this.inner.execute("p __import__('_fred_pdb').stop()", { silent: true, keepStatus: true });
    const m = /^\((\d+), (True|False), (True|False), (?:'(count|breakpoint|end)'|None)\)$/m.exec(out.text);
    if (!m) return undefined;
    this.mayHaveBreakpoints = m[3] === 'True';
    return {
      depth: Number(m[1]), atBreakpoint: m[2] === 'True', anyBreakpoints: this.mayHaveBreakpoints,
      repeatEnded: m[4] as StopInfo['repeatEnded'],
    };
  }

  start(): Promise<string> { return this.inner.start(); }
  interrupt(): void {
    this.interruptSent = true;
    this.inner.interrupt();
  }
  location(): Promise<Location | undefined> { return this.inner.location(); }
  stopReported(output: string): Location | undefined { return this.inner.stopReported?.(output); }
  evaluate(expression: string, frameDepth?: number): Promise<string | undefined> { return this.inner.evaluate(expression, frameDepth); }
  breakpoints(): Promise<BreakpointState[]> { return this.inner.breakpoints(); }
  onOutput(listener: (chunk: string) => void): () => void { return this.inner.onOutput(listener); }
  onExit(listener: (code: number | undefined) => void): () => void { return this.inner.onExit(listener); }
  close(): Promise<void> { return this.inner.close(); }
  programPid(): Promise<number | undefined> { return this.inner.programPid?.() ?? Promise.resolve(undefined); }
  sendInput(data: string): void { this.inner.sendInput?.(data); }
  commandRunning(): boolean { return this.inner.commandRunning?.() ?? true; }
  resize(cols: number, rows: number): void { this.inner.resize?.(cols, rows); }
}
