// Runs the lines the user types (and the function keys, and -x files) one at a time
// through the session engine, so fred's commands work and everything is logged. Lines
// typed while a command runs wait their turn (type-ahead). The console shows a transcript:
// the debugger echoes and answers what passes through; fred's own commands are echoed
// and answered here. Who answers a line, and which parts of its text are fred's, the
// engine says as data (CommandResult): nothing here reads the text to find out.
import { FredEngine } from '../engine/engine';
import { describe, FredError } from '../errors';
import { ConsolePane } from './consolePane';

export interface CommandFlowHooks {
  /** After each command: refresh what the panes show. */
  afterCommand(): Promise<void>;
  /** The session is over (quit, or the debugger exited). */
  quitting(): boolean;
  /** Called once a command ended the session. */
  ended(): void;
}

export class CommandFlow {
  private readonly queue: string[] = [];
  private draining?: Promise<void>;

  constructor(private readonly engine: FredEngine, private readonly console_: ConsolePane, private readonly hooks: CommandFlowHooks) {}

  /** A command is running (Ctrl-C interrupts it). */
  get running(): boolean { return this.draining !== undefined; }

  submit(line: string): void {
    this.queue.push(line);
    void this.drain();
  }

  /** Resolves when every queued line has run (or the session ended). */
  drain(): Promise<void> {
    if (this.draining) return this.draining;
    if (this.queue.length === 0 || this.hooks.quitting()) return Promise.resolve();
    const draining = (async () => {
      try {
        for (let line = this.queue.shift(); line !== undefined && !this.hooks.quitting(); line = this.queue.shift()) await this.runOne(line);
      } finally {
        this.draining = undefined;
      }
    })();
    this.draining = draining;
    return draining;
  }

  private async runOne(line: string): Promise<void> {
    const ownAnswer = this.engine.answeredBy(line) !== 'debugger';
    this.console_.atPrompt = false;
    if (ownAnswer) await this.console_.echo(line);
    // fred wrote into the transcript: the debugger's own prompt must be shown again after it
    let wrote = ownAnswer;
    try {
      const result = await this.engine.run(line);
      // the debugger printed its own answer already; fred's remarks about it it did not
      const remarks = ownAnswer ? result.output : result.notes.join('\n');
      if (remarks.trim()) {
        await this.console_.freshLine();
        await this.console_.print(remarks);
        wrote = true;
      }
    } catch (error) {
      const { line: message } = describe(error);
      await this.console_.freshLine();
      await this.console_.print(error instanceof FredError ? `fred: ${message}` : `fred: ${message}\nfred: the session goes on; fred-info shows its state`);
      wrote = true;
    }
    if (this.hooks.quitting()) {
      this.hooks.ended();
      return;
    }
    await this.hooks.afterCommand().catch(() => undefined);
    // otherwise the debugger's prompt (or question, or continuation ">") is already there
    if (wrote) await this.console_.showPrompt();
    this.console_.atPrompt = this.queue.length === 0;
  }
}
