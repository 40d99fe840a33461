// What happens to each line the user types: fred's own commands are answered here,
// everything else passes through to the debugger (snapshotting first when the policy
// says so) and is logged. Returns the text to show.
import * as fs from 'fs';
import * as path from 'path';
import { FredCommand, fredCommandNames, parseFredCommand } from '../../history/fredCommands';
import { ReverseRequest, reverseContinue, reverseFinish, reverseNext, reverseStep, undo } from '../../history/reverse';
import { reverseWatch } from '../../history/reverseWatch';
import type { TimePoint } from '../../history/timePointEntry';
import { SearchProgress } from '../../history/probing';
import { pdbHelpAnswer } from '../cli/debuggerHelp';
import { debuggerExited, DebuggerExitedError, FredError } from '../errors';
import { helpText } from '../cli/helpText';
import { refusal } from '../gdb/refusedCommands';
import { stopOutsideFredLibrary } from './interruptStop';
import { Session } from './session';
import { programWaitsForTerminal } from './terminalWait';
import { softwareWatchpointNote } from '../gdb/softwareWatchpoints';

export interface UserCheckpoint { number: number; commands: TimePoint; snapshotId: number; image?: string; takenAt: number }

export type QuitReason = 'quit' | 'debugger-exited';

/**
 * What one line did, as data: who answered it, and its text in parts that say who wrote
 * each (the debugger, or fred: its own answer, its remarks on the debugger's), in order.
 */
export interface LineOutcome {
  /** fred answered the line itself; the debugger answered it; or it ended the session. */
  answeredBy: 'fred' | 'debugger' | 'quit';
  parts: Array<{ from: 'fred' | 'debugger'; text: string }>;
}

/** The text of an outcome, as line mode prints it. */
export function outcomeText(outcome: LineOutcome): string {
  return outcome.parts.map((p) => p.text).filter((t) => t).join('\n');
}

const fredAnswer = (text: string): LineOutcome => ({ answeredBy: 'fred', parts: [{ from: 'fred', text }] });
const fredNote = (text: string | undefined) => ({ from: 'fred' as const, text: text ?? '' });

export interface RunnerOptions {
  /** Where fred-checkpoint writes images (they survive the session). */
  imageDir: string;
  programName: string;
  /** Called once when the session ends: the user quit, or the debugger exited by itself. */
  onQuit: (reason: QuitReason) => void;
  /** Progress of a long search (fred-reverse-watch), probe by probe. */
  onProgress?: (progress: SearchProgress) => void;
}

const mib = (bytes: number) => (bytes / 1048576).toFixed(1);

/** A failed image write, in one line the user can act on (the writer's reason, then what to do). */
function checkpointNotTaken(error: unknown, image: string): Error {
  if (!(error instanceof FredError)) return error as Error;
  const reason = error.message.replace(/^snapshot \d+ \(spill\) failed: /, '');
  const full = /No space left|Disk quota/.test(reason) ? '; free some space (or give another --image-dir) and take it again' : '';
  return new FredError('checkpoint-failed', `checkpoint not taken: ${reason.includes(image) ? reason : `${image}: ${reason}`}${full}`);
}

/** How long a held Ctrl-C waits after the command is sent (see passHeldInterrupt). */
const heldInterruptDelayMs = 250;

/** Line mode's lines for a program that reads its terminal while a command runs. */
export interface ProgramInput {
  /** The user's next line, on loan: the user's later lines wait for it (undefined at the end of input). */
  lend(): Promise<string | undefined>;
  /** The lent line was handed to the program (shown in a transcript). */
  fed(line: string): void;
  /** A lent line that came after the command ended: the user's next command. */
  giveBack(line: string): void;
}

export class CommandRunner {
  readonly checkpoints: UserCheckpoint[] = [];
  readonly branches = new Map<string, TimePoint>();
  currentBranch = 'main';
  private lastLine = '';
  private search?: AbortController;

  private ended = false;
  /**
   * Line mode: the next line the user gives, for the program when it waits for its terminal
   * while a command runs (undefined at the end of input). The full-screen interface gives
   * the program a terminal of its own instead.
   */
  programInput?: ProgramInput;
  /** Columns fred's own tables are laid out in (the full-screen console); undefined: no limit. */
  outputWidth?: number;
  /** A user command is running in the debugger; Ctrl-C during it makes its stop an anchor. */
  private commandRunning = false;
  private userInterrupted = false;
  /** fred is preparing the user's command (beforeResume, beforeCommand): a Ctrl-C now waits for the command. */
  private preparing = false;
  private interruptHeld = false;

  constructor(readonly session: Session, private readonly options: RunnerOptions) {
    session.debugger_.onExit(() => this.end('debugger-exited'));
  }

  private end(reason: QuitReason): void {
    if (this.ended) return;
    this.ended = true;
    this.endReason = reason;
    this.options.onQuit(reason);
    this.settleEnded(reason);
  }

  private endReason?: QuitReason;
  /** Why the session ended (undefined while it goes on). */
  get endedBy(): QuitReason | undefined { return this.endReason; }
  /** A line's outcome said that the debugger died (once: a fred-source and the line in it that died both end there). */
  private deathTold = false;
  private settleEnded: (reason: QuitReason) => void = () => undefined;
  /** Settles when the session ends: quit, or the debugger exited (also while idle). */
  readonly whenEnded = new Promise<QuitReason>((resolve) => { this.settleEnded = resolve; });

  /** The image of the most recent checkpoint, to start a new debugger on after a crash. */
  lastCheckpointImage(): { number: number; image: string } | undefined {
    const last = [...this.checkpoints].reverse().find((c) => c.image);
    return last ? { number: last.number, image: last.image! } : undefined;
  }

  /** Ctrl-C: stop a running search or replay (the program goes back where it was), or interrupt the program. */
  interrupt(): void {
    this.search?.abort();
    if (this.session.interruptReplay() || this.search) return;
    // fred's own work before the command (a snapshot): the Ctrl-C is for the command
    if (this.preparing) {
      this.interruptHeld = true;
      return;
    }
    // at the prompt there is nothing to interrupt (a late Ctrl-C must not reach the next command)
    if (!this.commandRunning) return;
    this.userInterrupted = true;
    this.session.debugger_.interrupt();
  }

  /** Passes on a Ctrl-C held while fred prepared the command, once the debugger has had time to read the command (a Ctrl-C before that would hit its prompt). */
  private passHeldInterrupt(): void {
    if (!this.interruptHeld) return;
    this.interruptHeld = false;
    setTimeout(() => { if (this.commandRunning) this.interrupt(); }, heldInterruptDelayMs);
  }

  async handle(input: string): Promise<string> {
    return outcomeText(await this.run(input));
  }

  /** Runs a line as handle does; says who answered it and what each said. */
  async run(input: string): Promise<LineOutcome> {
    const finished = this.session.events.command(input);
    return this.handleLine(input).then((outcome) => { finished(true); return this.tellDeath(outcome); }, (error) => {
      finished(false);
      // the debugger died under whatever fred was doing: that is what the user must hear, not the step that noticed it
      const told = this.endedBy === 'debugger-exited' && !(error instanceof FredError) ? debuggerExited(this.session.dialect.kind, `while fred ran '${input.trim()}'`) : error;
      if (told instanceof DebuggerExitedError) this.deathTold = true;
      throw told;
    });
  }

  /** A line during which the debugger died says so at its end, whoever answered it (front ends rely on it). */
  private tellDeath(outcome: LineOutcome): LineOutcome {
    if (this.endedBy !== 'debugger-exited' || this.deathTold) return outcome;
    this.deathTold = true;
    return { ...outcome, parts: [...outcome.parts, fredNote(`fred: ${this.session.dialect.kind} exited unexpectedly.`)] };
  }

  /** Who will answer INPUT (before it runs): fred itself, the debugger, or nobody (it ends the session). */
  answeredBy(input: string): LineOutcome['answeredBy'] {
    const line = this.repeated(input);
    if (this.pdbHelp(line) !== undefined || parseFredCommand(line)) return 'fred';
    return this.session.dialect.classify(line).kind === 'quit' ? 'quit' : 'debugger';
  }

  /** An empty line repeats a resuming command, as in gdb and pdb: log what really ran. */
  private repeated(input: string): string {
    return input.trim() === '' && this.session.dialect.classify(this.lastLine).resumes ? this.lastLine : input;
  }

  private pdbHelp(line: string): string | undefined {
    return this.session.dialect.learnsFredCommands ? undefined : pdbHelpAnswer(line);
  }

  private async handleLine(input: string): Promise<LineOutcome> {
    const line = this.repeated(input);
    const pdbHelp = this.pdbHelp(line);
    if (pdbHelp) return fredAnswer(pdbHelp);
    const fred = parseFredCommand(line);
    if (fred) return fredAnswer(await this.fredCommand(fred));
    this.lastLine = line;
    return this.passThrough(line);
  }

  private async passThrough(line: string): Promise<LineOutcome> {
    // classified once: this entry enters the history if the command moves the program
    const entry = this.session.entryOf(line);
    if (entry.command.kind === 'quit') {
      this.end('quit');
      return { answeredBy: 'quit', parts: [] };
    }
    const refused = refusal(line, this.session.dialect.kind);
    if (refused) throw new FredError('unsupported', refused);
    const before = [...this.session.timePoint];
    let warning: string | undefined;
    this.preparing = true;
    this.interruptHeld = false;
    try {
      warning = await this.session.beforeResume(entry);
      await this.session.beforeCommand(entry);
    } finally {
      this.preparing = false;
    }
    this.userInterrupted = false;
    this.commandRunning = true;
    let out;
    try {
      const sent = this.session.send(line);
      this.passHeldInterrupt();
      out = await this.whileFeedingTerminal(sent);
    } finally {
      this.commandRunning = false;
    }
    if (out.debuggerExited) {
      this.end('debugger-exited');
      return { answeredBy: 'debugger', parts: [{ from: 'debugger', text: out.text }] };   // run() adds that it died
    }
    if (this.userInterrupted && this.session.debugger_.status().kind === 'stopped') out = { ...out, text: await stopOutsideFredLibrary(this.session.control, out.text) };
    const note = await this.session.record(entry, out.text, { interrupted: this.userInterrupted });
    const diverged = await this.session.afterUserCommand(before, { interrupted: this.userInterrupted });
    const software = fredNote(softwareWatchpointNote(line, out.text));
    return { answeredBy: 'debugger', parts: [fredNote(warning), { from: 'debugger', text: out.text }, software, fredNote(note), fredNote(diverged), fredNote(this.session.logNotice())] };
  }

  /**
   * While a command runs: when the program waits for a line from the terminal it shares
   * with the debugger, hand it the user's next line (as typing in gdb's terminal would).
   */
  private async whileFeedingTerminal<T>(running: Promise<T>): Promise<T> {
    const input = this.programInput;
    const root = this.session.debugger_.pid;
    if (!input || !root) return running;
    let done = false;
    const feeding = (async () => {
      while (!done) {
        await new Promise((r) => setTimeout(r, 50));
        if (done || !programWaitsForTerminal(root)) continue;
        // pdb reads its own commands from the same terminal: the prompt it wrote before that
        // read may still be on its way through the pty (a kernel worker moves it); a read
        // that lasts while the command still has not ended is the program's
        if (!(await this.commandStillRunning(() => done)) || !programWaitsForTerminal(root)) continue;
        const line = await input.lend();
        if (line === undefined) return;
        // typed after the command ended (a Ctrl-C stop in that read): the user's next command, at once
        if (done || !(await this.commandStillRunning(() => done)) || !programWaitsForTerminal(root)) {
          input.giveBack(line);   // the next reader's: the program's next read, or the user's next command
          continue;
        }
        input.fed(line);
        this.session.debugger_.sendInput?.(`${line}\n`);
        // the read takes the line; do not hand over the next one before it did
        for (let i = 0; i < 40 && !done && programWaitsForTerminal(root); i++) await new Promise((r) => setTimeout(r, 25));
      }
    })();
    try {
      return await running;
    } finally {
      // not awaited: a line asked for and not given yet is the user's next command
      done = true;
      void feeding.catch(() => undefined);
    }
  }

  /**
   * A moment later (output already written has reached the driver): the command has not
   * ended and the debugger has not shown its prompt. The moment is long for a terminal
   * (250 ms): on a loaded machine pdb's prompt took more than 30 ms to come through the pty
   * after pdb began to read its next command, and fred gave that read the user's next
   * command as the program's input. Only a program reading its terminal waits for it.
   */
  private async commandStillRunning(ended: () => boolean): Promise<boolean> {
    await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setImmediate(r));
    return !ended() && this.session.debugger_.commandRunning?.() !== false;
  }

  private request(count = 1): ReverseRequest {
    this.search = new AbortController();
    return { history: this.session.timePoint, dialect: this.session.dialect, prober: this.session.prober, count, watches: this.session.watchesNow, options: { signal: this.search.signal, onProgress: (p) => this.session.events.emit({ type: 'search-progress', ...p }) } };
  }

  private async reverse(name: string, plan: () => Promise<{ target: TimePoint; probes: number; message?: string }>): Promise<string> {
    try {
      return await this.session.reverse(name, plan);
    } finally {
      this.search = undefined;
    }
  }

  private async fredCommand(cmd: FredCommand): Promise<string> {
    const s = this.session;
    switch (cmd.kind) {
      case 'undo':
        return this.reverse('fred-undo', async () => ({ target: undo(s.timePoint, cmd.count), probes: 0 }));
      case 'reverse-next':
        await s.countInterruptedStop();
        return this.reverse('fred-reverse-next', () => reverseNext(this.request(cmd.count)));
      case 'reverse-step':
        await s.countInterruptedStop();
        return this.reverse('fred-reverse-step', () => reverseStep(this.request(cmd.count)));
      case 'reverse-finish':
        await s.countInterruptedStop();
        return this.reverse('fred-reverse-finish', () => reverseFinish(this.request(cmd.count)));
      case 'reverse-continue':
        return this.reverse('fred-reverse-continue', () => reverseContinue(this.request(cmd.count)));
      case 'reverse-stepi': case 'reverse-nexti': {
        if (!s.dialect.seesMachineCode) throw new FredError('unsupported', `${cmd.kind} goes back one machine instruction, which pdb has not: rn and rs go back a line`);
        const kind = cmd.kind === 'reverse-stepi' ? 'stepi' : 'nexti';
        return this.reverse(`fred-${cmd.kind}`, async () => ({ target: await s.instructionsBack(kind, cmd.count), probes: 0 }));
      }
      case 'reverse-watch':
        return this.reverseWatchCommand(cmd.expression);
      case 'checkpoint':
        return this.checkpoint();
      case 'restart':
        return this.restart(cmd.checkpoint);
      case 'history':
        return this.historyText();
      case 'list':
        return this.listText();
      case 'branch':
        this.branches.set(this.currentBranch, [...s.timePoint]);
        this.branches.set(cmd.name, [...s.timePoint]);
        this.currentBranch = cmd.name;
        return `branch ${cmd.name} starts here (${s.history.length} commands); fred-switch ${cmd.name} comes back to it`;
      case 'switch': {
        const target = this.branches.get(cmd.name);
        if (!target) throw new FredError('history', `no branch named ${cmd.name}; branches: ${[...this.branches.keys()].join(', ') || 'none'}`);
        this.branches.set(this.currentBranch, [...s.timePoint]);
        this.currentBranch = cmd.name;
        return this.reverse('fred-switch', async () => ({ target, probes: 0 }));
      }
      case 'source':
        return this.source(cmd.file);
      case 'help':
        return helpText(cmd.topic, this.outputWidth);
      case 'info':
        return this.infoText();
      case 'unknown':
        return `fred: unknown command ${cmd.name}\n${helpText(undefined, this.outputWidth)}`;
      case 'invalid':
        throw new FredError('usage', cmd.message);
    }
  }

  /** Bisection through the program's past for the statement that last changed EXPR. */
  private async reverseWatchCommand(expression: string): Promise<string> {
    const s = this.session;
    const started = Date.now();
    const search = (this.search = new AbortController());
    const onProgress = (p: SearchProgress) => { this.options.onProgress?.(p); this.session.events.emit({ type: 'search-progress', ...p }); };
    // the value line comes before the location, which shows the statement it speaks of
    return this.reverse('fred-reverse-watch', async () => {
      const result = await reverseWatch({ history: s.timePoint, dialect: s.dialect, prober: s.prober, expression, options: { signal: search.signal, onProgress } });
      const seconds = ((Date.now() - started) / 1000).toFixed(2);
      // only an exact answer speaks of "the statement below": a narrowed-down one says where the change lies between
      const valueLine = !result.found
        ? `(${result.probes} probes, ${seconds} s)`
        : result.exact
          ? `${expression}: ${result.valueBefore ?? '(not visible here)'} before the statement below, ${result.valueNow} after (${result.probes} probes, ${seconds} s)`
          : `${expression}: ${result.valueBefore ?? '(not visible here)'} here, ${result.valueNow} where you asked; the change lies between these two points, not located exactly (${result.probes} probes, ${seconds} s)`;
      return { target: result.target, probes: result.probes, message: `${result.message}\n${valueLine}` };
    });
  }

  private async checkpoint(): Promise<string> {
    const mark = await this.session.mark(true);
    if (!mark) throw new FredError('checkpoint-failed', 'cannot checkpoint: the program is not running (start it with run)');
    const number = this.checkpoints.length + 1;
    const image = path.join(this.options.imageDir, `fred-${this.options.programName}-${process.pid}-${number}.img`);
    fs.mkdirSync(this.options.imageDir, { recursive: true, mode: 0o700 });
    let spilled;
    try {
      spilled = await this.session.store.spill(mark.snapshotId, image);
    } catch (error) {
      // not a checkpoint after all: fred-info and fred-list must agree (the snapshot stays, as any other)
      mark.pinned = this.checkpoints.some((c) => c.snapshotId === mark.snapshotId);
      throw checkpointNotTaken(error, image);
    }
    this.checkpoints.push({ number, commands: [...mark.point], snapshotId: mark.snapshotId, image: spilled.path, takenAt: Date.now() });
    return `checkpoint ${number} taken (${mib(spilled.bytes)} MiB image: ${spilled.path})`;
  }

  private async restart(number?: number): Promise<string> {
    if (this.checkpoints.length === 0) throw new FredError('history', 'no checkpoints yet: take one with fred-checkpoint');
    const checkpoint = number === undefined ? this.checkpoints[this.checkpoints.length - 1] : this.checkpoints.find((c) => c.number === number);
    if (!checkpoint) throw new FredError('history', `no checkpoint ${number}; fred-list shows checkpoints 1-${this.checkpoints.length}`);
    return this.reverse('fred-restart', async () => ({ target: checkpoint.commands, probes: 0 }));
  }

  private async source(file: string): Promise<string> {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new FredError('usage', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const outputs: string[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim() || line.trim().startsWith('#')) continue;
      outputs.push(await this.handle(line));
    }
    return outputs.join('\n');
  }

  private historyText(): string {
    const s = this.session;
    const point = s.timePoint;
    if (point.length === 0) return 'history is empty (the program has not been started)';
    const marked = new Set(s.marks.map((m) => m.point.length));
    const lines = point.map((entry, i) => `${marked.has(i) ? '*' : ' '} ${String(i + 1).padStart(4)}  ${s.describeCommand(entry, point[i + 1])}`);
    const failed = s.notMoved.map((f) => `  after ${String(f.after).padStart(4)}: ${f.line}`);
    const notes = failed.length ? ['typed, but did not move the program (never replayed):', ...failed] : [];
    return [`history of branch ${this.currentBranch} (* = snapshot before the command):`, ...lines, ...notes].join('\n');
  }

  private listText(): string {
    if (this.checkpoints.length === 0) return 'no checkpoints (fred-checkpoint takes one)';
    const now = Date.now();
    return this.checkpoints
      .map((c) => `${c.number}: after ${c.commands.length} commands, ${((now - c.takenAt) / 1000).toFixed(0)} s ago${c.image ? `, image ${c.image}` : ''}`)
      .join('\n');
  }

  private infoText(): string {
    const s = this.session;
    const now = Date.now();
    const snapshots = s.store.list();
    const lines = [
      `history: ${s.history.length} commands on branch ${this.currentBranch}; branches: ${[...this.branches.keys()].join(', ') || 'main'}`,
      `checkpoints: ${this.checkpoints.length}; snapshots: ${snapshots.length} (${mib(snapshots.reduce((a, x) => a + x.bytes, 0))} MiB at most)`,
      ...snapshots.map((x) => {
        const mark = s.marks.find((m) => m.snapshotId === x.id);
        // only what fred-list lists is a checkpoint; other pinned snapshots (the start of a pdb session) are kept
        const checkpoint = this.checkpoints.find((c) => c.snapshotId === x.id);
        const kept = checkpoint ? `, checkpoint ${checkpoint.number}` : mark?.pinned ? ', kept' : '';
        return `  snapshot ${x.id}: after ${mark?.point.length ?? '?'} commands, ${mib(x.bytes)} MiB, ${((now - x.takenAt) / 1000).toFixed(1)} s old${kept}`;
      }),
      `policy: snapshot every ${s.policy.everyCommands} moving command(s)${s.policy.beforeLongCommands ? ' and before continue/finish/until/advance' : ''}; ` +
        `during replay every ${s.policy.replayBudgetMs} ms; memory budget ${mib(s.policy.memoryBudgetBytes)} MiB; at most ${s.policy.maxSnapshots} snapshots` +
        (s.policy.cheapReplayMs > 0 ? `; no snapshot while replaying back costs under ${s.policy.cheapReplayMs} ms` : ''),
      s.lastReverse
        ? `last reverse command: ${s.lastReverse.command} took ${s.lastReverse.ms} ms, ${s.lastReverse.probes} probes, ${s.lastReverse.replayed} commands replayed`
        : 'no reverse command yet',
    ];
    return lines.join('\n');
  }
}

export { fredCommandNames };
