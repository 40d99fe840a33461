// The session engine: one fred session (Session + CommandRunner) behind typed calls;
// line mode, the DAP server and the full-screen interface are front ends over it. Commands go in as line mode would run them, so history, snapshots and reverse
// commands work the same; what comes out is data: who answered a command, the debugger's
// text apart from fred's notes, the program's state from the debugger's typed status,
// frames and variables from fred's queries (gdbQueries.py, pdbQueries.ts). Calls run one
// at a time, in order; interrupt() is the exception.
import * as fs from 'fs';
import * as path from 'path';
import { parseHelperAnswer } from '../../debugger-adapters/gdbPersonality';
import { CliArguments } from '../cli/cliArguments';
import { outcomeText, ProgramInput, QuitReason } from '../session/commandRunner';
import { completeLine } from '../cli/completion';
import { FredError } from '../errors';
import { Dialect, dialectOf } from '../../history/dialects';
import { pointKey } from '../../history/timePointEntry';
import { SnapshotPolicy } from '../session/snapshotPolicy';
import { StartedSession, startSession } from '../session/startSession';
import { BreakpointSpec, gdbBreakLine, ignoreCount, pdbBreakLine } from './breakpointLines';
import { parsePdbFrames, parsePdbVariables, pdbError, pdbQueries, pdbQueriesMissing } from './pdbQueries';
import {
  BreakpointRequest, BreakpointResult, CommandResult, FunctionBreakpointRequest, HistoryView, Motion, ProgramState, SearchStep, StackFrame, StopReason, Variable,
} from './types';

export interface EngineLaunch {
  debugger: 'gdb' | 'pdb';
  program: string;
  args: string[];
  policy: SnapshotPolicy;
  /** Where fred-checkpoint writes images. */
  imageDir: string;
  python?: string;
}

const GDB_QUERIES = 'gdbQueries.py';

/** The key of function breakpoints among the per-file ones. */
const FUNCTIONS = '<functions>';

/** gdbQueries.py next to this file, or in the source tree when running from dist/. */
function gdbQueriesFile(): string {
  const candidates = [path.join(__dirname, GDB_QUERIES), path.resolve(__dirname, '..', '..', '..', '..', 'src', 'fred', 'engine', GDB_QUERIES)];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`fred's gdb query file ${GDB_QUERIES} is missing (looked in ${candidates.join(', ')}); reinstall fred`);
  return found;
}

/** The debugger command for each motion. */
const MOTION_COMMANDS: Record<'gdb' | 'pdb', Record<Motion, string>> = {
  gdb: { continue: 'continue', next: 'next', stepIn: 'step', stepOut: 'finish', stepBack: 'fred-reverse-next', reverseContinue: 'fred-reverse-continue' },
  pdb: { continue: 'continue', next: 'next', stepIn: 'step', stepOut: 'return', stepBack: 'fred-reverse-next', reverseContinue: 'fred-reverse-continue' },
};

/** Text that goes to the debugger as one line: a line break in it would make a second command. */
function oneLine(text: string, what: string): void {
  if (/[\r\n]/.test(text)) throw new FredError('usage', `${what} must be one line: '${text.split(/[\r\n]/)[0]}...' has a line break`);
}

export class FredEngine {
  private queue: Promise<unknown> = Promise.resolve();
  /** Breakpoints set through setBreakpoints, per file (and function breakpoints under FUNCTIONS): the debugger's numbers. */
  private readonly breakpointsByFile = new Map<string, number[]>();
  /** Breakpoints with a hit count: how many crossings each ignores (again after a restart). */
  private readonly ignores = new Map<number, number>();
  private pausing = false;
  /** fred's questions (gdbQueries.py, pdbQueries.py) loaded into the debugger, once. */
  private queriesLoaded?: Promise<void>;

  private constructor(private readonly started: StartedSession, readonly kind: 'gdb' | 'pdb') {}

  private get dialect(): Dialect {
    return dialectOf(this.kind);
  }

  /** An engine over a session started elsewhere (the full-screen interface starts its own). */
  static over(started: StartedSession): FredEngine {
    return new FredEngine(started, started.session.dialect.kind);
  }

  static async launch(options: EngineLaunch): Promise<FredEngine> {
    if (!fs.existsSync(options.program)) throw new FredError('usage', `${options.program}: no such file; give launch the path of the ${options.debugger === 'gdb' ? 'program' : 'script'}`);
    const args: CliArguments = {
      debugger: options.debugger,
      debuggerArgs: options.debugger === 'gdb' ? ['--args', options.program, ...options.args] : [options.program, ...options.args],
      python: options.python ?? 'python3', plain: true, commandFiles: [], imageDir: options.imageDir, policy: options.policy,
    };
    const started = await startSession(args, () => undefined);
    const engine = new FredEngine(started, options.debugger);
    await engine.loadQueries();
    return engine;
  }

  /** Loads fred's questions into the debugger before the first one is asked. */
  private loadQueries(): Promise<void> {
    this.queriesLoaded ??= this.kind === 'gdb' ? this.ask(`source ${gdbQueriesFile()}`).then(() => undefined) : this.installPdbQueries();
    return this.queriesLoaded;
  }

  /** pid of the debugger's terminal session leader: every process of the session is in its session. */
  get debuggerPid(): number { return this.started.session.debugger_.pid; }

  get ended(): boolean { return this.started.runner.endedBy !== undefined; }

  /** Settles when the session ends: quit, or the debugger exited (also while no command runs). */
  get whenEnded(): Promise<QuitReason> { return this.started.runner.whenEnded; }

  /**
   * Line mode: where a program that reads its terminal while a command runs gets its lines
   * (the user's next ones). Without it the program waits for a terminal of its own.
   */
  set programInput(input: ProgramInput | undefined) { this.started.runner.programInput = input; }

  /** The image of the latest checkpoint, to start a new debugger on after the debugger died. */
  lastCheckpointImage(): { number: number; image: string } | undefined {
    return this.started.runner.lastCheckpointImage();
  }

  /** Completions of a whole line, from the debugger (gdb's complete, pdb's names); ask only while no command runs. */
  completions(line: string): Promise<string[]> {
    return completeLine(this.started.session.debugger_, line);
  }

  /** Calls in order, one at a time. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** A question to fred's queries in the debugger (loaded first if need be). */
  private async query(command: string): Promise<string> {
    await this.loadQueries();
    return this.ask(command);
  }

  /** A command to the debugger that the user does not see and that does not count as moving the program. */
  private async ask(command: string): Promise<string> {
    const out = await this.started.session.debugger_.execute(command, { silent: true, keepStatus: true });
    if (out.debuggerExited) throw new FredError('debugger', `${this.kind} exited`);
    return out.text;
  }

  private async installPdbQueries(): Promise<void> {
    const text = await this.ask(pdbQueries.install());
    if (text.trim() !== 'None') throw new Error(`fred could not load its pdb queries: ${text.trim()}`);
  }

  /** A question to pdbQueries.py, loading it again when a restore went back before it was loaded. */
  private async pdbQuery(command: string): Promise<string> {
    const text = await this.query(command);
    if (!pdbQueriesMissing(text)) return text;
    await this.installPdbQueries();
    return this.ask(command);
  }

  /** Any line, as typed in line mode: fred's commands and the debugger's. */
  run(line: string, reason: StopReason = 'step'): Promise<CommandResult> {
    oneLine(line, 'a command');
    return this.serial(() => this.runNow(line, reason));
  }

  private async runNow(line: string, reason: StopReason): Promise<CommandResult> {
    this.pausing = false;
    const before = pointKey(this.started.session.timePoint);
    const outcome = await this.started.runner.run(line);
    const historyChanged = pointKey(this.started.session.timePoint) !== before;
    const said = (from: 'fred' | 'debugger') => outcome.parts.filter((p) => p.from === from && p.text).map((p) => p.text);
    return {
      output: outcomeText(outcome), debuggerOutput: said('debugger').join('\n'), notes: said('fred'), answeredBy: outcome.answeredBy,
      state: this.state(reason), historyChanged, debuggerExited: this.started.runner.endedBy === 'debugger-exited',
    };
  }

  /** Who will answer LINE: fred itself, the debugger, or nobody (it ends the session). */
  answeredBy(line: string): CommandResult['answeredBy'] {
    return this.started.runner.answeredBy(line);
  }

  /** gdb: the program runs on the terminal TTY (gdb's `tty`), not on the debugger's. */
  async useTerminal(tty: string): Promise<void> {
    if (this.dialect.runsInsideProgram) throw new FredError('unsupported', 'pdb runs inside the program: they share one terminal');
    await this.run(`tty ${tty}`, 'other');
  }

  /** Runs the program as configured: gdb starts it (stopping in main with stopOnEntry); pdb is stopped at the first line already. */
  begin(stopOnEntry: boolean): Promise<CommandResult> {
    if (this.kind === 'pdb') {
      return stopOnEntry ? Promise.resolve({ output: '', debuggerOutput: '', notes: [], answeredBy: 'fred', state: { kind: 'stopped', reason: 'entry' }, historyChanged: false, debuggerExited: false }) : this.run('continue', 'breakpoint');
    }
    return this.run(stopOnEntry ? 'start' : 'run', stopOnEntry ? 'entry' : 'breakpoint');
  }

  move(motion: Motion): Promise<CommandResult> {
    const defaultReason: StopReason = motion === 'continue' || motion === 'reverseContinue' ? 'breakpoint' : 'step';
    return this.run(MOTION_COMMANDS[this.kind][motion], defaultReason);
  }

  /** Ctrl-C: stops a running program or a search (not queued: it must reach what runs). */
  interrupt(): void {
    this.pausing = true;
    this.started.runner.interrupt();
  }

  /** The program's state now, from the debugger's typed status. */
  private state(motionReason: StopReason): ProgramState {
    const status = this.started.session.debugger_.status();
    if (status.kind === 'not-started') return { kind: 'not-started' };
    if (status.kind === 'exited') return { kind: 'exited', code: status.code, signal: status.signal };
    if (this.pausing) return { kind: 'stopped', reason: 'pause' };
    if (motionReason === 'entry') return { kind: 'stopped', reason: 'entry' };
    const reason: StopReason = status.reason === 'breakpoint' || status.reason === 'watchpoint' || status.reason === 'signal' ? status.reason : motionReason;
    return { kind: 'stopped', reason };
  }

  /** The stack, innermost first; none when the program is not stopped (not started, or ended). */
  frames(): Promise<StackFrame[]> {
    return this.serial(() => this.framesNow());
  }

  variables(level: number): Promise<Variable[]> {
    return this.serial(async () => {
      if (this.kind === 'pdb') return this.pdbVariables(await this.pdbQuery(pdbQueries.variables(level)));
      return this.gdbAnswer(await this.query(`fred-engine-variables ${level}`)).variables as Variable[];
    });
  }

  children(level: number, expression: string): Promise<Variable[]> {
    return this.serial(async () => {
      if (this.kind === 'pdb') return this.pdbVariables(await this.pdbQuery(pdbQueries.children(level, expression)));
      return this.gdbAnswer(await this.query(`fred-engine-children ${level} ${expression}`)).variables as Variable[];
    });
  }

  /** EXPR's value in the frame at `level` (0 = innermost); a FredError says why it has none. */
  evaluate(expression: string, level = 0): Promise<string> {
    return this.serial(async () => {
      const debugger_ = this.started.session.debugger_;
      // the debugger counts frames from the outermost (1 = outermost)
      const depth = level === 0 ? undefined : (await this.framesNow()).length - level;
      const value = await debugger_.evaluate(expression, depth);
      if (value === undefined) throw new FredError('usage', `cannot evaluate ${expression} here`);
      return value;
    });
  }

  private async framesNow(): Promise<StackFrame[]> {
    if (this.started.session.debugger_.status().kind !== 'stopped') return [];
    if (this.kind === 'pdb') return parsePdbFrames(await this.pdbQuery(pdbQueries.frames));
    return this.gdbAnswer(await this.query('fred-engine-frames')).frames as StackFrame[];
  }

  /** Makes FILE's breakpoints exactly these (as the protocol's setBreakpoints does). */
  setBreakpoints(file: string, requests: BreakpointRequest[]): Promise<BreakpointResult[]> {
    const specs = requests.map((r) => ({ location: `${file}:${r.line}`, condition: r.condition, hitCondition: r.hitCondition, logMessage: r.logMessage }));
    return this.serial(async () => (await this.replaceBreakpoints(file, specs)).map((result, i) => ({ ...result, line: requests[i].line })));
  }

  /** Makes the function breakpoints exactly these (setFunctionBreakpoints). */
  setFunctionBreakpoints(requests: FunctionBreakpointRequest[]): Promise<BreakpointResult[]> {
    const specs = requests.map((r) => ({ location: r.name, condition: r.condition, hitCondition: r.hitCondition }));
    return this.serial(() => this.replaceBreakpoints(FUNCTIONS, specs));
  }

  private async replaceBreakpoints(key: string, specs: BreakpointSpec[]): Promise<BreakpointResult[]> {
    const old = this.breakpointsByFile.get(key) ?? [];
    if (old.length) await this.runNow(`${this.dialect.deleteBreakpointWord} ${old.join(' ')}`, 'other');
    for (const number of old) this.ignores.delete(number);
    const numbers: number[] = [];
    const results: BreakpointResult[] = [];
    for (const spec of specs) {
      const result = await this.addBreakpoint(spec);
      if (result.number !== undefined) numbers.push(result.number);
      results.push(result);
    }
    this.breakpointsByFile.set(key, numbers);
    return results;
  }

  private async addBreakpoint(spec: BreakpointSpec): Promise<BreakpointResult> {
    let ignore: number | undefined;
    try {
      if (!spec.location.trim()) throw new FredError('usage', 'a function breakpoint needs the function\'s name');
      for (const part of [spec.location, spec.condition, spec.hitCondition, spec.logMessage]) if (part !== undefined) oneLine(part, 'a breakpoint');
      ignore = ignoreCount(spec.hitCondition);
    } catch (error) {
      return { verified: false, message: (error as Error).message };
    }
    const debugger_ = this.started.session.debugger_;
    const known = new Set((await debugger_.breakpoints()).map((b) => b.number));
    let message: string | undefined;
    let output = '';
    try {
      output = (await this.runNow(this.kind === 'gdb' ? gdbBreakLine(spec) : pdbBreakLine(spec), 'other')).debuggerOutput;
    } catch (error) {
      message = (error as Error).message;
    }
    // gdb lists no dprintf to Python (gdb.breakpoints()): its number is in what gdb said
    const dprintf = /^Dprintf (\d+) at /m.exec(output);
    const added = dprintf ? { number: Number(dprintf[1]) } : (await debugger_.breakpoints()).find((b) => !known.has(b.number));
    if (!added) return { verified: false, message: message ?? `${this.kind} did not take a breakpoint at ${spec.location}` };
    // gdb's dprintf takes no `if`: its condition comes after
    if (this.kind === 'gdb' && spec.logMessage !== undefined && spec.condition) await this.runNow(`condition ${added.number} ${spec.condition}`, 'other');
    if (ignore !== undefined) {
      await this.runNow(`ignore ${added.number} ${ignore}`, 'other');
      this.ignores.set(added.number, ignore);
    }
    return { verified: true, number: added.number };
  }

  /**
   * Runs the program again from its start (the protocol's restart): gdb `start`, pdb
   * `restart`, which stop at the start; hit counts are set again (the debugger counted
   * down the ones of the last run); then on to the first breakpoint unless stopOnEntry.
   */
  restart(stopOnEntry: boolean): Promise<CommandResult> {
    return this.serial(async () => {
      let result = await this.runNow(this.dialect.restartStoppedWord, 'entry');
      for (const [number, count] of this.ignores) await this.runNow(`ignore ${number} ${count}`, 'other');
      if (!stopOnEntry && result.state.kind === 'stopped') {
        const going = await this.runNow('continue', 'breakpoint');
        result = { ...going, output: `${result.output}\n${going.output}`, debuggerOutput: `${result.debuggerOutput}\n${going.debuggerOutput}`, notes: [...result.notes, ...going.notes], historyChanged: true };
      }
      return { ...result, historyChanged: true };
    });
  }

  /**
   * Gives the variable NAME (of the frame's locals, or a child of CONTAINER) the value of
   * VALUE, as `set var` (gdb) or `!` (pdb) typed in line mode (so it is replayed); returns its new value.
   */
  setVariable(level: number, container: string | undefined, name: string, value: string): Promise<string> {
    return this.serial(async () => {
      // python3 before 3.13 takes a changed local back only from the frame pdb stops in
      if (this.kind === 'pdb' && level > 0) throw new FredError('unsupported', `pdb can change variables of the innermost frame only (python3 before 3.13 does not write a caller's locals back): ${name} is in frame ${level}`);
      oneLine(name, 'a variable\'s name');
      oneLine(value, 'a value');
      let target = name;
      if (container !== undefined) {
        const children = this.kind === 'pdb'
          ? this.pdbVariables(await this.pdbQuery(pdbQueries.children(level, container)))
          : (this.gdbAnswer(await this.query(`fred-engine-children ${level} ${container}`)).variables as Variable[]);
        const child = children.find((c) => c.name === name);
        if (!child) throw new FredError('usage', `${container} has no ${name}`);
        target = child.expression;
      }
      if (level > 0) await this.runNow(`up ${level}`, 'other');
      try {
        const out = await this.runNow(this.dialect.assignment(target, value), 'other');
        // both are silent when they work: whatever the debugger said is its complaint
        const complaint = out.debuggerOutput.split('\n').filter((l) => l.trim()).join(' ').replace(/^\*\*\* /, '');
        if (complaint) throw new FredError('usage', `cannot set ${target} to ${value}: ${complaint}`);
      } finally {
        if (level > 0) await this.runNow(`down ${level}`, 'other');
      }
      const depth = level === 0 ? undefined : (await this.framesNow()).length - level;
      const now = await this.started.session.debugger_.evaluate(target, depth);
      if (now === undefined) throw new FredError('usage', `${target} was set but cannot be read back here`);
      return now;
    });
  }

  /** The history (as fred-history shows it), its branches and the user's checkpoints. */
  history(): HistoryView {
    const { session, runner } = this.started;
    const marked = new Set(session.marks.map((m) => m.point.length));
    return {
      branch: runner.currentBranch,
      branches: [...new Set([runner.currentBranch, ...runner.branches.keys()])],
      commands: session.history.map((command, i) => ({ index: i + 1, command, snapshotBefore: marked.has(i) })),
      checkpoints: runner.checkpoints.map((c) => ({ number: c.number, commands: c.commands.length, image: c.image })),
    };
  }

  /** Calls LISTENER at each probe of a search (fred-reverse-watch, reverse steps); returns the function that stops it. */
  onSearchStep(listener: (step: SearchStep) => void): () => void {
    return this.started.session.events.on((event) => {
      if (event.type === 'search-progress') listener({ probes: event.probes, phase: event.phase, remaining: event.remaining });
    });
  }

  private gdbAnswer(text: string): Record<string, unknown> {
    const answer = parseHelperAnswer(text);
    if (!answer) throw new Error(`gdb gave no answer to fred's question: ${text.trim().slice(0, 200)}`);
    if (answer.ok !== true) throw new FredError('usage', String(answer.error));
    return answer;
  }

  private pdbVariables(text: string): Variable[] {
    const error = pdbError(text);
    if (error) throw new FredError('usage', error);
    return parsePdbVariables(text);
  }

  /** Ends the debugger, the program and every snapshot. */
  close(): Promise<void> {
    return this.started.close();
  }
}
