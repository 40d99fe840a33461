// Line mode: read commands line by line (stdin, after any -x files), print each command's
// complete output before reading the next. On a terminal the user types after a prompt;
// otherwise the transcript shows prompt + command + output, like a recorded session.
// Lines come from lineInput.ts (readline with history and completion on a terminal).
// Commands run through the session engine (engine.ts); what to print, and whether the
// debugger died, come from its typed result: nothing here reads the text it produced.
import * as fs from 'fs';
import { FredEngine } from '../engine/engine';
import { DebuggerExitedError, describe, FredError } from '../errors';
import { LineSource } from './lineInput';
import { LineQueue } from './lineQueue';
import { showSearchProgress } from './progressLine';
import { StartedSession } from '../session/startSession';

export interface LineModeResult {
  /** The debugger died and the user chose to go on from this checkpoint image. */
  recoverFrom?: string;
}

export async function runLineMode(started: StartedSession, commandFiles: string[], quitting: () => boolean, lines: LineSource, crashed: () => boolean): Promise<LineModeResult> {
  const interactive = lines.interactive;
  const engine = FredEngine.over(started);
  const kind = engine.kind;
  /** Whether fred said that the debugger died (a command's result or error, or the wait at the prompt). */
  let deathSaid = false;
  const out = (text: string) => {
    if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  /** The session ended between commands: say why once (a command that failed otherwise left it unsaid), then offer recovery. */
  const ended_ = (): Promise<LineModeResult> | LineModeResult => {
    if (!crashed()) return {};
    if (!deathSaid) out(`fred: ${kind} exited unexpectedly.`);
    return recovery();
  };
  let performing = false;
  const perform = async (line: string) => {
    if (!interactive) process.stdout.write(`${started.prompt}${line}\n`);
    performing = true;
    try {
      const result = await engine.run(line);
      out(result.output);
      // the result's output ends with the note that says so
      if (result.debuggerExited) deathSaid = true;
    } catch (error) {
      const { line: message } = describe(error);
      if (error instanceof DebuggerExitedError) deathSaid = true;
      // after the debugger's death nothing goes on: the one line says why (recovery() asks what next)
      out(error instanceof FredError || quitting() ? `fred: ${message}` : `fred: ${message}\nfred: the session goes on; fred-info shows its state`);
    } finally {
      performing = false;
    }
  };
  // completion asks the debugger, so only while it waits at its prompt
  lines.complete = async (line) => (performing || quitting() ? [] : engine.completions(line));
  // the command loop and, while a command runs, the program reading its terminal (commandRunner.ts)
  const queue = new LineQueue(lines);
  const next = () => queue.next();
  engine.programInput = {
    lend: () => queue.lend(),
    fed: (line) => {
      queue.used();
      if (!interactive) process.stdout.write(`${line}\n`);
    },
    giveBack: (line) => queue.giveBack(line),
  };
  /** After a crash: go on from the latest checkpoint image, if the user wants to. */
  const recovery = async (asked?: Promise<string | undefined>): Promise<LineModeResult> => {
    const checkpoint = engine.lastCheckpointImage();
    if (!checkpoint) {
      out(`fred: no checkpoint image to start a new ${kind} from (fred-checkpoint makes one); the session is over`);
      return {};
    }
    out(`fred: start a new ${kind} on checkpoint ${checkpoint.number} (${checkpoint.image})? (y or n)`);
    const answer = await (asked ?? next());
    if (!interactive && answer !== undefined) process.stdout.write(`${answer}\n`);
    return answer !== undefined && /^\s*y/i.test(answer) ? { recoverFrom: checkpoint.image } : {};
  };
  const ENDED = Symbol('session ended');
  const ended = engine.whenEnded.then((): typeof ENDED => ENDED);
  out(started.banner.trim());
  const stopProgress = showSearchProgress(started.session.events);
  const onSigint = () => engine.interrupt();
  process.on('SIGINT', onSigint);
  // on a terminal readline reads Ctrl-C: while a command runs it interrupts, at the prompt it clears the line
  lines.onInterrupt = () => {
    if (performing) onSigint();
    return performing;
  };
  try {
    for (const file of commandFiles) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new FredError('usage', `cannot read command file ${file}: ${(e as NodeJS.ErrnoException).code}`);
      }
      for (const line of text.split(/\r?\n/)) {
        if (quitting()) return ended_();
        if (line.trim() && !line.trim().startsWith('#')) await perform(line);
      }
    }
    for (;;) {
      if (quitting()) return ended_();
      lines.prompt(started.prompt);
      // the debugger may die while fred waits for a line: say so now, not at the next command
      const asked = next();
      const line = await Promise.race([asked, ended]);
      if (line === ENDED) {
        out(`${interactive ? '\n' : ''}fred: ${kind} exited unexpectedly while waiting for your command.`);
        return crashed() ? recovery(asked) : {};   // the line asked for is the answer
      }
      if (line === undefined) return {};
      await perform(line);
    }
  } finally {
    lines.onInterrupt = undefined;
    lines.complete = undefined;
    process.off('SIGINT', onSigint);
    stopProgress();
  }
}
