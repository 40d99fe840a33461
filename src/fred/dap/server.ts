// fred's Debug Adapter Protocol server: a DebugSession of @vscode/debugadapter (which does
// the framing, sequence numbers and the runInTerminal reverse request) whose requests
// become calls on the session engine (src/fred/engine/); its typed results become
// responses and events. Stepping requests are answered at once; the `stopped` (or
// `terminated`) event follows when the program has arrived. fred's own commands are
// custom requests (fred/...); the one request fred sends the editor is runInTerminal
// (programTerminal.ts). A failing request gets an error response; the server goes on.
import * as path from 'path';
import {
  DebugSession, Event, ExitedEvent, InitializedEvent, OutputEvent, ProgressEndEvent, ProgressUpdateEvent, Response, TerminatedEvent,
} from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import { FredEngine } from '../engine/engine';
import { CommandResult, Motion } from '../engine/types';
import { describe, FredError } from '../errors';
import { dialectOf } from '../../history/dialects';
import { SnapshotPolicy } from '../session/snapshotPolicy';
import { ANSWERED, capabilities, DURING_SEARCH } from './capabilities';
import { Arguments, branchName, FRED_MOVES } from './fredArguments';
import { VariableHandles } from './handles';
import { openProgramTerminal, ProgramTerminal } from './programTerminal';

export interface DapServerOptions {
  policy: SnapshotPolicy;
  imageDir: string;
}

const THREAD_ID = 1;

/** How long the editor may take to answer runInTerminal. */
const TERMINAL_ANSWER_MS = 30000;

/** Output for the debug console: one event per text, ending its line. */
function consoleText(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export class DapServer extends DebugSession {
  private engine?: FredEngine;
  private stopOnEntry = false;
  /** launch's stopAtExit: the end of the program is a stop to step back from, not the end of the session. */
  private stopAtExit = false;
  private readonly handles = new VariableHandles();
  private ending?: Promise<void>;
  /** The client said it shows progress events (initialize's supportsProgressReporting). */
  private clientShowsProgress = false;
  /** The client runs commands in its terminals (initialize's supportsRunInTerminalRequest). */
  private clientRunsTerminals = false;
  /** The editor's terminal the program uses (launch's console), if any. */
  private terminal?: ProgramTerminal;
  /** The search running now (fred/reverseWatch): its request, for cancel. */
  private search?: { requestSeq: number; progressId: string; cancelled: boolean };

  constructor(private readonly options: DapServerOptions, private readonly onFinished: () => void) {
    super();
    // the base class ends the session on any 'error', a body that is not JSON included;
    // such a message cannot be answered (it has no seq), but the session goes on
    this.removeAllListeners('error');
    this.on('error', (event: DebugProtocol.Event) => process.stderr.write(`fred dap: ${String(event.body ?? 'bad message')}\n`));
  }

  protected dispatchRequest(request: DebugProtocol.Request): void {
    const response = new Response(request);
    if (this.search && !DURING_SEARCH.has(request.command)) {
      return this.fail(response, new FredError('usage', `fred is searching the program's past (reverse-watch): ${request.command} must wait; send cancel to stop the search`));
    }
    if (!ANSWERED.has(request.command) && !request.command.startsWith('fred/')) {
      return this.fail(response, new FredError('unsupported', `fred's adapter does not handle the ${request.command} request`));
    }
    // the protocol's pathFormat defaults to 'path'; the base class refuses an initialize without it
    if (request.command === 'initialize') request.arguments = { pathFormat: 'path', ...request.arguments };
    super.dispatchRequest(request);
  }

  /** Runs an answer that may fail: a failure becomes the request's error response. */
  private answer(response: DebugProtocol.Response, work: () => Promise<void> | void): void {
    let running: Promise<void> | void;
    try {
      running = work();
    } catch (error) {
      return this.fail(response, error);
    }
    if (running) running.catch((error) => this.fail(response, error));
  }

  private respond(response: DebugProtocol.Response, body?: object): void {
    if (body) response.body = body;
    this.sendResponse(response);
  }

  private fail(response: DebugProtocol.Response, error: unknown): void {
    const message = error instanceof FredError ? error.message : describe(error).line;
    response.success = false;
    response.message = message;
    // not sendErrorResponse: it reads {names} in the text as placeholders
    response.body = { error: { id: 1, format: message, showUser: false } };
    this.sendResponse(response);
  }

  private output(text: string, category: 'console' | 'stderr' = 'console'): void {
    this.sendEvent(new OutputEvent(text, category));
  }

  private stopped(reason: string, description?: string): void {
    this.sendEvent(new Event('stopped', { reason, ...(description ? { description } : {}), threadId: THREAD_ID, allThreadsStopped: true }));
  }

  private session(): FredEngine {
    if (!this.engine) throw new FredError('usage', 'no program yet: send launch first');
    return this.engine;
  }

  // ---- the protocol's requests ----

  protected initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.clientShowsProgress = args.supportsProgressReporting === true;
    this.clientRunsTerminals = args.supportsRunInTerminalRequest === true;
    this.respond(response, capabilities);
  }

  protected launchRequest(response: DebugProtocol.LaunchResponse, args: Arguments): void {
    this.answer(response, () => this.launch(response, args));
  }

  protected attachRequest(response: DebugProtocol.AttachResponse, args: Arguments): void {
    // a process fred did not start has no snapshot library: no way back in time for it
    const pid = args.processId ?? args.pid;
    this.fail(response, new FredError('unsupported', `fred cannot attach${pid ? ` to process ${pid}` : ''}: going back needs fred's snapshot library loaded from the program's start; use a launch configuration instead`));
  }

  protected restartRequest(response: DebugProtocol.RestartResponse): void {
    this.answer(response, () => {
      const engine = this.session();
      this.respond(response);
      return this.report(() => engine.restart(this.stopOnEntry));
    });
  }

  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.answer(response, async () => {
      const file = args.source?.path;
      if (typeof file !== 'string') throw new FredError('usage', 'setBreakpoints needs source.path');
      const wanted = (args.breakpoints ?? []).map((b) => ({ line: Number(b.line), condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage }));
      const results = await this.session().setBreakpoints(file, wanted);
      this.respond(response, { breakpoints: results.map((r) => ({ verified: r.verified, line: r.line, id: r.number, message: r.message, source: { path: file } })) });
    });
  }

  protected setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.answer(response, async () => {
      const wanted = (args.breakpoints ?? []).map((b) => ({ name: String(b.name ?? ''), condition: b.condition, hitCondition: b.hitCondition }));
      const results = await this.session().setFunctionBreakpoints(wanted);
      this.respond(response, { breakpoints: results.map((r) => ({ verified: r.verified, id: r.number, message: r.message })) });
    });
  }

  protected setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse): void {
    this.respond(response, { breakpoints: [] });
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.answer(response, () => {
      const engine = this.session();
      this.respond(response);
      return this.report(() => engine.begin(this.stopOnEntry));
    });
  }

  protected continueRequest(response: DebugProtocol.ContinueResponse): void { this.step(response, 'continue'); }
  protected nextRequest(response: DebugProtocol.NextResponse): void { this.step(response, 'next'); }
  protected stepInRequest(response: DebugProtocol.StepInResponse): void { this.step(response, 'stepIn'); }
  protected stepOutRequest(response: DebugProtocol.StepOutResponse): void { this.step(response, 'stepOut'); }
  protected stepBackRequest(response: DebugProtocol.StepBackResponse): void { this.step(response, 'stepBack'); }
  protected reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void { this.step(response, 'reverseContinue'); }

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    this.respond(response, { threads: [{ id: THREAD_ID, name: 'main' }] });
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.answer(response, async () => {
      const frames = await this.session().frames();
      const start = Number(args.startFrame ?? 0);
      const count = Number(args.levels ?? 0) || frames.length;
      const shown = frames.slice(start, start + count).map((f) => ({
        id: f.level + 1, name: f.function, line: f.line ?? 0, column: 0,
        ...(f.file ? { source: { name: path.basename(f.file), path: f.file } } : {}),
        ...(f.pc ? { instructionPointerReference: f.pc } : {}),
      }));
      this.respond(response, { stackFrames: shown, totalFrames: frames.length });
    });
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const level = Number(args.frameId) - 1;
    this.respond(response, { scopes: [{ name: 'Locals', presentationHint: 'locals', variablesReference: this.handles.add({ kind: 'locals', level }), expensive: false }] });
  }

  protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.answer(response, async () => {
      const source = this.handles.get(Number(args.variablesReference));
      if (!source) throw new FredError('usage', `variables: reference ${args.variablesReference} is unknown or stale (the program moved)`);
      const list = source.kind === 'locals' ? await this.session().variables(source.level) : await this.session().children(source.level, source.expression);
      this.respond(response, {
        variables: list.map((v) => ({
          name: v.name, value: v.value, type: v.type, evaluateName: v.expression,
          variablesReference: v.expandable ? this.handles.add({ kind: 'children', level: source.level, expression: v.expression }) : 0,
        })),
      });
    });
  }

  protected setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    this.answer(response, async () => {
      const source = this.handles.get(Number(args.variablesReference));
      if (!source) throw new FredError('usage', `setVariable: reference ${args.variablesReference} is unknown or stale (the program moved)`);
      const container = source.kind === 'children' ? source.expression : undefined;
      const value = await this.session().setVariable(source.level, container, String(args.name), String(args.value));
      this.respond(response, { value });
    });
  }

  protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.answer(response, () => this.evaluate(response, args));
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.answer(response, () => {
      this.session().interrupt();
      this.respond(response);
    });
  }

  protected cancelRequest(response: DebugProtocol.CancelResponse, args: DebugProtocol.CancelArguments): void {
    // stops the running search (by its request or its progress id); anything else has finished already
    const search = this.search;
    if (search && (args.requestId === search.requestSeq || args.progressId === search.progressId)) {
      search.cancelled = true;
      this.session().interrupt();
    }
    this.respond(response);
  }

  protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.answer(response, async () => {
      await this.closeProgram();
      this.respond(response);
      this.sendEvent(new TerminatedEvent());
    });
  }

  protected disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.answer(response, async () => {
      await this.closeProgram();
      this.respond(response);
      this.finish();
    });
  }

  /** fred's own requests (fred/...). */
  protected customRequest(command: string, response: DebugProtocol.Response, args: Arguments | undefined, request?: DebugProtocol.Request): void {
    this.answer(response, () => this.fredRequest(command, response, args ?? {}, request?.seq ?? response.request_seq));
  }

  private async fredRequest(command: string, response: DebugProtocol.Response, args: Arguments, seq: number): Promise<void> {
    switch (command) {
      case 'fred/reverseWatch':
        return this.reverseWatch(response, args, seq);
      case 'fred/checkpoint': {
        const result = await this.session().run('fred-checkpoint');
        const taken = this.session().history().checkpoints.at(-1);
        return this.respond(response, { checkpoint: taken, output: result.output });
      }
      case 'fred/history':
        return this.respond(response, this.session().history());
      case 'fred/branch': {
        const result = await this.session().run(`fred-branch ${branchName(args.name)}`);
        return this.respond(response, { output: result.output, branch: this.session().history().branch });
      }
      case 'fred/undo': case 'fred/restartCheckpoint': case 'fred/switchBranch': {
        const result = await this.session().run(FRED_MOVES[command](args));
        this.respond(response, { output: result.output });
        this.announce(result);
        return;
      }
      case 'fred/processes':
        return this.respond(response, { debuggerPid: this.session().debuggerPid });
      default:
        throw new FredError('unsupported', `fred's adapter does not handle the ${command} request`);
    }
  }

  // ---- what the requests do ----

  private async launch(response: DebugProtocol.Response, args: Arguments): Promise<void> {
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
    this.respond(response);
    this.sendEvent(new InitializedEvent());
  }

  /**
   * launch's console: integratedTerminal / externalTerminal put a gdb program on a terminal
   * of the editor when the client can open one; otherwise (and always for pdb, which runs
   * inside the program and shares its terminal) the program's output comes as output events.
   */
  private async programConsole(kind: 'gdb' | 'pdb', console_: string, title: string): Promise<void> {
    if (console_ !== 'integratedTerminal' && console_ !== 'externalTerminal') return;
    const why = dialectOf(kind).runsInsideProgram ? 'pdb runs inside the program and shares its terminal' : !this.clientRunsTerminals ? 'this editor cannot open one for fred (runInTerminal)' : undefined;
    if (why) {
      this.output(`fred: the program's output comes here, not in a terminal: ${why}\n`);
      return;
    }
    const runInTerminal = (args: DebugProtocol.RunInTerminalRequestArguments): Promise<DebugProtocol.Response> =>
      new Promise((resolve) => this.runInTerminalRequest(args, TERMINAL_ANSWER_MS, resolve));
    this.terminal = await openProgramTerminal(runInTerminal, { kind: console_ === 'integratedTerminal' ? 'integrated' : 'external', title: `fred: ${title}`, cwd: process.cwd() });
    await this.session().useTerminal(this.terminal.tty);
  }

  private step(response: DebugProtocol.Response, motion: Motion): void {
    this.answer(response, () => {
      const engine = this.session();
      this.respond(response, motion === 'continue' ? { allThreadsContinued: true } : undefined);
      return this.report(() => engine.move(motion));
    });
  }

  /** repl: a line as in line mode (fred's commands too); watch, hover: an expression's value. */
  private async evaluate(response: DebugProtocol.Response, args: DebugProtocol.EvaluateArguments): Promise<void> {
    const expression = String(args.expression ?? '');
    const level = args.frameId ? Number(args.frameId) - 1 : 0;
    // watch, hover, clipboard, variables: an expression's value; repl: a line as typed in line mode
    if (args.context !== 'repl') {
      const value = await this.session().evaluate(expression, level);
      return this.respond(response, { result: value, variablesReference: 0 });
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
    this.respond(response, { result: outputs.join('\n'), variablesReference: 0 });
    if (result && (moved || result.state.kind !== 'stopped')) this.announce(result);
  }

  /**
   * fred-reverse-watch EXPR: answered when the search ends (an error 'cancelled' after a
   * cancel: the program stays where it was); progress events probe by probe when the
   * client shows them; other requests meanwhile get an error (the search owns the debugger).
   */
  private async reverseWatch(response: DebugProtocol.Response, args: Arguments, seq: number): Promise<void> {
    const expression = String(args.expression ?? '').trim();
    if (!expression) throw new FredError('usage', 'fred/reverseWatch needs "expression": the variable or expression whose last change to find');
    const engine = this.session();
    const progressId = `fred-reverse-watch-${seq}`;
    const search = (this.search = { requestSeq: seq, progressId, cancelled: false });
    const progress = this.clientShowsProgress;
    if (progress) this.sendEvent(new Event('progressStart', { progressId, title: `fred-reverse-watch ${expression}`, requestId: seq, cancellable: true }));
    const stopListening = engine.onSearchStep((step) => {
      if (progress) this.sendEvent(new ProgressUpdateEvent(progressId, `probe ${step.probes}: ${step.phase}${step.remaining ? `, ${step.remaining} to search` : ''}`));
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
    if (progress) this.sendEvent(new ProgressEndEvent(progressId, search.cancelled ? 'cancelled' : failure ? 'failed' : 'done'));
    if (search.cancelled) {
      response.success = false;
      response.message = 'cancelled';
      this.sendResponse(response);
      this.handles.clear();
      this.stopped('pause', 'search cancelled: the program is where it was');
      return;
    }
    if (failure) throw failure;
    this.respond(response, { output: result!.output });
    if (result!.output) this.output(consoleText(result!.output));
    this.announce(result!);
  }

  /** Runs a command that moves the program, then says where it is. */
  private async report(run: () => Promise<CommandResult>): Promise<void> {
    let result: CommandResult;
    try {
      result = await run();
    } catch (error) {
      // the program did not move: say why, and show it stopped where it was
      this.output(`fred: ${error instanceof FredError ? error.message : describe(error).line}\n`, 'stderr');
      this.handles.clear();
      this.stopped('step');
      return;
    }
    if (result.output) this.output(consoleText(result.output));
    this.announce(result);
  }

  private announce(result: CommandResult): void {
    this.handles.clear();
    if (result.debuggerExited) {
      this.sendEvent(new TerminatedEvent());
      return;
    }
    const state = result.state;
    if (state.kind === 'stopped') this.stopped(state.reason);
    else if (state.kind === 'exited' && this.stopAtExit) {
      const how = state.signal ? `was killed by ${state.signal}` : `exited with code ${state.code ?? 0}`;
      this.stopped('exited', `the program ${how}: step back or reverse continue to go back`);
    } else if (state.kind === 'exited') {
      this.sendEvent(new ExitedEvent(state.code ?? (state.signal ? 128 : 0)));
      this.sendEvent(new TerminatedEvent());
    }
  }

  private async closeProgram(): Promise<void> {
    await this.engine?.close();
    this.terminal?.close();
  }

  private finish(): void {
    if (this.ending) return;
    this.ending = Promise.resolve();
    this.onFinished();
  }

  /** The client went away without disconnect (the base class calls this when the input closes): end the session all the same. */
  shutdown(): void {
    if (this.ending) return;
    this.ending = (async () => {
      await this.engine?.close().catch(() => undefined);
      this.terminal?.close();
      this.onFinished();
    })();
  }
}
