// The full-screen interface: builds the panes, feeds them from the debugger, the program's
// terminal and the session's events, routes keys, and reflows on resize. Resolves when
// the session is over (quit, or the debugger exited); the caller closes the session.
import * as blessed from 'blessed';
import * as fs from 'fs';
import * as path from 'path';
import type { Debugger } from '../../debugger-adapters/debugger';
import { completeLine } from '../cli/completion';
import { FredEngine } from '../engine/engine';
import { FredError } from '../errors';
import { dialectOf } from '../../history/dialects';
import { ProgramState, startStatusActor } from '../machine';
import { StartedSession } from '../session/startSession';
import { CommandFlow } from './commandFlow';
import { ConsolePane } from './consolePane';
import { computeLayout, Layout, minimumSize } from './geometry';
import { HistoryPane } from './historyPane';
import { LocalsPane } from './localsPane';
import { KeyBar, keyBindings } from './keyBar';
import { createBox, createScreen, fit, place } from './layout';
import { ProgramPane } from './programPane';
import { SessionView } from './sessionView';
import { SourcePane } from './sourcePane';
import { statusEventOf } from './statusFeed';
import { StatusLine } from './statusLine';
import { TimelinePane } from './timelinePane';
import { cpuNsOf } from './timeScale';

export interface TuiOptions {
  commandFiles: string[];
  quitting(): boolean;
  /** Shown on the status line: what is being debugged. */
  title: string;
  /** The session ended because the debugger died (not a quit). */
  crashed(): boolean;
}

export interface TuiResult {
  /** The debugger died and the user chose to go on from this checkpoint image. */
  recoverFrom?: string;
}

function commandFileLines(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new FredError('usage', `cannot read command file ${file}: ${(e as NodeJS.ErrnoException).code}`);
  }
  return text.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
}

/** Lines with a breakpoint, by file base name: gdb's `info breakpoints`, pdb's `break` list both as "at FILE:LINE". */
async function breakpointLines(dbg: Debugger): Promise<Map<string, Set<number>>> {
  const lines = new Map<string, Set<number>>();
  const out = await dbg.execute(dialectOf(dbg.kind).listBreakpointsWord, { silent: true, keepStatus: true }).catch(() => undefined);
  for (const m of out?.text.matchAll(/\bat (\S+):(\d+)/g) ?? []) {
    const file = path.basename(m[1]);
    if (!lines.has(file)) lines.set(file, new Set());
    lines.get(file)!.add(Number(m[2]));
  }
  return lines;
}

export async function runTui(started: StartedSession, options: TuiOptions): Promise<TuiResult> {
  const dbg = started.session.debugger_;
  let wake: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => { wake = resolve; });
  const screen = createScreen();
  const model = new SessionView(started);
  let renderQueued = false;
  const scheduleRender = () => {
    if (renderQueued) return;
    renderQueued = true;
    setImmediate(() => { renderQueued = false; draw(); });
  };

  const consolePane = new ConsolePane(screen, started.prompt, scheduleRender);
  const programPane = new ProgramPane(screen, scheduleRender);
  const sourcePane = new SourcePane(screen);
  const historyPane = new HistoryPane(screen, model);
  const localsPane = new LocalsPane(screen);
  const timelinePane = new TimelinePane(screen, model);
  const statusLine = new StatusLine(screen, options.title);
  const keyBar = new KeyBar(screen);
  const note = createBox(screen);
  let layout: Layout = computeLayout(screen.width as number, screen.height as number);

  const status = startStatusActor({ changed: (v) => { statusLine.show(v); scheduleRender(); }, tickMs: 200, now: Date.now });
  statusLine.show(status.view());

  function draw(): void {
    consolePane.render();
    if (layout.kind === 'full') {
      programPane.render();
      sourcePane.render();
      historyPane.render();
      localsPane.render();
      timelinePane.render();
      keyBar.render();
    } else {
      note.setContent(`\x1b[30;43m${fit(` terminal too small for fred's panes (need ${minimumSize.cols}x${minimumSize.rows}): console only`, layout.note.width)}\x1b[0m`);
    }
    statusLine.render();
    screen.render();
  }

  function reflow(): void {
    layout = computeLayout(screen.width as number, screen.height as number);
    const full = layout.kind === 'full' ? layout : undefined;
    const size = consolePane.place(layout.console);
    started.runner.outputWidth = size.cols;
    dbg.resize?.(size.cols, size.rows);
    programPane.place(full?.program);
    sourcePane.place(full?.source);
    historyPane.place(full?.history);
    localsPane.place(full?.locals);
    timelinePane.place(full?.timeline);
    keyBar.place(full?.keys);
    place(note, layout.kind === 'compact' ? layout.note : undefined);
    statusLine.place(layout.status);
    if (!full) setFocus('console');
    scheduleRender();
  }

  function setFocus(target: 'console' | 'program'): void {
    programPane.focused = target === 'program';
    consolePane.focused = !programPane.focused;
    scheduleRender();
  }

  /** What the program is doing now: the source pane and the status line follow. */
  async function refreshProgram(): Promise<void> {
    const s = dbg.status();
    let program: ProgramState;
    if (s.kind === 'stopped') {
      const location = await dbg.location().catch(() => undefined);
      sourcePane.show(location, 'stopped where there is no source (no debug information)');
      const where = location?.file ? `${path.basename(location.file)}:${location.line ?? '?'}${location.function ? ` in ${location.function}` : ''}` : location?.function;
      program = { kind: 'stopped', where };
    } else if (s.kind === 'exited') {
      sourcePane.show(undefined, 'the program has exited; run starts it again, reverse commands go back');
      program = { kind: 'exited', code: s.code, signal: s.signal };
    } else {
      sourcePane.show(undefined, 'the program is not running: break sets a breakpoint, run starts it');
      program = { kind: 'not-started' };
    }
    sourcePane.breakpointLines = await breakpointLines(dbg);
    await localsPane.refresh(dbg, s.kind === 'stopped');
    status.send({ type: 'PROGRAM', program, at: Date.now() });
    model.refresh();
    // the timeline's scale: the program's CPU clock where it stopped
    const pid = s.kind === 'stopped' ? await dbg.programPid?.().catch(() => undefined) : undefined;
    model.clock.observe(model.now, pid, pid === undefined ? undefined : cpuNsOf(pid, (file) => fs.readFileSync(file, 'utf8')));
    scheduleRender();
  }

  const engine = FredEngine.over(started);
  const flow = new CommandFlow(engine, consolePane, { afterCommand: refreshProgram, quitting: () => over(), ended: () => wake() });

  let debuggerGone = false;
  const over = () => debuggerGone || options.quitting();
  const cleanups: Array<() => void> = [];
  cleanups.push(dbg.onOutput((chunk) => { void consolePane.write(chunk); }));
  cleanups.push(dbg.onExit(() => { debuggerGone = true; wake(); }));
  cleanups.push(started.session.events.on((event) => {
    model.onEvent(event);
    if (event.type === 'restore-started') programPane.replaying = true;
    if (event.type === 'command-finished') programPane.replaying = false;
    const e = statusEventOf(event, Date.now());
    if (e) status.send(e);
    scheduleRender();
  }));

  screen.on('keypress', (ch: string | undefined, key: blessed.Widgets.Events.IKeyEventArg) => onKey(ch, key));
  screen.on('resize', reflow);

  /** Tab in the console: gdb's `complete` (pdb's names) and fred's commands; several are listed. */
  function completeInConsole(): void {
    const editor = consolePane.editor;
    if (flow.running || editor.searching) return;
    const line = editor.text;
    void completeLine(dbg, line).then(async (completions) => {
      if (editor.text !== line) return; // typed on meanwhile
      const listed = editor.complete(completions);
      if (listed.length > 1) {
        await consolePane.freshLine();
        await consolePane.print(listed.length > 40 ? `${listed.slice(0, 40).join('  ')}  ... (${listed.length})` : listed.join('  '));
        await consolePane.showPrompt();
      }
      scheduleRender();
    });
  }

  /** After the debugger's death: the line typed at fred's question goes to it, not to the session. */
  let answer: ((line: string | undefined) => void) | undefined;

  /** Ask in the console whether to go on from the latest checkpoint image (line mode's question). */
  async function askRecovery(): Promise<TuiResult> {
    const checkpoint = started.runner.lastCheckpointImage();
    if (!checkpoint || !options.crashed()) return {};
    const kind = started.session.dialect.kind;
    await consolePane.print(`fred: ${kind} exited unexpectedly.`);
    await consolePane.ask(`fred: start a new ${kind} on checkpoint ${checkpoint.number} (${checkpoint.image})? (y or n) `);
    consolePane.editor.clear();
    setFocus('console');
    const line = await new Promise<string | undefined>((resolve) => { answer = resolve; });
    answer = undefined;
    return line !== undefined && /^\s*y/i.test(line) ? { recoverFrom: checkpoint.image } : {};
  }

  function onKey(ch: string | undefined, key: blessed.Widgets.Events.IKeyEventArg): void {
    const name = key?.full ?? key?.name ?? '';
    if (name === 'return') return; // blessed reports a carriage return twice: as return, then as enter
    if (answer) {
      if (name === 'enter') answer(consolePane.editor.take());
      else if (name === 'C-c' || name === 'C-d') answer(undefined);
      else if (name === 'backspace') consolePane.editor.backspace();
      else if (ch && !key?.ctrl && !key?.meta) consolePane.editor.insert(ch);
      scheduleRender();
      return;
    }
    if (name === 'C-c') {
      if (flow.running) engine.interrupt();
      else if (programPane.focused) programPane.type('\x03');
      else consolePane.editor.clear();
      scheduleRender();
      return;
    }
    const binding = keyBindings.find((b) => b.key === name);
    if (binding) { flow.submit(binding.command); return; }
    // Tab completes what is typed in the console; on an empty line it moves the keyboard
    if (name === 'tab' && !programPane.focused && consolePane.editor.text.trim() !== '') { completeInConsole(); return; }
    if (name === 'tab' && layout.kind === 'full') { setFocus(programPane.focused ? 'console' : 'program'); return; }
    if (name === 'pageup') { consolePane.scroll(1); return; }
    if (name === 'pagedown') { consolePane.scroll(-1); return; }
    if (programPane.focused) {
      programPane.type(key?.sequence ?? ch ?? '');
      return;
    }
    const editor = consolePane.editor;
    if (name === 'enter') flow.submit(editor.take());
    else if (name === 'backspace') editor.backspace();
    else if (name === 'up') editor.up();
    else if (name === 'down') editor.down();
    else if (name === 'C-u') editor.clear();
    else if (name === 'C-w') editor.deleteWord();
    else if (name === 'left') editor.left();
    else if (name === 'right') editor.right();
    else if (name === 'C-a' || name === 'home') editor.home();
    else if (name === 'C-e' || name === 'end') editor.end();
    else if (name === 'C-k') editor.killToEnd();
    else if (name === 'C-r') editor.reverseSearch();
    else if (name === 'C-g' || name === 'escape') editor.endSearch(false);
    else if (name === 'C-l') screen.realloc();
    else if (name === 'C-d' && editor.text === '') flow.submit('quit');
    else if (ch && !key?.ctrl && !key?.meta) editor.insert(ch);
    scheduleRender();
  }

  let result: TuiResult = {};
  try {
    // the program gets a terminal of its own: gdb hands it over at every run
    if (!dialectOf(dbg.kind).runsInsideProgram) await dbg.execute(`tty ${programPane.terminal.path}`, { silent: true });
    else programPane.shareTerminal(dbg, 'pdb runs the program in its own process, on the debugger\'s terminal: the program\'s output is in the console. Tab: what you type goes to that terminal (for a program reading input); Tab again: back to commands.');
    reflow();
    await consolePane.print(started.banner.trim());
    await consolePane.showPrompt();
    await refreshProgram();
    for (const file of options.commandFiles) for (const line of commandFileLines(file)) flow.submit(line);
    consolePane.atPrompt = true;
    await finished;
    // a command that was running when the debugger died says so in the console first
    await flow.drain();
    result = await askRecovery();
  } finally {
    for (const cleanup of cleanups) cleanup();
    status.stop();
    screen.destroy();
    programPane.dispose();
    consolePane.dispose();
  }
  // blessed leaves the alternate screen on its next flush: say why only once on the normal screen
  await new Promise((resolve) => setImmediate(resolve));
  // quitting() is true after the debugger's death too (the runner ends the session): the death is what counts
  if (debuggerGone && !result.recoverFrom) process.stderr.write(`fred: ${dbg.kind} exited unexpectedly; the session is over\n`);
  if (result.recoverFrom) process.stderr.write(`fred: ${dbg.kind} exited unexpectedly; going on from ${result.recoverFrom}\n`);
  return result;
}
