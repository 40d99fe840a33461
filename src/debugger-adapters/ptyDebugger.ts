// The Debugger interface on top of a PtyDriver and a Personality: the user's commands go
// through as typed; fred's own questions are sent silently (never shown to onOutput
// listeners) and in the personality's "leave no trace" form.
import { BreakpointState, CommandOutput, Debugger, ExecuteOptions, Location, ProgramStatus } from './debugger';
import { Personality } from './personality';
import { PtyDriver, PtySpawnOptions } from './ptyDriver';

export class PtyDebugger implements Debugger {
  private readonly driver: PtyDriver;
  private programStatus: ProgramStatus;
  private lastUserCommand?: string;
  /** The debugger prints a stop report at each stop (Personality.stopReport's on/off). */
  private reportingStops = false;

  constructor(private readonly personality: Personality, spawn: PtySpawnOptions) {
    this.driver = new PtyDriver(spawn, personality.prompt, personality.kind);
    this.programStatus = personality.initialStatus;
  }

  get kind(): 'gdb' | 'pdb' { return this.personality.kind; }
  get pid(): number { return this.driver.pid; }

  async start(): Promise<string> {
    const banner = await this.driver.start();
    if (banner.debuggerExited) throw new Error(`${this.kind} exited before its first prompt: ${lastLines(banner.text)}`);
    for (const command of this.personality.startupCommands()) {
      const answer = await this.driver.run(command, { silent: true });
      if (answer.debuggerExited) throw new Error(`${this.kind} exited while fred set it up ("${command}"): ${lastLines(answer.text)}`);
      if (answer.text.trim()) throw new Error(`${this.kind} refused fred's setup command "${command}": ${lastLines(answer.text)}`);
    }
    return banner.text;
  }

  async execute(command: string, options: ExecuteOptions = {}): Promise<CommandOutput> {
    const empty = command.trim() === '';
    let sent = command;
    let meant = command;
    await this.switchStopReports(options);
    if (options.silent) {
      if (!empty) sent = this.personality.internal(command);
      if (options.reportStop && !empty) sent += this.personality.stopReport?.suffix ?? '';
    } else if (empty) {
      sent = this.personality.repeatOfEmptyLine(this.lastUserCommand);
      meant = this.lastUserCommand ?? '';
    } else {
      this.lastUserCommand = command;
    }
    const output = await this.driver.run(sent, { silent: options.silent });
    if (!output.debuggerExited && !options.keepStatus) {
      this.programStatus = this.personality.statusAfter(meant, output.text, this.programStatus);
    }
    return output;
  }

  /** Stop reports on for a command that wants one, off before one of the user's. */
  private async switchStopReports(options: ExecuteOptions): Promise<void> {
    const report = this.personality.stopReport;
    const wanted = options.reportStop === true ? true : options.silent ? this.reportingStops : false;
    if (!report?.on || !report.off || wanted === this.reportingStops) return;
    const answer = await this.query(wanted ? report.on : report.off);
    if (answer !== undefined) this.reportingStops = wanted;
  }

  stopReported(output: string): Location | undefined {
    return this.personality.stopReport?.parse(output);
  }

  interrupt(): void { this.driver.interrupt(this.personality.interruptWith); }

  async location(): Promise<Location | undefined> {
    const answer = await this.query(this.personality.locationQuery);
    return answer === undefined ? undefined : this.personality.parseLocation(answer);
  }

  status(): ProgramStatus { return this.programStatus; }

  async evaluate(expression: string, frameDepth?: number): Promise<string | undefined> {
    if (/[\r\n]/.test(expression)) return undefined;
    const answer = await this.query(this.personality.evaluateQuery(expression, frameDepth));
    return answer === undefined ? undefined : this.personality.parseEvaluation(answer);
  }

  async breakpoints(): Promise<BreakpointState[]> {
    const answer = await this.query(this.personality.breakpointsQuery);
    return answer === undefined ? [] : this.personality.parseBreakpoints(answer);
  }

  async programPid(): Promise<number | undefined> {
    const answer = await this.query(this.personality.programPidQuery);
    return answer === undefined ? undefined : this.personality.parseProgramPid(answer);
  }

  async moved(): Promise<boolean | undefined> {
    if (!this.personality.movedQuery || !this.personality.parseMoved) return undefined;
    const answer = await this.query(this.personality.movedQuery);
    return answer === undefined ? undefined : this.personality.parseMoved(answer);
  }

  sendInput(data: string): void { this.driver.write(data); }
  commandRunning(): boolean { return this.driver.commandRunning(); }
  resize(cols: number, rows: number): void { this.driver.resize(cols, rows); }

  onOutput(listener: (chunk: string) => void): () => void { return this.driver.onOutput(listener); }
  onExit(listener: (code: number | undefined) => void): () => void { return this.driver.onExit(listener); }

  /** Ends the debugger: SIGTERM, then SIGKILL to its process group if it lingers. */
  async close(): Promise<void> {
    if (this.driver.hasExited) return;
    let pid: number;
    try { pid = this.driver.pid; } catch { return; }
    this.driver.kill('SIGHUP');
    this.driver.kill('SIGTERM');
    const gone = this.driver.whenExited();
    const grace = new Promise<'late'>((resolve) => { const t = setTimeout(() => resolve('late'), 2000); t.unref(); });
    if ((await Promise.race([gone, grace])) === 'late') {
      try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
      await gone;
    }
  }

  /** One of fred's questions: silent, traceless; undefined if the debugger is gone. */
  private async query(command: string): Promise<string | undefined> {
    if (this.driver.hasExited) return undefined;
    const answer = await this.driver.run(this.personality.internal(command), { silent: true });
    return answer.debuggerExited ? undefined : answer.text;
  }
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n').filter((line) => line.trim());
  return lines.slice(-3).join(' / ') || '(no output)';
}
