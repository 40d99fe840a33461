// fred's Debug Adapter Protocol server: requests from an editor become calls on the
// session engine (src/fred/engine/), its typed results become responses and events.
// Stepping requests are answered at once; the `stopped` (or `terminated`) event follows
// when the program has arrived. fred's own commands are custom requests (fred/...); the
// one request fred sends the editor is runInTerminal (programTerminal.ts). A failing
// request gets an error response; the server goes on.
import * as path from 'path';
import { FredEngine } from '../engine/engine';
import { CommandResult, Motion } from '../engine/types';
import { describe, FredError } from '../errors';
import { SnapshotPolicy } from '../session';
import { VariableHandles } from './handles';
import { openProgramTerminal, ProgramTerminal } from './programTerminal';
import { DapWire } from './wire';

export interface DapServerOptions {
  policy: SnapshotPolicy;
  imageDir: string;
}

type Arguments = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Request { seq: number; command: string; arguments?: Arguments }

const THREAD_ID = 1;

const STEPPING: Record<string, Motion> = {
  continue: 'continue', next: 'next', stepIn: 'stepIn', stepOut: 'stepOut', stepBack: 'stepBack', reverseContinue: 'reverseContinue',
};

export const capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsStepBack: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsLogPoints: true,
  supportsFunctionBreakpoints: true,
  supportsSetVariable: true,
  supportsEvaluateForHovers: true,
  supportsTerminateRequest: true,
  supportsRestartRequest: true,
  supportsCancelRequest: true,
};

/** Requests answered while a search runs; any other gets an error saying to wait or cancel. */
const DURING_SEARCH = new Set(['cancel', 'pause', 'threads', 'disconnect', 'terminate', 'initialize']);

/** fred's own requests that move the program: the line each runs, as typed in line mode. */
const FRED_MOVES: Record<string, (args: Arguments) => string> = {
  'fred/undo': (args) => `fred-undo ${positive(args.count, 1)}`,
  'fred/restartCheckpoint': (args) => (args.checkpoint === undefined ? 'fred-restart' : `fred-restart ${positive(args.checkpoint, 1)}`),
  'fred/switchBranch': (args) => `fred-switch ${branchName(args.name)}`,
};

function positive(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new FredError('usage', `expected a whole number from 1 up, not '${String(value)}'`);
  return n;
}

function branchName(value: unknown): string {
  if (typeof value !== 'string' || !/^[\w.-]+$/.test(value)) throw new FredError('usage', `a branch needs a name of letters, digits, '_', '.' or '-', not '${String(value ?? '')}'`);
  return value;
}

export class DapServer {
  private seq = 1;
  private engine?: FredEngine;
  private stopOnEntry = false;
  /** launch's stopAtExit: the end of the program is a stop to step back from, not the end of the session. */
  private stopAtExit = false;
  private readonly handles = new VariableHandles();
  private finished = false;
  /** The client said it shows progress events (initialize's supportsProgressReporting). */
  private clientShowsProgress = false;
  /** The client runs commands in its terminals (initialize's supportsRunInTerminalRequest). */
  private clientRunsTerminals = false;
  /** The editor's terminal the program uses (launch's console), if any. */
  private terminal?: ProgramTerminal;
  /** Requests fred sent to the client (runInTerminal), by seq: their answer. */
  private readonly asked = new Map<number, (response: { success: boolean; message?: string }) => void>();
  /** The search running now (fred/reverseWatch): its request, for cancel. */
  private search?: { requestSeq: number; progressId: string; cancelled: boolean };

  constructor(private readonly wire: DapWire, private readonly options: DapServerOptions, private readonly onFinished: () => void) {
    wire.onMessage((message) => {
      if (message.type === 'request') void this.dispatch(message as unknown as Request);
      else if (message.type === 'response') this.asked.get(Number(message.request_seq))?.(message as unknown as { success: boolean; message?: string });
    });
  }

  private send(message: object): void {
    this.wire.send({ seq: this.seq++, ...message });
  }

  /** A request to the client (the protocol's "reverse requests"); resolves with its response. */
  private ask(command: string, args: object): Promise<{ success: boolean; message?: string }> {
    const seq = this.seq;
    const answered = new Promise<{ success: boolean; message?: string }>((resolve) => this.asked.set(seq, (response) => { this.asked.delete(seq); resolve(response); }));
    this.send({ type: 'request', command, arguments: args });
    return answered;
  }

  private event(event: string, body?: object): void {
    this.send({ type: 'event', event, ...(body ? { body } : {}) });
  }

  private respond(request: Request, body?: object): void {
    this.send({ type: 'response', request_seq: request.seq, command: request.command, success: true, ...(body ? { body } : {}) });
  }

  private fail(request: Request, error: unknown): void {
    const message = error instanceof FredError ? error.message : describe(error).line;
    this.send({ type: 'response', request_seq: request.seq, command: request.command, success: false, message, body: { error: { id: 1, format: message, showUser: false } } });
  }

  private async dispatch(request: Request): Promise<void> {
    try {
      if (this.search && !DURING_SEARCH.has(request.command)) {
        throw new FredError('usage', `fred is searching the program's past (reverse-watch): ${request.command} must wait; send cancel to stop the search`);
      }
      await this.handle(request, request.arguments ?? {});
    } catch (error) {
      this.fail(request, error);
    }
  }

  private session(): FredEngine {
    if (!this.engine) throw new FredError('usage', 'no program yet: send launch first');
    return this.engine;
  }

  private async handle(request: Request, args: Arguments): Promise<void> {
    if (request.command in STEPPING) return this.step(request, STEPPING[request.command]);
    switch (request.command) {
      case 'initialize':
        this.clientShowsProgress = args.supportsProgressReporting === true;
        this.clientRunsTerminals = args.supportsRunInTerminalRequest === true;
        return this.respond(request, capabilities);
      case 'launch':
        return this.launch(request, args);
      case 'attach':
        // a process fred did not start has no snapshot library: no way back in time for it
        throw new FredError('unsupported', `fred cannot attach${args.processId ?? args.pid ? ` to process ${args.processId ?? args.pid}` : ''}: going back needs fred's snapshot library loaded from the program's start; use a launch configuration instead`);
      case 'restart': {
        const engine = this.session();
        this.respond(request);
        return this.report(() => engine.restart(this.stopOnEntry));
      }
      case 'setBreakpoints': {
        const file = args.source?.path;
        if (typeof file !== 'string') throw new FredError('usage', 'setBreakpoints needs source.path');
        const wanted = (args.breakpoints ?? []).map((b: Arguments) => ({ line: Number(b.line), condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage }));
        const results = await this.session().setBreakpoints(file, wanted);
        return this.respond(request, { breakpoints: results.map((r) => ({ verified: r.verified, line: r.line, id: r.number, message: r.message, source: { path: file } })) });
      }
      case 'setFunctionBreakpoints': {
        const wanted = (args.breakpoints ?? []).map((b: Arguments) => ({ name: String(b.name ?? ''), condition: b.condition, hitCondition: b.hitCondition }));
        const results = await this.session().setFunctionBreakpoints(wanted);
        return this.respond(request, { breakpoints: results.map((r) => ({ verified: r.verified, id: r.number, message: r.message })) });
      }
      case 'setExceptionBreakpoints':
        return this.respond(request, { breakpoints: [] });
      case 'configurationDone':
        this.respond(request);
        return this.report(() => this.session().begin(this.stopOnEntry));
      case 'threads':
        return this.respond(request, { threads: [{ id: THREAD_ID, name: 'main' }] });
      case 'stackTrace': {
        const frames = await this.session().frames();
        const start = Number(args.startFrame ?? 0);
        const count = Number(args.levels ?? 0) || frames.length;
        const shown = frames.slice(start, start + count).map((f) => ({
          id: f.level + 1, name: f.function, line: f.line ?? 0, column: 0,
          ...(f.file ? { source: { name: path.basename(f.file), path: f.file } } : {}),
          ...(f.pc ? { instructionPointerReference: f.pc } : {}),
        }));
        return this.respond(request, { stackFrames: shown, totalFrames: frames.length });
      }
      case 'scopes': {
        const level = Number(args.frameId) - 1;
        return this.respond(request, { scopes: [{ name: 'Locals', presentationHint: 'locals', variablesReference: this.handles.add({ kind: 'locals', level }), expensive: false }] });
      }
      case 'variables': {
        const source = this.handles.get(Number(args.variablesReference));
        if (!source) throw new FredError('usage', `variables: reference ${args.variablesReference} is unknown or stale (the program moved)`);
        const list = source.kind === 'locals' ? await this.session().variables(source.level) : await this.session().children(source.level, source.expression);
        return this.respond(request, {
          variables: list.map((v) => ({
            name: v.name, value: v.value, type: v.type, evaluateName: v.expression,
            variablesReference: v.expandable ? this.handles.add({ kind: 'children', level: source.level, expression: v.expression }) : 0,
          })),
        });
      }
      case 'setVariable': {
        const source = this.handles.get(Number(args.variablesReference));
        if (!source) throw new FredError('usage', `setVariable: reference ${args.variablesReference} is unknown or stale (the program moved)`);
        const container = source.kind === 'children' ? source.expression : undefined;
        const value = await this.session().setVariable(source.level, container, String(args.name), String(args.value));
        return this.respond(request, { value });
      }
      case 'evaluate':
        return this.evaluate(request, args);
      case 'cancel':
        return this.cancel(request, args);
      case 'fred/reverseWatch':
        return this.reverseWatch(request, args);
      case 'fred/checkpoint': {
        const result = await this.session().run('fred-checkpoint');
        const taken = this.session().history().checkpoints.at(-1);
        return this.respond(request, { checkpoint: taken, output: result.output });
      }
      case 'fred/history':
        return this.respond(request, this.session().history());
      case 'fred/branch': {
        const result = await this.session().run(`fred-branch ${branchName(args.name)}`);
        return this.respond(request, { output: result.output, branch: this.session().history().branch });
      }
      case 'pause':
        this.session().interrupt();
        return this.respond(request);
      case 'terminate':
      case 'disconnect':
        await this.engine?.close();
        this.terminal?.close();
        this.respond(request);
        if (request.command === 'terminate') this.event('terminated');
        else this.finish();
        return;
      case 'fred/undo': case 'fred/restartCheckpoint': case 'fred/switchBranch': {
        const result = await this.session().run(FRED_MOVES[request.command](args));
        this.respond(request, { output: result.output });
        this.announce(result);
        return;
      }
      case 'fred/processes':
        return this.respond(request, { debuggerPid: this.session().debuggerPid });
      default:
        throw new FredError('unsupported', `fred's adapter does not handle the ${request.command} request`);
    }
  }

  private async launch(request: Request, args: Arguments): Promise<void> {
    if (this.engine) throw new FredError('usage', 'a program is already launched in this session');
    const kind = args.debugger === 'pdb' || args.debugger === 'gdb' ? args.debugger : /\.py$/.test(String(args.program)) ? 'pdb' : 'gdb';
    if (typeof args.program !== 'string') throw new FredError('usage', 'launch needs "program": the program (gdb) or script (pdb) to debug');
    if (args.cwd) process.chdir(String(args.cwd));
    this.stopOnEntry = args.stopOnEntry === true;
    this.stopAtExit = args.stopAtExit === true;
    this.engine = await FredEngine.launch({
      debugger: kind, program: path.resolve(args.program), args: (args.args ?? []).map(String), python: args.python,
      policy: this.options.policy, imageDir: this.options.imageDir,
    });
    try {
      await this.programConsole(kind, String(args.console ?? 'internalConsole'), path.basename(String(args.program)));
    } catch (error) {
      // no half-launched session: a launch after this one starts afresh
      await this.engine.close().catch(() => undefined);
      this.engine = undefined;
      throw error;
    }
    this.respond(request);
    this.event('initialized');
  }

  /**
   * launch's console: integratedTerminal / externalTerminal put a gdb program on a terminal
   * of the editor when the client can open one; otherwise (and always for pdb, which runs
   * inside the program and shares its terminal) the program's output comes as output events.
   */
  private async programConsole(kind: 'gdb' | 'pdb', console_: string, title: string): Promise<void> {
    if (console_ !== 'integratedTerminal' && console_ !== 'externalTerminal') return;
    const why = kind === 'pdb' ? 'pdb runs inside the program and shares its terminal' : !this.clientRunsTerminals ? 'this editor cannot open one for fred (runInTerminal)' : undefined;
    if (why) {
      this.event('output', { category: 'console', output: `fred: the program's output comes here, not in a terminal: ${why}\n` });
      return;
    }
    this.terminal = await openProgramTerminal((command, a) => this.ask(command, a), { kind: console_ === 'integratedTerminal' ? 'integrated' : 'external', title: `fred: ${title}`, cwd: process.cwd() });
    await this.session().useTerminal(this.terminal.tty);
  }

  private async step(request: Request, motion: Motion): Promise<void> {
    const engine = this.session();
    this.respond(request, motion === 'continue' ? { allThreadsContinued: true } : undefined);
    await this.report(() => engine.move(motion));
  }

  /** repl: a line as in line mode (fred's commands too); watch, hover: an expression's value. */
  private async evaluate(request: Request, args: Arguments): Promise<void> {
    const expression = String(args.expression ?? '');
    const level = args.frameId ? Number(args.frameId) - 1 : 0;
    // watch, hover, clipboard, variables: an expression's value; repl: a line as typed in line mode
    if (args.context !== 'repl') {
      const value = await this.session().evaluate(expression, level);
      return this.respond(request, { result: value, variablesReference: 0 });
    }
    // several lines (shift+enter in VS Code's console) run one after the other, as typed
    const engine = this.session();
    const outputs: string[] = [];
    let moved = false;
    let result: CommandResult | undefined;
    try {
      for (const line of expression.split(/\r?\n/).filter((l) => l.trim())) {
        result = await engine.run(line);
        outputs.push(result.output);
        moved ||= result.historyChanged;
      }
    } catch (error) {
      // a line that failed after one that moved the program: say where it is now
      if (moved && result) this.announce(result);
      throw error;
    }
    this.respond(request, { result: outputs.join('\n'), variablesReference: 0 });
    if (result && (moved || result.state.kind !== 'stopped')) this.announce(result);
  }

  /**
   * fred-reverse-watch EXPR: answered when the search ends (an error 'cancelled' after a
   * cancel: the program stays where it was); progress events probe by probe when the
   * client shows them; other requests meanwhile get an error (the search owns the debugger).
   */
  private async reverseWatch(request: Request, args: Arguments): Promise<void> {
    const expression = String(args.expression ?? '').trim();
    if (!expression) throw new FredError('usage', 'fred/reverseWatch needs "expression": the variable or expression whose last change to find');
    const engine = this.session();
    const progressId = `fred-reverse-watch-${request.seq}`;
    const search = (this.search = { requestSeq: request.seq, progressId, cancelled: false });
    const progress = this.clientShowsProgress;
    if (progress) this.event('progressStart', { progressId, title: `fred-reverse-watch ${expression}`, requestId: request.seq, cancellable: true });
    const stopListening = engine.onSearchStep((step) => {
      if (progress) this.event('progressUpdate', { progressId, message: `probe ${step.probes}: ${step.phase}${step.remaining ? `, ${step.remaining} to search` : ''}` });
    });
    let result: CommandResult | undefined;
    let failure: unknown;
    try {
      result = await engine.run(`fred-reverse-watch ${expression}`, 'watchpoint');
    } catch (error) {
      failure = error;
    } finally {
      stopListening();
      this.search = undefined;
    }
    if (progress) this.event('progressEnd', { progressId, message: search.cancelled ? 'cancelled' : failure ? 'failed' : 'done' });
    if (search.cancelled) {
      this.send({ type: 'response', request_seq: request.seq, command: request.command, success: false, message: 'cancelled' });
      this.handles.clear();
      this.event('stopped', { reason: 'pause', description: 'search cancelled: the program is where it was', threadId: THREAD_ID, allThreadsStopped: true });
      return;
    }
    if (failure) throw failure;
    this.respond(request, { output: result!.output });
    if (result!.output) this.event('output', { category: 'console', output: result!.output.endsWith('\n') ? result!.output : `${result!.output}\n` });
    this.announce(result!);
  }

  /** cancel: stops the running search (by its request or its progress id); anything else has finished already. */
  private cancel(request: Request, args: Arguments): void {
    const search = this.search;
    if (search && (args.requestId === search.requestSeq || args.progressId === search.progressId)) {
      search.cancelled = true;
      this.session().interrupt();
    }
    this.respond(request);
  }

  /** Runs a command that moves the program, then says where it is. */
  private async report(run: () => Promise<CommandResult>): Promise<void> {
    let result: CommandResult;
    try {
      result = await run();
    } catch (error) {
      // the program did not move: say why, and show it stopped where it was
      this.event('output', { category: 'stderr', output: `fred: ${error instanceof FredError ? error.message : describe(error).line}\n` });
      this.handles.clear();
      this.event('stopped', { reason: 'step', threadId: THREAD_ID, allThreadsStopped: true });
      return;
    }
    if (result.output) this.event('output', { category: 'console', output: result.output.endsWith('\n') ? result.output : `${result.output}\n` });
    this.announce(result);
  }

  private announce(result: CommandResult): void {
    this.handles.clear();
    if (result.debuggerExited) {
      this.event('terminated');
      return;
    }
    const state = result.state;
    if (state.kind === 'stopped') this.event('stopped', { reason: state.reason, threadId: THREAD_ID, allThreadsStopped: true });
    else if (state.kind === 'exited' && this.stopAtExit) {
      const how = state.signal ? `was killed by ${state.signal}` : `exited with code ${state.code ?? 0}`;
      this.event('stopped', { reason: 'exited', description: `the program ${how}: step back or reverse continue to go back`, threadId: THREAD_ID, allThreadsStopped: true });
    } else if (state.kind === 'exited') {
      this.event('exited', { exitCode: state.code ?? (state.signal ? 128 : 0) });
      this.event('terminated');
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.onFinished();
  }

  /** The client went away without disconnect: end the session all the same. */
  async shutdown(): Promise<void> {
    await this.engine?.close().catch(() => undefined);
    this.terminal?.close();
    this.finish();
  }
}
